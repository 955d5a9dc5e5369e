"""Benchmarks of outcomes against a reference measured in the same run, as ratios.

    python bench/run.py [--runs N]
        [--only startup|validate|draft|publish|language|archive|preview|publish-all]

Each pair (ours, reference) runs alternately, so drift on a shared machine hits both alike;
the table gives medians and the ratio of the medians. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import EXAMPLE, REPO, as_markdown, large_draft

BIN = Path(sys.executable).parent
TEMPLATES = (REPO / "templates").as_uri() + "/"
ENGINE = (
    "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1], base_url=sys.argv[2])"
    ".write_pdf(sys.argv[3], pdf_variant='pdf/a-3b', pdf_tags=True)"
)
#: Times `segment` on a file's text: the first call (ICU loaded), then the median of N more.
SEGMENT = """
import statistics, sys, time
from pathlib import Path
text = Path(sys.argv[1]).read_text("utf-8")
start = time.perf_counter()
from pipeline.languages import segment
segment(text)
first = time.perf_counter() - start
again = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    segment(text)
    again.append(time.perf_counter() - start)
print(first, statistics.median(again))
"""


def paired(ours: Callable[[], object], reference: Callable[[], object], runs: int) -> tuple:
    """Median seconds of `ours` and `reference`, run alternately after one warm-up each."""
    ours(), reference()
    a, b = [], []
    for _ in range(runs):
        for function, times in ((ours, a), (reference, b)):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def row(task: str, reference: str, times: tuple[float, float], target: float | None = None) -> None:
    """One line of a table; with a `target`, the ratio it must not exceed and whether it does."""
    ours, theirs = times
    line = (
        f"| {task} | {ours * 1000:.1f} | {reference} | {theirs * 1000:.1f} | {ours / theirs:.2f} |"
    )
    if target is not None:
        line += f" ≤ {target:.2f} | {'yes' if ours / theirs <= target else 'NO'} |"
    print(line)


def row_without_target(task: str, reference: str, times: tuple[float, float]) -> None:
    """A line of a table with target columns, for an input the issue sets none for."""
    ours, theirs = times
    print(
        f"| {task} | {ours * 1000:.1f} | {reference} | {theirs * 1000:.1f} | "
        f"{ours / theirs:.2f} | (none) | |"
    )


#: The issue's targets, as ratios to the reference, for the 400-paragraph draft.
DRAFT_TARGET = 1.0
PUBLISH_TARGET = 1.10


def inputs(folder: Path) -> dict[str, Path]:
    """The example and a generated 400-paragraph draft, each in a project of its own."""
    found = {}
    for name, text in (("example", EXAMPLE.read_text("utf-8")), ("400 paragraphs", None)):
        project = folder / name.replace(" ", "-")
        (project / "drafts").mkdir(parents=True)
        shutil.copy(REPO / "pyproject.toml", project)
        draft_id = "commit-som11" if text else "som-large"
        path = project / "drafts" / f"{draft_id}.yaml"
        path.write_text(text or large_draft(draft_id), "utf-8")
        found[name] = path
    return found


def bench_validate(drafts: dict[str, Path], runs: int) -> None:
    from pipeline import inline
    from pipeline.loading import load_draft

    print("\n`validate` (in process) against a bare YAML load of the same file (PyYAML C loader)")
    print("| input | ours ms | reference | ref ms | ratio |\n|---|---|---|---|---|")
    for name, path in drafts.items():

        def bare(path: Path = path) -> object:
            return yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        def ours(path: Path = path) -> object:
            # A command reads a draft once per process: nothing parsed by an earlier run counts.
            inline.parse_inline.cache_clear()
            inline._tokens.cache_clear()
            return load_draft(path)

        row(name, "yaml.load", paired(ours, bare, runs))


def change(path: Path) -> None:
    """Append a comment line, so that the draft differs from every recorded version."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"# changed at {time.perf_counter_ns()}\n")


def run_command(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def bench_draft(drafts: dict[str, Path], runs: int, scratch: Path) -> None:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    print("\n`outcomes draft` (whole process, commit included) against pandoc Markdown -> docx")
    print("| input | ours ms | reference | ref ms | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for name, path in drafts.items():
        project = path.parent.parent
        markdown = scratch / f"{path.stem}.md"
        markdown.write_text(as_markdown(path.read_text("utf-8")), "utf-8")

        def ours(path: Path = path, project: Path = project) -> None:
            change(path)  # a changed draft each time, so every run records a new version
            run_command(str(BIN / "outcomes"), "draft", str(path), cwd=project)

        def reference(markdown: Path = markdown) -> None:
            run_command(pandoc, str(markdown), "-o", str(markdown.with_suffix(".docx")))

        times = paired(ours, reference, runs)
        if name == "400 paragraphs":
            row(name, "pandoc", times, DRAFT_TARGET)
        else:
            row_without_target(name, "pandoc", times)


def bench_publish(drafts: dict[str, Path], runs: int, scratch: Path) -> None:
    print("\n`outcomes publish` (whole process, commit included) against WeasyPrint alone, in a")
    print("fresh process, rendering the same print HTML with the same options (PDF/A-3b, tagged)")
    print("| input | ours ms | reference | ref ms | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for name, path in drafts.items():
        project = path.parent.parent
        html = scratch / f"{path.stem}.print.html"
        html.write_text(print_html(path), "utf-8")

        def ours(path: Path = path, project: Path = project) -> None:
            change(path)
            run_command(str(BIN / "outcomes"), "publish", str(path), cwd=project)

        def reference(html: Path = html) -> None:
            out = str(scratch / "reference.pdf")
            run_command(sys.executable, "-c", ENGINE, str(html), TEMPLATES, out)

        times = paired(ours, reference, runs)
        if name == "400 paragraphs":
            row(name, "weasyprint", times, PUBLISH_TARGET)
        else:
            row_without_target(name, "weasyprint", times)


def print_html(path: Path) -> str:
    """The HTML that `publish` hands WeasyPrint for the PDF of this draft."""
    from pipeline.context import Version, build_document
    from pipeline.history import moment
    from pipeline.loading import load_draft
    from pipeline.render.html import render_print
    from pipeline.settings import load_settings

    version = Version("published", 1, moment())
    document = build_document(load_draft(path).outcome, version, load_settings(REPO))
    return render_print(document, REPO / "templates")


def khmer_edition(english: Path, folder: Path) -> Path:
    """The example as a Khmer edition: its structure, each text replaced by Khmer test text
    (the UDHR's preamble, tests/data/scripts/udhr-km.yaml) cut to the English text's length."""
    clauses = yaml.safe_load((REPO / "tests/data/scripts/udhr-km.yaml").read_text("utf-8"))
    khmer = " ".join(p["text"] for p in clauses["sections"][0]["paragraphs"])
    data = yaml.safe_load(english.read_text("utf-8"))
    data["language"] = "km"
    for section in data["sections"]:
        for paragraph in section["paragraphs"]:
            paragraph["text"] = khmer[: len(paragraph["text"])].strip()
            paragraph["items"] = [khmer[: len(item)].strip() for item in paragraph.get("items", [])]
    (folder / "drafts").mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", folder)
    path = folder / "drafts" / english.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def bench_language(drafts: dict[str, Path], runs: int, scratch: Path) -> None:
    """Publishing the Khmer edition of the example against its English one, and the share of
    the Khmer publish that finding its words (segmentation) takes."""
    english = drafts["example"]
    khmer = khmer_edition(english, scratch / "khmer")
    print("\n`outcomes publish` of a Khmer edition of the example against the English example")
    print("| input | ours ms | reference | ref ms | ratio |\n|---|---|---|---|---|")

    def publish(path: Path) -> Callable[[], None]:
        def run() -> None:
            change(path)
            run_command(str(BIN / "outcomes"), "publish", str(path), cwd=path.parent.parent)

        return run

    khmer_time, english_time = paired(publish(khmer), publish(english), runs)
    row("example, km", "example, en", (khmer_time, english_time))
    body = scratch / "khmer-body.html"
    body.write_text(print_html(khmer).split("<body>", 1)[1], "utf-8")
    # In a fresh process, as publish meets it: ICU imported and its dictionaries loaded.
    timed = subprocess.run(
        [sys.executable, "-c", SEGMENT, str(body), str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    first, again = map(float, timed.stdout.split())
    share = first / khmer_time
    print(
        f"segmentation of the Khmer print edition: {first * 1000:.1f} ms in a fresh process "
        f"(ICU loaded), {again * 1000:.1f} ms again; {share:.1%} of its publish "
        f"(target at most 10 %: {'met' if share <= 0.10 else 'NOT met'})"
    )


def bench_archive(runs: int, scratch: Path) -> None:
    """The archive and the feed rebuilt over 500 published outcomes."""
    import json

    from pipeline.context import Version, build_document
    from pipeline.history import moment
    from pipeline.loading import load_draft
    from pipeline.render.data import archive_entries, outcome_json, render_archive, render_feed
    from pipeline.settings import load_settings

    settings = load_settings(REPO)
    outcome = load_draft(EXAMPLE).outcome
    published = scratch / "published"
    for number in range(500):
        draft_id = f"som-{number:03d}"
        document = build_document(
            replace(outcome, id=draft_id), Version("published", 1, moment()), settings
        )
        folder = published / draft_id
        folder.mkdir(parents=True)
        (folder / f"{draft_id}.json").write_bytes(outcome_json(document, None))
    files = sorted(published.glob("*/*.json"))

    def ours() -> None:
        entries = archive_entries(published)
        render_archive(entries, settings, REPO / "templates")
        render_feed(entries, settings, REPO / "templates")

    def reference() -> None:
        for file in files:
            json.loads(file.read_bytes())

    print("\nArchive and feed over 500 published outcomes (in process) against reading their JSON")
    print("| input | ours ms | reference | ref ms | ratio |\n|---|---|---|---|---|")
    row("500 outcomes", "json.loads", paired(ours, reference, runs))


def bench_publish_among(runs: int, scratch: Path) -> None:
    """`outcomes publish` in a project holding 500 other published outcomes, against the same
    in a project holding none: the archive and feed are rebuilt from the history each time."""
    projects = {}
    for name, others in (("alone", 0), ("among 500", 500)):
        project = scratch / f"publish-{name.replace(' ', '-')}"
        (project / "drafts").mkdir(parents=True)
        shutil.copy(REPO / "pyproject.toml", project)
        draft = project / "drafts" / "commit-som11.yaml"
        shutil.copy(EXAMPLE, draft)
        run_command("git", "init", "-q", cwd=project)
        run_command(str(BIN / "outcomes"), "publish", str(draft), cwd=project)
        recorded = (project / "published/commit-som11/commit-som11.json").read_text("utf-8")
        for number in range(others):
            other = f"som-{number:03d}"
            path = project / "published" / other / f"{other}.json"
            path.parent.mkdir(parents=True)
            path.write_text(recorded.replace("commit-som11", other), "utf-8")
        run_command("git", "add", "-A", "published", cwd=project)
        identity = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
        run_command("git", *identity, "commit", "-q", "--allow-empty", "-m", "others", cwd=project)
        projects[name] = draft

    def publish(draft: Path) -> None:
        change(draft)
        run_command(str(BIN / "outcomes"), "publish", str(draft), cwd=draft.parent.parent)

    print("\n`outcomes publish` among 500 published outcomes against the same alone (whole")
    print("process): the cost of the archive and feed as the site grows")
    print("| input | ours ms | reference | ref ms | ratio |\n|---|---|---|---|---|")
    times = paired(lambda: publish(projects["among 500"]), lambda: publish(projects["alone"]), runs)
    row("example among 500", "example alone", times)


#: `publish --all` over this many published outcomes, with 2 jobs against 1.
REPUBLISHED = 200
JOBS_TARGET = 1.7


def bench_publish_all(runs: int, scratch: Path, outcomes: int = REPUBLISHED) -> None:
    """`outcomes publish --all` after a template change, with 2 jobs against 1 job: the
    speed-up of rendering the outcomes in two processes on a two-core machine."""
    project = _published_outcomes(scratch / "publish-all", outcomes)
    style = project / "templates" / "style.css"

    def republish(jobs: int) -> Callable[[], None]:
        def run() -> None:
            with style.open("a", encoding="utf-8") as handle:  # a template changed each time
                handle.write(f"/* changed at {time.perf_counter_ns()} */\n")
            run_command(str(BIN / "outcomes"), "publish", "--all", "--jobs", str(jobs), cwd=project)

        return run

    # Alternately, with no warm-up: each run is minutes long, and starts its processes afresh.
    times: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(runs):
        for jobs in (1, 2):
            start = time.perf_counter()
            republish(jobs)()
            times[jobs].append(time.perf_counter() - start)
    one, two = statistics.median(times[1]), statistics.median(times[2])
    speedup = one / two
    print(
        f"\n`outcomes publish --all` of {outcomes} outcomes after a template change (whole process)"
    )
    print("| jobs | ms | reference | ref ms | speed-up | target | met |")
    print("|---|---|---|---|---|---|---|")
    met = "yes" if speedup >= JOBS_TARGET else "NO"
    print(
        f"| --jobs 2 | {two * 1000:.0f} | --jobs 1 | {one * 1000:.0f} | {speedup:.2f}× | "
        f"≥ {JOBS_TARGET}× | {met} |"
    )
    for jobs, seconds in times.items():
        print(f"each run, --jobs {jobs}: " + ", ".join(f"{s:.1f} s" for s in seconds))
    print(f"two processes of plain arithmetic against one, in this run: {_two_cores():.2f}×")


#: Plain Python arithmetic, as a process: the most two cores can give two processes.
BURN = "sum(i * i for i in range(20_000_000))"


def _two_cores() -> float:
    """The speed-up of two processes of `BURN` run together over the same two one after the
    other: the ceiling for `--jobs 2` on this machine, as it is loaded now."""
    burn = [sys.executable, "-c", BURN]

    def together() -> None:
        running = [subprocess.Popen(burn) for _ in range(2)]
        for process in running:
            process.wait()

    def apart() -> None:
        run_command(*burn)
        run_command(*burn)

    sequential, parallel = paired(apart, together, 3)
    return sequential / parallel


def _published_outcomes(project: Path, count: int) -> Path:
    """A project with its own templates and `count` copies of the example, each published."""
    from pipeline.commands.publish import publish
    from pipeline.workspace import Workspace

    (project / "drafts").mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", project)
    shutil.copytree(REPO / "templates", project / "templates")
    run_command("git", "init", "-q", "-b", "main", cwd=project)
    run_command("git", "config", "user.name", "Bench", cwd=project)
    run_command("git", "config", "user.email", "bench@example.org", cwd=project)
    example = EXAMPLE.read_text("utf-8")
    ws = Workspace(project)
    for number in range(count):
        draft = project / "drafts" / f"som-{number:03d}.yaml"
        draft.write_text(example.replace("\nid: commit-som11\n", f"\nid: {draft.stem}\n"), "utf-8")
        publish(ws, draft, offline=True)
    return project


def bench_startup(drafts: dict[str, Path], runs: int) -> None:
    """A command's start as an officer meets it: a whole process, against a bare Python that
    imports only the command-line and YAML libraries."""
    example = drafts["example"]
    bare = [sys.executable, "-c", "import click, yaml"]
    commands = {
        "`outcomes --help`": ([str(BIN / "outcomes"), "--help"], 2.0),
        "`outcomes validate` (example)": ([str(BIN / "outcomes"), "validate", str(example)], 3.0),
    }
    print('\nStart-up (whole processes) against `python -c "import click, yaml"`')
    print("| command | ours ms | reference | ref ms | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for task, (command, target) in commands.items():
        ours, theirs = paired(lambda c=command: run_command(*c), lambda: run_command(*bare), runs)
        met = "yes" if ours / theirs <= target else "NO"
        print(
            f"| {task} | {ours * 1000:.1f} | bare import | {theirs * 1000:.1f} | "
            f"{ours / theirs:.2f} | ≤ {target:.1f} | {met} |"
        )


#: The issue's targets: from the draft's write to its new page served, in milliseconds.
PREVIEW_TARGETS = {"example": 150, "400 paragraphs": 400}


def bench_preview(drafts: dict[str, Path], runs: int) -> None:
    """`outcomes preview`: from the draft's write to the new page served, through the watcher,
    the rendering and the event that tells the browser to reload, then the page's request."""
    print("\n`outcomes preview` (in process, warm): the draft written -> the reload event -> the")
    print("new page served")
    print("| input | median ms | slowest ms | target | met |\n|---|---|---|---|---|")
    for name, path in drafts.items():
        times = _preview_times(path, runs)
        median, target = statistics.median(times) * 1000, PREVIEW_TARGETS[name]
        met = "yes" if median <= target else "NO"
        print(f"| {name} | {median:.1f} | {max(times) * 1000:.1f} | ≤ {target} ms | {met} |")


def _preview_times(path: Path, runs: int) -> list[float]:
    import http.client
    import socket
    import threading

    from pipeline.preview.pages import Pages
    from pipeline.preview.server import PreviewServer, watch
    from pipeline.workspace import Workspace

    ws = Workspace(path.parent.parent)
    pages = Pages(ws, path)
    pages.refresh()
    server = PreviewServer(pages, "127.0.0.1", 0)
    port = server.server_address[1]
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, daemon=True),
        threading.Thread(target=watch, args=(server.live, stop, lambda _: None), daemon=True),
    ]
    for thread in threads:
        thread.start()
    events = socket.create_connection(("127.0.0.1", port), timeout=30)
    events.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    stream = events.makefile("rb")
    _next_event(stream)
    time.sleep(0.5)  # the watcher is watching
    times = []
    try:
        for run in range(runs + 1):
            marker = f"warmly{run}x"
            text = path.read_text("utf-8").replace("\ntitle: ", f"\ntitle: {marker} ", 1)
            start = time.perf_counter()
            path.write_text(text, "utf-8")
            _next_event(stream)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/")
            page = connection.getresponse().read()
            connection.close()
            assert marker.encode() in page, "the page served is not the new one"
            times.append(time.perf_counter() - start)
            time.sleep(0.2)  # a pause between saves, as an officer's
    finally:
        stop.set()
        events.close()
        server.close()
    return times[1:]  # the first save pays for imports a running preview has made already


def _next_event(stream: object) -> str:
    for line in iter(stream.readline, b""):  # type: ignore[attr-defined]
        if line.startswith(b"data: "):
            return line[6:].decode().strip()
    raise RuntimeError("the preview's event stream ended")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only",
        choices=[
            "startup",
            "validate",
            "draft",
            "publish",
            "language",
            "archive",
            "preview",
            "publish-all",
        ],
    )
    parser.add_argument(
        "--outcomes",
        type=int,
        default=REPUBLISHED,
        help="How many outcomes publish --all republishes.",
    )
    options = parser.parse_args()
    # As installed: pip compiles a package's bytecode, a checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module of outcomes in every process.
    compileall.compile_dir(REPO / "pipeline", quiet=1)
    with tempfile.TemporaryDirectory(prefix="outcomes-bench-") as folder:
        scratch = Path(folder)
        drafts = inputs(scratch)
        if options.only in (None, "startup"):
            bench_startup(drafts, options.runs * 2)
        if options.only in (None, "validate"):
            bench_validate(drafts, options.runs * 4)
        if options.only in (None, "draft"):
            bench_draft(drafts, options.runs, scratch)
        if options.only in (None, "publish"):
            bench_publish(drafts, options.runs, scratch)
        if options.only in (None, "language"):
            bench_language(drafts, options.runs, scratch)
        if options.only in (None, "archive"):
            bench_archive(options.runs, scratch)
            bench_publish_among(options.runs, scratch)
        if options.only in (None, "preview"):
            bench_preview(drafts, options.runs * 4)
        if options.only in (None, "publish-all"):
            bench_publish_all(max(1, options.runs // 2), scratch, options.outcomes)


if __name__ == "__main__":
    main()
