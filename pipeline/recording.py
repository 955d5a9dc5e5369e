"""The recording sequence, once for every command that records: read the draft, hold the
project's history (lock, recovery, checks, author; with a shared repository, fetch first),
compare, record a version and share it.

With a shared repository (`remote` in [tool.outcomes]) a version is numbered after the highest
recorded anywhere, built on top of what the others shared, and pushed with its tag in one
atomic push. Should someone push in between, the version is taken back here and the whole
command starts again from the fetch: a version is never numbered twice, never forced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from pipeline import layout
from pipeline.context import Version
from pipeline.errors import OutcomesError, RemoteRefused, RemoteUnreachable
from pipeline.files import remove_abandoned_scratch
from pipeline.history import History, Recorded, Remote, moment, step
from pipeline.loading import Draft, load_draft
from pipeline.model import schema_text
from pipeline.workspace import Workspace

Outputs = dict[str, bytes]  # project-relative path -> bytes
KINDS = ("draft", "published")
R = TypeVar("R")
TRIES = 3  # fetch, record, push: again after someone else pushed in between, this often


class PushRejected(Exception):
    """The shared repository moved on while this version was being made; it was taken back
    here, and the command starts again from the fetch."""


@dataclass
class Recording:
    """One command's hold on a draft and the project's history, under the lock."""

    ws: Workspace
    draft: Draft
    history: History
    when: datetime
    remote: Remote | None = None  # where the version is shared; None: here only
    #: A language edition's language: its versions are `<id>.<lang>`'s, from its translation.
    edition: str | None = None

    @property
    def id(self) -> str:
        """What the versions are named by: the outcome's id, or `<id>.<lang>` for an edition."""
        return layout.edition_name(self.draft.outcome.id, self.edition)

    @property
    def source_path(self) -> str:
        outcome = self.draft.outcome.id
        return layout.translation(outcome, self.edition) if self.edition else layout.draft(outcome)

    def notes(self) -> dict[str, Any]:
        """What a result tells besides its own data: the draft's warnings, and what was
        finished or taken back of an interrupted run's recording."""
        return {"problems": self.draft.warnings, "warnings": self.history.recovered}

    def latest(self, kind: str) -> Recorded | None:
        versions = self.history.versions(self.id, kind)
        return versions[-1] if versions else None

    def next_version(self, kind: str, previous: Recorded | None) -> Version:
        return Version(kind, (previous.number if previous else 0) + 1, self.when)

    def tag(self, version: Version) -> str:
        return f"{self.id}/{version.tag_suffix}"

    def unchanged(self, previous: Recorded, *outputs: Callable[[], Outputs]) -> bool:
        """Whether the draft, and what it renders to as `previous`, are what `previous` holds.
        Each of `outputs` gives some of the files, the quickest first: the first that differs
        decides, and the slower ones are never rendered."""
        if self.history.file_at(previous.commit, self.source_path) != self.draft.source:
            return False
        return all(
            self.history.file_at(previous.commit, path) == data
            for files in outputs
            for path, data in files().items()
        )

    def record(self, version: Version, outputs: Outputs, *, annotated: bool) -> str:
        """Commit the draft and its outputs as `version`, tag it, and write the outputs out."""
        noun = "draft" if version.kind == "draft" else "published"
        message = f"{self.id}: {noun} version {version.number}\n\n{self.draft.outcome.title}\n"
        files = {self.source_path: self.draft.source, **outputs}
        tag, in_tree = self.tag(version), frozenset({self.source_path})
        commit = self.history.record(
            files,
            message,
            tag,
            when=version.timestamp,
            annotated=annotated,
            in_tree=in_tree,
            replacing=frozenset({layout.SCHEMA}),  # outcomes' own, made anew by each version
        )
        share(self.history, self.remote, commit, [tag], in_tree)
        return commit


def share(
    history: History, remote: Remote | None, commit: str, tags: list[str], keep: frozenset[str]
) -> None:
    """Push the version just recorded, with its tags; when someone pushed in between, take it
    back here (but the files in `keep`) and have the command start again."""
    if remote is None:
        return
    step("recorded")
    if not history.push(remote, tags):
        history.take_back_last(commit, tags, keep)
        raise PushRejected


def recording_tries(attempt: Callable[[], R]) -> R:
    """`attempt` (one whole recording, from the fetch on), again when the shared repository
    moved on while it ran; a sentence after the last try."""
    for _ in range(TRIES):
        try:
            return attempt()
        except PushRejected:
            continue
    raise RemoteUnreachable(
        f"others shared new versions each of the {TRIES} times this one was ready, so it is "
        "not recorded: run the command again in a moment"
    )


@contextmanager
def open_recording(
    ws: Workspace, file: Path, *, strict: bool = False, offline: bool = False
) -> Iterator[Recording]:
    """Read and check the draft (a translation: the language edition of the source as it
    stands in drafts/), then hold the project's history for one recording."""
    if named := layout.translation_of(file.name):
        from pipeline.editions import edition_draft

        draft, language = edition_draft(ws, file, strict=strict), named[1]
        expected = ws.translation_path(*named)
    else:
        draft, language = load_draft(file, shown_as=ws.shown(file), strict=strict), None
        expected = ws.draft_path(draft.outcome.id)
    if file.resolve() != expected.resolve():
        raise OutcomesError(
            f"{ws.shown(file)} is outside the project's drafts folder; versions are recorded "
            f"from {ws.relative(expected)}: move the file there and run the command again"
        )
    remote = None if offline else shared_remote(ws)
    with held_history(ws, layout.edition_name(draft.outcome.id, language), remote) as history:
        yield Recording(ws, draft, history, moment(), remote, edition=language)


@contextmanager
def held_history(
    ws: Workspace, outcome: str | None, remote: Remote | None = None
) -> Iterator[History]:
    """The project's history, held for one recording of `outcome` (None: of several): locked
    against other runs, whatever a killed run left finished or taken back
    (`history.recovered` says what), checked ready, with an author to record under; with a
    `remote`, fetched and brought up to it. A repository this run made is gone again if it
    fails."""
    history = History(ws.root, ws.settings.author)
    try:
        with history, history.lock():
            remove_abandoned_scratch()
            history.recovered = history.recover()
            history.check_ready()
            history.identity()
            if remote:
                catch_up(history, remote, outcome)
            yield history
    except BaseException:
        history.forget_if_created()
        raise


def shared_remote(ws: Workspace) -> Remote | None:
    """The shared repository the project names, if any (checked before git runs)."""
    settings = ws.settings
    return Remote(settings.remote, settings.branch) if settings.remote else None


def catch_up(history: History, remote: Remote, outcome: str | None) -> None:
    """Fetch; refuse when the remote holds versions of `outcome` this clone lacks (someone
    else recorded it meanwhile) or versions here are not shared yet; else bring this branch
    up to the remote's, so that the version is built on top of what the others shared.
    Without an `outcome` (publish --all), the versions are built on whatever the others shared:
    a draft that then differs from its last published version is left out."""
    history.fetch(remote)
    if outcome is not None:
        refuse_newer_elsewhere(history, remote, outcome)
    relation = history.relation(remote)
    if relation in ("ahead", "diverged") and history.unshared(remote):
        raise RemoteRefused(
            "versions recorded here are not on the shared repository yet, so this one would "
            "not follow them there: run `outcomes sync` first, then the command again; "
            "nothing was recorded"
        )
    if relation == "behind":
        history.recovered += fast_forward(history, remote)
        history.adopt_tags(remote)


def fast_forward(history: History, remote: Remote) -> list[str]:
    """Bring this branch up to the remote's; a sentence for each file a person changed here
    meanwhile: a draft gets the others' changes joined in where they touched other lines
    (else a version recorded from it would quietly undo theirs); any other file is kept."""
    head, base = history.remote_head(remote), history.head()
    assert head is not None
    said = []
    for path in history.advance(head):
        changed = f"{path} was changed here and on the shared repository"
        if not path.startswith(f"{layout.DRAFTS}/"):
            said.append(f"{changed}; yours is kept (`git diff` shows the difference)")
        elif history.join_edits(path, base, head):
            said.append(
                f"{changed}: their changes are joined into yours (`git diff` shows what is "
                "yours, not recorded yet)"
            )
        else:
            said.append(
                f"{changed}, in the same lines: yours is kept as it is, without their change "
                f"there, which a version recorded from it would undo; `git diff HEAD -- {path}` "
                "shows the two"
            )
    return said


def refuse_newer_elsewhere(history: History, remote: Remote, outcome: str) -> None:
    """Refuse, saying who recorded what and when, when the remote holds a version of
    `outcome` that this clone does not."""
    here = {(v.tag, v.commit) for kind in KINDS for v in history.versions(outcome, kind)}
    head = history.head()
    theirs = [
        v
        for kind in KINDS
        for v in history.versions(outcome, kind, remote)
        if (v.tag, v.commit) not in here and not (head and history.holds(head, v.commit))
    ]
    if not theirs:
        return
    newest = theirs[-1]
    noun = newest.tag.rsplit("/", 1)[-1].replace("-", " version ")
    raise RemoteRefused(
        f"{outcome} has a newer version on the shared repository than here: {noun}, "
        f"recorded by {newest.author or 'someone'} on {newest.timestamp:%Y-%m-%d at %H:%M} "
        f"UTC. Run `outcomes sync` to bring it here (your edits stay as they are), check "
        f"them against it, and run the command again; nothing was recorded"
    )


def schema_beside_drafts(ws: Workspace) -> Outputs:
    """The schema beside the drafts, as this version of outcomes writes it, to be recorded with
    the next version of a draft: the drafts name it, so it belongs with them in the history
    (and `git status` is clean after `outcomes new` and `outcomes draft`). Nothing when the
    project keeps no schema there."""
    return {layout.SCHEMA: schema_text().encode()} if ws.file(layout.SCHEMA).is_file() else {}


def shared_files(ws: Workspace, outcomes: dict[str, bytes]) -> Outputs:
    """The files every outcome shares, the archive page and the feed, made from the published
    JSON of each outcome (by id)."""
    from pipeline.render.data import entries_of, render_archive, render_feed

    entries = entries_of(outcomes)
    return {
        layout.ARCHIVE: render_archive(entries, ws.settings, ws.templates).encode(),
        layout.FEED: render_feed(entries, ws.settings, ws.templates),
    }


def published_json(history: History, revision: str) -> dict[str, bytes]:
    """Each published outcome's JSON as `revision` holds it, by outcome id. Read from the
    history, not the folder: a file left in published/ by hand never reaches the feed."""
    head = history.resolve(revision)
    if head is None:
        return {}
    files = history.files_at(head, layout.PUBLISHED, _is_outcome_json)
    return {layout.published_json_id(path) or "": data for path, data in files.items()}


def _is_outcome_json(path: str) -> bool:
    return layout.published_json_id(path) is not None
