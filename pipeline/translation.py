"""A translation of an outcome: its model, its check against the source, each text's state.

A translation (`drafts/<id>.<lang>.yaml`) holds the words of its source in another language
and nothing else: the same sections, paragraphs, items, agenda items and actions, named by the
source's ids; dates, numbers, kinds and the symbol come from the source. It names the recorded
source version it translates, so that what changed in the source since then can be shown.

Texts are matched with the source's by key, never by position or likeness (the same keys as
`compare`): `paragraphs[indicators]` (a paragraph's text and its items), `actions[localize].text`,
`sections[key-outcomes].title`, `meeting.name`; participants, which have no ids, by position.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pipeline import layout
from pipeline.codes import Code
from pipeline.errors import DraftInvalid, OutcomesError, Problem
from pipeline.history import History
from pipeline.loading import (
    Marks,
    PathKey,
    load_draft,
    parse_checked,
    read_source,
    refusal,
)
from pipeline.model import (
    AgendaItem,
    DraftId,
    FormatVersion,
    ItemId,
    Language,
    Outcome,
    ParticipantGroup,
    Text,
    Venue,
)
from pipeline.records import Reader, Refused, field, record
from pipeline.rules import Finding, check_draft, strings, unpublishable_texts
from pipeline.versions import VersionRef, history_if_any, version_names
from pipeline.words import Segment, plain_diff, word_diff
from pipeline.workspace import Workspace

#: What stands in a translation for a text not yet translated (`translate --to` writes it).
#: Validation counts it, `validate --strict` refuses each one, and so publication cannot
#: happen with it.
MARKER = "TO TRANSLATE"
VERSION_NAME = r"(draft|published)-[1-9][0-9]{0,5}"


def _version_name(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(VERSION_NAME, value):
        message = f"'{value}' is not a recorded version's name: write draft-3 or published-1"
        raise Refused(Code.INVALID, message)
    return value


VersionName = Annotated[str, Reader(_version_name, (("type", "string"),))]


@record
class TranslatedMeeting:
    name: Text
    short_name: Text | None = None
    process: Text | None = None
    venue: Venue
    host: Text | None = None
    chair: Text | None = None


@record
class TranslatedParagraph:
    id: ItemId = field(description="The source paragraph's id.")
    text: Text
    items: list[Text] = field(empty_list=True)


@record
class TranslatedSection:
    id: ItemId
    title: Text
    paragraphs: list[TranslatedParagraph] = field(least=1)


@record
class TranslatedAction:
    id: ItemId
    text: Text
    owner: Text | None = None


@record
class Translation:
    """The words of an outcome in another language, matched with the source's by id."""

    format: FormatVersion
    translation_of: DraftId = field(description="The id of the draft translated.")
    source_version: VersionName = field(description="The recorded source version translated.")
    language: Language
    title: Text
    headline: Text | None = None
    summary: Text | None = None
    meeting: TranslatedMeeting
    participants: list[ParticipantGroup] = field(least=1)
    agenda: list[AgendaItem] = field(least=1)
    sections: list[TranslatedSection] = field(least=1)
    actions: list[TranslatedAction] = field(empty_list=True)


@dataclass(frozen=True)
class TranslationDraft:
    """A translation file read and checked on its own (not yet against its source)."""

    path: Path
    translation: Translation
    marks: Marks
    warnings: list[Problem]


def load_translation(
    path: Path, *, shown_as: str | None = None, strict: bool = False
) -> TranslationDraft:
    """Read one translation file; raise `DraftInvalid` with every problem found in it."""
    file = shown_as or str(path)
    return parse_translation(read_source(path, file), path, file=file, strict=strict)


def parse_translation(
    source: bytes, path: Path, *, file: str, strict: bool = False
) -> TranslationDraft:
    """`load_translation` of bytes read already (or about to be written to `path`)."""

    def rules(data: Any) -> list[Finding]:
        found = check_draft(data, path.stem) + _named_as_file(data, path.name)
        return found + (unpublishable_texts(data) if strict else []) + _untranslated(data, strict)

    translation, marks, warnings = parse_checked(
        source, file=file, model=Translation, rules=rules, strict=strict
    )
    return TranslationDraft(path, translation, marks, warnings)


def _named_as_file(data: Any, name: str) -> list[Finding]:
    """The source and language a translation names must be those of its file name."""
    named = layout.translation_of(name)
    if not isinstance(data, dict) or named is None:
        return []
    findings = []
    for key, expected in zip(("translation_of", "language"), named, strict=True):
        value = data.get(key)
        if isinstance(value, str) and value != expected:
            message = (
                f"'{value}' differs from the file name, which says '{expected}': a translation of "
                f"{named[0]} into {named[1]} is {layout.translation(*named)}"
            )
            findings.append(Finding((key,), message, Code.NAME_MISMATCH))
    return findings


def _untranslated(data: Any, strict: bool) -> list[Finding]:
    """Texts still marked to be translated: one warning for them all while drafting, each an
    error at publication."""
    marked = [path for path, text in strings(data) if MARKER in text]
    if strict:
        message = f"this text is still to be translated ({MARKER}); translate it before publishing"
        return [Finding(path, message, Code.UNTRANSLATED) for path in marked]
    if not marked:
        return []
    count = len(marked)
    message = (
        f"{count} text{' is' if count == 1 else 's are'} still to be translated ({MARKER}), "
        "the first here; a translation publishes only when none is left"
    )
    return [Finding(marked[0], message, Code.UNTRANSLATED, "warning")]


# --- the texts of an outcome or a translation, by key ------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One text to translate (a paragraph: its text and items), where its file holds it."""

    key: str
    texts: tuple[str, ...]
    path: PathKey
    #: The keys of the groups it belongs to, innermost first: where a missing one goes.
    parents: tuple[str, ...] = ()
    markdown: bool = False

    @property
    def entity(self) -> str:
        """What the unit is part of, told once when missing: an action's text and owner are
        one action."""
        return self.key.split("].")[0] + "]" if self.key.startswith("actions[") else self.key


@dataclass(frozen=True)
class Units:
    """Every text of a file by key, in document order, and the groups that hold them."""

    texts: dict[str, Unit]
    groups: dict[str, PathKey]


def units(outcome: Outcome | Translation) -> Units:
    """The texts of a draft or a translation, each keyed as the other has it."""
    found = Units({}, {"": ()})
    for name in ("title", "headline", "summary"):
        _add(found, name, getattr(outcome, name), (name,), (), markdown=name == "summary")
    _meeting_units(found, outcome)
    for g, group in enumerate(outcome.participants):
        key, path = f"participants[{g}]", ("participants", g)
        found.groups[key] = path
        _add(found, f"{key}.group", group.group, (*path, "group"), (key, "participants"))
        found.groups[f"{key}.members"] = (*path, "members")
        for m, member in enumerate(group.members):
            parents = (f"{key}.members", key, "participants")
            _add(found, f"{key}.members[{m}]", member, (*path, "members", m), parents)
    for a, item in enumerate(outcome.agenda):
        _add(found, f"agenda[{item.id}].title", item.title, ("agenda", a, "title"), ("agenda",))
    _section_units(found, outcome)
    for a, action in enumerate(outcome.actions):
        key, path, parents = f"actions[{action.id}]", ("actions", a), ("actions",)
        found.groups[key] = path
        _add(found, f"{key}.text", action.text, (*path, "text"), parents, markdown=True)
        _add(found, f"{key}.owner", action.owner, (*path, "owner"), (key, *parents))
    return found


def _meeting_units(found: Units, outcome: Outcome | Translation) -> None:
    found.groups.update({"meeting": ("meeting",), "meeting.venue": ("meeting", "venue")})
    meeting = outcome.meeting
    for name in ("name", "short_name", "process"):
        _add(found, f"meeting.{name}", getattr(meeting, name), ("meeting", name), ("meeting",))
    for name in ("city", "country"):
        path = ("meeting", "venue", name)
        _add(found, f"meeting.venue.{name}", getattr(meeting.venue, name), path, ("meeting.venue",))
    for name in ("host", "chair"):
        _add(found, f"meeting.{name}", getattr(meeting, name), ("meeting", name), ("meeting",))


def _section_units(found: Units, outcome: Outcome | Translation) -> None:
    found.groups.update({"sections": ("sections",), "agenda": ("agenda",)})
    found.groups["actions"] = ("actions",)
    for s, section in enumerate(outcome.sections):
        key, path = f"sections[{section.id}]", ("sections", s)
        found.groups[key] = path
        found.groups[f"{key}.paragraphs"] = (*path, "paragraphs")
        _add(found, f"{key}.title", section.title, (*path, "title"), (key, "sections"))
        for p, paragraph in enumerate(section.paragraphs):
            found.texts[f"paragraphs[{paragraph.id}]"] = Unit(
                f"paragraphs[{paragraph.id}]",
                (paragraph.text, *paragraph.items),
                (*path, "paragraphs", p),
                (f"{key}.paragraphs", key, "sections"),
                markdown=True,
            )


def _add(
    found: Units,
    key: str,
    text: str | None,
    path: PathKey,
    parents: tuple[str, ...],
    *,
    markdown: bool = False,
) -> None:
    if text is not None:
        found.texts[key] = Unit(key, (text,), path, (*parents, ""), markdown)


def describe(key: str) -> str:
    """A key as a reader names it: `paragraphs[indicators]` is "the paragraph 'indicators'"."""
    kind, _, rest = key.partition("[")
    inner, _, after = rest.partition("]")
    if kind == "participants":
        group = f"participant group {int(inner) + 1}"
        if ".members[" in after:
            return f"member {int(after.split('[')[1].rstrip(']')) + 1} of {group}"
        return f"the name of {group}"
    named = {"paragraphs": "paragraph", "sections": "section", "agenda": "agenda item"}
    if kind in named:
        return f"the {named[kind]} '{inner}'"
    if kind == "actions":
        return f"the action '{inner}'" + (" (its owner)" if after == ".owner" else "")
    return f"'{key}'"


# --- a translation checked against its source --------------------------------------------------


@dataclass(frozen=True)
class SourceFacts:
    """What a translation is checked against: the source as it stands and what git holds."""

    outcome: Outcome
    recorded: list[str]  # the names of the source's recorded versions, oldest first


def check_against_source(draft: TranslationDraft, source: SourceFacts) -> list[Problem]:
    """Everything in which a translation does not match its source, each at its place."""
    translation = draft.translation
    findings = _language_and_version(translation, source)
    mine, theirs = units(translation), units(source.outcome)
    told: set[str] = set()
    for key, unit in theirs.texts.items():
        if key not in mine.texts and unit.entity not in told:
            told.add(unit.entity)
            findings.append(_missing(unit, mine))
    for key, unit in mine.texts.items():
        if key not in theirs.texts and unit.entity not in told:
            told.add(unit.entity)
            message = f"the source has no {describe(key).removeprefix('the ')}; remove it here"
            findings.append(Finding(_id_or(unit.path), message, Code.NOT_IN_SOURCE))
        elif key in theirs.texts and len(unit.texts) != len(theirs.texts[key].texts):
            findings.append(_items_mismatch(unit, theirs.texts[key]))
    return [draft.marks.place(finding) for finding in findings]


def _language_and_version(translation: Translation, source: SourceFacts) -> list[Finding]:
    findings = []
    if translation.language == source.outcome.language:
        message = f"the source is in {translation.language} already: a translation is into another"
        findings.append(Finding(("language",), message, Code.SAME_LANGUAGE))
    if translation.source_version not in source.recorded:
        findings.append(
            Finding(
                ("source_version",),
                _unknown_version(translation.translation_of, translation.source_version, source),
                Code.UNKNOWN_VERSION,
            )
        )
    return findings


def _unknown_version(draft_id: str, version: str, source: SourceFacts) -> str:
    if not source.recorded:
        return (
            f"no version of {draft_id} is recorded yet, so it has no {version}: a translation "
            f"translates a recorded version (`outcomes draft {draft_id}` records one)"
        )
    return (
        f"{draft_id} has no recorded version {version}; its versions are "
        f"{', '.join(source.recorded)}"
    )


def _id_or(path: PathKey) -> PathKey:
    """Where to point at a text the source lacks: a paragraph, section, agenda item or action
    at its id (the id is what is wrong), any other text at itself."""
    if path[-2:-1] == ("paragraphs",):
        return (*path, "id")
    if len(path) == 3 and path[0] in ("agenda", "sections", "actions") and path[2] != "owner":
        return (*path[:2], "id")
    return path


def _missing(unit: Unit, mine: Units) -> Finding:
    """A text of the source the translation lacks, told at the group it belongs in."""
    parent = next(key for key in unit.parents if key in mine.groups)
    message = f"{describe(unit.key)} of the source is missing here; add it"
    if unit.key.startswith("paragraphs["):
        message += f", with `id: {unit.key[11:-1]}`"
    path = mine.groups[parent]  # at the group's key; at the file's first line for the file
    return Finding(path, message, Code.NOT_TRANSLATED_HERE, at_key=bool(path))


def _items_mismatch(unit: Unit, source: Unit) -> Finding:
    theirs, mine = len(source.texts) - 1, len(unit.texts) - 1
    message = (
        f"the source's paragraph has {_items(theirs)} and this one {_items(mine)}: "
        "a translation has the source's items, one for one"
    )
    return Finding((*unit.path, "items" if mine else "text"), message, Code.ITEMS_MISMATCH)


def _items(count: int) -> str:
    return "no sub-items" if not count else f"{count} sub-item{'s' if count > 1 else ''}"


def recorded_translation(history: History, name: str, version: VersionRef) -> Translation:
    """The translation a language edition (`commit-som11.km`) recorded in `version`."""
    path = layout.named(name)
    source = history.file_at(version.commit, path)
    if source is None:
        raise OutcomesError(f"{version.name} holds no {path}")
    try:
        file = f"{version.name}:{path}"
        return parse_translation(source, Path(path), file=file).translation
    except DraftInvalid as error:
        raise OutcomesError(
            f"the translation recorded in {version.name} cannot be read by this version of "
            f"outcomes: {error.problems[0]}"
        ) from None


def check_translation(ws: Workspace, path: Path, *, strict: bool = False) -> TranslationDraft:
    """Read a translation and check it against its source in drafts/ and the source's
    recorded versions; raise `DraftInvalid` with every problem found."""
    draft = load_translation(path, shown_as=ws.shown(path), strict=strict)
    source_id = draft.translation.translation_of
    try:
        now = load_draft(ws.draft_path(source_id)).outcome
    except DraftInvalid:
        problems = [draft.marks.place(_no_source(ws, source_id))]
    else:
        with history_if_any(ws) as history:
            facts = SourceFacts(now, version_names(history, source_id))
        problems = check_against_source(draft, facts)
    found = sorted([*draft.warnings, *problems], key=lambda p: (p.line, p.column))
    if any(p.severity == "error" for p in found):
        raise refusal(found)
    return replace(draft, warnings=found)


def _no_source(ws: Workspace, source_id: str) -> Finding:
    source = layout.draft(source_id)
    if ws.draft_path(source_id).is_file():
        message = f"its source, {source}, has problems: `outcomes validate {source}` lists them"
    else:
        message = f"there is no {source}: a translation is kept beside its source"
    return Finding(("translation_of",), message, Code.NO_SOURCE)


# --- the state of each text: current, outdated, missing, orphaned ------------------------------

State = Literal["current", "outdated", "missing", "orphaned"]
STATES: tuple[State, ...] = ("current", "outdated", "missing", "orphaned")


@dataclass(frozen=True)
class TextState:
    key: str
    label: str  # "para 4 (labour-migration)", "action 2 (localize)", "title"
    state: State
    #: Outdated: the source's words from the translated version to now, its text then each item.
    changes: tuple[tuple[Segment, ...], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "state": self.state,
            "changes": [[{"op": s.op, "text": s.text} for s in text] for text in self.changes],
        }


def states(translation: Translation, then: Outcome, now: Outcome) -> list[TextState]:
    """Each text's state in `translation`, made from the source as it was at the version
    translated (`then`) and as it is (`now`): the source's texts in order, then the orphans."""
    mine, before, after = units(translation).texts, units(then).texts, units(now).texts
    labels = _labels(now)
    found = [
        _state(key, labels.get(key, key), mine.get(key), before.get(key), unit)
        for key, unit in after.items()
    ]
    found += [
        TextState(key, f"{_orphan_label(key)}, gone from the source", "orphaned")
        for key in mine
        if key not in after
    ]
    return found


def _state(key: str, label: str, mine: Unit | None, then: Unit | None, now: Unit) -> TextState:
    if mine is None or any(MARKER in text for text in mine.texts):
        return TextState(key, label, "missing")
    if then is not None and then.texts == now.texts:
        return TextState(key, label, "current")
    old = then.texts if then else ()
    diff = word_diff if now.markdown else plain_diff
    changes = tuple(
        diff(old[i] if i < len(old) else "", now.texts[i] if i < len(now.texts) else "")
        for i in range(max(len(old), len(now.texts)))
    )
    return TextState(key, label, "outdated", changes)


def _labels(outcome: Outcome) -> dict[str, str]:
    """How the texts whose number a reader sees are named: "para 4 (labour-migration)"."""
    labels = {
        f"paragraphs[{p.id}]": f"para {number} ({p.id})"
        for number, p in enumerate(outcome.paragraphs, 1)
    }
    for number, action in enumerate(outcome.actions, 1):
        labels[f"actions[{action.id}].text"] = f"action {number} ({action.id})"
        labels[f"actions[{action.id}].owner"] = f"action {number} ({action.id}), its owner"
    return labels


def _orphan_label(key: str) -> str:
    if key.startswith("paragraphs["):
        return f"para ({key[11:-1]})"
    return key


def counts(found: list[TextState]) -> dict[str, int]:
    tally = dict.fromkeys(STATES, 0)
    for text in found:
        tally[text.state] += 1
    return tally


# --- a translation started: the source's structure, every text marked -------------------------

WIDTH = 88


def starter(outcome: Outcome, version: str, language: str) -> str:
    """The file `translate --to` writes: the source's ids, each text `MARKER` under a comment
    holding the source's words, so that nothing untranslated passes for a translation."""
    about = (
        f"A translation of {layout.draft(outcome.id)} ({outcome.language}) into {language}, "
        f"from its recorded version {version}. Replace each {MARKER} by the translation of the "
        "text in the comment above it, and keep every id: texts are matched with the source's "
        "by id. Dates, numbers, kinds and the symbol come from the source and are not written "
        f"here. `outcomes translate {outcome.id}` shows the state of each text."
    )
    lines = [
        *(f"# {line}" for line in _wrapped(about, WIDTH - 2)),
        "format: 1",
        f"translation_of: {outcome.id}",
        f"source_version: {version}",
        f"language: {language}",
    ]
    write = _Writer(lines, outcome.language)
    for name in ("title", "headline", "summary"):
        write.text(0, name, getattr(outcome, name))
    _meeting(write, outcome)
    lines.append("participants:")
    for group in outcome.participants:
        write.text(1, "- group", group.group)
        lines.append("    members:")
        for member in group.members:
            write.text(3, "-", member)
    lines.append("agenda:")
    for item in outcome.agenda:
        lines.append(f"  - id: {item.id}")
        write.text(2, "title", item.title)
    _sections(write, outcome)
    return "\n".join(lines) + "\n"


def _meeting(write: _Writer, outcome: Outcome) -> None:
    meeting = outcome.meeting
    write.lines.append("meeting:")
    for name in ("name", "short_name", "process"):
        write.text(1, name, getattr(meeting, name))
    write.lines.append("  venue:")
    write.text(2, "city", meeting.venue.city)
    write.text(2, "country", meeting.venue.country)
    write.text(1, "host", meeting.host)
    write.text(1, "chair", meeting.chair)


def _sections(write: _Writer, outcome: Outcome) -> None:
    write.lines.append("sections:")
    for section in outcome.sections:
        write.lines += [f"  - id: {section.id}"]
        write.text(2, "title", section.title)
        write.lines.append("    paragraphs:")
        for paragraph in section.paragraphs:
            write.lines.append(f"      - id: {paragraph.id}")
            write.text(4, "text", paragraph.text)
            if paragraph.items:
                write.lines.append("        items:")
            for item in paragraph.items:
                write.text(4, "-", item)
    if outcome.actions:
        write.lines.append("actions:")
    for action in outcome.actions:
        write.lines.append(f"  - id: {action.id}")
        write.text(2, "text", action.text)
        write.text(2, "owner", action.owner)


@dataclass
class _Writer:
    lines: list[str]
    source_language: str

    def text(self, depth: int, key: str, words: str | None) -> None:
        """`key: MARKER` at `depth` (two spaces each), under the source's words as a comment."""
        if words is None:
            return
        indent = "  " * depth
        lead = f"{indent}# {self.source_language}: "
        wrapped = _wrapped(words, max(WIDTH - len(lead), 40)) or [""]
        self.lines.append(lead + wrapped[0])
        self.lines += [f"{indent}#{' ' * (len(lead) - len(indent) - 1)}{w}" for w in wrapped[1:]]
        separator = " " if key == "-" else ": "
        self.lines.append(f"{indent}{key}{separator}{MARKER}")


def _wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of `width` at most, broken at spaces only (ids and words whole)."""
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)
