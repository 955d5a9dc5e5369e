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
ROTATING_CHAIR_ACTION = """\
  - id: rotating-chair
    text: Introduce the annually rotating COMMIT Chair, held by the country hosting the SOM.
    owner: COMMIT governments
"""
SUSTAINABILITY_ITEM = """\
  - id: sustainability
    title: COMMIT sustainability and capacity development
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


def build_edited_drafts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Yield a project whose history holds: draft-1 as bundled; draft-2 with "significantly"
    in square brackets; draft-3 with the brackets taken out again, the symbol cut to "COMMIT"
    (the word the process, "COMMIT Process", begins with), "common **ASEAN-COMMIT
    indicators**" cut to "**indicators**", an action's "operationalize" made "**apply**" and
    the rotating-chair action moved first; draft-4 with only the first agenda item moved last."""
    with example_project(tmp_path_factory) as root:
        draft = str(root / DRAFT)
        assert run(root, "draft", draft)[0] == 0
        edit(root, "help significantly improve", "help [significantly] improve")
        assert run(root, "draft", draft)[0] == 0
        edit(root, "help [significantly] improve", "help significantly improve")
        edit(root, "symbol: COMMIT/SOM.11/2016/1", "symbol: COMMIT")
        edit(root, "the common **ASEAN-COMMIT indicators** of", "the **indicators** of")
        edit(root, "text: Localize and operationalize", "text: Localize and **apply**")
        edit(root, ROTATING_CHAIR_ACTION, "")
        edit(root, "actions:\n", "actions:\n" + ROTATING_CHAIR_ACTION)
        assert run(root, "draft", draft)[0] == 0
        edit(root, SUSTAINABILITY_ITEM, "")
        last_item = "    title: 2017 work planning\n"
        edit(root, last_item, last_item + SUSTAINABILITY_ITEM)
        assert run(root, "draft", draft)[0] == 0
        yield root
