"""`outcomes diff`: what changed between two versions, paragraph by paragraph, word by word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import layout
from pipeline.compare import (
    Comparison,
    ParagraphChange,
    TextComparison,
    compare,
    compare_translations,
    redline,
    redline_actions,
)
from pipeline.context import Version, build_document, letter_label
from pipeline.errors import OutcomesError
from pipeline.files import write_atomically
from pipeline.labels import wording
from pipeline.model import Outcome
from pipeline.render.redline_page import render_redline_page
from pipeline.results import Line, Result, Run, word_runs
from pipeline.translation import recorded_translation
from pipeline.versions import (
    VersionRef,
    all_versions,
    nothing_recorded,
    open_history,
    outcome_at,
    resolve,
)
from pipeline.workspace import Workspace


@dataclass
class DiffResult(Result):
    id: str
    a: str
    b: str
    changes: dict[str, Any]
    comparison: Comparison | None = None
    written: list[str] | None = None

    def lines(self) -> list[Line]:
        assert self.comparison is not None
        lines: list[Line] = [
            (Run(f"{self.id}: {self.a} → {self.b}", "heading"),),
            self.comparison.summary(),
        ]
        for change in self.comparison.paragraphs:
            lines += ["", (Run(_heading(change), "heading"),), *_paragraph_lines(change)]
        if self.comparison.fields:
            lines.append("")
        lines += [(Run(f"{f.path}: "), *word_runs(f.words)) for f in self.comparison.fields]
        return lines + [f"wrote {path}" for path in self.written or []]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "a": self.a,
            "b": self.b,
            "written": self.written or [],
            **self.changes,
        }


@dataclass
class TextDiffResult(Result):
    """A language edition's two versions: its translation's texts, word by word."""

    id: str
    a: str
    b: str
    comparison: TextComparison

    def lines(self) -> list[Line]:
        lines: list[Line] = [
            (Run(f"{self.id}: {self.a} → {self.b}", "heading"),),
            self.comparison.summary(),
        ]
        for change in self.comparison.texts:
            lines += ["", (Run(f"{change.label}: {change.status}", "heading"),)]
            lines += [
                (Run("  " if index == 0 else f"    ({letter_label(index - 1)}) "), *word_runs(text))
                for index, text in enumerate(change.texts)
                if any(s.op != "equal" for s in text)
            ]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "a": self.a, "b": self.b, **self.comparison.as_dict()}


def diff(
    ws: Workspace,
    draft_id: str,
    a: str | None = None,
    b: str | None = None,
    *,
    docx: Path | None = None,
    html: Path | None = None,
) -> DiffResult | TextDiffResult:
    """Compare version `a` with `b` (by default the last two versions recorded); of a
    language edition (`commit-som11.km`), its translation's texts."""
    if layout.edition_of(draft_id)[1]:
        return _edition_diff(ws, draft_id, a, b, redline=bool(docx or html))
    with open_history(ws, draft_id) as repository:
        old, new = _pair(repository, draft_id, a, b)
        before = outcome_at(repository, draft_id, old)
        after = outcome_at(repository, draft_id, new)
    comparison = compare(before, after)
    written = []
    if docx or html:
        written = write_redlines(ws, before, after, (old, new), comparison, docx=docx, html=html)
    return DiffResult(draft_id, old.name, new.name, comparison.as_dict(), comparison, written)


def _edition_diff(
    ws: Workspace, name: str, a: str | None, b: str | None, *, redline: bool
) -> TextDiffResult:
    if redline:
        raise OutcomesError(
            f"--docx and --html write an outcome's redline; {name} is a language edition, whose "
            f"changes are shown here text by text: `outcomes diff {name}` without them"
        )
    with open_history(ws, name) as repository:
        old, new = _pair(repository, name, a, b)
        before = recorded_translation(repository, name, old)
        after = recorded_translation(repository, name, new)
    return TextDiffResult(name, old.name, new.name, compare_translations(before, after))


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


def _paragraph_lines(change: ParagraphChange) -> list[Line]:
    lines: list[Line] = [f"  {note}" for note in change.notes]
    if any(s.op != "equal" for s in change.text) or not change.number_a or not change.number_b:
        lines.append((Run("  "), *word_runs(change.text)))
    for index, item in enumerate(change.items):
        if any(s.op != "equal" for s in item):
            lines.append((Run(f"    ({letter_label(index)}) "), *word_runs(item)))
    return lines


def write_redlines(
    ws: Workspace,
    before: Outcome,
    after: Outcome,
    versions: tuple[VersionRef, VersionRef],
    comparison: Comparison,
    *,
    docx: Path | None,
    html: Path | None,
) -> list[str]:
    """Write the redlines asked for; return their paths."""
    entries = redline(before, after, comparison)
    written = []
    if html:
        names = (versions[0].name, versions[1].name)
        words = wording(after.language, ws.settings.labels)
        page = render_redline_page(ws.templates, after, names, comparison, entries, words)
        try:
            write_atomically(html, page.encode())
        except OSError as error:
            raise OutcomesError(f"{html} cannot be written: {error.strerror}") from None
        written.append(str(html))
    if docx:
        from pipeline.render.redline import render_redline

        old, new = versions
        kind = new.kind if new.kind in ("draft", "published") else "draft"
        version = Version(kind, new.number or 0, datetime.fromisoformat(new.date))
        document = build_document(after, version, ws.settings)
        label = document.wording.fill(
            "redline_header", a=old.name, b=new.name, date=document.version_date
        )
        actions = redline_actions(before, after)
        earlier = build_document(before, version, ws.settings)
        render_redline(
            document, ws.templates / "review.docx", docx, entries, actions, earlier, label
        )
        written.append(str(docx))
    return written
