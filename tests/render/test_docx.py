"""The Word review copy, read back from real files with python-docx and as raw XML."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from pipeline.context import Document, build_document, id_of_bookmark
from pipeline.errors import RenderFailed, TemplateProblem
from pipeline.inline import plain_text
from pipeline.model import Outcome, Paragraph, Section
from pipeline.render.docx import render_review_copy
from tests import example_text as example
from tests.conftest import REPO, TEMPLATES
from tests.helpers import libreoffice_convert, pdftotext

TEMPLATE = TEMPLATES / "review.docx"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
W = f"{{{NS['w']}}}"
R = f"{{{NS['r']}}}"
TRICKY = "R&D <draft> \"Q\" 'x' {{ 7*7 }} {% if x %} {_{ y }_}"
TRICKY_MARKDOWN = TRICKY.replace("_", "\\_")  # the same text, its '_' not taken for emphasis


# --- helpers ----------------------------------------------------------------------------------


def render(document: Document, tmp_path: Path, name: str = "review.docx", **kw: Any) -> Path:
    out = tmp_path / name
    render_review_copy(document, TEMPLATE, out, **kw)
    return out


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def text_of(element: etree._Element) -> str:
    """What a reader sees in `element`, including text inside hyperlinks."""
    pieces = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br"):
        pieces.append(
            node.text or "" if node.tag == f"{W}t" else "\t" if "tab" in node.tag else "\n"
        )
    return "".join(pieces)


def with_first_paragraph(document: Document, text: str, items: tuple[str, ...] = ()) -> Document:
    """The example with its first paragraph replaced."""
    outcome = document.outcome
    first = outcome.sections[0]
    paragraph = replace(first.paragraphs[0], text=text, items=list(items))
    section = replace(first, paragraphs=[paragraph, *first.paragraphs[1:]])
    return rebuilt(document, replace(outcome, sections=[section, *outcome.sections[1:]]))


def rebuilt(document: Document, outcome: Outcome) -> Document:
    return build_document(outcome, document.version, document.settings)


def outcome_paragraph_elements(body: etree._Element) -> dict[str, etree._Element]:
    """Each outcome paragraph's w:p, by its bookmark name."""
    found = {}
    for start in body.iter(f"{W}bookmarkStart"):
        if start.get(f"{W}name").startswith("para_"):
            found[start.get(f"{W}name")] = start.getparent()
    return found


def style_numbering(styles: etree._Element) -> dict[str, tuple[str, int]]:
    """Style id -> (numId, ilvl) for every paragraph style numbered directly or by its base."""
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def resolve(style_id: str | None) -> tuple[str, int] | None:
        style = by_id.get(style_id or "")
        if style is None:
            return None
        num = style.find("w:pPr/w:numPr", NS)
        if num is not None and num.find("w:numId", NS) is not None:
            ilvl = num.find("w:ilvl", NS)
            return num.find("w:numId", NS).get(f"{W}val"), int(
                ilvl.get(f"{W}val") if ilvl is not None else 0
            )
        based = style.find("w:basedOn", NS)
        return resolve(based.get(f"{W}val") if based is not None else None)

    return {k: v for k in by_id if (v := resolve(k)) is not None}


def numbering_of(p: etree._Element, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    num = p.find("w:pPr/w:numPr", NS)
    if num is not None:
        ilvl = num.find("w:ilvl", NS)
        return num.find("w:numId", NS).get(f"{W}val"), int(
            ilvl.get(f"{W}val") if ilvl is not None else 0
        )
    style = p.find("w:pPr/w:pStyle", NS)
    return styles.get(style.get(f"{W}val")) if style is not None else None


def bookmarked_text(body: etree._Element, name: str) -> str:
    """The text between a bookmark's start and its end, paragraphs joined by newlines."""
    inside, mark, pieces = False, None, []
    for node in body.iter():
        if node.tag == f"{W}bookmarkStart" and node.get(f"{W}name") == name:
            inside, mark = True, node.get(f"{W}id")
        elif node.tag == f"{W}bookmarkEnd" and node.get(f"{W}id") == mark:
            break
        elif inside and node.tag == f"{W}p":
            pieces.append("\n")
        elif inside and node.tag == f"{W}t":
            pieces.append(node.text or "")
    return "".join(pieces)


def generated_outcome(base: Outcome, count: int) -> Outcome:
    """`count` paragraphs over ten sections, with markup, links, brackets and sub-items."""
    text = (
        "The meeting **welcomed** the *regional* review of `SPAIV` progress, noted the "
        "[draft indicators] and the [report](https://un-act.org/report-{n}) on case {n}."
    )
    paragraphs = [
        Paragraph(
            id=f"p{n}", text=text.format(n=n), items=["first", "second"] if n % 3 == 0 else []
        )
        for n in range(count)
    ]
    size = count // 10
    sections = [
        Section(id=f"s{k}", title=f"Section {k}", paragraphs=paragraphs[k * size : (k + 1) * size])
        for k in range(10)
    ]
    return replace(base, sections=sections)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def review(document: Document, tmp_path: Path) -> Path:
    return render(document, tmp_path)


@pytest.fixture
def body(review: Path) -> etree._Element:
    return part(review, "word/document.xml").find("w:body", NS)


# --- structure --------------------------------------------------------------------------------


def test_outcome_paragraphs_are_numbered_by_word_continuously(review: Path, body, document) -> None:
    numbering = part(review, "word/numbering.xml")
    styles = style_numbering(part(review, "word/styles.xml"))
    elements = outcome_paragraph_elements(body)
    assert len(elements) == len(document.paragraphs) == 9
    numbers = {numbering_of(elements[p.bookmark], styles) for p in document.paragraphs}
    assert len(numbers) == 1  # one list across every section: 1 to 9 without a restart
    ((num_id, level),) = numbers
    assert level == 0
    num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
    assert num.find("w:lvlOverride", NS) is None
    abstract_id = num.find("w:abstractNumId", NS).get(f"{W}val")
    abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    top, sub = (abstract.find(f"w:lvl[@w:ilvl='{i}']", NS) for i in (0, 1))
    assert top.find("w:numFmt", NS).get(f"{W}val") == "decimal"
    assert top.find("w:lvlText", NS).get(f"{W}val") == "%1."
    assert sub.find("w:numFmt", NS).get(f"{W}val") == "lowerLetter"
    assert sub.find("w:lvlText", NS).get(f"{W}val") == "(%2)"
    assert int(sub.find("w:pPr/w:ind", NS).get(f"{W}left")) > int(
        top.find("w:pPr/w:ind", NS).get(f"{W}left")
    )


def test_paragraph_text_has_no_typed_numbers(body) -> None:
    texts = [text_of(p) for p in outcome_paragraph_elements(body).values()]
    assert texts == example.TEXTS  # no "1." typed before them: Word numbers them


def test_sub_items_are_level_two_of_the_same_list(review: Path, body, document) -> None:
    styles = style_numbering(part(review, "word/styles.xml"))
    paragraph = next(p for p in document.paragraphs if p.id == "rotating-chair")
    element = outcome_paragraph_elements(body)[paragraph.bookmark]
    following = [element.getnext(), element.getnext().getnext()]
    num_id, _ = numbering_of(element, styles)
    assert [numbering_of(p, styles) for p in following] == [(num_id, 1), (num_id, 1)]
    assert [text_of(p) for p in following] == [
        "represent COMMIT externally; and",
        "give guidance and direction internally.",
    ]
    assert not any(re.match(r"\s*\(?[a-z]\)", text_of(p)) for p in following)
    # The paragraph after the sub-items is level 1 again, numbered on (6).
    assert numbering_of(following[-1].getnext(), styles) == (num_id, 0)


def test_titles_use_word_heading_styles(review: Path, document: Document) -> None:
    word = docx.Document(str(review))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Participants",
        "Agenda",
        "Key outcomes",
        "Decisions",
        "Next steps",
        "Follow-up actions",
    ]
    title = next(p for p in word.paragraphs if p.style.name == "Title")
    assert title.text == "Outcome of the Eleventh COMMIT Senior Officials Meeting"


def test_title_block_participants_and_agenda(review: Path, document: Document) -> None:
    texts = [p.text for p in docx.Document(str(review)).paragraphs]
    assert texts[0] == "COMMIT Process\tCOMMIT/SOM.11/2016/1"
    assert "Regional COMMIT Task Force and Senior Officials Meeting (SOM 11)" in texts
    assert "Vientiane, Lao PDR, 23–24 November 2016" in texts
    assert "COMMIT Secretariat: UN-ACT" in texts
    assert "Civil society and youth: civil society stakeholders; COMMIT Youth Forum" in texts
    word = docx.Document(str(review))
    agenda = [p.text for p in word.paragraphs if p.style.name == "Agenda Item"]
    assert agenda == [item.title for item in document.outcome.agenda]


def test_each_paragraph_has_one_bookmark_spanning_its_text(body, document: Document) -> None:
    starts = [s.get(f"{W}name") for s in body.iter(f"{W}bookmarkStart")]
    ends = [e.get(f"{W}id") for e in body.iter(f"{W}bookmarkEnd")]
    assert len(starts) == len(set(starts)) == len(ends) == len(set(ends))
    paragraph_marks = [name for name in starts if name.startswith("para_")]
    assert paragraph_marks == [
        "para_indicators",
        "para_guidelines",
        "para_identification_purpose",
        "para_labour_migration",
        "para_rotating_chair",
        "para_ownership",
        "para_localization",
        "para_work_planning_2017",
        "para_secretariat_support",
    ]
    action_marks = [name for name in starts if name.startswith("act_")]
    assert action_marks == [
        "act_localize",
        "act_labour_migration_priority",
        "act_rotating_chair",
        "act_work_plans_2017",
    ]
    assert len(starts) == len(paragraph_marks) + len(action_marks)
    for mark, (_, paragraph_id, text, items) in zip(
        paragraph_marks, example.PARAGRAPHS, strict=True
    ):
        assert id_of_bookmark(mark) == paragraph_id
        assert bookmarked_text(body, mark) == "\n".join([text, *items])


def test_bookmark_names_fit_word_for_the_longest_ids(tmp_path: Path, document) -> None:
    longest = "a" * 35  # the longest id the format allows
    outcome = with_first_paragraph(document, "Text.").outcome
    first = outcome.sections[0]
    paragraph = replace(first.paragraphs[0], id=longest)
    section = replace(first, paragraphs=[paragraph, *first.paragraphs[1:]])
    action = replace(outcome.actions[0], id=longest)
    outcome = replace(outcome, sections=[section, *outcome.sections[1:]], actions=[action])
    body = part(render(rebuilt(document, outcome), tmp_path), "word/document.xml")
    names = [s.get(f"{W}name") for s in body.iter(f"{W}bookmarkStart")]
    assert "para_" + longest in names and "act_" + longest in names
    assert all(len(name) <= 40 for name in names)


def test_header_has_the_version_and_symbol_and_footer_counts_pages(review: Path, document) -> None:
    header = text_of(part(review, "word/header1.xml"))
    assert header == "DRAFT for review · version 3 · 25 November 2016\tCOMMIT/SOM.11/2016/1"
    footer = part(review, "word/footer1.xml")
    fields = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    fields += [f.get(f"{W}instr").strip() for f in footer.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert len(list(footer.iter(f"{W}fldChar"))) == 6  # begin, separate, end for each


def test_actions_table_repeats_its_header_row(review: Path, document: Document) -> None:
    table = docx.Document(str(review)).tables[0]
    assert table.style.name == "Action Table"
    rows = table._tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["No.", "Action", "Responsible", "Due"]
    numbers = ["A1", "A2", "A3", "A4"]
    assert cells[1:] == [[n, *row] for n, row in zip(numbers, example.ACTIONS, strict=True)]
    styles = part(review, "word/styles.xml")
    style = styles.find("w:style[@w:styleId='ActionTable']", NS)
    assert style.find("w:tblPr/w:tblBorders/w:insideH", NS).get(f"{W}val") == "single"


def test_inline_markdown_becomes_runs_links_and_highlights(tmp_path: Path, document) -> None:
    text = (
        "**bold** and *italic* and `code` and [a link](https://example.org/a?b=1&c=2) "
        "and [not yet agreed] and [paragraph 2](#para-guidelines), line\\\nbreak."
    )
    out = render(with_first_paragraph(document, text), tmp_path)
    body = part(out, "word/document.xml").find("w:body", NS)
    first = outcome_paragraph_elements(body)["para_indicators"]
    runs = {text_of(r): r for r in first.iter(f"{W}r") if text_of(r)}
    assert runs["bold"].find("w:rPr/w:b", NS) is not None
    assert runs["italic"].find("w:rPr/w:i", NS) is not None
    assert runs["code"].find("w:rPr/w:rStyle", NS).get(f"{W}val") == "Code"
    assert runs["[not yet agreed]"].find("w:rPr/w:highlight", NS).get(f"{W}val") == "yellow"
    assert runs[" and "].find("w:rPr", NS) is None
    external, internal = first.findall("w:hyperlink", NS)
    assert text_of(external) == "a link"
    assert external.find("w:r/w:rPr/w:rStyle", NS).get(f"{W}val") == "Hyperlink"
    rels = part(out, "word/_rels/document.xml.rels")
    rel_id = external.get(f"{R}id")
    rel = rels.find(f"*[@Id='{rel_id}']")
    assert rel.get("Target") == "https://example.org/a?b=1&c=2"
    assert rel.get("TargetMode") == "External"
    assert rel.get("Type").endswith("/hyperlink")
    assert internal.get(f"{W}anchor") == "para_guidelines"  # the bookmark of that paragraph
    assert first.find("w:r/w:br", NS) is not None
    assert text_of(first) == (
        "bold and italic and code and a link and [not yet agreed] and paragraph 2, line\nbreak."
    )


def test_draft_text_comes_out_exactly_as_written(tmp_path: Path, document: Document) -> None:
    outcome = with_first_paragraph(document, TRICKY_MARKDOWN, items=(TRICKY_MARKDOWN,)).outcome
    group = replace(outcome.participants[0], group=TRICKY)
    outcome = replace(outcome, title=TRICKY, participants=[group, *outcome.participants[1:]])
    out = render(rebuilt(document, outcome), tmp_path)
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert plain_text(TRICKY_MARKDOWN) == TRICKY
    # The quotes typed in the outcome's texts are set as English ones; the rest is as written.
    curled = "R&D <draft> “Q” ‘x’ {{ 7*7 }} {% if x %} {_{ y }_}"
    assert texts.count(TRICKY) == 1  # the title
    assert texts.count(curled) == 2  # the paragraph and its sub-item
    assert f"{curled}: Cambodia; China; Lao PDR; Myanmar; Thailand; Viet Nam" in texts
    assert "49" not in "".join(texts)


def test_core_properties_name_the_version(review: Path) -> None:
    props = docx.Document(str(review)).core_properties
    moment = datetime(2016, 11, 25, 9, 30)
    assert props.title == "Outcome of the Eleventh COMMIT Senior Officials Meeting"
    assert props.subject == "Regional COMMIT Task Force and Senior Officials Meeting"
    assert props.author == "UN-ACT, COMMIT Secretariat"
    assert props.last_modified_by == "UN-ACT, COMMIT Secretariat"
    assert "SOM 11" in props.keywords
    assert props.version == "draft-3"
    assert props.identifier == "commit-som11/draft-3"
    assert props.revision == 3
    assert props.language == "en"
    assert props.created.replace(tzinfo=None) == moment
    assert props.modified.replace(tzinfo=None) == moment


@pytest.mark.parametrize(
    ("language", "attributes"),
    [
        ("en", {"val": "en"}),
        # Word names Chinese by region; Latin text (labels, names) stays English
        ("zh-Hans", {"val": "en", "eastAsia": "zh-CN"}),
        ("zh-Hant", {"val": "en", "eastAsia": "zh-TW"}),
        ("km", {"val": "en", "bidi": "km"}),
    ],
)
def test_document_language_is_the_drafts(
    tmp_path: Path, document: Document, language: str, attributes: dict[str, str]
) -> None:
    out = render(rebuilt(document, replace(document.outcome, language=language)), tmp_path)
    lang = part(out, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert {k.removeprefix(W): v for k, v in lang.attrib.items()} == attributes


def test_track_changes_is_on_and_protection_only_when_asked(tmp_path: Path, document) -> None:
    plain = part(render(document, tmp_path, "plain.docx"), "word/settings.xml")
    assert plain.find("w:trackRevisions", NS) is not None
    assert plain.find("w:documentProtection", NS) is None
    protected = part(
        render(document, tmp_path, "protected.docx", protect=True), "word/settings.xml"
    )
    protection = protected.find("w:documentProtection", NS)
    assert protection.get(f"{W}edit") == "trackedChanges"
    assert protection.get(f"{W}enforcement") == "1"
    order = [child.tag.removeprefix(W) for child in protected]
    # Word refuses a settings part whose children are out of the schema's order.
    assert order.index("zoom") < order.index("trackRevisions") < order.index("documentProtection")
    assert order.index("documentProtection") < order.index("defaultTabStop")


# --- bytes, failures, speed -------------------------------------------------------------------


def test_two_renders_give_identical_bytes(tmp_path: Path, document: Document) -> None:
    first = render(document, tmp_path, "a.docx").read_bytes()
    second = render(document, tmp_path, "b.docx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.docx") as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    # Not the clock: a zip entry's time would otherwise change the bytes every two seconds.
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def edited_copy(tmp_path: Path, edits: dict[str, str], name: str = "broken.docx") -> Path:
    """A copy of the template with each `old` in its body replaced by `new`."""
    copy = tmp_path / name
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename).decode()
            if info.filename == "word/document.xml":
                for old, new in edits.items():
                    assert old in data
                    data = data.replace(old, new)
            target.writestr(info, data.encode())
    return copy


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    return edited_copy(tmp_path, {old: new})


def test_a_template_saved_by_word_still_renders(tmp_path: Path, document: Document) -> None:
    # Word splits a tag over runs (spelling marks, revision ids) and gives every paragraph a
    # w14:paraId; loops would repeat those ids, which Word wants unique.
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    template = edited_copy(
        tmp_path,
        {
            "<w:body>": f'<w:body xmlns:w14="{w14}">',
            "<w:p>": '<w:p w14:paraId="1A2B3C4D">',
            '<w:t xml:space="preserve">{{ title }}</w:t></w:r>': (
                '<w:t xml:space="preserve">{{ ti</w:t></w:r><w:proofErr w:type="spellStart"/>'
                '<w:r w:rsidR="00A1B2C3"><w:t>tle }}</w:t></w:r>'
            ),
        },
        name="word-saved.docx",
    )
    out = tmp_path / "review.docx"
    render_review_copy(document, template, out)
    word = docx.Document(str(out))
    assert document.outcome.title in [p.text for p in word.paragraphs]
    attributes = {a for p in word.element.body.iter(f"{W}p") for a in p.attrib}
    assert f"{{{w14}}}paraId" not in attributes


def test_a_broken_jinja_tag_is_a_template_problem_naming_the_file(tmp_path, document) -> None:
    template = broken_copy(tmp_path, "{{ title }}", "{{ title | }}")
    out = tmp_path / "review.docx"
    out.write_bytes(b"the previous copy")
    with pytest.raises(TemplateProblem) as caught:
        render_review_copy(document, template, out)
    assert str(template) in caught.value.message
    assert "{{ title | }}" in caught.value.message
    assert out.read_bytes() == b"the previous copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx", "review.docx"]


def test_an_unknown_variable_is_a_template_problem(tmp_path: Path, document: Document) -> None:
    template = broken_copy(tmp_path, "{{ title }}", "{{ titel }}")
    with pytest.raises(TemplateProblem, match=re.escape("broken.docx: 'titel' is undefined")):
        render_review_copy(document, template, tmp_path / "review.docx")
    assert not (tmp_path / "review.docx").exists()


def test_a_template_older_than_owner_runs_is_refused_not_left_blank(
    tmp_path: Path, document: Document
) -> None:
    template = broken_copy(tmp_path, "{{r action.owner }}", "{{ action.owner }}")
    with pytest.raises(TemplateProblem, match=re.escape("write {{r action.owner }} instead")):
        render_review_copy(document, template, tmp_path / "review.docx")


def test_a_file_that_is_not_word_is_a_template_problem(tmp_path: Path, document) -> None:
    template = tmp_path / "review.docx"
    template.write_text("not a zip")
    with pytest.raises(TemplateProblem, match="not a Word"):
        render_review_copy(document, template, tmp_path / "out.docx")
    with pytest.raises(TemplateProblem, match="no Word template"):
        render_review_copy(document, tmp_path / "missing.docx", tmp_path / "out.docx")


def test_a_character_xml_cannot_hold_fails_cleanly(tmp_path: Path, document) -> None:
    out = tmp_path / "review.docx"
    with pytest.raises(RenderFailed, match=r"U\+000C"):
        render_review_copy(with_first_paragraph(document, "page\x0cbreak"), TEMPLATE, out)
    assert list(tmp_path.iterdir()) == []


def test_four_hundred_paragraphs_share_one_link_relationship(
    tmp_path: Path, document: Document
) -> None:
    """One relationship per address, however many links (its speed: bench/run.py)."""
    big = rebuilt(document, generated_outcome(document.outcome, 400))
    out = render(big, tmp_path)
    body = part(out, "word/document.xml").find("w:body", NS)
    assert len(outcome_paragraph_elements(body)) == 400
    links = list(body.iter(f"{W}hyperlink"))
    assert len(links) == 400
    targets = {link.get(f"{R}id") for link in links}
    rels = part(out, "word/_rels/document.xml.rels")
    hyperlinks = [r for r in rels if r.get("Type", "").endswith("/hyperlink")]
    assert len(targets) == len(hyperlinks) == len({r.get("Target") for r in hyperlinks})


def test_the_template_script_rebuilds_a_working_template(tmp_path: Path, document) -> None:
    script = REPO / "scripts" / "make-review-template.py"
    first, second = tmp_path / "first.docx", tmp_path / "second.docx"
    for template in (first, second):
        subprocess.run(
            [sys.executable, str(script), str(template)], check=True, capture_output=True
        )
    assert first.read_bytes() == second.read_bytes()  # reviewable: same script, same bytes
    render_review_copy(document, first, tmp_path / "out.docx")
    assert docx.Document(str(tmp_path / "out.docx")).paragraphs[0].text.startswith("COMMIT Process")


# --- as a delegate sees it --------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_every_paragraph(review: Path, tmp_path: Path, document) -> None:
    pdf = libreoffice_convert(review, tmp_path)
    # Crop away the running header and footer (A4 is 595 x 842 points) so that a paragraph
    # broken across pages reads on without them.
    text = pdftotext(pdf, "-x", "0", "-y", "60", "-W", "595", "-H", "722")
    flat = " ".join(text.split())
    for _, _, text, items in example.PARAGRAPHS:
        assert text in flat
        for item in items:
            assert item in flat
    for action, _, _ in example.ACTIONS:
        assert action in flat
    assert "Page 1 of 2" in pdftotext(pdf)


def test_members_holding_commas_stay_apart_in_word(tmp_path: Path, document: Document) -> None:
    from tests.render.test_html import MINISTERS_LINE, with_ministers

    word = docx.Document(str(render(with_ministers(document), tmp_path)))
    assert MINISTERS_LINE in [p.text for p in word.paragraphs]


def test_the_title_block_names_the_meeting_its_short_name_and_number_once(tmp_path, document):
    meeting = replace(
        document.outcome.meeting,
        name="Regional Bilateral Dialogue Task Force (TF)",
        short_name="TF 1",
    )
    outcome = replace(document.outcome, meeting=meeting)
    texts = [
        p.text for p in docx.Document(str(render(rebuilt(document, outcome), tmp_path))).paragraphs
    ]
    assert texts[:4] == [
        "COMMIT Process\tCOMMIT/SOM.11/2016/1",
        "Regional Bilateral Dialogue Task Force (TF 1)",
        "Vientiane, Lao PDR, 23–24 November 2016",
        "Number: 11",
    ]
