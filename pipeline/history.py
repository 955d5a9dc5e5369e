"""Versions in git: the only module that touches the repository.

A version is recorded without touching the work tree or the index first: the commit is built
in a private index, the tag is created, and the branch is moved by compare-and-swap from the
commit the new one was built on (`git update-ref BRANCH NEW OLD`). Only then are the files
written into the work tree. A failure before the swap leaves nothing visible; a failure after
it puts the branch, the tag and the files back as they were. A lock keeps two runs apart.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import git

from pipeline.errors import HistoryConflict
from pipeline.files import os_reason, write_atomically

ZERO = "0" * 40
LOCK_WAIT_SECONDS = 30
IDENTITY = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+)>\s*$")


@dataclass(frozen=True)
class Recorded:
    """One recorded version: its tag, commit and moment."""

    tag: str
    number: int
    commit: str
    timestamp: datetime
    author: str = ""


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
        if (Path(self.repo.git_dir) / "index.lock").exists():
            raise HistoryConflict(
                "git's index is locked (.git/index.lock exists): another git program may be "
                "running. If none is, a crashed one left the file: delete .git/index.lock "
                "and run the command again"
            )
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
            'or set author = "COMMIT Secretariat <secretariat@example.org>" under '
            "[tool.outcomes] in pyproject.toml"
        )

    def versions(self, draft_id: str, kind: str) -> list[Recorded]:
        """The recorded versions of one kind ('draft', 'published'), oldest first."""
        prefix = f"refs/tags/{draft_id}/{kind}-"  # for-each-ref matches whole path parts: glob
        # A field starting with * is the tagged commit's, for annotated tags; empty otherwise.
        fields = "%(refname)%00%(objectname)%00%(*objectname)%00%(creatordate:unix)%00"
        fields += "%(authorname)%(*authorname)"
        found = []
        for line in self.git.for_each_ref(f"{prefix}*", format=fields).splitlines():
            ref, target, peeled, seconds, author = line.split("\0")
            number = ref.removeprefix(prefix)
            if number.isdigit():
                when = datetime.fromtimestamp(int(seconds), UTC)
                tag = ref[len("refs/tags/") :]
                found.append(Recorded(tag, int(number), peeled or target, when, author))
        return sorted(found, key=lambda r: r.number)

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
        """The bytes of `path` as recorded at `revision`, or None if it held no such file."""
        try:
            blob = self.repo.commit(revision).tree / path
        except KeyError:
            return None
        return blob.data_stream.read()

    def record(
        self,
        files: dict[str, bytes],
        message: str,
        tag: str | None,
        *,
        when: datetime,
        annotated: bool = False,
        in_tree: frozenset[str] = frozenset(),
    ) -> str:
        """Commit `files` (project-relative paths), tagged `tag` if given; write them out,
        except those `in_tree`: the work tree holds them already (the draft itself, which an
        editor may have saved again meanwhile: writing it back would lose that edit)."""
        try:
            return self._record(files, message, tag, when, annotated, in_tree)
        except (OSError, git.GitCommandError) as error:
            raise HistoryConflict(
                f"the version could not be recorded ({_reason(error)}); the files and the "
                "history are as they were"
            ) from None

    def _record(
        self,
        files: dict[str, bytes],
        message: str,
        tag: str | None,
        when: datetime,
        annotated: bool,
        in_tree: frozenset[str],
    ) -> str:
        name, email = self.identity()
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": f"{int(when.timestamp())} +0000",
            "GIT_COMMITTER_DATE": f"{int(when.timestamp())} +0000",
        }
        branch = self.repo.head.reference.path  # check_ready refused a detached HEAD
        parent = self._head()
        commit = self._commit(files, message, parent, env)
        if tag:
            self._tag(tag, commit, message, env, annotated=annotated)
        try:
            self.git.update_ref(branch, commit, parent or ZERO)
        except git.GitCommandError:
            self._delete_tag(tag)
            raise HistoryConflict(
                "another version was recorded while this one was being made; run the command again"
            ) from None
        try:
            self._write_out(files, commit, in_tree)
        except BaseException:
            self._move_back(branch, commit, parent)
            self._delete_tag(tag)
            raise
        return commit

    def _commit(
        self, files: dict[str, bytes], message: str, parent: str | None, env: dict[str, str]
    ) -> str:
        """A commit of the parent's tree plus `files`, built in a private index."""
        with tempfile.TemporaryDirectory(prefix="outcomes-index-") as scratch:
            index_env = {**env, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
            if parent:
                self.git.read_tree(parent, env=index_env)
            blobs = self._store(list(files.values()), Path(scratch))
            entries: list[str] = []
            for path, blob in zip(files, blobs, strict=True):
                entries += ["--cacheinfo", f"100644,{blob},{path}"]
            self.git.update_index("--add", *entries, env=index_env)
            tree = self.git.write_tree(env=index_env)
        parents = ["-p", parent] if parent else []
        return self.git.commit_tree(tree, *parents, "-m", message, env=env)

    def _store(self, contents: list[bytes], scratch: Path) -> list[str]:
        """Write blobs with git itself (its permissions for a shared repository, its fsync),
        all in one `git hash-object` process."""
        paths = []
        for number, data in enumerate(contents):
            paths.append(scratch / f"blob-{number}")
            paths[-1].write_bytes(data)
        listed = "".join(f"{path}\n" for path in paths).encode()
        done = subprocess.run(
            ["git", "hash-object", "-w", "--no-filters", "--stdin-paths"],
            cwd=self.root,
            input=listed,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise git.GitCommandError(["git", "hash-object"], done.returncode, done.stderr)
        return done.stdout.decode().split()

    def _tag(
        self, tag: str, commit: str, message: str, env: dict[str, str], *, annotated: bool
    ) -> None:
        try:
            if annotated:
                self.git.tag("-a", "-m", message, "--", tag, commit, env=env)
            else:
                self.git.update_ref(f"refs/tags/{tag}", commit, ZERO)
        except git.GitCommandError:
            raise HistoryConflict(
                f"the tag {tag} exists already, so this version number is taken; "
                "run the command again"
            ) from None

    def _move_back(self, branch: str, commit: str, parent: str | None) -> None:
        if parent:
            self.git.update_ref(branch, parent, commit)
        else:
            self.git.update_ref("-d", branch, commit)

    def _delete_tag(self, tag: str | None) -> None:
        if not tag:
            return
        with suppress(git.GitCommandError):
            self.git.update_ref("-d", f"refs/tags/{tag}")

    def _write_out(self, files: dict[str, bytes], commit: str, in_tree: frozenset[str]) -> None:
        """Put the recorded files into the work tree and the index, all or none."""
        previous: dict[Path, bytes | None] = {}
        try:
            for relative, data in files.items():
                if relative in in_tree:
                    continue
                path = self.root / relative
                previous[path] = path.read_bytes() if path.is_file() else None
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, data)
            self.git.reset("-q", commit, "--", *files)
        except BaseException:
            for path, data in previous.items():
                if data is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(data)
            raise

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


def _reason(error: OSError | git.GitCommandError) -> str:
    """What went wrong, in one line: "drafts/x.docx: Permission denied", "git said: ..."."""
    if isinstance(error, git.GitCommandError):
        # GitPython wraps git's own words as "\n  stderr: '...'".
        said = str(error.stderr).strip().removeprefix("stderr:").strip().strip("'").strip()
        first = said.splitlines()[0] if said else f"{error.command[1]} failed"
        return f"git said: {first}"
    return os_reason(error)
