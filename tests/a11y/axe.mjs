// Runs axe-core over HTML files in one headless Chromium, on a phone's width and a desktop's,
// and prints, as JSON, each file's violations of WCAG 2.2 A and AA and of axe's best practices
// (landmarks, heading order): {"<file>": [{"width", "id", "impact", "help", "nodes": [...]}]}.
// Usage: node axe.mjs FILE...   (CHROMIUM names the browser; default /usr/bin/chromium)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const WIDTHS = [390, 1280]; // the pages are laid out for phones first, then widened

const profile = mkdtempSync(join(tmpdir(), "outcomes-axe-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  userDataDir: profile,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const report = {};
try {
  const page = await browser.newPage();
  for (const file of process.argv.slice(2)) {
    report[file] = [];
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 900 });
      await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
      await page.evaluate(axeSource);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
        TAGS,
      );
      for (const v of result.violations) {
        const nodes = v.nodes.map((n) => n.target.join(" "));
        report[file].push({ width, id: v.id, impact: v.impact, help: v.help, nodes });
      }
    }
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
