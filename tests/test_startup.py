"""What a command loads as it starts: an officer waits for it each time."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import EXAMPLE_DRAFT, REPO

LOADED_BY_VALIDATE = """
import atexit, sys
from pipeline.cli import main
atexit.register(lambda: print(" ".join(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["outcomes", "validate", sys.argv[1]]
main()
"""


def modules_loaded_by_validate(draft: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", LOADED_BY_VALIDATE, draft],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1 draft is valid: drafts/commit-som11.yaml\n"
    return set(done.stderr.split())


def test_validating_the_example_loads_no_markdown_parser_and_no_renderer() -> None:
    loaded = modules_loaded_by_validate(EXAMPLE_DRAFT)

    assert {"click", "yaml"} <= loaded
    assert not loaded & {"markdown_it", "jinja2", "docx", "weasyprint", "git", "tomllib"}
    assert "pydantic" not in loaded  # the format's records are the project's own
    assert "traceback" not in loaded  # shown for a bug only
