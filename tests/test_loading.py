"""The draft reader: values stay as written, and every bad input gets a placed, plain sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.codes import Code
from pipeline.errors import DraftInvalid, Problem
from pipeline.loading import MAX_BYTES, load_draft
from tests.conftest import EXAMPLE, REPO
from tests.helpers import MINIMAL, line_of, write_draft


def problems_of(tmp_path: Path, text: str | bytes, name: str = "som-test") -> list[Problem]:
    path = write_draft(tmp_path, text, name)
    with pytest.raises(DraftInvalid) as caught:
        load_draft(path)
    assert caught.value.exit_code == 1
    return [p for p in caught.value.problems if p.severity == "error"]


def only_problem(tmp_path: Path, text: str | bytes, name: str = "som-test") -> Problem:
    problems = problems_of(tmp_path, text, name)
    assert len(problems) == 1, problems
    return problems[0]


def test_the_minimal_draft_loads(tmp_path: Path) -> None:
    outcome = load_draft(write_draft(tmp_path)).outcome
    assert outcome.meeting.dates.end.isoformat() == "2016-11-24"
    assert [p.id for p in outcome.paragraphs] == ["first", "second"]


@pytest.mark.parametrize("written", ["NO", "Yes", "on", "1.10", "0123", "1:20", "null-ish", "~x"])
def test_text_stays_exactly_as_written(tmp_path: Path, written: str) -> None:
    text = MINIMAL.replace("members: [Cambodia, China]", f"members: [Cambodia, {written}]")
    text = text.replace("title: Outcome of the test meeting", f"title: {written}")
    outcome = load_draft(write_draft(tmp_path, text)).outcome
    assert outcome.title == written
    assert outcome.participants[0].members == ["Cambodia", written]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load_draft(write_draft(tmp_path, b"\xef\xbb\xbf" + MINIMAL.encode())).outcome


def test_a_tab_in_the_indentation(tmp_path: Path) -> None:
    text = MINIMAL.replace("  name: Senior", "\tname: Senior")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "Senior"), 1)
    assert "tab" in problem.message and "spaces" in problem.message


def test_an_unclosed_quote(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: Outcome of the test meeting", 'title: "Outcome of the test')
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (4, 8)
    assert "never closed" in problem.message


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_before_another_quoted_text(tmp_path: Path, quote: str) -> None:
    """YAML reads on from the open quote to the next quote mark and stops just after it: the
    mistake is where the text was opened, not where the parser stopped."""
    text = MINIMAL.replace(
        "  name: Senior Officials Meeting", f"  name: {quote}Senior Officials Meeting"
    ).replace("  - group: Members", f"  - group: {quote}Members{quote}")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (6, 9)
    assert problem.field == "meeting.name"
    assert problem.code == "unclosed-quote"
    assert problem.message.startswith(
        "this quoted text is never closed: add the closing quote mark (without it, the text "
        "runs on to the quote mark on line 10)"
    )


def test_a_quote_inside_a_quoted_text_of_two_lines_ends_it_too_early(tmp_path: Path) -> None:
    """A quoted text wrapped onto a second line that holds no field's key is one text: the
    quote mark inside it is the mistake, not the one that opened it."""
    text = MINIMAL.replace(
        "text: The meeting noted the report.",
        'text: "The meeting thanked\n          the "frontline" officers."',
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "frontline"), 15)
    assert problem.code == "quote-in-quotes"


def test_an_empty_file(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "\n  \n")
    assert (problem.line, problem.column) == (1, 1)
    assert "empty" in problem.message


def test_a_list_at_the_top(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "- format: 1\n- id: som-test\n")
    assert "'key: value' lines" in problem.message and "a list" in problem.message


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    text = MINIMAL.replace("Vientiane", "Vient\xe9ne").encode("latin-1")
    problem = only_problem(tmp_path, text)
    assert problem.line == line_of(MINIMAL, "Vientiane")
    assert "not UTF-8" in problem.message and "0xE9" in problem.message


def test_an_unknown_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    text = MINIMAL.replace("  name: Senior Officials Meeting", "  name: SOM\n  chiar: Lao PDR")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "chiar"), 3)
    assert problem.field == "meeting.chiar"
    assert "did you mean 'chair'?" in problem.message


def test_a_duplicate_key(tmp_path: Path) -> None:
    text = MINIMAL.replace("language: en\n", "language: en\ntitle: Again\n")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (5, 1)
    assert "'title' is given twice (first on line 4)" in problem.message


def test_a_duplicate_paragraph_id(tmp_path: Path) -> None:
    text = MINIMAL.replace("id: second", "id: first")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "The meeting noted") - 1, 13)
    assert problem.field == "sections[0].paragraphs[1].id"
    assert "already used by paragraph 1" in problem.message


def test_a_missing_required_field(tmp_path: Path) -> None:
    text = MINIMAL.replace("  venue: {city: Vientiane, country: Lao PDR}\n", "")
    problem = only_problem(tmp_path, text)
    assert problem.field == "meeting.venue"
    assert problem.line == line_of(text, "meeting:")
    assert "required field 'venue' is missing" in problem.message


def test_a_wrong_type(tmp_path: Path) -> None:
    text = MINIMAL.replace("members: [Cambodia, China]", "members: Cambodia")
    problem = only_problem(tmp_path, text)
    assert problem.field == "participants[0].members"
    assert "should be a list" in problem.message and "a single text" in problem.message


def test_an_impossible_date(tmp_path: Path) -> None:
    text = MINIMAL.replace("start: 2016-11-23, end: 2016-11-24", "start: 2016-02-30")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "2016-02-30"), 18)
    assert problem.message == "2016-02-30 is not a date that exists"


def test_an_end_before_the_start(tmp_path: Path) -> None:
    text = MINIMAL.replace("end: 2016-11-24", "end: 2016-11-22")
    problem = only_problem(tmp_path, text)
    assert problem.field == "meeting.dates.end"
    assert "ends (2016-11-22) before it starts (2016-11-23)" in problem.message


def test_an_agenda_reference_to_nothing(tmp_path: Path) -> None:
    text = MINIMAL.replace("agenda: opening", "agenda: closing")
    problem = only_problem(tmp_path, text)
    assert problem.line == line_of(text, "agenda: closing")
    assert "no agenda item with the id 'closing'" in problem.message


def test_an_id_that_does_not_match_the_file_name(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL, name="som-other")
    assert (problem.line, problem.column) == (2, 5)
    assert "rename the file to som-test.yaml" in problem.message


@pytest.mark.parametrize("bad_id", ["../etc/passwd", "a/b-c", "/etc/x"])
def test_an_id_that_would_leave_its_folder(tmp_path: Path, bad_id: str) -> None:
    problems = problems_of(tmp_path, MINIMAL.replace("id: som-test", f"id: {bad_id}"))
    assert problems[0].field == "id"
    assert "lower-case letters a-z, digits and '-' only" in problems[0].message


def test_a_control_character_pasted_from_word(tmp_path: Path) -> None:
    text = MINIMAL.replace("adopted the indicators", "adopted the\x0bindicators")
    problem = only_problem(tmp_path, text)
    line = line_of(text, "adopted the")
    assert (problem.line, problem.column) == (line, text.split("\n")[line - 1].index("\x0b") + 1)
    assert "U+000B" in problem.message and "manual line break" in problem.message


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_pasted_from_a_pdf(tmp_path: Path, separator: str) -> None:
    text = MINIMAL.replace("adopted the indicators", f"adopted the{separator}indicators")
    problem = only_problem(tmp_path, text)
    line = line_of(text, "adopted the")
    assert (problem.line, problem.column) == (line, text.split("\n")[line - 1].index(separator) + 1)
    assert f"U+{ord(separator):04X}" in problem.message and "pasted from a PDF" in problem.message


def test_a_control_character_written_as_an_escape(tmp_path: Path) -> None:
    text = MINIMAL.replace("text: The meeting noted the report.", 'text: "noted\\vthe report"')
    problem = only_problem(tmp_path, text)
    assert problem.field == "sections[0].paragraphs[1].text"
    assert "U+000B" in problem.message


def test_a_file_over_the_size_bound(tmp_path: Path) -> None:
    text = MINIMAL + "# " + "x" * MAX_BYTES + "\n"
    problem = only_problem(tmp_path, text)
    assert "a draft may be at most 1024 KB" in problem.message


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    problems = problems_of(tmp_path, "\n".join(lines) + "\n")
    assert problems and all(p.code == "alias" for p in problems)
    assert "anchors and aliases" in problems[0].message


def test_a_yaml_1_1_directive(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "%YAML 1.1\n---\n" + MINIMAL)
    assert (problem.line, problem.column) == (1, 1)
    assert "drafts are always read as YAML 1.2" in problem.message


def test_a_python_tag(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: Outcome of", "title: !!python/object/apply:os.system Outcome of")
    problem = only_problem(tmp_path, text)
    assert (
        problem.line == 4 and "remove the tag '!!python/object/apply:os.system'" in problem.message
    )


def test_an_unquoted_colon_says_to_quote(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: Opening", "title: Agenda: item 1")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "Agenda: item 1"), 18)
    assert problem.field == "agenda[0].title"
    assert "put the whole text in quotes" in problem.message
    assert "  " not in problem.message


def test_a_hash_inside_an_unquoted_text_warns(tmp_path: Path) -> None:
    text = MINIMAL.replace("noted the report.", "noted the report approved #2 of 3")
    draft = load_draft(write_draft(tmp_path, text))
    assert draft.outcome.paragraphs[1].text == "The meeting noted the report approved"
    [warning] = draft.warnings
    assert warning.severity == "warning" and warning.line == line_of(text, "#2 of 3")
    assert "read as a comment" in warning.message


def test_a_list_entry_out_of_step_is_read_into_the_entry_above_with_a_warning(
    tmp_path: Path,
) -> None:
    text = MINIMAL.replace(
        "members: [Cambodia, China]", "members:\n      - Cambodia\n       - Lao PDR"
    )
    draft = load_draft(write_draft(tmp_path, text))
    assert draft.outcome.participants[0].members == ["Cambodia - Lao PDR"]
    [warning] = draft.warnings
    assert (warning.line, warning.column) == (line_of(text, "- Lao PDR"), 8)
    assert (warning.severity, warning.code) == ("warning", "entry-in-text")
    assert warning.field == "participants[0].members[0]"
    assert warning.message == (
        "this line is read as part of the text above it ('Cambodia - Lao PDR'); if it is an "
        "entry of the list, start it in the same column as the others, and if it belongs to "
        "the text, put the whole text in quotes"
    )


def test_a_list_entry_out_of_step_is_refused_at_publication(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "members: [Cambodia, China]", "members:\n      - Cambodia\n       - Lao PDR"
    )
    with pytest.raises(DraftInvalid) as caught:
        load_draft(write_draft(tmp_path, text), strict=True)
    [problem] = [p for p in caught.value.problems if p.code == "entry-in-text"]
    assert problem.severity == "error"
    assert problem.message.endswith("; a published text must not run two entries together")


def test_a_quoted_text_may_hold_a_line_that_starts_with_a_dash(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.",
        'text: "The meeting noted the plan for 2016\n          - 2020."',
    )
    draft = load_draft(write_draft(tmp_path, text))
    assert draft.outcome.paragraphs[1].text == "The meeting noted the plan for 2016 - 2020."
    assert draft.warnings == []


def test_a_syntax_mistake_says_the_rest_of_the_file_is_not_yet_checked(tmp_path: Path) -> None:
    """YAML cannot read past a syntax mistake, so the misspelt key and the impossible date
    after it are found only once it is fixed; the problem says so."""
    text = (
        MINIMAL.replace("title: Outcome of the test meeting", "title: The meeting: a success")
        .replace("  name: Senior", "  nmae: Senior")
        .replace("end: 2016-11-24", "end: 2016-11-31")
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.code) == (4, "unquoted-colon")
    assert problem.message.endswith(
        "; reading stopped here, so the rest of the file is checked once this is fixed"
    )


def test_every_error_is_reported_in_one_run(tmp_path: Path) -> None:
    text = MINIMAL.replace("language: en", "langauge: en").replace("2016-11-24", "2016-11-31")
    text = text.replace("title: Outcome of the test meeting\n", "")
    problems = problems_of(tmp_path, text)
    assert [p.code for p in problems] == ["missing", "unknown-key", "impossible-date"]
    assert "'title' is missing" in problems[0].message


def test_a_misspelt_key_is_not_also_said_to_be_missing(tmp_path: Path) -> None:
    """'langauge' is one mistake: its did-you-mean names 'language', which is not missing too."""
    problem = only_problem(tmp_path, MINIMAL.replace("language: en", "langauge: en"))
    assert problem.message.endswith("did you mean 'language'?")


# Typing mistakes: the parser's complaint becomes the advice that fits what was typed.


def test_a_text_that_begins_with_a_bracket(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.", "text: [The meeting noted] the report."
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "[The meeting"), 15)
    assert problem.field == "sections[0].paragraphs[1].text"
    assert "begins with '[' must be put in quotes" in problem.message
    assert "expected key" not in problem.message


def test_a_list_item_that_begins_with_a_bracket(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.",
        "text: The meeting called for\n"
        "        items:\n"
        "          - [joint operations] at border crossings.\n"
        "          - training for officers.",
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "[joint"), 13)
    assert problem.field == "sections[0].paragraphs[1].items[0]"
    assert "begins with '[' must be put in quotes" in problem.message
    assert "indicator" not in problem.message


def test_a_text_that_begins_with_a_brace(tmp_path: Path) -> None:
    text = MINIMAL.replace("text: The meeting noted the report.", "text: {Noting} the report.")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "{Noting}"), 15)
    assert "begins with '{' must be put in quotes" in problem.message


def test_a_whole_text_in_brackets_is_read_as_a_list(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.",
        "text: The meeting called for\n"
        "        items:\n"
        "          - [joint operations at border crossings]",
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "[joint"), 13)
    assert problem.field == "sections[0].paragraphs[1].items[0]"
    assert "should be a text, but it is a list" in problem.message
    assert "square brackets as a list" in problem.message and "in quotes" in problem.message


@pytest.mark.parametrize(
    "written",
    [
        "*Noting* the report",
        "*Noting the report",
        "*Noting",
        "&Noting the report",
        "!Noting the report",
        "%Noting the report",
        "@UN-ACT noted the report",
        "`COMMIT` noted the report",
    ],
)
def test_a_text_that_begins_with_a_sign_yaml_reads(tmp_path: Path, written: str) -> None:
    text = MINIMAL.replace("text: The meeting noted the report.", f"text: {written}")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, written), 15)
    assert problem.field == "sections[0].paragraphs[1].text"
    assert f"a text that begins with '{written[0]}' must be put in quotes" in problem.message


def test_a_double_quote_inside_double_quotes(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.",
        "text: The meeting called for\n"
        "        items:\n"
        '          - "training for "frontline" officers;"',
    )
    problem = only_problem(tmp_path, text)
    line = line_of(text, "frontline")
    assert (problem.line, problem.column) == (line, text.split("\n")[line - 1].index('"f') + 1)
    assert "ends the quoted text too early" in problem.message
    assert "single quotes around the whole text" in problem.message and '\\"' in problem.message


def test_an_apostrophe_inside_single_quotes(tmp_path: Path) -> None:
    text = MINIMAL.replace("text: The meeting noted the report.", "text: 'the officers' units'")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "officers'"), 28)
    assert problem.field == "sections[0].paragraphs[1].text"
    assert "write an apostrophe twice ('the officers'' units')" in problem.message
    assert "double quotes" in problem.message


@pytest.mark.parametrize(
    "before, after",
    [
        (
            "  name: Senior Officials Meeting\n",
            "  name: Senior Officials Meeting\n  host:Royal Government\n",
        ),
        (
            "  name: Senior Officials Meeting\n",
            "  host:Royal Government\n  name: Senior Officials Meeting\n",
        ),
        (
            "  dates: {start: 2016-11-23, end: 2016-11-24}\n",
            "  dates:\n    start: 2016-11-23\n  host:Royal Government\n",
        ),
    ],
    ids=["after-a-field", "before-a-field", "after-a-group"],
)
def test_no_space_after_a_colon(tmp_path: Path, before: str, after: str) -> None:
    text = MINIMAL.replace(before, after)
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "host:"), 7)
    assert problem.field == "meeting"
    assert "put a space after the colon: write 'host: Royal Government'" in problem.message


def test_no_space_after_a_colon_where_fields_were_expected(tmp_path: Path) -> None:
    text = MINIMAL.replace("  - id: opening\n    title: Opening\n", "  - id:opening\n")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "id:opening"), 5)
    assert problem.field == "agenda[0]"
    assert "should be a group of 'key: value' lines" in problem.message
    assert "put a space after the colon: write 'id: opening'" in problem.message


def test_no_space_after_a_list_dash(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "members: [Cambodia, China]", "members:\n      - Cambodia\n      -Lao PDR"
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "-Lao PDR"), 7)
    assert problem.field == "participants[0].members"
    assert problem.code == "no-space-after-dash"
    assert problem.message.startswith("put a space after '-': write '- Lao PDR'")


def test_no_space_after_the_dash_of_a_lists_only_entry(tmp_path: Path) -> None:
    text = MINIMAL.replace("members: [Cambodia, China]", "members:\n      -Lao PDR")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "-Lao PDR"), 7)
    assert problem.field == "participants[0].members"
    assert problem.message == (
        "this should be a list (lines starting with '- '), but it is a single text; "
        "put a space after '-': write '- Lao PDR'"
    )


@pytest.mark.parametrize(
    ("before", "after", "needle", "column"),
    [  # a list item one space left of its siblings; a pasted line left of the text it
        # continues; a field one space too far right (not a colon in a text: no quotes advice)
        ("      - id: second", "     - id: second", "- id: second", 6),
        (
            "text: The meeting noted the report.",
            "text: The meeting noted\n      the report.",
            "      the report.",
            7,
        ),
        (
            "  venue: {city: Vientiane, country: Lao PDR}",
            "  venue:\n    city: Vientiane\n     country: Lao PDR",
            "country:",
            6,
        ),
    ],
)
def test_a_line_out_of_step_gets_indentation_advice(
    tmp_path: Path, before: str, after: str, needle: str, column: int
) -> None:
    text = MINIMAL.replace(before, after)
    problem = only_problem(tmp_path, text)
    line = line_of(text, needle)
    assert (problem.line, problem.column) == (line, column)
    assert f"check the indentation of this line and the one before (line {line - 1})" in (
        problem.message
    )
    assert "quotes" not in problem.message


def test_a_colon_in_a_text_on_its_second_line_says_to_quote(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.",
        "text: The meeting noted the following\n          points: the report and the plan.",
    )
    problem = only_problem(tmp_path, text)
    assert problem.line == line_of(text, "points:")
    assert "put the whole text in quotes" in problem.message


def test_an_over_long_paragraph_id_is_told_its_length(tmp_path: Path) -> None:
    long_id = "the-meeting-noted-the-report-of-the-secretary"
    text = MINIMAL.replace("id: second", f"id: {long_id}")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, long_id), 13)
    assert f"'{long_id}' is too long for an id: 45 characters; at most 35" in problem.message


def test_rule_errors_come_with_the_shape_errors(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace("  name: Senior", "  nmae: Senior")
        .replace("end: 2016-11-24", "end: 2016-11-31")
        .replace("id: second", "id: first")
        .replace("agenda: opening", "agenda: closing")
    )
    problems = problems_of(tmp_path, text, name="som-other")
    placed = {p.code: (p.line, p.column) for p in problems}
    assert placed["unknown-key"] == (line_of(text, "nmae"), 3)
    assert placed["impossible-date"] == (line_of(text, "2016-11-31"), 35)
    assert placed["duplicate-id"] == (line_of(text, "The meeting noted") - 1, 13)
    assert placed["unknown-agenda"] == (line_of(text, "agenda: closing"), 17)
    assert placed["id-mismatch"] == (2, 5)
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_a_field_the_model_refused_is_not_reported_again_by_the_rules(tmp_path: Path) -> None:
    text = MINIMAL.replace("agenda: opening", "agenda: Opening").replace(
        "end: 2016-11-24", "end: 2016-11-22"
    )
    problems = problems_of(tmp_path, text)
    assert [p.code for p in problems] == ["end-before-start", "not-an-id"]


def readme_codes() -> list[str]:
    """The codes the README's "Problem codes" table lists, in its order."""
    readme = (REPO / "README.md").read_text()
    table = readme.split("### Problem codes", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE)


def test_every_problem_code_is_listed_in_the_readme_in_one_style() -> None:
    listed = readme_codes()
    assert sorted(listed) == sorted(code.value for code in Code)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) for code in listed)


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("title: Outcome of the test meeting", "title: [a, b]", "not-text"),
        ("participants:", "participants: Cambodia\nformer:", "not-a-list"),
        (
            "  name: Senior Officials Meeting",
            "  name: Senior Officials Meeting\n  number: -1",
            "out-of-range",
        ),
        (
            "  name: Senior Officials Meeting",
            "  name: Senior Officials Meeting\n  number: 1000000",
            "out-of-range",
        ),
        (
            "  name: Senior Officials Meeting",
            "  name: Senior Officials Meeting\n  number: eleven",
            "not-a-number",
        ),
        ("  venue: {city: Vientiane, country: Lao PDR}", "  venue: Vientiane", "not-a-group"),
        ("  - group: Members", "  - group: ''", "empty-value"),
        ("  - group: Members", "  - group:", "empty-value"),
        ("    members: [Cambodia, China]", "    members: []", "empty-list"),
        ("start: 2016-11-23", "start: 23/11/2016", "not-a-date"),
        ("start: 2016-11-23", "start: 2016-02-30", "impossible-date"),
        ("id: first", "id: First", "not-an-id"),
        ("language: en", "language: English!", "not-a-language"),
        ("agenda: opening", "agenda: opening\n        kind: welcomed", "not-allowed"),
        ("format: 1", "format: 2", "unknown-format"),
    ],
)
def test_a_shape_problem_has_the_projects_code_not_the_librarys(
    tmp_path: Path, old: str, new: str, code: str
) -> None:
    assert old in MINIMAL
    problems = problems_of(tmp_path, MINIMAL.replace(old, new, 1))
    assert code in [p.code for p in problems], problems
    assert all(p.code in {c.value for c in Code} for p in problems)


def test_a_negative_meeting_number_is_told_its_range(tmp_path: Path) -> None:
    text = MINIMAL.replace("  venue:", "  number: -1\n  venue:")
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (line_of(text, "number: -1"), 11)
    assert problem.message == "-1 is out of range: write a whole number from 0 to 999999"


def test_without_libyaml_the_reader_gives_the_same_draft_and_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PyYAML built without libyaml (no CSafeLoader) reads drafts all the same."""
    import yaml

    from pipeline import loading

    broken = write_draft(tmp_path, MINIMAL.replace("language: en", "language: en\nlanguage: fr"))
    with_libyaml = (load_draft(EXAMPLE).outcome, _problems_of(broken))
    monkeypatch.setattr(loading, "EVENTS_LOADER", yaml.SafeLoader)
    assert (load_draft(EXAMPLE).outcome, _problems_of(broken)) == with_libyaml
    assert _problems_of(broken)[0].line == 4


def _problems_of(path: Path) -> list[Problem]:
    with pytest.raises(DraftInvalid) as caught:
        load_draft(path)
    return caught.value.problems
