"""`review --apply`: a delegation's tracked changes to a paragraph become its text in the YAML.

Accepting the changes means keeping inserted (and moved-here) text and dropping deleted (and
moved-away) text. The draft is edited where the text is written, nothing else: the scalar's
source span (from PyYAML's marks) is replaced, comments and layout around it stay byte for
byte. Only the words that changed are rewritten inside the text's Markdown, so `**bold**` and
`[links](...)` around them survive. The result is checked as a whole draft before it is
written, atomically; if it would not load, or would change anything else, nothing is written.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from pipeline.errors import ApplyRefused, DraftInvalid
from pipeline.inline import plain_text
from pipeline.loading import NULLS, Draft, PathKey, parse_draft
from pipeline.model import Outcome
from pipeline.records import plain
from pipeline.review.placing import Placed, Placement
from pipeline.review.reading import Block
from pipeline.review.text import squeeze, straight_quotes
from pipeline.words import opcodes, tokens

WIDTH = 90  # the longest line a re-emitted text is folded to, indentation included
MARKDOWN_SPECIAL = re.compile(r"([\\*_`])")
#: Typed into a draft, `[words](address)` is a link: inserted text that holds it cannot be
#: written as it was typed in Word.
LINK_SYNTAX = re.compile(r"\[[^\]]*\]\([^)\s]*\)?")
BOM = "\ufeff"


@dataclass(frozen=True)
class Edit:
    """A replacement of plain-text range [start, end) by `text`."""

    start: int
    end: int
    text: str


@dataclass
class Applied:
    """One paragraph whose text was replaced."""

    paragraph: str
    number: int
    before: str
    after: str
    notes: list[str] = field(default_factory=list)


def apply_paragraphs(
    draft: Draft, placed: Placed, paragraph_ids: list[str], delegation: str
) -> tuple[bytes, list[Applied]]:
    """The draft's new bytes with the delegation's changes to each paragraph accepted."""
    text = draft.source.decode("utf-8").removeprefix(BOM)
    scalars = scalars_of(text)
    replacements: dict[PathKey, str] = {}
    applied = []
    for paragraph_id in paragraph_ids:
        changes, result = _paragraph_changes(draft.outcome, placed, paragraph_id, delegation)
        replacements.update(changes)
        applied.append(result)
    new_text = replace_scalars(text, scalars, replacements)
    bom = BOM if draft.source.startswith(BOM.encode()) else ""
    data = (bom + new_text).encode("utf-8")
    _check(draft, data, replacements)
    return data, applied


def _paragraph_changes(
    outcome: Outcome, placed: Placed, paragraph_id: str, delegation: str
) -> tuple[dict[PathKey, str], Applied]:
    """The new Markdown of the paragraph's text and sub-items, by their path in the draft."""
    where = _locate(outcome, paragraph_id)
    if where is None:
        raise ApplyRefused(
            f"the draft has no paragraph '{paragraph_id}' (--apply takes outcome paragraphs; "
            "actions and other fields are edited by hand); nothing was written"
        )
    section, index, number = where
    paragraph = outcome.sections[section].paragraphs[index]
    name = f"para {number} ({paragraph_id})"
    blocks = placed.blocks_on(paragraph_id)
    lead = [b for b, p in blocks if p.role == "text"]
    items = {p.item: b for b, p in blocks if p.role == "item"}
    new = [b for b, p in blocks if p.role == "new"]
    revised = [b for b, p in blocks if b.revised and p.role != "new"]
    if not blocks:
        raise ApplyRefused(f"{delegation}'s copy does not hold {name}; nothing was written")
    if not revised:
        also = (
            "; the new paragraph it proposes after it needs an id of its own: add it to the "
            "draft by hand"
            if new
            else ""
        )
        raise ApplyRefused(
            f"{delegation} made no tracked change to the words of {name}{also}. Nothing was written"
        )
    _refuse_structure(name, delegation, lead, items, paragraph.items, blocks)
    base: PathKey = ("sections", section, "paragraphs", index)
    changes: dict[PathKey, str] = {}
    parts = [((*base, "text"), paragraph.text, lead[0])]
    parts += [((*base, "items", n), paragraph.items[n], items[n]) for n in sorted(items)]
    for path, markdown, block in parts:
        if block.revised:
            changes[path] = rewrite(markdown, block, f"{name}{_item_name(path)}", delegation)
    notes = []
    if new:
        notes.append(
            f"{len(new)} new paragraph(s) {delegation} proposed after {name} were not applied: "
            "a new paragraph needs an id of its own; add it to the draft by hand"
        )
    if any(b.formatting for b, _ in blocks):
        notes.append(
            "formatting-only changes were not applied (bold and italic are set in the draft)"
        )
    before = "\n".join([plain_text(paragraph.text), *(plain_text(i) for i in paragraph.items)])
    after_texts = [plain_text(changes.get(p, m)) for p, m, _ in parts]
    return changes, Applied(paragraph_id, number, before, "\n".join(after_texts), notes)


def _refuse_structure(
    name: str,
    delegation: str,
    lead: list[Block],
    items: dict[int | None, Block],
    draft_items: list[str],
    blocks: list[tuple[Block, Placement]],
) -> None:
    """Splitting, joining, adding or removing whole paragraphs is left to the officer."""
    hand = "; make that change in the draft by hand. Nothing was written"
    if len(lead) != 1:
        raise ApplyRefused(f"{name} cannot be told apart in {delegation}'s copy{hand}")
    added = any(p.role == "new" and p.method == "bookmark" for _, p in blocks)
    if added or sorted(i for i in items if i is not None) != list(range(len(draft_items))):
        raise ApplyRefused(f"{delegation} added or removed a sub-item of {name}{hand}")
    new = any(p.role == "new" for _, p in blocks)
    for block, _ in blocks:
        if block.mark == "deleted" or (block.mark == "inserted" and not new):
            raise ApplyRefused(f"{delegation} split or joined paragraphs in {name}{hand}")
        if block.hidden:
            raise ApplyRefused(f"{name} holds hidden text in {delegation}'s copy{hand}")
        if block.revised and not block.accepted.strip():
            raise ApplyRefused(f"{delegation} proposes deleting all of {name}{hand}")


def _item_name(path: PathKey) -> str:
    if path[-2] == "items":
        return f", sub-item ({chr(ord('a') + int(path[-1]))})"
    return ""


def _locate(outcome: Outcome, paragraph_id: str) -> tuple[int, int, int] | None:
    number = 0
    for s, section in enumerate(outcome.sections):
        for p, paragraph in enumerate(section.paragraphs):
            number += 1
            if paragraph.id == paragraph_id:
                return s, p, number
    return None


# --- the words that changed, inside the Markdown ----------------------------------------------


def rewrite(markdown: str, block: Block, name: str, delegation: str) -> str:
    """`markdown` with the block's changes accepted, its markup kept around unchanged words."""
    # Compared as typed: the review copy showed the draft's straight quotes as typographic ones.
    original, accepted = (straight_quotes(squeeze(t)) for t in (block.original, block.accepted))
    current = straight_quotes(squeeze(plain_text(markdown)))
    edits = _edits(original, accepted)
    if original != current:  # the paragraph changed since the version the delegation reviewed
        edits = _rebase(edits, original, current, name, delegation)
    expected = squeeze(_apply_plain(current, edits))
    result = _apply_markdown(markdown, current, edits)
    if straight_quotes(squeeze(plain_text(result))) == expected:
        return result
    if links := [k for k in LINK_SYNTAX.findall(accepted) if k not in original]:
        raise ApplyRefused(
            f"{delegation}'s proposed text for {name} would become a link in the draft "
            f"({links[0]}); a link must be typed into the draft by hand. Nothing was written"
        )
    raise ApplyRefused(
        f"{delegation}'s change to {name} could not be applied without losing the text's bold, "
        f"italic or links; nothing was written. Edit the draft by hand so that it reads: "
        f"“{expected}”"
    )


def _edits(old: str, new: str) -> list[Edit]:
    """Word by word, what turns `old` into `new`."""
    a, b = tokens(old), tokens(new)
    starts_a = _offsets(a)
    edits = []
    for op, i1, i2, j1, j2 in opcodes(a, b):
        if op != "equal":
            edits.append(_slid(Edit(starts_a[i1], starts_a[i2], "".join(b[j1:j2])), old))
    return edits


def _slid(edit: Edit, old: str) -> Edit:
    """A deletion of " words" taken as "words " where a space follows: the same text results,
    and bold or italic that opens just before the words is not cut off from them."""
    space_before = old[edit.start : edit.start + 1].isspace()
    if not edit.text and space_before and old[edit.end : edit.end + 1].isspace():
        return Edit(edit.start + 1, edit.end + 1, "")
    return edit


def _offsets(tokens: list[str]) -> list[int]:
    offsets, position = [], 0
    for token in tokens:
        offsets.append(position)
        position += len(token)
    return [*offsets, position]


def _rebase(edits: list[Edit], original: str, current: str, name: str, who: str) -> list[Edit]:
    """The edits, made on `original`, moved onto `current`; refused where the two differ."""
    blocks = difflib.SequenceMatcher(None, original, current, autojunk=False).get_matching_blocks()
    moved = []
    for edit in edits:
        for a, b, size in blocks:
            if a <= edit.start and edit.end <= a + size and (size or edit.start == edit.end):
                moved.append(Edit(edit.start - a + b, edit.end - a + b, edit.text))
                break
        else:
            raise ApplyRefused(
                f"{name} has changed since the version {who} reviewed, where {who} changed it; "
                "make the change in the draft by hand. Nothing was written"
            )
    return moved


def _apply_plain(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: -e.start):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _apply_markdown(markdown: str, plain: str, edits: list[Edit]) -> str:
    """Apply plain-text edits to `markdown`: deleted characters go, markup stays, inserted text
    goes where the character before it is (so it takes that character's style, as in Word)."""
    where = _align(plain, markdown)
    content_end = len(markdown.rstrip())
    for edit in sorted(edits, key=lambda e: -e.start):
        inserted = MARKDOWN_SPECIAL.sub(r"\\\1", edit.text)
        deleted = [where[i] for i in range(edit.start, edit.end)]
        gone = set(deleted)
        if deleted:
            at = deleted[0]
        elif edit.start == 0:
            at = len(markdown) - len(markdown.lstrip())
        elif edit.start >= len(plain):
            at = content_end
        else:
            at = where[edit.start - 1] + 1
        kept = [c for i, c in enumerate(markdown) if i not in gone]
        shift = sum(1 for d in deleted if d < at)
        markdown = "".join(kept[: at - shift]) + inserted + "".join(kept[at - shift :])
        content_end = len(markdown.rstrip())
    return _tidy(markdown)


def _align(plain: str, markdown: str) -> list[int]:
    """For each character of `plain` (normalised), its index in `markdown`.

    `plain` is what remains of `markdown` once its markup is gone and its white space folded,
    so each character is found by reading on through the markup."""
    where, j = [], 0
    for character in plain:
        while j < len(markdown) and not _same(character, markdown[j]):
            j += 1
        if j == len(markdown):
            raise ApplyRefused("the paragraph's Markdown could not be read; edit it by hand")
        where.append(j)
        j += 1
        if character == " ":
            while j < len(markdown) and markdown[j].isspace():
                j += 1  # white space folded into the one space, as `squeeze` folds it
    return where


def _same(character: str, source: str) -> bool:
    return character == straight_quotes(source) or (character == " " and source.isspace())


def _tidy(markdown: str) -> str:
    """Markup left empty by a deletion (`****`, `[](...)`) goes too."""
    markdown = re.sub(r"(?<![*\\])\*\*\*\*(?!\*)", "", markdown)
    return re.sub(r"(?<!\\)\[\]\([^)\s]*\)", "", markdown)


# --- the YAML source ----------------------------------------------------------------------------


def scalars_of(text: str) -> dict[PathKey, yaml.ScalarEvent]:
    """Every scalar value of the draft by its path, with its marks (character indices)."""
    events = iter(yaml.parse(text, Loader=yaml.SafeLoader))  # pure Python: indices are characters
    found: dict[PathKey, yaml.ScalarEvent] = {}

    def node(event: yaml.Event, path: PathKey) -> None:
        if isinstance(event, yaml.ScalarEvent):
            found[path] = event
        elif isinstance(event, yaml.SequenceStartEvent):
            n = 0
            while not isinstance(item := next(events), yaml.SequenceEndEvent):
                node(item, (*path, n))
                n += 1
        elif isinstance(event, yaml.MappingStartEvent):
            while not isinstance(key := next(events), yaml.MappingEndEvent):
                node(next(events), (*path, key.value))

    next(events)  # StreamStartEvent
    next(events)  # DocumentStartEvent
    node(next(events), ())
    return found


def replace_scalars(
    text: str, scalars: dict[PathKey, yaml.ScalarEvent], replacements: dict[PathKey, str]
) -> str:
    """`text` with the scalar at each path replaced, last first so that earlier marks hold."""
    for path in sorted(replacements, key=lambda p: -scalars[p].start_mark.index):
        text = replace_scalar(text, scalars[path], replacements[path], path)
    return text


def replace_scalar(text: str, event: yaml.ScalarEvent, markdown: str, path: PathKey) -> str:
    start, end = event.start_mark.index, event.end_mark.index
    newline = "\r\n" if "\r\n" in text else "\n"
    value = markdown.strip()
    rest_of_line = text[end : _line_end(text, end)]
    if event.style in (">", "|") and _foldable(value):
        emitted = _block(text[start:end], value, event, newline)
    elif event.style in (">", "|"):  # line breaks of its own: only quotes keep them
        old = text[start:end]
        emitted = json.dumps(value, ensure_ascii=False) + old[len(old.rstrip()) :]
    else:
        emitted = _inline(value, event.style)
        too_long = event.start_mark.column + len(emitted) > WIDTH
        if too_long and not rest_of_line.strip() and _foldable(value):
            indent = _indent_for(text, event, path)
            emitted = ">" + newline + _fold(value, indent, newline)
    return text[:start] + emitted + text[end:]


def _block(old: str, value: str, event: yaml.ScalarEvent, newline: str) -> str:
    """A folded block at the indentation the old one had, its header and trailing lines kept."""
    header, _, body = old.partition("\n")
    header = header.rstrip("\r")
    header = ">" + header[1:]  # a literal block would keep our line breaks: fold instead
    lines = [line for line in body.split("\n") if line.strip()]
    indent = len(lines[0]) - len(lines[0].lstrip()) if lines else event.start_mark.column + 2
    trailing = old[len(old.rstrip()) :]
    return header + newline + _fold(value, indent, newline) + trailing


def _inline(value: str, style: str | None) -> str:
    if style is None and _plain_ok(value):
        return value
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _plain_ok(value: str) -> bool:
    """Whether `value` reads back as itself written without quotes."""
    if value in NULLS or value != value.strip():
        return False
    try:
        events = list(yaml.parse(f"k: {value}\n", Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    scalars = [e for e in events if isinstance(e, yaml.ScalarEvent)]
    return len(scalars) == 2 and scalars[1].value == value and scalars[1].style is None


def _foldable(value: str) -> bool:
    return "\n" not in value and "\t" not in value and "  " not in value


def _fold(value: str, indent: int, newline: str) -> str:
    """Lines of at most WIDTH columns, broken at single spaces (which folding turns back into
    spaces); a word longer than a line stands alone."""
    lines: list[str] = []
    for word in value.split(" "):
        if lines and indent + len(lines[-1]) + 1 + len(word) <= WIDTH:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return newline.join(" " * indent + line for line in lines)


def _indent_for(text: str, event: yaml.ScalarEvent, path: PathKey) -> int:
    """Block content goes two columns in from the key it belongs to (or at the item's column)."""
    line_start = text.rfind("\n", 0, event.start_mark.index) + 1
    line = text[line_start : event.start_mark.index]
    if isinstance(path[-1], int):
        return event.start_mark.column
    key = re.search(r"[^\s-][^:]*:\s*$", line)
    return (key.start() if key else len(line) - len(line.lstrip(" -"))) + 2


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


# --- checking and writing -----------------------------------------------------------------------


def _check(draft: Draft, data: bytes, replacements: dict[PathKey, str]) -> None:
    """The new draft loads, and differs from the old one in the replaced texts only."""
    try:
        new = parse_draft(data, file=str(draft.path), path=draft.path)
    except DraftInvalid as error:
        first = next((p for p in error.problems if p.severity == "error"), None)
        raise ApplyRefused(
            f"the new text would make the draft invalid ({first.message if first else error}); "
            "nothing was written"
        ) from None
    old_data, new_data = plain(draft.outcome), plain(new.outcome)
    for path, markdown in replacements.items():
        _set(old_data, path, _get(new_data, path))
        if squeeze(plain_text(str(_get(new_data, path)))) != squeeze(plain_text(markdown)):
            raise ApplyRefused("the new text did not read back as written; nothing was written")
    if old_data != new_data:
        raise ApplyRefused("applying would change more than the paragraph; nothing was written")


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: PathKey, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value
