"""What a command loads as it starts: an officer waits for it each time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import EXAMPLE_DRAFT, REPO, write_draft

#: `outcomes ARGS...` run as the console script runs it, naming every module it loaded.
LOADED_BY = """
import atexit, sys
from pipeline.cli import main
atexit.register(lambda: print(" ".join(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["outcomes", *sys.argv[1:]]
main()
"""


def modules_loaded_by(*args: str) -> tuple[str, set[str]]:
    """What `outcomes ARGS...` printed, and the modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", LOADED_BY, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, set(done.stderr.split())


def test_validating_the_example_loads_no_markdown_parser_and_no_renderer() -> None:
    said, loaded = modules_loaded_by("validate", EXAMPLE_DRAFT)

    assert said == "1 draft is valid: drafts/commit-som11.yaml\n"
    assert {"click", "yaml"} <= loaded
    assert not loaded & {"markdown_it", "jinja2", "docx", "weasyprint", "git"}
    assert "pydantic" not in loaded  # the format's records are the project's own
    assert "traceback" not in loaded  # shown for a bug only


def test_drafting_an_english_outcome_loads_no_catalog_reader(tmp_path: Path) -> None:
    write_draft(tmp_path)

    said, loaded = modules_loaded_by("--project", str(tmp_path), "draft", "som-test")

    assert said.startswith("som-test: recorded draft version 1 (som-test/draft-1)\n")
    assert {"docx", "jinja2", "git"} <= loaded
    assert not loaded & {"babel", "weasyprint"}


def test_a_command_collects_its_garbage_every_10000_new_objects() -> None:
    script = (
        "import atexit, gc, sys\n"
        "from pipeline.cli import main\n"
        "atexit.register(lambda: print(gc.get_threshold(), file=sys.stderr))\n"
        "sys.argv = ['outcomes', '--version']\n"
        "main()\n"
    )

    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)

    assert done.stderr == "(10000, 10, 10)\n"  # Python's own: (700, 10, 10)
