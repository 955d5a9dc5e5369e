"""Inline Markdown of draft texts as a flat list of styled spans, the same for every format.

Drafts allow **bold**, *italic*, `code` and [links](https://...), nothing else: raw HTML,
images and entities stay the characters that were typed. Square brackets that are not a link
mark language not yet agreed (the negotiators' convention); the spans carry that too, so Word
can highlight it and publication can refuse it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("https://", "http://", "mailto:")


@dataclass(frozen=True)
class Span:
    """A run of text with one style."""

    text: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    href: str | None = None
    unagreed: bool = False
    line_break: bool = False  # a hard line break stands before this span's text

    @property
    def style(self) -> tuple[bool, bool, bool, str | None, bool]:
        return (self.strong, self.emphasis, self.code, self.href, self.unagreed)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Imported when a text first holds markup: `validate` of a plain draft never needs it.
    from markdown_it import MarkdownIt

    parser = MarkdownIt("zero").enable(["emphasis", "link", "escape", "backticks", "newline"])
    parser.validateLink = lambda url: True  # every link is parsed; `safe_href` decides later
    # Percent-encoding a link is a third of parsing a text with one, and a draft links to the
    # same few addresses again and again.
    parser.normalizeLink = lru_cache(maxsize=1024)(parser.normalizeLink)
    return parser


def safe_href(url: str) -> str | None:
    """The link target if it is a web or mail address, else None (the link is dropped)."""
    cleaned = "".join(url.split()).lower()
    return url if cleaned.startswith(SAFE_SCHEMES) or cleaned.startswith("#") else None


#: What the enabled rules look for; a text without any of it is one plain span as it stands.
MARKDOWN = re.compile(r"[*_`\[\]\\\n]")
BRACKET = re.compile(r"[\[\]]")


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    """markdown-it's inline tokens of `text` (parsed once however often asked)."""
    return tuple(_parser().parseInline(text)[0].children or [])


@lru_cache(maxsize=4096)
def parse_inline(text: str) -> tuple[Span, ...]:
    """Split `text` into spans; adjacent spans of the same style are merged."""
    if not MARKDOWN.search(text):
        return (Span(text),) if text else ()
    return spans_of(text)


def spans_of(text: str) -> tuple[Span, ...]:
    """`parse_inline` without its shortcut for plain text."""
    spans: list[Span] = []
    strong = emphasis = unagreed = False
    href: str | None = None
    for token in _tokens(text):
        match token.type:
            case "strong_open" | "strong_close":
                strong = token.type == "strong_open"
            case "em_open" | "em_close":
                emphasis = token.type == "em_open"
            case "link_open":
                href = safe_href(str(token.attrs.get("href", "")))
            case "link_close":
                href = None
            case "code_inline":
                spans.append(Span(token.content, strong, emphasis, True, href, unagreed))
            case "softbreak":
                spans.append(Span(" ", strong, emphasis, False, href, unagreed))
            case "hardbreak":
                spans.append(Span("", strong, emphasis, False, href, unagreed, line_break=True))
            case _:
                pieces, unagreed = _bracketed(token.content, unagreed, in_link=href is not None)
                spans += (
                    Span(piece, strong, emphasis, False, href, flag) for piece, flag in pieces
                )
    return tuple(_merged(spans))


def _bracketed(text: str, unagreed: bool, *, in_link: bool) -> tuple[list[tuple[str, bool]], bool]:
    """`text` split where a bracket opens or closes unagreed language: the pieces, each with
    whether it is unagreed, and whether unagreed language runs on after the text."""
    pieces, start = [], 0
    for match in BRACKET.finditer(text):
        index = match.start()
        if text[index] == "[" and not unagreed and not in_link:
            pieces.append((text[start:index], False))
            unagreed, start = True, index
        elif text[index] == "]" and unagreed:
            pieces.append((text[start : index + 1], True))
            unagreed, start = False, index + 1
    pieces.append((text[start:], unagreed))
    return pieces, unagreed


def _merged(spans: list[Span]) -> list[Span]:
    """Empty spans dropped; a span joined to the one before when they share a style."""
    merged: list[Span] = []
    for span in spans:
        if not span.text and not span.line_break:
            continue
        # A span after a line break stays apart from it: the break stands before its text only.
        if (
            merged
            and not span.line_break
            and not merged[-1].line_break
            and merged[-1].style == span.style
        ):
            merged[-1] = replace(merged[-1], text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def plain_text(text: str) -> str:
    """The text as a reader sees it, without Markdown marks."""
    return "".join("\n" if s.line_break else s.text for s in parse_inline(text)).strip()


def unagreed_passages(text: str) -> list[str]:
    """Each bracketed (not yet agreed) passage of `text`."""
    passages: list[str] = []
    previous = False
    for span in parse_inline(text):
        if span.unagreed and previous:
            passages[-1] += span.text
        elif span.unagreed:
            passages.append(span.text)
        previous = span.unagreed
    return passages


def marked_at_most(text: str) -> int:
    """A bound on the passages of `text` set apart from the plain text around them, without
    parsing: each begins at a sign of markup (`*`, `_`, a backtick, a bracket, a line break),
    so there are no more of them than of those signs."""
    return len(MARKDOWN.findall(text))


def dropped_links(text: str) -> list[str]:
    """The targets of links in `text` that are not web or mail addresses (they are dropped)."""
    if "](" not in text:
        return []
    return [
        str(t.attrs.get("href", ""))
        for t in _tokens(text)
        if t.type == "link_open" and safe_href(str(t.attrs.get("href", ""))) is None
    ]
