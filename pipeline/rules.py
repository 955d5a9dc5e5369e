"""The rules a draft must follow beyond its shape: ids, references, dates, publishability.

Each rule yields `Finding`s that name a place in the model (a field path); the loader turns
them into problems at a line and column of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from pipeline.inline import dropped_links, unagreed_passages
from pipeline.model import Outcome

PathKey = tuple[str | int, ...]


class Finding(NamedTuple):
    path: PathKey
    message: str
    code: str
    severity: str = "error"


def check_draft(outcome: Outcome, file_stem: str) -> list[Finding]:
    """Every rule a draft must follow to be drafted."""
    return [
        *_id_matches_file(outcome, file_stem),
        *_unique_ids(outcome),
        *_agenda_references(outcome),
        *_meeting_dates(outcome),
        *_links(outcome),
    ]


def check_publishable(outcome: Outcome) -> list[Finding]:
    """What stops a valid draft from being published."""
    findings = []
    if outcome.adopted is None:
        message = "a published outcome needs 'adopted:', the date the meeting adopted the text"
        findings.append(Finding(("adopted",), message, "not-adopted"))
    for path, text in texts(outcome):
        for passage in unagreed_passages(text):
            message = (
                f"{passage} is in square brackets, so not yet agreed; settle it before publishing"
            )
            findings.append(Finding(path, message, "unagreed"))
    return findings


def texts(outcome: Outcome) -> Iterator[tuple[PathKey, str]]:
    """Every field of the draft that holds inline Markdown, with its path."""
    if outcome.summary:
        yield ("summary",), outcome.summary
    for s, section in enumerate(outcome.sections):
        for p, paragraph in enumerate(section.paragraphs):
            path: PathKey = ("sections", s, "paragraphs", p)
            yield (*path, "text"), paragraph.text
            for i, item in enumerate(paragraph.items):
                yield (*path, "items", i), item
    for a, action in enumerate(outcome.actions):
        yield ("actions", a, "text"), action.text


def _id_matches_file(outcome: Outcome, file_stem: str) -> Iterator[Finding]:
    if outcome.id != file_stem:
        message = (
            f"the id '{outcome.id}' must equal the file name '{file_stem}'; "
            f"rename the file to {outcome.id}.yaml or change the id"
        )
        yield Finding(("id",), message, "id-mismatch")


def _unique_ids(outcome: Outcome) -> Iterator[Finding]:
    groups: dict[str, list[tuple[PathKey, str]]] = {
        "agenda item": [(("agenda", i, "id"), a.id) for i, a in enumerate(outcome.agenda)],
        "section": [(("sections", i, "id"), s.id) for i, s in enumerate(outcome.sections)],
        "paragraph": [
            (("sections", s, "paragraphs", p, "id"), paragraph.id)
            for s, section in enumerate(outcome.sections)
            for p, paragraph in enumerate(section.paragraphs)
        ],
        "action": [(("actions", i, "id"), a.id) for i, a in enumerate(outcome.actions)],
    }
    for noun, ids in groups.items():
        seen: dict[str, int] = {}
        for number, (path, item_id) in enumerate(ids, start=1):
            if item_id in seen:
                message = (
                    f"the {noun} id '{item_id}' is already used by {noun} {seen[item_id]}; "
                    "each id must be unique"
                )
                yield Finding(path, message, "duplicate-id")
            seen.setdefault(item_id, number)


def _agenda_references(outcome: Outcome) -> Iterator[Finding]:
    known = [item.id for item in outcome.agenda]
    for s, section in enumerate(outcome.sections):
        for p, paragraph in enumerate(section.paragraphs):
            if paragraph.agenda is not None and paragraph.agenda not in known:
                message = (
                    f"there is no agenda item with the id '{paragraph.agenda}'; "
                    f"the agenda's ids are: {', '.join(known)}"
                )
                yield Finding(("sections", s, "paragraphs", p, "agenda"), message, "unknown-agenda")


def _meeting_dates(outcome: Outcome) -> Iterator[Finding]:
    dates = outcome.meeting.dates
    if dates.end is not None and dates.end < dates.start:
        message = f"the meeting ends ({dates.end}) before it starts ({dates.start})"
        yield Finding(("meeting", "dates", "end"), message, "end-before-start")


def _links(outcome: Outcome) -> Iterator[Finding]:
    for path, text in texts(outcome):
        for target in dropped_links(text):
            message = (
                f"the link to '{target}' will be left out: only https://, http:// and mailto: "
                "links are kept"
            )
            yield Finding(path, message, "unsafe-link", "warning")
