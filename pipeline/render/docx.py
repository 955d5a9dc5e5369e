"""The Word review copy: a draft rendered through templates/review.docx for the delegations."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from docxtpl import DocxTemplate

from pipeline.context import ACTION_BOOKMARK, Document, NumberedParagraph, bookmark_name
from pipeline.errors import RenderFailed, TemplateProblem
from pipeline.files import normalised_zip, write_atomically
from pipeline.inline import Span
from pipeline.labels import page_words
from pipeline.languages import script_of

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from jinja2 import TemplateSyntaxError
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
#: Our bookmark ids start above any a template is likely to hold (Word numbers its own from 0).
BOOKMARK_BASE = 1000
#: What an XML file cannot hold. Validation refuses it first; this is the last guard.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Braces are escaped too: docxtpl turns a literal "{_{" in its output into "{{". In this
# order, "&" first; replaced one by one, five times quicker than str.translate.
ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("'", "&#39;"),
    ("{", "&#123;"),
    ("}", "&#125;"),
)
#: docxtpl's tags that change how many cells a table's rows have: a cell repeated or left out
#: (`{%tc for %}`, `{%tc if %}`), cells merged or spanned (`{% hm %}`, `{% colspan n %}`).
CELL_TAGS = re.compile(r"\{[{%#]-?\s*tc\s|\{%-?\s*(?:hm|vm|colspan|cellbg)\b")
#: The run docxtpl writes on each side of a `{{r }}` tag, empty once the tag takes its place.
EMPTY_RUN = '<w:r><w:t xml:space="preserve"></w:t></w:r>'
#: The language of the Latin text in a copy of another script (names, addresses, English
#: labels where the language has no catalog), for LibreOffice's line breaks.
LATIN_TEXT_LANGUAGE = "en"
#: Script-tagged languages Word does not know, and the region-tagged ones it uses instead.
WORD_LANGUAGES = {"zh-hans": "zh-CN", "zh-hant": "zh-TW", "zh": "zh-CN"}
#: settings.xml children that come before w:trackRevisions in the schema's fixed order.
SETTINGS_BEFORE_TRACKING = frozenset(
    {
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
        "embedTrueTypeFonts",
        "embedSystemFonts",
        "saveSubsetFonts",
        "saveFormsData",
        "mirrorMargins",
        "alignBordersAndEdges",
        "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter",
        "gutterAtTop",
        "hideSpellingErrors",
        "hideGrammaticalErrors",
        "activeWritingStyle",
        "proofState",
        "formsDesign",
        "attachedTemplate",
        "linkStyles",
        "stylePaneFormatFilter",
        "stylePaneSortMethod",
        "documentType",
        "mailMerge",
        "revisionView",
    }
)
#: The w:lang attribute that names the language of each w:rFonts slot's characters.
WORD_LANGUAGE_SLOTS = {"eastAsia": "eastAsia", "cs": "bidi"}

Link = Callable[[str], str]  # a URL -> the relationship id of a hyperlink to it


class Revision(Protocol):
    """A change to the review copy: the redline of `outcomes diff` tracks edits in it."""

    def revise_context(self, context: dict[str, Any], link: Link) -> None: ...

    def revise_body(self, body: _Element) -> None: ...

    def revise_part(self, root: _Element) -> None: ...  # each header and footer


def render_review_copy(
    document: Document,
    template: Path,
    out: Path,
    *,
    protect: bool = False,
    revision: Revision | None = None,
    versions_of: str | None = None,
) -> None:
    """Write the Word review copy of `document` to `out` (see `review_copy`)."""
    options = {"protect": protect, "revision": revision, "versions_of": versions_of}
    _write(out, review_copy(document, template, **options))


def review_copy(
    document: Document,
    template: Path,
    *,
    protect: bool = False,
    revision: Revision | None = None,
    versions_of: str | None = None,
) -> bytes:
    """The Word review copy of `document` (byte-identical for identical input); its
    identifier names the versions it is one of, `versions_of` (`commit-som11.km` for a
    language edition), else the outcome's."""
    tpl = _open_template(template)
    link = _linker(tpl.docx)
    context = review_context(document, link)
    if revision:
        revision.revise_context(context, link)
    _render(tpl, template, context)
    word = tpl.docx
    _tidy_body(word.element.body)
    if revision:
        revision.revise_body(word.element.body)
        for part in _headers_and_footers(word):
            revision.revise_part(part.element)
    _set_language(word.styles.element, document.outcome.language, LATIN_TEXT_LANGUAGE)
    _set_footer_direction(word, document.label_language, document.outcome.language)
    _set_review_mode(word.settings.element, protect=protect)
    _set_properties(word, document, versions_of or document.outcome.id)
    return normalised_zip(_stored_package(word))


def _stored_package(word: WordDocument) -> bytes:
    """The package as python-docx saves it, but stored, not compressed: `normalised_zip`
    compresses every part once, where python-docx's save would have it undo a compression."""
    from docx.opc.pkgwriter import PackageWriter

    package = word.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)  # python-docx's own steps
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as stored:
        for name, data in members.items():
            stored.writestr(name, data)
    return buffer.getvalue()


class _Members(dict[str, bytes]):
    """What python-docx's package writer writes, by name (its zip writer's one method)."""

    def write(self, uri: Any, blob: bytes) -> None:
        self[uri.membername] = blob


# --- the template -----------------------------------------------------------------------------


class ReviewTemplate(DocxTemplate):
    """docxtpl without its "listing" pass, which turns tabs and newlines typed in values into
    Word breaks by running regular expressions over the whole rendered XML: half the rendering
    time of a long draft. `run_xml` writes Word's own <w:tab/> and <w:br/> already, and
    validation refuses the other control characters the pass looks for."""

    def resolve_listing(self, xml: str) -> str:
        return xml

    #: Whether the template holds a tag that changes how many cells a row has.
    changes_cells = True

    def fix_tables(self, xml: str) -> Any:
        """docxtpl's fix of the grid of each table whose rows such a tag made longer or
        shorter; without one, the rendered XML is only parsed, as docxtpl parses it (the walk
        over every row of a long action table would change nothing)."""
        if self.changes_cells:
            return super().fix_tables(xml)
        from lxml import etree

        return etree.fromstring(xml, parser=etree.XMLParser(recover=True))

    def patch_xml(self, src_xml: str) -> str:
        """docxtpl's tags made Jinja's, less the empty runs it puts around each `{{r }}` tag:
        `_tidy_body` would drop them from the document anyway, after a loop had made one
        of them for every paragraph (a tenth of a long draft's XML)."""
        return super().patch_xml(src_xml).replace(EMPTY_RUN, "")


def _open_template(template: Path) -> ReviewTemplate:
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if not template.is_file():
        raise TemplateProblem(f"{template}: there is no Word template at this path")
    tpl = ReviewTemplate(template)
    try:
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError):
        raise TemplateProblem(f"{template}: this is not a Word (.docx) file") from None
    xml = tpl.get_xml()
    _refuse_text_tags_for_runs(xml, template)
    words = re.sub(r"<[^>]*>", "", xml)  # a tag Word split over runs is whole again
    tpl.changes_cells = CELL_TAGS.search(words) is not None
    return tpl


#: Variables given as Word runs, which a template must place with `{{r ...}}`.
RUN_VARIABLES = ("action.owner", "action.due")


def _refuse_text_tags_for_runs(xml: str, template: Path) -> None:
    """A template made before owner and due became runs would show those cells empty."""
    for name in RUN_VARIABLES:
        if re.search(r"\{\{\s*" + re.escape(name) + r"\s*\}\}", xml):
            raise TemplateProblem(
                f"{template}: write {{{{r {name} }}}} instead of {{{{ {name} }}}} (it is given "
                "as Word runs, so that a redline can track it), or rebuild the template with "
                "scripts/make-review-template.py"
            )


def _render(tpl: ReviewTemplate, template: Path, context: dict[str, Any]) -> None:
    from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError
    from lxml.etree import LxmlError

    # Draft data only ever arrives as variables, escaped on the way out: `{{ 7*7 }}` in a draft
    # stays those characters and `R&D <draft>` is not cut short (docxtpl's default would).
    env = Environment(autoescape=True, undefined=StrictUndefined)
    try:
        tpl.render(context, jinja_env=env)
    except TemplateSyntaxError as error:
        raise TemplateProblem(_syntax_message(template, error)) from None
    except TemplateError as error:
        raise TemplateProblem(f"{template}: {error.message}") from None
    except LxmlError as error:  # the template's tags, once rendered, broke the document's XML
        raise TemplateProblem(
            f"{template}: the document it makes is not well-formed Word XML ({error}); check "
            "that every {%p %} and {%tr %} tag stands alone in its paragraph or row"
        ) from None


def _syntax_message(template: Path, error: TemplateSyntaxError) -> str:
    """Name the paragraph holding the broken tag, not docxtpl's generated XML."""
    lines = list(getattr(error, "docx_context", None) or [])
    index = (error.lineno or 1) - 1 - max((error.lineno or 1) - 4, 0)
    near = lines[index].strip() if 0 <= index < len(lines) else ""
    near = near if len(near) <= 60 else near[:57] + "..."
    where = f" near “{near}”" if near else ""
    return f"{template}: a Jinja tag is broken{where} ({error.message})"


def _linker(word: WordDocument) -> Link:
    """Hyperlink relationships added as needed, one per address.

    docxtpl's `build_url_id` scans every relationship for each link, which grows with the
    square of the number of links; this keeps a table instead.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE

    rels = word.part.rels
    kind = RELATIONSHIP_TYPE.HYPERLINK
    known = {r.target_ref: r.rId for r in rels.values() if r.is_external and r.reltype == kind}
    numbers = [int(rid[3:]) for rid in rels if re.fullmatch(r"rId\d+", rid)]
    next_number = iter(range(max(numbers, default=0) + 1, sys.maxsize))

    def link(url: str) -> str:
        if url not in known:
            known[url] = f"rId{next(next_number)}"
            rels.add_relationship(kind, url, known[url], is_external=True)
        return known[url]

    return link


# --- what the template sees -------------------------------------------------------------------


class Text(str):
    """A draft value: autoescape asks it for its XML-escaped form."""

    def __html__(self) -> str:
        return escape_xml(self)


class Xml(str):
    """WordprocessingML built here from escaped text: autoescape leaves it as it is."""

    def __html__(self) -> str:
        return str(self)


def escape_xml(text: str) -> str:
    bad = NOT_XML.search(text)
    if bad:
        raise RenderFailed(
            f"the text “{NOT_XML.sub('?', text[:40])}” holds the character "
            f"U+{ord(bad.group()):04X}, which a Word file cannot hold; remove it from the draft"
        )
    for character, entity in ESCAPES:
        text = text.replace(character, entity)
    return text


def title_block(document: Document) -> dict[str, str]:
    """The plain texts of the title block, by the name the template gives each."""
    outcome, meeting = document.outcome, document.outcome.meeting
    return {
        "process": meeting.process or document.settings.organisation,
        "symbol": outcome.symbol or "",
        "meeting": document.meeting_name,
        "number": "" if meeting.number is None else str(meeting.number),
        "venue": document.venue,
        "dates": document.meeting_dates,
        "host": meeting.host or "",
        "chair": meeting.chair or "",
        "title": outcome.title,
    }


def review_context(document: Document, link: Link) -> dict[str, Any]:
    """Every variable templates/review.docx may use; texts are `Text`, formatted texts `Xml`."""
    outcome = document.outcome
    paragraphs = document.paragraphs
    return {
        **{name: Text(value) for name, value in title_block(document).items()},
        "organisation": Text(document.settings.organisation),
        "version": document.version.number,
        "version_date": Text(document.version_date),
        "version_label": Text(document.version_label),
        "labels": {name: Text(label) for name, label in document.labels.items()},
        "review_note": Text(
            document.wording.fill(
                "review_note", number=document.version_number, date=document.version_date
            )
        ),
        "page_words": [Text(words) for words in page_words(document.labels["word_page"])],
        "participants": [
            {"name": Text(g.name), "members": Text(g.members_text)} for g in document.participants
        ],
        "agenda": [{"id": a.id, "title": Text(a.title)} for a in outcome.agenda],
        "sections": [
            {
                "id": s.id,
                "title": Text(s.title),
                "paragraphs": [_paragraph(p, link) for p in s.paragraphs],
            }
            for s in document.sections
        ],
        "actions": [
            {
                "id": a.id,
                "number": a.number,
                "label": Text(a.label),
                "content": Xml(
                    _bookmarked(
                        bookmark_name(a.id, ACTION_BOOKMARK),
                        BOOKMARK_BASE + len(paragraphs) + a.number,
                        runs_xml(a.spans, link),
                    )
                ),
                # Runs, not text, so that a redline can track a changed owner or date too.
                "owner": Xml(runs_xml((Span(a.owner),), link)),
                "due": Xml(runs_xml((Span(a.due),), link)),
            }
            for a in document.actions
        ],
    }


def _paragraph(paragraph: NumberedParagraph, link: Link) -> dict[str, Any]:
    """The paragraph's runs inside its bookmark; the bookmark ends after its last sub-item, so a
    comment on a sub-item also traces back to the paragraph."""
    mark = BOOKMARK_BASE + paragraph.number
    start = f'<w:bookmarkStart w:id="{mark}" w:name="{paragraph.bookmark}"/>'
    end = f'<w:bookmarkEnd w:id="{mark}"/>'
    text = start + runs_xml(paragraph.spans, link)
    items = [runs_xml(item.spans, link) for item in paragraph.items]
    if items:
        items[-1] += end
    else:
        text += end
    return {
        "id": paragraph.id,
        "number": paragraph.number,
        "bookmark": paragraph.bookmark,
        "content": Xml(text),
        "subitems": [Xml(item) for item in items],
    }


def _bookmarked(name: str, mark: int, runs: str) -> str:
    return f'<w:bookmarkStart w:id="{mark}" w:name="{name}"/>{runs}<w:bookmarkEnd w:id="{mark}"/>'


def runs_xml(spans: Iterable[Span], link: Link) -> str:
    """Word runs for styled spans; spans sharing a link share one w:hyperlink."""
    parts = []
    for href, group in groupby(spans, key=lambda span: span.href):
        runs = "".join(run_xml(span) for span in group)
        parts.append(hyperlink_xml(href, runs, link) if href else runs)
    return "".join(parts)


def run_xml(span: Span) -> str:
    props = ""  # in the order the schema requires: rStyle, b, i, highlight
    if span.href:
        props += '<w:rStyle w:val="Hyperlink"/>'
    elif span.code:
        props += '<w:rStyle w:val="Code"/>'
    if span.strong:
        props += "<w:b/><w:bCs/>"
    if span.emphasis:
        props += "<w:i/><w:iCs/>"
    if span.unagreed:
        props += '<w:highlight w:val="yellow"/>'
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    line_break = "<w:br/>" if span.line_break else ""
    return f"<w:r>{props}{line_break}{_text_xml(span.text)}</w:r>"


def _text_xml(text: str) -> str:
    """Tabs and newlines as Word's own elements; the rest as preserved text."""
    if "\t" not in text and "\n" not in text:  # nearly every text: no splitting
        return f'<w:t xml:space="preserve">{escape_xml(text)}</w:t>' if text else ""
    parts = []
    for piece in re.split(r"([\t\n])", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece == "\n":
            parts.append("<w:br/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape_xml(piece)}</w:t>')
    return "".join(parts)


def hyperlink_xml(href: str, runs: str, link: Link) -> str:
    if href.startswith("#"):
        # A link to another paragraph's web anchor goes to that paragraph's bookmark.
        anchor = href[1:]
        if anchor.startswith("para-"):
            anchor = bookmark_name(anchor.removeprefix("para-"))
        return f'<w:hyperlink w:anchor="{escape_xml(anchor)}" w:history="1">{runs}</w:hyperlink>'
    return f'<w:hyperlink r:id="{link(href)}" w:history="1">{runs}</w:hyperlink>'


# --- after rendering --------------------------------------------------------------------------


def _headers_and_footers(word: WordDocument) -> list[Any]:
    """The rendered header and footer parts (docxtpl replaces the template's own)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    kinds = (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER)
    return [rel.target_part for rel in word.part.rels.values() if rel.reltype in kinds]


def _tidy_body(body: _Element) -> None:
    """Drop the empty runs docxtpl leaves around `{{r }}` tags, and the w14 paragraph ids a
    Word-saved template carries: loops would repeat them, and Word wants them unique."""
    empty = [
        t.getparent()
        for t in body.iter(f"{W}t")
        if not t.text and all(child.tag in {f"{W}t", f"{W}rPr"} for child in t.getparent())
    ]
    for run in empty:
        run.getparent().remove(run)
    for paragraph in body.iter(f"{W}p"):
        paragraph.attrib.pop(f"{W14}paraId", None)
        paragraph.attrib.pop(f"{W14}textId", None)


def _set_language(styles: _Element, language: str, latin: str) -> None:
    """Spelling, hyphenation, font and direction follow the draft's language: w:lang in the
    attribute of its script's slot, the script's font in the w:rFonts slot Word takes for
    those characters, and (right to left) w:bidi and w:rtl, all in the document defaults.
    Latin text in a document of another script (the labels, names) is in `latin`: with the
    draft's language there, LibreOffice breaks English words anywhere in a Chinese copy."""
    script = script_of(language)
    defaults = child_element(styles, "docDefaults", first=True)
    rpr = child_element(child_element(defaults, "rPrDefault", first=True), "rPr")
    lang = child_element(rpr, "lang")
    tag = word_language(language)
    lang.set(f"{W}val", tag)
    if script.word_slot != "ascii":
        lang.set(f"{W}val", word_language(latin))
        lang.set(f"{W}{WORD_LANGUAGE_SLOTS[script.word_slot]}", tag)
        child_element(rpr, "rFonts", first=True).set(f"{W}{script.word_slot}", script.serif)
    if script.direction == "rtl":
        lang.addprevious(_w_element("rtl"))  # rtl comes before lang in the schema's order
        ppr = child_element(child_element(defaults, "pPrDefault"), "pPr")
        before = ppr.find(f"{W}spacing")  # bidi before spacing, the first that may be there
        if before is None:
            ppr.append(_w_element("bidi"))
        else:
            before.addprevious(_w_element("bidi"))


#: What follows w:bidi in a paragraph's properties (ECMA-376 Part 1, CT_PPrBase), so that it
#: is inserted in the schema's order.
AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def _set_footer_direction(word: WordDocument, labels: str, language: str) -> None:
    """The footer's "Page X of Y" runs in its labels' direction where the document's differs
    (English labels of a Persian copy): in a right-to-left paragraph LibreOffice sets the page
    fields apart from the English words around them, "3 Page 1 of"."""
    direction = script_of(labels).direction
    if direction == script_of(language).direction:
        return
    from docx.opc.constants import RELATIONSHIP_TYPE

    rtl = direction == "rtl"
    for rel in word.part.rels.values():
        if rel.reltype != RELATIONSHIP_TYPE.FOOTER:
            continue
        for paragraph in rel.target_part.element.iter(f"{W}p"):
            properties = paragraph.get_or_add_pPr()
            bidi = properties.find(f"{W}bidi")
            if bidi is None:
                bidi = _w_element("bidi")
                properties.insert_element_before(bidi, *AFTER_BIDI)
            bidi.set(f"{W}val", "1" if rtl else "0")
            for run in paragraph.iter(f"{W}r"):
                run.get_or_add_rPr().get_or_add_rtl().val = rtl


def _w_element(name: str) -> _Element:
    from lxml.etree import Element

    return Element(f"{W}{name}")


def word_language(language: str) -> str:
    """The tag Word knows for a BCP 47 language: Word names Chinese by region, not script."""
    return WORD_LANGUAGES.get(language.lower(), language)


def child_element(parent: _Element, name: str, *, first: bool = False) -> _Element:
    from lxml.etree import SubElement

    found = parent.find(f"{W}{name}")
    if found is None:
        found = SubElement(parent, f"{W}{name}")
        if first:
            parent.insert(0, found)
    return found


def _set_review_mode(settings: _Element, *, protect: bool) -> None:
    """Track Changes is on when the copy opens; `protect` enforces it.

    `w:edit="trackedChanges"` (ECMA-376 Part 1, 17.18.29 ST_DocProtect) requires every edit to
    be tracked as a revision. Comments are not revisions, and Word's "Tracked changes" editing
    restriction still lets a reviewer insert comments, so delegations can both edit and comment.
    No password is set: the protection keeps edits tracked, it is not a lock.
    """
    from lxml.etree import Element

    for name in ("trackRevisions", "documentProtection"):
        for old in settings.findall(f"{W}{name}"):
            settings.remove(old)
    new = [Element(f"{W}trackRevisions")]
    if protect:
        new.append(
            Element(
                f"{W}documentProtection", {f"{W}edit": "trackedChanges", f"{W}enforcement": "1"}
            )
        )
    position = 0
    for child in settings:
        if not isinstance(child.tag, str) or child.tag.rpartition("}")[2] not in (
            SETTINGS_BEFORE_TRACKING
        ):
            break
        position += 1
    for offset, element in enumerate(new):
        settings.insert(position + offset, element)


def _set_properties(word: WordDocument, document: Document, versions_of: str) -> None:
    """File > Info shows what the copy is; `identifier` tells the review tool its version."""
    outcome, version = document.outcome, document.version
    meeting = outcome.meeting
    moment = version.timestamp.astimezone(UTC)
    props = word.core_properties
    props.title = outcome.title
    props.subject = meeting.name
    props.author = document.settings.organisation
    props.last_modified_by = document.settings.organisation
    status = "draft for review" if version.kind == "draft" else "published"
    props.keywords = "; ".join(
        k for k in (meeting.process, meeting.short_name, "outcome document", status) if k
    )
    props.comments = document.version_label
    props.category = "Outcome document"
    props.content_status = "Draft" if version.kind == "draft" else "Final"
    props.language = outcome.language
    props.version = version.tag_suffix
    props.identifier = f"{versions_of}/{version.tag_suffix}"
    props.revision = version.number
    props.created = moment  # the recorded moment, never the clock: the bytes must repeat
    props.modified = moment


def _write(out: Path, data: bytes) -> None:
    try:
        write_atomically(out, data)
    except OSError as error:
        raise RenderFailed(f"{out}: cannot be written: {error.strerror}") from None
