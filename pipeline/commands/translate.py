"""`outcomes translate`: the state of each translated text, per language; `--to` starts one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import layout
from pipeline.codes import Code
from pipeline.context import letter_label
from pipeline.errors import DraftInvalid, OutcomesError
from pipeline.files import refuse_links
from pipeline.history import History
from pipeline.loading import load_draft
from pipeline.model import Outcome
from pipeline.results import Line, Result, Run, word_runs
from pipeline.translation import (
    MARKER,
    SourceFacts,
    TextState,
    check_against_source,
    counts,
    load_translation,
    starter,
    states,
    units,
)
from pipeline.versions import (
    all_versions,
    history_if_any,
    nothing_recorded,
    open_history,
    outcome_at,
    resolve,
    version_names,
)
from pipeline.workspace import Workspace

#: How a state reads in the per-text lines: outdated texts show the source's changed words.
STATE_WORDS = {"outdated": "outdated, the source changed", "missing": "to translate"}


@dataclass
class Edition:
    """One language's translation of the source, each text with its state."""

    language: str
    file: str
    source_version: str
    texts: list[TextState]

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "file": self.file,
            "source_version": self.source_version,
            "counts": counts(self.texts),
            "texts": [text.as_dict() for text in self.texts],
        }


@dataclass
class StatesResult(Result):
    id: str
    source: str
    language: str
    editions: list[Edition]
    refused: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return self.refused

    def lines(self) -> list[Line]:
        if not self.editions and not self.refused:
            return [
                f"{self.id} has no translation yet: `outcomes translate {self.id} --to km` "
                "starts one"
            ]
        lines: list[Line] = []
        for edition in self.editions:
            tally = ", ".join(f"{n} {state}" for state, n in counts(edition.texts).items())
            heading = f"{edition.language} ({edition.file}, from {edition.source_version}): {tally}"
            lines += [(Run(heading, "heading"),)]
            if all(text.state == "missing" for text in edition.texts):
                lines.append(f"  nothing translated yet: every text is marked {MARKER}")
                continue
            lines += [line for text in edition.texts for line in _text_lines(text)]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "language": self.language,
            "translations": [edition.as_dict() for edition in self.editions],
            "refused": self.refused,
            "problems": [problem.as_dict() for problem in self.problems],
        }


def _text_lines(text: TextState) -> list[Line]:
    if text.state == "current":
        return []
    lines: list[Line] = [f"  {text.label}: {STATE_WORDS.get(text.state, text.state)}"]
    for index, words in enumerate(text.changes):
        if any(s.op != "equal" for s in words):
            lead = "    " if index == 0 else f"      ({letter_label(index - 1)}) "
            lines.append((Run(lead), *word_runs(words)))
    return lines


def translation_states(ws: Workspace, draft_id: str) -> StatesResult:
    """Each translation of the draft, each of its texts current, outdated (with the source's
    words changed since the version translated), missing or orphaned."""
    source = ws.existing_draft(draft_id, "to translate")
    result = StatesResult(draft_id, ws.shown(source.path), source.outcome.language, [])
    files = ws.translation_files(draft_id)
    if not files:
        return result
    with history_if_any(ws) as history:
        for language, path in files.items():
            _add_edition(result, ws.shown(path), language, path, history, source.outcome)
    return result


def _add_edition(
    result: StatesResult,
    file: str,
    language: str,
    path: Path,
    history: History | None,
    now: Outcome,
) -> None:
    """One translation's states, or why they cannot be told; and whether it matches the
    source, which `validate` tells place by place."""
    try:
        draft = load_translation(path, shown_as=file)
    except DraftInvalid as error:
        result.problems += error.problems
        result.refused.append(f"{file} cannot be read: {error.message}")
        return
    facts = SourceFacts(now, version_names(history, now.id))
    mismatches = check_against_source(draft, facts)
    if unknown := [p for p in mismatches if p.code == Code.UNKNOWN_VERSION]:
        result.refused.append(f"{file}: {unknown[0].message}")
        return
    if mismatches:
        places = f"{len(mismatches)} place{'' if len(mismatches) == 1 else 's'}"
        result.warnings.append(
            f"{file} does not match its source in {places}: `outcomes validate {file}` says where"
        )
    version = draft.translation.source_version
    then = outcome_at(history, now.id, resolve(history, now.id, version))
    result.editions.append(Edition(language, file, version, states(draft.translation, then, now)))


# --- translate --to: a translation started --------------------------------------------------


@dataclass
class StartResult(Result):
    id: str
    language: str
    source_version: str
    written: str
    to_translate: int

    def lines(self) -> list[Line]:
        return [
            f"wrote {self.written}: {self.to_translate} texts of {self.id} {self.source_version} "
            f"to translate into {self.language}, each marked {MARKER}",
            f"`outcomes translate {self.id}` shows what is left; "
            f"`outcomes validate --strict {self.written}` lists each place",
        ]


def start_translation(
    ws: Workspace, draft_id: str, language: str, version: str | None = None
) -> StartResult:
    """Write drafts/<id>.<language>.yaml from a recorded version of the draft (the latest by
    default): the source's structure, every text marked to be translated. Never over a file."""
    path = ws.translation_path(draft_id, language)
    relative = layout.translation(draft_id, language)
    if path.exists():
        raise OutcomesError(
            f"{relative} exists already; `outcomes translate {draft_id}` shows what it still "
            "needs (it is never written over)"
        )
    with open_history(ws, draft_id) as history:
        chosen = _chosen_version(history, draft_id, version)
        source = outcome_at(history, draft_id, chosen)
    if source.language == language:
        raise OutcomesError(f"{draft_id} is written in {language}: translate it into another")
    refuse_links(ws.root, [relative])
    ws.drafts.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": never clobber one made meanwhile
        file.write(starter(source, chosen.name, language))
    result = StartResult(draft_id, language, chosen.name, relative, len(units(source).texts))
    if _changed_since(ws, draft_id, source):
        result.warnings.append(
            f"{layout.draft(draft_id)} has changed since {chosen.name}, which is what was "
            f"written to translate; `outcomes translate {draft_id}` shows the changes as outdated"
        )
    return result


def _chosen_version(history: History, draft_id: str, version: str | None) -> Any:
    versions = all_versions(history, draft_id)
    if not versions:
        raise nothing_recorded(draft_id)
    if version is None:
        return versions[-1]
    chosen = resolve(history, draft_id, version)
    if chosen.kind == "commit":
        raise OutcomesError(
            f"a translation translates a recorded version (draft-3, published-1), not {version}"
        )
    return chosen


def _changed_since(ws: Workspace, draft_id: str, recorded: Outcome) -> bool:
    """Whether the draft's texts as they stand differ from the recorded version's."""
    try:
        now = load_draft(ws.draft_path(draft_id)).outcome
    except DraftInvalid:
        return True
    return _words(now) != _words(recorded)


def _words(outcome: Outcome) -> dict[str, tuple[str, ...]]:
    return {key: unit.texts for key, unit in units(outcome).texts.items()}
