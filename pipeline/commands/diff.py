"""`outcomes diff`: what changed between two versions, paragraph by paragraph, word by word."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from pipeline.commands.versions import (
    VersionRef,
    all_versions,
    nothing_recorded,
    open_history,
    outcome_at,
    resolve,
)
from pipeline.compare import Comparison, ParagraphChange, compare
from pipeline.context import letter_label
from pipeline.errors import OutcomesError
from pipeline.words import Op, Segment, marked, plain_mark
from pipeline.workspace import Workspace


@dataclass
class DiffResult:
    id: str
    a: str
    b: str
    changes: dict[str, Any]
    comparison: Comparison | None = None
    written: list[str] | None = None

    def lines(self) -> list[str]:
        assert self.comparison is not None
        lines = [
            click.style(f"{self.id}: {self.a} → {self.b}", bold=True),
            self.comparison.summary(),
        ]
        for change in self.comparison.paragraphs:
            lines += ["", click.style(_heading(change), bold=True), *_paragraph_lines(change)]
        if self.comparison.fields:
            lines.append("")
        lines += [f"{field.path}: {_words(field.words)}" for field in self.comparison.fields]
        return lines + [f"wrote {path}" for path in self.written or []]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "a": self.a,
            "b": self.b,
            "written": self.written or [],
            **self.changes,
        }


def diff(
    ws: Workspace,
    draft_id: str,
    a: str | None = None,
    b: str | None = None,
    *,
    docx: Path | None = None,
    html: Path | None = None,
) -> DiffResult:
    """Compare version `a` with `b` (by default the last two versions recorded)."""
    with open_history(ws, draft_id) as repository:
        old, new = _pair(repository, draft_id, a, b)
        before = outcome_at(repository, draft_id, old)
        after = outcome_at(repository, draft_id, new)
    comparison = compare(before, after)
    written = []
    if docx or html:
        from pipeline.commands.redline import write_redlines

        written = write_redlines(ws, before, after, (old, new), comparison, docx=docx, html=html)
    return DiffResult(draft_id, old.name, new.name, comparison.as_dict(), comparison, written)


def _pair(
    repository: Any, draft_id: str, a: str | None, b: str | None
) -> tuple[VersionRef, VersionRef]:
    if a and b:
        return resolve(repository, draft_id, a), resolve(repository, draft_id, b)
    versions = all_versions(repository, draft_id)
    if not versions:
        raise nothing_recorded(draft_id)
    if a:
        return resolve(repository, draft_id, a), versions[-1]
    if len(versions) < 2:
        raise OutcomesError(
            f"{draft_id} has one recorded version ({versions[0].name}): there is nothing to "
            "compare it with yet"
        )
    return versions[-2], versions[-1]


def _heading(change: ParagraphChange) -> str:
    if change.number_b is None:
        return f"was para {change.number_a} ({change.id}): removed"
    was = f", was para {change.number_a}" if change.number_a not in (None, change.number_b) else ""
    return f"para {change.number_b} ({change.id}{was}): {change.status}"


def _paragraph_lines(change: ParagraphChange) -> list[str]:
    lines = [f"  {note}" for note in change.notes]
    if any(s.op != "equal" for s in change.text) or not change.number_a or not change.number_b:
        lines.append("  " + _words(change.text))
    for index, item in enumerate(change.items):
        if any(s.op != "equal" for s in item):
            lines.append(f"    ({letter_label(index)}) " + _words(item))
    return lines


def _words(segments: tuple[Segment, ...]) -> str:
    """Words as `git diff --word-diff=plain` shows them: [-deleted-]{+inserted+}, in colour."""
    return marked(segments, _coloured)


def _coloured(op: Op, text: str) -> str:
    colour = {"delete": "red", "insert": "green"}.get(op)
    return click.style(plain_mark(op, text), fg=colour) if colour else text
