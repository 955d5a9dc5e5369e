"""CI for a secretariat's repository: problems as the host annotates them, and the workflow
`outcomes init --ci` writes, checked against the host's own JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.annotations import github_command
from pipeline.errors import Problem
from tests.helpers import MINIMAL, line_of, run, write_draft

BROKEN = MINIMAL.replace("language: en", "langauge: en").replace("2016-11-24", "2016-02-30")


def test_validate_format_github_prints_one_workflow_command_per_problem(project: Path) -> None:
    write_draft(project, BROKEN)
    status, out, err = run(project, "validate", "--format", "github", "som-test")
    assert status == 1
    assert out.splitlines() == [
        "::error file=drafts/som-test.yaml,line=3,col=1,title=unknown-key::'langauge' is not a "
        "field of the draft format; did you mean 'language'? (langauge)",
        "::error file=drafts/som-test.yaml,line=8,col=35,title=impossible-date::2016-02-30 is "
        "not a date that exists (meeting.dates.end)",
    ]
    assert err == "2 problems in drafts/som-test.yaml\n"


def test_validate_format_github_passes_a_warning_as_a_warning(project: Path) -> None:
    text = MINIMAL.replace("noted the report.", "noted report #2.")
    write_draft(project, text)
    status, out, err = run(project, "validate", "--format", "github", "som-test")
    line = line_of(text, "report #2")
    assert status == 0
    assert out.splitlines() == [
        f"::warning file=drafts/som-test.yaml,line={line},col=40,title=comment-in-text::the text "
        f"after '#' on line {line} was read as a comment and left out; if it belongs to the "
        "text, put the whole text in quotes (sections[0].paragraphs[1].text)"
    ]
    assert err == "1 draft is valid: drafts/som-test.yaml\n"


def test_validate_format_github_escapes_what_would_end_the_command(project: Path) -> None:
    write_draft(project, MINIMAL.replace("language: en", "language: en\n'50%, or: more': x"))
    _, out, _ = run(project, "validate", "--format", "github", "som-test")
    assert out == (
        "::error file=drafts/som-test.yaml,line=4,col=1,title=unknown-key::'50%25, or: more' is "
        "not a field of the draft format; the fields here are: format, id, language, title, "
        "symbol, headline, summary, adopted, meeting, participants, agenda, sections, actions "
        "(50%25, or: more)\n"
    )


def test_a_github_command_escapes_percent_and_line_breaks_and_its_properties() -> None:
    problem = Problem("drafts/a:b,c%.yaml", 2, 5, "one%\r\ntwo: three, four", code="invalid")
    assert github_command(problem) == (
        "::error file=drafts/a%3Ab%2Cc%25.yaml,line=2,col=5,title=invalid::"
        "one%25%0D%0Atwo: three, four"
    )


def test_a_github_command_for_a_file_without_lines_names_the_file_alone() -> None:
    problem = Problem("drafts/x.yaml", 0, 0, "the file is over 1 MB", code="too-large")
    assert github_command(problem) == (
        "::error file=drafts/x.yaml,title=too-large::the file is over 1 MB"
    )


def test_validate_format_gitlab_prints_the_code_quality_report(project: Path) -> None:
    write_draft(project, BROKEN)
    status, out, err = run(project, "validate", "--format", "gitlab")
    issues = json.loads(out)
    assert status == 1
    for issue in issues:
        assert len(issue.pop("fingerprint")) == 64
    assert issues == [
        {
            "description": "'langauge' is not a field of the draft format; did you mean "
            "'language'? (langauge)",
            "check_name": "unknown-key",
            "severity": "major",
            "location": {"path": "drafts/som-test.yaml", "lines": {"begin": 3}},
        },
        {
            "description": "2016-02-30 is not a date that exists (meeting.dates.end)",
            "check_name": "impossible-date",
            "severity": "major",
            "location": {"path": "drafts/som-test.yaml", "lines": {"begin": 8}},
        },
    ]
    assert "drafts/som-test.yaml:3:1: error: 'langauge' is not a field" in err
    assert err.endswith("2 problems in drafts/som-test.yaml\n")


def test_validate_format_gitlab_prints_an_empty_report_for_valid_drafts(project: Path) -> None:
    status, out, err = run(project, "validate", "--format", "gitlab")
    assert (status, out) == (0, "[]\n")
    assert err == "1 draft is valid: drafts/commit-som11.yaml\n"


def test_gitlab_fingerprints_are_unique_and_survive_lines_added_above(project: Path) -> None:
    twice = BROKEN.replace("- id: second", "- id: first\n        text: Twice.\n      - id: first")
    write_draft(project, twice)
    before = json.loads(run(project, "validate", "--format", "gitlab")[1])
    write_draft(project, twice.replace("format: 1\n", "format: 1\n\n\n"))
    after = json.loads(run(project, "validate", "--format", "gitlab")[1])
    fingerprints = [issue["fingerprint"] for issue in before]
    assert [issue["check_name"] for issue in before].count("duplicate-id") == 2
    assert len(set(fingerprints)) == len(fingerprints)
    assert [issue["fingerprint"] for issue in after] == fingerprints
    assert [issue["location"]["lines"]["begin"] for issue in after] == [
        issue["location"]["lines"]["begin"] + 2 for issue in before
    ]


def test_validate_refuses_json_with_a_ci_format(project: Path) -> None:
    status, _, err = run(project, "validate", "--json", "--format", "github")
    assert status == 2 and "--json cannot be given with --format github" in err
