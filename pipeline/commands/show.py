"""`outcomes show`: the files of any recorded version, written out byte for byte."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline import layout
from pipeline.errors import OutcomesError
from pipeline.files import refuse_links
from pipeline.results import Line, Result
from pipeline.versions import open_history, resolve
from pipeline.workspace import Workspace


@dataclass
class ShowResult(Result):
    id: str
    version: str
    commit: str
    out: str
    paths: list[str]

    def lines(self) -> list[Line]:
        return [f"{self.id} {self.version} ({self.commit[:10]}) written to {self.out}/:"] + [
            f"  {path}" for path in self.paths
        ]


def show(ws: Workspace, draft_id: str, spec: str, out: Path) -> ShowResult:
    """Write the draft and the files its version recorded under `out`, never over a file; of
    a language edition (`commit-som11.km`), its translation and the edition's own files."""
    draft = layout.named(draft_id)
    with open_history(ws, draft_id) as repository:
        version = resolve(repository, draft_id, spec)
        changed = repository.changed_files(version.commit)
        paths = [draft] + [p for p in changed if p != draft and _belongs(p, draft_id)]
        recorded = {path: repository.file_at(version.commit, path) for path in paths}
    files = {path: data for path, data in recorded.items() if data is not None}
    if draft not in files:
        raise OutcomesError(f"{version.name} holds no {draft}")
    taken = [path for path in files if os.path.lexists(out / path)]  # a dangling link too
    if taken:
        raise OutcomesError(f"{out / taken[0]} exists already; choose an empty folder with --out")
    refuse_links(out, files)
    written: list[Path] = []
    try:
        for path, data in files.items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as file:  # "x": never through a link made meanwhile
                file.write(data)
            written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return ShowResult(draft_id, version.name, version.commit, str(out), list(files))


def _belongs(path: str, name: str) -> bool:
    """Whether `path` is one of the files the outcome or language edition `name` records."""
    draft_id, language = layout.edition_of(name)
    if language:
        return layout.belongs_to_edition(path, draft_id, language)
    return layout.belongs(path, draft_id)
