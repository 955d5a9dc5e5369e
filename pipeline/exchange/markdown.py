"""Styled text coming back from Word or XLIFF, written as a draft's inline Markdown.

The way back of `inline.parse_inline`: bold, italic, code and links become `**`, `*`, backticks
and `[words](address)`, and the characters Markdown reads as marks are escaped. What is
written is read again and must give the same styled text; where it would not (bold that
starts inside a word, say), the text is refused rather than changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from itertools import groupby

from pipeline.inline import Span, parse_inline

SPECIAL = re.compile(r"([\\*_`])")
LINK_TEXT_SPECIAL = re.compile(r"([\\*_`\[\]])")
#: `](` typed in plain text would turn the words before it into a link.
LINK_LOOKALIKE = re.compile(r"\](?=\()")


class NotMarkdown(ValueError):
    """Styled text that Markdown cannot say as it is."""


def markdown_of(spans: Sequence[Span]) -> str:
    """The Markdown that reads as `spans`; `NotMarkdown` where no Markdown does."""
    parts = []
    for href, group in groupby(spans, key=lambda span: span.href):
        inner = _styled(list(group), LINK_TEXT_SPECIAL if href else SPECIAL)
        parts.append(f"[{inner}]({href})" if href else inner)
    text = "".join(parts)
    if not same_text(parse_inline(text), spans):
        raise NotMarkdown(text)
    return text


def _styled(spans: list[Span], special: re.Pattern[str]) -> str:
    """Bold around italic: `**a *b***`, each run's outer spaces outside its marks."""
    out = []
    for strong, group in groupby(spans, key=lambda span: span.strong):
        inner = "".join(_emphasised(list(group), special))
        out.append(_wrapped(inner, "**") if strong else inner)
    return "".join(out)


def _emphasised(spans: list[Span], special: re.Pattern[str]) -> Iterable[str]:
    for emphasis, group in groupby(spans, key=lambda span: span.emphasis):
        inner = "".join(_plain(span, special) for span in group)
        yield _wrapped(inner, "*") if emphasis else inner


def _plain(span: Span, special: re.Pattern[str]) -> str:
    lead = "\\\n" if span.line_break else ""
    if span.code:
        fence = "``" if "`" in span.text else "`"
        return f"{lead}{fence}{span.text}{fence}"
    return lead + LINK_LOOKALIKE.sub(r"\\]", special.sub(r"\\\1", span.text))


def _wrapped(text: str, mark: str) -> str:
    """`text` between `mark`s, its leading and trailing spaces left outside them."""
    core = text.strip(" ")
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}{mark}{core}{mark}{text[start + len(core) :]}"


def same_text(a: Iterable[Span], b: Iterable[Span]) -> bool:
    """Whether two styled texts read the same: character by character with their bold,
    italic, code and link, bold or italic on a space not counted, brackets as typed."""
    return _characters(a) == _characters(b)


def fingerprint(markdown: str | None) -> str:
    """A short digest of how a translation reads (what `same_text` compares; no translation
    yet: None). The files sent carry it for each text, so that an import can tell a text of
    the translation draft that someone changed after the file was made."""
    characters = _characters(parse_inline(markdown)) if markdown is not None else []
    return hashlib.sha256(repr(characters).encode()).hexdigest()[:16]


def _characters(spans: Iterable[Span]) -> list[tuple[str, tuple[object, ...]]]:
    found: list[tuple[str, tuple[object, ...]]] = []
    for span in spans:
        if span.line_break:
            found.append(("\n", ()))
        for character in span.text:
            styled = not character.isspace()
            style = (span.strong and styled, span.emphasis and styled, span.code, span.href)
            found.append((character, style))
    return found
