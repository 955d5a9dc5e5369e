"""Texts compared word by word: the one tokeniser, matcher, segment type and printer.

`outcomes diff`, both redlines, the review compilation and `review --apply` all compare
texts here, so a change reads the same wherever it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import groupby
from typing import Literal

from pipeline.inline import Span, parse_inline

Op = Literal["equal", "insert", "delete"]
Opcode = tuple[str, int, int, int, int]  # difflib's: tag, a0, a1, b0, b1
#: Dates whole (a changed date is one change, not three), words, runs of space, and each mark
#: apart: a bracket taken away is shown as that alone.
WORDS = re.compile(r"\d{4}-\d{2}-\d{2}|\s+|\w+|[^\w\s]")
PLAIN = Span("")


@dataclass(frozen=True)
class Segment:
    """A run of words that both texts share, or that one of them alone has."""

    op: Op
    text: str
    style: Span = PLAIN


def tokens(text: str) -> list[str]:
    return WORDS.findall(text)


def opcodes(old: Sequence[str], new: Sequence[str]) -> list[Opcode]:
    """What turns the tokens `old` into `new`, token by token (no junk heuristics: a common
    word is a word like any other)."""
    return SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()


def word_diff(a: str, b: str) -> tuple[Segment, ...]:
    """Word-by-word differences of two Markdown texts, each word keeping its style."""
    return _segments(_styled_tokens(a), _styled_tokens(b))


def plain_diff(a: str, b: str) -> tuple[Segment, ...]:
    """Word-by-word differences of two plain texts (names, places, dates: no Markdown)."""
    return _segments(*([(word, PLAIN) for word in tokens(text)] for text in (a, b)))


def marked(segments: Sequence[Segment], mark: Callable[[Op, str], str] | None = None) -> str:
    """The segments as one line, each run of one operation marked by `mark` (by default as
    CriticMarkup does: {--deleted--}{++inserted++}, marks that no negotiator's [brackets] can
    be mistaken for); words of different styles changed alike are one run."""
    mark = mark or plain_mark
    return "".join(mark(op, text) for op, text in runs(segments))


def runs(segments: Sequence[Segment]) -> list[tuple[Op, str]]:
    """The text of each run of segments of one operation, whatever their styles."""
    return [(op, "".join(s.text for s in run)) for op, run in groupby(segments, lambda s: s.op)]


def plain_mark(op: Op, text: str) -> str:
    return {"delete": f"{{--{text}--}}", "insert": f"{{++{text}++}}"}.get(op, text)


def _segments(old: list[tuple[str, Span]], new: list[tuple[str, Span]]) -> tuple[Segment, ...]:
    found: list[Segment] = []
    changes = _readable(opcodes([t for t, _ in old], [t for t, _ in new]), new)
    for tag, a0, a1, b0, b1 in changes:
        if tag in ("delete", "replace"):
            found += [Segment("delete", t, s) for t, s in old[a0:a1]]
        if tag in ("insert", "replace"):
            found += [Segment("insert", t, s) for t, s in new[b0:b1]]
        if tag == "equal":
            found += [Segment("equal", t, s) for t, s in new[b0:b1]]
    return tuple(_joined(found))


def _readable(changes: list[Opcode], new: list[tuple[str, Span]]) -> list[Opcode]:
    """Changes separated by nothing but a space as one change, so that two words replaced
    read "{--a b--}{++c d++}", not "{--a--}{++c++} {--b--}{++d++}"."""
    merged: list[Opcode] = []
    for index, (tag, a0, a1, b0, b1) in enumerate(changes):
        between_changes = 0 < index < len(changes) - 1
        if tag == "equal" and between_changes and not "".join(t for t, _ in new[b0:b1]).strip():
            tag = "replace"
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1] = ("replace", merged[-1][1], a1, merged[-1][3], b1)
        else:
            merged.append((tag, a0, a1, b0, b1))
    return merged


def _styled_tokens(text: str) -> list[tuple[str, Span]]:
    return [(word, span) for span in parse_inline(text) for word in tokens(span.text)]


def _joined(segments: list[Segment]) -> list[Segment]:
    """Adjacent segments of the same operation and style as one."""
    joined: list[Segment] = []
    for segment in segments:
        last = joined[-1] if joined else None
        if last and last.op == segment.op and last.style == segment.style:
            joined[-1] = Segment(last.op, last.text + segment.text, last.style)
        else:
            joined.append(segment)
    return joined
