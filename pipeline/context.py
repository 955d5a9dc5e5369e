"""What every template renders: the outcome with its numbers, labels and dates worked out.

This is the one place that numbers paragraphs and actions, letters sub-items, names anchors
and bookmarks, and gives each edition its wording (`pipeline.labels`: headings, column heads,
dates and numbers in the outcome's language), so that the Word copy, the web page and the PDF
agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from string import ascii_lowercase

from pipeline.inline import Span, parse_inline
from pipeline.labels import ENGLISH, Wording, english_date, english_dates, fill, wording
from pipeline.model import Action, AgendaItem, Outcome, Paragraph
from pipeline.settings import Settings

#: What a cell without a value shows (an action without a responsible or a due date).
EMPTY = "–"
#: Between the members of a participant group in English (each language's is its label
#: "semicolon"): a member may hold commas ("Jane Doe, Minister").
MEMBER_SEPARATOR = "; "
#: The meeting's name and its short name, in English (each language's is its label).
SHORT_NAME = ENGLISH["short_name"]
#: A name that ends with its abbreviation in brackets, ASCII or full-width: "Task Force (TF)".
NAME_ENDING = re.compile(r"(.*\S)\s*[(（]([^()（）]+)[)）]")
#: Actions are numbered A1, A2 ...: apart from the paragraphs' 1, 2, 3 in every edition.
ACTION_PREFIX = "A"

#: Quotation marks by language (the tag, else its first subtag): opening and closing double,
#: then single. The ones marked CLDR are Unicode CLDR's `delimiters` for that language; the
#: ones marked "unchecked" follow common usage and wait for a reader of the language. A
#: language not listed keeps its quotes as typed.
Quotes = tuple[str, str, str, str]
QUOTES: dict[str, Quotes] = {
    "en": ("“", "”", "‘", "’"),  # CLDR
    "zh": ("“", "”", "‘", "’"),  # CLDR (zh-CN)
    "zh-hans": ("“", "”", "‘", "’"),  # CLDR (zh-CN)
    "zh-hant": ("「", "」", "『", "』"),  # unchecked (CLDR zh-TW reads “ ”)
    "es": ("“", "”", "‘", "’"),  # CLDR
    "fr": ("«", "»", "«", "»"),  # CLDR, without the spaces French typesetting adds inside
    "ar": ("”", "“", "’", "‘"),  # CLDR: the marks as written right to left
    "ru": ("«", "»", "„", "“"),  # unchecked
    "vi": ("“", "”", "‘", "’"),  # unchecked
    "th": ("“", "”", "‘", "’"),  # unchecked
    "lo": ("“", "”", "‘", "’"),  # unchecked
    "km": ("«", "»", "‘", "’"),  # unchecked
    "my": ("“", "”", "‘", "’"),  # unchecked
}
#: An apostrophe inside or at the end of a word ("it's", "employers'"), whatever the language.
APOSTROPHE = "’"
#: After these (or at the start of a text) a quote opens; after anything else it closes.
OPENS_AFTER = frozenset("([{<«„‚“‘—–-/")
QUOTE_TYPED = re.compile("[\"']")


#: Word bookmarks around each paragraph and action, named after its id: "act_" keeps the
#: longest action id within the 40 characters Word allows a bookmark name.
PARAGRAPH_BOOKMARK = "para_"
ACTION_BOOKMARK = "act_"


@dataclass(frozen=True)
class Version:
    """Which recorded version a rendering is: its kind, number and moment."""

    kind: str  # "draft" or "published"
    number: int
    timestamp: datetime  # aware, UTC

    @property
    def tag_suffix(self) -> str:
        return f"{self.kind}-{self.number}"


@dataclass(frozen=True)
class SubItem:
    label: str  # "a", "b", ... "z", "aa"
    spans: tuple[Span, ...]

    @property
    def marker(self) -> str:
        """What stands before the sub-item: "(a)"."""
        return f"({self.label})"


@dataclass(frozen=True)
class NumberedParagraph:
    number: int
    id: str
    kind: str | None
    kind_label: str
    agenda: AgendaItem | None
    text: str
    spans: tuple[Span, ...]
    items: tuple[SubItem, ...]

    @property
    def anchor(self) -> str:
        """The HTML id of the paragraph: a link to it survives renumbering."""
        return f"para-{self.id}"

    @property
    def bookmark(self) -> str:
        """The Word bookmark name: letters, digits and '_' only, 40 characters at most."""
        return bookmark_name(self.id)


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    paragraphs: tuple[NumberedParagraph, ...]


@dataclass(frozen=True)
class ActionView:
    id: str
    number: int
    spans: tuple[Span, ...]
    text: str
    owner: str  # EMPTY when none is given
    due: str  # EMPTY when none is given

    @property
    def label(self) -> str:
        return action_label(self.number)


@dataclass(frozen=True)
class ParticipantsView:
    name: str
    members: tuple[str, ...]
    separator: str = MEMBER_SEPARATOR  # the language's semicolon

    @property
    def members_text(self) -> str:
        """The members on one line, apart even when one holds a comma."""
        return self.separator.join(self.members)


@dataclass(frozen=True)
class Fact:
    """One datum about the meeting, as the editions list it under "The meeting"."""

    key: str  # "process", "meeting", "number", "venue", "dates", "host", "chair", "adopted"
    label: str
    value: str
    day: date | None = None  # the date it tells, for a machine-readable <time>


@dataclass(frozen=True)
class Document:
    """The context of every template."""

    outcome: Outcome
    version: Version
    settings: Settings
    sections: tuple[SectionView, ...]
    actions: tuple[ActionView, ...]
    summary: tuple[Span, ...]
    #: The labels, dates and numbers in the outcome's language (English where it has no
    #: catalog), with the project's overrides.
    wording: Wording

    @property
    def labels(self) -> dict[str, str]:
        return dict(self.wording.texts)

    @property
    def label_language(self) -> str:
        """The language the labels are written in: marked as such where it is not the
        outcome's (a language without a catalog has English labels)."""
        return self.wording.language

    @property
    def empty(self) -> str:
        return EMPTY

    @property
    def participants(self) -> tuple[ParticipantsView, ...]:
        marks, separator = quotes_of(self.outcome.language), self.wording.texts["semicolon"]
        return tuple(
            ParticipantsView(
                curled(g.group, marks), tuple(curled(m, marks) for m in g.members), separator
            )
            for g in self.outcome.participants
        )

    @property
    def paragraphs(self) -> tuple[NumberedParagraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def headline(self) -> str:
        return self.outcome.headline or self.outcome.title

    @property
    def meeting_dates(self) -> str:
        dates = self.outcome.meeting.dates
        return self.wording.dates(dates.start, dates.last)

    @property
    def meeting_name(self) -> str:
        meeting = self.outcome.meeting
        return meeting_name(meeting.name, meeting.short_name, self.wording.texts["short_name"])

    @property
    def meeting_facts(self) -> tuple[Fact, ...]:
        """Every datum of the meeting once, in the order an editor reads them; an edition
        leaves out the ones its heading tells already."""
        outcome, meeting, words = self.outcome, self.outcome.meeting, self.wording
        given = [
            ("process", meeting.process, None),
            ("meeting", self.meeting_name, None),
            ("number", None if meeting.number is None else words.number(meeting.number), None),
            ("venue", self.venue, None),
            ("dates", self.meeting_dates, None),
            ("host", meeting.host, None),
            ("chair", meeting.chair, None),
            ("adopted", outcome.adopted and words.date(outcome.adopted), outcome.adopted),
        ]
        return tuple(Fact(key, words.texts[key], value, day) for key, value, day in given if value)

    @property
    def venue(self) -> str:
        venue = self.outcome.meeting.venue
        return venue.city + self.wording.texts["comma"] + venue.country

    @property
    def version_date(self) -> str:
        return self.wording.date(self.version.timestamp.date())

    @property
    def version_number(self) -> str:
        return self.wording.number(self.version.number)

    @property
    def version_label(self) -> str:
        """What the Word copy's header says, such as 'DRAFT for review · version 3 · 1 May 2026'."""
        line = "draft_version_line" if self.version.kind == "draft" else "published_version_line"
        return self.wording.fill(line, number=self.version_number, date=self.version_date)


def build_document(outcome: Outcome, version: Version, settings: Settings) -> Document:
    """Number the paragraphs (1, 2, 3 ... across sections) and prepare every text, its quotes
    those of the draft's language."""
    numbers = iter(range(1, len(outcome.paragraphs) + 1))
    agenda = {item.id: item for item in outcome.agenda}
    marks = quotes_of(outcome.language)
    words = wording(outcome.language, settings.labels)

    def spans(text: str) -> tuple[Span, ...]:
        return typographic(parse_inline(text), marks)

    def paragraph(p: Paragraph) -> NumberedParagraph:
        styled = spans(p.text)
        return NumberedParagraph(
            number=next(numbers),
            id=p.id,
            kind=p.kind,
            kind_label=kind_label(p.kind, words),
            agenda=agenda.get(p.agenda or ""),
            text=spans_text(styled),
            spans=styled,
            items=tuple(SubItem(letter_label(i), spans(t)) for i, t in enumerate(p.items)),
        )

    def action(number: int, a: Action) -> ActionView:
        styled = spans(a.text)
        owner = curled(a.owner, marks) if a.owner else EMPTY
        due = words.date(a.due) if a.due else EMPTY
        return ActionView(a.id, number, styled, spans_text(styled), owner, due)

    sections = tuple(
        SectionView(
            section.id,
            curled(section.title, marks),
            tuple(paragraph(p) for p in section.paragraphs),
        )
        for section in outcome.sections
    )
    actions = tuple(action(n, a) for n, a in enumerate(outcome.actions, 1))
    summary = spans(outcome.summary) if outcome.summary else ()
    return Document(outcome, version, settings, sections, actions, summary, words)


def kind_label(kind: str | None, words: Wording) -> str:
    """What a paragraph's kind is called ("Adopted"); nothing for none or "other"."""
    return words.texts.get(f"kind_{kind}", "") if kind else ""


def quotes_of(language: str) -> Quotes | None:
    """The quotation marks of a BCP 47 language (`zh-Hant-TW` tries `zh-hant-tw`, `zh-hant`,
    `zh`), or None where the table has none."""
    subtags = language.lower().split("-")
    for length in range(len(subtags), 0, -1):
        if marks := QUOTES.get("-".join(subtags[:length])):
            return marks
    return None


def typographic(spans: tuple[Span, ...], marks: Quotes | None) -> tuple[Span, ...]:
    """Straight quotes typed in `spans` as the language's marks; code and links stay as typed
    (a link's words may be its address)."""
    if marks is None:
        return spans
    result, before = [], ""
    for span in spans:
        if span.line_break:
            before = "\n"
        plain = span.code or span.href or not QUOTE_TYPED.search(span.text)
        result.append(span if plain else replace(span, text=curled(span.text, marks, before)))
        before = span.text[-1:] or before
    return tuple(result)


def curled(text: str, marks: Quotes | None, before: str = "") -> str:
    """`text` with its straight quotes as `marks`; `before` is the character before it."""
    if marks is None or not QUOTE_TYPED.search(text):
        return text
    double_open, double_close, single_open, single_close = marks
    out = []
    for char in text:
        opens = not before or before.isspace() or before in OPENS_AFTER
        if char == '"':
            out.append(double_open if opens else double_close)
        elif char == "'":
            apostrophe = before.isalnum()
            out.append(APOSTROPHE if apostrophe else single_open if opens else single_close)
        else:
            out.append(char)
        before = char
    return "".join(out)


def shown_text(text: str, language: str) -> str:
    """A draft's inline Markdown as an edition in `language` shows it: plain, quotes set."""
    return spans_text(typographic(parse_inline(text), quotes_of(language)))


def spans_text(spans: tuple[Span, ...]) -> str:
    """The text of `spans` as a reader sees it (`plain_text` of what they were parsed from)."""
    return "".join("\n" if s.line_break else s.text for s in spans).strip()


def meeting_name(name: str, short_name: str | None, pattern: str = SHORT_NAME) -> str:
    """The name with the short name after it as `pattern` (the language's label "short_name")
    puts it, unless the name says it already: the short name "TF 1" takes the place of the
    "(TF)" (or Chinese "（TF）") that ends "Regional Task Force (TF)"."""
    if not short_name or short_name in name:
        return name
    ending = NAME_ENDING.fullmatch(name)
    if ending and short_name.startswith(ending[2] + " "):
        name = ending[1]
    return fill(pattern, name=name, short_name=short_name)


def letter_label(index: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa': the labels of sub-items (a), (b), (c)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = ascii_lowercase[rest] + label
    return label


def action_label(number: int) -> str:
    """1 -> 'A1': the number an action is cited by, in every edition and the compilation."""
    return f"{ACTION_PREFIX}{number}"


def bookmark_name(item_id: str, prefix: str = PARAGRAPH_BOOKMARK) -> str:
    """`rotating-chair` -> `para_rotating_chair`; ids hold no '_', so it maps back."""
    return prefix + item_id.replace("-", "_")


def id_of_bookmark(bookmark: str, prefix: str = PARAGRAPH_BOOKMARK) -> str | None:
    """The id a bookmark was named after, or None if it is not one of ours of that kind."""
    if not bookmark.startswith(prefix):
        return None
    return bookmark.removeprefix(prefix).replace("_", "-")


def long_date(day: date) -> str:
    """`2016-11-23` as `23 November 2016`: the English of what the secretariat's own tools
    print (diff, history); an edition writes its dates through its `wording`."""
    return english_date(day)


def date_range(start: date, end: date) -> str:
    """`23–24 November 2016`, `30 November – 1 December 2016`, or one date, in English."""
    return english_dates(start, end)


def utc_from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
