"""`outcomes validate`: check drafts against the format, reporting every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import layout
from pipeline.errors import DraftInvalid, OutcomesError, PublishRefused
from pipeline.loading import load_draft
from pipeline.results import Line, Result
from pipeline.workspace import Workspace


@dataclass
class ValidateResult(Result):
    files: list[str]

    def lines(self) -> list[Line]:
        noun = "draft is" if len(self.files) == 1 else "drafts are"
        return [f"{len(self.files)} {noun} valid: {', '.join(self.files)}"]


def validate(ws: Workspace, paths: list[Path], *, strict: bool = False) -> ValidateResult:
    """Check the project's settings, then each draft (all of drafts/ when none is named);
    raise with every problem found."""
    # Settings first: CI runs `validate` on every push, and a broken pyproject.toml would else
    # be found by the `draft` or `publish` after it.
    ws.settings  # noqa: B018 (read to be checked)
    paths = paths or ws.draft_files()
    if not paths:
        raise OutcomesError(f"there are no drafts in {ws.drafts}; start one with `outcomes new ID`")
    result = ValidateResult([ws.shown(p) for p in paths])
    refusals: set[type[DraftInvalid]] = set()
    for path in paths:
        try:
            draft = _checked(ws, path, strict)
        except DraftInvalid as error:
            result.problems += error.problems
            refusals.add(type(error))
            continue
        result.problems += draft.warnings
    if refusals:
        refused = PublishRefused if refusals == {PublishRefused} else DraftInvalid
        raise refused(result.problems, after="")  # validate writes nothing, ever
    return result


def _checked(ws: Workspace, path: Path, strict: bool) -> Any:
    """A draft, or a translation (`<id>.<lang>.yaml`) checked against its source too."""
    if layout.translation_of(path.name):
        from pipeline.translation import check_translation

        return check_translation(ws, path, strict=strict)
    return load_draft(path, shown_as=ws.shown(path), strict=strict)
