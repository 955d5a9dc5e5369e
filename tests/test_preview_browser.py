"""`outcomes preview` as the officer meets it: the command running, the draft saved from an
editor, and the page in Chromium (headless, Debian's) following each save by itself."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_DRAFT, REPO, run

#: How long a save may take to show: a bound on waiting, not a speed that is tested.
PATIENCE_MS = 20_000

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(project: Path) -> Iterator[str]:
    """`outcomes preview commit-som11` running in the project (with its own templates/); its
    address."""
    shutil.copytree(REPO / "templates", project / "templates")
    with previewing(project, "commit-som11") as address:
        yield address


@pytest.fixture
def km_preview(project: Path) -> Iterator[str]:
    """`outcomes preview commit-som11.km` running in the project, the source drafted and
    translated into km (stand-ins "km text N"); its address."""
    from tests.test_editions import translate

    assert run(project, "draft", "commit-som11")[0] == 0
    translate(project, "km")
    with previewing(project, "commit-som11.km") as address:
        yield address


@contextmanager
def previewing(project: Path, name: str) -> Iterator[str]:
    """`outcomes preview NAME` running in the project until the block ends; its address."""
    command = [sys.executable, "-m", "pipeline", "--project", str(project)]
    process = subprocess.Popen(
        [*command, "preview", name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert " at http://127.0.0.1:" in first, first + process.stderr.read()
    try:
        yield first.split(" at ")[1].strip()
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    assert "has stopped; nothing was recorded" in out
    assert process.returncode == 0


def save(project: Path, old: str, new: str, draft: str = EXAMPLE_DRAFT) -> None:
    """Save the draft (or a translation) as editors do: a new file renamed over the old one."""
    path = project / draft
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
    temporary.replace(path)


def test_the_page_follows_each_save_without_a_reload(
    preview: str, browser: object, project: Path
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(preview)
    paragraph = page.locator("#para-indicators")
    problems = page.locator("section.preview-problems")
    expect(paragraph).to_contain_text("The meeting adopted the common ASEAN-COMMIT indicators")

    save(project, "adopted the common", "warmly adopted the common")
    expect(paragraph).to_contain_text("The meeting warmly adopted", timeout=PATIENCE_MS)

    save(project, "  host: Government of Lao PDR", "  host: Government of Lao PDR\n  chiar: X")
    expect(problems).to_contain_text(
        "drafts/commit-som11.yaml:27:3: error: 'chiar' is not a field of the draft format",
        timeout=PATIENCE_MS,
    )
    expect(paragraph).to_contain_text("The meeting warmly adopted")  # the last good page, below

    save(project, "\n  chiar: X", "")
    expect(problems).to_have_count(0, timeout=PATIENCE_MS)
    expect(paragraph).to_contain_text("The meeting warmly adopted")


def test_a_template_saved_shows_on_the_page(preview: str, browser: object, project: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(preview)
    expect(page.locator("#para-indicators")).to_have_count(1)
    fragment = project / "templates" / "fragment.html.j2"
    text = fragment.read_text(encoding="utf-8")
    fragment.write_text('<p class="made-here">A template saved</p>\n' + text, encoding="utf-8")
    expect(page.locator("p.made-here")).to_have_text("A template saved", timeout=PATIENCE_MS)


def test_an_edition_s_page_follows_each_save_of_its_translation(
    km_preview: str, browser: object, project: Path
) -> None:
    from playwright.sync_api import expect

    km = "drafts/commit-som11.km.yaml"
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(km_preview)
    expect(page.locator("html")).to_have_attribute("lang", "km")
    paragraph = page.locator("#para-indicators")
    problems = page.locator("section.preview-problems")
    expect(paragraph).to_contain_text("km text 37")

    save(project, "text: km text 37\n", "text: km words saved\n", km)
    expect(paragraph).to_contain_text("km words saved", timeout=PATIENCE_MS)

    save(project, "headline: km text 2\n", "headline: km text 2\nheadlin: x\n", km)
    expect(problems).to_contain_text(
        f"{km}:14:1: error: 'headlin' is not a field of the draft format; did you mean "
        "'headline'? (headlin)",
        timeout=PATIENCE_MS,
    )
    expect(paragraph).to_contain_text("km words saved")  # the last good page, below

    save(project, "headlin: x\n", "", km)
    expect(problems).to_have_count(0, timeout=PATIENCE_MS)
    expect(paragraph).to_contain_text("km words saved")


def test_the_preview_s_words_read_left_to_right_on_a_right_to_left_edition(
    browser: object, project: Path
) -> None:
    from playwright.sync_api import expect

    from tests.test_editions import translate

    assert run(project, "draft", "commit-som11")[0] == 0
    translate(project, "ar")
    ar = "drafts/commit-som11.ar.yaml"
    with previewing(project, "commit-som11.ar") as address:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(address)
        save(project, "headline: ar text 2\n", "headline: ar text 2\nheadlin: x\n", ar)
        problems = page.locator("section.preview-problems")
        expect(problems).to_contain_text(f"{ar}:14:1: error: ", timeout=PATIENCE_MS)
        for chrome in (page.locator("div.preview-bar"), problems):
            style = chrome.evaluate(
                "e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]"
            )
            assert style == ["ltr", "left"]


def test_another_edition_reached_from_the_preview_follows_saves_too(
    browser: object, project: Path
) -> None:
    from playwright.sync_api import expect

    from tests.test_editions import translate

    assert run(project, "draft", "commit-som11")[0] == 0
    translate(project, "km")
    with previewing(project, "commit-som11") as address:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(address + "commit-som11/km/index.html")  # where the switcher links km
        paragraph = page.locator("#para-indicators")
        expect(paragraph).to_contain_text("km text 37")
        save(project, "text: km text 37\n", "text: km words saved\n", "drafts/commit-som11.km.yaml")
        expect(paragraph).to_contain_text("km words saved", timeout=PATIENCE_MS)
