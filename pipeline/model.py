"""The outcome draft as one typed model: what every command reads and every format renders.

The model knows no file format and no output format. The loader (`loading.py`) hands it
plain strings, lists and mappings; here they become dates, numbers and checked text.
"""

from __future__ import annotations

import functools
import json
import os
import re
import typing
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

# Before the first model is made: pydantic otherwise reads the entry points of every installed
# package looking for plugins (a tenth of the time the models take to build), and we use none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from pipeline.codes import Code
from pipeline.ids import (  # noqa: F401 (the loader finds them here too)
    DRAFT_ID_LENGTH,
    DRAFT_ID_PATTERN,
    ID_ALPHABET,
    ITEM_ID_LENGTH,
    ITEM_ID_PATTERN,
    LANGUAGE_PATTERN,
)

FORMAT_VERSION = 1
#: The largest number a draft may give (`meeting.number`); six digits are plenty.
MAX_NUMBER = 999_999

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: The most a draft may hold, so that every command takes what `validate` accepts: the review
#: copy gives each paragraph, sub-item, section, agenda item and participant group one Word
#: paragraph and each action four (its table row), about 4,000 at these limits, well within
#: the 5,000 `review` reads back from a returned copy (`review.reading.MAX_PARAGRAPHS`).
MAX_PARAGRAPHS = 2_000  # outcome paragraphs and their sub-items, together
MAX_OTHER_ENTRIES = 500  # sections, agenda items, participant groups and actions, together
#: Passages set apart in the texts (bold, italic, code, a link, square brackets, a line break):
#: each is a run of its own in Word, so they, more than the words, make a review copy large
#: and slow to write; real outcomes hold a few hundred.
MAX_MARKED = 10_000

ParagraphKind = Literal[
    "adopted", "decided", "agreed", "recommended", "noted", "requested", "other"
]


def _iso_date(value: object) -> object:
    """Read a date written as YYYY-MM-DD; nothing else is taken for a date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise PydanticCustomError(
            Code.NOT_A_DATE, "'{value}' is not a date: write it as YYYY-MM-DD", {"value": value}
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            Code.IMPOSSIBLE_DATE, "{value} is not a date that exists", {"value": value}
        ) from None


def _whole_number(value: object) -> object:
    """Read a number written in digits; `011` is 11, `-1` is -1 (its range is checked after),
    `eleven` and `1.5` are refused."""
    if isinstance(value, str):
        if not re.fullmatch(r"-?[0-9]{1,20}", value):
            raise PydanticCustomError(
                Code.NOT_A_NUMBER,
                "'{value}' is not a whole number: write it in digits, such as 11",
                {"value": value},
            )
        return int(value)
    return value


def _format_version(value: object) -> object:
    value = _whole_number(value)
    if value != FORMAT_VERSION:
        raise PydanticCustomError(
            Code.UNKNOWN_FORMAT,
            "this draft is in format {value}; this version of outcomes reads format {known}",
            {"value": value, "known": FORMAT_VERSION},
        )
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
FormatVersion = Annotated[Literal[1], BeforeValidator(_format_version)]
# The range is given before the reader, so that the JSON Schema carries it as minimum and
# maximum (given after, Pydantic writes it as "ge" and "le", which editors do not know).
WholeNumber = Annotated[int, Field(ge=0, le=MAX_NUMBER), BeforeValidator(_whole_number)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DraftId = Annotated[str, StringConstraints(pattern=DRAFT_ID_PATTERN)]
ItemId = Annotated[str, StringConstraints(pattern=ITEM_ID_PATTERN)]
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]


class Strict(BaseModel):
    """Every part of a draft refuses keys it does not know and never changes once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Venue(Strict):
    city: Text
    country: Text


class Dates(Strict):
    start: IsoDate
    end: IsoDate | None = None

    @property
    def last(self) -> date:
        return self.end or self.start


class Meeting(Strict):
    name: Text = Field(description="The meeting's full name.")
    short_name: Text | None = Field(None, description="A short name, such as 'SOM 11'.")
    process: Text | None = Field(None, description="The body or series the meeting belongs to.")
    number: WholeNumber | None = Field(None, description="The meeting's number in its series.")
    venue: Venue
    dates: Dates
    host: Text | None = None
    chair: Text | None = None


class ParticipantGroup(Strict):
    group: Text = Field(description="Who they are, such as 'COMMIT member governments'.")
    members: list[Text] = Field(min_length=1)


class AgendaItem(Strict):
    id: ItemId
    title: Text


class Paragraph(Strict):
    id: ItemId = Field(description="Unique in the draft and stable from version to version.")
    kind: ParagraphKind | None = None
    agenda: ItemId | None = Field(None, description="The id of the agenda item it answers.")
    text: Text = Field(description="Inline Markdown: **bold**, *italic*, [link](https://...).")
    items: list[Text] = Field(default_factory=list, description="Sub-paragraphs (a), (b), (c).")


class Section(Strict):
    id: ItemId
    title: Text
    paragraphs: list[Paragraph] = Field(min_length=1)


class Action(Strict):
    id: ItemId
    text: Text
    owner: Text | None = None
    due: IsoDate | None = None


class Outcome(Strict):
    """One meeting's outcome document, as drafted by the secretariat."""

    model_config = ConfigDict(title="Outcome draft")

    format: FormatVersion = Field(description="The version of this format.")
    id: DraftId = Field(description="Names files and tags; equals the file name.")
    language: Language = Field(description="BCP 47 language tag: en, zh-Hans, km, lo, th, vi ...")
    title: Text
    symbol: Text | None = Field(None, description="Document symbol, printed on every page.")
    headline: Text | None = Field(None, description="The web news title; defaults to the title.")
    summary: Text | None = Field(None, description="Lead paragraph for the web page and feed.")
    adopted: IsoDate | None = Field(None, description="The date the meeting adopted the text.")
    meeting: Meeting
    participants: list[ParticipantGroup] = Field(min_length=1)
    agenda: list[AgendaItem] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    actions: list[Action] = Field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every outcome paragraph in document order: paragraph n is `paragraphs[n - 1]`."""
        return [p for section in self.sections for p in section.paragraphs]


def models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The models a field's type names: `list[Section] | None` gives Section."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from models_in(argument)


@functools.cache
def field_names(model: type[BaseModel] = Outcome) -> frozenset[str]:
    """Every field name of the format, at any depth."""
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for inner in models_in(info.annotation):
            names |= field_names(inner)
    return frozenset(names)


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def draft_schema() -> dict[str, Any]:
    """The format as a JSON Schema, for editors that check drafts as they are typed."""
    return {"$schema": SCHEMA_DIALECT, **Outcome.model_json_schema()}


def schema_text() -> str:
    """The schema as the file editors read: indented, keys in a stable order."""
    return json.dumps(draft_schema(), indent=2, ensure_ascii=False) + "\n"
