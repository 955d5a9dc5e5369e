"""Small drafts written out as text, to test the reader on exactly what a person might type."""

from __future__ import annotations

from pathlib import Path

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
