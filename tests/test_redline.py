"""The redline of `outcomes diff --docx/--html`: Word's own tracked changes, right both ways."""

from __future__ import annotations

import copy
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from pipeline.history import History
from tests import example_text as example
from tests.helpers import edit, example_project, libreoffice_convert, pdftotext
from tests.history_example import DRAFT, ROTATING_CHAIR_ACTION, build_edited_drafts, run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def redline(five_versions: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """draft-1 -> draft-4: a word changed, a paragraph added, one moved and one removed."""
    out = tmp_path_factory.mktemp("redline") / "redline.docx"
    status, _, err = run(
        five_versions, "diff", "commit-som11", "draft-1", "draft-4", "--docx", str(out)
    )
    assert status == 0, err
    return out


def body(path: Path) -> etree._Element:
    return part(path, "word/document.xml").find(f"{W}body")


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def marked(paragraph: etree._Element, kind: str) -> bool:
    return paragraph.find(f"{W}pPr/{W}rPr/{W}{kind}") is not None


def settle(tree: etree._Element, *, accept: bool) -> etree._Element:
    """Every tracked change accepted (or rejected), as Word does it, on a copy of the body."""
    tree = copy.deepcopy(tree)
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    for paragraph in [p for p in tree.iter(f"{W}p") if marked(p, drop)]:
        paragraph.getparent().remove(paragraph)
    for row in [r for r in tree.iter(f"{W}tr") if r.find(f"{W}trPr/{W}{drop}") is not None]:
        row.getparent().remove(row)
    for element in list(tree.iter(f"{W}{drop}")):
        element.getparent().remove(element)
    for element in list(tree.iter(f"{W}{keep}")):
        parent = element.getparent()
        if parent.tag in (f"{W}rPr", f"{W}trPr"):
            parent.remove(element)
            continue
        index = parent.index(element)
        for child in reversed(list(element)):
            parent.insert(index, child)
        parent.remove(element)
    for deleted_text in tree.iter(f"{W}delText"):
        deleted_text.tag = f"{W}t"
    return tree


def numbered_texts(tree: etree._Element) -> list[tuple[str, str]]:
    """(style, text) of every outcome paragraph and sub-item, in order."""
    texts = []
    for paragraph in tree.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        name = style.get(f"{W}val") if style is not None else ""
        if name in ("OutcomeParagraph", "OutcomeSubitem"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
            texts.append((name, re.sub(r"\s+", " ", text).strip()))
    return texts


def numbered(*texts: str) -> list[tuple[str, str]]:
    """(style, text) of outcome paragraphs: each sub-item of the example's paragraph 5 as such."""
    items = example.ROTATING_CHAIR_ITEMS
    return [("OutcomeSubitem" if t in items else "OutcomeParagraph", t) for t in texts]


DRAFT_1 = numbered(
    example.INDICATORS,
    example.GUIDELINES,
    example.IDENTIFICATION_PURPOSE,
    example.LABOUR_MIGRATION,
    example.ROTATING_CHAIR,
    *example.ROTATING_CHAIR_ITEMS,
    example.OWNERSHIP,
    example.LOCALIZATION,
    example.WORK_PLANNING,
    example.SECRETARIAT_SUPPORT,
)
DRAFT_4 = numbered(  # a paragraph added first, one word changed, ownership moved, one removed
    "The meeting thanked the Government of Lao PDR for hosting it.",
    example.INDICATORS,
    example.GUIDELINES,
    example.IDENTIFICATION_PURPOSE,
    "The COMMIT governments jointly agreed to make strengthening labour migration systems in "
    "the GMS a priority for interventions in 2017, thereby recognizing the fundamental "
    "connectedness between human trafficking and labour migration, especially in Southeast Asia.",
    example.ROTATING_CHAIR,
    *example.ROTATING_CHAIR_ITEMS,
    example.OWNERSHIP,
    example.LOCALIZATION,
    example.WORK_PLANNING,
)


def test_accepting_every_change_gives_version_b(redline: Path) -> None:
    assert numbered_texts(settle(body(redline), accept=True)) == DRAFT_4


def test_rejecting_every_change_gives_version_a(redline: Path) -> None:
    assert numbered_texts(settle(body(redline), accept=False)) == DRAFT_1


def test_the_changes_are_the_secretariats_dated_with_version_b(
    redline: Path, five_versions: Path
) -> None:
    b = History(five_versions).versions("commit-som11", "draft")[3]
    revisions = [*body(redline).iter(f"{W}ins"), *body(redline).iter(f"{W}del")]
    assert len(revisions) >= 4
    assert {r.get(f"{W}author") for r in revisions} == {"Secretariat"}
    assert {r.get(f"{W}date") for r in revisions} == {b.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")}
    ids = [r.get(f"{W}id") for r in revisions]
    assert len(ids) == len(set(ids))


def test_only_the_changed_words_are_tracked(redline: Path) -> None:
    inserted = ["".join(t.text for t in i.iter(f"{W}t")) for i in body(redline).iter(f"{W}ins")]
    deleted = [
        "".join(t.text for t in d.iter(f"{W}delText")) for d in body(redline).iter(f"{W}del")
    ]
    assert "jointly" in inserted and "unanimously" in deleted
    assert not any("labour migration" in text for text in inserted + deleted)


def test_two_changes_in_one_line_of_the_title_block_are_both_tracked(
    action_changes: Path, tmp_path: Path
) -> None:
    project = Path(shutil.copytree(action_changes, tmp_path / "project", symlinks=True))
    edit(project, "city: Vientiane", "city: Luang Prabang")
    edit(project, "end: 2016-11-24", "end: 2016-11-25")
    assert run(project, "draft", str(project / DRAFT))[0] == 0
    out = tmp_path / "redline.docx"
    run(project, "diff", "commit-som11", "draft-1", "draft-3", "--docx", str(out))
    accepted = title_block(settle(body(out), accept=True))
    rejected = title_block(settle(body(out), accept=False))
    assert "Luang Prabang, Lao PDR, 23–25 November 2016" in accepted
    assert "Vientiane, Lao PDR, 23–24 November 2016" in rejected


def title_block(tree: etree._Element) -> str:
    """The text of the paragraphs before the first heading."""
    lines = []
    for paragraph in tree.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") == "Heading1":
            break
        lines.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return "\n".join(lines)


def test_the_title_block_is_tracked_both_ways(redline: Path) -> None:
    """draft-4 moved the meeting from Vientiane to Luang Prabang."""
    accepted = title_block(settle(body(redline), accept=True))
    rejected = title_block(settle(body(redline), accept=False))
    assert "Luang Prabang, Lao PDR, 23–24 November 2016" in accepted
    assert "Vientiane, Lao PDR, 23–24 November 2016" in rejected
    assert "Vientiane" not in accepted and "Luang Prabang" not in rejected
    assert accepted.replace("Luang Prabang", "Vientiane") == rejected  # nothing else changed


def test_the_paragraphs_still_carry_their_bookmarks(redline: Path) -> None:
    names = [b.get(f"{W}name") for b in body(redline).iter(f"{W}bookmarkStart")]
    assert "para_welcome" in names and "para_ownership" in names
    assert "para_secretariat_support" not in names  # removed in draft-4
    assert not any(name.startswith("_redline") for name in names)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_redline_and_shows_the_changes(redline: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    pdf = libreoffice_convert(redline, tmp_path)
    text = pdftotext(pdf)
    assert "jointly" in text and "unanimously" in text
    assert "thanked the Government of Lao PDR" in text


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in ("ins", "del"):
            self.found.append((self.open[-1], data))


def test_the_html_redline_marks_the_same_changes(five_versions: Path, tmp_path: Path) -> None:
    page = tmp_path / "redline.html"
    status, _, _ = run(
        five_versions, "diff", "commit-som11", "draft-1", "draft-4", "--html", str(page)
    )
    assert status == 0
    parser = Elements()
    parser.feed(page.read_text())
    assert ("ins", "jointly") in parser.found and ("del", "unanimously") in parser.found
    assert ("del", "Vientiane") in parser.found and ("ins", "Luang Prabang") in parser.found
    assert "moved here" in page.read_text() and "moved from here" in page.read_text()


def test_the_html_redline_gives_a_moved_paragraphs_id_to_its_new_place_only(
    five_versions: Path, tmp_path: Path
) -> None:
    page = tmp_path / "redline.html"
    run(five_versions, "diff", "commit-som11", "draft-1", "draft-4", "--html", str(page))
    ids = re.findall(r'\sid="([^"]+)"', page.read_text())
    assert len(ids) == len(set(ids))
    assert "para-ownership" in ids and "moved-from-ownership" in ids  # moved in draft-4
    assert not any("secretariat-support" in i for i in ids)  # removed: no place in draft-4


# --- the actions table ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def action_changes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """draft-1 -> draft-2: an owner and a due date changed, an action removed, one added."""
    with example_project(tmp_path_factory) as root:
        assert run(root, "draft", str(root / DRAFT))[0] == 0
        edit(root, "    owner: National COMMIT Task Forces\n", "    owner: National Task Forces\n")
        edit(root, "due: 2017-12-31", "due: 2018-06-30")
        edit(root, ACTION_REMOVED, "")
        edit(root, "    owner: National COMMIT Task Forces, with UN-ACT\n", ACTION_ADDED)
        assert run(root, "draft", str(root / DRAFT))[0] == 0
        yield root


ACTION_REMOVED = ROTATING_CHAIR_ACTION
ACTION_ADDED = """\
    owner: National COMMIT Task Forces, with UN-ACT
  - id: report-back
    text: Report to the next Senior Officials Meeting on the indicators.
    owner: UN-ACT
    due: 2017-11-30
"""


def action_rows(tree: etree._Element) -> list[tuple[str, str, str]]:
    """(action, responsible, due) of every row of the actions table, as a reader sees them."""
    rows = []
    for row in tree.iter(f"{W}tr"):
        cells = [" ".join("".join(t.text or "" for t in c.iter(f"{W}t")).split()) for c in row]
        cells = [c for c, tag in zip(cells, row, strict=True) if tag.tag == f"{W}tc"]
        if len(cells) == 4 and cells[0] != "No.":
            rows.append((cells[1], cells[2], cells[3]))
    return rows


ACTIONS_CHANGED = [  # an owner and a due date changed, an action removed, one added
    (
        "Localize and operationalize the indicators and guidelines in national contexts.",
        "National Task Forces",
        "–",
    ),
    (
        "Make strengthening labour migration systems in the GMS a priority for interventions.",
        "COMMIT governments",
        "30 June 2018",
    ),
    (
        "Plan the work for 2017 on the decision points reached at the Vientiane meeting.",
        "National COMMIT Task Forces, with UN-ACT",
        "–",
    ),
    (
        "Report to the next Senior Officials Meeting on the indicators.",
        "UN-ACT",
        "30 November 2017",
    ),
]


@pytest.mark.parametrize(("accept", "rows"), [(True, ACTIONS_CHANGED), (False, example.ACTIONS)])
def test_the_actions_table_is_tracked_both_ways(
    action_changes: Path, tmp_path: Path, accept: bool, rows: list[tuple[str, str, str]]
) -> None:
    out = tmp_path / "redline.docx"
    status, _, err = run(
        action_changes, "diff", "commit-som11", "draft-1", "draft-2", "--docx", str(out)
    )
    assert status == 0, err
    settled = settle(body(out), accept=accept)
    assert action_rows(settled) == rows
    tracked_rows = [r for r in body(out).iter(f"{W}tr") if r.find(f"{W}trPr/{W}ins") is not None]
    assert len(tracked_rows) == 1  # the added action; the removed one is a deleted row


# --- more kinds of change: draft-1 -> draft-3 of `build_edited_drafts` --------------------------


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from build_edited_drafts(tmp_path_factory)


@pytest.fixture(scope="module")
def edited_redline(edited: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edited") / "redline.docx"
    status, _, err = run(edited, "diff", "commit-som11", "draft-1", "draft-3", "--docx", str(out))
    assert status == 0, err
    return out


def lines(tree: etree._Element) -> list[str]:
    """The text of each paragraph, tabs as tabs."""
    return [
        "".join("\t" if e.tag == f"{W}tab" else e.text or "" for e in p.iter(f"{W}t", f"{W}tab"))
        for p in tree.iter(f"{W}p")
    ]


EDITED_DRAFT_3 = numbered(  # "common **ASEAN-COMMIT indicators**" cut to "**indicators**"
    "The meeting adopted the indicators of human trafficking and related forms of exploitation.",
    *[text for _, text in DRAFT_1[1:]],
)
EDITED_ACTIONS_3 = [  # the rotating-chair action moved first, "operationalize" made "**apply**"
    (
        "Introduce the annually rotating COMMIT Chair, held by the country hosting the SOM.",
        "COMMIT governments",
        "–",
    ),
    (
        "Localize and apply the indicators and guidelines in national contexts.",
        "National COMMIT Task Forces",
        "–",
    ),
    (
        "Make strengthening labour migration systems in the GMS a priority for interventions.",
        "COMMIT governments",
        "31 December 2017",
    ),
    (
        "Plan the work for 2017 on the decision points reached at the Vientiane meeting.",
        "National COMMIT Task Forces, with UN-ACT",
        "–",
    ),
]


@pytest.mark.parametrize(
    ("accept", "paragraphs", "actions", "symbol"),
    [
        (True, EDITED_DRAFT_3, EDITED_ACTIONS_3, "COMMIT"),
        (False, DRAFT_1, example.ACTIONS, "COMMIT/SOM.11/2016/1"),
    ],
)
def test_text_actions_symbol_and_header_settle_to_one_version_or_the_other(
    edited_redline: Path,
    accept: bool,
    paragraphs: list[tuple[str, str]],
    actions: list[tuple[str, str, str]],
    symbol: str,
) -> None:
    settled = settle(body(edited_redline), accept=accept)
    assert numbered_texts(settled) == paragraphs
    assert action_rows(settled) == actions
    # the symbol "COMMIT" is tracked in its own place, not in "COMMIT Process" before it
    assert lines(settled)[0] == f"COMMIT Process\t{symbol}"
    header = settle(part(edited_redline, "word/header1.xml"), accept=accept)
    assert lines(header)[0].endswith(f"\t{symbol}")


def tracked(paragraph: etree._Element, kind: str) -> list[str]:
    tag = f"{W}delText" if kind == "del" else f"{W}t"
    return ["".join(t.text or "" for t in c.iter(tag)) for c in paragraph.iter(f"{W}{kind}")]


def paragraph_holding(tree: etree._Element, words: str) -> etree._Element:
    return next(p for p in tree.iter(f"{W}p") if words in "".join(p.itertext()))


def test_words_side_by_side_taken_out_together_are_one_tracked_deletion(
    edited_redline: Path,
) -> None:
    """ "common" and the bold "ASEAN-COMMIT" differ in style, but went in one edit."""
    paragraph = paragraph_holding(body(edited_redline), "The meeting adopted the")
    assert [text.strip() for text in tracked(paragraph, "del")] == ["common ASEAN-COMMIT"]
    assert tracked(paragraph, "ins") == []


def test_brackets_taken_out_are_all_that_changed_in_every_format(
    edited: Path, tmp_path: Path
) -> None:
    page, copy = tmp_path / "redline.html", tmp_path / "redline.docx"
    versions = ("commit-som11", "draft-2", "draft-3")
    status, out, _ = run(edited, "diff", *versions, "--html", str(page), "--docx", str(copy))
    assert status == 0 and "help {--[--}significantly{--]--} improve" in out
    report = json.loads(run(edited, "diff", "--json", *versions)[1])
    words = next(c["text"] for c in report["paragraphs"] if c["id"] == "identification-purpose")
    assert [(s["op"], s["text"]) for s in words if s["op"] != "equal"] == [
        ("delete", "["),
        ("delete", "]"),
    ]
    item = re.search(r'id="para-identification-purpose">(.*?)</li>', page.read_text(), re.S)
    assert item is not None
    assert [re.sub("<[^>]+>", "", d) for d in re.findall("<del>(.*?)</del>", item[1])] == [
        "[",
        "]",
    ]
    paragraph = paragraph_holding(body(copy), "Both are designed")
    assert (tracked(paragraph, "del"), tracked(paragraph, "ins")) == (["[", "]"], [])


def test_a_changed_field_shows_only_its_changed_words(edited: Path, tmp_path: Path) -> None:
    page = tmp_path / "redline.html"
    status, out, _ = run(edited, "diff", "commit-som11", "draft-1", "draft-3", "--html", str(page))
    assert status == 0
    assert "symbol: COMMIT{--/SOM.11/2016/1--}\n" in out
    assert "actions[localize].text: Localize and {--operationalize--}{++**apply**++} the" in out
    assert "<td>symbol</td><td>COMMIT<del>/SOM.11/2016/1</del></td><td>COMMIT</td>" in (
        page.read_text()
    )


def test_a_redline_that_cannot_be_written_is_told_plainly(
    five_versions: Path, tmp_path: Path
) -> None:
    out = tmp_path / "no-such-folder" / "redline.html"
    status, _, err = run(five_versions, "diff", "commit-som11", "--html", str(out))
    assert status == 1 and "cannot be written" in err and "internal error" not in err


def test_the_html_redline_marks_the_changed_words_of_a_moved_paragraph(
    project: Path, tmp_path: Path
) -> None:
    """Moved and changed: where it now stands, its changed words are marked, the rest plain."""
    assert run(project, "draft", "commit-som11")[0] == 0
    draft = project / "drafts/commit-som11.yaml"
    text = draft.read_text()
    start = text.index("      - id: ownership")
    end = text.index("  - id: next-steps")
    moved = text[start:end].replace("governmental ownership", "governmental and shared ownership")
    text = text[:start] + text[end:]
    text = text.replace("      - id: labour-migration", moved + "      - id: labour-migration")
    draft.write_text(text)
    assert run(project, "draft", "commit-som11")[0] == 0
    page = tmp_path / "redline.html"
    run(project, "diff", "commit-som11", "draft-1", "draft-2", "--html", str(page))
    html = page.read_text()
    new_place = html[html.index('id="para-ownership"') :]
    new_place = new_place[: new_place.index("</li>")]
    assert "<ins> and shared</ins>" in new_place and "moved here" in new_place
    assert new_place.count("<ins>") == 1  # not the whole paragraph
