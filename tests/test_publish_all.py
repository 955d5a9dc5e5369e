"""`outcomes publish --all`: every published outcome published again after a template change,
rendered in worker processes, recorded as one commit with a tag per outcome, all or nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.history import KILL_AT
from tests.helpers import EXAMPLE_DRAFT, REPO, git, run, state

IDS = ["som-a", "som-b", "som-c"]
EPOCH = "1700000000"  # the same moment for every run, so that two projects can be compared


@pytest.fixture(scope="module")
def published_three(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project with its own templates and three outcomes, each at published version 1."""
    root = tmp_path_factory.mktemp("three") / "project"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", root)
    shutil.copytree(REPO / "templates", root / "templates")
    example = (REPO / EXAMPLE_DRAFT).read_text("utf-8")
    for outcome in IDS:
        text = example.replace("\nid: commit-som11\n", f"\nid: {outcome}\n", 1)
        (root / "drafts" / f"{outcome}.yaml").write_text(text, "utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    home = tmp_path_factory.mktemp("home") / "gitconfig"
    home.write_text("[user]\n\tname = Test Officer\n\temail = officer@example.org\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GIT_CONFIG_GLOBAL", str(home))
        env.setenv("GIT_CONFIG_NOSYSTEM", "1")
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for outcome in IDS:
            assert run(root, "publish", outcome)[0] == 0
    yield root


@pytest.fixture
def project(published_three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the three published outcomes, with the page's style sheet changed since."""
    root = tmp_path / "project"
    shutil.copytree(published_three, root, symlinks=True)
    with (root / "templates" / "style.css").open("a", encoding="utf-8") as css:
        css.write("\n.outcome-title { letter-spacing: 0.01em; }\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    return root


def published_files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted((root / "published").rglob("*"))
        if path.is_file()
    }


def test_two_jobs_write_the_bytes_that_publishing_one_by_one_writes(
    project: Path, tmp_path: Path
) -> None:
    one_by_one = tmp_path / "one-by-one"
    shutil.copytree(project, one_by_one, symlinks=True)

    status, out, _ = run(project, "publish", "--all", "--jobs", "2")
    for outcome in IDS:
        assert run(one_by_one, "publish", outcome)[0] == 0

    assert status == 0, out
    assert "som-b: recorded published version 2 (som-b/published-2)" in out
    assert published_files(project) == published_files(one_by_one)
    assert "published/som-c/v2/som-c.pdf" in published_files(project)
    assert git(project, "tag", "--points-at", "HEAD").split() == [
        "som-a/published-2",
        "som-b/published-2",
        "som-c/published-2",
    ]
    assert git(project, "rev-list", "--count", "HEAD") == "4"  # one commit for the three
    assert git(project, "status", "--porcelain", "--untracked-files=no") == ""


def test_one_job_and_two_jobs_record_the_same_commit(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(project, other, symlinks=True)

    assert run(project, "publish", "--all", "--jobs", "2")[0] == 0
    assert run(other, "publish", "--all")[0] == 0

    assert git(project, "rev-parse", "HEAD") == git(other, "rev-parse", "HEAD")
    assert git(project, "rev-parse", "som-a/published-2") == git(
        other, "rev-parse", "som-a/published-2"
    )


def test_each_tag_says_its_outcomes_version_and_history_lists_it(project: Path) -> None:
    assert run(project, "publish", "--all", "--jobs", "2")[0] == 0

    message = git(project, "tag", "-l", "--format=%(contents)", "som-b/published-2")
    assert message.startswith("som-b: published version 2\n\nOutcome of the Eleventh")
    status, out, _ = run(project, "history", "som-b")
    assert status == 0
    assert out.splitlines()[-1].startswith("published-2  2023-11-15  Test Officer")


def test_unchanged_outcomes_record_nothing(published_three: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(published_three, root, symlinks=True)
    before = state(root)

    status, out, _ = run(root, "publish", "--all", "--jobs", "2")

    assert status == 1
    assert out.splitlines() == [
        "unchanged since their last published version: som-a, som-b, som-c",
        "nothing changed in any published outcome, so nothing was recorded",
    ]
    assert state(root) == before


def test_a_draft_changed_since_its_publication_is_left_out_and_named(project: Path) -> None:
    draft = project / "drafts" / "som-b.yaml"
    draft.write_text(draft.read_text("utf-8") + "# a note\n", "utf-8")

    status, out, _ = run(project, "publish", "--all", "--jobs", "2")

    assert status == 0
    assert (
        "som-b: left out, its draft has changed since published version 1; "
        "`outcomes publish som-b` publishes it as it is now"
    ) in out.splitlines()
    assert git(project, "tag", "--points-at", "HEAD").split() == [
        "som-a/published-2",
        "som-c/published-2",
    ]
    assert not (project / "published" / "som-b" / "v2").exists()


def test_a_hand_edited_page_of_one_outcome_refuses_them_all(project: Path) -> None:
    page = project / "published" / "som-c" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>mine</p></body>"))
    before = state(project)

    status, _, err = run(project, "publish", "--all", "--jobs", "2")

    assert status == 1
    assert "published/som-c/index.html" in err
    assert "Traceback" not in err
    assert state(project) == before


def test_a_template_that_cannot_render_refuses_them_all(project: Path) -> None:
    page = project / "templates" / "page.html.j2"
    page.write_text(page.read_text("utf-8") + "{% if %}", "utf-8")
    before = state(project)

    status, _, err = run(project, "publish", "--all", "--jobs", "2")

    assert status == 1
    # One sentence for the three; the line is the template's last, whatever its length.
    assert err.startswith("Error: som-a, som-b, som-c: template page.html.j2, line ")
    assert err.endswith(
        ": Expected an expression, got 'end of statement block'; nothing was recorded\n"
    )
    assert state(project) == before


def outcomes(project: Path, *args: str, kill_at: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, KILL_AT: kill_at}
    command = [sys.executable, "-m", "pipeline", "--project", str(project), *args]
    return subprocess.run(command, env=env, capture_output=True, timeout=300)


@pytest.mark.parametrize(
    ("step", "tagged"),
    [("journal", []), ("refs", ["som-a/published-2", "som-b/published-2", "som-c/published-2"])],
)
def test_killed_while_recording_leaves_all_three_versions_or_none(
    project: Path, step: str, tagged: list[str]
) -> None:
    killed = outcomes(project, "publish", "--all", "--jobs", "2", kill_at=step)
    assert killed.returncode == -signal.SIGKILL

    status, out, err = run(project, "doctor")

    assert status == 0, out
    done = "finished recording" if tagged else "took back"
    assert f"{done} som-a/published-2, som-b/published-2, som-c/published-2, which" in out + err
    assert git(project, "tag", "--list", "*/published-2").split() == tagged
    assert git(project, "status", "--porcelain", "--untracked-files=no") == ""
    assert not (project / ".git" / "outcomes-recording.json").exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["publish", "--all", "som-a"], "--all publishes every published outcome: give no FILE"),
        (["publish"], "give the FILE to publish, or --all"),
        (["publish", "som-a", "--jobs", "2"], "--jobs goes with --all"),
    ],
)
def test_wrong_usage_is_told(published_three: Path, args: list[str], said: str) -> None:
    status, _, err = run(published_three, *args)

    assert status == 2
    assert said in err


def test_with_a_shared_repository_every_tag_is_pushed_with_the_commit(tmp_path: Path) -> None:
    from tests.test_shared import OTHER, clone, remote_tags, write_draft

    shared = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(shared)], check=True)
    first = clone(shared, tmp_path / "first")
    write_draft(first, OTHER)
    assert run(first, "publish", "commit-som11")[0] == 0
    assert run(first, "publish", "som-test")[0] == 0
    second = clone(shared, tmp_path / "second")
    write_draft(second, OTHER)
    assert run(second, "sync")[0] == 0
    shutil.copytree(REPO / "templates", second / "templates")
    with (second / "templates" / "style.css").open("a", encoding="utf-8") as css:
        css.write("\n.outcome-title { letter-spacing: 0.01em; }\n")

    status, out, err = run(second, "publish", "--all", "--jobs", "2")

    assert status == 0, out + err
    assert remote_tags(shared) == [
        "commit-som11/published-1",
        "commit-som11/published-2",
        "som-test/published-1",
        "som-test/published-2",
    ]
    assert git(shared, "rev-parse", "main") == git(second, "rev-parse", "main")
