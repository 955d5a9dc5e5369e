"""`outcomes review ID FILE --apply PARA-ID`: one delegation's wording accepted into the draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import OutcomesError, ReturnedFileRefused
from pipeline.files import refuse_links, write_atomically
from pipeline.history import project_lock
from pipeline.intake import take_in
from pipeline.results import Line, Result
from pipeline.review.applying import Applied, apply_paragraphs
from pipeline.workspace import Workspace


@dataclass
class ApplyResult(Result):
    id: str
    delegation: str
    file: str  # the returned copy
    written: str  # the draft
    applied: list[Applied] = field(default_factory=list)

    def lines(self) -> list[Line]:
        lines: list[Line] = []
        for applied in self.applied:
            lines += [
                f"{self.id}: para {applied.number} ({applied.paragraph}) now reads "
                f"as {self.delegation} proposed, in {self.written}",
                *(f"  - {line}" for line in applied.before.split("\n")),
                *(f"  + {line}" for line in applied.after.split("\n")),
                *(f"  note: {note}" for note in applied.notes),
            ]
        return [*lines, "  run `outcomes draft` to record it as the next draft version"]


def apply_review(
    ws: Workspace, draft_id: str, file: Path, paragraphs: list[str], name: str | None = None
) -> ApplyResult:
    """Accept the tracked changes `file` makes to `paragraphs` into the draft, keeping the
    rest of the YAML (its comments and layout) as it was."""
    intake = take_in(ws, draft_id, [file], name)
    if not intake.received:
        raise ReturnedFileRefused(intake.refused[0] + "; nothing was applied")
    located, source, _ = intake.received[0]
    draft = intake.draft
    data, applied = apply_paragraphs(draft, located, paragraphs, source.delegation)
    shown = ws.relative(draft.path)
    refuse_links(ws.root, [shown])
    # Under the project's lock, and only over the bytes that were read: an officer's save
    # made meanwhile is never written over.
    with project_lock(ws.root):
        if draft.path.read_bytes() != draft.source:
            raise OutcomesError(
                f"{shown} was saved again while the change was being applied, so nothing was "
                "written: run the command again to apply it to what the file holds now"
            )
        write_atomically(draft.path, data)
    result = ApplyResult(draft_id, source.delegation, source.file, shown, applied)
    result.warnings = intake.warnings
    return result
