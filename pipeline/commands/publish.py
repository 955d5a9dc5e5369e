"""`outcomes publish`: the print and web editions of an adopted draft, recorded and tagged."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from pipeline import layout
from pipeline.context import Version
from pipeline.history import Recorded
from pipeline.publication import (
    PublishResult,
    as_recorded,
    published_files,
    record_publication,
    shared_outputs,
)
from pipeline.recording import Outputs, open_recording, recording_tries
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

        def outputs_of(version: Version, previous: Recorded | None) -> Outputs:
            files = published_files(recording, version.number, version.timestamp, previous, "HEAD")
            return files.latest | files.permanent | shared_outputs(recording, files)

        return record_publication(recording, partial(as_recorded, recording), outputs_of)
