"""Shared fixtures: the bundled example, its model and a rendering context."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.context import Document, Version, build_document
from pipeline.loading import Draft, load_draft
from pipeline.settings import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "drafts" / "commit-som11.yaml"
TEMPLATES = REPO / "templates"


@pytest.fixture
def example_draft() -> Draft:
    return load_draft(EXAMPLE)


@pytest.fixture
def settings() -> Settings:
    return load_settings(REPO)


@pytest.fixture
def document(example_draft: Draft, settings: Settings) -> Document:
    """The example as draft version 3, recorded at a fixed moment."""
    version = Version("draft", 3, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))
    return build_document(example_draft.outcome, version, settings)


CHROMIUM = Path("/usr/bin/chromium")  # Debian's, driven by Playwright: no browser download
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium, headless, through Playwright (skipped where either is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Chromium (make setup installs it)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project folder (not yet a git repository) holding the example."""
    root = tmp_path / "project"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(EXAMPLE, root / "drafts")
    shutil.copy(REPO / "pyproject.toml", root)
    return root


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test sees git as a fresh machine with one configured identity, and nothing else."""
    config = tmp_path_factory.mktemp("git-home") / "gitconfig"
    config.write_text("[user]\n\tname = Test Officer\n\temail = officer@example.org\n")
    for name in [n for n in os.environ if n.startswith("GIT_")] + ["SOURCE_DATE_EPOCH"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return config


@pytest.fixture(scope="session")
def five_versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project with five recorded versions of the example (see tests/history_example.py)."""
    from tests.history_example import build_five_versions

    yield from build_five_versions(tmp_path_factory)
