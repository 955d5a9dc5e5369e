"""`outcomes draft`: each changed draft becomes one recorded, tagged version; a failure, none."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.history import History
from tests.helpers import EXAMPLE_DRAFT, MINIMAL, edit, git, run, state, write_draft

DRAFT = EXAMPLE_DRAFT
COPY = "drafts/commit-som11/commit-som11-review.docx"


def test_the_first_draft_initialises_a_repository_and_records_version_1(project: Path) -> None:
    status, out, _ = run(project, "draft", str(project / DRAFT))
    assert status == 0, out
    assert "recorded draft version 1 (commit-som11/draft-1)" in out and COPY in out
    assert git(project, "tag") == "commit-som11/draft-1"
    assert git(project, "show", "--name-only", "--format=%s", "HEAD").splitlines() == [
        "commit-som11: draft version 1",
        "",
        DRAFT,
        COPY,
    ]
    assert (project / COPY).is_file()
    assert git(project, "status", "--porcelain") == "?? pyproject.toml"


def test_json_reports_version_path_and_commit(project: Path) -> None:
    status, out, _ = run(project, "draft", "--json", str(project / DRAFT))
    report = json.loads(out)
    assert status == 0 and report["ok"] is True
    assert (report["version"], report["path"], report["recorded"]) == (1, COPY, True)
    assert report["commit"] == git(project, "rev-parse", "HEAD")


def test_an_unchanged_draft_records_nothing_and_says_so(project: Path) -> None:
    run(project, "draft", str(project / DRAFT))
    before = state(project)
    status, out, _ = run(project, "draft", str(project / DRAFT))
    assert status == 1 and "nothing changed since draft version 1" in out
    assert state(project) == before
    status, out, _ = run(project, "draft", "--json", str(project / DRAFT))
    assert status == 1 and json.loads(out)["ok"] is False and json.loads(out)["version"] == 1


def test_a_draft_may_be_named_by_its_id(project: Path) -> None:
    status, out, _ = run(project, "draft", "commit-som11")
    assert status == 0 and "recorded draft version 1" in out
    status, _, err = run(project, "draft", "commit-som12")
    assert status == 2 and "there is no draft file 'commit-som12'" in err


def test_a_changed_draft_is_version_2_and_version_1_stays_retrievable(project: Path) -> None:
    run(project, "draft", str(project / DRAFT))
    first_copy = (project / COPY).read_bytes()
    edit(project, "the various\n          important", "the many\n          important")
    status, out, _ = run(project, "draft", str(project / DRAFT))
    assert status == 0 and "recorded draft version 2" in out
    history = History(project)
    assert [v.number for v in history.versions("commit-som11", "draft")] == [1, 2]
    assert history.file_at("commit-som11/draft-1", COPY) == first_copy
    assert history.file_at("commit-som11/draft-2", COPY) == (project / COPY).read_bytes()
    assert first_copy != (project / COPY).read_bytes()


def test_the_author_is_the_projects_when_git_has_no_identity(
    project: Path, isolated_git: Path
) -> None:
    isolated_git.write_text("")
    assert run(project, "draft", str(project / DRAFT))[0] == 0
    assert git(project, "log", "-1", "--format=%an <%ae>") == (
        "COMMIT Secretariat <secretariat@un-act.org>"
    )


def test_with_no_author_at_all_it_refuses_and_leaves_no_repository(
    project: Path, isolated_git: Path
) -> None:
    isolated_git.write_text("")
    (project / "pyproject.toml").unlink()
    status, _, err = run(project, "draft", str(project / DRAFT))
    assert status == 1 and "git config --global user.name" in err
    assert 'or set author = "Your Name <you@example.org>" under [tool.outcomes]' in err
    assert "COMMIT" not in err
    assert not (project / ".git").exists() and not (project / COPY).exists()


def test_an_invalid_draft_writes_and_records_nothing(project: Path) -> None:
    edit(project, "language: en", "langauge: en")
    status, _, err = run(project, "draft", str(project / DRAFT))
    assert status == 1 and "did you mean 'language'?" in err
    assert not (project / ".git").exists() and not (project / COPY).exists()


@pytest.mark.parametrize("step", ["_commit", "_write_out"])
def test_a_failure_while_recording_changes_nothing_and_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Before the commit exists, and after the branch has moved to it: either way, nothing."""
    run(project, "draft", str(project / DRAFT))
    edit(project, "the various", "the many")
    before = state(project)

    def disk_full(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(History, step, disk_full)
    status, _, err = run(project, "draft", str(project / DRAFT))
    assert status == 1 and "internal error" not in err
    assert "could not be recorded (No space left on device)" in err
    assert state(project) == before


def test_an_edit_saved_while_drafting_is_kept(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft is recorded as it was read; a newer save stays in the file, shown as changed."""
    from pipeline.commands import draft

    render = draft._render

    def render_while_the_officer_saves(*args: object, **kwargs: object) -> bytes:
        edit(project, "the various", "the many")
        return render(*args, **kwargs)

    monkeypatch.setattr(draft, "_render", render_while_the_officer_saves)
    assert run(project, "draft", str(project / DRAFT))[0] == 0
    assert "the many" in (project / DRAFT).read_text()
    assert "the various" in git(project, "show", f"HEAD:{DRAFT}")
    assert git(project, "status", "--porcelain", DRAFT) == f"M {DRAFT}"


def test_a_stale_index_lock_changes_nothing_and_says_what_to_do(project: Path) -> None:
    run(project, "draft", str(project / DRAFT))
    edit(project, "the various", "the many")
    (project / ".git" / "index.lock").touch()
    before = state(project)
    status, _, err = run(project, "draft", str(project / DRAFT))
    assert status == 1 and "delete .git/index.lock" in err
    assert state(project) == before


def test_a_detached_head_changes_nothing_and_says_what_to_do(project: Path) -> None:
    run(project, "draft", str(project / DRAFT))
    git(project, "checkout", "-q", "--detach")
    edit(project, "the various", "the many")
    before = state(project)
    status, _, err = run(project, "draft", str(project / DRAFT))
    assert status == 1 and "git switch main" in err
    assert state(project) == before


def test_a_draft_outside_the_drafts_folder_is_refused(project: Path) -> None:
    outside = project / "commit-som11.yaml"
    outside.write_bytes((project / DRAFT).read_bytes())
    status, _, err = run(project, "draft", str(outside))
    assert status == 1 and "outside the project's drafts folder" in err


def test_the_same_draft_gives_byte_identical_copies(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1480000000")
    twin = tmp_path / "twin"
    twin.mkdir()
    for name in ("drafts", "pyproject.toml"):
        subprocess.run(["cp", "-r", str(project / name), str(twin)], check=True)
    run(project, "draft", str(project / DRAFT))
    run(twin, "draft", str(twin / DRAFT))
    assert (project / COPY).read_bytes() == (twin / COPY).read_bytes()


def test_two_drafts_waiting_for_the_project_lock_at_once_both_land(project: Path) -> None:
    """Both commands wait on the lock (an flock on the project folder) held here; released,
    they record one after the other, and neither version is lost."""
    write_draft(project, MINIMAL)
    commands = [
        [sys.executable, "-m", "pipeline", "--project", str(project), "draft", str(path)]
        for path in (project / DRAFT, project / "drafts" / "som-test.yaml")
    ]
    runs: list[subprocess.Popen[bytes]] = []
    lock = os.open(project, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for command in commands:
            runs.append(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
            wait_until_it_holds_open(runs[-1], project)
    except BaseException:
        for started in runs:
            started.kill()
        raise
    finally:
        os.close(lock)  # both are waiting for the lock now
    outputs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    assert git(project, "tag").splitlines() == ["commit-som11/draft-1", "som-test/draft-1"]
    assert git(project, "rev-list", "--count", "HEAD") == "2"
    assert git(project, "status", "--porcelain") == "?? pyproject.toml"


def wait_until_it_holds_open(command: subprocess.Popen[bytes], folder: Path) -> None:
    """Return once `command` has the folder open (as it does to take the lock on it), or fail
    if it ends first: nothing else in a command keeps the project folder itself open."""
    fds = Path(f"/proc/{command.pid}/fd")
    for _ in range(12_000):  # a bound on a hung machine (ten minutes), not a timing
        if command.poll() is not None:
            pytest.fail(f"it ended before waiting for the lock: {command.communicate()}")
        if any(_points_to(fd, folder) for fd in _listed(fds)):
            return
        time.sleep(0.05)
    pytest.fail("it never came to wait for the project lock")


def _listed(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []


def _points_to(link: Path, folder: Path) -> bool:
    try:
        return link.readlink() == folder.resolve()
    except OSError:  # closed since it was listed
        return False


def test_after_new_and_draft_git_has_every_file(tmp_path: Path) -> None:
    assert run(tmp_path, "new", "som-12")[0] == 0
    status, out, err = run(tmp_path, "draft", "som-12")
    assert status == 0, out + err
    assert git(tmp_path, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(tmp_path, "show", "--name-only", "--format=", "HEAD").splitlines() == [
        "drafts/outcome.schema.json",
        "drafts/som-12.yaml",
        "drafts/som-12/som-12-review.docx",
    ]


def test_a_bug_while_rendering_is_a_bug_not_a_sentence_about_the_template(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A programming error surfaces as one (the internal-error line), never as advice to a
    secretariat officer about their template."""
    import docxtpl
    from click.testing import CliRunner

    from pipeline.cli import cli

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("unsupported operand type(s)")

    monkeypatch.setattr(docxtpl.DocxTemplate, "render", broken)
    result = CliRunner().invoke(cli, ["--project", str(project), "draft", "commit-som11"])
    assert isinstance(result.exception, TypeError)
    assert "could not be made" not in result.output
