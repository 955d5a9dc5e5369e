"""The outcome draft as one typed model: what every command reads and every format renders.

The model knows no file format and no output format. The loader (`loading.py`) hands it
plain strings, lists and mappings; here they become dates, numbers and checked text.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from typing import Annotated, Any, Literal

from pipeline.codes import Code
from pipeline.ids import (  # noqa: F401 (the loader finds them here too)
    DRAFT_ID_LENGTH,
    DRAFT_ID_PATTERN,
    ID_ALPHABET,
    ITEM_ID_LENGTH,
    ITEM_ID_PATTERN,
    LANGUAGE_PATTERN,
)
from pipeline.records import WORDS, Pattern, Reader, Refused, all_field_names, field, record
from pipeline.records import schema as record_schema

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


def _iso_date(value: object) -> date:
    """Read a date written as YYYY-MM-DD; nothing else is taken for a date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise Refused(Code.NOT_A_DATE)
    if not ISO_DATE.match(value):
        raise Refused(Code.NOT_A_DATE, f"'{value}' is not a date: write it as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Refused(Code.IMPOSSIBLE_DATE, f"{value} is not a date that exists") from None


def _whole_number(value: object) -> int:
    """Read a number written in digits; `011` is 11, `eleven` and `1.5` are refused."""
    if isinstance(value, int) and not isinstance(value, bool):  # as a published JSON has it
        return value
    if not isinstance(value, str):
        raise Refused(Code.NOT_A_NUMBER)
    if not re.fullmatch(r"-?[0-9]{1,20}", value):
        message = f"'{value}' is not a whole number: write it in digits, such as 11"
        raise Refused(Code.NOT_A_NUMBER, message)
    return int(value)


def _counted(value: object) -> int:
    number = _whole_number(value)
    if not 0 <= number <= MAX_NUMBER:
        message = f"{number} is out of range: write a whole number from 0 to {MAX_NUMBER}"
        raise Refused(Code.OUT_OF_RANGE, message)
    return number


def _format_version(value: object) -> int:
    number = _whole_number(value)
    if number != FORMAT_VERSION:
        message = (
            f"this draft is in format {number}; this version of outcomes reads format "
            f"{FORMAT_VERSION}"
        )
        raise Refused(Code.UNKNOWN_FORMAT, message)
    return number


DATE_SCHEMA = (("format", "date"), ("type", "string"))
IsoDate = Annotated[date, Reader(_iso_date, DATE_SCHEMA)]
FormatVersion = Annotated[int, Reader(_format_version, (("const", 1), ("type", "integer")))]
WholeNumber = Annotated[
    int, Reader(_counted, (("maximum", MAX_NUMBER), ("minimum", 0), ("type", "integer")))
]
Text = Annotated[str, WORDS]
DraftId = Annotated[str, Pattern(DRAFT_ID_PATTERN, Code.NOT_AN_ID)]
ItemId = Annotated[str, Pattern(ITEM_ID_PATTERN, Code.NOT_AN_ID)]
Language = Annotated[str, Pattern(LANGUAGE_PATTERN, Code.NOT_A_LANGUAGE)]


@record
class Venue:
    city: Text
    country: Text


@record
class Dates:
    start: IsoDate
    end: IsoDate | None = None

    @property
    def last(self) -> date:
        return self.end or self.start


@record
class Meeting:
    name: Text = field(description="The meeting's full name.")
    short_name: Text | None = field(None, description="A short name, such as 'SOM 11'.")
    process: Text | None = field(None, description="The body or series the meeting belongs to.")
    number: WholeNumber | None = field(None, description="The meeting's number in its series.")
    venue: Venue
    dates: Dates
    host: Text | None = None
    chair: Text | None = None


@record
class ParticipantGroup:
    group: Text = field(description="Who they are, such as 'COMMIT member governments'.")
    members: list[Text] = field(least=1)


@record
class AgendaItem:
    id: ItemId
    title: Text


@record
class Paragraph:
    id: ItemId = field(description="Unique in the draft and stable from version to version.")
    kind: ParagraphKind | None = None
    agenda: ItemId | None = field(None, description="The id of the agenda item it answers.")
    text: Text = field(description="Inline Markdown: **bold**, *italic*, [link](https://...).")
    items: list[Text] = field(empty_list=True, description="Sub-paragraphs (a), (b), (c).")


@record
class Section:
    id: ItemId
    title: Text
    paragraphs: list[Paragraph] = field(least=1)


@record
class Action:
    id: ItemId
    text: Text
    owner: Text | None = None
    due: IsoDate | None = None


@record
class Outcome:
    """One meeting's outcome document, as drafted by the secretariat."""

    format: FormatVersion = field(description="The version of this format.")
    id: DraftId = field(description="Names files and tags; equals the file name.")
    language: Language = field(description="BCP 47 language tag: en, zh-Hans, km, lo, th, vi ...")
    title: Text
    symbol: Text | None = field(None, description="Document symbol, printed on every page.")
    headline: Text | None = field(None, description="The web news title; defaults to the title.")
    summary: Text | None = field(None, description="Lead paragraph for the web page and feed.")
    adopted: IsoDate | None = field(None, description="The date the meeting adopted the text.")
    meeting: Meeting
    participants: list[ParticipantGroup] = field(least=1)
    agenda: list[AgendaItem] = field(least=1)
    sections: list[Section] = field(least=1)
    actions: list[Action] = field(empty_list=True)

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every outcome paragraph in document order: paragraph n is `paragraphs[n - 1]`."""
        return [p for section in self.sections for p in section.paragraphs]


@functools.cache
def field_names() -> frozenset[str]:
    """Every field name of the format, at any depth."""
    return all_field_names(Outcome)


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def draft_schema() -> dict[str, Any]:
    """The format as a JSON Schema, for editors that check drafts as they are typed."""
    return {"$schema": SCHEMA_DIALECT, **record_schema(Outcome, title="Outcome draft")}


def schema_text() -> str:
    """The schema as the file editors read: indented, keys in a stable order."""
    return json.dumps(draft_schema(), indent=2, ensure_ascii=False) + "\n"
