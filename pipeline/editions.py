"""A language edition: the source's outcome in a translation's words, and whether it may be
published.

The edition takes everything but the words from the source as published (its structure, dates,
numbers, ids, kinds, agenda references, symbol and adoption date) and every word from the
translation, matched by id; its `language` is the translation's. It may be published only when
each of its texts translates the source's latest published text: all current against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.codes import Code
from pipeline.errors import Problem
from pipeline.loading import Draft, load_draft
from pipeline.model import Outcome
from pipeline.records import made, plain
from pipeline.rules import Finding
from pipeline.translation import (
    TextState,
    Translation,
    TranslationDraft,
    check_translation,
    states,
    units,
)
from pipeline.workspace import Workspace


def edition_outcome(source: Outcome, translation: Translation) -> Outcome:
    """`source` with the words of `translation` (which must hold every text the source has)."""
    data = plain(source)
    data["language"] = translation.language
    for name in ("title", "headline", "summary"):
        data[name] = getattr(translation, name) if data[name] is not None else None
    data["meeting"] |= _meeting(source, translation)
    data["participants"] = plain(translation.participants)
    agenda = {item.id: item.title for item in translation.agenda}
    for item in data["agenda"]:
        item["title"] = agenda[item["id"]]
    _sections(data, translation)
    actions = {action.id: action for action in translation.actions}
    for action in data["actions"]:
        action["text"] = actions[action["id"]].text
        action["owner"] = actions[action["id"]].owner if action["owner"] is not None else None
    return made(Outcome, data)


def _meeting(source: Outcome, translation: Translation) -> dict[str, Any]:
    theirs, mine = source.meeting, translation.meeting
    words: dict[str, Any] = {
        name: getattr(mine, name) if getattr(theirs, name) is not None else None
        for name in ("name", "short_name", "process", "host", "chair")
    }
    words["venue"] = plain(mine.venue)
    return words


def _sections(data: dict[str, Any], translation: Translation) -> None:
    sections = {section.id: section for section in translation.sections}
    paragraphs = {p.id: p for section in translation.sections for p in section.paragraphs}
    for section in data["sections"]:
        section["title"] = sections[section["id"]].title
        for paragraph in section["paragraphs"]:
            mine = paragraphs[paragraph["id"]]
            paragraph["text"], paragraph["items"] = mine.text, list(mine.items)


def not_publishable(translation: Translation, then: Outcome, published: Outcome) -> list[TextState]:
    """The texts that keep a translation from publishing: every one not current against the
    source's latest published text (`then` is the source at the version translated)."""
    return [text for text in states(translation, then, published) if text.state != "current"]


def refusals(
    draft: TranslationDraft, then: Outcome, published: Outcome, published_name: str
) -> list[Problem]:
    """Each text that keeps the translation in `draft` from publishing, at its place in the
    file: not current against `published`, the source's latest published version (named
    `published_name`, such as published-2)."""
    translation = draft.translation
    places = units(translation).texts
    found = []
    for text in not_publishable(translation, then, published):
        unit = places.get(text.key)
        path = unit.path if unit else ()
        if unit and text.key.startswith("paragraphs["):
            path = (*path, "text")  # at the paragraph's words, not its id
        why = _why(text, translation, published_name)
        found.append(draft.marks.place(Finding(path, why, Code.OUTDATED, at_key=unit is None)))
    return found


def _why(text: TextState, translation: Translation, published_name: str) -> str:
    source = f"{translation.translation_of} {published_name}"
    if text.state == "outdated":
        return (
            f"{text.label} is outdated: {source} changed it since {translation.source_version}, "
            f"the version translated; translate the change and set source_version: "
            f"{published_name}"
        )
    if text.state == "missing":
        return f"{text.label} is missing: {source} has it, this translation does not"
    return f"{text.label}: {source} no longer has it; remove it here"


def edition_draft(ws: Workspace, path: Path, *, strict: bool = False) -> Draft:
    """The translation in `path` checked against its source in drafts/, as the edition of the
    source as it stands there: what `outcomes draft` makes a review copy of."""
    return edition_and_source(ws, path, strict=strict)[0]


def edition_and_source(ws: Workspace, path: Path, *, strict: bool = False) -> tuple[Draft, Outcome]:
    """`edition_draft`, and the source it was made from."""
    translated = check_translation(ws, path, strict=strict)
    source = load_draft(ws.draft_path(translated.translation.translation_of)).outcome
    outcome = edition_outcome(source, translated.translation)
    draft = Draft(path, path.read_bytes(), outcome, translated.marks, translated.warnings)
    return draft, source
