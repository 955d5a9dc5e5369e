"""What every edition prints, decided once: the meeting's data, labels and numbers."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pipeline.context import Document, build_document, meeting_name, quotes_of, typographic
from pipeline.inline import Span, parse_inline
from pipeline.render.data import outcome_json


@pytest.mark.parametrize(
    ("name", "short_name", "printed"),
    [
        ("Senior Officials Meeting", None, "Senior Officials Meeting"),
        ("Senior Officials Meeting", "SOM 11", "Senior Officials Meeting (SOM 11)"),
        ("Senior Officials Meeting (SOM 11)", "SOM 11", "Senior Officials Meeting (SOM 11)"),
        (
            "Regional Bilateral Dialogue Task Force (TF)",
            "TF 1",
            "Regional Bilateral Dialogue Task Force (TF 1)",
        ),
        ("Regional Task Force (TF)", "TFA", "Regional Task Force (TF) (TFA)"),
    ],
)
def test_a_meeting_is_named_with_its_short_name_once(name, short_name, printed):
    assert meeting_name(name, short_name) == printed


@pytest.mark.parametrize(
    ("name", "short_name", "printed"),
    [
        ("区域工作组暨高官会", "第十一次高官会", "区域工作组暨高官会（第十一次高官会）"),
        ("区域工作队（TF）", "TF 1", "区域工作队（TF 1）"),
        ("区域工作队 (TF)", "TF 1", "区域工作队（TF 1）"),
    ],
)
def test_a_chinese_meeting_takes_its_short_name_in_full_width_brackets(name, short_name, printed):
    assert meeting_name(name, short_name, "{name}（{short_name}）") == printed


def test_the_meeting_facts_hold_each_datum_once(document: Document):
    assert [(f.key, f.label, f.value) for f in document.meeting_facts] == [
        ("process", "Process", "COMMIT Process"),
        ("meeting", "Meeting", "Regional COMMIT Task Force and Senior Officials Meeting (SOM 11)"),
        ("number", "Number", "11"),
        ("venue", "Venue", "Vientiane, Lao PDR"),
        ("dates", "Dates", "23–24 November 2016"),
        ("host", "Host", "Government of Lao PDR"),
        ("adopted", "Adopted", "24 November 2016"),
    ]


@pytest.mark.parametrize(
    ("language", "typed", "printed"),
    [
        (
            "en",
            "the \"employer pays\" principle: it's the employers' duty",
            "the “employer pays” principle: it’s the employers’ duty",
        ),
        ("en", '\'a\' ("b") and "c".', "‘a’ (“b”) and “c”."),
        ("en-GB", '"a"', "“a”"),
        ("fr", 'le principe "l\'employeur paie"', "le principe «l’employeur paie»"),
        ("zh-Hans", '"雇主付费"原则', "“雇主付费”原则"),
        ("de", '"as typed"', '"as typed"'),  # a language the table lacks keeps them
    ],
)
def test_typed_quotes_become_the_languages_marks(language, typed, printed):
    assert typographic(parse_inline(typed), quotes_of(language)) == (Span(printed),)


def test_quotes_in_code_and_links_stay_as_typed():
    typed = 'say "hi" in `a "b"` at [the "x" page](https://x.org/?q="y") and **"bold"**'
    assert typographic(parse_inline(typed), quotes_of("en")) == (
        Span("say “hi” in "),
        Span('a "b"', code=True),
        Span(" at "),
        Span('the "x" page', href="https://x.org/?q=%22y%22"),  # markdown-it's escaping
        Span(" and "),
        Span("“bold”", strong=True),
    )


def test_the_editions_print_typographic_quotes_and_the_json_keeps_the_draft(document: Document):
    first = document.outcome.sections[0]
    typed = 'The "employer pays" principle, and `"code"`.'
    paragraph = replace(first.paragraphs[0], text=typed, items=["it's 'one'"])
    section = replace(first, paragraphs=[paragraph, *first.paragraphs[1:]])
    outcome = replace(document.outcome, sections=[section])
    changed = build_document(outcome, document.version, document.settings)
    shown = changed.paragraphs[0]
    assert shown.text == 'The “employer pays” principle, and "code".'
    assert [item.spans for item in shown.items] == [(Span("it’s ‘one’"),)]
    data = json.loads(outcome_json(changed, None))
    assert data["paragraphs"][0]["text"] == 'The “employer pays” principle, and "code".'
    assert data["paragraphs"][0]["items"][0]["text"] == "it’s ‘one’"
    assert data["outcome"]["sections"][0]["paragraphs"][0]["text"] == typed
