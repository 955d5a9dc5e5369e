"""Returned review copies, marked up the way Word and LibreOffice write them, and hostile files.

`Markup` starts from a real review copy made by `outcomes draft` and edits its XML as a
delegate's word processor would: comments (comments.xml, commentRangeStart/End and a
commentReference run; commentsExtended.xml for replies, as Word 2013+ writes them), tracked
insertions, deletions and moves with author and date, formatting changes, a paragraph added
with Enter, a bookmark deleted. `style="libreoffice"` leaves out what LibreOffice does not
write (w14 paragraph ids, commentsExtended, rsids). The hostile files are built from scratch.
"""

from __future__ import annotations

import copy
import io
import zipfile
from itertools import count
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
W = f"{{{W_NS}}}"
W14 = f"{{{W14_NS}}}"
W15 = f"{{{W15_NS}}}"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
WORD_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml"
DATE = "2016-12-01T10:15:00Z"


class Markup:
    """A review copy being marked up by one delegate's word processor."""

    def __init__(self, copy_path: Path | bytes, *, style: str = "word") -> None:
        data = copy_path if isinstance(copy_path, bytes) else copy_path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            self.parts = {name: package.read(name) for name in package.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.body = self.document.find(f"{W}body")
        self.style = style
        self.comments: list[etree._Element] = []
        self.threads: list[tuple[str, str | None, bool]] = []  # paraId, parent's, resolved
        self.revision_ids = count(700)
        self.comment_ids = count(0)
        self.para_ids = count(0x1A2B0001)
        self.properties: dict[str, str] = {}

    # --- finding paragraphs ------------------------------------------------------------------

    def paragraph(self, para_id: str, item: int | None = None) -> etree._Element:
        """The w:p of outcome paragraph `para_id` (its sub-item `item`, counted from 0)."""
        name = "para_" + para_id.replace("-", "_")
        start = next(s for s in self.body.iter(f"{W}bookmarkStart") if s.get(f"{W}name") == name)
        p = start.getparent()
        for _ in range(0 if item is None else item + 1):
            p = p.getnext()
        return p

    def paragraph_with(self, text: str) -> etree._Element:
        """The first w:p whose visible text holds `text` (title block, headings ...)."""
        return next(p for p in self.body.iter(f"{W}p") if text in visible_text(p))

    # --- tracked changes ---------------------------------------------------------------------

    def insert(
        self, p: etree._Element, after: str, text: str, author: str, date: str = DATE
    ) -> None:
        """Type `text` with Track Changes on, right after the words `after` ('' = at the start)."""
        offset = self._offset(p, after) + len(after) if after else 0
        parent, index = self._boundary(p, offset)
        ins = self._revision("ins", author, date)
        ins.append(self._run(text, like=self._run_before(p, offset)))
        parent.insert(index, ins)

    def delete(
        self, p: etree._Element, words: str, author: str, date: str = DATE
    ) -> etree._Element:
        """Delete `words` with Track Changes on."""
        return self._wrap(p, words, self._revision("del", author, date), deleted=True)

    def replace(self, p: etree._Element, old: str, new: str, author: str, date: str = DATE) -> None:
        """Select `old` and type `new`, as Word records it: a deletion, then an insertion."""
        deletion = self.delete(p, old, author, date)
        ins = self._revision("ins", author, date)
        ins.append(self._run(new, like=deletion.find(f"{W}r")))
        deletion.addnext(ins)

    def move(
        self, p: etree._Element, words: str, to: etree._Element, after: str, author: str
    ) -> None:
        """Cut `words` and paste them after `after` in `to`, with Track Changes on (a move)."""
        name = f"move{next(self.revision_ids)}"
        source = self._revision("moveFrom", author, DATE)
        self._wrap(p, words, source, deleted=False)
        start = etree.Element(
            f"{W}moveFromRangeStart",
            {
                f"{W}id": str(next(self.revision_ids)),
                f"{W}author": author,
                f"{W}date": DATE,
                f"{W}name": name,
            },
        )
        source.addprevious(start)
        source.addnext(etree.Element(f"{W}moveFromRangeEnd", {f"{W}id": start.get(f"{W}id")}))
        offset = self._offset(to, after) + len(after)
        parent, index = self._boundary(to, offset)
        target = self._revision("moveTo", author, DATE)
        target.append(self._run(words))
        parent.insert(index, target)

    def reformat(self, p: etree._Element, words: str, author: str) -> None:
        """Make `words` bold with Track Changes on: a formatting-only change (w:rPrChange)."""
        for run in self._runs_over(p, words):
            props = run.find(f"{W}rPr")
            if props is None:
                props = etree.Element(f"{W}rPr")
                run.insert(0, props)
            old = copy.deepcopy(props)
            old.tag = f"{W}rPr"
            props.insert(0, etree.Element(f"{W}b"))
            change = etree.SubElement(
                props, f"{W}rPrChange", self._who(author, DATE, next(self.revision_ids))
            )
            change.append(old)

    def recentre(self, p: etree._Element, author: str) -> None:
        """Centre the paragraph with Track Changes on (w:pPrChange)."""
        props = p.find(f"{W}pPr")
        old = copy.deepcopy(props)
        etree.SubElement(props, f"{W}jc", {f"{W}val": "center"})
        change = etree.SubElement(
            props, f"{W}pPrChange", self._who(author, DATE, next(self.revision_ids))
        )
        old.tag = f"{W}pPr"
        change.append(old)

    def new_paragraph_after(self, p: etree._Element, text: str, author: str) -> etree._Element:
        """Press Enter at the end of `p` and type `text`: `p`'s mark becomes an insertion."""
        props = p.find(f"{W}pPr")
        marks = props.find(f"{W}rPr")
        if marks is None:
            marks = etree.SubElement(props, f"{W}rPr")
        marks.append(self._revision("ins", author, DATE))
        new = etree.Element(f"{W}p")
        new.append(copy.deepcopy(props))
        new.find(f"{W}pPr/{W}rPr").clear()
        ins = self._revision("ins", author, DATE)
        ins.append(self._run(text))
        new.append(ins)
        p.addnext(new)
        return new

    def hide(self, p: etree._Element, text: str, author: str) -> None:
        """Insert `text` formatted as hidden (w:vanish) at the end of `p`."""
        ins = self._revision("ins", author, DATE)
        run = self._run(text)
        props = etree.Element(f"{W}rPr")
        props.append(etree.Element(f"{W}vanish"))
        run.insert(0, props)
        ins.append(run)
        p.append(ins)

    def retype(self, p: etree._Element, old: str, new: str) -> None:
        """Change words with Track Changes off: no revision marks, just other text."""
        for t in p.iter(f"{W}t"):
            if old in (t.text or ""):
                t.text = t.text.replace(old, new, 1)
                return
        raise AssertionError(f"{old!r} is in no single run of the paragraph")

    def remove_bookmark(self, para_id: str) -> None:
        """Delete the paragraph's bookmark, as retyping its first words can."""
        name = "para_" + para_id.replace("-", "_")
        start = next(s for s in self.body.iter(f"{W}bookmarkStart") if s.get(f"{W}name") == name)
        mark = start.get(f"{W}id")
        end = next(e for e in self.body.iter(f"{W}bookmarkEnd") if e.get(f"{W}id") == mark)
        start.getparent().remove(start)
        end.getparent().remove(end)

    # --- comments ----------------------------------------------------------------------------

    def comment(
        self,
        p: etree._Element,
        words: str,
        text: str,
        author: str,
        *,
        to: etree._Element | None = None,
        to_words: str | None = None,
        date: str = DATE,
        replies: tuple[tuple[str, str], ...] = (),
        done: bool = False,
    ) -> str:
        """Select `words` in `p` (through `to_words` in `to`, for a comment over two
        paragraphs) and add a comment; each reply (author, text) is threaded under it."""
        ids = [self._new_comment(text, author, date, None, done)]
        for reply_author, reply_text in replies:
            ids.append(self._new_comment(reply_text, reply_author, date, ids[0], False))
        start_parent, start_index = self._boundary(p, self._offset(p, words))
        end_p = to if to is not None else p
        end_words = to_words if to_words is not None else words
        end_offset = self._offset(end_p, end_words) + len(end_words)
        end_parent, end_index = self._boundary(end_p, end_offset)
        end_anchor = end_parent[end_index - 1] if end_index else None
        start_anchor = start_parent[start_index] if start_index < len(start_parent) else None
        for mark in ids:  # Word gives a reply a range of its own, the same as its parent's
            start = etree.Element(f"{W}commentRangeStart", {f"{W}id": mark})
            if start_anchor is not None:
                start_anchor.addprevious(start)
            else:
                start_parent.append(start)
        last = end_anchor
        for mark in ids:
            end = etree.Element(f"{W}commentRangeEnd", {f"{W}id": mark})
            reference = self._reference_run(mark)
            if last is not None:
                last.addnext(end)
            else:
                end_parent.insert(0, end)
            end.addnext(reference)
            last = reference
        return ids[0]

    def _new_comment(
        self, text: str, author: str, date: str, parent: str | None, done: bool
    ) -> str:
        mark = str(next(self.comment_ids))
        initials = "".join(w[0] for w in author.split() if w)
        comment = etree.Element(
            f"{W}comment",
            {f"{W}id": mark, f"{W}author": author, f"{W}date": date, f"{W}initials": initials},
        )
        para_id = f"{next(self.para_ids):08X}"
        for n, line in enumerate(text.split("\n")):
            p = etree.SubElement(comment, f"{W}p")
            if self.style == "word" and n == len(text.split("\n")) - 1:
                p.set(f"{W14}paraId", para_id)
                p.set(f"{W14}textId", "77777777")
            props = etree.SubElement(p, f"{W}pPr")
            etree.SubElement(props, f"{W}pStyle", {f"{W}val": "CommentText"})
            if n == 0:
                ref = etree.SubElement(p, f"{W}r")
                ref_props = etree.SubElement(ref, f"{W}rPr")
                etree.SubElement(ref_props, f"{W}rStyle", {f"{W}val": "CommentReference"})
                etree.SubElement(ref, f"{W}annotationRef")
            p.append(self._run(line))
        self.comments.append(comment)
        parent_para = None
        if parent is not None:
            parent_element = next(c for c in self.comments if c.get(f"{W}id") == parent)
            parent_para = parent_element.findall(f"{W}p")[-1].get(f"{W14}paraId")
        self.threads.append((para_id, parent_para, done))
        return mark

    def _reference_run(self, mark: str) -> etree._Element:
        run = etree.Element(f"{W}r")
        props = etree.SubElement(run, f"{W}rPr")
        if self.style == "word":
            etree.SubElement(props, f"{W}rStyle", {f"{W}val": "CommentReference"})
        etree.SubElement(run, f"{W}commentReference", {f"{W}id": mark})
        return run

    # --- saving ------------------------------------------------------------------------------

    def set_property(self, name: str, value: str | None) -> None:
        """Set (or, with None, remove) a core property such as identifier or lastModifiedBy."""
        self.properties[name] = value  # type: ignore[assignment]

    def save(self, path: Path) -> Path:
        parts = dict(self.parts)
        parts["word/document.xml"] = etree.tostring(
            self.document, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        if self.comments:
            parts.update(self._comment_parts())
        parts["docProps/core.xml"] = self._core(parts["docProps/core.xml"])
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return path

    def _comment_parts(self) -> dict[str, bytes]:
        root = etree.Element(f"{W}comments", nsmap={"w": W_NS, "w14": W14_NS})
        root.extend(self.comments)
        parts = {"word/comments.xml": _xml(root)}
        overrides = {"/word/comments.xml": f"{WORD_TYPES}.comments+xml"}
        rels = {"comments.xml": f"{OFFICE}/comments"}
        if self.style == "word":
            extended = etree.Element(f"{W15}commentsEx", nsmap={"w15": W15_NS})
            for para, parent, done in self.threads:
                attributes = {f"{W15}paraId": para, f"{W15}done": "1" if done else "0"}
                if parent:
                    attributes[f"{W15}paraIdParent"] = parent
                etree.SubElement(extended, f"{W15}commentEx", attributes)
            parts["word/commentsExtended.xml"] = _xml(extended)
            overrides["/word/commentsExtended.xml"] = f"{WORD_TYPES}.commentsExtended+xml"
            rels["commentsExtended.xml"] = (
                "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
            )
        parts["[Content_Types].xml"] = _with_overrides(self.parts["[Content_Types].xml"], overrides)
        parts["word/_rels/document.xml.rels"] = _with_rels(
            self.parts["word/_rels/document.xml.rels"], rels
        )
        return parts

    def _core(self, data: bytes) -> bytes:
        root = etree.fromstring(data)
        names = {
            "identifier": f"{{{DC}}}identifier",
            "version": f"{{{CORE_CP}}}version",
            "lastModifiedBy": f"{{{CORE_CP}}}lastModifiedBy",
        }
        for name, value in self.properties.items():
            tag = names[name]
            element = root.find(tag)
            if value is None:
                if element is not None:
                    root.remove(element)
                continue
            if element is None:
                element = etree.SubElement(root, tag)
            element.text = value
        return _xml(root)

    # --- runs --------------------------------------------------------------------------------

    def _revision(self, kind: str, author: str, date: str) -> etree._Element:
        return etree.Element(f"{W}{kind}", self._who(author, date, next(self.revision_ids)))

    def _who(self, author: str, date: str, number: int) -> dict[str, str]:
        return {f"{W}id": str(number), f"{W}author": author, f"{W}date": date}

    def _run(self, text: str, like: etree._Element | None = None) -> etree._Element:
        run = etree.Element(f"{W}r")
        if self.style == "word":
            run.set(f"{W}rsidR", "00A1B2C3")
        if like is not None and like.find(f"{W}rPr") is not None:
            run.append(copy.deepcopy(like.find(f"{W}rPr")))
        t = etree.SubElement(
            run, f"{W}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
        )
        t.text = text
        return run

    def _text_runs(self, p: etree._Element) -> list[etree._Element]:
        """The runs showing text (not deleted) in `p`, in order."""
        return [r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None]

    def _offset(self, p: etree._Element, words: str) -> int:
        text = visible_text(p)
        assert words in text, f"{words!r} not in {text!r}"
        return text.index(words)

    def _boundary(self, p: etree._Element, offset: int) -> tuple[etree._Element, int]:
        """Split runs so one starts at `offset`; return where to insert before it."""
        position = 0
        runs = self._text_runs(p)
        for run in runs:
            text = run.find(f"{W}t").text or ""
            if position == offset:
                return run.getparent(), run.getparent().index(run)
            if position < offset < position + len(text):
                second = copy.deepcopy(run)
                run.find(f"{W}t").text = text[: offset - position]
                second.find(f"{W}t").text = text[offset - position :]
                run.addnext(second)
                return second.getparent(), second.getparent().index(second)
            position += len(text)
        last = runs[-1]
        return last.getparent(), last.getparent().index(last) + 1

    def _run_before(self, p: etree._Element, offset: int) -> etree._Element | None:
        position, before = 0, None
        for run in self._text_runs(p):
            if position >= offset:
                break
            before = run
            position += len(run.find(f"{W}t").text or "")
        return before

    def _runs_over(self, p: etree._Element, words: str) -> list[etree._Element]:
        start = self._offset(p, words)
        self._boundary(p, start)
        self._boundary(p, start + len(words))
        found, position = [], 0
        for run in self._text_runs(p):
            text = run.find(f"{W}t").text or ""
            if start <= position < start + len(words):
                found.append(run)
            position += len(text)
        return found

    def _wrap(
        self, p: etree._Element, words: str, wrapper: etree._Element, *, deleted: bool
    ) -> etree._Element:
        runs = self._runs_over(p, words)
        runs[0].addprevious(wrapper)
        for run in runs:
            if deleted:
                run.find(f"{W}t").tag = f"{W}delText"
            wrapper.append(run)
        return wrapper


def visible_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def deleted_text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}delText"))


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_overrides(data: bytes, overrides: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    for part, kind in overrides.items():
        etree.SubElement(root, f"{{{TYPES_NS}}}Override", PartName=part, ContentType=kind)
    return _xml(root)


def _with_rels(data: bytes, rels: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    for n, (target, kind) in enumerate(rels.items(), 90):
        etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=f"rId{n}", Type=kind, Target=target)
    return _xml(root)


# --- hostile files ----------------------------------------------------------------------------


def docx_with(
    base: Path, out: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None
) -> Path:
    """`base` with some parts replaced and others added."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, replace.get(name, source.read(name)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out


def zip_bomb(base: Path, out: Path, megabytes: int = 300) -> Path:
    """`base` plus a part that unpacks to `megabytes` MB of nothing (it packs ~1000 times)."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        with target.open("word/media/image1.png", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                handle.write(chunk)
    return out


def many_parts(base: Path, out: Path, parts: int = 5000) -> Path:
    extra = {f"word/media/i{n}.bin": b"x" for n in range(parts)}
    return docx_with(base, out, {}, extra)


def many_paragraphs(base: Path, out: Path, paragraphs: int = 5000) -> Path:
    """`base` with `paragraphs` more one-word paragraphs: far beyond any outcome."""
    marked = Markup(base.read_bytes())
    section = marked.body[-1]  # w:sectPr, which closes the body
    for n in range(paragraphs):
        p = etree.Element(f"{W}p")
        etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = f"Line {n}."
        section.addprevious(p)
    return marked.save(out)


def cut_short(base: Path, out: Path) -> Path:
    """The first part of `base`, as a download or an e-mail cut off half-way leaves it."""
    out.write_bytes(base.read_bytes()[:4000])
    return out


def password_protected(out: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE compound file holding an
    EncryptionInfo and an EncryptedPackage stream (only its header and directory matter here)."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\0" * 50
    directory += "EncryptedPackage".encode("utf-16-le") + b"\0" * 50
    out.write_bytes(header + directory + b"\x17" * 4096)
    return out


def old_word_file(out: Path) -> Path:
    """A Word 97-2003 .doc: an OLE compound file with a WordDocument stream."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
    out.write_bytes(header + "WordDocument".encode("utf-16-le") + b"\0" * 4096)
    return out


def huge_file(out: Path, megabytes: int = 200) -> Path:
    """A file of `megabytes` MB that takes no room on disk (sparse)."""
    with out.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(megabytes * 1024 * 1024)
    return out


XXE = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""

#: The external entity in UTF-32, whose `<!DOCTYPE` no byte scan for UTF-8 or UTF-16 finds:
#: only the parsed tree tells.
XXE_UTF32 = XXE.replace(b'encoding="UTF-8"', b'encoding="UTF-32"').decode("utf-8").encode("utf-32")

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""

MALFORMED = b"""<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>The meeting adopted</w:r></w:p>"""
