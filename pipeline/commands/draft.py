"""`outcomes draft`: the Word review copy of a draft, recorded as the next draft version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline import layout
from pipeline.context import Version, build_document
from pipeline.recording import (
    Outputs,
    Recording,
    open_recording,
    recording_tries,
    schema_beside_drafts,
)
from pipeline.results import Line, Result
from pipeline.workspace import Workspace

TEMPLATE = "review.docx"


@dataclass
class DraftResult(Result):
    id: str
    version: int
    path: str
    commit: str
    tag: str
    recorded: bool

    @property
    def ok(self) -> bool:
        return self.recorded  # nothing new to record is a refusal: exit status 1

    def lines(self) -> list[Line]:
        if not self.recorded:
            return [
                f"{self.id}: nothing changed since draft version {self.version}, "
                f"so nothing was recorded ({self.path})"
            ]
        return [
            f"{self.id}: recorded draft version {self.version} ({self.tag})",
            f"  review copy: {self.path}",
            f"  commit:      {self.commit[:12]}",
        ]


def draft(
    ws: Workspace, file: Path, *, protect: bool = False, offline: bool = False
) -> DraftResult:
    """Validate `file`, render its review copy and record both, unless nothing changed;
    shared at once with the project's shared repository, unless `offline`."""
    return recording_tries(lambda: _draft(ws, file, protect, offline))


def _draft(ws: Workspace, file: Path, protect: bool, offline: bool) -> DraftResult:
    with open_recording(ws, file, offline=offline) as recording:
        copy = layout.review_copy(recording.draft.outcome.id, recording.edition)

        def review_copy(number: int, when: datetime) -> Outputs:
            version = Version("draft", number, when)
            return {copy: _render(recording, version, protect=protect)}

        previous = recording.latest("draft")
        if previous and recording.unchanged(
            previous, lambda: review_copy(previous.number, previous.timestamp)
        ):
            return DraftResult(
                recording.id,
                previous.number,
                copy,
                previous.commit,
                previous.tag,
                False,
                **recording.notes(),
            )
        version = recording.next_version("draft", previous)
        outputs = review_copy(version.number, version.timestamp) | schema_beside_drafts(ws)
        commit = recording.record(version, outputs, annotated=False)
        return DraftResult(
            recording.id,
            version.number,
            copy,
            commit,
            recording.tag(version),
            True,
            **recording.notes(),
        )


def _render(recording: Recording, version: Version, *, protect: bool) -> bytes:
    """The review copy's bytes, in memory: the recording writes them where they belong."""
    from pipeline.render.docx import review_copy  # python-docx loads only when drafting

    ws = recording.ws
    document = build_document(recording.draft.outcome, version, ws.settings)
    template = ws.templates / TEMPLATE
    return review_copy(document, template, protect=protect, versions_of=recording.id)
