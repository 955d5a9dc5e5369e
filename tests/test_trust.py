"""A command changes the project and nothing else, and loses nothing a person wrote: no file
written through a link or over a hand edit, no lock left unexplained, and every refusal of the
system or of git told as a sentence."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.commands import apply
from tests.helpers import EXAMPLE_DRAFT, edit, git, run, state
from tests.returned import Markup

PAGE = "published/commit-som11/index.html"
COPY = "drafts/commit-som11/commit-som11-review.docx"


@pytest.fixture
def published(project: Path) -> Path:
    assert run(project, "publish", "commit-som11")[0] == 0
    edit(project, "the various", "the many")
    return project


# --- links ---------------------------------------------------------------------------------------


def test_publish_never_writes_through_a_linked_folder(published: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    folder = published / "published/commit-som11"
    shutil.move(folder, elsewhere)
    folder.symlink_to(elsewhere)  # as a link committed to a shared repository would be
    before = state(published), files_in(elsewhere)
    status, _, err = run(published, "publish", "commit-som11")
    assert status == 1
    assert "published/commit-som11 is a symbolic link" in err and "nothing was written" in err
    assert (state(published), files_in(elsewhere)) == before


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_review_never_writes_its_compilation_through_a_link(project: Path, tmp_path: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "drafts/commit-som11/reviews").symlink_to(elsewhere)
    returned = tmp_path / "Thailand.docx"
    returned.write_bytes((project / COPY).read_bytes())
    status, _, err = run(project, "review", "commit-som11", str(returned))
    assert status == 1 and "drafts/commit-som11/reviews is a symbolic link" in err
    assert list(elsewhere.iterdir()) == []


def test_show_never_writes_through_a_dangling_link(project: Path, tmp_path: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    out, target = tmp_path / "out", tmp_path / "target.yaml"
    (out / "drafts").mkdir(parents=True)
    (out / EXAMPLE_DRAFT).symlink_to(target)  # points nowhere yet
    status, _, err = run(project, "show", "commit-som11", "draft-1", "--out", str(out))
    assert status == 1 and "exists already" in err
    assert not target.exists()


# --- a person's edits ----------------------------------------------------------------------------


def test_a_published_page_edited_by_hand_is_never_written_over(published: Path) -> None:
    (published / PAGE).write_text("<p>corrected by the web team</p>")
    before = state(published)
    status, _, err = run(published, "publish", "commit-som11")
    assert status == 1
    assert f"{PAGE} is changed by hand since recorded" in err
    assert f"git checkout HEAD -- {PAGE}" in err
    assert state(published) == before
    git(published, "checkout", "HEAD", "--", PAGE)  # dropped, as the refusal says
    assert run(published, "publish", "commit-som11")[0] == 0


def test_a_staged_edit_of_the_review_copy_is_never_written_over(project: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    (project / COPY).write_bytes(b"a delegate's copy saved over ours")
    git(project, "add", COPY)
    (project / COPY).write_bytes(git_blob(project, f"HEAD:{COPY}"))  # staged, tree as before
    edit(project, "the various", "the many")
    status, _, err = run(project, "draft", "commit-som11")
    assert status == 1 and f"{COPY} is changed by hand since recorded" in err
    assert git(project, "diff", "--cached", "--name-only") == COPY  # the staged edit is kept


def test_a_file_git_does_not_hold_is_never_written_over(project: Path) -> None:
    (project / "drafts/commit-som11").mkdir(parents=True)
    (project / COPY).write_bytes(b"a file someone put there")
    status, _, err = run(project, "draft", "commit-som11")
    assert status == 1 and f"{COPY} is there, though git holds no such file" in err
    assert (project / COPY).read_bytes() == b"a file someone put there"


def test_apply_never_writes_over_a_save_made_meanwhile(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    copy = Markup(project / COPY)
    copy.replace(copy.paragraph("labour-migration"), "unanimously", "jointly", "Thailand")
    returned = copy.save(tmp_path / "Thailand.docx")
    accept = apply.apply_paragraphs

    def while_the_officer_saves(*args: object, **kwargs: object) -> object:
        edit(project, "the various", "the many")  # saved in the editor meanwhile
        return accept(*args, **kwargs)

    monkeypatch.setattr(apply, "apply_paragraphs", while_the_officer_saves)
    status, _, err = run(
        project, "review", "commit-som11", str(returned), "--apply", "labour-migration"
    )
    assert status == 1 and "was saved again while the change was being applied" in err
    text = (project / EXAMPLE_DRAFT).read_text()
    assert "the many" in text and "unanimously" in text  # the save kept, nothing applied


# --- git's locks ---------------------------------------------------------------------------------


def test_a_stale_tag_lock_is_named_with_what_to_do(project: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    edit(project, "the various", "the many")
    lock = project / ".git/refs/tags/commit-som11/draft-2.lock"
    lock.touch()
    before = state(project)
    status, _, err = run(project, "draft", "commit-som11")
    assert status == 1
    assert "git's lock file .git/refs/tags/commit-som11/draft-2.lock was left" in err
    assert "delete .git/refs/tags/commit-som11/draft-2.lock" in err
    assert state(project) == before


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="tells holders through /proc")
def test_a_lock_a_running_program_holds_is_told_apart(project: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    edit(project, "the various", "the many")
    lock = project / ".git/refs/heads/main.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"f = open({str(lock)!r}, 'w'); input()"],
        stdin=subprocess.PIPE,
    )
    try:
        while not lock.exists():
            pass
        status, _, err = run(project, "draft", "commit-som11")
    finally:
        holder.communicate(b"\n")
    assert status == 1
    assert f".git/refs/heads/main.lock is held by a running program (process {holder.pid})" in err


# --- the system's and git's refusals, in words ----------------------------------------------------


def test_a_file_size_limit_is_a_sentence_and_changes_nothing(published: Path) -> None:
    before = state(published)

    def small_files() -> None:  # as `ulimit -f 16` would
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))

    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(published), "publish", "commit-som11"],
        preexec_fn=small_files,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "File too large" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert state(published) == before


@pytest.mark.skipif(os.getuid() != 0, reason="gives the repository to another user")
def test_a_repository_of_another_user_is_a_sentence(project: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    os.chown(project, 65534, 65534)  # nobody's, as a copy from another account would be
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(project), "history", "commit-som11"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "belongs to another user" in done.stderr
    assert f"git config --global --add safe.directory {project}" in done.stderr
    assert "internal error" not in done.stderr


def git_blob(project: Path, spec: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(project), "show", spec], capture_output=True, check=True
    ).stdout
