"""The compilation of comments: one row per paragraph, each delegation's comments and wording.

This module builds the compilation as data, the same for every output; `word.py` writes it as
a Word table, `compilation.html.j2` as a page, and `csv_bytes` as one line per item for a
spreadsheet. Paragraph numbers are those of the current draft, whatever version a delegation
reviewed: items are placed by paragraph id.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from pipeline.context import action_label, letter_label
from pipeline.inline import Span, parse_inline
from pipeline.labels import Wording, wording
from pipeline.model import Outcome
from pipeline.review.placing import ACTION, GENERAL, Known, Placed, Placement
from pipeline.review.reading import EQUAL, INSERT, MOVE_FROM, MOVE_TO, Block, Change, Comment
from pipeline.review.text import squeeze
from pipeline.words import Op, Segment, marked, plain_diff

#: Cells a spreadsheet would run as a formula start with one of these (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATTING_KINDS = frozenset({"formatting", "paragraph formatting"})
CSV_COLUMNS = [
    "paragraph",
    "paragraph_id",
    "delegation",
    "type",
    "author",
    "date",
    "on_text",
    "text",
    "in_reply_to",
    "version_reviewed",
    "file",
    "secretariat_response",
]


@dataclass(frozen=True)
class Source:
    """One returned file, as compiled."""

    file: str
    delegation: str
    version: int | None  # the draft version the copy was made from, if known
    latest: int | None  # the latest recorded draft version when compiled
    comments: int
    changes: int
    sha256: str
    stored_as: str = ""  # its path in the project, once recorded

    @property
    def outdated(self) -> bool:
        return self.version is not None and self.latest is not None and self.version < self.latest

    @property
    def version_name(self) -> str:
        return f"draft-{self.version}" if self.version is not None else "unknown version"

    def line(self, words: Wording) -> str:
        """`Thailand (Thailand.docx, draft-1, 2 comments, 4 changes)`, as "Received" lists it."""
        version = self.version_name if self.version is not None else None
        counts = [
            words.count("compilation_comments", self.comments),
            words.count("compilation_changes", self.changes),
        ]
        shown = version or words.texts["compilation_unknown_version"]
        return f"{self.delegation} ({self.file}, {shown}, {', '.join(counts)})"


@dataclass(frozen=True)
class CommentItem:
    """A comment with its replies, as one delegation's cell shows it."""

    author: str
    date: str
    text: str
    anchor: str
    on: str  # "paras 4–5" for a comment over more than one paragraph, else ""
    done: bool
    #: Every reply in its thread, however deep, in document order: shown one level under it
    #: (a reply's own `replies` is empty), so that no chain of replies nests without end.
    replies: tuple[CommentItem, ...] = ()

    def day(self, words: Wording) -> str:
        return _day(self.date, words)


@dataclass(frozen=True)
class Proposal:
    """A delegation's wording of one part of a paragraph, its changes marked."""

    kind: str  # "proposed wording", "new paragraph", "new sub-item", "row change",
    # "untracked change"
    item: str  # "b" for sub-item (b), else ""
    segments: tuple[Segment, ...]
    accepted: str  # the text with the changes accepted
    author: str = ""  # who made its tracked changes (the latest, if several did)
    date: str = ""  # when, the latest

    def heading(self, words: Wording) -> str:
        """What the compilation says above the wording."""
        name = {
            "proposed wording": "compilation_proposed",
            "new paragraph": "compilation_new_paragraph",
            "new sub-item": "compilation_new_item",
            "row change": "compilation_row_change",
            "untracked change": "compilation_untracked",
        }[self.kind]
        if self.item and self.kind in ("proposed wording", "untracked change"):
            return words.fill(f"{name}_item", item=self.item)
        return words.texts[name]

    @property
    def redline(self) -> str:
        """The wording with {--deleted--} and {++inserted++} text, as `outcomes diff` prints it."""
        text = marked(self.segments)
        return f"({self.item}) {text}" if self.item else text


@dataclass
class Entry:
    """What one delegation said about one paragraph."""

    delegation: str
    versions: list[str] = field(default_factory=list)  # the versions it reviewed, if outdated
    comments: list[CommentItem] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # formatting-only changes and the like
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """One row of the compilation: a paragraph (or an action, or general comments)."""

    key: str
    label: str  # "4", "General", "A2" (an action), "—" (no longer in the draft)
    spans: tuple[Span, ...]
    items: tuple[tuple[str, tuple[Span, ...]], ...]  # sub-items: ("a", spans)
    note: str = ""  # "not in the current draft", the paragraph's kind ...
    heading: str = ""  # set on a section heading row, which has no paragraph
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Compilation:
    """Everything the three outputs show."""

    id: str
    title: str
    symbol: str
    meeting: str
    organisation: str
    version: int | None  # the latest draft version, which the compilation is against
    current_text: str  # which text the rows show: "draft version 2", "the working draft ..."
    moment: datetime
    sources: list[Source]
    rows: list[Row]
    #: Its own words, dates and numbers, in the outcome's language.
    words: Wording = field(default_factory=lambda: wording("en"))

    @property
    def date(self) -> str:
        return self.words.date(self.moment.date())

    @property
    def heading(self) -> str:
        if self.version:
            return self.words.fill("compilation_heading", number=self.words.number(self.version))
        return self.words.texts["compilation_heading_unnumbered"]

    @property
    def delegations(self) -> list[str]:
        return list(dict.fromkeys(s.delegation for s in self.sources))

    def file_stem(self) -> str:
        suffix = f"-draft-{self.version}" if self.version else ""
        return f"{self.id}-compilation{suffix}"


def compile_reviews(
    outcome: Outcome,
    placed: list[tuple[Placed, Source]],
    *,
    organisation: str,
    version: int | None,
    current_text: str,
    moment: datetime,
    order: list[str],
    words: Wording | None = None,
) -> Compilation:
    """Build the compilation of `placed` files against `outcome`, the text described by
    `current_text` (the latest recorded version, as a rule), in `words` (by default, the
    outcome's language)."""
    words = words or wording(outcome.language)
    rows = _rows(outcome, placed, words)
    labels = {row.key: row.label for row in rows if not row.heading}
    by_key = {row.key: row for row in rows if not row.heading}
    rank = {name: n for n, name in enumerate(order)}
    placed = sorted(
        placed, key=lambda fs: (rank.get(fs[1].delegation, len(rank)), fs[1].delegation)
    )
    for file, source in placed:
        for key in file.places():
            entry = _entry(file, source, key, labels, words)
            if entry.comments or entry.proposals or entry.notes:
                _merge(by_key[key].entries, entry)
    meeting = outcome.meeting
    name = f"{meeting.name} ({meeting.short_name})" if meeting.short_name else meeting.name
    return Compilation(
        outcome.id,
        outcome.title,
        outcome.symbol or "",
        name,
        organisation,
        version,
        current_text,
        moment,
        [s for _, s in placed],
        _worth_showing(rows),
        words,
    )


def _worth_showing(rows: list[Row]) -> list[Row]:
    """Every row of the current text; the general row and the rows of paragraphs and actions
    no longer in the draft only when something was said on them (and their heading with them)."""
    kept = [r for r in rows if r.heading or r.entries or (r.key != GENERAL and r.label != "—")]
    removed = any(r.label == "—" and not r.key.startswith(ACTION) for r in kept)
    return [r for r in kept if r.key != "section:removed" or removed]


def _rows(outcome: Outcome, placed: list[tuple[Placed, Source]], words: Wording) -> list[Row]:
    """General first, then every paragraph under its section, paragraphs no longer in the
    draft that a delegation commented on, and the actions."""
    labels = words.texts
    rows = [
        Row(GENERAL, labels["compilation_general"], (Span(labels["compilation_general_note"]),), ())
    ]
    number = 0
    for section in outcome.sections:
        rows.append(Row(f"section:{section.id}", "", (), (), heading=section.title))
        for paragraph in section.paragraphs:
            number += 1
            items = tuple((letter_label(n), parse_inline(t)) for n, t in enumerate(paragraph.items))
            note = labels.get(f"kind_{paragraph.kind}", "")
            rows.append(Row(paragraph.id, str(number), parse_inline(paragraph.text), items, note))
    current = {p.id for p in outcome.paragraphs}
    removed: dict[str, tuple[str, tuple[str, ...]]] = {}
    for file, _ in placed:
        for key in file.places():
            if key != GENERAL and not key.startswith(ACTION) and key not in current:
                removed.setdefault(key, file.known.paragraphs[key])
    if removed:
        removed_heading = labels["compilation_removed"]
        rows.append(Row("section:removed", "", (), (), heading=removed_heading))
    for key, (text, items) in removed.items():
        subitems = tuple((letter_label(n), (Span(t),)) for n, t in enumerate(items))
        note = words.fill("compilation_not_in_draft", id=key)
        rows.append(Row(key, "—", (Span(text),), subitems, note))
    if outcome.actions:
        rows.append(Row("section:actions", "", (), (), heading=labels["actions"]))
    for n, action in enumerate(outcome.actions, 1):
        owner = f"{labels['owner']}{labels['colon']}{action.owner}" if action.owner else ""
        rows.append(Row(ACTION + action.id, action_label(n), parse_inline(action.text), (), owner))
    current_actions = {ACTION + a.id for a in outcome.actions}
    for file, _ in placed:  # an action since removed: its comments stay visible
        for key in file.places():
            if key.startswith(ACTION) and key not in current_actions:
                text = file.known.actions.get(key.removeprefix(ACTION), "")
                note = labels["compilation_action_not_in_draft"]
                rows.append(Row(key, "—", (Span(text),), (), note))
                current_actions.add(key)
    return rows


def _entry(file: Placed, source: Source, key: str, labels: dict[str, str], words: Wording) -> Entry:
    entry = Entry(source.delegation, [source.version_name] if source.outdated else [])
    comments = [c for c in file.returned.comments if key in file.comment_keys(c)]
    for comment, replies in _threads(comments):
        on = _on(file.comment_keys(comment), labels, words)
        entry.comments.append(
            _comment_item(comment, on, tuple(_comment_item(r, "") for r in replies))
        )
    for block, placement in file.blocks_on(key):
        if untracked := _untracked(block, placement, file.known):
            entry.proposals.append(untracked)
        if block.revised:
            entry.proposals.append(
                _proposal(block, placement.role, placement.item, placement.method)
            )
            entry.changes += [c for c in block.changes if c.kind not in FORMATTING_KINDS]
        for change in block.formatting:
            entry.notes.append(_formatting_note(change, words))
            entry.changes.append(change)
        if block.hidden:
            entry.notes.append(words.texts["compilation_hidden"])
    return entry


def _threads(comments: list[Comment]) -> list[tuple[Comment, list[Comment]]]:
    """Each comment that answers none of `comments`, with every reply under it however deep,
    all in document order. The replies are gathered with a list of those still to visit, not
    by recursion: a crafted chain of thousands of replies is read like any other."""
    ids = {c.id for c in comments}
    children: dict[str, list[int]] = {}
    for n, comment in enumerate(comments):
        if comment.parent is not None:
            children.setdefault(comment.parent, []).append(n)
    heads = [n for n, c in enumerate(comments) if c.parent not in ids]
    shown = set(heads)
    threads: dict[int, list[int]] = {}
    for head in heads:
        replies, waiting = [], [comments[head].id]
        while waiting:
            for n in children.get(waiting.pop(), []):
                if n not in shown:
                    shown.add(n)
                    replies.append(n)
                    waiting.append(comments[n].id)
        threads[head] = sorted(replies)
    # Two comments given one id (a crafted file) can answer each other unseen by the loop
    # check: each stands on its own rather than being hidden.
    threads |= {n: [] for n in range(len(comments)) if n not in shown}
    return [(comments[n], [comments[r] for r in threads[n]]) for n in sorted(threads)]


def _comment_item(comment: Comment, on: str, replies: tuple[CommentItem, ...] = ()) -> CommentItem:
    return CommentItem(
        comment.author, comment.date, comment.text, comment.anchor, on, comment.done, replies
    )


def _on(keys: list[str], labels: dict[str, str], words: Wording) -> str:
    if len(keys) < 2:
        return ""
    names = [labels.get(k, k) for k in keys]
    if all(n.isdigit() for n in names):
        numbers = sorted(int(n) for n in names)
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return words.fill("compilation_paras", numbers=f"{numbers[0]}–{numbers[-1]}")
    return words.fill("compilation_paras", numbers=", ".join(names))


def _proposal(block: Block, role: str, item: int | None, method: str) -> Proposal:
    segments: list[Segment] = []
    for piece in block.pieces:
        op: Op = {INSERT: "insert", MOVE_TO: "insert", MOVE_FROM: "delete"}.get(piece.op, piece.op)
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + piece.text)
        else:
            segments.append(Segment(op, piece.text))
    letter = letter_label(item) if role == "item" and item is not None else ""
    kind = {
        "new": "new paragraph" if method == "after" else "new sub-item",
        "cell": "row change",
    }.get(role, "proposed wording")
    changed = [p for p in block.pieces if p.op != EQUAL and p.text.strip()]
    latest = max(changed, key=lambda p: p.date)  # a revised block has one at least
    return Proposal(
        kind, letter, tuple(segments), squeeze(block.accepted), latest.author, latest.date
    )


def _untracked(block: Block, placement: Placement, known: Known) -> Proposal | None:
    """The words a delegate changed with Track Changes off, against the copy's own text: no
    edit goes unseen because it was not tracked."""
    expected = known.text_of(placement) if known.exact else None
    if expected is None or squeeze(block.original) == squeeze(expected):
        return None
    segments = plain_diff(squeeze(expected), squeeze(block.original))
    letter = letter_label(placement.item) if placement.item is not None else ""
    return Proposal("untracked change", letter, segments, squeeze(block.original))


def _formatting_note(change: Change, words: Wording) -> str:
    name = "compilation_paragraph_formatting"
    if change.kind != "paragraph formatting":
        name = "compilation_formatting"
    if change.author:
        return words.fill(f"{name}_by", text=_short(change.text), author=change.author)
    return words.fill(name, text=_short(change.text))


def _merge(entries: list[Entry], entry: Entry) -> None:
    """A delegation that sent two files has one entry per paragraph."""
    for existing in entries:
        if existing.delegation == entry.delegation:
            existing.versions += [v for v in entry.versions if v not in existing.versions]
            existing.comments += entry.comments
            existing.proposals += entry.proposals
            existing.notes += entry.notes
            existing.changes += entry.changes
            return
    entries.append(entry)


def _short(text: str, limit: int = 80) -> str:
    text = squeeze(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(date: str, words: Wording) -> str:
    """`2016-12-01T10:15:00Z` as `1 December 2016`; anything else as it was written."""
    try:
        return words.date(datetime.fromisoformat(date.replace("Z", "+00:00")).date())
    except ValueError:
        return date


# --- flat items: CSV and JSON -----------------------------------------------------------------


def items_of(compilation: Compilation) -> list[dict[str, str]]:
    """Every comment, reply, proposed wording and change as one flat record."""
    records: list[dict[str, str]] = []
    versions = {s.delegation: s.version_name for s in compilation.sources}
    files = {}
    for source in compilation.sources:
        files.setdefault(source.delegation, []).append(source.file)
    for row in compilation.rows:
        if row.heading:
            continue
        for entry in row.entries:
            base = {
                "paragraph": row.label,
                "paragraph_id": row.key,
                "delegation": entry.delegation,
                "version_reviewed": versions.get(entry.delegation, ""),
                "file": "; ".join(files.get(entry.delegation, [])),
            }
            records += _entry_records(entry, base)
    return records


def _entry_records(entry: Entry, base: dict[str, str]) -> list[dict[str, str]]:
    records = []

    def add(kind: str, text: str, author: str = "", date: str = "", **more: str) -> None:
        records.append(
            {
                **base,
                "type": kind,
                "author": author,
                "date": date,
                "on_text": "",
                "in_reply_to": "",
                "text": text,
                "secretariat_response": "",
                **more,
            }
        )

    for comment in entry.comments:
        kind = "comment (marked resolved)" if comment.done else "comment"
        add(kind, comment.text, comment.author, comment.date, on_text=comment.anchor)
        for reply in comment.replies:
            add("reply", reply.text, reply.author, reply.date, in_reply_to=comment.author)
    for proposal in entry.proposals:
        add(proposal.kind, proposal.redline, proposal.author, proposal.date)
    for change in entry.changes:
        add(change.kind, change.text, change.author, change.date)
    return [{column: record.get(column, "") for column in CSV_COLUMNS} for record in records]


def csv_bytes(compilation: Compilation) -> bytes:
    """The items as CSV in UTF-8 with a byte-order mark, so that Excel reads Thai or Khmer."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in items_of(compilation):
        writer.writerow({k: _cell(v) for k, v in record.items()})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    """A delegate's text never runs as a spreadsheet formula: a leading = + - @ is quoted."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
