"""Several officers, one shared repository: no version number given twice, none lost, nothing
forced; a newer version of the same outcome refused with who and when; offline versions
shared later by `outcomes sync`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipeline.history import KILL_AT
from tests.conftest import EXAMPLE, REPO
from tests.helpers import MINIMAL, edit, git, run, write_draft

SETTINGS = """
[tool.outcomes]
organisation = "Test Secretariat"
site_url = "https://example.org/outcomes/"
remote = "origin"
"""
#: A second outcome, ready to publish.
OTHER = MINIMAL.replace("language: en", "language: en\nadopted: 2016-11-24")


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare repository as on a git host: no forced update taken, every update logged."""
    bare = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    git(bare, "config", "receive.denyNonFastForwards", "true")
    git(bare, "config", "core.logAllRefUpdates", "always")
    return bare


def clone(remote: Path, folder: Path) -> Path:
    """An officer's clone of the shared repository, with the project's files."""
    subprocess.run(["git", "clone", "-q", str(remote), str(folder)], check=True)
    (folder / "pyproject.toml").write_text(SETTINGS)
    (folder / "drafts").mkdir(exist_ok=True)
    if not (folder / "drafts" / EXAMPLE.name).exists():
        shutil.copy(EXAMPLE, folder / "drafts")
    return folder


@pytest.fixture
def officers(remote: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two clones of the shared repository, each with the example and a second outcome."""
    first = clone(remote, tmp_path / "first")
    write_draft(first, OTHER)
    assert run(first, "draft", "commit-som11")[0] == 0
    second = clone(remote, tmp_path / "second")
    write_draft(second, OTHER)
    assert run(second, "sync")[0] == 0
    return first, second


def remote_tags(remote: Path) -> list[str]:
    return sorted(git(remote, "tag", "--list").split())


def outcomes(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(project), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def test_a_version_is_shared_with_its_tag_at_once(officers: tuple[Path, Path], remote: Path):
    first, _ = officers
    assert remote_tags(remote) == ["commit-som11/draft-1"]
    assert git(remote, "rev-parse", "main") == git(first, "rev-parse", "main")


def test_versions_of_other_outcomes_are_recorded_on_top_of_what_was_shared(
    officers: tuple[Path, Path], remote: Path
) -> None:
    first, second = officers
    assert run(second, "publish", "som-test")[0] == 0  # the second officer shares first
    edit(first, "the various", "the many")
    status, out, err = run(first, "draft", "commit-som11")
    assert status == 0, out + err
    assert remote_tags(remote) == [
        "commit-som11/draft-1",
        "commit-som11/draft-2",
        "som-test/published-1",
    ]
    assert (first / "published/som-test/index.html").is_file()  # brought here
    assert git(first, "tag", "--list", "som-test/*") == "som-test/published-1"


def test_a_newer_version_of_the_same_outcome_is_refused_with_who_and_when(
    officers: tuple[Path, Path], remote: Path
) -> None:
    first, second = officers
    edit(first, "the various", "the many")
    assert run(first, "draft", "commit-som11")[0] == 0
    edit(second, "the various", "the several")
    head = git(second, "rev-parse", "HEAD")
    status, _, err = run(second, "draft", "commit-som11")
    assert status == 1
    assert "newer version on the shared repository than here: draft version 2" in err
    assert "recorded by Test Officer on" in err and "outcomes sync" in err
    assert git(second, "rev-parse", "HEAD") == head and remote_tags(remote) == [
        "commit-som11/draft-1",
        "commit-som11/draft-2",
    ]
    assert run(second, "sync")[0] == 0  # the officer's own edits stay in the file
    assert "the several" in (second / "drafts/commit-som11.yaml").read_text()


def test_sync_joins_a_colleague_s_change_into_edits_made_here_to_other_lines(
    officers: tuple[Path, Path], remote: Path
) -> None:
    """Two officers edit different paragraphs: the second's next version holds both, not
    the second's edit over the first's paragraph as it was."""
    first, second = officers
    edit(first, "the various", "the many")
    assert run(first, "draft", "commit-som11")[0] == 0
    edit(second, "short_name: SOM 11", "short_name: SOM-11")

    status, out, err = run(second, "sync")

    assert status == 0, out + err
    assert (
        "warning: drafts/commit-som11.yaml was changed here and on the shared repository: "
        "their changes are joined into yours"
    ) in err
    text = (second / "drafts/commit-som11.yaml").read_text()
    assert "the many" in text and "short_name: SOM-11" in text
    assert run(second, "draft", "commit-som11")[0] == 0
    recorded = git(remote, "show", "main:drafts/commit-som11.yaml")
    assert "the many" in recorded and "short_name: SOM-11" in recorded


def test_sync_keeps_edits_made_here_to_the_lines_a_colleague_changed_and_says_so(
    officers: tuple[Path, Path],
) -> None:
    first, second = officers
    edit(first, "the various", "the many")
    assert run(first, "draft", "commit-som11")[0] == 0
    edit(second, "the various", "the several")
    mine = (second / "drafts/commit-som11.yaml").read_bytes()

    status, _, err = run(second, "sync")

    assert status == 0
    assert (
        "drafts/commit-som11.yaml was changed here and on the shared repository, in the same "
        "lines: yours is kept as it is, without their change there, which a version recorded "
        "from it would undo"
    ) in err
    assert (second / "drafts/commit-som11.yaml").read_bytes() == mine


def test_two_officers_recording_at_once_never_share_a_number_twice(
    officers: tuple[Path, Path], remote: Path
) -> None:
    first, second = officers
    rounds = 20
    failures: list[str] = []

    def publish_rounds(project: Path, draft: str, old: str) -> None:
        path = project / "drafts" / draft
        for number in range(1, rounds + 1):
            text = path.read_text()
            path.write_text(
                text.replace(old, f"{old} {number}", 1)
                if number == 1
                else text.replace(f"{old} {number - 1}", f"{old} {number}", 1)
            )
            done = outcomes(project, "publish", draft.removesuffix(".yaml"))
            if done.returncode != 0:
                failures.append(done.stderr)

    workers = [
        threading.Thread(target=publish_rounds, args=(first, "commit-som11.yaml", "the various")),
        threading.Thread(target=publish_rounds, args=(second, "som-test.yaml", "the indicators")),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    expected = [f"commit-som11/published-{n}" for n in range(1, rounds + 1)]
    expected += [f"som-test/published-{n}" for n in range(1, rounds + 1)]
    assert sorted(t for t in remote_tags(remote) if "published" in t) == sorted(expected)
    assert subprocess.run(["git", "-C", str(remote), "fsck", "--no-progress"]).returncode == 0
    archive = git(remote, "show", "main:published/index.html")
    assert "som-test/index.html" in archive and "commit-som11/index.html" in archive
    feed = git(remote, "show", "main:published/feed.xml")
    assert feed.count("</entry>") == 2 * rounds  # one per published version, every one
    for line in git(remote, "reflog", "show", "--format=%H %gs", "main").splitlines():
        assert "forced" not in line
    history = git(remote, "rev-list", "--first-parent", "main").split()
    assert len(history) == len(set(history))


def test_a_run_killed_before_sharing_is_shared_by_sync(
    officers: tuple[Path, Path], remote: Path
) -> None:
    first, _ = officers
    edit(first, "the various", "the many")
    killed = outcomes(first, "draft", "commit-som11", **{KILL_AT: "recorded"})
    assert killed.returncode == -signal.SIGKILL
    assert "commit-som11/draft-2" not in remote_tags(remote)
    status, out, _ = run(first, "sync")
    assert status == 0 and "shared from here: commit-som11/draft-2" in out
    assert remote_tags(remote) == ["commit-som11/draft-1", "commit-som11/draft-2"]
    assert git(remote, "rev-parse", "main") == git(first, "rev-parse", "main")


def test_an_unreachable_remote_refuses_unless_offline_and_sync_shares_later(
    officers: tuple[Path, Path], remote: Path, tmp_path: Path
) -> None:
    first, _ = officers
    git(first, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    edit(first, "the various", "the many")
    status, _, err = run(first, "draft", "commit-som11")
    assert status == 1 and "cannot be reached" in err and "--offline" in err
    assert git(first, "tag", "--list", "commit-som11/draft-2") == ""
    assert run(first, "draft", "--offline", "commit-som11")[0] == 0
    git(first, "remote", "set-url", "origin", str(remote))
    status, out, _ = run(first, "sync")
    assert status == 0 and "commit-som11/draft-2" in out
    assert "commit-som11/draft-2" in remote_tags(remote)


def test_an_offline_version_whose_number_was_taken_is_refused_by_sync(
    officers: tuple[Path, Path], remote: Path
) -> None:
    first, second = officers
    edit(first, "the various", "the many")
    assert run(first, "draft", "--offline", "commit-som11")[0] == 0
    edit(second, "the various", "the several")
    assert run(second, "draft", "commit-som11")[0] == 0  # shares draft-2 first
    status, _, err = run(first, "sync")
    assert status == 1
    assert "commit-som11/draft-2 was recorded here while offline" in err
    assert "git tag -d commit-som11/draft-2" in err
    assert git(remote, "show", "commit-som11/draft-2:drafts/commit-som11.yaml").count("the several")


@pytest.mark.parametrize(
    ("setting", "url", "says"),
    [
        ('remote = "origin"', "ext::sh -c touch% /tmp/pwned", "could make git run a program"),
        ('remote = "origin"', "--upload-pack=touch /tmp/pwned", "could make git run a program"),
        ('remote = "--upload-pack=x"', None, "is not the name of a git remote"),
        ('remote = "origin"\nbranch = "main..x"', None, "is not a branch name"),
    ],
)
def test_a_remote_that_could_run_a_program_is_refused_before_git_runs(
    tmp_path: Path, setting: str, url: str | None, says: str
) -> None:
    project = tmp_path / "project"
    (project / "drafts").mkdir(parents=True)
    shutil.copy(EXAMPLE, project / "drafts")
    (project / "pyproject.toml").write_text(f"[tool.outcomes]\n{setting}\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True)
    if url:
        git(project, "remote", "add", "origin", "https://example.org/x.git")
        git(project, "config", "remote.origin.url", url)
    status, _, err = run(project, "draft", "commit-som11")
    assert status == 1 and says in err
    assert not Path("/tmp/pwned").exists()


def test_credentials_in_an_address_are_never_shown(officers: tuple[Path, Path]) -> None:
    first, _ = officers
    git(first, "remote", "set-url", "origin", "http://officer:s3cret@127.0.0.1:9/shared.git")
    edit(first, "the various", "the many")
    status, out, err = run(first, "draft", "commit-som11")
    assert status == 1 and "cannot be reached" in err
    assert "s3cret" not in out + err


def test_without_a_remote_nothing_is_fetched_or_pushed(project: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    assert git(project, "remote") == ""
    assert REPO  # the quick start needs no remote


def test_an_offline_version_is_joined_with_what_others_shared_meanwhile(
    officers: tuple[Path, Path], remote: Path
) -> None:
    """On a plane: one officer publishes offline while the other shares another outcome."""
    first, second = officers
    edit(first, "the various", "the many")
    assert run(first, "publish", "--offline", "commit-som11")[0] == 0
    assert run(second, "publish", "som-test")[0] == 0
    status, out, err = run(first, "sync")
    assert status == 0, out + err
    assert "shared from here: commit-som11/published-1" in out
    assert remote_tags(remote) == [
        "commit-som11/draft-1",
        "commit-som11/published-1",
        "som-test/published-1",
    ]
    archive = git(remote, "show", "main:published/index.html")
    assert "commit-som11/index.html" in archive and "som-test/index.html" in archive
    assert git(first, "status", "--porcelain", "--untracked-files=no") == ""
    assert (first / "published/som-test/index.html").is_file()
