"""The recording sequence, once for every command that records: read the draft, hold the
project's history (lock, recovery, checks, author), compare, record a version."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import layout
from pipeline.context import Version
from pipeline.errors import OutcomesError
from pipeline.files import remove_abandoned_scratch
from pipeline.history import History, Recorded, moment
from pipeline.loading import Draft, load_draft
from pipeline.model import schema_text
from pipeline.workspace import Workspace

Outputs = dict[str, bytes]  # project-relative path -> bytes


@dataclass
class Recording:
    """One command's hold on a draft and the project's history, under the lock."""

    ws: Workspace
    draft: Draft
    history: History
    when: datetime

    @property
    def id(self) -> str:
        return self.draft.outcome.id

    @property
    def source_path(self) -> str:
        return layout.draft(self.id)

    def notes(self) -> dict[str, Any]:
        """What a result tells besides its own data: the draft's warnings, and what was
        finished or taken back of an interrupted run's recording."""
        return {"problems": self.draft.warnings, "warnings": self.history.recovered}

    def latest(self, kind: str) -> Recorded | None:
        versions = self.history.versions(self.id, kind)
        return versions[-1] if versions else None

    def next_version(self, kind: str, previous: Recorded | None) -> Version:
        return Version(kind, (previous.number if previous else 0) + 1, self.when)

    def tag(self, version: Version) -> str:
        return f"{self.id}/{version.tag_suffix}"

    def unchanged(self, previous: Recorded, outputs: Callable[[], Outputs]) -> bool:
        """Whether the draft, and what it renders to as `previous`, are what `previous` holds."""
        if self.history.file_at(previous.commit, self.source_path) != self.draft.source:
            return False
        return all(
            self.history.file_at(previous.commit, path) == data for path, data in outputs().items()
        )

    def record(self, version: Version, outputs: Outputs, *, annotated: bool) -> str:
        """Commit the draft and its outputs as `version`, tag it, and write the outputs out."""
        noun = "draft" if version.kind == "draft" else "published"
        message = f"{self.id}: {noun} version {version.number}\n\n{self.draft.outcome.title}\n"
        files = {self.source_path: self.draft.source, **outputs}
        return self.history.record(
            files,
            message,
            self.tag(version),
            when=version.timestamp,
            annotated=annotated,
            in_tree=frozenset({self.source_path}),
            replacing=frozenset({layout.SCHEMA}),  # outcomes' own, made anew by each version
        )


@contextmanager
def open_recording(ws: Workspace, file: Path, *, strict: bool = False) -> Iterator[Recording]:
    """Read and check the draft, then hold the project's history for one recording."""
    draft = load_draft(file, shown_as=ws.shown(file), strict=strict)
    expected = ws.draft_path(draft.outcome.id)
    if file.resolve() != expected.resolve():
        raise OutcomesError(
            f"{ws.shown(file)} is outside the project's drafts folder; versions are recorded "
            f"from {ws.relative(expected)}: move the file there and run the command again"
        )
    with held_history(ws) as history:
        yield Recording(ws, draft, history, moment())


@contextmanager
def held_history(ws: Workspace) -> Iterator[History]:
    """The project's history, held for one recording: locked against other runs, whatever
    a killed run left finished or taken back (`history.recovered` says what), checked ready,
    with an author to record under. A repository this run made is gone again if it fails."""
    history = History(ws.root, ws.settings.author)
    try:
        with history, history.lock():
            remove_abandoned_scratch()
            history.recovered = history.recover()
            history.check_ready()
            history.identity()
            yield history
    except BaseException:
        history.forget_if_created()
        raise


def schema_beside_drafts(ws: Workspace) -> Outputs:
    """The schema beside the drafts, as this version of outcomes writes it, to be recorded with
    the next version of a draft: the drafts name it, so it belongs with them in the history
    (and `git status` is clean after `outcomes new` and `outcomes draft`). Nothing when the
    project keeps no schema there."""
    return {layout.SCHEMA: schema_text().encode()} if ws.file(layout.SCHEMA).is_file() else {}
