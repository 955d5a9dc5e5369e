"""A real history of five versions of the example, for the tests of history, diff and show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_DRAFT, edit, example_project, run

DRAFT = EXAMPLE_DRAFT
OWNERSHIP = """\
      - id: ownership
        kind: noted
        agenda: sustainability
        text: >
          The rotating Chair will help strengthen governmental ownership over COMMIT in the
          interest of the Process’ long-term sustainability.
"""
SUPPORT = """\
      - id: secretariat-support
        kind: noted
        text: >
          UN-ACT looks forward to supporting the Process in implementing the various
          important agreements reached.
"""
NEW_FIRST = """\
    paragraphs:
      - id: welcome
        text: The meeting thanked the Government of Lao PDR for hosting it.
"""


def build_five_versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Yield a project whose history holds: draft-1 as bundled; draft-2 with one word changed;
    draft-3 with a paragraph added at the top; draft-4 with a paragraph moved, one removed and
    the venue changed; published-1 as draft-4."""
    with example_project(tmp_path_factory) as root:
        draft = str(root / DRAFT)
        assert run(root, "draft", draft)[0] == 0
        edit(root, "unanimously agreed", "jointly agreed")
        assert run(root, "draft", draft)[0] == 0
        edit(root, "    paragraphs:\n", NEW_FIRST)
        assert run(root, "draft", draft)[0] == 0
        edit(root, OWNERSHIP, "")
        edit(root, SUPPORT, "")
        edit(
            root,
            "    title: Next steps\n    paragraphs:\n",
            "    title: Next steps\n    paragraphs:\n" + OWNERSHIP,
        )
        edit(root, "city: Vientiane", "city: Luang Prabang")
        assert run(root, "draft", draft)[0] == 0
        assert run(root, "publish", draft)[0] == 0
        yield root
