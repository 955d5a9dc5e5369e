"""CI for a secretariat's repository: problems as the host annotates them, and the workflow
`outcomes init --ci` writes, checked against the host's own JSON Schema."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.annotations import github_command
from pipeline.commands.init import requirement_from
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
    assert err.splitlines() == [  # the log lists them all: GitHub annotates 10 errors a step
        "drafts/som-test.yaml:3:1: error: 'langauge' is not a field of the draft format; did you "
        "mean 'language'? (langauge)",
        "drafts/som-test.yaml:8:35: error: 2016-02-30 is not a date that exists "
        "(meeting.dates.end)",
        "2 problems in drafts/som-test.yaml",
    ]


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
    assert err.endswith(
        "(sections[0].paragraphs[1].text)\n1 draft is valid: drafts/som-test.yaml\n"
    )


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
    twice = BROKEN.replace(
        "- id: second", "- id: first\n        text: Twice.\n      - id: first"
    ).replace("noted the report.", "noted report #2.")  # its message names its line
    write_draft(project, twice)
    before = json.loads(run(project, "validate", "--format", "gitlab")[1])
    write_draft(project, twice.replace("format: 1\n", "format: 1\n\n\n"))
    after = json.loads(run(project, "validate", "--format", "gitlab")[1])
    fingerprints = [issue["fingerprint"] for issue in before]
    assert [issue["check_name"] for issue in before] == [
        "unknown-key",
        "impossible-date",
        "duplicate-id",
        "duplicate-id",
        "comment-in-text",
    ]
    assert len(set(fingerprints)) == len(fingerprints)
    assert [issue["fingerprint"] for issue in after] == fingerprints
    assert [issue["location"]["lines"]["begin"] for issue in after] == [
        issue["location"]["lines"]["begin"] + 2 for issue in before
    ]


def test_validate_refuses_json_with_a_ci_format(project: Path) -> None:
    status, _, err = run(project, "validate", "--json", "--format", "github")
    assert status == 2 and "--json cannot be given with --format github" in err


# --- outcomes init --ci ---------------------------------------------------------------------

PINNED = "outcomes @ git+https://git.example.org/un-act/outcomes.git@v0.1.0"
SCHEMAS = {"github": "vendor.github-workflows", "gitlab": "vendor.gitlab-ci"}


def host_schema_problems(host: str, path: Path) -> str:
    """What check-jsonschema finds against the host's schema, which its package vendors
    (no network): '' when the file passes."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", SCHEMAS[host], str(path)],
        capture_output=True,
        text=True,
    )
    return "" if done.returncode == 0 else done.stdout + done.stderr


def test_init_ci_github_writes_a_workflow_github_accepts(project: Path) -> None:
    status, out, _ = run(project, "init", "--ci", "github", "--install", PINNED)
    path = project / ".github" / "workflows" / "outcomes.yml"
    assert status == 0
    assert out.startswith("wrote .github/workflows/outcomes.yml: on every push and pull request")
    assert host_schema_problems("github", path) == ""
    workflow = yaml.safe_load(path.read_text("utf-8"))
    # YAML 1.1 reads `on` as True; a push of the version tags outcomes records is no change
    assert workflow[True] == {"push": {"branches": ["**"]}, "pull_request": None}
    assert workflow["env"] == {"OUTCOMES_REQUIREMENT": PINNED}
    assert workflow["permissions"] == {"contents": "read"}
    validate = workflow["jobs"]["validate"]["steps"]
    assert [step.get("run") for step in validate][2:] == [
        'python -m pip install --quiet "$OUTCOMES_REQUIREMENT"',
        "outcomes validate --strict --format github",
    ]
    pages = workflow["jobs"]["pages"]
    assert pages["if"] == (
        "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch"
    )
    assert "needs" not in pages  # a draft under negotiation holds back no publication
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert [step.get("uses") for step in pages["steps"]] == [
        "actions/checkout@v4",
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
    ]
    assert pages["steps"][1]["with"] == {"path": "published"}


def test_init_ci_gitlab_writes_a_pipeline_gitlab_accepts(project: Path) -> None:
    status, out, _ = run(project, "init", "--ci", "gitlab", "--install", "outcomes==0.1.0")
    path = project / ".gitlab-ci.yml"
    assert status == 0
    assert out.startswith("wrote .gitlab-ci.yml: on every push and merge request")
    assert host_schema_problems("gitlab", path) == ""
    pipeline = yaml.safe_load(path.read_text("utf-8"))
    assert pipeline["variables"] == {"OUTCOMES_REQUIREMENT": "outcomes==0.1.0"}
    assert pipeline["workflow"]["rules"] == [  # merge requests and branches; no version tags
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'},
        {"if": "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", "when": "never"},
        {"if": "$CI_COMMIT_BRANCH"},
    ]
    validate = pipeline["validate"]
    assert validate["script"][-1] == (
        "outcomes validate --strict --format gitlab > gl-code-quality-report.json"
    )
    assert validate["artifacts"] == {
        "when": "always",  # the report matters most when validation fails
        "reports": {"codequality": "gl-code-quality-report.json"},
    }
    pages = pipeline["pages"]
    assert pages["script"] == ["cp -R published public"]
    assert pages["artifacts"] == {"paths": ["public"]}
    assert pages["needs"] == []
    assert pages["rules"] == [
        {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", "exists": ["published/index.html"]}
    ]


def test_the_schema_check_refuses_a_workflow_github_would_refuse(tmp_path: Path) -> None:
    run(tmp_path, "init", "--ci", "github", "--install", PINNED)
    path = tmp_path / ".github" / "workflows" / "outcomes.yml"
    path.write_text(path.read_text("utf-8").replace("runs-on:", "run-on:"), "utf-8")
    assert "run-on" in host_schema_problems("github", path)


def test_init_ci_never_writes_over_an_existing_file(project: Path) -> None:
    (project / ".gitlab-ci.yml").write_text("# the secretariat's own\n", "utf-8")
    status, _, err = run(project, "init", "--ci", "gitlab", "--install", PINNED)
    assert status == 1
    assert "Error: .gitlab-ci.yml exists already, and outcomes writes it only where" in err
    assert (project / ".gitlab-ci.yml").read_text("utf-8") == "# the secretariat's own\n"


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("weasyprint>=70", "'weasyprint>=70' installs weasyprint, not outcomes"),
        ("outcomes @", "'outcomes @' is not a pip requirement"),
        ("outcomes @ git+https://x.org/$REPO", "holds a character CI would read as its own"),
        ('outcomes=="0.1"', "is not a pip requirement"),
    ],
)
def test_init_ci_refuses_an_install_line_ci_could_not_use(
    tmp_path: Path, given: str, said: str
) -> None:
    status, _, err = run(tmp_path, "init", "--ci", "github", "--install", given)
    assert status == 2 and said in err
    assert not (tmp_path / ".github").exists()


def test_init_ci_asks_where_to_install_from_when_outcomes_came_from_a_folder(
    tmp_path: Path,
) -> None:
    """The tests run an outcomes installed from its checkout, which no CI machine can reach."""
    status, _, err = run(tmp_path, "init", "--ci", "github")
    assert status == 1
    assert "which CI cannot reach: say where CI installs it from with --install" in err
    assert not (tmp_path / ".github").exists()


@pytest.mark.parametrize(
    ("direct_url", "requirement"),
    [
        (None, "outcomes==0.1.0"),  # from a package index: pip writes no direct_url.json
        (
            '{"url": "https://git.example.org/outcomes.git", "vcs_info": {"vcs": "git", '
            '"requested_revision": "v0.1.0", '
            '"commit_id": "0123456789abcdef0123456789abcdef01234567"}}',
            "outcomes @ git+https://git.example.org/outcomes.git"
            "@0123456789abcdef0123456789abcdef01234567",
        ),
        ('{"url": "file:///home/officer/outcomes", "dir_info": {"editable": true}}', None),
        (
            '{"url": "file:///srv/outcomes", "vcs_info": {"vcs": "git", "commit_id": "01234567"}}',
            None,
        ),
        (
            '{"url": "https://example.org/outcomes-0.1.0.tar.gz", "archive_info": {}}',
            "outcomes @ https://example.org/outcomes-0.1.0.tar.gz",
        ),
        (
            '{"url": "https://example.org/outcomes", "vcs_info": {"vcs": "hg", "commit_id": "ab"}}',
            None,
        ),
    ],
)
def test_the_default_install_line_is_where_pip_installed_outcomes_from(
    direct_url: str | None, requirement: str | None
) -> None:
    assert requirement_from(direct_url, "0.1.0") == requirement


def test_a_draft_cannot_write_a_workflow_command_of_its_own(project: Path) -> None:
    """GitHub's runner reads every line of a step's output that starts with '::' as a command:
    a line break in a draft's key must not start one, in the annotations or in the text."""
    forged = '"x\\n::warning::forged\\r\\n::add-mask::y\\u2028::notice::z": 1'
    write_draft(project, MINIMAL.replace("language: en", f"language: en\n{forged}"))
    status, out, err = run(project, "validate", "--format", "github", "som-test")
    lines = re.split(r"\r\n|\r|\n", out + err)  # as the runner reads them (.NET's ReadLine)
    commands = [line for line in lines if line.startswith("::")]
    assert status == 1
    assert commands == [
        "::error file=drafts/som-test.yaml,line=4,col=1,title=unknown-key::'x%0A::warning::forged"
        "%0D%0A::add-mask::y\u2028::notice::z' is not a field of the draft format; the fields here "
        "are: format, id, language, title, symbol, headline, summary, adopted, meeting, "
        "participants, agenda, sections, actions (x%0A::warning::forged%0D%0A::add-mask::y"
        "\u2028::notice::z)"
    ]
    assert err.splitlines()[0].startswith(
        "drafts/som-test.yaml:4:1: error: 'x\\n::warning::forged\\r\\n::add-mask::y\\u2028"
        "::notice::z' is not a field"
    )


def test_a_problem_is_one_line_of_text_whatever_the_draft_holds(project: Path) -> None:
    write_draft(project, MINIMAL.replace("language: en", 'language: en\n"a\\nb\\rc": 1'))
    status, _, err = run(project, "validate", "som-test")
    assert status == 1
    assert err.splitlines()[0] == (
        "drafts/som-test.yaml:4:1: error: 'a\\nb\\rc' is not a field of the draft format; the "
        "fields here are: format, id, language, title, symbol, headline, summary, adopted, "
        "meeting, participants, agenda, sections, actions (a\\nb\\rc)"
    )
