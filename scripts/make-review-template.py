"""Build templates/review.docx, the Word template of the review copy, from raw OOXML."""

# Every part is written out here as WordprocessingML, so the template is reviewable as text and
# the same script always gives the same bytes. The secretariat may restyle the result in Word
# (styles, header, footer, fixed wording) without running this again; running it again
# overwrites such edits.
#
# Usage: .venv/bin/python scripts/make-review-template.py [OUT.docx]

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx

OUT = Path(__file__).resolve().parent.parent / "templates" / "review.docx"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# A4 with 2.5 cm margins: 9072 twips (16 cm) of text width.
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1417
TEXT_W = PAGE_W - 2 * MARGIN
INDENT = 567  # 1 cm: the hanging indent of numbered paragraphs, doubled for sub-items
# Times New Roman is on every Windows and Mac; LibreOffice shows it with the metric-compatible
# Liberation Serif, so lines and pages break the same way in both.
SERIF = "Times New Roman"
MONO = "Courier New"
# Columns of the actions table: No., action, responsible, due.
ACTION_COLUMNS = (620, 4451, 2130, 1871)


# --- small builders ---------------------------------------------------------------------------


def run(text: str, rpr: str = "") -> str:
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str, *runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'


def control(tag: str) -> str:
    """A paragraph holding only a `{%p ... %}` tag: docxtpl removes it when rendering."""
    return para("Normal", run(tag))


def tab() -> str:
    return "<w:r><w:tab/></w:r>"


def field(instruction: str, shown: str) -> str:
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice recompute on layout."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(shown)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def cell(width: int, *paragraphs: str, shade: str = "", span: int = 1) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paragraphs)}</w:tc>"


def row(*cells: str, header: bool = False) -> str:
    # The header row repeats on every page; no row is split across a page break.
    props = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def control_row(tag: str) -> str:
    """A table row holding only a `{%tr ... %}` tag: docxtpl removes it when rendering."""
    return row(cell(TEXT_W, para("TableText", run(tag)), span=len(ACTION_COLUMNS)))


# --- the document body ------------------------------------------------------------------------


def actions_table() -> str:
    no, action, owner, due = ACTION_COLUMNS
    heading = "E7ECF3"
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in ACTION_COLUMNS)
    return (
        "<w:tbl><w:tblPr>"
        '<w:tblStyle w:val="ActionTable"/>'
        f'<w:tblW w:w="{TEXT_W}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        + row(
            cell(no, para("TableHeading", run("{{ labels.action_number }}")), shade=heading),
            cell(action, para("TableHeading", run("{{ labels.action }}")), shade=heading),
            cell(owner, para("TableHeading", run("{{ labels.owner }}")), shade=heading),
            cell(due, para("TableHeading", run("{{ labels.due }}")), shade=heading),
            header=True,
        )
        + control_row("{%tr for action in actions %}")
        + row(
            cell(no, para("TableText", run("{{ action.label }}"))),
            cell(action, para("TableText", run("{{r action.content }}"))),
            cell(owner, para("TableText", run("{{r action.owner }}"))),
            cell(due, para("TableText", run("{{r action.due }}"))),
        )
        + control_row("{%tr endfor %}")
        + "</w:tbl>"
    )


def body() -> str:
    bold = "<w:b/>"
    blocks = [
        para("Masthead", run("{{ process }}", bold), tab(), run("{{ symbol }}")),
        para("Meeting", run("{{ meeting }}")),
        para("MeetingDetails", run("{{ venue }}{{ labels.comma }}{{ dates }}")),
        control("{%p if number %}"),
        para("MeetingDetails", run("{{ labels.number }}{{ labels.colon }}{{ number }}")),
        control("{%p endif %}"),
        control("{%p if host %}"),
        para("MeetingDetails", run("{{ labels.host }}{{ labels.colon }}{{ host }}")),
        control("{%p endif %}"),
        control("{%p if chair %}"),
        para("MeetingDetails", run("{{ labels.chair }}{{ labels.colon }}{{ chair }}")),
        control("{%p endif %}"),
        para("Title", run("{{ title }}")),
        para(
            "ReviewNote",
            run("{{ labels.review_note_title }}", bold),
            run(" {{ review_note }}"),
        ),
        para("Heading1", run("{{ labels.participants }}")),
        control("{%p for group in participants %}"),
        para(
            "ParticipantGroup",
            run("{{ group.name }}{{ labels.colon }}", bold),
            run("{{ group.members }}"),
        ),
        control("{%p endfor %}"),
        para("Heading1", run("{{ labels.agenda }}")),
        control("{%p for item in agenda %}"),
        para("AgendaItem", run("{{ item.title }}")),
        control("{%p endfor %}"),
        control("{%p for section in sections %}"),
        para("Heading1", run("{{ section.title }}")),
        control("{%p for paragraph in section.paragraphs %}"),
        para("OutcomeParagraph", run("{{r paragraph.content }}")),
        control("{%p for item in paragraph.subitems %}"),
        para("OutcomeSubitem", run("{{r item }}")),
        control("{%p endfor %}"),
        control("{%p endfor %}"),
        control("{%p endfor %}"),
        control("{%p if actions %}"),
        para("Heading1", run("{{ labels.actions }}")),
        actions_table(),
        control("{%p endif %}"),
        para("EndMark", run("* * *")),
    ]
    section = (
        "<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rId5"/>'
        '<w:footerReference w:type="default" r:id="rId6"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}"'
        ' w:header="709" w:footer="709" w:gutter="0"/>'
        '<w:cols w:space="708"/>'
        "</w:sectPr>"
    )
    return f"{XML_DECL}<w:document {NS}><w:body>{''.join(blocks)}{section}</w:body></w:document>"


def header() -> str:
    content = para("Header", run("{{ version_label }}"), tab(), run("{{ symbol }}"))
    return f"{XML_DECL}<w:hdr {NS}>{content}</w:hdr>"


def footer() -> str:
    # "Page {page} of {pages}" in the copy's language: its words around the two fields.
    content = para(
        "Footer",
        run("{{ page_words[0] }}"),
        field("PAGE", "1"),
        run("{{ page_words[1] }}"),
        field("NUMPAGES", "1"),
        run("{{ page_words[2] }}"),
    )
    return f"{XML_DECL}<w:ftr {NS}>{content}</w:ftr>"


# --- styles -----------------------------------------------------------------------------------


def style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str = "Normal",
    next_style: str = "",
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
    hidden: bool = False,
) -> str:
    """One `w:style`; children in the order the schema requires."""
    parts = [f'<w:name w:val="{name}"/>']
    parts += [f'<w:basedOn w:val="{based_on}"/>'] if based_on else []
    parts += [f'<w:next w:val="{next_style}"/>'] if next_style else []
    parts += ["<w:semiHidden/><w:unhideWhenUsed/>"] if hidden else ["<w:qFormat/>"]
    parts += [f"<w:pPr>{ppr}</w:pPr>"] if ppr else []
    parts += [f"<w:rPr>{rpr}</w:rPr>"] if rpr else []
    parts += [extra]
    default = (
        ' w:default="1"' if style_id in {"Normal", "DefaultParagraphFont", "TableNormal"} else ""
    )
    return f'<w:style w:type="{kind}"{default} w:styleId="{style_id}">{"".join(parts)}</w:style>'


def spacing(before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}"/>'


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def borders(*, color: str = "808080") -> str:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    edge = f'w:val="single" w:sz="4" w:space="0" w:color="{color}"'
    return "<w:tblBorders>" + "".join(f"<w:{s} {edge}/>" for s in sides) + "</w:tblBorders>"


def styles() -> str:
    fonts = f'<w:rFonts w:ascii="{SERIF}" w:hAnsi="{SERIF}" w:cs="{SERIF}"/>'
    defaults = (
        "<w:docDefaults>"
        f'<w:rPrDefault><w:rPr>{fonts}{size(24)}<w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault>"
        "</w:docDefaults>"
    )
    heading_ppr = "<w:keepNext/><w:keepLines/>"
    cell_margins = (
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
    )
    all_styles = [
        style("paragraph", "Normal", "Normal", based_on="", ppr="<w:widowControl/>"),
        style(
            "character", "DefaultParagraphFont", "Default Paragraph Font", based_on="", hidden=True
        ),
        style(
            "table",
            "TableNormal",
            "Normal Table",
            based_on="",
            hidden=True,
            extra='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>",
        ),
        style("numbering", "NoList", "No List", based_on="", hidden=True),
        # The title block.
        style(
            "paragraph",
            "Masthead",
            "Masthead",
            next_style="Meeting",
            ppr='<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="000000"/>'
            f'</w:pBdr><w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>' + spacing(0, 360),
            rpr=size(22),
        ),
        style(
            "paragraph",
            "Meeting",
            "Meeting",
            next_style="MeetingDetails",
            ppr=spacing(0, 60),
            rpr="<w:b/><w:bCs/>",
        ),
        style("paragraph", "MeetingDetails", "Meeting Details", ppr=spacing(0, 60)),
        style(
            "paragraph",
            "Title",
            "Title",
            next_style="Normal",
            ppr="<w:keepNext/>" + spacing(360, 240),
            rpr="<w:b/><w:bCs/>" + size(32),
        ),
        style(
            "paragraph",
            "ReviewNote",
            "Review Note",
            next_style="Normal",
            ppr='<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>'
            '<w:left w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>'
            '<w:bottom w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>'
            '<w:right w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/></w:pBdr>'
            '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
            + spacing(0, 240)
            + '<w:ind w:left="113" w:right="113"/>',
            rpr=size(20),
        ),
        # Headings: Word's built-in names, so the navigation pane and a table of contents work.
        style(
            "paragraph",
            "Heading1",
            "heading 1",
            next_style="Normal",
            ppr=heading_ppr + spacing(360, 120) + '<w:outlineLvl w:val="0"/>',
            rpr="<w:b/><w:bCs/>" + size(26),
        ),
        style(
            "paragraph",
            "Heading2",
            "heading 2",
            next_style="Normal",
            ppr=heading_ppr + spacing(240, 120) + '<w:outlineLvl w:val="1"/>',
            rpr="<w:b/><w:bCs/><w:i/><w:iCs/>",
        ),
        # Lists: the numbers come from numbering.xml, linked to these styles. Ragged right, not
        # justified: tracked insertions and deletions read better without stretched spaces.
        style(
            "paragraph",
            "ParticipantGroup",
            "Participant Group",
            ppr=spacing(0, 80) + f'<w:ind w:left="{INDENT}" w:hanging="{INDENT}"/>',
        ),
        style(
            "paragraph",
            "AgendaItem",
            "Agenda Item",
            ppr='<w:numPr><w:numId w:val="2"/></w:numPr>' + spacing(0, 60),
        ),
        style(
            "paragraph",
            "OutcomeParagraph",
            "Outcome Paragraph",
            ppr='<w:numPr><w:numId w:val="1"/></w:numPr>' + spacing(0, 120),
        ),
        style(
            "paragraph",
            "OutcomeSubitem",
            "Outcome Sub-item",
            ppr='<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>' + spacing(0, 80),
        ),
        style(
            "paragraph",
            "EndMark",
            "End Mark",
            ppr=spacing(480, 0) + '<w:jc w:val="center"/>',
            rpr='<w:color w:val="808080"/>',
        ),
        # The actions table.
        style("paragraph", "TableText", "Table Text", ppr=spacing(0, 0), rpr=size(20)),
        style(
            "paragraph",
            "TableHeading",
            "Table Heading",
            based_on="TableText",
            ppr="<w:keepNext/>",
            rpr="<w:b/><w:bCs/>",
        ),
        style(
            "table",
            "ActionTable",
            "Action Table",
            based_on="TableNormal",
            extra=f"<w:tblPr>{borders()}{cell_margins}</w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr>'
            '<w:shd w:val="clear" w:color="auto" w:fill="E7ECF3"/></w:tcPr></w:tblStylePr>',
        ),
        # Header and footer.
        style(
            "paragraph",
            "Header",
            "header",
            ppr=f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>' + spacing(0, 0),
            rpr='<w:color w:val="404040"/>' + size(18),
        ),
        style(
            "paragraph",
            "Footer",
            "footer",
            ppr=spacing(0, 0) + '<w:jc w:val="center"/>',
            rpr='<w:color w:val="404040"/>' + size(18),
        ),
        # Character styles of the draft's inline Markdown.
        style(
            "character",
            "Hyperlink",
            "Hyperlink",
            based_on="DefaultParagraphFont",
            rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>',
        ),
        style(
            "character",
            "Code",
            "Code",
            based_on="DefaultParagraphFont",
            rpr=f'<w:rFonts w:ascii="{MONO}" w:hAnsi="{MONO}" w:cs="{MONO}"/>' + size(22),
        ),
    ]
    return f"{XML_DECL}<w:styles {NS}>{defaults}{''.join(all_styles)}</w:styles>"


# --- numbering --------------------------------------------------------------------------------


def level(ilvl: int, fmt: str, text: str, style_id: str, left: int) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:pStyle w:val="{style_id}"/><w:suff w:val="tab"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
        f'<w:ind w:left="{left}" w:hanging="{INDENT}"/></w:pPr></w:lvl>'
    )


def numbering() -> str:
    """Outcome paragraphs 1., 2. ... with sub-items (a), (b); agenda items on a list of their own.

    One list runs through every section, so the numbers continue; level 2 restarts after each
    level-1 paragraph (Word's default for a lower level).
    """
    outcome = (
        '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="4F43A001"/>'
        '<w:multiLevelType w:val="multilevel"/>'
        + level(0, "decimal", "%1.", "OutcomeParagraph", INDENT)
        + level(1, "lowerLetter", "(%2)", "OutcomeSubitem", 2 * INDENT)
        + "</w:abstractNum>"
    )
    agenda = (
        '<w:abstractNum w:abstractNumId="1"><w:nsid w:val="4F43A002"/>'
        '<w:multiLevelType w:val="singleLevel"/>'
        + level(0, "decimal", "%1.", "AgendaItem", INDENT)
        + "</w:abstractNum>"
    )
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    )
    return f"{XML_DECL}<w:numbering {NS}>{outcome}{agenda}{nums}</w:numbering>"


# --- package parts ----------------------------------------------------------------------------


def settings() -> str:
    # Track Changes and protection are set by the renderer, not here, so that editing this
    # template in Word is not itself tracked.
    return (
        f"{XML_DECL}<w:settings {NS}>"
        '<w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="567"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode"'
        ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        "</w:settings>"
    )


def font_table() -> str:
    def font(name: str, family: str, pitch: str, panose: str) -> str:
        return (
            f'<w:font w:name="{name}"><w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="00"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/>'
            "</w:font>"
        )

    return (
        f"{XML_DECL}<w:fonts {NS}>"
        + font(SERIF, "roman", "variable", "02020603050405020304")
        + font(MONO, "modern", "fixed", "02070309020205020404")
        + "</w:fonts>"
    )


#: The theme's accent colours: the blues, greys, red, green and yellow the published page uses.
ACCENTS = ("0076A8", "5A6670", "A40000", "0B5D1E", "FFE98A", "009EDB")


def theme() -> str:
    # Word expects a theme part (a validator flags its absence); it names the fonts and colours
    # the styles already use, so nothing in the copy looks different.
    def colour(slot: str, hex_value: str) -> str:
        return f'<a:{slot}><a:srgbClr val="{hex_value}"/></a:{slot}>'

    def fonts(kind: str) -> str:
        faces = f'<a:latin typeface="{SERIF}"/><a:ea typeface=""/><a:cs typeface=""/>'
        return f"<a:{kind}>{faces}</a:{kind}>"

    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    colours = (
        '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
        + colour("dk2", "1D2327")
        + colour("lt2", "F1F6F9")
        + "".join(colour(f"accent{n}", value) for n, value in enumerate(ACCENTS, 1))
        + colour("hlink", "0563C1")
        + colour("folHlink", "954F72")
    )
    return (
        f'{XML_DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' name="Outcomes"><a:themeElements>'
        f'<a:clrScheme name="Outcomes">{colours}</a:clrScheme>'
        f'<a:fontScheme name="Outcomes">{fonts("majorFont")}{fonts("minorFont")}</a:fontScheme>'
        f'<a:fmtScheme name="Outcomes"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def content_types() -> str:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {
        "/word/document.xml": f"{main}.document.main+xml",
        "/word/styles.xml": f"{main}.styles+xml",
        "/word/numbering.xml": f"{main}.numbering+xml",
        "/word/settings.xml": f"{main}.settings+xml",
        "/word/fontTable.xml": f"{main}.fontTable+xml",
        "/word/header1.xml": f"{main}.header+xml",
        "/word/footer1.xml": f"{main}.footer+xml",
        "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument."
        "extended-properties+xml",
    }
    return (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items())
        + "</Types>"
    )


def relationships(targets: list[tuple[str, str]]) -> str:
    base = "http://schemas.openxmlformats.org"
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{base}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, 1)
    )
    return (
        f'{XML_DECL}<Relationships xmlns="{base}/package/2006/relationships">{rels}</Relationships>'
    )


def package_rels() -> str:
    return relationships(
        [
            ("officeDocument/2006/relationships/officeDocument", "word/document.xml"),
            ("package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            ("officeDocument/2006/relationships/extended-properties", "docProps/app.xml"),
        ]
    )


def document_rels() -> str:
    kinds = "officeDocument/2006/relationships"
    return relationships(  # rId5 and rId6 are named in the body's sectPr
        [
            (f"{kinds}/styles", "styles.xml"),
            (f"{kinds}/numbering", "numbering.xml"),
            (f"{kinds}/settings", "settings.xml"),
            (f"{kinds}/fontTable", "fontTable.xml"),
            (f"{kinds}/header", "header1.xml"),
            (f"{kinds}/footer", "footer1.xml"),
            (f"{kinds}/theme", "theme/theme1.xml"),
        ]
    )


def core() -> str:
    # The renderer replaces every property; these describe the template itself.
    return (
        f"{XML_DECL}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>Outcome review copy template</dc:title>"
        "<dc:creator>outcomes</dc:creator>"
        "</cp:coreProperties>"
    )


def app() -> str:
    return (
        f"{XML_DECL}<Properties"
        ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>outcomes</Application></Properties>"
    )


def parts() -> dict[str, str]:
    return {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": package_rels(),
        "docProps/app.xml": app(),
        "docProps/core.xml": core(),
        "word/_rels/document.xml.rels": document_rels(),
        "word/document.xml": body(),
        "word/fontTable.xml": font_table(),
        "word/footer1.xml": footer(),
        "word/header1.xml": header(),
        "word/numbering.xml": numbering(),
        "word/settings.xml": settings(),
        "word/styles.xml": styles(),
        "word/theme/theme1.xml": theme(),
    }


def write(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in parts().items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system, info.external_attr = 3, 0o100644 << 16
            package.writestr(info, xml.encode("utf-8"))


def check(out: Path) -> None:
    """Open the result as Word would see it through python-docx: every style is there."""
    document = docx.Document(str(out))
    names = {s.name for s in document.styles}
    wanted = {"Heading 1", "Title", "Outcome Paragraph", "Outcome Sub-item", "Action Table"}
    missing = wanted - names
    if missing:
        raise SystemExit(f"{out}: styles missing: {', '.join(sorted(missing))}")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    write(out)
    check(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
