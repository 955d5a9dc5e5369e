"""Every error a user may meet, each with its exit status and a message they understand.

The command line shows them (and only it knows how); anything else that escapes is a bug.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "ApplyRefused",
    "CompilationInTheWay",
    "DraftInvalid",
    "HandEdited",
    "HistoryConflict",
    "NothingToCompile",
    "OutcomesError",
    "Problem",
    "PublishRefused",
    "RemoteRefused",
    "RemoteUnreachable",
    "RenderFailed",
    "ReturnedFileRefused",
    "SettingsInvalid",
    "TemplateProblem",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in a draft, at a place in its file."""

    file: str
    line: int
    column: int
    message: str
    field: str = ""
    code: str = "invalid"
    severity: str = "error"  # "error" stops the command; "warning" is shown and let pass

    def __str__(self) -> str:
        where = f" ({self.field})" if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{where}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class OutcomesError(Exception):
    """A refusal the user can act on: exit status 1 and one clear message."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": self.message}


class DraftInvalid(OutcomesError):
    """The draft breaks the format; every problem found is listed."""

    def __init__(self, problems: list[Problem], *, after: str = "nothing was written") -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        files = {p.file for p in errors}
        noun = "problem" if len(errors) == 1 else "problems"
        ending = f"; {after}" if after else ""
        super().__init__(f"{len(errors)} {noun} in {', '.join(sorted(files))}{ending}")

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "problems": [p.as_dict() for p in self.problems]}


class PublishRefused(DraftInvalid):
    """The draft is valid but not ready to publish (unagreed text, no adoption date)."""


class SettingsInvalid(OutcomesError):
    """A project setting in pyproject.toml is missing or wrong."""


class TemplateProblem(OutcomesError):
    """A template in templates/ is broken; the message names it."""


class RenderFailed(OutcomesError):
    """An output could not be made (an engine refused, a resource was blocked)."""


class HistoryConflict(OutcomesError):
    """Git is not in a state where a version can be recorded safely."""


class HandEdited(HistoryConflict):
    """Generated files that a person changed would be written over."""

    def __init__(self, edited: list[str], unrecorded: list[str] | None = None) -> None:
        unrecorded = unrecorded or []
        self.paths = [*edited, *unrecorded]
        said = []
        if edited:
            said.append(f"{_names(edited)} changed by hand since recorded")
        if unrecorded:
            said.append(f"{_names(unrecorded)} there, though git holds no such file")
        what = "it" if len(self.paths) == 1 else "them"
        drop = [f"`git checkout HEAD -- {' '.join(edited)}`"] if edited else []
        drop += [f"delete {' '.join(unrecorded)}"] if unrecorded else []
        super().__init__(
            f"{'; '.join(said)}: this command would write over {what}, so nothing was "
            f"recorded. To keep {what}, copy {what} elsewhere (lasting changes belong in "
            f"templates/); to drop {what}, {' and '.join(drop)}; then run the command again"
        )


def _names(paths: list[str]) -> str:
    return f"{paths[0]} is" if len(paths) == 1 else f"{', '.join(paths)} are"


class ReturnedFileRefused(OutcomesError):
    """A returned file that cannot be read safely; the message says why, in one sentence."""


class NothingToCompile(OutcomesError):
    """Every returned file was refused."""


class CompilationInTheWay(OutcomesError):
    """A file the run would write is there already, holding something else not in git."""


class ApplyRefused(OutcomesError):
    """A delegation's wording that cannot be applied as it stands; nothing was written."""


class RemoteRefused(HistoryConflict):
    """The shared repository is set up in a way outcomes will not use, or holds a newer
    version of the same outcome."""


class RemoteUnreachable(HistoryConflict):
    """The shared repository cannot be reached, or would not take a version."""
