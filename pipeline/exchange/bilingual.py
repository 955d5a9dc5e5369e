"""The bilingual Word copy: one table row per text, the source on the left, the translation on
the right, written for a translator and read back when it returns.

Each row holds the text's number and exchange id (left), the source's words (middle) and the
current translation or an empty cell (right). The document is protected read-only with the
right-hand cells as exceptions (`w:permStart`/`w:permEnd` for everyone, ECMA-376 17.13.7):
Word lets the translator type there and nowhere else; LibreOffice keeps the protection and the
ranges when it saves. What comes back is checked whatever the program: rows are matched by the
id printed in them (LibreOffice rewrites bookmarks, so none is relied on), and a row whose
source words were changed is refused.

Built with python-docx from its default template, as the compilation of comments is: the
paragraph styles ("Source text", "Translation", "Row number", "Exchange id", "Source
changes") are named so that a secretariat can restyle them in Word.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pipeline.errors import ReturnedFileRefused
from pipeline.exchange.markdown import NotMarkdown, markdown_of
from pipeline.exchange.returned import ReturnedFile, ReturnedText
from pipeline.exchange.texts import ExchangeText, Sheet
from pipeline.files import normalised_zip
from pipeline.inline import Span, parse_inline
from pipeline.languages import script_of
from pipeline.render.docx import (
    SETTINGS_BEFORE_TRACKING,
    WORD_LANGUAGE_SLOTS,
    Link,
    runs_xml,
    word_language,
)
from pipeline.review.package import core_properties, open_package
from pipeline.review.word import (
    drop_styles_with_effects,
    keep_whole,
    page_field,
    repeat_header,
    shade,
    styled_run,
)

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
FONT = "Times New Roman"
GREY = "5A5A5A"
INSERTED = "1F5FA8"
DELETED = "B0261C"
HEADER_FILL = "DCE3EC"
OUTDATED_FILL = "FFF4D6"
LINK = "0563C1"
WIDTHS = (3.1, 11.5, 11.5)  # cm: number and id, source, translation (landscape A4)
KEYWORDS = "bilingual copy for translation"
#: settings.xml children that come before w:documentProtection in the schema's order.
SETTINGS_BEFORE_PROTECTION = SETTINGS_BEFORE_TRACKING | {
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
}
#: Elements whose runs are read as if they stood in the paragraph (a tracked insertion too).
RUN_WRAPPERS = frozenset({"ins", "moveTo", "smartTag", "customXml", "sdt", "sdtContent", "dir"})


def language_name(tag: str) -> str:
    """`km` -> `Khmer`, `zh-Hans` -> `Chinese (Simplified)`: CLDR's English name."""
    import icu

    name = icu.Locale.forLanguageTag(tag).getDisplayName(icu.Locale("en"))
    return name if name and name != tag else tag


# --- writing ------------------------------------------------------------------------------------


def write_bilingual(sheet: Sheet) -> bytes:
    """The bilingual copy of `sheet` as the bytes of a .docx (the same bytes for the same sheet)."""
    from docx import Document

    word = Document()
    drop_styles_with_effects(word)
    _page(word, sheet)
    _styles(word, sheet)
    _introduction(word, sheet)
    _table(word, sheet)
    _protect(word.settings.element)
    _properties(word, sheet)
    buffer = io.BytesIO()
    word.save(buffer)
    return normalised_zip(buffer.getvalue())


def _about(sheet: Sheet) -> str:
    return (
        f"{sheet.outcome_id}, {language_name(sheet.source_language)} → "
        f"{language_name(sheet.language)} ({sheet.language}), source version {sheet.version}"
    )


def _page(word: WordDocument, sheet: Sheet) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.header_distance = section.footer_distance = Cm(0.9)
    styled_run(section.header.paragraphs[0], f"{sheet.title} · {_about(sheet)}", size=8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styled_run(footer, "Page ", size=8, colour=GREY)
    page_field(footer, "PAGE")
    styled_run(footer, " of ", size=8, colour=GREY)
    page_field(footer, "NUMPAGES")


def _styles(word: WordDocument, sheet: Sheet) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(3)
    for name, size, colour, bold in (
        ("Row number", 10, None, True),
        ("Exchange id", 7, GREY, False),
        ("Source text", 10, None, False),
        ("Source changes", 8, GREY, False),
        ("Translation", 10, None, False),
    ):
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold or None
        if colour:
            style.font.color.rgb = RGBColor.from_string(colour)
    code = word.styles.add_style("Code", WD_STYLE_TYPE.CHARACTER)
    code.font.name = "Courier New"
    link = word.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)  # as runs_xml names it
    link.font.color.rgb = RGBColor.from_string(LINK)
    link.font.underline = True
    _language(word.styles["Source text"].element, sheet.source_language)
    _language(word.styles["Translation"].element, sheet.language)


def _language(style: _Element, language: str) -> None:
    """The style's font, spelling language and direction are those of `language`."""
    from docx.oxml import OxmlElement

    script = script_of(language)
    rpr = style.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    slots = ("ascii", "hAnsi") if script.word_slot == "ascii" else (script.word_slot,)
    for slot in slots:
        fonts.set(f"{W}{slot}", script.serif)
    if script.direction == "rtl":  # the paragraph's direction; w:rtl is no style's to set
        style.get_or_add_pPr().append(OxmlElement("w:bidi"))
    lang = OxmlElement("w:lang")
    lang.set(f"{W}{WORD_LANGUAGE_SLOTS.get(script.word_slot, 'val')}", word_language(language))
    rpr.append(lang)  # last in w:rPr's order: nothing set here comes after it


def _introduction(word: WordDocument, sheet: Sheet) -> None:
    from docx.shared import Pt

    title = word.add_paragraph()
    styled_run(title, f"Translation into {language_name(sheet.language)}: {sheet.title}", bold=True)
    title.paragraph_format.space_after = Pt(4)
    styled_run(word.add_paragraph(), _about(sheet), size=9, colour=GREY)
    counts = {state: sum(t.state == state for t in sheet.texts) for state in _STATE_WORDS}
    tally = ", ".join(f"{n} {_STATE_WORDS[state]}" for state, n in counts.items())
    how = word.add_paragraph()
    styled_run(
        how,
        "Type the translation of each text in the right-hand column, in its own row, and only "
        "there: the rows are taken back into the translation by the number and id in their "
        "first column. Keep bold, italic and links where the source has them, and every "
        "[square bracket]: bracketed text is not yet agreed. Rows marked “source changed” "
        "hold a translation of an earlier source text: the changed words are shown under the "
        f"source. {tally}.",
    )
    how.paragraph_format.space_after = Pt(8)


_STATE_WORDS = {"missing": "to translate", "outdated": "source changed", "current": "translated"}
#: The last paragraph of a row's number cell, hidden: the fingerprint of the translation as
#: sent (`Exchange.as_sent`). The cell is read-only, and Word and LibreOffice keep hidden text.
AS_SENT = "as sent: "
AS_SENT_LINE = re.compile(r"as sent: ([0-9a-f]{16})")


def _table(word: WordDocument, sheet: Sheet) -> None:
    from docx.shared import Cm

    table = word.add_table(rows=1, cols=len(WIDTHS))
    table.style = word.styles["Table Grid"]
    table.autofit = False
    header = table.rows[0]
    repeat_header(header)
    headings = (
        "No. and id",
        f"{language_name(sheet.source_language)} (source, {sheet.version})",
        f"{language_name(sheet.language)} (translation)",
    )
    for cell, text, width in zip(header.cells, headings, WIDTHS, strict=True):
        cell.width = Cm(width)
        shade(cell, HEADER_FILL)
        styled_run(cell.paragraphs[0], text, bold=True)
    link = _linker(word)
    for number, text in enumerate(sheet.texts, 1):
        row = table.add_row()
        keep_whole(row)
        cells = row.cells
        for cell, width in zip(cells, WIDTHS, strict=True):
            cell.width = Cm(width)
        _number_cell(cells[0], text)
        _source_cell(cells[1], text, link)
        _translation_cell(cells[2], text, link, number)


def _linker(word: WordDocument) -> Link:
    from docx.opc.constants import RELATIONSHIP_TYPE

    known: dict[str, str] = {}

    def link(url: str) -> str:
        if url not in known:
            known[url] = word.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return known[url]

    return link


def _number_cell(cell: _Cell, text: ExchangeText) -> None:
    first = cell.paragraphs[0]
    first.style = "Row number"
    first.add_run(text.source.label)
    cell.add_paragraph(text.xid, style="Exchange id")
    if text.state != "current":
        note = cell.add_paragraph(style="Exchange id")
        styled_run(note, _STATE_WORDS[text.state], italic=True)
    if text.state == "outdated":
        shade(cell, OUTDATED_FILL)
    _hidden_paragraph(cell, AS_SENT + text.as_sent)


def _hidden_paragraph(cell: _Cell, words: str) -> None:
    """A paragraph of `words` that is not shown nor printed, its mark hidden too (no empty
    line in the row)."""
    from docx.oxml import OxmlElement

    paragraph = cell.add_paragraph(style="Exchange id")
    paragraph.add_run(words).font.hidden = True
    mark = OxmlElement("w:rPr")
    mark.append(OxmlElement("w:vanish"))
    paragraph._p.get_or_add_pPr().append(mark)


def _source_cell(cell: _Cell, text: ExchangeText, link: Link) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Source text"
    _append_runs(paragraph, parse_inline(text.source.text), link)
    if text.changes:
        changes = cell.add_paragraph(style="Source changes")
        styled_run(changes, "Source changed since the translation: ", italic=True)
        for segment in text.changes:
            styled_run(
                changes,
                segment.text,
                underline=segment.op == "insert",
                strike=segment.op == "delete",
                colour={"insert": INSERTED, "delete": DELETED}.get(segment.op),
            )


def _translation_cell(cell: _Cell, text: ExchangeText, link: Link, number: int) -> None:
    """The current translation, or nothing, inside a range everyone may edit."""
    from docx.oxml import OxmlElement

    paragraph = cell.paragraphs[0]
    paragraph.style = "Translation"
    if text.target is not None:
        _append_runs(paragraph, parse_inline(text.target), link)
    start, end = OxmlElement("w:permStart"), OxmlElement("w:permEnd")
    start.set(f"{W}id", str(number))
    start.set(f"{W}edGrp", "everyone")
    end.set(f"{W}id", str(number))
    paragraph._p.addprevious(start)
    paragraph._p.addnext(end)


def _append_runs(paragraph: object, spans: tuple[Span, ...], link: Link) -> None:
    """Styled runs and links, written as the review copy writes them (its run XML)."""
    from lxml import etree

    xml = runs_xml(spans, link)
    wrapper = etree.fromstring(
        f'<w:p xmlns:w="{W[1:-1]}" xmlns:r="{R_ID[1:].split("}")[0]}">{xml}</w:p>'
    )
    for element in list(wrapper):
        paragraph._p.append(element)  # type: ignore[attr-defined]


def _protect(settings: _Element) -> None:
    """Read-only, enforced, without a password: the translation cells are its exceptions."""
    from lxml.etree import Element

    protection = Element(f"{W}documentProtection", {f"{W}edit": "readOnly", f"{W}enforcement": "1"})
    position = 0
    for child in settings:
        name = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if name not in SETTINGS_BEFORE_PROTECTION:
            break
        position += 1
    settings.insert(position, protection)


def _properties(word: WordDocument, sheet: Sheet) -> None:
    props = word.core_properties
    props.title = f"{sheet.title} ({sheet.language})"
    props.subject = _about(sheet)
    props.author = props.last_modified_by = "outcomes"
    props.identifier = sheet.identifier
    props.language = sheet.language
    props.keywords = KEYWORDS
    props.category = "Translation"
    props.revision = 1
    # The source version's moment, never the clock: the bytes repeat.
    props.created = props.modified = datetime.fromisoformat(sheet.recorded).astimezone(UTC)


# --- reading ------------------------------------------------------------------------------------


def read_bilingual(data: bytes, name: str) -> ReturnedFile:
    """The texts of a returned bilingual copy (the bytes of file `name`); `ReturnedFileRefused`
    with a sentence when it is not one, is damaged or hostile, or its table was restructured."""
    package = open_package(data, name)
    try:
        identifier = core_properties(package).get("identifier", "")
        body = package.xml(package.main)
        links = _links(package)
    finally:
        package.close()
    parts = identifier.split("/")
    if len(parts) != 3 or body is None:
        raise ReturnedFileRefused(
            f"{name}: refused: it is not a bilingual copy made by `outcomes translate --docx` "
            "(its identifier is missing); a returned review copy goes to `outcomes review`"
        )
    outcome_id, version, language = parts
    texts = tuple(_rows(body, name, links))
    return ReturnedFile(name, "Word", outcome_id, "", language, version, texts)


def _links(package: object) -> dict[str, str]:
    rels = package.xml(f"word/_rels/{package.main.rpartition('/')[2]}.rels")  # type: ignore[attr-defined]
    if rels is None:
        return {}
    return {rel.get("Id", ""): rel.get("Target", "") for rel in rels}


def _rows(body: _Element, name: str, links: dict[str, str]) -> Iterator[ReturnedText]:
    tables = body.findall(f".//{W}tbl")
    if len(tables) != 1:
        raise _restructured(name, f"it holds {len(tables)} tables where it had one")
    number = 0
    for row in tables[0].iterfind(f"{W}tr"):
        properties = row.find(f"{W}trPr")
        if properties is not None and properties.find(f"{W}tblHeader") is not None:
            continue
        number += 1
        cells = row.findall(f"{W}tc")
        merged = any(
            c.find(f"{W}tcPr/{W}gridSpan") is not None or c.find(f"{W}tcPr/{W}vMerge") is not None
            for c in cells
        )
        if merged or len(cells) != len(WIDTHS):
            printed = [_plain(p) for p in cells[0].iter(f"{W}p")] if cells else []
            which = printed[1] if len(printed) > 1 else f"text {number}"
            raise _restructured(name, f"the row of {which} has cells merged, split or added")
        yield _row(cells, links)


def _restructured(name: str, what: str) -> ReturnedFileRefused:
    return ReturnedFileRefused(
        f"{name}: refused: its table was restructured ({what}); the texts can be taken back "
        "only from the table as it was sent, one row per text: ask for it again with the rows "
        "as they were"
    )


def _row(cells: list[_Element], links: dict[str, str]) -> ReturnedText:
    lines = [_plain(p) for p in cells[0].iter(f"{W}p")]
    xid = next((line for line in reversed(lines[:2]) if line), "")
    as_sent = next((m.group(1) for line in lines if (m := AS_SENT_LINE.fullmatch(line))), None)
    source = _cell_spans(cells[1], links, first_paragraph=True)
    spans = _cell_spans(cells[2], links)
    if not "".join(span.text for span in spans).strip():
        return ReturnedText(xid, source, None, as_sent=as_sent)
    try:
        return ReturnedText(xid, source, markdown_of(_trimmed(spans)), as_sent=as_sent)
    except NotMarkdown:
        problem = "its bold, italic or links cannot be written as the draft writes them"
        return ReturnedText(xid, source, None, problem, as_sent=as_sent)


def _plain(paragraph: _Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip()


def _cell_spans(cell: _Element, links: dict[str, str], first_paragraph: bool = False) -> tuple:
    """The styled text of a cell, as the translator left it (tracked changes accepted); its
    paragraphs joined by a space (the source cell: its first paragraph, the source's words)."""
    paragraphs = cell.findall(f"{W}p")[:1] if first_paragraph else cell.findall(f"{W}p")
    spans: list[Span] = []
    for index, paragraph in enumerate(paragraphs):
        if index and spans:
            spans.append(Span(" "))
        spans += _runs(paragraph, links, None)
    return tuple(spans)


def _runs(element: _Element, links: dict[str, str], href: str | None) -> Iterator[Span]:
    for child in element:
        name = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if name == "r":
            yield from _run(child, href)
        elif name == "hyperlink":
            target = links.get(child.get(R_ID, ""), "") or (
                f"#{child.get(f'{W}anchor')}" if child.get(f"{W}anchor") else None
            )
            yield from _runs(child, links, target or href)
        elif name in RUN_WRAPPERS:
            yield from _runs(child, links, href)


def _run(run: _Element, href: str | None) -> Iterator[Span]:
    properties = run.find(f"{W}rPr")
    strong = _on(properties, "b")
    emphasis = _on(properties, "i")
    style = properties.find(f"{W}rStyle") if properties is not None else None
    code = style is not None and style.get(f"{W}val") == "Code"
    for child in run:
        name = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if name == "t":
            yield Span(child.text or "", strong, emphasis, code, href)
        elif name == "tab":
            yield Span("\t", strong, emphasis, code, href)
        elif name in ("br", "cr"):
            yield Span("", strong, emphasis, code, href, line_break=True)
        elif name == "noBreakHyphen":
            yield Span("\u2011", strong, emphasis, code, href)


def _on(properties: _Element | None, name: str) -> bool:
    if properties is None:
        return False
    found = properties.find(f"{W}{name}")
    return found is not None and found.get(f"{W}val", "true") not in ("0", "false", "off")


def _trimmed(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Spaces at either end of a cell are layout, not text."""
    from dataclasses import replace

    found = [s for s in spans if s.text or s.line_break]
    if found:
        found[0] = replace(found[0], text=found[0].text.lstrip())
        found[-1] = replace(found[-1], text=found[-1].text.rstrip())
    return tuple(found)
