"""Every error a user may meet, each with its exit status and a message they understand.

The errors subclass Click's `ClickException`, so the command line prints them and exits with
their status without a handler of its own. Anything else that escapes is a bug.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import click

__all__ = [
    "DraftInvalid",
    "HandEdited",
    "HistoryConflict",
    "OutcomesError",
    "Problem",
    "PublishRefused",
    "RenderFailed",
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

    def styled(self) -> str:
        """The one-line form, coloured where the terminal allows."""
        colour = "red" if self.severity == "error" else "yellow"
        where = f" ({self.field})" if self.field else ""
        return (
            click.style(f"{self.file}:{self.line}:{self.column}:", bold=True)
            + " "
            + click.style(f"{self.severity}:", fg=colour, bold=True)
            + f" {self.message}"
            + click.style(where, dim=True)
        )


class OutcomesError(click.ClickException):
    """A refusal the user can act on: exit status 1 and one clear message."""

    exit_code = 1

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

    def show(self, file: Any = None) -> None:
        for problem in self.problems:
            click.echo(problem.styled(), err=True, color=None)
        click.echo(click.style(self.message, fg="red"), err=True)


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

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        files = ", ".join(paths)
        it = "it" if len(paths) == 1 else "them"
        super().__init__(
            f"{files} {'was' if len(paths) == 1 else 'were'} changed by hand since "
            f"{it} {'was' if len(paths) == 1 else 'were'} recorded, and this command would "
            f"write over {it}, so nothing was recorded. To keep the change, copy {it} "
            f"elsewhere (lasting changes belong in templates/); to drop it, run "
            f"`git checkout HEAD -- {' '.join(paths)}` (or delete a file git does not hold); "
            "then run the command again"
        )
