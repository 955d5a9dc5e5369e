"""What a translator does to the files `translate --docx` and `--xliff` write, done by script:
type a translation into the right-hand column of the bilingual copy, or into the XLIFF
targets, as Word and a translation tool would write them."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from pipeline.inline import Span, parse_inline

SCHEMA = Path(__file__).parent / "data" / "xliff" / "xliff_core_2.0.xsd"
XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
X = f"{{{XLIFF}}}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

#: A translation by exchange id: the Markdown to type (None leaves the place empty).
Typed = Callable[[str], str | None]


def xliff_errors(path: Path) -> list[str]:
    """What the OASIS XLIFF 2.0 core schema finds wrong in `path` (read with no network)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA), parser))
    schema.validate(etree.parse(str(path), parser))
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def rows(docx: Path) -> dict[str, tuple[str, str, str]]:
    """Each row of the bilingual copy by its exchange id: number, source and translation."""
    table = Document(str(docx)).tables[0]
    found = {}
    for row in table.rows[1:]:
        number, source, target = (cell.text for cell in row.cells)
        label, xid, *_ = number.split("\n")
        found[xid] = (label, source, target)
    return found


def type_into_docx(docx: Path, out: Path, typed: Typed) -> Path:
    """`docx` with each right-hand cell's text replaced by what `typed` gives for its row,
    typed as runs (bold, italic, links as Word makes them)."""
    word = Document(str(docx))
    for row in word.tables[0].rows[1:]:
        xid = row.cells[0].text.split("\n")[1]
        text = typed(xid)
        if text is None:
            continue
        paragraph = row.cells[2].paragraphs[0]
        for child in list(paragraph._p):
            if child.tag != qn("w:pPr"):
                paragraph._p.remove(child)
        for span in parse_inline(text):
            _type_span(word, paragraph, span)
    word.save(str(out))
    return out


def _type_span(word: Document, paragraph: object, span: Span) -> None:
    run = paragraph.add_run(span.text)  # type: ignore[attr-defined]
    run.bold = span.strong or None
    run.italic = span.emphasis or None
    if span.line_break:
        run._r.insert(1 if run._r.rPr is not None else 0, OxmlElement("w:br"))
    if span.href:
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), word.part.relate_to(span.href, HYPERLINK, is_external=True))
        run._r.addprevious(link)
        link.append(run._r)


def type_into_xliff(xlf: Path, out: Path, typed: Typed, state: str = "translated") -> Path:
    """`xlf` with each unit's target replaced by what `typed` gives, its inline codes those of
    the source in the source's order (as a translation tool copies tags)."""
    tree = etree.parse(str(xlf))
    for unit in tree.iter(f"{X}unit"):
        text = typed(unit.get("id"))
        if text is None:
            continue
        segment = unit.find(f"{X}segment")
        old = segment.find(f"{X}target")
        if old is not None:
            segment.remove(old)
        target = etree.SubElement(segment, f"{X}target")
        _codes_like_source(target, segment.find(f"{X}source"), parse_inline(text))
        segment.set("state", state)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def _codes_like_source(target: etree._Element, source: etree._Element, spans: tuple) -> None:
    """The target's spans with the source's paired codes, matched in order by kind."""
    codes = {
        kind: [c for c in source.iter(f"{X}pc", f"{X}ph") if _kind(c) == kind]
        for kind in ("b", "i", "link", "code", "lb")
    }
    stack: list[tuple[str, etree._Element]] = [("", target)]
    for span in spans:
        marks = (("link", span.href), ("b", span.strong), ("i", span.emphasis))
        wanted = [kind for kind, on in marks if on]
        while stack[-1][0] and stack[-1][0] not in wanted:
            stack.pop()
        for kind in wanted:
            if kind not in (k for k, _ in stack):
                element = _copy(codes[kind].pop(0)) if codes[kind] else _added(kind)
                stack[-1][1].append(element)
                stack.append((kind, element))
        parent = stack[-1][1]
        if span.line_break:
            parent.append(_copy(codes["lb"].pop(0)))
        if span.code:
            parent.append(_copy(codes["code"].pop(0)))
        else:
            _text(parent, span.text)


def _added(kind: str) -> etree._Element:
    """Bold or italic the translator adds where the source has none (a new code)."""
    number = next(_NEW_CODES)
    return etree.Element(f"{X}pc", {"id": f"n{number}", "type": "fmt", "subType": f"xlf:{kind}"})


_NEW_CODES = itertools.count(1)


def _kind(code: etree._Element) -> str:
    return {"xlf:b": "b", "xlf:i": "i", "xlf:lb": "lb"}.get(
        code.get("subType", ""), "link" if code.get("type") == "link" else "code"
    )


def _copy(code: etree._Element) -> etree._Element:
    element = etree.Element(code.tag, dict(code.attrib))
    return element


def _text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def document_xml(docx: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as archive:
        return archive.read("word/document.xml").decode("utf-8")
