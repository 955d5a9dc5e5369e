"""What a delegation did to its review copy: each comment and tracked change, by paragraph.

The document is walked here, element by element, rather than through python-docx, whose
`paragraph.text` drops the text of tracked insertions (pitfalls.md, I5). Each Word paragraph
becomes a `Block` that knows its text before and after the delegation's changes, the
bookmarks around it (which name the outcome paragraph) and the comments anchored in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.review.package import Package, core_properties, open_package, read_file
from pipeline.review.text import squeeze

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"

#: What a piece of text is, as the delegation left it.
EQUAL, INSERT, DELETE, MOVE_TO, MOVE_FROM = "equal", "insert", "delete", "move-to", "move-from"
REVISIONS = {"ins": INSERT, "del": DELETE, "moveTo": MOVE_TO, "moveFrom": MOVE_FROM}
SHOWN = frozenset({EQUAL, INSERT, MOVE_TO})  # in the text once the changes are accepted
KEPT = frozenset({EQUAL, DELETE, MOVE_FROM})  # in the text as the review copy had it
CHANGE_KINDS = {
    INSERT: "insertion",
    DELETE: "deletion",
    MOVE_TO: "moved here",
    MOVE_FROM: "moved away",
}
#: Elements that only wrap runs: their content is read as if it stood in the paragraph.
INLINE_WRAPPERS = frozenset(
    {"hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "dir", "bdo"}
)
#: Elements that hold paragraphs: tables, rows, cells and content controls.
BLOCK_WRAPPERS = frozenset({"tbl", "tr", "tc", "sdt", "sdtContent", "customXml"})
MARKERS = frozenset({"bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd"})
RUN_TEXT = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
FALSE = frozenset({"0", "false", "off"})
#: An outcome's review copy has a few hundred paragraphs; placing each one by its text is
#: fuzzy matching, whose cost grows with their number, so a file far beyond this is refused.
#: The draft's own limits (`model.MAX_PARAGRAPHS`, `MAX_OTHER_ENTRIES`) keep the review copy
#: of any valid draft near 4,000, with room left for the paragraphs a delegation adds.
MAX_PARAGRAPHS = 5000


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph's text and what the delegation did to it."""

    text: str
    op: str = EQUAL
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class Change:
    """One tracked change, as the compilation lists it."""

    kind: str  # insertion, deletion, moved here, moved away, formatting, paragraph formatting
    text: str
    author: str
    date: str


@dataclass
class Block:
    """One Word paragraph of the returned file."""

    index: int
    style: str
    in_table: bool
    open_bookmarks: list[str]  # names open when the paragraph begins, oldest first
    started_bookmarks: list[str] = field(default_factory=list)  # names starting inside it
    row: int | None = None  # the table row it stands in, numbered through the document
    pieces: list[Piece] = field(default_factory=list)
    formatting: list[Change] = field(default_factory=list)
    mark: str = ""  # "inserted" or "deleted" when its paragraph mark is a tracked change
    hidden: bool = False  # it holds text formatted as hidden (w:vanish)

    @property
    def original(self) -> str:
        """The text as the review copy had it (every change rejected)."""
        return "".join(p.text for p in self.pieces if p.op in KEPT)

    @property
    def accepted(self) -> str:
        """The text the delegation proposes (every change accepted)."""
        return "".join(p.text for p in self.pieces if p.op in SHOWN)

    @property
    def shown(self) -> str:
        """Every character of the paragraph, deleted or not."""
        return "".join(p.text for p in self.pieces)

    @property
    def revised(self) -> bool:
        """Whether its text holds a tracked insertion, deletion or move."""
        return any(p.op != EQUAL and p.text.strip() for p in self.pieces)

    @property
    def all_inserted(self) -> bool:
        """Whether every character of it is new: a paragraph the delegation added."""
        texts = [p for p in self.pieces if p.text.strip()]
        return bool(texts) and all(p.op in (INSERT, MOVE_TO) for p in texts)

    @property
    def changes(self) -> list[Change]:
        """Its tracked changes: adjacent pieces of one kind by one author are one change."""
        found: list[Change] = []
        previous: Piece | None = None
        for piece in self.pieces:
            if piece.op == EQUAL:
                previous = None
                continue
            same = previous and (previous.op, previous.author) == (piece.op, piece.author)
            if same and found:
                last = found[-1]
                found[-1] = Change(last.kind, last.text + piece.text, last.author, last.date)
            else:
                found.append(Change(CHANGE_KINDS[piece.op], piece.text, piece.author, piece.date))
            previous = piece
        return [c for c in found if c.text.strip()] + self.formatting


@dataclass
class Comment:
    """A comment (or a reply) and where it is anchored."""

    id: str
    author: str
    initials: str
    date: str
    text: str
    anchor: str = ""  # the document text it was made on
    blocks: list[int] = field(default_factory=list)  # the blocks its range touches
    parent: str | None = None  # the id of the comment it answers
    done: bool = False  # marked resolved in Word


@dataclass
class Returned:
    """Everything review reads from one returned file."""

    path: Path
    name: str
    data: bytes  # the file as read, once: what is hashed and recorded is what was read
    properties: dict[str, str]
    blocks: list[Block]
    comments: list[Comment]
    version_hint: int | None  # the draft version named in the copy's own text

    @property
    def authors(self) -> list[str]:
        """Who wrote the comments and changes, most active first."""
        counts: dict[str, int] = {}
        names = [c.author for c in self.comments]
        names += [ch.author for b in self.blocks for ch in b.changes]
        for name in names:
            if name.strip():
                counts[name.strip()] = counts.get(name.strip(), 0) + 1
        return sorted(counts, key=lambda n: -counts[n])


def read_returned(path: Path, name: str | None = None) -> Returned:
    """Read one returned .docx; `ReturnedFileRefused` if it cannot be read safely."""
    data = read_file(path, name)
    package = open_package(data, name or path.name)
    try:
        body = _body(package)
        walker = _Walker()
        walker.walk(body)
        if len(walker.blocks) > MAX_PARAGRAPHS:
            raise package.refused(
                f"it holds {len(walker.blocks)} paragraphs, where an outcome's review copy "
                f"holds a few hundred (at most {MAX_PARAGRAPHS} are read)"
            )
        comments = _comments(package, walker)
        properties = core_properties(package)
        hint = _version_hint(walker.blocks, package)
        return Returned(path, package.name, data, properties, walker.blocks, comments, hint)
    finally:
        package.close()


def _body(package: Package) -> _Element:
    root = package.xml(package.main)
    body = root.find(f"{W}body") if root is not None else None
    if body is None:
        raise package.refused("it is not a Word document (its main part has no body)")
    return body


class _Walker:
    """Walks the body in document order, keeping the bookmarks and comment ranges open."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.block: Block | None = None
        self.bookmarks: dict[str, str] = {}  # w:id -> name, in the order they opened
        self.open_names: dict[str, str] = {}  # name -> the w:id it is open under
        self.continued: dict[str, str] = {}  # w:id -> the open name it starts again
        self.ranges: dict[str, list[str]] = {}  # open comment ranges: w:id -> anchor pieces
        self.anchors: dict[str, tuple[str, str]] = {}  # closed: w:id -> (shown, deleted)
        self.touched: dict[str, list[int]] = {}  # w:id -> blocks with text in its range
        self.started: dict[str, int] = {}  # w:id -> the block its range starts in
        self.referenced: dict[str, int] = {}  # w:id -> the block of its reference mark
        self.rows = 0

    def walk(self, element: _Element, *, in_table: bool = False, row: int | None = None) -> None:
        for child in element:
            name = _local(child)
            if name == "p":
                self._paragraph(child, in_table, row)
            elif name in MARKERS:
                self._marker(child, name)
            elif name == "tr":
                self.rows += 1
                self.walk(child, in_table=True, row=self.rows)
            elif name in BLOCK_WRAPPERS:
                self.walk(child, in_table=in_table or name == "tbl", row=row)

    def _paragraph(self, p: _Element, in_table: bool, row: int | None) -> None:
        style = p.find(f"{W}pPr/{W}pStyle")
        block = Block(
            len(self.blocks),
            style.get(f"{W}val", "") if style is not None else "",
            in_table,
            list(self.bookmarks.values()),
            row=row,
        )
        self._paragraph_properties(p.find(f"{W}pPr"), block)
        self.blocks.append(block)
        self.block = block
        self._inline(p, EQUAL, "", "")
        self.block = None

    def _paragraph_properties(self, ppr: _Element | None, block: Block) -> None:
        if ppr is None:
            return
        for kind, mark in (("ins", "inserted"), ("del", "deleted")):
            if ppr.find(f"{W}rPr/{W}{kind}") is not None:
                block.mark = mark
        change = ppr.find(f"{W}pPrChange")
        if change is not None:
            author, date = _who(change)
            block.formatting.append(Change("paragraph formatting", "", author, date))

    def _inline(self, element: _Element, op: str, author: str, date: str) -> None:
        for child in element:
            name = _local(child)
            if name == "r":
                self._run(child, op, author, date)
            elif name in REVISIONS:
                self._inline(child, REVISIONS[name], *_who(child))
            elif name in MARKERS:
                self._marker(child, name)
            elif name in INLINE_WRAPPERS:
                self._inline(child, op, author, date)

    def _run(self, run: _Element, op: str, author: str, date: str) -> None:
        text = "".join(_run_text(run, self))
        if not text:
            return
        block = self.block
        assert block is not None
        block.pieces.append(Piece(text, op, author, date))
        rpr = run.find(f"{W}rPr")
        if rpr is not None:
            self._run_properties(rpr, text, block)
        for comment, pieces in self.ranges.items():
            touched = self.touched.setdefault(comment, [])
            if touched and touched[-1] != block.index:
                pieces.append(" ")  # a range over two paragraphs: keep their words apart
            pieces.append(text if op in SHOWN else f"\0{text}")
            if block.index not in touched:
                touched.append(block.index)

    def _run_properties(self, rpr: _Element, text: str, block: Block) -> None:
        vanish = rpr.find(f"{W}vanish")
        if vanish is not None and vanish.get(f"{W}val", "1").lower() not in FALSE:
            block.hidden = True
        change = rpr.find(f"{W}rPrChange")
        if change is None:
            return
        author, date = _who(change)
        last = block.formatting[-1] if block.formatting else None
        if last and last.kind == "formatting" and last.author == author:
            block.formatting[-1] = Change("formatting", last.text + text, author, date)
        else:
            block.formatting.append(Change("formatting", text, author, date))

    def _marker(self, element: _Element, name: str) -> None:
        mark = element.get(f"{W}id", "")
        if name == "bookmarkStart":
            self._bookmark_start(mark, element.get(f"{W}name", ""))
        elif name == "bookmarkEnd":
            self._bookmark_end(mark)
        elif name == "commentRangeStart":
            self.ranges[mark] = []
            if self.block is not None:
                self.started[mark] = self.block.index
        elif mark in self.ranges:  # commentRangeEnd
            self._close_range(mark)

    def _bookmark_start(self, mark: str, name: str) -> None:
        """A name already open goes on: LibreOffice writes a bookmark over several paragraphs
        as a start without an end, then the same name again around the last paragraph."""
        if name in self.open_names:
            self.continued[mark] = name
            return
        self.open_names[name] = mark
        self.bookmarks[mark] = name
        if self.block is not None:
            self.block.started_bookmarks.append(name)

    def _bookmark_end(self, mark: str) -> None:
        """The end of a bookmark started again ends the first start too."""
        name = self.continued.pop(mark, None)
        if name is not None:
            mark = self.open_names.get(name, mark)
        name = self.bookmarks.pop(mark, None)
        if name is not None and self.open_names.get(name) == mark:
            del self.open_names[name]

    def _close_range(self, mark: str) -> None:
        pieces = self.ranges.pop(mark)
        shown = "".join(p for p in pieces if not p.startswith("\0"))
        deleted = "".join(p[1:] for p in pieces if p.startswith("\0"))
        self.anchors[mark] = (shown, deleted)

    def reference(self, mark: str) -> None:
        if self.block is not None:
            self.referenced.setdefault(mark, self.block.index)

    def anchor_of(self, mark: str) -> str:
        shown, deleted = self.anchors.get(mark, ("", ""))
        return squeeze(shown) or squeeze(deleted)

    def blocks_of(self, mark: str) -> list[int]:
        """The blocks a comment is on: those its range holds text of, else its start or mark."""
        if self.touched.get(mark):
            return self.touched[mark]
        for found in (self.started.get(mark), self.referenced.get(mark)):
            if found is not None:
                return [found]
        return []


def _run_text(run: _Element, walker: _Walker) -> Iterator[str]:
    """The characters a reader sees in a run (field codes and drawings are not text)."""
    for child in run:
        name = _local(child)
        if name in ("t", "delText"):
            yield child.text or ""
        elif name in RUN_TEXT:
            yield RUN_TEXT[name]
        elif name == "commentReference":
            walker.reference(child.get(f"{W}id", ""))


def _comments(package: Package, walker: _Walker) -> list[Comment]:
    """Every comment of comments.xml, with its anchor and, from commentsExtended, its thread."""
    part = package.related(package.main, "comments")
    root = package.xml(part) if part else None
    if root is None:
        return []
    threads = _threads(package)
    by_para: dict[str, str] = {}
    comments = []
    for element in root.iter(f"{W}comment"):
        mark = element.get(f"{W}id", "")
        author, date = _who(element)
        paragraphs = element.findall(f"{W}p")
        text = "\n".join(_comment_paragraph(p) for p in paragraphs).strip()
        comment = Comment(
            mark,
            author,
            element.get(f"{W}initials", ""),
            date,
            text,
            walker.anchor_of(mark),
            walker.blocks_of(mark),
        )
        para_id = paragraphs[-1].get(f"{W14}paraId") if paragraphs else None
        if para_id:
            by_para[para_id.upper()] = mark
            parent, done = threads.get(para_id.upper(), (None, False))
            comment.parent, comment.done = parent, done
        comments.append(comment)
    for comment in comments:  # threads name the parent by its paragraph; make it a comment id
        comment.parent = by_para.get(comment.parent or "")
    _break_cycles(comments)
    return comments


def _break_cycles(comments: list[Comment]) -> None:
    """A thread that loops (a crafted file can say so) would hide its comments, as each
    answers another and none heads the thread: the loop is opened at its comment that comes
    first in the document, which then stands on its own; the others stay replies. Each chain
    of parents is walked once, so a thread thousands of replies deep costs only its length."""
    by_id = {c.id: c for c in comments}
    order = {c.id: n for n, c in enumerate(comments)}
    settled: set[str] = set()  # comments whose chain of parents ends at a first comment
    for comment in comments:
        chain: dict[str, None] = {}  # walked through, in order (and looked up as fast as a set)
        current: str | None = comment.id
        while current in by_id and current not in settled and current not in chain:
            chain[current] = None
            current = by_id[current].parent
        if current in chain:  # came back round: a loop
            walked = list(chain)
            loop = walked[walked.index(current) :]
            by_id[min(loop, key=order.__getitem__)].parent = None
        settled.update(chain)


def _threads(package: Package) -> dict[str, tuple[str | None, bool]]:
    """paraId of a comment -> (paraId of the comment it replies to, resolved)."""
    part = package.related(package.main, "commentsExtended")
    root = package.xml(part) if part else None
    if root is None:
        return {}
    threads = {}
    for entry in root.iter(f"{W15}commentEx"):
        para = (entry.get(f"{W15}paraId") or "").upper()
        parent = entry.get(f"{W15}paraIdParent")
        done = (entry.get(f"{W15}done") or "0").lower() not in FALSE
        threads[para] = (parent.upper() if parent else None, done)
    return threads


def _comment_paragraph(p: _Element) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if any(_local(a) in ("del", "moveFrom") for a in node.iterancestors()):
            continue
        parts.append(node.text or "" if _local(node) == "t" else RUN_TEXT[_local(node)])
    return "".join(parts)


def _version_hint(blocks: list[Block], package: Package) -> int | None:
    """The draft version the copy's review note or header names, for files that lost their
    document properties (some editors drop `identifier` and `version`)."""
    for block in blocks[:20]:
        if block.style == "ReviewNote" and (m := re.search(r"version (\d+)", block.original)):
            return int(m.group(1))
    header = package.related(package.main, "header")
    root = package.xml(header) if header else None
    if root is not None:
        text = "".join(t.text or "" for t in root.iter(f"{W}t"))
        if m := re.search(r"DRAFT for review · version (\d+)", text):
            return int(m.group(1))
    return None


def _who(element: _Element) -> tuple[str, str]:
    return element.get(f"{W}author", "").strip(), element.get(f"{W}date", "").strip()


def _local(element: _Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
