"""Small drafts written out as text, to test the reader on exactly what a person might type."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_DRAFT = "drafts/commit-som11.yaml"

MINIMAL = """\
format: 1
id: som-test
language: en
title: Outcome of the test meeting
meeting:
  name: Senior Officials Meeting
  venue: {city: Vientiane, country: Lao PDR}
  dates: {start: 2016-11-23, end: 2016-11-24}
participants:
  - group: Members
    members: [Cambodia, China]
agenda:
  - id: opening
    title: Opening
sections:
  - id: outcomes
    title: Outcomes
    paragraphs:
      - id: first
        agenda: opening
        text: The meeting adopted the indicators.
      - id: second
        text: The meeting noted the report.
"""


def write_draft(folder: Path, text: str = MINIMAL, name: str = "som-test") -> Path:
    """Write `text` as drafts/<name>.yaml under `folder` and return its path."""
    drafts = folder / "drafts"
    drafts.mkdir(parents=True, exist_ok=True)
    path = drafts / f"{name}.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of `text` holding `needle`."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def run(project: Path, *args: str) -> tuple[int, str, str]:
    """`outcomes --project PROJECT ARGS...`: its exit status, stdout and stderr."""
    result = CliRunner().invoke(cli, ["--project", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    return done.stdout.strip()


def state(project: Path) -> tuple[str, str, str, dict[str, bytes]]:
    """Everything a failed command must leave as it was: head, tags, status and the files."""
    files = {
        str(p.relative_to(project)): p.read_bytes()
        for p in project.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }
    return (
        git(project, "rev-parse", "HEAD"),
        git(project, "tag"),
        git(project, "status", "--porcelain"),
        files,
    )


def edit(project: Path, old: str, new: str, draft: str = EXAMPLE_DRAFT) -> None:
    """Replace the first `old` in the project's draft by `new` (which must be there)."""
    path = project / draft
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@contextmanager
def example_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project holding the bundled example, and git's identity set for the block (no
    repository yet: the first command makes one)."""
    root = tmp_path_factory.mktemp("example") / "project"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(REPO / EXAMPLE_DRAFT, root / "drafts")
    shutil.copy(REPO / "pyproject.toml", root)
    home = tmp_path_factory.mktemp("home") / "gitconfig"
    home.write_text("[user]\n\tname = Test Officer\n\temail = officer@example.org\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GIT_CONFIG_GLOBAL", str(home))
        env.setenv("GIT_CONFIG_NOSYSTEM", "1")
        yield root


def libreoffice_convert(source: Path, folder: Path, to: str = "pdf") -> Path:
    """`source` opened and saved by LibreOffice, headless, as `to` into `folder`: the file."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{source.stem}.{to.split(':')[0]}"


def pdftotext(pdf: Path, *options: str) -> str:
    """The text poppler's `pdftotext` reads in `pdf` (a test that needs it is skipped where
    poppler-utils is not installed, as scripts/install-system-packages installs it)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian package poppler-utils)")
    done = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")
