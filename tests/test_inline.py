"""Inline Markdown: what each style becomes, and brackets as unagreed language."""

from __future__ import annotations

import pytest

from pipeline.inline import (
    Span,
    dropped_links,
    parse_inline,
    plain_text,
    spans_of,
    unagreed_passages,
)


def test_styles_links_and_brackets_become_spans() -> None:
    spans = parse_inline("The **ASEAN-[COMMIT** indicators] and [the portal](https://x.org) *now*")
    assert spans == (
        Span("The "),
        Span("ASEAN-", strong=True),
        Span("[COMMIT", strong=True, unagreed=True),
        Span(" indicators]", unagreed=True),
        Span(" and "),
        Span("the portal", href="https://x.org"),
        Span(" "),
        Span("now", emphasis=True),
    )


def test_raw_html_and_template_syntax_stay_the_characters_typed() -> None:
    text = 'R&D <b onclick="x">bold</b> {{ 7*7 }} &amp;'
    assert plain_text(text) == text


def test_unsafe_links_are_dropped_but_their_text_is_kept() -> None:
    text = "[click](javascript:alert(1)) [mail](mailto:a@b.org) [file](file:///etc/passwd)"
    assert [s.href for s in parse_inline(text) if s.href] == ["mailto:a@b.org"]
    assert plain_text(text) == "click mail file"
    assert dropped_links(text) == ["javascript:alert(1)", "file:///etc/passwd"]


def test_unagreed_passages_are_each_bracketed_run() -> None:
    assert unagreed_passages("a [b **c** d] e [f]") == ["[b c d]", "[f]"]
    assert unagreed_passages("a [link](https://x.org) b") == []


@pytest.mark.parametrize(
    "text",
    [
        "plain text",
        "NO",
        "1.10",
        "a  b",
        "R&D <draft> \"Q\" 'x'",
        "ends with space ",
        "ümlaut – dash",
    ],
)
def test_the_plain_text_shortcut_gives_what_the_parser_gives(text: str) -> None:
    assert parse_inline(text) == spans_of(text)


def test_a_line_break_stands_before_the_words_after_it_only() -> None:
    spans = parse_inline("one two  \nthree four")
    assert [(s.text, s.line_break) for s in spans] == [
        ("one two", False),
        ("", True),
        ("three four", False),
    ]
