"""What a translator receives: each text of a recorded source version, by its exchange id.

A paragraph's text and each of its sub-items are texts of their own (a translation tool
translates them one by one), and so are an action's text and owner and every meeting field.
Each is named by an exchange id made from the key `translation.units` gives it, in the
alphabet XML ids allow (letters, digits, `.`, `-`): `paragraphs.labour-migration`,
`paragraphs.indicators.items.0`, `actions.localize.owner`, `participants.0.members.2`. The
bilingual Word copy prints it in each row and XLIFF names each unit by it, so a text comes
back to its place whatever a tool or a word processor did to the file around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.context import action_label, letter_label
from pipeline.exchange.markdown import fingerprint
from pipeline.model import Outcome
from pipeline.translation import MARKER, Translation, Unit, units
from pipeline.words import Segment, plain_diff, word_diff

State = Literal["current", "outdated", "missing"]

#: How the fields that are not numbered read in a row of the bilingual copy.
FIELD_LABELS = {
    "title": "Title",
    "headline": "Headline",
    "summary": "Summary",
    "meeting.name": "Meeting",
    "meeting.short_name": "Meeting, short name",
    "meeting.process": "Process",
    "meeting.venue.city": "City",
    "meeting.venue.country": "Country",
    "meeting.host": "Host",
    "meeting.chair": "Chair",
}


@dataclass(frozen=True)
class SourceText:
    """One text of the source: where it sits in a translation and how a reader names it."""

    xid: str
    key: str  # the unit's key, as `translation.units` gives it
    index: int  # 0 for the text, 1 for its first sub-item, ...
    label: str  # "para 4", "para 4 (a)", "A2", "Title"
    text: str  # its Markdown
    markdown: bool


@dataclass(frozen=True)
class ExchangeText:
    """A source text with its current translation and that translation's state."""

    source: SourceText
    target: str | None  # None where there is none yet (or it is still marked TO TRANSLATE)
    state: State
    #: Outdated: the source's words changed since the version the translation follows.
    changes: tuple[Segment, ...] = ()

    @property
    def xid(self) -> str:
        return self.source.xid

    @property
    def as_sent(self) -> str:
        """The fingerprint of the translation as the file gives it."""
        return fingerprint(self.target)


@dataclass(frozen=True)
class Sheet:
    """Everything a bilingual copy or an XLIFF file holds."""

    outcome_id: str
    title: str  # the source's title, for the header
    source_language: str
    language: str
    version: str  # the recorded source version the texts are from: draft-3, published-1
    recorded: str  # when that version was recorded (ISO 8601): the files' date
    translated_from: str | None  # the version the current translation follows, if any
    texts: tuple[ExchangeText, ...]

    @property
    def identifier(self) -> str:
        """What the file says it is: `commit-som11/draft-3/km`."""
        return f"{self.outcome_id}/{self.version}/{self.language}"


def exchange_id(key: str, index: int = 0) -> str:
    """`paragraphs[labour-migration]` -> `paragraphs.labour-migration`; sub-item 1 of
    `paragraphs[indicators]` -> `paragraphs.indicators.items.0`."""
    xid = key.replace("[", ".").replace("]", "")
    return f"{xid}.items.{index - 1}" if index else xid


def source_texts(outcome: Outcome) -> dict[str, SourceText]:
    """Every text of the source by exchange id, in document order."""
    labels = _labels(outcome)
    found = {}
    for key, unit in units(outcome).texts.items():
        for index, text in enumerate(unit.texts):
            xid = exchange_id(key, index)
            label = labels.get(key, key)
            if index:
                label = f"{label} ({letter_label(index - 1)})"
            found[xid] = SourceText(xid, key, index, label, text, unit.markdown)
    return found


def make_sheet(
    source: Outcome,
    version: tuple[str, str],
    language: str,
    translation: Translation | None = None,
    then: Outcome | None = None,
) -> Sheet:
    """The texts of `source` (recorded as `version`: its name and moment) with `translation`'s,
    each current, outdated (the source changed since `then`, the version it follows) or
    missing."""
    mine = units(translation).texts if translation else {}
    before = units(then).texts if then else {}
    texts = tuple(
        _exchange_text(text, mine.get(text.key), before.get(text.key))
        for text in source_texts(source).values()
    )
    return Sheet(
        source.id,
        source.title,
        source.language,
        language,
        *version,
        translation.source_version if translation else None,
        texts,
    )


def _exchange_text(text: SourceText, mine: Unit | None, then: Unit | None) -> ExchangeText:
    target = _text_at(mine, text.index)
    if target is None or MARKER in target:
        return ExchangeText(text, None, "missing")
    old = _text_at(then, text.index)
    if old == text.text:
        return ExchangeText(text, target, "current")
    diff = word_diff if text.markdown else plain_diff
    return ExchangeText(text, target, "outdated", tuple(diff(old or "", text.text)))


def _text_at(unit: Unit | None, index: int) -> str | None:
    return unit.texts[index] if unit and index < len(unit.texts) else None


def _labels(outcome: Outcome) -> dict[str, str]:
    labels = dict(FIELD_LABELS)
    for number, paragraph in enumerate(outcome.paragraphs, 1):
        labels[f"paragraphs[{paragraph.id}]"] = f"para {number}"
    for number, action in enumerate(outcome.actions, 1):
        labels[f"actions[{action.id}].text"] = action_label(number)
        labels[f"actions[{action.id}].owner"] = f"{action_label(number)}, owner"
    for number, section in enumerate(outcome.sections, 1):
        labels[f"sections[{section.id}].title"] = f"Section {number}"
    for number, item in enumerate(outcome.agenda, 1):
        labels[f"agenda[{item.id}].title"] = f"Agenda item {number}"
    for g, group in enumerate(outcome.participants):
        labels[f"participants[{g}].group"] = f"Participants {g + 1}"
        for m in range(len(group.members)):
            labels[f"participants[{g}].members[{m}]"] = f"Participants {g + 1}, {m + 1}"
    return labels
