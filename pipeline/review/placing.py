"""Which outcome paragraph each part of a returned file belongs to.

The review copy wraps every outcome paragraph, sub-items included, in a bookmark named
`para_<id>`, so a comment or a change is traced to its paragraph whatever its number. When a
delegate has deleted that bookmark (retyping a paragraph's first words can), the paragraph is
recognised by its text, as it was in the version the copy was made from. A paragraph the
delegate added belongs to the outcome paragraph before it; the rest (title block,
participants, agenda, headings) is "general".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from pipeline.context import ACTION_BOOKMARK, id_of_bookmark, shown_text
from pipeline.model import Outcome
from pipeline.review.reading import Block, Comment, Returned
from pipeline.review.text import squeeze

GENERAL = "general"
ACTION = "action:"  # keys of the follow-up actions: "action:<id>"
MATCH_RATIO = 0.8  # how alike a paragraph's text must be to be taken for an outcome paragraph
MIN_MATCH_LENGTH = 12  # shorter texts ("Agenda", "1.") match too easily
TYPED_LABEL = re.compile(r"^\s*(?:\d{1,3}\.|\([a-z]{1,2}\))\s+")  # "4. " or "(b) " pasted in


@dataclass(frozen=True)
class Known:
    """The outcome's paragraphs and actions as the review copy shows them (plain text, quotes
    set by the draft's language): what a returned copy is read against."""

    paragraphs: dict[str, tuple[str, tuple[str, ...]]]  # id -> (text, sub-items)
    actions: dict[str, str]  # id -> text
    exact: bool = False  # the texts are those of the version the copy was made from

    @classmethod
    def of(cls, *outcomes: Outcome, exact: bool = False) -> Known:
        """The paragraphs of every outcome given; the first one's text wins for a shared id."""
        paragraphs: dict[str, tuple[str, tuple[str, ...]]] = {}
        actions: dict[str, str] = {}
        for outcome in outcomes:
            language = outcome.language
            for p in outcome.paragraphs:
                items = tuple(shown_text(i, language) for i in p.items)
                paragraphs.setdefault(p.id, (shown_text(p.text, language), items))
            for a in outcome.actions:
                actions.setdefault(a.id, shown_text(a.text, language))
        return cls(paragraphs, actions, exact)

    def text_of(self, placement: Placement) -> str | None:
        """The text the review copy had where `placement` is, if known."""
        if placement.key.startswith(ACTION):
            text = self.actions.get(placement.key.removeprefix(ACTION))
            return text if placement.role == "text" else None  # "cell": not the action's text
        text, items = self.paragraphs.get(placement.key, ("", ()))
        if placement.role == "text":
            return text or None
        if placement.role == "item" and placement.item is not None and placement.item < len(items):
            return items[placement.item]
        return None

    def key_of_bookmark(self, name: str) -> str | None:
        action = id_of_bookmark(name, ACTION_BOOKMARK)
        if action is not None:
            return ACTION + action if action in self.actions else None
        paragraph = id_of_bookmark(name)
        return paragraph if paragraph in self.paragraphs else None


@dataclass(frozen=True)
class Placement:
    """Where one Word paragraph of a returned file belongs."""

    key: str  # an outcome paragraph's id, "action:<id>", or "general"
    role: str  # "text" (the paragraph itself), "item", "new" (added by the delegate), "cell"
    # (another cell of an action's row: responsible, due date), or "other"
    item: int | None = None  # the sub-item's index, for role "item"
    method: str = "none"  # how it was found: "bookmark", "text", "after" or "none"


@dataclass
class Placed:
    """A returned file with every one of its paragraphs placed."""

    returned: Returned
    placements: list[Placement]
    known: Known

    def blocks_on(self, key: str) -> list[tuple[Block, Placement]]:
        return [
            (block, place)
            for block, place in zip(self.returned.blocks, self.placements, strict=True)
            if place.key == key
        ]

    def places(self) -> list[str]:
        """Every key something of this file was placed on, in document order."""
        seen: dict[str, None] = {}
        for place in self.placements:
            seen.setdefault(place.key, None)
        for comment in self.returned.comments:
            for key in self.comment_keys(comment):
                seen.setdefault(key, None)
        return list(seen)

    def comment_keys(self, comment: Comment) -> list[str]:
        """The paragraphs a comment is on; a reply without a range of its own is on its
        parent's; a comment anchored nowhere (in a header, say) is general."""
        blocks = comment.blocks
        if not blocks and comment.parent:
            parent = self._comments_by_id.get(comment.parent)
            blocks = parent.blocks if parent else []
        keys = list(dict.fromkeys(self.placements[b].key for b in blocks))
        return keys or [GENERAL]

    @cached_property
    def _comments_by_id(self) -> dict[str, Comment]:
        """Found by id at once: a thread may hold thousands of replies."""
        found: dict[str, Comment] = {}
        for comment in self.returned.comments:
            found.setdefault(comment.id, comment)
        return found


def place(returned: Returned, known: Known) -> Placed:
    """Place every paragraph of `returned`: by bookmark, else by text, else after the outcome
    paragraph it follows when the delegate added it, else general."""
    placements: list[Placement] = []
    items_seen: dict[str, int] = {}
    matcher = _TextMatcher(known)
    for block in returned.blocks:
        found = _by_bookmark(block, known, items_seen)
        if found is not None and found.role == "text":
            found = _last_item(found, placements, returned.blocks, known) or found
            if found.item is not None:
                items_seen[found.key] = found.item + 1
        if found is None and not block.all_inserted:
            found = matcher.match(block.original)
        if found is None and block.all_inserted:
            found = _after(placements, returned.blocks)
        placements.append(found or Placement(GENERAL, "other"))
    return Placed(returned, _rows_with_their_action(returned.blocks, placements), known)


def _rows_with_their_action(blocks: list[Block], placements: list[Placement]) -> list[Placement]:
    """The other cells of an action's table row (responsible, due date) on that action: the
    action's bookmark spans its own cell only."""
    actions = {
        block.row: place.key
        for block, place in zip(blocks, placements, strict=True)
        if block.row is not None and place.key.startswith(ACTION) and place.role == "text"
    }
    return [
        Placement(actions[block.row], "cell", method="row")
        if place.key == GENERAL and block.row in actions
        else place
        for block, place in zip(blocks, placements, strict=True)
    ]


def _by_bookmark(block: Block, known: Known, items_seen: dict[str, int]) -> Placement | None:
    """The outcome paragraph whose bookmark starts in the block, else the innermost open one."""
    for name in block.started_bookmarks:
        key = known.key_of_bookmark(name)
        if key is not None:
            items_seen[key] = 0
            role = "new" if block.all_inserted else "text"
            return Placement(key, role, method="bookmark")
    if not block.shown.strip():
        return None  # an empty paragraph (Enter pressed once too often) is no sub-item
    for name in reversed(block.open_bookmarks):
        key = known.key_of_bookmark(name)
        if key is None:
            continue
        if block.all_inserted:
            return Placement(key, "new", method="bookmark")
        index = items_seen.get(key, 0)
        items_seen[key] = index + 1
        return Placement(key, "item", index, "bookmark")
    return None


def _last_item(
    found: Placement, placements: list[Placement], blocks: list[Block], known: Known
) -> Placement | None:
    """A paragraph's bookmark that starts after its text is around its last sub-item only:
    LibreOffice, saving a copy it saved before, keeps that part of a bookmark over several
    paragraphs. The paragraphs since its text are its sub-items, known by their text or not."""
    _, items = known.paragraphs.get(found.key, ("", ()))
    between: list[int] = []
    for previous in reversed(range(len(placements))):
        before = placements[previous]
        if before.key == found.key and before.role == "text":
            for n, index in enumerate(reversed(between)):
                placements[index] = Placement(found.key, "item", n, "text")
            return Placement(found.key, "item", len(between), "bookmark")
        if not blocks[previous].shown.strip() or (before.key, before.role) == (found.key, "new"):
            continue
        if before.key not in (found.key, GENERAL) or len(between) + 1 >= len(items):
            return None  # something else stands between, or more than its sub-items
        between.append(previous)
    return None


def _after(placements: list[Placement], blocks: list[Block]) -> Placement | None:
    """A paragraph the delegate added belongs to the outcome paragraph just before it."""
    for previous in reversed(range(len(placements))):
        before = placements[previous]
        if before.key != GENERAL:
            return Placement(before.key, "new", method="after")
        if blocks[previous].shown.strip():
            return None  # something that is no outcome paragraph stands between
    return None


class _TextMatcher:
    """Finds the outcome paragraph (or sub-item, or action) a text is, exactly or nearly."""

    def __init__(self, known: Known) -> None:
        self.candidates: list[tuple[str, Placement]] = []
        for paragraph, (text, items) in known.paragraphs.items():
            self.candidates.append((squeeze(text), Placement(paragraph, "text", method="text")))
            self.candidates += [
                (squeeze(item), Placement(paragraph, "item", n, "text"))
                for n, item in enumerate(items)
            ]
        for action, text in known.actions.items():
            self.candidates.append(
                (squeeze(text), Placement(ACTION + action, "text", None, "text"))
            )
        self.exact = {text: place for text, place in reversed(self.candidates)}

    def match(self, text: str) -> Placement | None:
        text = squeeze(TYPED_LABEL.sub("", text))
        if len(text) < MIN_MATCH_LENGTH:
            return None
        if text in self.exact:
            return self.exact[text]
        best, best_ratio = None, MATCH_RATIO
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(text)
        for candidate, placement in self.candidates:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = placement, ratio
        return best
