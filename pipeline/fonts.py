"""Which characters the installed fonts can draw, as fontconfig (which WeasyPrint asks) knows.

WeasyPrint draws an empty box for a character no font has; publication refuses such a
character first, where the draft holds it.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from bisect import bisect_right
from functools import lru_cache

#: Characters no font is asked to draw: line breaks, joiners, marks of direction.
NOT_DRAWN = frozenset({"Cc", "Cf", "Zl", "Zp"})
#: Variation selectors choose the form of the character before them; they have no glyph.
SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def undrawable(text: str) -> list[tuple[int, str]]:
    """Each character of `text` that no installed font has, with its index; nothing when
    fontconfig cannot be asked (WeasyPrint's own warning then stops the PDF)."""
    ranges = _coverage()
    if ranges is None:
        return []
    starts, ends = ranges
    found = []
    for index, character in enumerate(text):
        code = ord(character)
        if code < 0x7F or unicodedata.category(character) in NOT_DRAWN:
            continue
        if any(code in selectors for selectors in SELECTORS):
            continue
        at = bisect_right(starts, code) - 1
        if at < 0 or code > ends[at]:
            found.append((index, character))
    return found


@lru_cache(maxsize=1)
def _coverage() -> tuple[list[int], list[int]] | None:
    """The union of every installed font's character set, as sorted, disjoint ranges."""
    command = shutil.which("fc-list")
    if command is None:
        return None
    done = subprocess.run(
        [command, "--format", "%{charset}\\n"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return None
    ranges = sorted(_ranges(done.stdout))
    starts: list[int] = []
    ends: list[int] = []
    for start, end in ranges:
        if ends and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _ranges(charsets: str) -> set[tuple[int, int]]:
    """fontconfig's `20-7e a0-36f 374` as (start, end) pairs."""
    found = set()
    for token in charsets.split():
        start, _, end = token.partition("-")
        found.add((int(start, 16), int(end or start, 16)))
    return found
