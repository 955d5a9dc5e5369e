"""`outcomes doctor`: repair what an interrupted run left, and say what still needs a person."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.files import remove_abandoned_scratch
from pipeline.history import History
from pipeline.results import Line, Result
from pipeline.workspace import Workspace


@dataclass
class DoctorResult(Result):
    repaired: list[str] = field(default_factory=list)
    needs_a_person: list[str] = field(default_factory=list)  # stale locks, damage

    def errors(self) -> list[str]:
        return self.needs_a_person

    def lines(self) -> list[Line]:
        if self.repaired or self.needs_a_person:
            return [f"repaired: {line}" for line in self.repaired]
        return ["nothing to repair: the history, the files and git's state are sound"]


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
        result.needs_a_person += history.lock_problems()
        result.needs_a_person += history.fsck()
    return result
