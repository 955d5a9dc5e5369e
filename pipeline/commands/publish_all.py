"""`outcomes publish --all`: every published outcome published again (after a template
change), rendered in worker processes and recorded as one commit.

One commit, with each outcome's own annotated tag `<id>/published-M` on it: the branch and
every tag move in one git transaction, so the whole republication is recorded or none of it,
a kill included; one version per outcome would leave the first ones recorded when a later
one fails. An outcome is published again as its last published version's text: one whose
draft has changed since (a later draft, unsaved edits) is left out and named, for
`outcomes publish ID` to publish deliberately.

The renders are independent and CPU-bound (WeasyPrint), so they run in processes; each
worker reads the history but never records: the parent, holding the project's lock,
records them all through `History.record`, in the outcomes' order whatever the number of
jobs, so the files are the same bytes with 1 job or 8.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline import layout
from pipeline.context import Document
from pipeline.errors import DraftInvalid, OutcomesError, Problem, PublishRefused
from pipeline.history import History, Recorded, moment
from pipeline.loading import parse_draft
from pipeline.publication import as_recorded, published_files
from pipeline.recording import (
    Outputs,
    Recording,
    held_history,
    published_json,
    recording_tries,
    schema_beside_drafts,
    share,
    shared_files,
    shared_remote,
)
from pipeline.render.data import catalog_with
from pipeline.results import Line, Result
from pipeline.settings import check_for_publication
from pipeline.workspace import Workspace


@dataclass(frozen=True)
class Job:
    """One outcome to render again, as its next published version (sent to a worker)."""

    root: Path
    id: str
    source: bytes  # the draft as its last published version recorded it
    previous: Recorded
    when: datetime

    @property
    def number(self) -> int:
        return self.previous.number + 1

    @property
    def tag(self) -> str:
        return f"{self.id}/published-{self.number}"


@dataclass(frozen=True)
class Rendered:
    """What a worker made of a job: the new version's files, or why there are none."""

    id: str
    changed: bool = False
    outputs: Outputs = field(default_factory=dict)  # at the latest and permanent addresses
    by_kind: dict[str, bytes] = field(default_factory=dict)
    document: Document | None = None
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the draft refused
    refused_at_publication: bool = False  # valid, but not publishable (PublishRefused)
    failure: str = ""  # another refusal, as its sentence


@dataclass
class PublishAllResult(Result):
    versions: dict[str, int]  # outcome id -> the version recorded
    commit: str = ""
    left_out: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.versions)  # nothing new to record is a refusal: exit status 1

    def lines(self) -> list[Line]:
        said: list[Line] = [
            f"{outcome}: recorded published version {number} ({outcome}/published-{number})"
            for outcome, number in self.versions.items()
        ]
        if self.unchanged:
            unchanged = ", ".join(self.unchanged)
            said.append(f"unchanged since their last published version: {unchanged}")
        said += self.left_out
        if not self.versions:
            return [*said, "nothing changed in any published outcome, so nothing was recorded"]
        return [*said, f"  commit: {self.commit[:12]} ({len(self.versions)} versions)"]


def publish_all(ws: Workspace, *, jobs: int = 1, offline: bool = False) -> PublishAllResult:
    """Publish again every outcome whose draft is as last published, rendered in `jobs`
    processes, recorded as one commit with a tag per outcome; shared unless `offline`."""
    check_for_publication(ws.settings, ws.root)
    return recording_tries(lambda: _publish_all(ws, jobs, offline))


def _publish_all(ws: Workspace, jobs: int, offline: bool) -> PublishAllResult:
    remote = None if offline else shared_remote(ws)
    with held_history(ws, None, remote) as history:
        when = moment()
        todo, left_out = _jobs(ws, history, when)
        rendered = list(_render(todo, jobs))
        _refuse_if_any_refused(rendered)
        changed = [(job, done) for job, done in zip(todo, rendered, strict=True) if done.changed]
        result = PublishAllResult(
            {},
            left_out=left_out,
            unchanged=[done.id for done in rendered if not done.changed],
            problems=[w for done in rendered for w in done.warnings],
            warnings=history.recovered,
        )
        if not changed:
            return result
        sources = {layout.draft(job.id): job.source for job, _ in changed}
        files = sources | _outputs(ws, history, changed) | schema_beside_drafts(ws)
        tags = {job.tag: _tag_message(job, done) for job, done in changed}
        message = _commit_message(changed)
        result.commit = history.record(
            files,
            message,
            None,
            when=when,
            annotated=True,
            in_tree=frozenset(sources),
            replacing=frozenset({layout.SCHEMA}),  # outcomes' own, made anew by each version
            more_tags=tags,
        )
        share(history, remote, result.commit, list(tags), frozenset(sources))
        result.versions = {job.id: job.number for job, _ in changed}
        return result


def _jobs(ws: Workspace, history: History, when: datetime) -> tuple[list[Job], list[str]]:
    """An outcome to render for each published draft that is as its last version recorded
    it; a sentence for each published draft changed since, which is left out."""
    todo, left_out = [], []
    published = history.versions_of_all("published")
    for path in ws.draft_files():
        if layout.translation_of(path.name) or path.stem not in published:
            continue
        previous = published[path.stem][-1]
        recorded = history.file_at(previous.commit, layout.draft(path.stem))
        if path.read_bytes() != recorded:
            left_out.append(
                f"{path.stem}: left out, its draft has changed since published version "
                f"{previous.number}; `outcomes publish {path.stem}` publishes it as it is now"
            )
            continue
        todo.append(Job(ws.root, path.stem, recorded, previous, when))
    if not todo and not left_out:
        raise OutcomesError("no outcome has been published yet, so there is none to publish again")
    return todo, left_out


def _render(todo: list[Job], jobs: int) -> Iterator[Rendered]:
    """Each job rendered, in order: here with one job, else in `jobs` fresh processes."""
    if jobs <= 1 or len(todo) <= 1:
        yield from map(render_job, todo)
        return
    # Fresh processes: a fork would share this one's lock and git's open pipes.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
        yield from pool.map(render_job, todo)


def render_job(job: Job) -> Rendered:
    """In a worker: the outcome's editions as its next version, after checking that they
    differ from its last one. Refusals come back as data, as exceptions may not cross."""
    ws = Workspace(job.root)
    path = ws.draft_path(job.id)
    try:
        draft = parse_draft(job.source, file=ws.shown(path), path=path, strict=True)
    except DraftInvalid as refused:
        at_publication = isinstance(refused, PublishRefused)
        return Rendered(job.id, problems=refused.problems, refused_at_publication=at_publication)
    previous = job.previous
    with History(job.root) as history:  # read only: the parent holds the lock and records
        recording = Recording(ws, draft, history, job.when)
        try:
            as_before = recording.unchanged(previous, *as_recorded(recording, previous))
            if as_before:
                return Rendered(job.id, warnings=draft.warnings)
            files = published_files(recording, job.number, job.when, previous, "HEAD")
        except OutcomesError as error:
            return Rendered(job.id, failure=error.message)
    outputs = files.latest | files.permanent
    return Rendered(job.id, True, outputs, files.by_kind, files.document, draft.warnings)


def _refuse_if_any_refused(rendered: list[Rendered]) -> None:
    """Refuse the whole republication, with every problem of every draft, when one is."""
    problems = [p for done in rendered for p in done.problems]
    if problems:
        at_publication = all(done.refused_at_publication for done in rendered if done.problems)
        refusal = PublishRefused if at_publication else DraftInvalid
        raise refusal(problems, after="nothing was recorded")
    failed: dict[str, list[str]] = {}  # one sentence for the outcomes a template failed alike
    for done in rendered:
        if done.failure:
            failed.setdefault(done.failure, []).append(done.id)
    if failed:
        said = [f"{', '.join(ids)}: {failure}" for failure, ids in failed.items()]
        raise OutcomesError("; ".join(said) + "; nothing was recorded")


def _outputs(ws: Workspace, history: History, changed: list[tuple[Job, Rendered]]) -> Outputs:
    """Each outcome's new files, and the archive, feed and catalog with all of them in."""
    files: Outputs = {}
    for _, done in changed:
        files |= done.outputs
    new_json = {done.id: done.by_kind["json"] for _, done in changed}
    files |= shared_files(ws, published_json(history, "HEAD") | new_json)
    head = history.resolve("HEAD")
    previous = history.file_at(head, layout.CATALOG) if head else None
    added = [(done.id, done.document, done.by_kind) for _, done in changed if done.document]
    files[layout.CATALOG] = catalog_with(previous, added)
    return files


def _tag_message(job: Job, done: Rendered) -> str:
    """As `outcomes publish` writes it for one outcome."""
    assert done.document is not None
    return f"{job.id}: published version {job.number}\n\n{done.document.outcome.title}\n"


def _commit_message(changed: list[tuple[Job, Rendered]]) -> str:
    lines = "".join(f"{job.id}: published version {job.number}\n" for job, _ in changed)
    noun = "outcome" if len(changed) == 1 else "outcomes"
    return f"{len(changed)} {noun} published again\n\n{lines}"
