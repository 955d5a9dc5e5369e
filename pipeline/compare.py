"""What changed between two versions of an outcome, paragraph by paragraph and word by word.

Paragraphs are matched by id, never by position or likeness, so renumbering alone is no
change and a moved paragraph is a move, not a deletion and an addition. Format-free: the
terminal, JSON, HTML and Word redlines all read a `Comparison`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Literal, TypeVar

from pipeline.context import EMPTY, long_date
from pipeline.inline import parse_inline
from pipeline.model import Action, Outcome, Paragraph
from pipeline.records import plain
from pipeline.translation import Translation, Unit, units
from pipeline.words import Op, Segment, opcodes, plain_diff, word_diff

T = TypeVar("T")
R = TypeVar("R")
#: The field that tells an agenda item or action moved: its number in A and in B.
POSITION = "].position"
#: The lists whose entries are matched by id, so that their order is compared apart.
ORDERED = ("agenda", "actions")


@dataclass(frozen=True)
class ParagraphChange:
    id: str
    number_a: int | None  # None: the paragraph is new in B
    number_b: int | None  # None: the paragraph was removed in B
    moved: bool
    text: tuple[Segment, ...]
    items: tuple[tuple[Segment, ...], ...]
    notes: tuple[str, ...] = ()  # kind or agenda changed

    @property
    def status(self) -> str:
        if self.number_a is None:
            return "added"
        if self.number_b is None:
            return "removed"
        edited = self.notes or any(s.op != "equal" for s in self.words)
        return " and ".join(w for w, on in (("moved", self.moved), ("changed", edited)) if on)

    @property
    def words(self) -> tuple[Segment, ...]:
        return self.text + tuple(s for item in self.items for s in item)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "number_a": self.number_a,
            "number_b": self.number_b,
            "text": [{"op": s.op, "text": s.text} for s in self.text],
            "items": [[{"op": s.op, "text": s.text} for s in item] for item in self.items],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class FieldChange:
    path: str
    before: str | None  # None: only B has the field
    after: str | None  # None: only A had it

    @property
    def words(self) -> tuple[Segment, ...]:
        """A's text against B's, word by word and as typed (Markdown shows as written), so
        that one word changed in a long summary reads as that word."""
        return plain_diff(self.before or "", self.after or "")

    def as_dict(self) -> dict[str, Any]:
        words = [{"op": s.op, "text": s.text} for s in self.words]
        return {"path": self.path, "before": self.before, "after": self.after, "words": words}


@dataclass
class Comparison:
    paragraphs: list[ParagraphChange] = field(default_factory=list)  # only those that differ
    fields: list[FieldChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("added", "removed", "changed", "moved"), 0)
        for change in self.paragraphs:
            for word in change.status.split(" and "):
                counts[word] += 1
        return counts

    def summary(self) -> str:
        """One line, such as 'paragraphs: 1 added, 2 changed; actions: 1 removed; 3 other
        fields changed'."""
        parts = []
        for noun, counts in (("paragraphs", self.counts()), ("actions", self.action_counts())):
            if changed := [f"{n} {word}" for word, n in counts.items() if n]:
                parts.append(f"{noun}: {', '.join(changed)}")
        others = [f for f in self.fields if not f.path.startswith("actions[")]
        if others:
            parts.append(f"{len(others)} other field{'' if len(others) == 1 else 's'} changed")
        return "; ".join(parts) or "no change"

    def action_counts(self) -> dict[str, int]:
        """Actions added, removed and changed, each counted once however many fields changed."""
        fields: dict[str, list[FieldChange]] = {}
        for change in self.fields:
            if change.path.startswith("actions["):
                fields.setdefault(change.path.split("]")[0], []).append(change)
        counts = dict.fromkeys(("added", "removed", "changed", "moved"), 0)
        for changes in fields.values():
            # Every action has a text: one only B has is added, one only A had is removed.
            text = next((c for c in changes if c.path.endswith("].text")), None)
            if text and text.before is None:
                counts["added"] += 1
            elif text and text.after is None:
                counts["removed"] += 1
            else:
                for kind in {"moved" if c.path.endswith(POSITION) else "changed" for c in changes}:
                    counts[kind] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "paragraphs": [c.as_dict() for c in self.paragraphs],
            "fields": [f.as_dict() for f in self.fields],
        }


def compare(a: Outcome, b: Outcome) -> Comparison:
    """How `b` differs from `a`."""
    return Comparison(_paragraph_changes(a, b), _field_changes(a, b))


def _paragraph_changes(a: Outcome, b: Outcome) -> list[ParagraphChange]:
    before, after = _index(a), _index(b)
    moved = _moved(list(before), list(after))
    changes = []
    for pid, (number, paragraph, section) in after.items():
        if pid not in before:
            changes.append(_whole(paragraph, "insert", None, number))
            continue
        old_number, old, old_section = before[pid]
        change = ParagraphChange(
            pid,
            old_number,
            number,
            pid in moved or section != old_section,
            word_diff(old.text, paragraph.text),
            _items_diff(old.items, paragraph.items),
            _notes(old, paragraph),
        )
        if change.status:
            changes.append(change)
    changes += [
        _whole(p, "delete", n, None) for pid, (n, p, _) in before.items() if pid not in after
    ]
    return changes


def _index(outcome: Outcome) -> dict[str, tuple[int, Paragraph, str]]:
    """Each paragraph id with the paragraph's number, the paragraph and its section's id."""
    numbers = count(1)
    return {p.id: (next(numbers), p, s.id) for s in outcome.sections for p in s.paragraphs}


def _moved(before: list[str], after: list[str]) -> set[str]:
    """The ids both versions share that are not in their longest common order."""
    common_a = [i for i in before if i in set(after)]
    common_b = [i for i in after if i in set(before)]
    kept = {
        paragraph_id
        for tag, a0, a1, _, _ in opcodes(common_a, common_b)
        if tag == "equal"
        for paragraph_id in common_a[a0:a1]
    }
    return set(common_a) - kept


def _whole(
    paragraph: Paragraph, op: Op, number_a: int | None, number_b: int | None
) -> ParagraphChange:
    """A paragraph that only one version has: every word inserted, or every word deleted."""
    text = tuple(Segment(op, s.text, s) for s in parse_inline(paragraph.text))
    items = tuple(tuple(Segment(op, s.text, s) for s in parse_inline(i)) for i in paragraph.items)
    return ParagraphChange(paragraph.id, number_a, number_b, False, text, items)


def _notes(a: Paragraph, b: Paragraph) -> tuple[str, ...]:
    notes = []
    for name in ("kind", "agenda"):
        old, new = getattr(a, name), getattr(b, name)
        if old != new:
            notes.append(f"{name}: {old or '(none)'} → {new or '(none)'}")
    return tuple(notes)


def _items_diff(a: list[str], b: list[str]) -> tuple[tuple[Segment, ...], ...]:
    """Sub-items compared by position: (a) with (a), (b) with (b)."""
    return tuple(
        word_diff(a[i] if i < len(a) else "", b[i] if i < len(b) else "")
        for i in range(max(len(a), len(b)))
    )


def _field_changes(a: Outcome, b: Outcome) -> list[FieldChange]:
    old, new = _flat(a), _flat(b)
    for name in ORDERED:
        for key, (before, after) in _positions(getattr(a, name), getattr(b, name), name).items():
            old[key], new[key] = before, after
    return [
        FieldChange(path, old.get(path), new.get(path))
        for path in sorted(old.keys() | new.keys(), key=_field_order(old, new))
        if old.get(path) != new.get(path)
    ]


def _positions(a: list[Any], b: list[Any], name: str) -> dict[str, tuple[str, str]]:
    """The entries B moved out of A's order (not those only shifted by an entry added or
    removed), as `name[id].position` with their numbers in A and B: matching by id alone
    would call a version that only reorders the actions "no change"."""
    before, after = [entry.id for entry in a], [entry.id for entry in b]
    moved = _moved(before, after)
    return {
        f"{name}[{entry}{POSITION}": (str(before.index(entry) + 1), str(after.index(entry) + 1))
        for entry in after
        if entry in moved
    }


def _field_order(old: dict[str, str], new: dict[str, str]) -> Callable[[str], int]:
    """Fields in the order B has them, then those only A had."""
    order = {path: n for n, path in enumerate(dict.fromkeys([*new, *old]))}
    return lambda path: order[path]


def _flat(outcome: Outcome) -> dict[str, str]:
    """Every field but the paragraphs, as 'path: text'; list entries with ids keyed by id,
    a list of texts (a group's members) as one text, so that a member added shows as added,
    not as every member after it changed."""
    data = plain(outcome, as_json=True)
    del data["format"]
    data["sections"] = [{"id": s["id"], "title": s["title"]} for s in data["sections"]]
    flat: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key != "id":
                    walk(inner, f"{path}.{key}" if path else key)
        elif isinstance(value, list) and all(isinstance(inner, str) for inner in value):
            flat[path] = "; ".join(value)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                key = inner["id"] if isinstance(inner, dict) and "id" in inner else index
                walk(inner, f"{path}[{key}]")
        elif value is not None:
            flat[path] = str(value)

    walk(data, "")
    return flat


@dataclass(frozen=True)
class RedlineParagraph:
    """One paragraph of a redline, in reading order.

    `mark` says how it is shown: "same" (unchanged), "changed" (its words tracked in place),
    "inserted" (new in B, or moved here) or "deleted" (gone from B, or moved away). A moved
    paragraph is deleted where it was and inserted where it is, so that accepting every change
    gives B and rejecting every change gives A.
    """

    section: str
    id: str
    mark: Literal["same", "changed", "inserted", "deleted"]
    number: int | None  # in B; None for a deleted paragraph
    text: tuple[Segment, ...]
    items: tuple[tuple[Segment, ...], ...]
    moved: bool = False


def redline(a: Outcome, b: Outcome, comparison: Comparison) -> list[RedlineParagraph]:
    """B's paragraphs with A's deleted ones placed after the paragraph they followed in A."""
    changes = {c.id: c for c in comparison.paragraphs}
    removed_after = _deleted_by_predecessor(a, changes)
    entries = list(removed_after.get(None, []))
    number = 0
    for section in b.sections:
        for paragraph in section.paragraphs:
            number += 1
            change = changes.get(paragraph.id)
            entries.append(_redline_entry(section.id, paragraph, number, change))
            entries += removed_after.get(paragraph.id, [])
    return entries


def _redline_entry(
    section: str, paragraph: Paragraph, number: int, change: ParagraphChange | None
) -> RedlineParagraph:
    if change is None:
        whole = _whole(paragraph, "equal", number, number)
        return RedlineParagraph(section, paragraph.id, "same", number, whole.text, whole.items)
    if change.number_a is None or change.moved:
        whole = _whole(paragraph, "insert", None, number)
        return RedlineParagraph(
            section, paragraph.id, "inserted", number, whole.text, whole.items, change.moved
        )
    return RedlineParagraph(section, paragraph.id, "changed", number, change.text, change.items)


def _deleted_by_predecessor(
    a: Outcome, changes: dict[str, ParagraphChange]
) -> dict[str | None, list[RedlineParagraph]]:
    """A's removed and moved-away paragraphs, keyed by the last paragraph before them in A
    that stays in place in B (None: they come first)."""

    def stays(paragraph_id: str) -> bool:
        change = changes.get(paragraph_id)
        return not change or (change.number_b is not None and not change.moved)

    def deleted(entry: tuple[str, Paragraph]) -> RedlineParagraph:
        section, paragraph = entry
        change = changes[paragraph.id]
        whole = _whole(paragraph, "delete", change.number_a, None)
        return RedlineParagraph(
            section, paragraph.id, "deleted", None, whole.text, whole.items, change.moved
        )

    entries = [(p.id, (s.id, p)) for s in a.sections for p in s.paragraphs]
    return _gone_by_predecessor(entries, stays, deleted)


def _gone_by_predecessor(
    entries: list[tuple[str, T]], stays: Callable[[str], bool], gone: Callable[[T], R]
) -> dict[str | None, list[R]]:
    """What `gone` makes of A's entries that do not stay in place, keyed by the id of the last
    entry before them that does (None: they come first), so that a redline shows each where
    it was."""
    placed: dict[str | None, list[R]] = {}
    anchor: str | None = None
    for entry_id, entry in entries:
        if stays(entry_id):
            anchor = entry_id
        else:
            placed.setdefault(anchor, []).append(gone(entry))
    return placed


@dataclass(frozen=True)
class RedlineAction:
    """One row of the actions table in a redline: its marks as for a paragraph."""

    id: str
    mark: Literal["same", "changed", "inserted", "deleted"]
    number: int | None  # in B; None for a deleted action
    text: tuple[Segment, ...]
    owner: tuple[Segment, ...]
    due: tuple[Segment, ...]


def redline_actions(a: Outcome, b: Outcome) -> list[RedlineAction]:
    """B's actions, matched by id with A's, and A's removed ones after the action they followed.
    A moved action is, like a moved paragraph, deleted where it was and inserted where it is."""
    moved = _moved([action.id for action in a.actions], [action.id for action in b.actions])
    before = {action.id: action for action in a.actions if action.id not in moved}
    kept = {action.id for action in b.actions} - moved
    removed_after = _gone_by_predecessor(
        [(action.id, action) for action in a.actions],
        kept.__contains__,
        lambda action: _action_row(action.id, action, None, None),
    )
    rows = list(removed_after.get(None, []))
    for number, action in enumerate(b.actions, 1):
        rows.append(_action_row(action.id, before.get(action.id), action, number))
        rows += removed_after.get(action.id, [])
    return rows


def _action_row(
    action_id: str, old: Action | None, new: Action | None, number: int | None
) -> RedlineAction:
    text = word_diff(_action_field(old, "text"), _action_field(new, "text"))
    owner, due = (
        plain_diff(_action_field(old, name), _action_field(new, name)) for name in ("owner", "due")
    )
    changed = any(s.op != "equal" for s in text + owner + due)
    mark = "inserted" if old is None else "deleted" if new is None else "same"
    return RedlineAction(
        action_id, "changed" if changed and mark == "same" else mark, number, text, owner, due
    )


def _action_field(action: Action | None, name: str) -> str:
    """An action's field as the review copy shows it (the empty mark for a responsible or due
    date not given; "" for the fields of an action that version does not have)."""
    if action is None:
        return ""
    value = getattr(action, name)
    if name == "text":
        return value
    return long_date(value) if name == "due" and value else value or EMPTY


# --- a language edition's versions: its translation's texts, by key ----------------------------


@dataclass(frozen=True)
class TextChange:
    """One text of a translation (a paragraph: its text, then each sub-item) from A to B."""

    key: str  # as `translation.units` keys it: title, paragraphs[indicators], actions[a].text
    label: str  # "para 4 (labour-migration)", "action 2 (localize)", "title"
    status: Literal["added", "removed", "changed"]
    texts: tuple[tuple[Segment, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "status": self.status,
            "texts": [[{"op": s.op, "text": s.text} for s in text] for text in self.texts],
        }


@dataclass
class TextComparison:
    texts: list[TextChange] = field(default_factory=list)  # only those that differ

    def summary(self) -> str:
        """One line, such as 'texts: 1 added, 2 changed'."""
        tally = dict.fromkeys(("added", "removed", "changed"), 0)
        for change in self.texts:
            tally[change.status] += 1
        changed = [f"{n} {status}" for status, n in tally.items() if n]
        return f"texts: {', '.join(changed)}" if changed else "no change"

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "texts": [t.as_dict() for t in self.texts]}


def compare_translations(a: Translation, b: Translation) -> TextComparison:
    """How the texts of translation `b` differ from `a`'s, matched by key, word by word: B's
    texts in order, then those only A had."""
    before, after = units(a).texts, units(b).texts
    labels = _text_labels(a) | _text_labels(b)
    changes = []
    for key in [*after, *(key for key in before if key not in after)]:
        old, new = before.get(key), after.get(key)
        if old is None or new is None or old.texts != new.texts:
            changes.append(_text_change(labels.get(key, key), old, new))
    return TextComparison(changes)


def _text_change(label: str, old: Unit | None, new: Unit | None) -> TextChange:
    """A text added (no `old`), removed (no `new`) or changed, each of its texts word by word
    (Markdown texts as styled words, as a paragraph's diff shows them)."""
    unit = new or old
    assert unit is not None
    status: Literal["added", "removed", "changed"] = (
        "added" if old is None else "removed" if new is None else "changed"
    )
    olds, news = old.texts if old else (), new.texts if new else ()
    diff = word_diff if unit.markdown else plain_diff
    texts = tuple(
        diff(olds[i] if i < len(olds) else "", news[i] if i < len(news) else "")
        for i in range(max(len(olds), len(news)))
    )
    return TextChange(unit.key, label, status, texts)


def _text_labels(translation: Translation) -> dict[str, str]:
    """The paragraphs and actions by the numbers a reader sees: the translation holds them in
    the source's order."""
    paragraphs = [p.id for section in translation.sections for p in section.paragraphs]
    labels = {f"paragraphs[{pid}]": f"para {n} ({pid})" for n, pid in enumerate(paragraphs, 1)}
    for n, action in enumerate(translation.actions, 1):
        labels[f"actions[{action.id}].text"] = f"action {n} ({action.id})"
        labels[f"actions[{action.id}].owner"] = f"action {n} ({action.id}), its owner"
    return labels
