"""`outcomes sync`: the shared repository's versions brought here, this clone's shared."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import layout
from pipeline.errors import OutcomesError, RemoteRefused
from pipeline.history import History, Remote, moment
from pipeline.recording import (
    TRIES,
    fast_forward,
    published_json,
    shared_files,
    shared_remote,
)
from pipeline.render.data import merged_catalog
from pipeline.results import Line, Result
from pipeline.workspace import Workspace


@dataclass
class SyncResult(Result):
    remote: str
    received: list[str] = field(default_factory=list)  # the versions brought here, by tag
    sent: list[str] = field(default_factory=list)  # the versions shared from here

    def lines(self) -> list[Line]:
        lines: list[Line] = [f"shared repository {self.remote}:"]
        lines.append(f"  brought here: {', '.join(self.received) or 'nothing new'}")
        lines.append(f"  shared from here: {', '.join(self.sent) or 'nothing new'}")
        return lines


def sync(ws: Workspace) -> SyncResult:
    """Fetch, fast-forward this clone, and push the versions the remote lacks (with their
    tags, in one atomic push, never forced); again when the remote moved on meanwhile."""
    remote = shared_remote(ws)
    if remote is None:
        raise OutcomesError(
            'this project names no shared repository: set remote = "origin" (a git remote '
            "of this clone) under [tool.outcomes] in pyproject.toml"
        )
    result = SyncResult(remote.name)
    with History(ws.root, ws.settings.author) as history, history.lock():
        result.warnings += history.recover()
        history.check_ready()
        for _ in range(TRIES):
            if _round(ws, history, remote, result):
                return result
    raise RemoteRefused(
        f"the shared repository moved on each of the {TRIES} times: run `outcomes sync` again"
    )


def _round(ws: Workspace, history: History, remote: Remote, result: SyncResult) -> bool:
    """One fetch and what follows; False when a push met a remote that moved meanwhile."""
    history.fetch(remote)
    relation = history.relation(remote)
    if relation == "behind":
        result.warnings += fast_forward(history, remote)
    result.received += history.adopt_tags(remote)
    if relation not in ("ahead", "diverged"):
        return True
    tags = history.tags_on(history.unshared(remote))
    _refuse_taken(history, remote, tags)
    if relation == "diverged":
        _merge(ws, history, remote)
    if not history.push(remote, tags):
        if relation == "diverged":  # the merge, made for nothing: taken back, made again
            history.take_back_last(history.head(), [], frozenset())
        return False
    result.sent += tags
    return True


def _refuse_taken(history: History, remote: Remote, tags: list[str]) -> None:
    taken = history.taken_elsewhere(remote, tags)
    if not taken:
        return
    first = taken[0]
    raise RemoteRefused(
        f"{first.tag} was recorded here while offline, but the shared repository has its own "
        f"{first.tag}, recorded by {first.author or 'someone'} on "
        f"{first.timestamp:%Y-%m-%d at %H:%M} UTC, so it cannot be shared under that number. "
        "Keep your text (copy the draft aside), delete the local version with "
        f"`git tag -d {first.tag}` and `git reset --keep {remote.name}/{remote.branch}`, "
        "then `outcomes sync` and record your text again as the next version"
    )


def _merge(ws: Workspace, history: History, remote: Remote) -> None:
    """Join the versions recorded here while others shared theirs, as git does, with a merge
    commit: the files the others changed come in, and the archive and the feed are made
    again over both sides' outcomes. Refused where both sides changed the same file."""
    theirs_head = history.remote_head(remote)
    here = history.head()
    assert theirs_head is not None and here is not None
    base = history.merge_base(here, theirs_head)
    theirs = history.changed_since(base, theirs_head) if base else []
    ours = set(history.changed_since(base, here)) if base else set()
    shared = {layout.ARCHIVE, layout.FEED, layout.CATALOG}
    clash = sorted((set(theirs) & ours) - shared)
    if clash:
        raise RemoteRefused(
            f"{', '.join(clash)} changed both here and on the shared repository, so the "
            "versions cannot be joined: keep your text aside, `git reset --keep "
            f"{remote.name}/{remote.branch}`, and record it again as the next version"
        )
    files = {path: history.file_at(theirs_head, path) or b"" for path in theirs}
    mine = published_json(history, here)
    outcomes = mine | published_json(history, theirs_head)
    outcomes |= {i: d for i, d in mine.items() if _ours(i, ours)}  # ours where we published
    files |= shared_files(ws, outcomes)
    catalogs = (history.file_at(here, layout.CATALOG), history.file_at(theirs_head, layout.CATALOG))
    files[layout.CATALOG] = merged_catalog(*catalogs)
    message = f"Join the versions shared on {remote.name} with those recorded here\n"
    history.record(files, message, None, when=moment(), merging=theirs_head)


def _ours(outcome_id: str, ours: set[str]) -> bool:
    return layout.edition_files(outcome_id)["json"] in ours
