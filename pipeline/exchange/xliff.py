"""XLIFF 2.0 for translation tools (Trados, memoQ, eLUNa): written from a sheet, read back.

One `<unit>` per text, named by its exchange id, with one segment: the source, the current
translation as the target, and a `state` that follows the computed one (missing: `initial`
without a target; outdated: `initial` with the old target and a note of the source's changed
words; current: `translated`). Bold, italic and links are paired codes (`<pc>`), code spans
and line breaks placeholders (`<ph>`), each with its Markdown in `<originalData>` and
`canDelete="no"`, so that a tool shows them as tags the translator places but cannot break.
Coming back, a code means what it meant in the source (its id is looked up there), never what
the returned file says it means. Each unit carries the fingerprint of the target it was sent
with (`o:sent`), so that the import can tell a translation corrected in the draft meanwhile.

Written and read with lxml (already needed for Word): translate-toolkit reads and writes
XLIFF 1.2 only (XLIFF 2.0 is its open issue translate/translate#3369).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count, groupby
from typing import TYPE_CHECKING

from pipeline.errors import ReturnedFileRefused
from pipeline.exchange.markdown import NotMarkdown, markdown_of
from pipeline.exchange.returned import ReturnedFile, ReturnedText
from pipeline.exchange.texts import ExchangeText, Sheet
from pipeline.inline import Span, parse_inline
from pipeline.review.package import parse_untrusted_xml
from pipeline.words import marked

if TYPE_CHECKING:
    from lxml.etree import _Element

NS = "urn:oasis:names:tc:xliff:document:2.0"
X = f"{{{NS}}}"
#: outcomes' own attributes (XLIFF 2.0 allows other namespaces' on a unit, and tools keep
#: them): `o:sent`, the fingerprint of the translation as the file gave it.
OWN_NS = "urn:outcomes:xliff"
SENT = f"{{{OWN_NS}}}sent"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION_NOTE = "source-version"
#: Segment states by the computed state of the text; `final` is left to the reviewer's tool.
STATES = {"missing": "initial", "outdated": "initial", "current": "translated"}
CONFIRMED = frozenset({"translated", "reviewed", "final"})
#: Codes a translation may leave out, or add where the source has none, by their subType.
FORMATTING = {"strong": "xlf:b", "emphasis": "xlf:i"}
#: The elements that hold other elements only; everything else holds text and codes.
STRUCTURE = frozenset({"xliff", "file", "notes", "unit", "segment", "originalData"})


# --- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """One inline code of a source text: a paired code's style, or a placeholder's text."""

    kind: str  # "strong", "emphasis", "link", "code", "break"
    start: str  # its Markdown (a placeholder's whole text)
    end: str = ""
    href: str | None = None


def write_xliff(sheet: Sheet, original: str) -> bytes:
    """The XLIFF 2.0 document of `sheet`; `original` names the source draft's file."""
    from lxml import etree

    root = etree.Element(
        f"{X}xliff",
        {"version": "2.0", "srcLang": sheet.source_language, "trgLang": sheet.language},
        nsmap={None: NS, "o": OWN_NS},
    )
    file = etree.SubElement(root, f"{X}file", {"id": sheet.outcome_id, "original": original})
    notes = etree.SubElement(file, f"{X}notes")
    note = etree.SubElement(notes, f"{X}note", {"id": VERSION_NOTE, "category": "outcomes"})
    note.text = sheet.version
    for text in sheet.texts:
        file.append(_unit(text))
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _unit(text: ExchangeText) -> _Element:
    from lxml import etree

    source = text.source
    unit = etree.Element(f"{X}unit", {"id": source.xid, "name": source.label, SENT: text.as_sent})
    if text.changes:
        notes = etree.SubElement(unit, f"{X}notes")
        note = etree.SubElement(notes, f"{X}note", {"category": "source-changed"})
        note.text = "The source changed since the translation: " + marked(text.changes)
    codes: dict[str, Code] = {}
    data = etree.SubElement(unit, f"{X}originalData")
    segment = etree.SubElement(unit, f"{X}segment", {"state": STATES[text.state]})
    _fill(etree.SubElement(segment, f"{X}source"), parse_inline(source.text), codes)
    if text.target is not None:
        _fill(etree.SubElement(segment, f"{X}target"), parse_inline(text.target), codes, codes)
    for code_id, code in codes.items():
        for suffix, value in (("s", code.start), ("e", code.end)):
            if value:
                item = etree.SubElement(data, f"{X}data", {"id": f"d{code_id}{suffix}"})
                item.text = value
                item.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    if not codes:
        unit.remove(data)
    return unit


def _fill(
    element: _Element,
    spans: tuple[Span, ...],
    codes: dict[str, Code],
    known: dict[str, Code] | None = None,
) -> None:
    """Spans as text and codes inside `element`. The source's codes are numbered and kept in
    `codes`; a target reuses the source's id of the same code where there is one."""
    writer = _Writer(element, codes, known)
    for href, group in groupby(spans, key=lambda span: span.href):
        writer.group(list(group), href)


class _Writer:
    def __init__(self, element: _Element, codes: dict[str, Code], known: dict[str, Code] | None):
        self.stack = [element]
        self.codes = codes
        self.unused = dict(known) if known is not None else None
        self.numbers = count(1)

    def group(self, spans: list[Span], href: str | None) -> None:
        if href:
            self.open(Code("link", "[", f"]({href})", href))
        for strong, by_strong in groupby(spans, key=lambda span: span.strong):
            if strong:
                self.open(Code("strong", "**", "**"))
            for emphasis, by_emphasis in groupby(by_strong, key=lambda span: span.emphasis):
                if emphasis:
                    self.open(Code("emphasis", "*", "*"))
                for span in by_emphasis:
                    self.span(span)
                if emphasis:
                    self.close()
            if strong:
                self.close()
        if href:
            self.close()

    def span(self, span: Span) -> None:
        if span.line_break:
            self.placeholder(Code("break", "\\\n"))
        if span.code:
            fence = "``" if "`" in span.text else "`"
            self.placeholder(Code("code", f"{fence}{span.text}{fence}"))
        else:
            self.text(span.text)

    def open(self, code: Code) -> None:
        from lxml import etree

        code_id = self.id_for(code)
        element = etree.SubElement(
            self.stack[-1],
            f"{X}pc",
            {"id": code_id, "canCopy": "no", **_protected(code), **_kind(code)},
        )
        element.set("dataRefStart", f"d{code_id}s")
        element.set("dataRefEnd", f"d{code_id}e")
        self.stack.append(element)

    def close(self) -> None:
        self.stack.pop()

    def placeholder(self, code: Code) -> None:
        from lxml import etree

        code_id = self.id_for(code)
        attributes = {"id": code_id, "canCopy": "no", **_protected(code), **_kind(code)}
        etree.SubElement(self.stack[-1], f"{X}ph", attributes).set("dataRef", f"d{code_id}s")

    def text(self, words: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + words
        else:
            parent.text = (parent.text or "") + words

    def id_for(self, code: Code) -> str:
        if self.unused is None:  # the source: a new code
            code_id = str(next(self.numbers))
            self.codes[code_id] = code
            return code_id
        for code_id, known in self.unused.items():  # a target: the source's code, once
            if known == code:
                del self.unused[code_id]
                return code_id
        code_id = f"t{next(self.numbers)}"  # a code the source lacks: the import refuses it
        self.codes[code_id] = code
        return code_id


def _protected(code: Code) -> dict[str, str]:
    """A link, a code span or a line break may not be dropped; bold and italic may."""
    return {} if code.kind in FORMATTING else {"canDelete": "no"}


def _kind(code: Code) -> dict[str, str]:
    return {
        "strong": {"type": "fmt", "subType": "xlf:b", "dispStart": "**", "dispEnd": "**"},
        "emphasis": {"type": "fmt", "subType": "xlf:i", "dispStart": "*", "dispEnd": "*"},
        "link": {"type": "link", "dispStart": "[", "dispEnd": code.end},
        "code": {"type": "other", "disp": code.start},
        "break": {"type": "fmt", "subType": "xlf:lb"},
    }[code.kind]


def _indent(element: _Element, depth: int) -> None:
    """Line breaks and indentation between structural elements only: inside a source or a
    target every space is the text's."""
    children = list(element)
    if _local(element) not in STRUCTURE or not children:
        return
    element.text = "\n" + "  " * (depth + 1)
    for child in children:
        _indent(child, depth + 1)
        child.tail = "\n" + "  " * (depth + 1)
    children[-1].tail = "\n" + "  " * depth


def _local(element: _Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


# --- reading ------------------------------------------------------------------------------------


def read_xliff(data: bytes, name: str) -> ReturnedFile:
    """The texts of a returned XLIFF 2.0 file; `ReturnedFileRefused` if it is not one."""
    root = parse_untrusted_xml(name, data, "it", "a translation tool")

    def refused(reason: str) -> ReturnedFileRefused:
        return ReturnedFileRefused(f"{name}: refused: {reason}")

    if root.tag != f"{X}xliff" or not (root.get("version") or "").startswith("2."):
        raise refused('it is not an XLIFF 2 file (its root is not <xliff version="2.0">)')
    files = root.findall(f"{X}file")
    if len(files) != 1:
        raise refused(f"it holds {len(files)} <file> elements; the file written held one")
    file = files[0]
    version = next(
        (n.text or "" for n in file.iterfind(f"{X}notes/{X}note") if n.get("id") == VERSION_NOTE),
        "",
    )
    if not version:
        raise refused("it does not name the source version it was made from (its note is gone)")
    texts = tuple(_returned(unit) for unit in file.iter(f"{X}unit"))
    return ReturnedFile(
        name,
        "XLIFF",
        file.get("id", ""),
        root.get("srcLang", ""),
        root.get("trgLang", ""),
        version.strip(),
        texts,
    )


def _returned(unit: _Element) -> ReturnedText:
    xid, as_sent = unit.get("id", ""), unit.get(SENT)
    segments = unit.findall(f"{X}segment")
    if len(segments) != 1:
        problem = f"it was split into {len(segments)} segments; join them in the translation tool"
        return ReturnedText(xid, (), None, problem, as_sent=as_sent)
    segment = segments[0]
    codes: dict[str, Code] = {}
    source_element = segment.find(f"{X}source")
    source = _Reader(codes, learn=True).spans(source_element)
    target_element = segment.find(f"{X}target")
    confirmed = segment.get("state", "initial") in CONFIRMED
    if target_element is None:
        return ReturnedText(xid, source, None, as_sent=as_sent)
    reader = _Reader(codes, learn=False)
    spans = reader.spans(target_element)
    problem = reader.problem or _unplaced(codes, reader.used)
    if problem is None and not "".join(s.text for s in spans).strip():
        return ReturnedText(xid, source, None, as_sent=as_sent)
    if problem:
        return ReturnedText(xid, source, None, problem, confirmed, as_sent)
    try:
        target = markdown_of(spans)
    except NotMarkdown:
        problem = "its bold, italic or links cannot be written as the draft writes them"
        return ReturnedText(xid, source, None, problem, confirmed, as_sent)
    return ReturnedText(xid, source, target, None, confirmed, as_sent)


def _unplaced(codes: dict[str, Code], used: list[str]) -> str | None:
    missing = [c for c, code in codes.items() if c not in used and code.kind not in FORMATTING]
    twice = {code for code in used if used.count(code) > 1}
    if missing or twice:
        which = (missing or sorted(twice))[0]
        how = "is missing from" if missing else "stands twice in"
        return f"a broken inline code: the source's code {which} {how} the translation"
    return None


class _Reader:
    """A source or target read back into spans, its codes understood as the source's."""

    def __init__(self, codes: dict[str, Code], *, learn: bool) -> None:
        self.codes, self.learn = codes, learn
        self.used: list[str] = []
        self.problem: str | None = None
        self.open: dict[str, Code] = {}  # sc codes not yet ended, by id

    def spans(self, element: _Element | None) -> tuple[Span, ...]:
        if element is None:
            return ()
        return tuple(self._walk(element, ()))

    def _walk(self, element: _Element, styles: tuple[Code, ...]) -> Iterator[Span]:
        if element.text:
            yield _span(element.text, (*styles, *self.open.values()))
        for child in element:
            yield from self._child(child, styles)
            if child.tail:
                yield _span(child.tail, (*styles, *self.open.values()))

    def _child(self, child: _Element, styles: tuple[Code, ...]) -> Iterator[Span]:
        name = _local(child)
        if name == "mrk":
            yield from self._walk(child, styles)
        elif name == "cp":
            # <cp> carries a character XML cannot (a control character): no draft holds one.
            hex_value = (child.get("hex") or "")[:8]
            self.problem = self.problem or (
                f'it holds a character XML cannot carry (<cp hex="{hex_value}">), '
                "which a draft cannot hold either"
            )
        elif name in ("pc", "ph", "sc"):
            code = self._code(child)
            if code is None:
                return
            if name == "pc":
                yield from self._walk(child, (*styles, code))
            elif name == "sc":
                self.open[child.get("id", "")] = code
            elif code.kind == "break":
                yield Span("", line_break=True)
            else:
                yield Span(code.start.strip("`"), code=True)
        elif name == "ec":
            if self.open.pop(child.get("startRef") or child.get("id") or "", None) is None:
                self.problem = "a broken inline code: a code ends that never started"
        else:
            self.problem = f"an element XLIFF does not allow in a text: <{name}>"

    def _code(self, element: _Element) -> Code | None:
        code_id = element.get("id", "")
        if self.learn:
            code = _code_of(element)
            if code is not None:
                self.codes[code_id] = code
            return code
        self.used.append(code_id)
        if code_id in self.codes:
            return self.codes[code_id]
        kind = {sub: kind for kind, sub in FORMATTING.items()}.get(element.get("subType", ""))
        if kind and _local(element) == "pc":  # bold or italic the translation adds
            return Code(kind, "")
        self.problem = f"a broken inline code: the source has no code {code_id}"
        return None


def _code_of(element: _Element) -> Code | None:
    """What a source code is, from the Markdown this file was written with."""
    unit = next(a for a in element.iterancestors() if _local(a) == "unit")
    data = {d.get("id"): d.text or "" for d in unit.iterfind(f"{X}originalData/{X}data")}
    start = data.get(element.get("dataRefStart") or element.get("dataRef") or "", "")
    end = data.get(element.get("dataRefEnd") or "", "")
    if start == "[" and end.startswith("](") and end.endswith(")"):
        return Code("link", start, end, end[2:-1])
    if start in ("**", "*"):
        return Code("strong" if start == "**" else "emphasis", start, end)
    if start == "\\\n":
        return Code("break", start)
    if start.startswith("`"):
        return Code("code", start)
    return None


def _span(text: str, styles: tuple[Code, ...]) -> Span:
    kinds = {code.kind for code in styles}
    href = next((code.href for code in styles if code.kind == "link"), None)
    return Span(text, strong="strong" in kinds, emphasis="emphasis" in kinds, href=href)
