"""Shared fixtures: the bundled example, its model and a rendering context."""

from __future__ import annotations

import shutil
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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project folder (not yet a git repository) holding the example."""
    root = tmp_path / "project"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(EXAMPLE, root / "drafts")
    shutil.copy(REPO / "pyproject.toml", root)
    return root
