"""The delegations' returned copies taken in: each read safely, told which draft version it
was made from and which delegation sent it, and placed on the draft's paragraphs; what both
`outcomes review` (the compilation) and `review --apply` start from."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import OutcomesError, ReturnedFileRefused
from pipeline.history import History
from pipeline.labels import Wording
from pipeline.loading import Draft
from pipeline.model import Outcome
from pipeline.review.compilation import Source
from pipeline.review.naming import canonical, delegations_of, name_from_authors, name_from_file
from pipeline.review.placing import Known, Placed, place
from pipeline.review.reading import Returned, read_returned
from pipeline.versions import recorded_outcome
from pipeline.workspace import Workspace

IDENTIFIER = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)/(?P<kind>draft|published)-(?P<number>\d+)$")


class Received(NamedTuple):
    """One returned file: where its items fall, what it is, and its bytes as received."""

    placed: Placed
    source: Source
    data: bytes


class Versions:
    """The draft versions recorded in git, when there is a repository (never creating one)."""

    def __init__(self, history: History | None, draft_id: str) -> None:
        self.history = history
        self.draft_id = draft_id
        self.numbers = [r.number for r in history.versions(draft_id, "draft")] if history else []
        self._outcomes: dict[int, Outcome | None] = {}

    @property
    def latest(self) -> int | None:
        return self.numbers[-1] if self.numbers else None

    def outcome(self, number: int) -> Outcome | None:
        """The draft as recorded in version `number`, if it was and can still be read."""
        if number not in self._outcomes:
            self._outcomes[number] = self._load(number)
        return self._outcomes[number]

    def _load(self, number: int) -> Outcome | None:
        if self.history is None or number not in self.numbers:
            return None
        try:
            return recorded_outcome(self.history, self.draft_id, f"{self.draft_id}/draft-{number}")
        except OutcomesError:
            return None


@dataclass
class Intake:
    """The returned files of one run, against the draft and its recorded versions."""

    draft: Draft
    latest: int | None  # the latest recorded draft version
    current: CurrentText | None = None
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one sentence per refused file
    warnings: list[str] = field(default_factory=list)

    @property
    def sources(self) -> list[Source]:
        return [r.source for r in self.received]


def take_in(ws: Workspace, draft_id: str, files: list[Path], name: str | None) -> Intake:
    """Read, version, name and place each of `files`; a refused file is noted and skipped."""
    draft = ws.existing_draft(draft_id, "to compile comments on")
    with _versions(ws, draft_id) as versions:
        intake = Intake(draft, versions.latest)
        intake.received = _read_all(ws, files, name, versions, intake)
        intake.current = current_text(ws, draft, versions)
    return intake


@contextmanager
def _versions(ws: Workspace, draft_id: str) -> Iterator[Versions]:
    if not (ws.root / ".git").exists():
        yield Versions(None, draft_id)
        return
    with History(ws.root) as history:
        yield Versions(history, draft_id)


def _read_all(
    ws: Workspace, files: list[Path], name: str | None, versions: Versions, intake: Intake
) -> list[Received]:
    """Each file read, versioned, named and placed; a refused file is noted and skipped."""
    draft = intake.draft
    received: list[Received] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            returned = read_returned(path)
            number = _version_of(returned, draft.outcome.id)
        except ReturnedFileRefused as error:
            intake.refused.append(error.message)
            continue
        data = returned.data
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            intake.warnings.append(f"{path.name} is the same file as {seen[digest]}; read once")
            continue
        seen[digest] = path.name
        reviewed = versions.outcome(number) if number is not None else None
        known = Known.of(
            *(o for o in (reviewed, draft.outcome) if o is not None), exact=reviewed is not None
        )
        located = place(returned, known)
        source = Source(
            path.name,
            _delegation(ws, returned, draft.outcome, name, intake.warnings),
            number,
            versions.latest,
            len(returned.comments),
            sum(len(b.changes) for b in returned.blocks),
            digest,
        )
        intake.warnings += _version_warnings(source, versions)
        received.append(Received(located, source, data))
    return received


def _version_of(returned: Returned, draft_id: str) -> int | None:
    """The draft version the copy was made from: its identifier, else its version property,
    else the version its review note names."""
    identifier = returned.properties.get("identifier", "")
    match = IDENTIFIER.match(identifier)
    if match and match["id"] != draft_id:
        raise ReturnedFileRefused(
            f"{returned.name}: refused: it is a review copy of {match['id']}, not of {draft_id}"
        )
    if match and match["kind"] == "draft":
        return int(match["number"])
    version = re.fullmatch(r"draft-(\d+)", returned.properties.get("version", ""))
    if version:
        return int(version.group(1))
    return returned.version_hint


def _version_warnings(source: Source, versions: Versions) -> list[str]:
    named = source.delegation.endswith(f"({source.file})")  # "Unknown (file.docx)"
    who = source.delegation if named else f"{source.delegation} ({source.file})"
    if source.version is None:
        return [
            f"{who}: the copy does not say which draft version it was made from; its "
            "paragraphs were matched against the current draft"
        ]
    if versions.history is None:
        return []
    if source.version not in versions.numbers:
        return [f"{who} was made from draft version {source.version}, which is not recorded here"]
    if source.outdated:
        return [
            f"{who} reviewed draft version {source.version}, but the latest is version "
            f"{versions.latest}: its items are placed by paragraph; check them against the "
            "current text"
        ]
    return []


def _delegation(
    ws: Workspace, returned: Returned, outcome: Outcome, name: str | None, warnings: list[str]
) -> str:
    """`--as NAME`, else the file name's, else the Word author's; else said to be unknown, as
    a file name such as `commit-som11-review.docx` would pass for a delegation."""
    known = delegations_of(outcome)
    if name:
        return canonical(name, known) or name
    ignore = {ws.settings.organisation, "Secretariat", "outcomes"}
    authors = [*returned.authors, returned.properties.get("lastModifiedBy", "")]
    found = name_from_file(returned.path, outcome.id, known) or name_from_authors(
        [a for a in authors if a], known, ignore
    )
    if found:
        return found
    warnings.append(f"could not tell which delegation sent {returned.name}; name it with --as")
    return f"Unknown ({returned.name})"


@dataclass(frozen=True)
class CurrentText:
    """The draft text the compilation's rows show, and how its header names that text: the
    name of the label ("compilation_current": "draft version 2") and its values."""

    outcome: Outcome
    label: str
    values: dict[str, str]

    def description(self, words: Wording) -> str:
        return words.fill(self.label, **self.values)


def current_text(ws: Workspace, draft: Draft, versions: Versions) -> CurrentText:
    """The latest recorded draft version, which the compilation is about (and the copies were
    made from); the working draft only when no version is recorded or it cannot be read."""
    working = ws.relative(draft.path)
    if versions.latest is None:
        return CurrentText(draft.outcome, "compilation_current_unrecorded", {"file": working})
    number = {"number": str(versions.latest)}
    recorded = versions.outcome(versions.latest)
    if recorded is None:
        values = {"file": working, **number}
        return CurrentText(draft.outcome, "compilation_current_unreadable", values)
    if recorded != draft.outcome:
        return CurrentText(recorded, "compilation_current_edited", {"file": working, **number})
    return CurrentText(recorded, "compilation_current", number)
