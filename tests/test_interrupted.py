"""A recording killed at any instant (SIGKILL: a closed laptop lid, a cancelled job) leaves
the project as version 1 or version 2, never a mixture, and the next command completes it or
records it afresh: one version 2, on main, tagged, with its files."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pipeline.files import SCRATCH
from pipeline.history import KILL_AT
from tests.helpers import EXAMPLE_DRAFT, edit, git, run

DRAFT = EXAMPLE_DRAFT
#: The steps of a recording (see `History.record`); a publication writes six files.
DRAFT_STEPS = ["objects", "journal", "refs", "file-1", "index"]
PUBLISH_STEPS = ["objects", "journal", "refs", "file-1", "file-4", "file-6", "index"]


def outcomes(project: Path, *args: str, kill_at: str | None = None) -> subprocess.Popen[bytes]:
    """`outcomes` as its own process, as a person (or a CI job) starts it."""
    env = {k: v for k, v in os.environ.items() if k != KILL_AT}
    if kill_at:
        env[KILL_AT] = kill_at
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--project", str(project), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def tags(project: Path, kind: str) -> list[str]:
    """The outcome's tags of one kind, by version number."""
    found = git(project, "tag", "--list", f"commit-som11/{kind}-*").split()
    return sorted(found, key=lambda tag: int(tag.rsplit("-", 1)[-1]))


def assert_sound(project: Path, kind: str) -> None:
    """What any reader of the repository may rely on, at any instant: no damage, main at a
    whole version, and no tag for a version that main does not hold."""
    fsck = subprocess.run(
        ["git", "-C", str(project), "fsck", "--no-dangling", "--no-progress"],
        capture_output=True,
        text=True,
    )
    assert fsck.returncode == 0 and not fsck.stdout.strip(), fsck.stdout + fsck.stderr
    subject = git(project, "log", "-1", "--format=%s", "main")  # "<id>: draft version N"
    head_number = int(subject.rsplit(" ", 1)[-1])
    numbers = sorted(int(tag.rsplit("-", 1)[-1]) for tag in tags(project, kind))
    assert numbers in (list(range(1, head_number + 1)), list(range(1, head_number))), subject
    for tag in tags(project, kind):
        on_main = ["git", "-C", str(project), "merge-base", "--is-ancestor", tag, "main"]
        assert subprocess.run(on_main).returncode == 0, f"{tag} is not on main"


def assert_settled(project: Path, versions: int, kind: str) -> None:
    """After the next command: exactly `versions` versions, each tagged, the work tree and
    the index as main holds them, nothing temporary left."""
    assert git(project, "rev-list", "--count", "main") == str(versions)
    assert tags(project, kind) == [f"commit-som11/{kind}-{n}" for n in range(1, versions + 1)]
    assert changes(project) == []
    assert [p for p in project.rglob("*.tmp") if ".git" not in p.parts] == []
    assert not (project / ".git" / "outcomes-recording.json").exists()


def kill_then_rerun(project: Path, command: str, kill_at: str, kind: str) -> None:
    killed = outcomes(project, command, "commit-som11", kill_at=kill_at)
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert_sound(project, kind)
    rerun(project, command)
    assert not list(Path(tempfile.gettempdir()).glob(f"{SCRATCH}{killed.pid}-*"))


def rerun(project: Path, command: str) -> None:
    """The next run of the command: it settles what the killed one left, and says nothing
    of internal errors (exit 1 when the killed run had recorded the version already)."""
    again = outcomes(project, command, "commit-som11")
    _, err = again.communicate(timeout=120)
    assert again.returncode in (0, 1) and b"internal error" not in err, err.decode()


KILLED_AT = [("draft", "draft", step) for step in DRAFT_STEPS] + [
    ("publish", "published", step) for step in PUBLISH_STEPS
]


@pytest.mark.parametrize(("command", "kind", "step"), KILLED_AT)
def test_killed_at_any_step_it_is_version_1_or_2_and_the_next_run_settles_it(
    project: Path, command: str, kind: str, step: str
) -> None:
    assert run(project, command, "commit-som11")[0] == 0
    edit(project, "the various", "the many")
    kill_then_rerun(project, command, step, kind)
    assert_settled(project, 2, kind)
    assert "the many" in git(project, "show", f"commit-som11/{kind}-2:{DRAFT}")
    if kind == "published":  # every file written from the version main holds
        page = (project / "published/commit-som11/index.html").read_text()
        assert "the many" in page
        feed = git_bytes(project, "main:published/feed.xml")
        assert (project / "published/feed.xml").read_bytes() == feed


def test_doctor_finishes_an_interrupted_version_without_recording_another(project: Path) -> None:
    assert run(project, "publish", "commit-som11")[0] == 0
    edit(project, "the various", "the many")
    killed = outcomes(project, "publish", "commit-som11", kill_at="file-4")
    killed.communicate(timeout=120)
    assert changes(project) != []
    status, out, _ = run(project, "doctor")
    assert status == 0, out
    assert "finished recording commit-som11/published-2" in out
    assert_settled(project, 2, "published")


def test_an_interrupted_version_the_branch_never_took_is_taken_back(project: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    edit(project, "the various", "the many")
    killed = outcomes(project, "draft", "commit-som11", kill_at="journal")
    killed.communicate(timeout=120)
    status, out, _ = run(project, "doctor")
    assert status == 0 and "took back commit-som11/draft-2" in out
    assert tags(project, "draft") == ["commit-som11/draft-1"]
    assert changes(project) == [f" M {DRAFT}"]  # the officer's edit, still to be recorded


def test_a_person_s_edit_made_after_the_kill_is_kept(project: Path) -> None:
    assert run(project, "publish", "commit-som11")[0] == 0
    edit(project, "the various", "the many")
    killed = outcomes(project, "publish", "commit-som11", kill_at="refs")
    killed.communicate(timeout=120)
    fragment = project / "published/commit-som11/fragment.html"
    fragment.write_text("edited by hand")
    status, out, _ = run(project, "doctor")
    assert status == 0 and "published/commit-som11/fragment.html was changed by hand" in out
    assert fragment.read_text() == "edited by hand"


@pytest.mark.parametrize(("command", "kind"), [("draft", "draft"), ("publish", "published")])
def test_killed_at_random_moments_the_project_stays_sound(
    project: Path, command: str, kind: str
) -> None:
    assert run(project, command, "commit-som11")[0] == 0
    edit(project, "the various", "round 2")
    started = time.monotonic()
    first = outcomes(project, command, "commit-som11")
    first.communicate(timeout=120)
    assert first.returncode == 0
    duration = time.monotonic() - started
    moments = random.Random(2026)
    for version in range(3, 23):
        edit(project, f"round {version - 1}", f"round {version}")
        process = outcomes(project, command, "commit-som11")
        time.sleep(moments.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=120)
        assert_sound(project, kind)
        rerun(project, command)
        assert_settled(project, version, kind)


def changes(project: Path) -> list[str]:
    """`git status` of the files git holds: what differs from main in the index or the tree."""
    listed = subprocess.run(
        ["git", "-C", str(project), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=True,
    )
    return listed.stdout.splitlines()


def git_bytes(project: Path, spec: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(project), "show", spec], capture_output=True, check=True
    ).stdout
