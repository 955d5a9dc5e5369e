"""The benchmark runs: a change to what it drives (the preview's watcher, say) must not leave
`make bench` broken until someone next measures. Nothing here is timed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import REPO


@pytest.mark.parametrize("part", ["startup", "validate", "preview"])
def test_the_benchmark_runs_and_prints_its_table(part: str) -> None:
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--only", part, "--runs", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,  # a watcher that died would leave it waiting
    )

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) >= 3, done.stdout  # the heading and a row for each input
