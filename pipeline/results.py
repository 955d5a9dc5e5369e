"""What a command gives back: data that the command line shows as text or as one JSON object.

Commands never print and never colour. A line of text is plain, or runs of text each with a
role (a heading, a deleted word) that the command line styles for a terminal.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pipeline.errors import Problem
from pipeline.words import Segment, plain_mark, runs

Role = Literal["", "heading", "deleted", "inserted"]


@dataclass(frozen=True)
class Run:
    text: str
    role: Role = ""


Line = str | tuple[Run, ...]
ROLES: dict[str, Role] = {"delete": "deleted", "insert": "inserted"}


def word_runs(segments: tuple[Segment, ...]) -> tuple[Run, ...]:
    """Words marked as `words.marked` marks them, {--deleted--}{++inserted++}, each run with its
    role: `diff` and `translate` show changed words alike."""
    return tuple(Run(plain_mark(op, text), ROLES.get(op, "")) for op, text in runs(segments))


@dataclass
class Result:
    """The protocol every command's result follows; subclasses add their own data."""

    #: What was noticed in the drafts read, each at its place (warnings: the command went on).
    problems: list[Problem] = field(default_factory=list, kw_only=True)
    #: Sentences for the standard error stream: done, but look at this.
    warnings: list[str] = field(default_factory=list, kw_only=True)

    @property
    def ok(self) -> bool:
        """False: exit status 1 (refused, in whole or in part)."""
        return not self.errors()

    def errors(self) -> list[str]:
        """What was refused while the rest went on, a sentence each."""
        return []

    def lines(self) -> list[Line]:
        """The text for the standard output."""
        return []

    def as_json(self) -> dict[str, Any]:
        return asdict(self)
