"""`outcomes doctor`: repair what an interrupted run left, and say what still needs a person."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.files import remove_abandoned_scratch
from pipeline.history import History
from pipeline.workspace import Workspace


@dataclass
class DoctorResult:
    repaired: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what a person must see to

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        lines = [f"repaired: {line}" for line in self.repaired]
        lines += [f"needs you: {line}" for line in self.problems]
        return lines or ["nothing to repair: the history, the files and git's state are sound"]


def doctor(ws: Workspace) -> DoctorResult:
    """Finish or take back an interrupted recording, remove what killed runs left behind,
    and report git's stale locks and any fault `git fsck` finds. Never records a version."""
    result = DoctorResult()
    removed = remove_abandoned_scratch()
    if removed:
        result.repaired.append(f"removed {len(removed)} scratch folder(s) of interrupted runs")
    if not (ws.root / ".git").exists():
        return result
    with History(ws.root) as history, history.lock():
        result.repaired += history.recover()
        result.problems += history.lock_problems()
        result.problems += history.fsck()
    return result
