"""`outcomes publish`: the print and web editions of an adopted draft, recorded and tagged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline import layout
from pipeline.context import Version, build_document
from pipeline.history import Recorded
from pipeline.recording import (
    Outputs,
    Recording,
    open_recording,
    published_json,
    recording_tries,
    schema_beside_drafts,
    shared_files,
)
from pipeline.render.data import outcome_json
from pipeline.render.html import render_fragment, render_page
from pipeline.results import Line, Result
from pipeline.settings import check_for_publication
from pipeline.workspace import Workspace


@dataclass
class PublishResult(Result):
    id: str
    version: int
    commit: str
    tag: str
    recorded: bool
    paths: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.recorded  # nothing new to record is a refusal: exit status 1

    def lines(self) -> list[Line]:
        if not self.recorded:
            return [
                f"{self.id}: nothing changed since published version {self.version}, "
                "so nothing was recorded"
            ]
        return [
            f"{self.id}: recorded published version {self.version} ({self.tag})",
            *(f"  {path}" for path in self.paths),
            f"  commit: {self.commit[:12]}",
        ]


def publish(ws: Workspace, file: Path, *, offline: bool = False) -> PublishResult:
    """Validate `file` strictly, render every edition, and record them as the next version;
    shared at once with the project's shared repository, unless `offline`."""
    check_for_publication(ws.settings, ws.root)
    return recording_tries(lambda: _publish(ws, file, offline))


def _publish(ws: Workspace, file: Path, offline: bool) -> PublishResult:
    with open_recording(ws, file, strict=True, offline=offline) as recording:
        previous = recording.latest("published")
        if previous and recording.unchanged(
            previous, lambda: _editions(recording, previous.number, previous.timestamp, previous)
        ):
            return PublishResult(
                recording.id,
                previous.number,
                previous.commit,
                previous.tag,
                False,
                [],
                **recording.notes(),
            )
        version = recording.next_version("published", previous)
        outputs = _editions(recording, version.number, version.timestamp, previous)
        new_json = {recording.id: outputs[layout.edition_files(recording.id)["json"]]}
        outputs |= shared_files(ws, published_json(recording.history, "HEAD") | new_json)
        commit = recording.record(version, outputs | schema_beside_drafts(ws), annotated=True)
        return PublishResult(
            recording.id,
            version.number,
            commit,
            recording.tag(version),
            True,
            sorted(outputs),
            **recording.notes(),
        )


def _editions(
    recording: Recording, number: int, when: datetime, previous: Recorded | None
) -> Outputs:
    """The outcome's own files: page, fragment, JSON and PDF, by project-relative path."""
    from pipeline.render.pdf import render_pdf  # WeasyPrint takes half a second to import

    ws = recording.ws
    document = build_document(
        recording.draft.outcome, Version("published", number, when), ws.settings
    )
    paths = layout.edition_files(recording.id)
    earlier_json = recording.history.file_at(previous.commit, paths["json"]) if previous else None
    with ws.staging() as staging:
        pdf = staging / "edition.pdf"
        render_pdf(document, ws.templates, recording.draft.source, pdf)
        return {
            paths["html"]: render_page(document, ws.templates).encode(),
            paths["fragment"]: render_fragment(document, ws.templates).encode(),
            paths["json"]: outcome_json(document, earlier_json),
            paths["pdf"]: pdf.read_bytes(),
        }
