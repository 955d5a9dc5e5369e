"""The compilation as a Word document: landscape A4, one table row per paragraph.

Built with python-docx from its default template, so it needs no template of its own: a
secretariat officer fills in the response column and sends it out as it is. The bytes repeat
for the same input (fixed dates and zip entries), so a recorded compilation changes only when
its content does.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from pipeline.files import normalised_zip
from pipeline.inline import Span
from pipeline.labels import PLACEHOLDER, Wording, page_words
from pipeline.review.compilation import CommentItem, Compilation, Entry, Proposal, Row

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell, _Row
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

FONT = "Times New Roman"
INSERTED = "1F5FA8"  # blue, underlined: the colour Word gives a first reviewer
DELETED = "B0261C"  # red, struck through
GREY = "5A5A5A"
HEADER_FILL = "DCE3EC"
SECTION_FILL = "F2F4F7"
#: Column widths in cm: No., current text, comments and proposals, secretariat's response.
WIDTHS = (1.7, 8.3, 10.8, 5.3)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
#: The column heads, by label name.
HEADINGS = (
    "compilation_number",
    "compilation_text",
    "compilation_comments",
    "compilation_response",
)


def compilation_docx(compilation: Compilation) -> bytes:
    """The compilation as the bytes of a .docx file."""
    from docx import Document

    word = Document()
    drop_styles_with_effects(word)
    _page(word, compilation)
    _styles(word)
    _introduction(word, compilation)
    _table(word, compilation)
    _properties(word, compilation)
    buffer = io.BytesIO()
    word.save(buffer)
    return normalised_zip(buffer.getvalue())


def drop_styles_with_effects(word: WordDocument) -> None:
    """Drop python-docx's Word 2010 copy of the styles: Word ignores it since 2013, and once the
    styles are changed here it would disagree with them, which Word may report as damage."""
    for rel_id, rel in list(word.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del word.part.rels[rel_id]


def _page(word: WordDocument, compilation: Compilation) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.header_distance = section.footer_distance = Cm(0.9)
    header = section.header.paragraphs[0]
    parts = [compilation.symbol, compilation.heading]
    styled_run(header, " · ".join(p for p in parts if p), size=8, colour=GREY)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, between, after = page_words(compilation.words.texts["word_page"])
    for words, field in ((before, "PAGE"), (between, "NUMPAGES"), (after, None)):
        if words:
            styled_run(footer, words, size=8, colour=GREY)
        if field:
            page_field(footer, field)


def _styles(word: WordDocument) -> None:
    from docx.shared import Pt

    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(_w("cs"), FONT)
    normal.element.rPr.rFonts.set(_w("eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(3)
    for name, size in (("Title", 16),):
        style = word.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = None
        style.font.italic = False
        # A theme font named on the style would win over the font set here.
        for attribute in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            style.element.rPr.rFonts.attrib.pop(_w(attribute), None)
    _no_border(word.styles["Title"])


def _introduction(word: WordDocument, compilation: Compilation) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    masthead = word.add_paragraph()
    styled_run(masthead, compilation.organisation, bold=True)
    if compilation.symbol:
        styled_run(masthead, "\t" + compilation.symbol)
        masthead.paragraph_format.tab_stops.add_tab_stop(_cm(sum(WIDTHS)), WD_TAB_ALIGNMENT.RIGHT)
    title = word.add_paragraph(style="Title")
    styled_run(title, compilation.heading, bold=True)
    title.paragraph_format.space_after = Pt(4)
    subtitle = word.add_paragraph()
    styled_run(subtitle, f"{compilation.title} — {compilation.meeting}", size=11)
    subtitle.paragraph_format.space_after = Pt(8)
    words = compilation.words
    delegations = words.listing(compilation.delegations)
    about = word.add_paragraph()
    compiled = words.fill("compilation_compiled", date=compilation.date, delegations=delegations)
    placed = words.fill("compilation_placed", text=compilation.current_text)
    styled_run(about, f"{compiled} {placed}")
    for source in compilation.sources:
        if source.outdated:
            note = word.add_paragraph()
            number = words.number(source.version or 0)
            outdated = words.fill(
                "compilation_outdated", delegation=source.delegation, number=number
            )
            styled_run(note, outdated, bold=True)
    _key(word.add_paragraph(), words)
    received = word.add_paragraph()
    received.paragraph_format.space_after = Pt(8)
    lines = "; ".join(s.line(words) for s in compilation.sources)
    styled_run(received, words.fill("compilation_received", sources=lines), size=9, colour=GREY)


def _key(key: Paragraph, words: Wording) -> None:
    """ "Proposed wording: inserted text, deleted text.", each sample styled as it shows."""
    label = words.texts["compilation_key"]
    for index, piece in enumerate(PLACEHOLDER.split(label)):
        if index % 2 == 0:
            if piece:
                styled_run(key, piece, italic=index == 0)
        elif piece == "inserted":
            styled_run(key, words.texts["compilation_inserted"], underline=True, colour=INSERTED)
        else:
            styled_run(key, words.texts["compilation_deleted"], strike=True, colour=DELETED)


def _table(word: WordDocument, compilation: Compilation) -> None:
    table = word.add_table(rows=1, cols=len(WIDTHS))
    table.style = word.styles["Table Grid"]
    table.autofit = False
    _fixed_layout(table)
    header = table.rows[0]
    repeat_header(header)
    headings = [compilation.words.texts[name] for name in HEADINGS]
    for cell, text, width in zip(header.cells, headings, WIDTHS, strict=True):
        _width(cell, width)
        shade(cell, HEADER_FILL)
        styled_run(cell.paragraphs[0], text, bold=True)
    for row in compilation.rows:
        added = table.add_row()
        keep_whole(added)
        cells = added.cells
        for cell, width in zip(cells, WIDTHS, strict=True):
            _width(cell, width)
        if row.heading:
            merged = cells[0].merge(cells[-1])
            shade(merged, SECTION_FILL)
            styled_run(merged.paragraphs[0], row.heading, bold=True)
            _keep_with_next(merged)
            continue
        _number_cell(cells[0], row)
        _text_cell(cells[1], row)
        _comments_cell(cells[2], row, compilation.words)


def _number_cell(cell: _Cell, row: Row) -> None:
    styled_run(cell.paragraphs[0], row.label, bold=True)


def _text_cell(cell: _Cell, row: Row) -> None:
    first = cell.paragraphs[0]
    _spans(first, row.spans)
    for label, spans in row.items:
        item = cell.add_paragraph()
        item.paragraph_format.left_indent = _cm(0.6)
        item.paragraph_format.first_line_indent = _cm(-0.6)
        styled_run(item, f"({label})\t")
        _spans(item, spans)
    if row.note:
        styled_run(cell.add_paragraph(), row.note, italic=True, size=8, colour=GREY)


def _comments_cell(cell: _Cell, row: Row, words: Wording) -> None:
    if not row.entries:
        styled_run(cell.paragraphs[0], words.texts["compilation_none"], italic=True, colour=GREY)
        return
    first = True
    for entry in row.entries:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        if not first:
            paragraph.paragraph_format.space_before = _pt(6)
        first = False
        _entry(cell, paragraph, entry, words)


def _entry(cell: _Cell, heading: Paragraph, entry: Entry, words: Wording) -> None:
    styled_run(heading, entry.delegation, bold=True)
    if entry.versions:
        reviewed = words.fill("compilation_reviewed", versions=", ".join(entry.versions))
        styled_run(heading, f" {reviewed}", italic=True, colour=GREY)
    for comment in entry.comments:
        _comment(cell, comment, words)
        for reply in comment.replies:
            _comment(cell, reply, words, reply=True)
    for proposal in entry.proposals:
        _proposal(cell, proposal, words)
    for note in entry.notes:
        styled_run(cell.add_paragraph(), note, italic=True, size=9, colour=GREY)


def _comment(cell: _Cell, comment: CommentItem, words: Wording, *, reply: bool = False) -> None:
    """A comment, or one of its replies (all of them one step in, however deep the thread)."""
    paragraph = cell.add_paragraph()
    if reply:
        paragraph.paragraph_format.left_indent = _cm(0.5)
        styled_run(paragraph, words.texts["compilation_reply"] + " ", italic=True, colour=GREY)
    elif comment.anchor:
        anchor = comment.anchor if len(comment.anchor) <= 120 else comment.anchor[:119] + "…"
        name = "compilation_on_paras" if comment.on else "compilation_on"
        on = words.fill(name, text=anchor, paras=comment.on)
        styled_run(paragraph, f"{on} ", italic=True, colour=GREY)
    lines = comment.text.split("\n")
    for n, line in enumerate(lines):
        run = styled_run(paragraph, line)
        if n < len(lines) - 1:
            run.add_break()
    who = ", ".join(p for p in (comment.author, comment.day(words)) if p)
    done = "; " + words.texts["compilation_resolved"] if comment.done else ""
    if who or done:
        styled_run(paragraph, f" — {who}{done}", size=8, colour=GREY)


def _proposal(cell: _Cell, proposal: Proposal, words: Wording) -> None:
    label = cell.add_paragraph()
    colon = words.texts["colon"].rstrip(" ")  # keeps French's non-breaking space before it
    styled_run(label, f"{proposal.heading(words)}{colon}", italic=True, colour=GREY)
    label.paragraph_format.keep_with_next = True
    text = cell.add_paragraph()
    text.paragraph_format.left_indent = _cm(0.3)
    for segment in proposal.segments:
        if segment.op == "insert":
            styled_run(text, segment.text, underline=True, colour=INSERTED)
        elif segment.op == "delete":
            styled_run(text, segment.text, strike=True, colour=DELETED)
        else:
            styled_run(text, segment.text)


# --- python-docx helpers ----------------------------------------------------------------------


def styled_run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    strike: bool = False,
    size: float | None = None,
    colour: str | None = None,
    highlight: bool = False,
) -> Run:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    font = run.font
    font.bold = bold or None
    font.italic = italic or None
    font.underline = underline or None
    font.strike = strike or None
    if size:
        font.size = Pt(size)
    if colour:
        font.color.rgb = RGBColor.from_string(colour)
    if highlight:
        font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def _spans(paragraph: Paragraph, spans: tuple[Span, ...]) -> None:
    """Draft text with its bold, italic and unagreed [brackets] as the review copy shows them."""
    for span in spans:
        if span.line_break:
            paragraph.add_run().add_break()
        styled_run(
            paragraph,
            span.text,
            bold=span.strong,
            italic=span.emphasis,
            highlight=span.unagreed,
        )


def page_field(paragraph: Paragraph, code: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out."""
    from docx.oxml import OxmlElement

    field = OxmlElement("w:fldSimple")
    field.set(_w("instr"), f" {code} ")
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(_w("val"), "16")
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def repeat_header(row: _Row) -> None:
    """The header row repeats on every page; no row is split from its header."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    for name in ("w:cantSplit", "w:tblHeader"):
        properties.append(OxmlElement(name))


def keep_whole(row: _Row) -> None:
    """A row is not split over two pages (Word still breaks one taller than a page)."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _fixed_layout(table: object) -> None:
    """Columns as wide as WIDTHS says, whatever the text (`autofit = False` fixes the layout)."""
    twips = [round(width * 567) for width in WIDTHS]  # twentieths of a point per cm
    properties = table._tbl.tblPr  # type: ignore[attr-defined]
    total = properties.find(_w("tblW"))
    total.set(_w("type"), "dxa")
    total.set(_w("w"), str(sum(twips)))
    grid = table._tbl.tblGrid  # type: ignore[attr-defined]
    for column, width in zip(grid.findall(_w("gridCol")), twips, strict=True):
        column.set(_w("w"), str(width))


def _width(cell: _Cell, cm: float) -> None:
    cell.width = _cm(cm)


def shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement

    shading = OxmlElement("w:shd")
    shading.set(_w("val"), "clear")
    shading.set(_w("color"), "auto")
    shading.set(_w("fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _keep_with_next(cell: _Cell) -> None:
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def _no_border(style: object) -> None:
    """python-docx's Title has a coloured rule under it; the compilation's has none."""
    ppr = style.element.pPr  # type: ignore[attr-defined]
    if ppr is not None:
        for border in ppr.findall(_w("pBdr")):
            ppr.remove(border)


def _properties(word: WordDocument, compilation: Compilation) -> None:
    props = word.core_properties
    props.title = compilation.heading
    props.subject = compilation.title
    props.author = compilation.organisation
    props.last_modified_by = compilation.organisation
    props.identifier = (
        f"{compilation.id}/{compilation.file_stem().removeprefix(compilation.id + '-')}"
    )
    props.keywords = "compilation of comments"
    props.category = "Compilation of comments"
    words = compilation.words
    props.comments = words.fill(
        "compilation_from", delegations=words.listing(compilation.delegations)
    )
    props.revision = 1
    props.created = props.modified = compilation.moment


def _cm(value: float) -> int:
    from docx.shared import Cm

    return Cm(value)


def _pt(value: float) -> int:
    from docx.shared import Pt

    return Pt(value)


def _w(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{name}")
