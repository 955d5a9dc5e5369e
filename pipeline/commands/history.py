"""`outcomes history`: every recorded version of an outcome, and what each one changed."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import layout
from pipeline.compare import compare, compare_translations
from pipeline.model import Outcome
from pipeline.results import Line, Result
from pipeline.translation import Translation, recorded_translation
from pipeline.versions import (
    VersionRef,
    all_versions,
    nothing_recorded,
    open_history,
    outcome_at,
)
from pipeline.workspace import Workspace


@dataclass
class HistoryEntry:
    version: str
    kind: str
    number: int
    date: str
    author: str
    commit: str
    changes: str


@dataclass
class HistoryResult(Result):
    id: str
    versions: list[HistoryEntry]

    def lines(self) -> list[Line]:
        rows = [(e.version, e.date[:10], e.author, e.commit[:10], e.changes) for e in self.versions]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        return [
            "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
            + f"  {row[4]}"
            for row in rows
        ]


def history(ws: Workspace, draft_id: str) -> HistoryResult:
    """Each version, oldest first, with a one-line account of its change from the one before;
    `draft_id` may name a language edition (`commit-som11.km`), whose versions are its own."""
    edition = layout.edition_of(draft_id)[1] is not None
    read = recorded_translation if edition else outcome_at
    with open_history(ws, draft_id) as repository:
        versions = all_versions(repository, draft_id)
        recorded = [read(repository, draft_id, version) for version in versions]
    if not versions:
        raise nothing_recorded(draft_id)
    entries: list[HistoryEntry] = []
    previous: tuple[VersionRef, Outcome | Translation] | None = None
    for version, outcome in zip(versions, recorded, strict=True):
        changes = _changes(previous, outcome)
        entries.append(
            HistoryEntry(
                version.name,
                version.kind,
                version.number or 0,
                version.date,
                version.author,
                version.commit,
                changes,
            )
        )
        previous = version, outcome
    return HistoryResult(draft_id, entries)


def _changes(
    previous: tuple[VersionRef, Outcome | Translation] | None, recorded: Outcome | Translation
) -> str:
    """What a version changed from the one before (an edition's: its translation's texts); a
    publication of a draft as it stands says which draft it is the text of."""
    if previous is None:
        return "first version"
    before = previous[1]
    if isinstance(before, Translation) and isinstance(recorded, Translation):
        texts = compare_translations(before, recorded)
        return texts.summary() if texts.texts else f"the text of {previous[0].name}"
    assert isinstance(before, Outcome) and isinstance(recorded, Outcome)
    comparison = compare(before, recorded)
    if not comparison.paragraphs and not comparison.fields:
        return f"the text of {previous[0].name}"
    return comparison.summary()
