"""`outcomes validate`: check drafts against the format, reporting every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import DraftInvalid, OutcomesError, Problem, PublishRefused
from pipeline.loading import Draft, load_draft
from pipeline.rules import check_publishable
from pipeline.workspace import Workspace


@dataclass
class ValidateResult:
    files: list[str]
    problems: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        noun = "draft is" if len(self.files) == 1 else "drafts are"
        return [f"{len(self.files)} {noun} valid: {', '.join(self.files)}"]


def validate(ws: Workspace, paths: list[Path], *, strict: bool = False) -> ValidateResult:
    """Check each draft (all of drafts/ when none is named); raise with every problem found."""
    paths = paths or ws.draft_files()
    if not paths:
        raise OutcomesError(f"there are no drafts in {ws.drafts}; start one with `outcomes new ID`")
    result = ValidateResult([shown(ws, p) for p in paths])
    refused: type[DraftInvalid] = DraftInvalid
    for path in paths:
        try:
            draft = load_draft(path, shown_as=shown(ws, path))
        except DraftInvalid as error:
            result.problems += error.problems
            continue
        result.problems += draft.warnings
        if strict:
            found = publication_problems(draft)
            refused = PublishRefused if found and refused is DraftInvalid else refused
            result.problems += found
    if any(p.severity == "error" for p in result.problems):
        raise refused(result.problems)
    return result


def publication_problems(draft: Draft) -> list[Problem]:
    """What keeps a valid draft from being published, each at its place in the file."""
    return [draft.marks.place(f) for f in check_publishable(draft.outcome)]


def shown(ws: Workspace, path: Path) -> str:
    """How a file is named in messages: relative to the project when it lies inside it."""
    try:
        return ws.relative(path)
    except ValueError:
        return str(path)
