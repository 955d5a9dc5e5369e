"""The words every edition prints around the draft's own, in the edition's language.

Labels (headings, column heads, the version line, page furniture) come from gettext catalogs
shipped with the package, `pipeline/locales/<language>/LC_MESSAGES/outcomes.po`: one entry per
label, its name as msgctxt, its English as msgid, the language's words as msgstr. `{name}`
in a label stands for a value outcomes fills in (a date, a number). Dates and numbers come
from Unicode CLDR through Babel, except English dates, which keep the UN form
("23 November 2016"). A project may override any label in its settings.

Babel is imported on first use only: `outcomes --help` and `outcomes validate` never need it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

#: The languages with a catalog, as BCP 47 tags (the folder names under locales/).
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh-Hans", "km", "lo", "my", "th", "vi")
#: The language of the labels where the edition's has no catalog.
SOURCE_LANGUAGE = "en"
LOCALES = Path(__file__).parent / "locales"
DOMAIN = "outcomes"
#: The flag of a catalog entry no native speaker has checked yet (never "fuzzy": gettext
#: tools leave fuzzy entries untranslated).
UNCHECKED = "unchecked"
#: Chinese written in traditional characters: no catalog yet, so never taken for zh-Hans.
TRADITIONAL_CHINESE = frozenset({"hant", "tw", "hk", "mo"})
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

#: Every label by name, in English: the names templates and `[tool.outcomes.labels]` use, and
#: the msgid of each catalog entry (outcomes.pot is this table).
ENGLISH = {
    "meeting_heading": "The meeting",
    "process": "Process",
    "meeting": "Meeting",
    "number": "Number",
    "venue": "Venue",
    "dates": "Dates",
    "host": "Host",
    "chair": "Chair",
    # Between a term and its value ("Host: ..."), its space after it: French sets a space
    # before the colon, Chinese a full-width colon and no space.
    "colon": ": ",
    # Punctuation between the parts of a line, as the language writes it: Chinese "，" "；"
    # "（）", Arabic "،" "؛".
    "comma": ", ",  # a place's city and country; the venue and the dates
    "semicolon": "; ",  # the members of a participant group (a member may hold a comma)
    "separator": " · ",  # the parts of a line: process and meeting, venue and dates, links
    "short_name": "{name} ({short_name})",  # the meeting's name and its short name
    "adopted": "Adopted",
    "adopted_at": "Adopted at {place}, {date}",
    "participants": "Participants",
    "agenda": "Agenda",
    "actions": "Follow-up actions",
    "action_number": "No.",
    "action": "Action",
    "owner": "Responsible",
    "due": "Due",
    "kind_adopted": "Adopted",
    "kind_decided": "Decided",
    "kind_agreed": "Agreed",
    "kind_recommended": "Recommended",
    "kind_noted": "Noted",
    "kind_requested": "Requested",
    "versions": "Published versions",
    "version": "version {number}",
    "latest_version": "the latest version",
    "draft_version_line": "DRAFT for review · version {number} · {date}",
    "published_version_line": "Published version {number} · {date}",
    "review_note_title": "Draft for review",
    "review_note": "(version {number} of {date}). Please propose changes with Track Changes on "
    "and add comments in the margin. Text in [square brackets] has not yet been agreed.",
    "word_page": "Page {page} of {pages}",
    "pdf_page": "page {page} of {pages}",
    "source_attachment": "The draft this document was made from ({version})",
    "redline_header": "Changes from {a} to {b} · {date}",
    "redline_title": "{title}: changes from {a} to {b}",
    "redline_changes": "Changes from {a} to {b}",
    "redline_inserted": "inserted",
    "redline_deleted": "deleted",
    "redline_numbered": "paragraphs are numbered as in {b}",
    "redline_new": "new",
    "redline_moved_here": "moved here",
    "redline_moved_from": "moved from here",
    "redline_other": "Other changes",
    "redline_field": "field",
    "skip_to_content": "Skip to content",
    "languages": "Languages",
    "also_in": "Also in: {languages}",
    "outcome_documents": "Outcome documents",
    "all_outcome_documents": "All outcome documents",
    "atom_feed": "Atom feed",
    "download_pdf": "Download the PDF",
    "download_json": "The outcome as data (JSON)",
    "pdf_link": "{title} (PDF)",
    "data_link": "{title} (data)",
    "feed_title": "{organisation}: outcome documents",
    "no_outcomes": "No outcome has been published yet.",
    "revised": "revised {date} (version {number})",
    "feed_revised": "{headline} – revised, version {number}",
    # The compilation of the comments returned on a draft (outcomes review).
    "compilation_heading": "Compilation of comments received on draft version {number}",
    "compilation_heading_unnumbered": "Compilation of comments received on draft",
    "compilation_compiled": "Compiled on {date} from the copies returned by {delegations}.",
    "compilation_placed": "Paragraph numbers and current text are those of {text}; each comment "
    "and proposal is placed on the paragraph it was made on, whatever version was reviewed.",
    "compilation_outdated": "{delegation} reviewed draft version {number}, an earlier version: "
    "its comments and proposed wording refer to that text.",
    "compilation_key": "Proposed wording: {inserted}, {deleted}.",
    "compilation_inserted": "inserted text",
    "compilation_deleted": "deleted text",
    "compilation_received": "Received: {sources}.",
    "compilation_from": "From: {delegations}",
    "compilation_no_delegation": "no delegation",
    "compilation_unknown_version": "unknown version",
    "compilation_comments_one": "{count} comment",
    "compilation_comments_other": "{count} comments",
    "compilation_changes_one": "{count} change",
    "compilation_changes_other": "{count} changes",
    "compilation_number": "No.",
    "compilation_text": "Current text",
    "compilation_comments": "Comments and proposed wording",
    "compilation_response": "Secretariat response",
    "compilation_reviewed": "(reviewed {versions})",
    "compilation_on": "On “{text}”:",
    "compilation_on_paras": "On “{text}” ({paras}):",
    "compilation_paras": "paras {numbers}",
    "compilation_resolved": "marked resolved",
    "compilation_reply": "Reply:",
    "compilation_none": "No comments.",
    "compilation_general": "General",
    "compilation_general_note": "Comments on the document as a whole, the title, participants "
    "and agenda",
    "compilation_removed": "Paragraphs no longer in the draft",
    "compilation_not_in_draft": "{id}: not in the current draft",
    "compilation_action_not_in_draft": "action not in the current draft",
    "compilation_proposed": "Proposed wording",
    "compilation_proposed_item": "Proposed wording, ({item})",
    "compilation_new_paragraph": "New paragraph proposed after it",
    "compilation_new_item": "New sub-item proposed",
    "compilation_row_change": "Proposed change to the responsible or the due date",
    "compilation_untracked": "Changed without Track Changes",
    "compilation_untracked_item": "Changed without Track Changes, ({item})",
    "compilation_hidden": "Holds hidden text (formatted as hidden in Word); check it.",
    "compilation_paragraph_formatting": "Paragraph formatting changed; the text is unchanged.",
    "compilation_paragraph_formatting_by": "Paragraph formatting changed ({author}); the text "
    "is unchanged.",
    "compilation_formatting": "Formatting changed on “{text}”; the words are unchanged.",
    "compilation_formatting_by": "Formatting changed on “{text}” ({author}); the words are "
    "unchanged.",
    "compilation_current": "draft version {number}",
    "compilation_current_edited": "draft version {number} ({file} has been edited since, and "
    "those edits are not shown)",
    "compilation_current_unreadable": "the working draft {file} (draft version {number} could "
    "not be read)",
    "compilation_current_unrecorded": "the working draft {file}, no version of which is recorded",
}
#: Labels whose placeholders must come in English's order: the Word footer puts a field
#: between them.
ORDERED = frozenset({"word_page"})

#: A project's overrides: language (a catalog's) -> label name -> text.
Overrides = Mapping[str, Mapping[str, str]]


def catalog_language(language: str) -> str | None:
    """The catalog for a BCP 47 tag: `fr-CA` takes fr, `zh`, `zh-CN` and `zh-Hans-CN` take
    zh-Hans; None where there is none (`de`, `zh-Hant`)."""
    subtags = language.lower().split("-")
    if subtags[0] == "zh":
        return None if TRADITIONAL_CHINESE & set(subtags[1:]) else "zh-Hans"
    return next((tag for tag in LANGUAGES if tag.lower() == subtags[0]), None)


def placeholders(text: str) -> list[str]:
    """The names of the `{name}` values a label holds, in order."""
    return PLACEHOLDER.findall(text)


def fill(label: str, /, **values: str) -> str:
    """`label` with each `{name}` replaced by its value (a label is data, never a format
    string: no other brace is read)."""
    return PLACEHOLDER.sub(lambda match: values[match[1]], label)


def page_words(label: str) -> tuple[str, str, str]:
    """The words of "Page {page} of {pages}" before, between and after the two page fields
    of a Word footer (catalogs and settings keep {page} before {pages})."""
    before, _, rest = label.partition("{page}")
    between, _, after = rest.partition("{pages}")
    return before, between, after


def catalog_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def catalog(language: str) -> dict[str, str]:
    """The labels of a catalog language by name, as its .po file gives them."""
    from babel.messages.pofile import read_po

    with catalog_path(language).open("rb") as file:
        messages = read_po(file, locale=language.replace("-", "_"))
    return {str(m.context): str(m.string) for m in messages if m.id and m.context and m.string}


@dataclass(frozen=True)
class Wording:
    """The labels, dates and numbers of one edition, in one language."""

    language: str  # the catalog's tag ("zh-Hans"), the language the labels are written in
    texts: Mapping[str, str] = field(compare=False)

    def fill(self, name: str, /, **values: str) -> str:
        return fill(self.texts[name], **values)

    def date(self, day: date) -> str:
        """The long date: `23 November 2016` (UN usage), `23 novembre 2016`, `2016年11月23日`."""
        if self.language == SOURCE_LANGUAGE:
            return english_date(day)
        from babel.dates import format_date

        return format_date(day, "long", locale=_locale(self.language))

    def dates(self, start: date, end: date) -> str:
        """The days from `start` to `end`: `23–24 November 2016`, `23–24 novembre 2016`."""
        if start == end:
            return self.date(start)
        if self.language == SOURCE_LANGUAGE:
            return english_dates(start, end)
        return _cldr_interval(start, end, self.language)

    def month(self, year: int, month: int) -> str:
        """A month of a year: `November 2016`, `novembre 2016`, `2016年11月`."""
        if self.language == SOURCE_LANGUAGE:
            return f"{MONTHS[month - 1]} {year}"
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", date(year, month, 1), locale=_locale(self.language))

    def count(self, name: str, value: int) -> str:
        """`{count} comment` or `{count} comments`: the label `name_one` where CLDR's plural
        rules put `value` in the category "one", else `name_other` (a language whose other
        categories differ words it so that one form serves them all)."""
        form = "one" if _plural(self.language, value) == "one" else "other"
        return self.fill(f"{name}_{form}", count=self.number(value))

    def listing(self, names: list[str]) -> str:
        """`Cambodia, Thailand and Viet Nam` as the language joins a list (CLDR's list
        patterns; English without the serial comma, as UN documents write it)."""
        if len(names) <= 1:
            return "".join(names) or self.texts["compilation_no_delegation"]
        if self.language == SOURCE_LANGUAGE:
            return ", ".join(names[:-1]) + " and " + names[-1]
        from babel.lists import format_list

        return format_list(names, locale=_locale(self.language))

    def number(self, value: int) -> str:
        """A number as the language groups its digits (`1,000`, `1 000`); Latin digits, as in
        the dates and the paragraph numbers."""
        if self.language == SOURCE_LANGUAGE and value < 1000:
            return str(value)
        from babel.numbers import format_decimal

        return format_decimal(value, locale=_locale(self.language))


def wording(language: str, overrides: Overrides | None = None) -> Wording:
    """The wording of an edition in `language` (a BCP 47 tag), with the project's overrides;
    English where no catalog has the language."""
    chosen = catalog_language(language) or SOURCE_LANGUAGE
    # The English catalog says what ENGLISH says (the tests hold them equal): not read, an
    # English edition loads no Babel.
    translated = catalog(chosen) if chosen != SOURCE_LANGUAGE else {}
    texts = {**ENGLISH, **translated, **(overrides or {}).get(chosen, {})}
    return Wording(chosen, texts)


def _locale(language: str) -> str:
    return language.replace("-", "_")


def _plural(language: str, value: int) -> str:
    """CLDR's plural category of `value` in `language`: "one", "few", "other" ..."""
    if language == SOURCE_LANGUAGE:
        return "one" if value == 1 else "other"
    from babel import Locale

    return str(Locale.parse(_locale(language)).plural_form(value))


#: Month names of the English (UN) dates.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_date(day: date) -> str:
    """`2016-11-23` as `23 November 2016`, the form UN documents use."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def english_dates(start: date, end: date) -> str:
    """`23–24 November 2016`, `30 November – 1 December 2016`, or one date."""
    if start == end:
        return english_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{english_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {english_date(end)}"
    return f"{english_date(start)} – {english_date(end)}"


def _cldr_interval(start: date, end: date, language: str) -> str:
    """CLDR's interval for days with the month written out (skeleton yMMMMd).

    Most locales give the pattern for abbreviated months (yMMMd) only: as UTS #35 says of a
    skeleton matched with another field width, the month is widened to the requested one,
    where the locale's long date writes it out (not Chinese: its long date has 11月).
    Where the locale writes such an interval with numeric months (Lao), the two long dates
    are joined by its interval fallback instead, so that both read as the long date does.
    """
    from babel import Locale
    from babel.dates import format_date

    locale = Locale.parse(_locale(language))
    formats = locale.interval_formats
    skeleton = "yMMMMd" if "yMMMMd" in formats else "yMMMd"
    field_ = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    parts = formats[skeleton][field_]
    if not any("MMM" in part for part in parts):
        fallback: Any = formats[None]
        return (
            str(fallback)
            .replace("{0}", format_date(start, "long", locale=locale))
            .replace("{1}", format_date(end, "long", locale=locale))
        )
    if "MMMM" in locale.date_formats["long"].pattern:
        parts = [_widened(part) for part in parts]
    first, second = (str(part) for part in parts)
    return format_date(start, first, locale=locale) + format_date(end, second, locale=locale)


def _widened(pattern: Any) -> str:
    """An interval part with its abbreviated month (MMM) written out (MMMM)."""
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", str(pattern))
