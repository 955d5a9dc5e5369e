"""The command line contract: exit statuses, plain messages, JSON, nothing written on refusal."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from jsonschema_specifications import REGISTRY

from pipeline import __version__
from pipeline.cli import cli
from pipeline.loading import load_draft
from pipeline.model import Action, Meeting, Outcome, Paragraph
from pipeline.records import plain
from tests.conftest import REPO
from tests.helpers import MINIMAL, line_of, run, write_draft


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_validate_checks_every_draft_when_none_is_named(project: Path) -> None:
    write_draft(project, MINIMAL)
    status, out, _ = run(project, "validate")
    assert status == 0
    assert "2 drafts are valid: drafts/commit-som11.yaml, drafts/som-test.yaml" in out


def test_a_draft_is_found_by_the_path_the_project_names_it_by(tmp_path: Path) -> None:
    """`drafts/som-test.yaml`, as every message names it, from outside the project too."""
    write_draft(tmp_path)
    assert not (Path.cwd() / "drafts" / "som-test.yaml").exists()

    status, out, _ = run(tmp_path, "validate", "drafts/som-test.yaml")

    assert (status, out) == (0, "1 draft is valid: drafts/som-test.yaml\n")


def test_validate_checks_the_project_s_settings_too(tmp_path: Path) -> None:
    """CI runs validate on every push: a misspelt label is told there, not at publication."""
    write_draft(tmp_path)
    settings = "[tool.outcomes]\n[tool.outcomes.labels]\nactoins = 'Next steps'\n"
    (tmp_path / "pyproject.toml").write_text(settings)

    status, out, err = run(tmp_path, "validate")

    assert (status, out) == (1, "")
    assert "[tool.outcomes.labels] has no label 'actoins'; did you mean 'actions'?" in err


def test_an_invalid_draft_exits_1_with_placed_sentences_and_no_traceback(project: Path) -> None:
    path = write_draft(project, MINIMAL.replace("language: en", "langauge: en"))
    before = files_under(project)
    status, out, err = run(project, "validate", str(path))
    assert status == 1
    assert "drafts/som-test.yaml:3:1: error: 'langauge' is not a field" in err
    assert "did you mean 'language'?" in err
    assert "Traceback" not in err + out
    assert files_under(project) == before


def test_validate_json_is_one_object_on_stdout(project: Path) -> None:
    path = write_draft(project, MINIMAL.replace("2016-11-24", "2016-02-30"))
    status, out, _ = run(project, "validate", "--json", str(path))
    report = json.loads(out)
    assert status == 1 and report["ok"] is False
    [problem] = report["problems"]
    assert problem["line"] == 8 and problem["code"] == "impossible-date"


def test_validate_strict_refuses_unagreed_text_naming_each_place(project: Path) -> None:
    text = MINIMAL.replace("the indicators.", "the [ASEAN-COMMIT] indicators [in principle].")
    path = write_draft(project, text)
    assert run(project, "validate", str(path))[0] == 0
    status, _, err = run(project, "validate", "--strict", str(path))
    assert status == 1
    assert "[ASEAN-COMMIT] is in square brackets" in err
    assert "[in principle] is in square brackets" in err
    assert "needs 'adopted:'" in err


def test_validate_strict_places_a_bracket_inside_a_folded_text(project: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.",
        "text: >\n"
        "          The meeting noted the report\n"
        "          of the Secretariat and agreed to\n"
        "          hold [two] meetings a year.",
    )
    path = write_draft(project, text)
    status, _, err = run(project, "validate", "--strict", str(path))
    assert status == 1
    line = line_of(text, "[two]")
    assert f"drafts/som-test.yaml:{line}:16: error: [two] is in square brackets" in err


def test_validate_reports_shape_and_rule_errors_in_one_run(project: Path) -> None:
    text = (
        MINIMAL.replace("language: en", "langauge: en")
        .replace("start: 2016-11-23", "start: 2016-13-23")
        .replace("id: second", "id: first")
    )
    path = write_draft(project, text)
    status, out, err = run(project, "validate", str(path))
    assert status == 1
    assert "drafts/som-test.yaml:3:1: error: 'langauge' is not a field" in err
    assert (
        f"drafts/som-test.yaml:{line_of(text, '2016-13-23')}:18: error: 2016-13-23 is not a date"
        in err
    )
    duplicate = line_of(text, "The meeting noted") - 1
    assert (
        f"drafts/som-test.yaml:{duplicate}:13: error: the paragraph id 'first' is already used"
        in err
    )
    assert "Traceback" not in err + out


def test_a_typing_mistake_is_a_sentence_not_parser_text(project: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.", "text: [The meeting noted] the report."
    )
    path = write_draft(project, text)
    status, out, err = run(project, "validate", str(path))
    assert status == 1
    assert (
        f"drafts/som-test.yaml:{line_of(text, '[The')}:15: error: a text that begins with '['"
        in err
    )
    assert "(sections[0].paragraphs[1].text)" in err
    assert "expected key" not in err and "block mapping" not in err and "Traceback" not in err + out


def test_wrong_usage_exits_2(project: Path) -> None:
    assert run(project, "validate", "--no-such-flag")[0] == 2
    assert run(project, "validate", "drafts/missing.yaml")[0] == 2


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


def test_new_writes_a_draft_that_validates_and_comments_every_field(tmp_path: Path) -> None:
    status, out, _ = run(tmp_path, "new", "som-12")
    assert status == 0 and "wrote drafts/som-12.yaml" in out
    text = (tmp_path / "drafts" / "som-12.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=outcome.schema.json\n")
    draft = load_draft(tmp_path / "drafts" / "som-12.yaml")
    assert draft.outcome.id == "som-12" and draft.warnings == []
    assert (tmp_path / "drafts" / "outcome.schema.json").is_file()
    for model in (Outcome, Meeting, Paragraph, Action):  # every field is there to fill in
        for name in (f.name for f in fields(model)):
            assert f"{name}:" in text, name
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 20


def test_a_new_draft_is_not_adopted_until_the_officer_says_when(tmp_path: Path) -> None:
    """The day the file was made is no adoption date: publication asks for the real one."""
    run(tmp_path, "new", "som-12")

    draft = load_draft(tmp_path / "drafts" / "som-12.yaml")

    assert draft.outcome.adopted is None
    status, _, err = run(tmp_path, "validate", "--strict", "som-12")
    assert status == 1 and "needs 'adopted:'" in err


def test_new_never_overwrites_a_draft(project: Path) -> None:
    before = files_under(project)
    status, _, err = run(project, "new", "commit-som11")
    assert status == 1 and "exists already" in err
    assert files_under(project) == before


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "UPPER", "x"])
def test_new_refuses_an_id_that_could_leave_its_folder(tmp_path: Path, bad_id: str) -> None:
    status, _, err = run(tmp_path, "new", bad_id)
    assert status == 2 and "is not a draft id" in err
    assert not any(tmp_path.rglob("*.yaml"))


def test_schema_is_json_schema_and_the_shipped_copy_is_current() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "meeting" in schema["required"] and schema["additionalProperties"] is False
    assert (REPO / "drafts" / "outcome.schema.json").read_text() == result.stdout


def test_an_internal_error_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "pyproject.toml").write_text("[tool.outcomes]\nnot valid toml = = =\n")
    (tmp_path / "drafts").mkdir()
    write_draft(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(tmp_path), "new", "som-12"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "cannot be read as TOML" in done.stderr and "Traceback" not in done.stderr
    assert f"{tmp_path / 'pyproject.toml'}:2:5: cannot be read as TOML: " in done.stderr


@pytest.mark.parametrize(
    "written", ['"Caf\\u00e9 noted [two]"', '"Tab\\there [two]"', "'the officers'' [two]'"]
)
def test_validate_strict_places_a_bracket_after_an_escape(project: Path, written: str) -> None:
    text = MINIMAL.replace("text: The meeting noted the report.", f"text: {written}")
    status, _, err = run(project, "validate", "--strict", str(write_draft(project, text)))
    line = line_of(text, "[two]")
    column = text.split("\n")[line - 1].index("[two]") + 1
    assert status == 1 and f"drafts/som-test.yaml:{line}:{column}: error: [two]" in err


def test_validate_strict_tells_unagreed_text_with_the_shape_problems(project: Path) -> None:
    text = MINIMAL.replace("language: en", "langauge: en").replace(
        "the indicators.", "the [ASEAN-COMMIT] indicators."
    )
    status, _, err = run(project, "validate", "--strict", str(write_draft(project, text)))
    assert status == 1
    assert "drafts/som-test.yaml:3:1: error: 'langauge' is not a field" in err
    line = line_of(text, "[ASEAN-COMMIT]")
    assert f"drafts/som-test.yaml:{line}:39: error: [ASEAN-COMMIT] is in square brackets" in err
    assert "error: a published outcome needs 'adopted:'" in err
    assert err.rstrip().endswith("3 problems in drafts/som-test.yaml")


def test_publish_tells_unagreed_text_with_the_shape_problems(project: Path) -> None:
    text = MINIMAL.replace("language: en", "langauge: en").replace(
        "the indicators.", "the [ASEAN-COMMIT] indicators."
    )
    status, _, err = run(project, "publish", str(write_draft(project, text)))
    assert status == 1
    assert "'langauge' is not a field" in err and "[ASEAN-COMMIT] is in square brackets" in err
    assert err.rstrip().endswith("3 problems in drafts/som-test.yaml; nothing was written")


def test_validate_never_says_it_wrote_nothing(project: Path) -> None:
    path = write_draft(project, MINIMAL.replace("language: en", "langauge: en"))
    _, _, err = run(project, "validate", str(path))
    assert err.rstrip().endswith("\n1 problem in drafts/som-test.yaml")


COMMENT_IN_TEXT = MINIMAL.replace(
    "text: The meeting noted the report.", "text: The meeting approved item #2 of 3."
).replace("title: Outcome of the test meeting", "title: Outcome\nadopted: 2016-11-24")


def test_a_text_cut_short_by_a_comment_passes_validate_with_a_warning(project: Path) -> None:
    status, out, err = run(project, "validate", str(write_draft(project, COMMENT_IN_TEXT)))
    line = line_of(COMMENT_IN_TEXT, "#2")
    assert status == 0 and "1 draft is valid" in out
    assert f"drafts/som-test.yaml:{line}:41: warning: the text after '#'" in err


@pytest.mark.parametrize("command", ["validate --strict", "publish"])
def test_a_text_cut_short_by_a_comment_is_refused_at_publication(
    project: Path, command: str
) -> None:
    path = write_draft(project, COMMENT_IN_TEXT)
    status, _, err = run(project, *command.split(), str(path))
    line = line_of(COMMENT_IN_TEXT, "#2")
    assert status == 1
    assert f"drafts/som-test.yaml:{line}:41: error: the text after '#'" in err
    assert "a published text must not lose words" in err
    assert not (project / "published").exists()


DIALECT = "https://json-schema.org/draft/2020-12/"


def json_schema_keywords() -> set[str]:
    """The keywords JSON Schema 2020-12 defines: those its meta-schema and the meta-schemas of
    its vocabularies (core, applicator, validation ...) describe. Editors ignore any other, so
    a constraint written with another is no constraint at all."""
    meta = REGISTRY.contents(f"{DIALECT}schema")
    keywords = set(meta["properties"])
    for vocabulary in meta["allOf"]:
        keywords |= set(REGISTRY.contents(DIALECT + vocabulary["$ref"])["properties"])
    return keywords


SCHEMA_MAPS = frozenset({"properties", "$defs", "patternProperties", "dependentSchemas"})
SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})


def keywords_in(schema: dict[str, object]) -> set[str]:
    """Every keyword a schema and the schemas inside it use."""
    found = set(schema)
    for key, value in schema.items():
        if key in SCHEMA_MAPS and isinstance(value, dict):
            inner = list(value.values())
        elif key in SCHEMA_LISTS and isinstance(value, list):
            inner = value
        elif isinstance(value, dict) and key not in ("default", "const", "examples"):
            inner = [value]
        else:
            inner = []
        for sub in inner:
            found |= keywords_in(sub)
    return found


def printed_schema() -> dict[str, object]:
    return json.loads(CliRunner().invoke(cli, ["schema"]).stdout)


def test_the_schema_passes_the_json_schema_meta_schema_with_its_keywords_only() -> None:
    schema = printed_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert keywords_in(schema) - json_schema_keywords() == set()


def test_the_schema_takes_the_example_and_refuses_a_negative_meeting_number() -> None:
    validator = jsonschema.Draft202012Validator(printed_schema())
    example = plain(load_draft(REPO / "drafts" / "commit-som11.yaml").outcome, as_json=True)
    assert list(validator.iter_errors(example)) == []
    example["meeting"]["number"] = -1
    [error] = validator.iter_errors(example)
    assert list(error.absolute_path) == ["meeting", "number"]


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("command", ["", *cli.commands])
def test_help_never_breaks_a_name_at_its_hyphen(command: str, width: int) -> None:
    result = CliRunner().invoke(cli, [*command.split(), "--help"], terminal_width=width)
    assert result.exit_code == 0
    broken = [line for line in result.stdout.splitlines() if re.search(r"\w-$", line)]
    assert broken == []
