"""What `history`, `diff` and `show` share: the recorded versions of an outcome and drafts."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from pipeline import layout
from pipeline.errors import DraftInvalid, OutcomesError
from pipeline.history import History
from pipeline.loading import parse_draft
from pipeline.model import Outcome
from pipeline.workspace import Workspace

KINDS = ("draft", "published")


@dataclass(frozen=True)
class VersionRef:
    """A recorded version (`draft-3`, `published-1`) or any commit, of one outcome."""

    name: str
    kind: str  # "draft", "published", or "commit"
    number: int | None
    commit: str
    date: str
    author: str


def open_history(ws: Workspace, draft_id: str) -> History:
    """The project's history, to be used in a `with` block (which closes it); `draft_id` may
    name a language edition (`commit-som11.km`), whose versions are its own."""
    layout.edition_of(draft_id)
    if not (ws.root / ".git").exists():
        raise OutcomesError(
            f"{ws.root} holds no history yet: record a version with `outcomes draft`"
        )
    return History(ws.root)


def history_if_any(ws: Workspace) -> AbstractContextManager[History | None]:
    """The project's history in a `with` block, or None where nothing was ever recorded."""
    return History(ws.root) if (ws.root / ".git").exists() else nullcontext(None)


def version_names(history: History | None, draft_id: str) -> list[str]:
    """The names of the outcome's recorded versions (draft-1, published-1), oldest first."""
    return [version.name for version in all_versions(history, draft_id)] if history else []


def all_versions(history: History, draft_id: str) -> list[VersionRef]:
    """Every draft and published version of the outcome, in the order they were recorded."""
    order = history.commit_order()
    refs = [
        VersionRef(
            f"{kind}-{r.number}", kind, r.number, r.commit, r.timestamp.isoformat(), r.author
        )
        for kind in KINDS
        for r in history.versions(draft_id, kind)
    ]
    return sorted(refs, key=lambda v: (order.get(v.commit, len(order)), v.date, v.name))


def nothing_recorded(draft_id: str) -> OutcomesError:
    """The refusal for an id without any recorded version: most often a mistyped id."""
    return OutcomesError(
        f"no version of {draft_id} is recorded: is the id right? `outcomes draft` records one"
    )


def resolve(history: History, draft_id: str, spec: str) -> VersionRef:
    """`draft-3`, `published-1`, or a commit (any name git knows), as a version."""
    versions = all_versions(history, draft_id)
    for version in versions:
        if version.name == spec:
            return version
    kind, _, number = spec.partition("-")
    if kind in KINDS and number.isdigit():
        if not versions:
            raise nothing_recorded(draft_id)
        raise OutcomesError(
            f"{draft_id} has no version {spec}; `outcomes history {draft_id}` lists them"
        )
    commit = history.resolve(spec)
    if commit is None:
        raise OutcomesError(
            f"'{spec}' is neither a version (draft-3, published-1) nor a commit of this repository"
        )
    when = history.commit_time(commit).isoformat()
    return VersionRef(spec, "commit", None, commit, when, "")


def outcome_at(history: History, draft_id: str, version: VersionRef) -> Outcome:
    """The outcome as recorded in `version`."""
    return recorded_outcome(history, draft_id, version.commit, version.name)


def recorded_outcome(
    history: History, draft_id: str, revision: str, name: str | None = None
) -> Outcome:
    """The outcome as recorded at `revision` (a commit or tag; `name` is how to call it)."""
    name = name or revision
    path = layout.draft(draft_id)
    source = history.file_at(revision, path)
    if source is None:
        raise OutcomesError(f"{name} holds no {path}")
    try:
        return parse_draft(source, file=f"{name}:{path}", path=Path(path)).outcome
    except DraftInvalid as error:
        raise OutcomesError(
            f"the draft recorded in {name} cannot be read by this version of outcomes: "
            f"{error.problems[0]}"
        ) from None
