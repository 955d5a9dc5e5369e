"""Every file the project writes passes the checker its readers' software applies: the Word
files Microsoft 365's rules (openxml-audit), the web pages WCAG 2.2 AA (axe-core in Chromium)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.context import Version, build_document
from pipeline.loading import load_draft
from pipeline.render.data import entries_of, render_archive, with_edition
from pipeline.render.docx import render_review_copy
from pipeline.render.html import Languages, render_page
from pipeline.settings import load_settings
from tests.conftest import CHROMIUM, REPO, TEMPLATES
from tests.helpers import EXAMPLE_DRAFT, run
from tests.returned import Markup

ID = "commit-som11"
AXE = REPO / "tests" / "a11y"
#: A CMS page as the web team's site would hold the fragment: its language, title and <main>.
CMS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Outcome · COMMIT</title></head>
<body><main>{}</main></body></html>
"""


@pytest.fixture(scope="module")
def outputs(five_versions: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project whose outputs are all there: draft-1 to draft-4 and published-1 (see
    tests/history_example.py), the redline of draft-1 -> draft-4 as Word file and page, and the
    compilation of one delegation's copy of draft-4 with a comment and changes in it, and a
    review copy protected with --protect."""
    root = Path(shutil.copytree(five_versions, tmp_path_factory.mktemp("outputs") / "project"))
    redline = root / "redline.docx"
    diff = ("diff", ID, "draft-1", "draft-4", "--docx", str(redline))
    status, _, err = run(root, *diff, "--html", str(redline.with_suffix(".html")))
    assert status == 0, err
    returned = Markup((root / f"drafts/{ID}/{ID}-review.docx").read_bytes())
    indicators, localization = returned.paragraph("indicators"), returned.paragraph("localization")
    returned.comment(indicators, "The meeting adopted", "Merge with the next one?", "Sokha Chea")
    returned.insert(indicators, "adopted", " jointly", "Sokha Chea")
    returned.delete(localization, " and operationalize", "Sokha Chea")
    status, _, err = run(root, "review", ID, str(returned.save(root / "Cambodia.docx")))
    assert status == 0, err
    protected_copy(root / "protected.docx")
    persian_copy(root / "fa.docx")
    preview_pages(root, tmp_path_factory.mktemp("preview"))
    script_editions(root)
    yield root


def protected_copy(out: Path) -> None:
    version = Version("draft", 3, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))
    outcome = load_draft(REPO / EXAMPLE_DRAFT).outcome
    document = build_document(outcome, version, load_settings(REPO))
    render_review_copy(document, TEMPLATES / "review.docx", out, protect=True)


def persian_copy(out: Path) -> None:
    """A right-to-left copy in a language without a catalog: its footer set left to right."""
    version = Version("draft", 3, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))
    outcome = replace(load_draft(REPO / EXAMPLE_DRAFT).outcome, language="fa")
    document = build_document(outcome, version, load_settings(REPO))
    render_review_copy(document, TEMPLATES / "review.docx", out)


def script_editions(root: Path) -> None:
    """The Arabic and Khmer test drafts' review copies and pages (tests/data/scripts), the
    pages as language editions of an English source, with their language switcher; and the
    archive listing these editions under the example."""
    version = Version("published", 1, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))
    languages = Languages("en", ("ar", "km"))
    for language in ("ar", "km"):
        outcome = load_draft(REPO / f"tests/data/scripts/udhr-{language}.yaml").outcome
        document = build_document(outcome, version, load_settings(REPO))
        render_review_copy(document, TEMPLATES / "review.docx", root / f"udhr-{language}.docx")
        page = render_page(document, TEMPLATES, languages=languages)
        (root / f"udhr-{language}.html").write_text(page, "utf-8")
    source = (root / f"published/{ID}/{ID}.json").read_bytes()
    record = json.loads(source)["versions"][0]
    for language in ("ar", "km"):
        edition = {"language": language, "version": 1, "urls": {}, "versions": [record]}
        source = with_edition(source, json.dumps(edition).encode())
    archive = render_archive(entries_of({ID: source}), load_settings(root), TEMPLATES)
    (root / "archive-editions.html").write_text(archive, "utf-8")


def preview_pages(root: Path, scratch: Path) -> None:
    """The preview's page of the example with an unagreed passage, and with a save's problem
    over it (as served; its script, finding no server, shows that it cannot reach one)."""
    import markupsafe

    from pipeline.preview.chrome import not_published, published_bar
    from pipeline.preview.pages import Pages, inject
    from pipeline.workspace import Workspace

    (scratch / "drafts").mkdir()
    draft = scratch / EXAMPLE_DRAFT
    text = (REPO / EXAMPLE_DRAFT).read_text(encoding="utf-8")
    draft.write_text(text.replace("adopted the common", "adopted the [common]", 1))
    pages = Pages(Workspace(scratch), draft)
    pages.refresh()
    (root / "preview.html").write_bytes(pages.shown.html)
    draft.write_text(text.replace("  host: ", "  chiar: X\n  host: ", 1))
    pages.refresh()
    (root / "preview-problems.html").write_bytes(pages.shown.html)
    missing = not_published(f"/{ID}/v9/index.html", EXAMPLE_DRAFT)
    (root / "preview-not-published.html").write_text(missing, "utf-8")
    archive = (root / "published/index.html").read_text("utf-8")
    bar = published_bar("published/index.html")
    no_script = markupsafe.Markup("")  # published/ serves no reload script
    (root / "preview-published.html").write_text(inject(archive, bar, no_script), "utf-8")


WORD_FILES = {
    "review copy": f"drafts/{ID}/{ID}-review.docx",
    "protected review copy": "protected.docx",
    "Word redline": "redline.docx",
    "compilation": f"drafts/{ID}/reviews/{ID}-compilation-draft-4.docx",
    "Arabic review copy": "udhr-ar.docx",
    "Khmer review copy": "udhr-km.docx",
    "Persian review copy, its labels English": "fa.docx",
}


@pytest.mark.parametrize("name", WORD_FILES)
def test_every_word_file_passes_microsoft_365s_rules(outputs: Path, name: str) -> None:
    from openxml_audit import FileFormat, OpenXmlValidator

    validator = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)
    result = validator.validate(str(outputs / WORD_FILES[name]))
    assert [(e.part_uri, e.description) for e in result.errors] == []


PAGES = {
    "page": f"published/{ID}/index.html",
    "fragment in a CMS page": "cms-page.html",
    "archive": "published/index.html",
    "redline": "redline.html",
    "compilation": f"drafts/{ID}/reviews/{ID}-compilation-draft-4.html",
    "preview": "preview.html",
    "preview with a problem": "preview-problems.html",
    "preview of what is not published yet": "preview-not-published.html",
    "a published page reached from the preview": "preview-published.html",
    "Arabic page": "udhr-ar.html",
    "Khmer page": "udhr-km.html",
    "archive with editions": "archive-editions.html",
}


@pytest.fixture(scope="module")
def axe_report(outputs: Path) -> dict[str, list[dict]]:
    """What axe-core finds on every page, on a phone and a desktop, in one Chromium (axe.mjs)."""
    if not CHROMIUM.exists() or not (AXE / "node_modules" / "axe-core").is_dir():
        pytest.skip("needs Chromium and axe-core (make setup installs them)")
    fragment = (outputs / f"published/{ID}/fragment.html").read_text(encoding="utf-8")
    (outputs / "cms-page.html").write_text(CMS_PAGE.format(fragment), encoding="utf-8")
    done = subprocess.run(
        ["node", str(AXE / "axe.mjs"), *PAGES.values()],
        cwd=outputs,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_wcag_2_2_aa(axe_report: dict[str, list[dict]], name: str) -> None:
    assert axe_report[PAGES[name]] == [], json.dumps(axe_report[PAGES[name]])


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", ["Arabic page", "Khmer page"])
def test_the_language_switcher_lines_up_with_the_column_below(
    outputs: Path, browser: object, name: str, width: int
) -> None:
    """The first language named starts where the lines of the page start: on the right in a
    right-to-left edition, on the left otherwise, at a phone's width and a desktop's."""
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto((outputs / PAGES[name]).as_uri())
    start = "e => getComputedStyle(e).direction === 'rtl' ? e.getBoundingClientRect().right"
    start += " : e.getBoundingClientRect().left"
    first_language = page.locator("nav.languages li").first.evaluate(start)
    column = page.locator(".outcome-header h1").evaluate(start)
    page.close()
    assert abs(first_language - column) < 1
