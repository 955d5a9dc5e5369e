"""The records the format is made of: read from plain data, every mismatch found at once."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Annotated, Literal

import jsonschema
import pytest

from pipeline.codes import Code
from pipeline.loading import load_draft
from pipeline.model import Outcome, draft_schema
from pipeline.records import (
    WORDS,
    Mismatch,
    Pattern,
    field,
    fields_at,
    made,
    plain,
    read,
    record,
)
from tests.helpers import EXAMPLE_DRAFT, REPO

Name = Annotated[str, WORDS]
Key = Annotated[str, Pattern(r"^[a-z]+$", Code.NOT_AN_ID)]


@record
class Place:
    city: Name
    country: Name | None = None


@record
class Visit:
    """A visit, for these tests."""

    key: Key = field(description="Lower-case letters.")
    kind: Literal["short", "long"] | None = None
    places: list[Place] = field(least=1)
    notes: list[Name] = field(empty_list=True)


def test_plain_data_becomes_a_frozen_typed_record() -> None:
    visit, found = read(Visit, {"key": "one", "places": [{"city": "  Hanoi "}]})

    assert found == []
    assert visit == Visit(key="one", places=[Place(city="Hanoi")])  # spaces at the ends dropped
    assert visit.kind is None and visit.notes == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        visit.key = "two"  # type: ignore[misc]


def test_every_mismatch_is_reported_at_once_with_its_path_and_code() -> None:
    data = {
        "key": "Not-Lower",
        "kind": "medium",
        "places": [{"city": ["a list"]}, {"country": "Lao PDR", "town": "Vientiane"}],
        "notes": "one note",
        "colour": "blue",
    }

    visit, found = read(Visit, data)

    assert visit is None
    assert [(m.path, m.code) for m in found] == [
        (("key",), Code.NOT_AN_ID),
        (("kind",), Code.NOT_ALLOWED),
        (("places", 0, "city"), Code.NOT_TEXT),
        (("places", 1, "city"), Code.MISSING),
        (("places", 1, "town"), Code.UNKNOWN_KEY),
        (("notes",), Code.NOT_A_LIST),
        (("colour",), Code.UNKNOWN_KEY),
    ]
    assert found[1].message == "'medium' is not allowed here; use one of 'short' or 'long'"


def test_a_choice_misspelt_is_told_with_the_one_meant() -> None:
    _, found = read(Visit, {"key": "one", "kind": "shrot", "places": [{"city": "Hue"}]})

    assert found[0].message == (
        "'shrot' is not allowed here; did you mean 'short'? (one of 'short' or 'long')"
    )


def test_a_required_value_left_empty_is_empty_whatever_its_kind() -> None:
    _, found = read(Visit, {"key": None, "places": None})

    assert found == [Mismatch(("key",), Code.EMPTY_VALUE), Mismatch(("places",), Code.EMPTY_VALUE)]


def test_a_list_shorter_than_its_least_and_a_blank_text_are_refused() -> None:
    _, found = read(Visit, {"key": "one", "places": [], "notes": ["   "]})

    assert [(m.path, m.code) for m in found] == [
        (("places",), Code.EMPTY_LIST),
        (("notes", 0), Code.EMPTY_VALUE),
    ]


def test_the_fields_allowed_at_a_path_are_those_of_the_record_there() -> None:
    assert fields_at(Visit, ()) == ["key", "kind", "places", "notes"]
    assert fields_at(Visit, ("places", 3)) == ["city", "country"]


def test_a_record_goes_back_to_plain_data_and_comes_again_the_same() -> None:
    outcome = load_draft(REPO / EXAMPLE_DRAFT).outcome

    data = plain(outcome, as_json=True)

    assert data["meeting"]["dates"]["start"] == "2016-11-23"  # as a published JSON has it
    assert plain(outcome)["meeting"]["dates"]["start"] == date(2016, 11, 23)
    assert made(Outcome, json.loads(json.dumps(data))) == outcome


def test_made_refuses_data_that_does_not_fit() -> None:
    with pytest.raises(ValueError, match="not a Visit"):
        made(Visit, {"key": "one"})


def test_the_json_schema_takes_the_example_and_refuses_what_read_refuses() -> None:
    schema = draft_schema()
    example = plain(load_draft(REPO / EXAMPLE_DRAFT).outcome, as_json=True)
    jsonschema.validate(example, schema)

    for broken in ({**example, "colour": "blue"}, {**example, "id": "Not An Id"}):
        assert read(Outcome, broken)[0] is None
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
