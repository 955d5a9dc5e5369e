"""`outcomes publish`: the print and web editions of an adopted draft, recorded and tagged."""

from __future__ import annotations

from pathlib import Path

from pipeline import layout
from pipeline.publication import PublishResult, as_recorded, published_files, shared_outputs
from pipeline.recording import open_recording, recording_tries, schema_beside_drafts
from pipeline.settings import check_for_publication
from pipeline.workspace import Workspace


def publish(ws: Workspace, file: Path, *, offline: bool = False) -> PublishResult:
    """Validate `file` strictly, render every edition, and record them as the next version;
    shared at once with the project's shared repository, unless `offline`."""
    check_for_publication(ws.settings, ws.root)
    if layout.translation_of(file.name):
        from pipeline.commands.edition import publish_edition

        return recording_tries(lambda: publish_edition(ws, file, offline))
    return recording_tries(lambda: _publish(ws, file, offline))


def _publish(ws: Workspace, file: Path, offline: bool) -> PublishResult:
    with open_recording(ws, file, strict=True, offline=offline) as recording:
        previous = recording.latest("published")
        if previous and recording.unchanged(previous, *as_recorded(recording, previous)):
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
        files = published_files(recording, version.number, version.timestamp, previous, "HEAD")
        outputs = files.latest | files.permanent | shared_outputs(recording, files)
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
