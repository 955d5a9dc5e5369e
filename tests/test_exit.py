"""An `outcomes` process ends as soon as its command is done, without the interpreter freeing
every object first: with its exit status, its whole output, its atexit handlers run and no
scratch left behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_DRAFT, REPO, run, write_draft

#: `outcomes` started as its console script starts it, with a witness of the teardown: an
#: object whose finalizer runs only when the interpreter frees the main module's objects.
CONSOLE_SCRIPT = """
import atexit, os, sys, threading
from pipeline.cli import main

class Witness:
    def __del__(self, write=os.write):
        write(2, b"objects freed\\n")

witness = Witness()
atexit.register(os.write, 2, b"atexit handlers run\\n")
if os.environ.get("ANOTHER_THREAD"):
    threading.Thread(target=threading.Event().wait, daemon=True).start()
sys.argv = ["outcomes", *sys.argv[1:]]
sys.exit(main())
"""


def outcomes(
    project: Path, *args: str, another_thread: bool = False
) -> subprocess.CompletedProcess[str]:
    """`outcomes --project PROJECT ARGS...` as its own process, stdout and stderr pipes, its
    scratch space in the project's sibling folder `tmp`."""
    env = {**os.environ, "TMPDIR": str(scratch_of(project))}
    if another_thread:
        env["ANOTHER_THREAD"] = "1"
    return subprocess.run(
        [sys.executable, "-c", CONSOLE_SCRIPT, "--project", str(project), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def scratch_of(project: Path) -> Path:
    return project.parent / "tmp"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_draft(root)
    scratch_of(root).mkdir()
    return root


def left_behind(project: Path) -> list[str]:
    """Scratch folders and half-written files: in the temporary folder, or in the project."""
    temporary = [p.name for p in scratch_of(project).iterdir()]
    return (
        temporary
        + [p.name for p in project.rglob("*.tmp")]
        + [p.name for p in project.glob(".outcomes-*")]
    )


def test_a_recorded_draft_ends_with_status_0_its_whole_output_and_nothing_left(
    project: Path,
) -> None:
    done = outcomes(project, "draft", "som-test")

    assert done.returncode == 0, done.stderr
    assert re.fullmatch(
        r"som-test: recorded draft version 1 \(som-test/draft-1\)\n"
        r"  review copy: drafts/som-test/som-test-review\.docx\n"
        r"  commit:      [0-9a-f]{12}\n",
        done.stdout,
    )
    assert done.stderr == "atexit handlers run\n"  # and the objects were never freed
    assert left_behind(project) == []


def test_nothing_new_to_record_ends_with_status_1_and_its_sentence(project: Path) -> None:
    assert run(project, "draft", "som-test")[0] == 0

    done = outcomes(project, "draft", "som-test")

    assert done.returncode == 1
    assert done.stdout == (
        "som-test: nothing changed since draft version 1, so nothing was recorded "
        "(drafts/som-test/som-test-review.docx)\n"
    )
    assert left_behind(project) == []


def test_an_invalid_draft_ends_with_status_1_and_every_problem(project: Path) -> None:
    draft = project / "drafts" / "som-test.yaml"
    draft.write_text(draft.read_text("utf-8").replace("2016-11-24", "2016-02-30"), "utf-8")

    done = outcomes(project, "draft", "--json", "som-test")

    assert done.returncode == 1
    said = json.loads(done.stdout)
    assert said["ok"] is False
    assert [(p["line"], p["code"]) for p in said["problems"]] == [(8, "impossible-date")]
    assert done.stderr == "atexit handlers run\n"
    assert left_behind(project) == []


def test_wrong_usage_ends_with_status_2_and_says_how(project: Path) -> None:
    done = outcomes(project, "draft")

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "Usage: outcomes draft [OPTIONS] FILE\n"
        "Try 'outcomes draft --help' for help.\n"
        "\n"
        "Error: Missing argument 'FILE'.\n"
        "atexit handlers run\n"
    )
    assert outcomes(project, "--json", "draft", "som-test").returncode == 2  # --json misplaced


def test_a_long_output_through_a_pipe_arrives_whole(project: Path) -> None:
    done = outcomes(project, "schema", "--json")

    assert done.returncode == 0
    assert done.stdout.endswith("}\n")
    schema = json.loads(done.stdout)["schema"]
    assert {"format", "id", "language", "title", "meeting", "sections"} <= set(schema["properties"])


def test_while_another_thread_runs_the_process_ends_as_python_ends_it(project: Path) -> None:
    done = outcomes(project, "validate", "som-test", another_thread=True)

    assert done.returncode == 0
    assert done.stdout == "1 draft is valid: drafts/som-test.yaml\n"
    assert done.stderr == "atexit handlers run\nobjects freed\n"


def test_publish_all_in_two_processes_ends_with_its_workers_and_nothing_left(
    project: Path,
) -> None:
    shutil.copy(REPO / "pyproject.toml", project)  # the organisation and site publishing needs
    example = (REPO / EXAMPLE_DRAFT).read_text("utf-8")
    for outcome in ("som-a", "som-b"):
        text = example.replace("\nid: commit-som11\n", f"\nid: {outcome}\n")
        write_draft(project, text, outcome)
        assert run(project, "publish", outcome)[0] == 0
    shutil.copytree(REPO / "templates", project / "templates")  # a template changed since
    with (project / "templates" / "style.css").open("a", encoding="utf-8") as css:
        css.write("\n.outcome-title { letter-spacing: 0.01em; }\n")

    done = outcomes(project, "publish", "--all", "--jobs", "2")

    assert done.returncode == 0, done.stderr
    assert re.fullmatch(
        r"som-a: recorded published version 2 \(som-a/published-2\)\n"
        r"som-b: recorded published version 2 \(som-b/published-2\)\n"
        r"  commit: [0-9a-f]{12} \(2 versions\)\n",
        done.stdout,
    )
    assert done.stderr == "atexit handlers run\n"
    assert left_behind(project) == []
