"""The rules a draft must follow beyond its shape: ids, references, dates, publishability.

Each rule yields `Finding`s that name a place in the draft (a field path); the loader turns
them into problems at a line and column of the file.

The drafting rules read the plain data (texts, lists and mappings as the file holds them), not
the typed model, so that their errors are reported together with the model's, in one run,
even when other parts of the draft are malformed. A part that is missing or of the wrong
kind is passed over here: the model reports it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from pipeline.codes import Code
from pipeline.fonts import undrawable
from pipeline.inline import dropped_links, marked_at_most, parse_inline, unagreed_passages
from pipeline.model import ISO_DATE, MAX_MARKED, MAX_OTHER_ENTRIES, MAX_PARAGRAPHS

PathKey = tuple[str | int, ...]

#: The lists counted together against `MAX_OTHER_ENTRIES`.
OTHER_ENTRIES = ("sections", "agenda", "participants", "actions")


class Finding(NamedTuple):
    path: PathKey
    message: str
    code: Code
    severity: str = "error"
    #: Where inside the field's text the fault stands, as the number of non-blank characters
    #: before it (blanks are not counted, so folding and indentation in the file do not
    #: matter); None for the field as a whole.
    nonblank_before: int | None = None
    #: Whether the fault is the field as a whole (a list too long): told at its key.
    at_key: bool = False


def check_draft(data: Any, file_stem: str) -> list[Finding]:
    """Every rule a draft must follow to be drafted, applied to its plain data."""
    if not isinstance(data, dict):
        return []
    return [
        *_id_matches_file(data, file_stem),
        *_unique_ids(data),
        *_agenda_references(data),
        *_meeting_dates(data),
        *_links(data),
        *_sizes(data),
    ]


def check_publishable(data: Any) -> list[Finding]:
    """What stops a draft from being published, applied to its plain data (so it is told
    together with any other problem the draft has)."""
    if not isinstance(data, dict):
        return []
    findings = []
    if data.get("adopted") is None:
        message = "a published outcome needs 'adopted:', the date the meeting adopted the text"
        findings.append(Finding(("adopted",), message, Code.NOT_ADOPTED))
    return findings + unpublishable_texts(data)


def unpublishable_texts(data: Any) -> list[Finding]:
    """Each passage in square brackets and each character no font draws, in any text of a
    draft or a translation."""
    # Every text counts, not only the Markdown ones: a title or a venue still "[in brackets]"
    # (as `outcomes new` writes the places to fill in) is not ready to be published either.
    findings = []
    for path, text in strings(data):
        findings += _unagreed(path, text)
        findings += _undrawable(path, text)
    return findings


def strings(value: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every text in `value`, however deep, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from strings(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from strings(inner, (*path, index))


def texts(data: dict[str, Any]) -> list[tuple[PathKey, str]]:
    """Every field of the draft that holds inline Markdown, with its path."""
    found: list[tuple[PathKey, Any]] = [(("summary",), data.get("summary"))]
    for s, section in _mappings(data.get("sections")):
        for p, paragraph in _mappings(section.get("paragraphs")):
            path: PathKey = ("sections", s, "paragraphs", p)
            found.append(((*path, "text"), paragraph.get("text")))
            found += [((*path, "items", i), item) for i, item in _each(paragraph.get("items"))]
    found += [
        (("actions", a, "text"), action.get("text")) for a, action in _mappings(data.get("actions"))
    ]
    return [(path, text) for path, text in found if isinstance(text, str)]


def _each(value: Any) -> list[tuple[int, Any]]:
    """The entries of a list with their indices; nothing when `value` is not a list."""
    return list(enumerate(value)) if isinstance(value, list) else []


def _mappings(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The entries of a list that are groups of fields, with their indices."""
    return [(i, entry) for i, entry in _each(value) if isinstance(entry, dict)]


def _unagreed(path: PathKey, text: str) -> Iterator[Finding]:
    """Each bracketed passage of `text`, placed at its opening bracket."""
    start = 0
    for passage in unagreed_passages(text):
        message = f"{passage} is in square brackets, so not yet agreed; settle it before publishing"
        found = text.find(passage.split()[0], start)  # the bracket and the word it opens
        if found < 0:  # markup inside the brackets: point at the field instead
            yield Finding(path, message, Code.UNAGREED)
            continue
        before = sum(not character.isspace() for character in text[:found])
        yield Finding(path, message, Code.UNAGREED, nonblank_before=before)
        start = found + 1


def _undrawable(path: PathKey, text: str) -> Iterator[Finding]:
    """Each character no installed font has: the PDF would show an empty box in its place."""
    for index, character in undrawable(text):
        name = unicodedata.name(character, "")
        shown = (
            f"'{character}' (U+{ord(character):04X} {name})" if name else f"U+{ord(character):04X}"
        )
        message = (
            f"{shown} is in no font installed here, so the PDF cannot print it; "
            "install a font that has it or write another character"
        )
        before = sum(not c.isspace() for c in text[:index])
        yield Finding(path, message, Code.NO_FONT, nonblank_before=before)


def _id_matches_file(data: dict[str, Any], file_stem: str) -> Iterator[Finding]:
    draft_id = data.get("id")
    if isinstance(draft_id, str) and draft_id != file_stem:
        message = (
            f"the id '{draft_id}' must equal the file name '{file_stem}'; "
            f"rename the file to {draft_id}.yaml or change the id"
        )
        yield Finding(("id",), message, Code.ID_MISMATCH)


def _unique_ids(data: dict[str, Any]) -> Iterator[Finding]:
    paragraphs = [
        (("sections", s, "paragraphs", p, "id"), paragraph)
        for s, section in _mappings(data.get("sections"))
        for p, paragraph in _each(section.get("paragraphs"))
    ]
    groups: dict[str, list[tuple[PathKey, Any]]] = {
        "agenda item": [(("agenda", i, "id"), a) for i, a in _each(data.get("agenda"))],
        "section": [(("sections", i, "id"), s) for i, s in _each(data.get("sections"))],
        "paragraph": paragraphs,
        "action": [(("actions", i, "id"), a) for i, a in _each(data.get("actions"))],
    }
    for noun, entries in groups.items():
        seen: dict[str, int] = {}
        for number, (path, entry) in enumerate(entries, start=1):  # the number a reader sees
            item_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                message = (
                    f"the {noun} id '{item_id}' is already used by {noun} {seen[item_id]}; "
                    "each id must be unique"
                )
                yield Finding(path, message, Code.DUPLICATE_ID)
            seen.setdefault(item_id, number)


def _agenda_references(data: dict[str, Any]) -> Iterator[Finding]:
    known = [a["id"] for _, a in _mappings(data.get("agenda")) if isinstance(a.get("id"), str)]
    if not known:  # no agenda to refer to: the model reports that once
        return
    for s, section in _mappings(data.get("sections")):
        for p, paragraph in _mappings(section.get("paragraphs")):
            reference = paragraph.get("agenda")
            if isinstance(reference, str) and reference not in known:
                message = (
                    f"there is no agenda item with the id '{reference}'; "
                    f"the agenda's ids are: {', '.join(known)}"
                )
                yield Finding(
                    ("sections", s, "paragraphs", p, "agenda"), message, Code.UNKNOWN_AGENDA
                )


def _meeting_dates(data: dict[str, Any]) -> Iterator[Finding]:
    meeting = data.get("meeting")
    dates = meeting.get("dates") if isinstance(meeting, dict) else None
    if not isinstance(dates, dict):
        return
    start, end = _date(dates.get("start")), _date(dates.get("end"))
    if start is not None and end is not None and end < start:
        message = f"the meeting ends ({end}) before it starts ({start})"
        yield Finding(("meeting", "dates", "end"), message, Code.END_BEFORE_START)


def _date(value: Any) -> date | None:
    """A date written as YYYY-MM-DD; None for anything else (the model reports it)."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _links(data: dict[str, Any]) -> Iterator[Finding]:
    for path, text in texts(data):
        for target in dropped_links(text):
            message = (
                f"the link to '{target}' will be left out: only https://, http:// and mailto: "
                "links are kept"
            )
            yield Finding(path, message, Code.UNSAFE_LINK, "warning")


def _sizes(data: dict[str, Any]) -> Iterator[Finding]:
    """No more than every command can take (see `model.MAX_PARAGRAPHS`)."""
    yield from _paragraph_count(data)
    yield from _entry_count(data)
    yield from _marked_count(data)


def _paragraph_count(data: dict[str, Any]) -> Iterator[Finding]:
    sections = _mappings(data.get("sections"))
    paragraphs = [p for _, s in sections for _, p in _mappings(s.get("paragraphs"))]
    count = len(paragraphs) + sum(len(_each(p.get("items"))) for p in paragraphs)
    if count > MAX_PARAGRAPHS:
        message = (
            f"this draft holds {count:,} paragraphs and sub-items; a draft may hold "
            f"{MAX_PARAGRAPHS:,} at most"
        )
        yield Finding(("sections",), message, Code.TOO_MANY, at_key=True)


def _entry_count(data: dict[str, Any]) -> Iterator[Finding]:
    counts = {kind: len(_each(data.get(kind))) for kind in OTHER_ENTRIES}
    if sum(counts.values()) > MAX_OTHER_ENTRIES:
        message = (
            f"this draft holds {sum(counts.values()):,} sections, agenda items, participant "
            f"groups and actions; a draft may hold {MAX_OTHER_ENTRIES:,} of them at most"
        )
        yield Finding((max(counts, key=counts.__getitem__),), message, Code.TOO_MANY, at_key=True)


def _marked_count(data: dict[str, Any]) -> Iterator[Finding]:
    found = [text for _, text in strings(data)]
    if sum(marked_at_most(text) for text in found) <= MAX_MARKED:
        return  # within the limit without parsing a text: the common case, and quick
    count = sum(_marked(text) for text in found)
    if count > MAX_MARKED:
        message = (
            f"the texts of this draft hold {count:,} passages in bold, italic, code, links, "
            f"square brackets or after a line break; a draft may hold {MAX_MARKED:,} at most"
        )
        yield Finding(("sections",), message, Code.TOO_MANY, at_key=True)


def _marked(text: str) -> int:
    """How many passages of `text` are set apart from the plain text around them."""
    return sum(1 for span in parse_inline(text) if span.line_break or any(span.style))
