"""Recording versions in a real git repository: all or nothing, never under a made-up name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from git import GitCommandError

from pipeline.errors import HistoryConflict
from pipeline.history import History, _reason
from tests.helpers import git

WHEN = datetime(2016, 11, 25, 9, 30, tzinfo=UTC)


def record(history: History, files: dict[str, bytes], tag: str = "x/draft-1") -> str:
    return history.record(files, "x: draft version 1", tag, when=WHEN, annotated=False)


def test_a_folder_that_is_no_repository_becomes_one(tmp_path: Path) -> None:
    commit = record(History(tmp_path), {"drafts/x.yaml": b"a\n"})
    assert git(tmp_path, "rev-parse", "HEAD") == commit
    assert git(tmp_path, "branch", "--show-current") == "main"
    assert (tmp_path / "drafts" / "x.yaml").read_bytes() == b"a\n"
    assert git(tmp_path, "status", "--porcelain") == ""


def test_a_version_is_one_commit_with_its_tag_author_and_date(tmp_path: Path) -> None:
    history = History(tmp_path)
    record(history, {"a.txt": b"1"})
    commit = history.record(
        {"a.txt": b"2", "b.txt": b"3"},
        "x: published version 1",
        "x/published-1",
        when=WHEN,
        annotated=True,
    )
    assert git(tmp_path, "rev-list", "--count", "HEAD") == "2"
    assert git(tmp_path, "show", "-s", "--format=%an <%ae> %at", commit) == (
        f"Test Officer <officer@example.org> {int(WHEN.timestamp())}"
    )
    assert git(tmp_path, "cat-file", "-t", "x/published-1") == "tag"
    assert git(tmp_path, "rev-parse", "x/published-1^{commit}") == commit
    assert git(tmp_path, "show", "--name-only", "--format=", commit).split() == ["a.txt", "b.txt"]
    [published] = history.versions("x", "published")
    assert (published.number, published.commit, published.timestamp) == (1, commit, WHEN)
    assert history.file_at("x/draft-1", "a.txt") == b"1"


def test_a_file_at_a_version_is_its_bytes_and_nothing_else_is_a_file(tmp_path: Path) -> None:
    history = History(tmp_path)
    record(history, {"drafts/x.yaml": b"1\n", "a.txt": b""})
    assert history.file_at("x/draft-1", "drafts/x.yaml") == b"1\n"
    assert history.file_at("HEAD", "a.txt") == b""
    assert history.file_at("HEAD", "drafts") is None  # a folder
    assert history.file_at("HEAD", "drafts/y.yaml") is None
    assert history.file_at("x/draft-9", "a.txt") is None  # no such version
    assert history.file_at("HEAD", "a.txt\ndrafts/x.yaml") is None
    assert history.file_at("HEAD", "drafts/x.yaml") == b"1\n"  # git still answers in step


def test_every_outcomes_versions_come_in_one_listing_as_each_alone(tmp_path: Path) -> None:
    history = History(tmp_path)
    record(history, {"a.txt": b"1"}, "x/draft-1")
    for number, tag in enumerate(["x/published-1", "x-y/published-1", "x/published-2"], 2):
        history.record({"a.txt": str(number).encode()}, f"{tag}\n", tag, when=WHEN, annotated=True)
    listed = history.versions_of_all("published")
    assert sorted(listed) == ["x", "x-y"]  # an id that begins another's stays its own
    for outcome, versions in listed.items():
        assert versions == history.versions(outcome, "published")
    assert [v.number for v in listed["x"]] == [1, 2]
    assert [v.tag for v in history.versions_of_all("draft")["x"]] == ["x/draft-1"]


def test_many_tags_with_one_version_are_annotated_tags_on_its_commit(tmp_path: Path) -> None:
    history = History(tmp_path)
    more = {f"o{n}/published-1": f"o{n}: published version 1\n" for n in range(3)}
    commit = history.record(
        {"a.txt": b"1"}, "3 outcomes", "x/published-1", when=WHEN, annotated=True, more_tags=more
    )
    for tag, message in {"x/published-1": "3 outcomes", **more}.items():
        assert git(tmp_path, "cat-file", "-t", tag) == "tag"
        assert git(tmp_path, "rev-parse", f"{tag}^{{commit}}") == commit
        assert git(tmp_path, "tag", "-l", "--format=%(contents)", tag) == message.strip()
    assert git(tmp_path, "fsck", "--no-dangling") == ""


def test_other_uncommitted_work_is_left_alone(tmp_path: Path) -> None:
    history = History(tmp_path)
    record(history, {"a.txt": b"1"})
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "a.txt").write_bytes(b"edited")
    history.record({"b.txt": b"2"}, "m", "x/draft-2", when=WHEN, annotated=False)
    assert git(tmp_path, "show", "--name-only", "--format=", "HEAD") == "b.txt"
    assert (tmp_path / "a.txt").read_bytes() == b"edited"
    assert "?? notes.txt" in git(tmp_path, "status", "--porcelain")


def test_without_any_identity_it_refuses_rather_than_sign_as_root_at_host(
    tmp_path: Path, isolated_git: Path
) -> None:
    isolated_git.write_text("")
    history = History(tmp_path)
    with pytest.raises(HistoryConflict, match=r"git config --global user\.name"):
        record(history, {"a.txt": b"1"})
    assert git(tmp_path, "for-each-ref") == ""
    assert not (tmp_path / "a.txt").exists()


def test_the_projects_author_setting_stands_in_for_a_missing_identity(
    tmp_path: Path, isolated_git: Path
) -> None:
    isolated_git.write_text("")
    history = History(tmp_path, "COMMIT Secretariat <secretariat@un-act.org>")
    commit = record(history, {"a.txt": b"1"})
    assert git(tmp_path, "show", "-s", "--format=%an <%ae>|%cn", commit) == (
        "COMMIT Secretariat <secretariat@un-act.org>|COMMIT Secretariat"
    )


def test_a_taken_tag_records_nothing(tmp_path: Path) -> None:
    history = History(tmp_path)
    first = record(history, {"a.txt": b"1"})
    with pytest.raises(HistoryConflict, match="exists already"):
        record(history, {"a.txt": b"2"})
    assert git(tmp_path, "rev-parse", "HEAD") == first
    assert (tmp_path / "a.txt").read_bytes() == b"1"


def test_a_branch_moved_meanwhile_loses_no_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = History(tmp_path)
    record(history, {"a.txt": b"1"})
    build = history._commit

    def someone_else_commits_first(*args: object, **kwargs: object) -> str:
        commit = build(*args, **kwargs)
        git(tmp_path, "commit", "-q", "--allow-empty", "-m", "someone else")
        return commit

    monkeypatch.setattr(history, "_commit", someone_else_commits_first)
    with pytest.raises(HistoryConflict, match="run the command again"):
        record(history, {"a.txt": b"2"}, "x/draft-2")
    assert git(tmp_path, "log", "-1", "--format=%s") == "someone else"
    assert git(tmp_path, "tag", "--list") == "x/draft-1"
    assert (tmp_path / "a.txt").read_bytes() == b"1"


def test_a_failure_writing_the_files_puts_everything_back(tmp_path: Path) -> None:
    history = History(tmp_path)
    first = record(history, {"a.txt": b"1"})
    (tmp_path / "blocker").write_text("a file where a folder must go")
    with pytest.raises(HistoryConflict, match="could not be recorded"):
        record(history, {"a.txt": b"2", "blocker/new.txt": b"3"}, "x/draft-2")
    assert git(tmp_path, "rev-parse", "HEAD") == first
    assert git(tmp_path, "tag", "--list") == "x/draft-1"
    assert (tmp_path / "a.txt").read_bytes() == b"1"
    assert git(tmp_path, "status", "--porcelain") == "?? blocker"


def test_a_stale_index_lock_is_reported_and_left_in_place(tmp_path: Path) -> None:
    history = History(tmp_path)
    record(history, {"a.txt": b"1"})
    (tmp_path / ".git" / "index.lock").touch()
    with pytest.raises(HistoryConflict, match=r"delete \.git/index\.lock"):
        history.check_ready()
    assert (tmp_path / ".git" / "index.lock").exists()


def test_a_detached_head_is_refused(tmp_path: Path) -> None:
    history = History(tmp_path)
    record(history, {"a.txt": b"1"})
    git(tmp_path, "checkout", "-q", "--detach")
    with pytest.raises(HistoryConflict, match="git switch main"):
        history.check_ready()


def test_two_runs_at_once_are_kept_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.history.LOCK_WAIT_SECONDS", 0.2)
    first, second = History(tmp_path), History(tmp_path)
    with (
        first.lock(),
        pytest.raises(HistoryConflict, match="another outcomes command"),
        second.lock(),
    ):
        pass


def test_a_git_failure_is_told_in_gits_own_words(tmp_path: Path) -> None:
    history = History(tmp_path)
    with pytest.raises(GitCommandError) as failure:
        history.git.update_ref("refs/heads/x", "not-a-commit")
    said = _reason(failure.value)  # git's first line, without GitPython's wrapping
    assert said.startswith("git said: fatal: not-a-commit") and "\n" not in said


def test_objects_are_written_as_git_writes_them_in_a_shared_repository(tmp_path: Path) -> None:
    """Colleagues' git must be able to write beside what a version wrote."""
    git(tmp_path, "init", "-q", "--shared=group")
    history = History(tmp_path)
    record(history, {"a.txt": b"shared"})
    blob = git(tmp_path, "rev-parse", "HEAD:a.txt")
    folder = tmp_path / ".git" / "objects" / blob[:2]
    assert folder.stat().st_mode & 0o070 == 0o070
