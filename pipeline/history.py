"""Versions in git: the only module that touches the repository.

A version is recorded without touching the work tree or the index first: the commit is built
in a private index, a journal says what is about to change, and the branch and the tag move
together, the branch by compare-and-swap from the commit the new one was built on. Only then
are the files written into the work tree. `History.record` explains why every instant of it
is safe; `History.recover` is what the next command does after a kill. A lock on the project
folder keeps two runs apart.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import git

from pipeline.errors import HandEdited, HistoryConflict, RemoteRefused, RemoteUnreachable
from pipeline.files import (
    os_reason,
    process_alive,
    refuse_links,
    remove_abandoned_temporaries,
    scratch,
    write_atomically,
)

ZERO = "0" * 40
JOURNAL = "outcomes-recording.json"  # in .git/, beside git's own state
#: The tests set this to a step's name to kill the run there (see `_step`).
KILL_AT = "OUTCOMES_TEST_KILL_AT"
LOCK_WAIT_SECONDS = 30
IDENTITY = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+)>\s*$")


def recording_journal(root: Path) -> Path:
    """Where a recording in the project at `root` keeps its journal while it runs: its removal
    ends each version recorded, for a watcher to follow (a linked work tree keeps it
    elsewhere)."""
    return root / ".git" / JOURNAL


@dataclass(frozen=True)
class Recorded:
    """One recorded version: its tag, commit and moment."""

    tag: str
    number: int
    commit: str
    timestamp: datetime
    author: str = ""


@dataclass(frozen=True)
class Journal:
    """What a recording is about to change, kept until it is done: the branch moves from
    `old` to `new`, the tag is made, the files at `paths` are written, and the index entries
    of every recorded file (`indexed`: the draft too) are updated."""

    branch: str
    old: str | None  # None: the first commit
    new: str
    tag: str | None
    tag_target: str | None  # the tag object, or the commit of a lightweight tag
    paths: list[str]
    indexed: list[str]
    more_tags: dict[str, str] = field(default_factory=dict)  # tag -> its object: publish --all

    def tag_targets(self) -> dict[str, str]:
        """Every tag the recording makes, with the object each names."""
        first = {self.tag: self.tag_target} if self.tag and self.tag_target else {}
        return first | self.more_tags

    def dumps(self) -> bytes:
        return json.dumps({"pid": os.getpid(), **asdict(self)}, indent=1).encode()

    @classmethod
    def loads(cls, data: bytes) -> Journal:
        fields = json.loads(data)
        fields.pop("pid", None)
        return cls(**fields)


def step(name: str) -> None:
    """A named step of the recording. The tests kill the run here with SIGKILL, as a closed
    laptop lid or a cancelled job would, to show that every step is safe to die at."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def moment() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set (reproducible builds), to the second, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else int(time.time())
    return datetime.fromtimestamp(seconds, UTC)


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """An exclusive lock on the project folder itself, so it exists before any repository."""
    handle = os.open(root, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise HistoryConflict(
                        "another outcomes command is recording in this project; "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # closing the descriptor releases the lock


def _initialise(root: Path) -> bool:
    """Make `root` a repository (branch main); False if another run did so first.

    The repository is made aside and renamed into place, so that another run never sees a
    half-made .git.
    """
    with tempfile.TemporaryDirectory(dir=root, prefix=".outcomes-init-") as scratch:
        git.Repo.init(scratch, initial_branch="main").close()
        try:
            (Path(scratch) / ".git").rename(root / ".git")
        except OSError:
            return False
    return True


class History:
    """The git repository of a project, as a record of versions."""

    def __init__(self, root: Path, fallback_author: str = "") -> None:
        self.root = root
        self.fallback_author = fallback_author
        self.created = False
        if not (root / ".git").exists():
            self.created = _initialise(root)
        self.repo = git.Repo(root)
        self.git = self.repo.git
        self._identity: tuple[str, str] | None = None
        self.recovered: list[str] = []  # what `recover` did, to be told

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exception: object) -> None:
        self.repo.close()  # ends the git processes GitPython keeps for reading objects

    def forget_if_created(self) -> None:
        """Remove a repository this run created, when the run did not record anything."""
        if self.created:
            shutil.rmtree(self.root / ".git", ignore_errors=True)

    def lock(self) -> AbstractContextManager[None]:
        """Hold the project's recording lock (waiting a while for another run to finish)."""
        return project_lock(self.root)

    def check_ready(self) -> None:
        """Refuse, saying what to do, when git is not in a state to record safely."""
        for problem in self.lock_problems():
            raise HistoryConflict(problem)
        if self.repo.head.is_detached:
            raise HistoryConflict(
                "git is not on a branch (detached HEAD), so a version would be recorded on "
                "no branch; switch back first, for example with `git switch main`"
            )

    def identity(self) -> tuple[str, str]:
        """Who records: git's identity, else the project's `author` setting; never user@host."""
        if self._identity is None:
            self._identity = self._find_identity()
        return self._identity

    def _find_identity(self) -> tuple[str, str]:
        config = self._user_config()
        name, email = config.get("user.name", ""), config.get("user.email", "")
        if name and email:
            return name, email
        match = IDENTITY.match(self.fallback_author)
        if match:
            return match["name"], match["email"]
        raise HistoryConflict(
            "no author to record this version under: set one with "
            '`git config --global user.name "Your Name"` and '
            "`git config --global user.email you@example.org`, "
            'or set author = "Your Name <you@example.org>" under '
            "[tool.outcomes] in pyproject.toml"
        )

    def versions(self, draft_id: str, kind: str, remote: Remote | None = None) -> list[Recorded]:
        """The recorded versions of one kind ('draft', 'published'), oldest first: here, or
        on `remote` as last fetched."""
        return self._versions(draft_id, kind, remote).get(draft_id, [])

    def versions_of_all(self, kind: str) -> dict[str, list[Recorded]]:
        """Every outcome's recorded versions of one kind, by id, in one listing (not a git
        process per outcome: `publish --all` asks for hundreds)."""
        return self._versions("*", kind, None)

    def _versions(
        self, draft_id: str, kind: str, remote: Remote | None
    ) -> dict[str, list[Recorded]]:
        tags = remote.tags if remote else "refs/tags/"
        # for-each-ref globs match within a path part: `*` is one id (ids hold no slash).
        pattern = f"{tags}{draft_id}/{kind}-*"
        # A field starting with * is the tagged commit's, for annotated tags; empty otherwise.
        fields = "%(refname)%00%(objectname)%00%(*objectname)%00%(creatordate:unix)%00"
        fields += "%(authorname)%(*authorname)"
        found: dict[str, list[Recorded]] = {}
        for line in self.git.for_each_ref(pattern, format=fields).splitlines():
            ref, target, peeled, seconds, author = line.split("\0")
            tag = ref[len(tags) :]
            outcome, _, number = tag.rpartition(f"/{kind}-")
            if number.isdigit():
                when = datetime.fromtimestamp(int(seconds), UTC)
                recorded = Recorded(tag, int(number), peeled or target, when, author)
                found.setdefault(outcome, []).append(recorded)
        return {outcome: sorted(v, key=lambda r: r.number) for outcome, v in found.items()}

    def commit_order(self) -> dict[str, int]:
        """The position of every commit on the current branch, oldest first."""
        if self._head() is None:
            return {}
        commits = self.git.rev_list("--reverse", "--topo-order", "HEAD").split()
        return {commit: position for position, commit in enumerate(commits)}

    def commit_time(self, revision: str) -> datetime:
        return datetime.fromtimestamp(int(self.git.show("-s", "--format=%ct", revision)), UTC)

    def changed_files(self, revision: str) -> list[str]:
        """The paths a commit added or changed."""
        names = self.git.diff_tree("--root", "--no-commit-id", "--name-only", "-r", "-z", revision)
        return [name for name in names.split("\0") if name]

    def resolve(self, revision: str) -> str | None:
        """The commit a name (sha, tag, branch, HEAD~2) stands for, or None."""
        try:
            return self.git.rev_parse(
                "--verify", "-q", "--end-of-options", f"{revision}^{{commit}}"
            )
        except git.GitCommandError:
            return None

    def files_at(self, revision: str, folder: str, keep: Callable[[str], bool]) -> dict[str, bytes]:
        """The files under `folder` at `revision` whose paths `keep` accepts, by path: one
        listing, then each blob read by its id, never a walk down the trees per file."""
        found = {}
        for entry in self.git.ls_tree("-r", "-z", revision, "--", folder).split("\0"):
            meta, _, path = entry.partition("\t")
            if path and meta.split()[1] == "blob" and keep(path):
                found[path] = self.repo.odb.stream(bytes.fromhex(meta.split()[2])).read()
        return found

    def file_at(self, revision: str, path: str) -> bytes | None:
        """The bytes of `path` as recorded at `revision`, or None if it held no such file:
        one question to the `git cat-file` process GitPython keeps open, where a walk down
        the trees would parse each folder on the way in Python."""
        if "\n" in revision + path:
            return None  # git reads one name a line: no recorded path holds a line break
        try:
            _, kind, _, data = self.git.get_object_data(f"{revision}:{path}")
        except ValueError as error:
            if "missing" in str(error):  # git's answer for a name that names nothing
                return None
            raise
        return data if kind == b"blob" else None  # git's own word, as bytes

    def record(
        self,
        files: dict[str, bytes],
        message: str,
        tag: str | None,
        *,
        when: datetime,
        annotated: bool = False,
        in_tree: frozenset[str] = frozenset(),
        replacing: frozenset[str] = frozenset(),
        merging: str | None = None,
        more_tags: Mapping[str, str] | None = None,
    ) -> str:
        """Commit `files` (project-relative paths), tagged `tag` if given, and write them out,
        except those `in_tree`: the work tree holds them already (the draft itself, which an
        editor may have saved again meanwhile: writing it back would lose that edit). A file
        that differs from what was recorded is a person's edit and refused, unless it is one
        the command was told to replace (`replacing`). With `merging`, the commit has that
        commit as a second parent: a merge, whose `files` are what it brings. `more_tags` (name:
        message) are annotated tags on the same commit, made with the branch and `tag`.

        The order makes every instant safe, a SIGKILL included:
        1. the objects (blobs, tree, commit, tag object): invisible until a ref names them;
        2. the journal, `.git/outcomes-recording.json`: what is about to change;
        3. the branch and the tag together, in one git transaction whose branch update is a
           compare-and-swap from the commit this one was built on: the point of no return;
        4. the files, each whole, then the index;
        5. the journal removed.
        A run killed before 3 leaves only unreferenced objects; after it, the next command
        finds the journal and brings the work tree to the branch (`recover`). A failure that
        is not a kill takes the refs back and then the files, so the command changes nothing.
        """
        written = sorted(path for path in files if path not in in_tree)
        refuse_links(self.root, written)
        try:
            return self._record(
                files, message, tag, when, annotated, written, replacing, merging, more_tags or {}
            )
        except (OSError, git.GitCommandError) as error:
            raise HistoryConflict(
                f"the version could not be recorded ({_reason(error)}); "
                + self._state_after_failure()
            ) from None

    def _record(
        self,
        files: dict[str, bytes],
        message: str,
        tag: str | None,
        when: datetime,
        annotated: bool,
        written: list[str],
        replacing: frozenset[str],
        merging: str | None = None,
        more_tags: Mapping[str, str] | None = None,
    ) -> str:
        env = self._env(when)
        branch = self.repo.head.reference.path  # check_ready refused a detached HEAD
        parent = self._head()
        commit, blobs = self._commit(files, message, parent, env, merging)
        checked = [path for path in written if path not in replacing]
        self._refuse_hand_edits({path: files[path] for path in checked}, blobs, parent)
        tags = dict(more_tags or {})
        if tag and annotated:
            tags = {tag: message, **tags}
        objects = self._tag_objects(tags, commit, env)
        target = objects.pop(tag, commit) if tag else None
        journal = Journal(branch, parent, commit, tag, target, written, [*files], objects)
        step("objects")
        self._begin(journal)
        step("journal")
        self._move_refs(journal)
        step("refs")
        try:
            self._write_out(journal, files)
            self.git.reset("-q", commit, "--", *files)
            step("index")
        except BaseException:
            self._take_back(journal)
            raise
        self._end()
        return commit

    def recover(self) -> list[str]:
        """Finish, or take back, a recording that a killed run left half done; say what was
        done. The branch decides: the version is complete when the branch holds it, and
        never happened when it does not. Files a person changed since are left as they are."""
        journal = self._journal()
        if journal is None:
            return []
        head = self._head()
        done = head is not None and self.holds(head, journal.new)
        if done:
            self._tag_if_missing(journal)
        else:
            self._untag(journal)
        kept = self._bring_to_head(journal, journal.old if done else journal.new)
        remove_abandoned_temporaries({(self.root / p).parent for p in journal.paths})
        self._end()
        tags = list(journal.tag_targets())
        name = ", ".join(tags) if len(tags) <= 3 else f"{tags[0]} and {len(tags) - 1} versions more"
        name = name or f"commit {journal.new[:12]}"
        said = [f"finished recording {name}, which an interrupted run had left unfinished"]
        if not done:
            said = [f"took back {name}, which an interrupted run had not finished recording"]
        return said + [
            f"{path} was changed by hand while the recording was interrupted; it was left "
            "as it is (`git status` shows it)"
            for path in kept
        ]

    # --- the steps ------------------------------------------------------------------------

    def _env(self, when: datetime) -> dict[str, str]:
        name, email = self.identity()
        moment = f"{int(when.timestamp())} +0000"
        return {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": moment,
            "GIT_COMMITTER_DATE": moment,
        }

    def _commit(
        self,
        files: dict[str, bytes],
        message: str,
        parent: str | None,
        env: dict[str, str],
        merging: str | None = None,
    ) -> tuple[str, dict[str, str]]:
        """A commit of the parent's tree plus `files`, built in a private index; with the
        blob id of each file."""
        with scratch() as folder:
            index_env = {**env, "GIT_INDEX_FILE": str(folder / "index")}
            if parent:
                self.git.read_tree(parent, env=index_env)
            contents = list(dict.fromkeys(files.values()))  # a file at two addresses: one blob
            stored = dict(zip(contents, self._store(contents, "blob"), strict=True))
            blobs = {path: stored[data] for path, data in files.items()}
            entries: list[str] = []
            for path, blob in blobs.items():
                entries += ["--cacheinfo", f"100644,{blob},{path}"]
            self.git.update_index("--add", *entries, env=index_env)
            tree = self.git.write_tree(env=index_env)
        parents = [arg for commit in (parent, merging) if commit for arg in ("-p", commit)]
        return self.git.commit_tree(tree, *parents, "-m", message, env=env), blobs

    def _store(self, contents: list[bytes], kind: str) -> list[str]:
        """Write objects of one kind with git itself (its permissions for a shared
        repository, its fsync, its checks of a tag's form), all in one `git hash-object`."""
        if not contents:
            return []
        with scratch() as folder:
            paths = []
            for number, data in enumerate(contents):
                paths.append(folder / f"{kind}-{number}")
                paths[-1].write_bytes(data)
            listed = "".join(f"{path}\n" for path in paths).encode()
            hashing = ["hash-object", "-t", kind, "-w", "--no-filters", "--stdin-paths"]
            return self._run(*hashing, input=listed).split()

    def _tag_objects(
        self, tags: Mapping[str, str], commit: str, env: dict[str, str]
    ) -> dict[str, str]:
        """Annotated tags (name: message) on `commit` as objects only, by name: the refs are
        made with the branch."""
        tagger = f"{env['GIT_COMMITTER_NAME']} <{env['GIT_COMMITTER_EMAIL']}>"
        objects = [
            f"object {commit}\ntype commit\ntag {tag}\n"
            f"tagger {tagger} {env['GIT_COMMITTER_DATE']}\n\n{message}".encode()
            for tag, message in tags.items()
        ]
        return dict(zip(tags, self._store(objects, "tag"), strict=True))

    def _refuse_hand_edits(
        self, files: dict[str, bytes], blobs: dict[str, str], parent: str | None
    ) -> None:
        """Refuse when a generated file in the work tree or the index is neither what was
        recorded nor what is about to be: a person changed it, and writing would lose that."""
        edited, unrecorded = [], []
        present = {path: self._read(path) for path in files}
        changed = [p for p, data in files.items() if present[p] not in (None, data)]
        for path in changed:
            recorded = self.file_at(parent, path) if parent else None
            if recorded is None:
                unrecorded.append(path)
            elif present[path] != recorded:
                edited.append(path)
        staged = self._staged(list(files), parent) if parent else {}
        edited += [p for p, blob in staged.items() if blob != blobs[p] and p not in edited]
        if edited or unrecorded:
            raise HandEdited(edited, unrecorded)

    def _staged(self, paths: list[str], parent: str) -> dict[str, str]:
        """The paths whose index entry differs from `parent`, with the blob the index holds."""
        listing = self.git.diff_index("--cached", "-z", "--no-renames", parent, "--", *paths)
        fields = listing.split("\0")
        staged = {}
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            staged[path] = meta.split()[3]  # ":old-mode new-mode old-blob new-blob status"
        return staged

    def _begin(self, journal: Journal) -> None:
        write_atomically(self._journal_path(), journal.dumps())

    def _end(self) -> None:
        self._journal_path().unlink(missing_ok=True)

    def _journal(self) -> Journal | None:
        try:
            return Journal.loads(self._journal_path().read_bytes())
        except FileNotFoundError:
            return None

    def _journal_path(self) -> Path:
        return Path(self.repo.git_dir) / JOURNAL

    def _move_refs(self, journal: Journal) -> None:
        """The branch and the tags in one transaction: all move, or none."""
        commands = [f"update {journal.branch} {journal.new} {journal.old or ZERO}"]
        tags = journal.tag_targets().items()
        commands += [f"create refs/tags/{t} {target}" for t, target in tags]
        try:
            self._run("update-ref", "--stdin", input="".join(f"{c}\n" for c in commands).encode())
        except git.GitCommandError as error:
            self._end()
            raise self._refs_refused(journal, error) from None

    def _refs_refused(self, journal: Journal, error: git.GitCommandError) -> HistoryConflict:
        for tag in journal.tag_targets():
            if self.resolve(f"refs/tags/{tag}"):
                return HistoryConflict(
                    f"the tag {tag} exists already, but the version it names is not on "
                    f"this branch: someone made it outside outcomes. Look at it with `git show "
                    f"{tag}`; if it should not be there, delete it with `git tag -d "
                    f"{tag}`; nothing was recorded"
                )
        if self._head() != journal.old:
            return HistoryConflict(
                "another version was recorded while this one was being made; nothing was "
                "recorded: run the command again"
            )
        return HistoryConflict(f"the version could not be recorded ({_reason(error)})")

    def _write_out(self, journal: Journal, files: dict[str, bytes]) -> None:
        """Put the recorded files into the work tree, each whole."""
        for number, relative in enumerate(journal.paths, 1):
            path = self.root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, files[relative])
            step(f"file-{number}")

    def _take_back(self, journal: Journal) -> None:
        """Undo a recording whose refs moved but whose files could not all be written: refs
        first (so that no reader sees the version), then the files. Should this fail too,
        the journal stays and the next command finishes the work."""
        commands = [f"update {journal.branch} {journal.old} {journal.new}"]
        if not journal.old:
            commands = [f"delete {journal.branch} {journal.new}"]
        tags = journal.tag_targets().items()
        commands = [f"delete refs/tags/{t} {target}" for t, target in tags] + commands
        with suppress(OSError, git.GitCommandError):
            self._run("update-ref", "--stdin", input="".join(f"{c}\n" for c in commands).encode())
            self._bring_to_head(journal, journal.new)
            self._end()

    def _bring_to_head(self, journal: Journal, other: str | None) -> list[str]:
        """Each file the journal names, and its index entry, as the branch holds it, where
        it is as `other` (the side the branch is not on) or missing; the rest are a person's
        edits, left alone and returned."""
        head = self._head()
        kept = []
        for relative in journal.paths:
            want = self.file_at(head, relative) if head else None
            present = self._read(relative)
            if present == want:
                continue
            before = self.file_at(other, relative) if other else None
            if present is not None and present != before:
                kept.append(relative)
                continue
            path = self.root / relative
            if want is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, want)
        self._index_to_head(journal.indexed, other, head)
        return kept

    def _index_to_head(self, paths: list[str], other: str | None, head: str | None) -> None:
        """Index entries as `head` holds them, where they are as `other` holds them."""
        if head is None:
            self.git.rm("-q", "--cached", "--ignore-unmatch", "--", *paths)
            return
        staged = self._staged(paths, head)
        if not staged:
            return
        at_other = self._blobs(other, list(staged)) if other else {}
        stale = [p for p, blob in staged.items() if blob in (at_other.get(p), ZERO)]
        if stale:
            self.git.reset("-q", head, "--", *stale)

    def _blobs(self, commit: str, paths: list[str]) -> dict[str, str]:
        listing = self.git.ls_tree("-z", commit, "--", *paths)
        entries = (entry.partition("\t") for entry in listing.split("\0") if entry)
        return {path: meta.split()[2] for meta, _, path in entries}

    def _tag_if_missing(self, journal: Journal) -> None:
        for tag, target in journal.tag_targets().items():
            if not self.resolve(f"refs/tags/{tag}"):
                self._run("update-ref", f"refs/tags/{tag}", target, ZERO)

    def _untag(self, journal: Journal) -> None:
        """Delete the journal's tags that name the version that never reached the branch."""
        for tag, target in journal.tag_targets().items():
            with suppress(git.GitCommandError):
                self._run("update-ref", "-d", f"refs/tags/{tag}", target)

    def holds(self, head: str, commit: str) -> bool:
        """Whether `commit` is `head` or one of its ancestors."""
        if head == commit:
            return True
        try:
            self.git.merge_base("--is-ancestor", commit, head)
        except git.GitCommandError:
            return False
        return True

    def _state_after_failure(self) -> str:
        if self._journal() is None:
            return "the files and the history are as they were"
        return "the next outcomes command (or `outcomes doctor`) finishes or takes it back"

    def _read(self, relative: str) -> bytes | None:
        path = self.root / relative
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None

    def _run(self, *args: str, input: bytes = b"") -> str:
        """git with `input` on its standard input, in one process."""
        done = subprocess.run(
            ["git", *args], cwd=self.root, input=input, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise git.GitCommandError(["git", *args], done.returncode, done.stderr)
        return done.stdout.decode()

    def lock_problems(self) -> list[str]:
        """git's lock files, each said with whose it is and what to do."""
        return [_lock_refusal(lock, Path(self.repo.git_dir).parent) for lock in self._git_locks()]

    def fsck(self) -> list[str]:
        """What `git fsck` finds wrong with the repository's objects and refs (unreferenced
        objects are no fault: an interrupted recording leaves some, and git collects them)."""
        done = subprocess.run(
            ["git", "fsck", "--no-dangling", "--no-progress"],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
        )
        said = (done.stdout + done.stderr).splitlines()
        return [line for line in said if line.strip()] if done.returncode else []

    def _git_locks(self) -> list[Path]:
        """git's lock files: while one exists, git refuses to change what it guards."""
        folder = Path(self.repo.git_dir)
        found = [folder / name for name in ("index.lock", "HEAD.lock", "packed-refs.lock")]
        found = [lock for lock in found if lock.exists()]
        return found + sorted((folder / "refs").rglob("*.lock"))

    # --- the shared remote ---------------------------------------------------------------------

    def fetch(self, remote: Remote) -> None:
        """The remote's branch and tags, as remote-tracking refs (never over a local tag).
        An unreachable remote is refused in a sentence."""
        url = self._checked_url(remote)
        branch = f"+refs/heads/*:refs/remotes/{remote.name}/*"  # a glob: no error when empty
        tags = f"+refs/tags/*:{remote.tags}*"
        try:
            self._run("fetch", "--quiet", "--no-tags", "--prune", remote.name, branch, tags)
        except git.GitCommandError as error:
            raise RemoteUnreachable(
                f"the shared repository ({remote.name}: {_without_password(url)}) cannot be "
                f"reached ({_reason(error)}), so nothing was recorded. Run the command again "
                "when it can be; or give --offline to record here now and share it later "
                "with `outcomes sync`"
            ) from None

    def remote_head(self, remote: Remote) -> str | None:
        return self.resolve(remote.tracking)

    def relation(self, remote: Remote) -> str:
        """How this branch stands to the remote's: 'same', 'behind', 'ahead', 'diverged'
        (or 'ahead' when the remote has no branch yet)."""
        here, there = self._head(), self.remote_head(remote)
        if there is None or here == there:
            return "same" if here == there else "ahead"
        if here is None or self.holds(there, here):
            return "behind"
        return "ahead" if self.holds(here, there) else "diverged"

    def changed_since(self, base: str, revision: str) -> list[str]:
        """The files `revision` added or changed since `base` (a file removed is not one)."""
        names = self.git.diff_tree(
            "-r", "--name-only", "-z", "--no-renames", "--diff-filter=d", base, revision
        )
        return sorted(name for name in names.split("\0") if name)

    def merge_base(self, one: str, other: str) -> str | None:
        try:
            return self.git.merge_base(one, other) or None
        except git.GitCommandError:
            return None

    def unshared(self, remote: Remote) -> list[str]:
        """This branch's commits the remote lacks, oldest first."""
        there = self.remote_head(remote)
        since = [f"^{there}"] if there else []
        return self.git.rev_list("--reverse", "HEAD", *since).split()

    def advance(self, target: str) -> list[str]:
        """Fast-forward this branch to `target` (a descendant), bringing the files it changed
        into the work tree as a recording does, journaled; returns the files a person changed
        here that were left alone."""
        branch, head = self.repo.head.reference.path, self._head()
        if head == target:
            return []
        since = [head, target] if head else ["--root", target]
        names = self.git.diff_tree("-r", "--name-only", "-z", "--no-renames", *since)
        paths = sorted(name for name in names.split("\0") if name)
        journal = Journal(branch, head, target, None, None, paths, paths)
        self._begin(journal)
        self._run("update-ref", branch, target, head or ZERO)
        kept = self._bring_to_head(journal, head)
        self._end()
        return kept

    def join_edits(self, relative: str, base: str | None, theirs: str) -> bool:
        """Join into the work tree's `relative` (a person's edits on top of `base`) the changes
        `theirs` made to it since `base`, line by line as `git merge-file` joins them; False,
        the file left as it is, where both changed the same lines or it is not text."""
        mine, new = self._read(relative), self.file_at(theirs, relative)
        old = (self.file_at(base, relative) if base else None) or b""
        if mine is None or new is None:
            return False
        with scratch() as folder:
            sides = [folder / "mine", folder / "base", folder / "theirs"]
            for side, data in zip(sides, (mine, old, new), strict=True):
                side.write_bytes(data)
            done = subprocess.run(
                ["git", "merge-file", "-p", "-q", *map(str, sides)], capture_output=True
            )
        if done.returncode != 0:  # conflicts (their number), or not text
            return False
        write_atomically(self.root / relative, done.stdout)
        return True

    def adopt_tags(self, remote: Remote) -> list[str]:
        """Tag here the versions the remote tagged that this branch now holds; returns them.
        A tag of the same name that names another version here is left as it is (`sync`
        refuses to share that one)."""
        fields = "%(refname)%00%(objectname)"
        here = set(self.git.for_each_ref("refs/tags", format="%(refname:strip=2)").split())
        adopted = []
        for line in self.git.for_each_ref(remote.tags, format=fields).splitlines():
            ref, target = line.split("\0")
            tag = ref.removeprefix(remote.tags)
            if tag in here or not self._on_branch(target):
                continue
            self._run("update-ref", f"refs/tags/{tag}", target, ZERO)
            adopted.append(tag)
        return adopted

    def tags_on(self, commits: list[str]) -> list[str]:
        """The tags here that name one of `commits`."""
        wanted = set(commits)
        fields = "%(refname:strip=2)%00%(objectname)%00%(*objectname)"
        found = []
        for line in self.git.for_each_ref("refs/tags", format=fields).splitlines():
            tag, target, peeled = line.split("\0")
            if (peeled or target) in wanted:
                found.append(tag)
        return sorted(found)

    def taken_elsewhere(self, remote: Remote, tags: list[str]) -> list[Recorded]:
        """Those of `tags` the remote has too, naming another version: numbers taken."""
        taken = []
        for tag in tags:
            theirs = self.resolve(f"{remote.tags}{tag}")
            if theirs and theirs != self.resolve(f"refs/tags/{tag}"):
                draft_id, _, name = tag.rpartition("/")
                kind, _, number = name.rpartition("-")
                found = [v for v in self.versions(draft_id, kind, remote) if v.tag == tag]
                taken += found or [Recorded(tag, int(number), theirs, moment())]
        return taken

    def push(self, remote: Remote, tags: list[str]) -> bool:
        """This branch and `tags` to the remote in one atomic push, never forced: True when
        pushed, False when the remote moved on meanwhile (nothing was pushed)."""
        self._checked_url(remote)
        refs = [f"HEAD:refs/heads/{remote.branch}", *(f"refs/tags/{t}:refs/tags/{t}" for t in tags)]
        done = subprocess.run(
            ["git", "push", "--atomic", "--porcelain", "--quiet", remote.name, *refs],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            return True
        said = done.stdout + done.stderr
        if RACED.search(said):
            return False
        raise RemoteUnreachable(
            f"the version is recorded here, but the shared repository ({remote.name}) did not "
            f"take it ({_first_line(said)}): run `outcomes sync` when it can be reached"
        )

    def take_back_last(self, commit: str, tags: list[str], keep: frozenset[str]) -> None:
        """Undo the version just recorded here (the remote would not take it): branch and
        tags back, then its files, but for those in `keep` (the drafts: the officer's)."""
        parent = self.resolve(f"{commit}^")
        paths = self.changed_since(parent, commit) if parent else self.changed_files(commit)
        targets = {t: self._run("rev-parse", f"refs/tags/{t}").strip() for t in tags}
        written = [p for p in paths if p not in keep]
        branch = self.repo.head.reference.path
        first = tags[0] if tags else None
        journal = Journal(
            branch, parent, commit, first, targets.get(first or ""), written, paths, targets
        )
        self._begin(journal)
        self._take_back(journal)

    def _checked_url(self, remote: Remote) -> str:
        """The remote's address, refused before git runs when it could make git run a
        program or take an option (`ext::`, `fd::`, a leading `-`)."""
        try:
            url = self.git.remote("get-url", "--", remote.name)
        except git.GitCommandError:
            raise RemoteRefused(
                f"the project shares its versions through the remote '{remote.name}' "
                f"(remote in [tool.outcomes]), but this repository has no such remote: add it "
                f"with `git remote add {remote.name} URL`"
            ) from None
        return check_url(url, remote.name)

    def head(self) -> str | None:
        """The commit the branch is at (None before the first)."""
        return self._head()

    def _on_branch(self, commit: str) -> bool:
        """Whether the branch holds `commit` (or the commit a tag object names)."""
        head = self._head()
        return head is not None and self.holds(head, f"{commit}^{{commit}}")

    def _head(self) -> str | None:
        head = self.repo.head
        return head.commit.hexsha if head.is_valid() else None  # None: no commit yet

    def _user_config(self) -> dict[str, str]:
        """git's user.name and user.email, as git itself resolves them (later files win)."""
        try:
            lines = self.git.config("--get-regexp", r"^user\.(name|email)$").splitlines()
        except git.GitCommandError:
            return {}  # neither is set
        return dict(line.partition(" ")[::2] for line in lines)


def git_refusal(error: Exception) -> str:
    """A refusal of git's (GitPython's errors) as one sentence, with what to do."""
    said = str(getattr(error, "stderr", "") or error)
    place = re.search(r"repository at '([^']+)'", said)
    if "dubious ownership" in said and place:
        return (
            f"git refuses to work in {place[1]} because the folder belongs to another user; "
            "if you trust it, run `git config --global --add safe.directory "
            f"{place[1]}` and run the command again"
        )
    if isinstance(error, git.GitCommandError):
        return _reason(error)
    return f"git cannot use this folder ({type(error).__name__}: {error})"


def _reason(error: OSError | git.GitCommandError) -> str:
    """What went wrong, in one line: "drafts/x.docx: Permission denied", "git said: ..."."""
    if isinstance(error, git.GitCommandError):
        # GitPython wraps git's own words as "\n  stderr: '...'".
        said = str(error.stderr).strip().removeprefix("stderr:").strip().strip("'").strip()
        first = said.splitlines()[0] if said else f"{error.command[1]} failed"
        return f"git said: {first}"
    return os_reason(error)


@dataclass(frozen=True)
class Remote:
    """The shared repository a project records its versions to: a git remote of this clone
    and the branch there."""

    name: str
    branch: str = "main"

    def __post_init__(self) -> None:
        check_remote_names(self.name, self.branch)

    @property
    def tracking(self) -> str:
        return f"refs/remotes/{self.name}/{self.branch}"

    @property
    def tags(self) -> str:
        """Where its tags are kept here, as last fetched (apart from branches and tags)."""
        return f"refs/remote-tags/{self.name}/"


#: A remote's name and a branch: what git itself allows, less anything an option could hide in.
REMOTE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
BRANCH_NAME = re.compile(r"^(?!.*(?:\.\.|//|@\{|\.lock(?:/|$)))[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$")
#: What git says when the remote moved on meanwhile: before the push, or in a race with
#: another push at the remote itself.
RACED = re.compile(
    r"\[rejected\]|non-fast-forward|fetch first|already exists|cannot lock ref"
    r"|failed to update ref|incorrect old value"
)
#: Transports that run a program or read a descriptor: never from a setting.
UNSAFE_URL = re.compile(r"^(?:ext|fd)::|^-|--upload-pack|--receive-pack|[\x00-\x1f\x7f]", re.I)


def check_remote_names(name: str, branch: str) -> None:
    if not REMOTE_NAME.match(name):
        raise RemoteRefused(
            f"'{name}' is not the name of a git remote (remote in [tool.outcomes]): use a name "
            "such as origin, as `git remote -v` lists them"
        )
    if not BRANCH_NAME.match(branch) or branch.endswith((".", "/")):
        raise RemoteRefused(
            f"'{branch}' is not a branch name (branch in [tool.outcomes]): use one such as main"
        )


def check_url(url: str, name: str) -> str:
    if UNSAFE_URL.search(url):
        raise RemoteRefused(
            f"the remote {name} has an address outcomes will not use "
            f"({_without_password(url)}): it could make git run a program. Give it an "
            f"https://, ssh:// or file address with `git remote set-url {name} URL`"
        )
    return url


def _without_password(url: str) -> str:
    """An address as it may be shown: credentials stay with git's credential helpers."""
    return re.sub(r"(?<=://)[^/@\s]*@", "", url)


def _first_line(said: str) -> str:
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    return _without_password(lines[-1] if lines else "no reason given")


def _lock_refusal(lock: Path, root: Path) -> str:
    """Whose lock file it is, and what to do about it."""
    shown = lock.relative_to(root).as_posix()
    holders = _holders(lock)
    if holders:
        return (
            f"{shown} is held by a running program (process {holders[0]}): wait for it to "
            "finish, then run the command again"
        )
    return (
        f"git's lock file {shown} was left by a git program that was stopped before it "
        f"finished (no running program holds it): delete {shown} and run the command again"
    )


def _holders(lock: Path) -> list[int]:
    """The processes that hold `lock` open (git keeps its lock files open while it works);
    empty where the system cannot tell (no /proc)."""
    holders = []
    target = str(lock.resolve())
    for fd_folder in Path("/proc").glob("[0-9]*/fd"):
        with suppress(OSError):
            if any(str(fd.readlink()) == target for fd in fd_folder.iterdir()):
                holders.append(int(fd_folder.parent.name))
    return [pid for pid in holders if process_alive(pid)]
