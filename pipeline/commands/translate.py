"""`outcomes translate`: the state of each translated text, per language; `--to` starts one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline import layout
from pipeline.codes import Code
from pipeline.context import letter_label
from pipeline.errors import DraftInvalid, OutcomesError, ReturnedFileRefused
from pipeline.exchange.importing import STATUSES, Sources, Taken
from pipeline.exchange.returned import ReturnedFile
from pipeline.files import refuse_links, write_all, write_atomically
from pipeline.history import History, project_lock
from pipeline.languages import names_language
from pipeline.loading import load_draft
from pipeline.model import Outcome
from pipeline.results import Line, Result, Run, word_runs
from pipeline.translation import (
    MARKER,
    SourceFacts,
    TextState,
    Translation,
    check_against_source,
    counts,
    load_translation,
    parse_translation,
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
        errors = sum(p.severity == "error" for p in error.problems)
        result.refused.append(
            f"{file} does not validate ({errors} problem{'' if errors == 1 else 's'}, listed "
            "above), so the states of its texts cannot be told"
        )
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


# --- translate --docx / --xliff: the file a translator receives --------------------------------


@dataclass
class ExportResult(Result):
    id: str
    language: str
    source_version: str
    written: list[str]
    texts: dict[str, int]  # how many texts are to translate, outdated, translated

    def lines(self) -> list[Line]:
        tally = ", ".join(f"{n} {EXPORT_WORDS[state]}" for state, n in self.texts.items())
        return [
            *(f"wrote {path}" for path in self.written),
            f"  {sum(self.texts.values())} texts of {self.id} {self.source_version} for "
            f"translation into {self.language}: {tally}",
            f"  `outcomes translate {self.id} --import FILE` takes the returned file back",
        ]


#: Far beyond any outcome's texts (a draft holds some 5,000 at most): a file holding more is
#: not one this command wrote, and is not read text by text.
MAX_RETURNED_TEXTS = 20_000
EXPORT_WORDS = {"missing": "to translate", "outdated": "source changed", "current": "translated"}


def export_translation(
    ws: Workspace,
    draft_id: str,
    language: str,
    *,
    docx: Path | None = None,
    xliff: Path | None = None,
    version: str | None = None,
) -> ExportResult:
    """Write the bilingual Word copy and/or the XLIFF 2.0 file of the translation into
    `language`, from a recorded source version (the latest by default)."""
    from pipeline.exchange.bilingual import write_bilingual
    from pipeline.exchange.texts import make_sheet
    from pipeline.exchange.xliff import write_xliff

    path = ws.translation_path(draft_id, language)
    with open_history(ws, draft_id) as history:
        chosen = _chosen_version(history, draft_id, version)
        source = outcome_at(history, draft_id, chosen)
        translation, then = _current_translation(ws, history, path, source)
    if source.language == language:
        raise OutcomesError(f"{draft_id} is written in {language}: translate it into another")
    sheet = make_sheet(source, (chosen.name, chosen.date), language, translation, then)
    files = {}
    if docx:
        files[docx] = write_bilingual(sheet)
    if xliff:
        files[xliff] = write_xliff(sheet, layout.draft(draft_id))
    try:
        write_all(files)
    except OSError as error:
        message = f"{error.filename or 'a file'} cannot be written: {error.strerror}"
        raise OutcomesError(message) from None
    texts = {state: sum(t.state == state for t in sheet.texts) for state in EXPORT_WORDS}
    result = ExportResult(draft_id, language, chosen.name, [str(p) for p in files], texts)
    if _changed_since(ws, draft_id, source):
        result.warnings.append(
            f"{layout.draft(draft_id)} has changed since {chosen.name}, which is what was "
            f"written to translate; record it (`outcomes draft {draft_id}`) to translate it"
        )
    return result


def _current_translation(
    ws: Workspace, history: History, path: Path, source: Outcome
) -> tuple[Translation | None, Outcome | None]:
    """The translation as it stands, if there is one, and the source version it follows."""
    if not path.is_file():
        return None, None
    shown = ws.shown(path)
    try:
        loaded = load_translation(path, shown_as=shown)
    except DraftInvalid as error:
        raise OutcomesError(
            f"{shown} cannot be read ({error.message}): `outcomes validate {shown}` says where"
        ) from None
    translation = loaded.translation
    try:
        version = resolve(history, source.id, translation.source_version)
    except OutcomesError as error:  # the version is the translation's word, not the officer's
        line, column = loaded.marks.at(("source_version",))
        raise OutcomesError(f"{shown}:{line}:{column}: source_version: {error.message}") from None
    return translation, outcome_at(history, source.id, version)


# --- translate --import: the returned file taken back ------------------------------------------


@dataclass
class ImportResult(Result):
    id: str
    language: str
    file: str
    written: str
    made_from: str
    source_version: str
    taken: list[Taken]
    behind: list[str]

    def lines(self) -> list[Line]:
        tally = counted(self.taken)
        told = ", ".join(f"{n} {status}" for status, n in tally.items())
        lines: list[Line] = [
            f"{self.file} ({self.made_from}) into {self.written}: {told}",
        ]
        lines += [f"  {t.label} ({t.xid}): {t.status}, {t.reason}" for t in self.taken if t.reason]
        # Labels hold commas ("A2, owner"): the list is joined with semicolons.
        if missing := [t.label for t in self.taken if t.status == "missing"]:
            more = "; ..." if len(missing) > 5 else ""
            lines.append(f"  still to translate: {'; '.join(missing[:5])}{more}")
        if self.behind:
            lines.append(
                f"  source_version stays {self.source_version}: {len(self.behind)} text(s) "
                f"still follow it, not the latest source ({'; '.join(self.behind[:5])}"
                f"{'; ...' if len(self.behind) > 5 else ''})"
            )
        if tally["updated"]:
            lines.append(f"  `outcomes translate {self.id}` shows the state of each text")
        else:
            lines.append(f"  nothing was written: the file holds no text new to {self.written}")
        return lines

    def errors(self) -> list[str]:
        """Texts refused: the command took the others, and ends with exit status 1."""
        if refused := counted(self.taken)["refused"]:
            return [f"{refused} text(s) of {self.file} refused, as listed; the others were taken"]
        return []

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "language": self.language,
            "file": self.file,
            "written": self.written,
            "made_from": self.made_from,
            "source_version": self.source_version,
            "counts": counted(self.taken),
            "texts": [t.as_dict() for t in self.taken],
            "behind": self.behind,
        }


def counted(taken: list[Taken]) -> dict[str, int]:
    return {status: sum(t.status == status for t in taken) for status in STATUSES}


def import_translation(
    ws: Workspace, draft_id: str, file: Path, language: str | None = None
) -> ImportResult:
    """Take a returned bilingual copy or XLIFF file back into drafts/<id>.<lang>.yaml, text by
    text by id; nothing is written when the file cannot be read."""
    from pipeline.exchange.importing import plan_import

    returned = read_returned_translation(file)
    target = _translated_language(ws, draft_id, returned.language, language)
    returned = replace(returned, language=target)
    _check_returned(returned, draft_id, language)
    path = ws.translation_path(draft_id, returned.language)
    relative = layout.translation(draft_id, returned.language)
    with open_history(ws, draft_id) as history:
        sources, translation, original = _import_sources(ws, history, returned, path)
    plan = plan_import(returned, sources, translation, original.decode("utf-8"))
    bom = "\ufeff" if original.startswith("\ufeff".encode()) else ""
    data = (bom + plan.text).encode("utf-8")
    _check_written(ws, path, data)
    # A translation not started yet is started only to hold a text taken in.
    if (data != original and path.exists()) or (not path.exists() and plan.replacements):
        refuse_links(ws.root, [relative])
        ws.drafts.mkdir(parents=True, exist_ok=True)
        with project_lock(ws.root):
            if path.exists() and path.read_bytes() != original:
                raise OutcomesError(
                    f"{relative} was saved again while the file was being taken in, so nothing "
                    "was written: run the command again"
                )
            write_atomically(path, data)
    return ImportResult(
        draft_id,
        returned.language,
        returned.name,
        relative,
        sources.made_from_name,
        plan.source_version,
        plan.taken,
        plan.behind,
    )


#: A web page saved by mistake: told as not a translation's file, not as a hostile XML one.
WEB_PAGE = re.compile(rb"<(!doctype\s+html|html[\s>])", re.IGNORECASE)


def read_returned_translation(file: Path) -> ReturnedFile:
    """A returned .docx or .xlf, told apart by what it holds, not by its name."""
    from pipeline.exchange.bilingual import read_bilingual
    from pipeline.exchange.xliff import read_xliff
    from pipeline.review.package import read_file

    name = file.name
    data = read_file(file, name)
    head = data[:8]
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
        returned = read_bilingual(data, name)
    elif text.startswith(b"<") and not WEB_PAGE.match(text):
        returned = read_xliff(data, name)
    else:
        raise ReturnedFileRefused(
            f"{name}: refused: it is neither a Word .docx nor an XLIFF .xlf file; a translation "
            "comes back in the bilingual copy or the XLIFF file `outcomes translate` wrote"
        )
    if len(returned.texts) > MAX_RETURNED_TEXTS:
        raise ReturnedFileRefused(
            f"{name}: refused: it holds {len(returned.texts)} texts, where an outcome has a few "
            "hundred"
        )
    return returned


def _translated_language(ws: Workspace, draft_id: str, tag: str, asked: str | None) -> str:
    """The language of the project's translation that a returned file's target language names:
    `km` for the `km-KH` a translation tool may write, so the file goes into the translation
    it was made from, never into a second one; the file's own tag when none is named."""
    known = [asked] if asked else list(ws.translation_files(draft_id))
    named = [language for language in known if names_language(tag, language)]
    return max(named, key=len) if named else tag


def _check_returned(returned: ReturnedFile, draft_id: str, language: str | None) -> None:
    name = returned.name
    if returned.outcome_id != draft_id:
        raise ReturnedFileRefused(
            f"{name}: refused: it is a translation of {returned.outcome_id or 'another outcome'}, "
            f"not of {draft_id}"
        )
    try:
        layout.checked_language(returned.language)
    except ValueError:
        raise ReturnedFileRefused(
            f"{name}: refused: its target language '{returned.language}' is not a language tag"
        ) from None
    if language and language != returned.language:
        raise ReturnedFileRefused(
            f"{name}: refused: it is a translation into {returned.language}, not {language}"
        )


def _import_sources(
    ws: Workspace, history: History, returned: ReturnedFile, path: Path
) -> tuple[Sources, Translation, bytes]:
    """The source versions an import compares, the translation and its bytes (a new
    translation's as `translate --to` would start it)."""
    draft_id = returned.outcome_id
    versions = all_versions(history, draft_id)
    if not versions:
        raise nothing_recorded(draft_id)
    try:
        made = resolve(history, draft_id, returned.version)
    except OutcomesError:
        raise ReturnedFileRefused(
            f"{returned.name}: refused: it was made from {returned.version} of {draft_id}, "
            "which this project has not recorded"
        ) from None
    latest = versions[-1]
    latest_outcome = outcome_at(history, draft_id, latest)
    if path.exists():
        original = path.read_bytes()
        translation, followed = _current_translation(ws, history, path, latest_outcome)
        assert translation is not None and followed is not None  # the file exists
    else:
        original = starter(latest_outcome, latest.name, returned.language).encode("utf-8")
        translation = parse_translation(original, path, file=ws.shown(path)).translation
        followed = latest_outcome
    made_from = outcome_at(history, draft_id, made)
    if returned.source_language and not names_language(
        returned.source_language, made_from.language
    ):
        raise ReturnedFileRefused(
            f"{returned.name}: refused: its source language is {returned.source_language}, "
            f"but {draft_id} is written in {made_from.language}"
        )
    sources = Sources(made_from, made.name, latest_outcome, latest.name, followed)
    _refuse_lost_rows(returned, made_from)
    return sources, translation, original


def _refuse_lost_rows(returned: ReturnedFile, made_from: Outcome) -> None:
    from pipeline.exchange.importing import lost_rows

    if lost := lost_rows(returned, made_from):
        what = "row" if returned.kind == "Word" else "unit"
        gone = f"1 of its {what}s is" if len(lost) == 1 else f"{len(lost)} of its {what}s are"
        raise ReturnedFileRefused(
            f"{returned.name}: refused: {gone} gone ({', '.join(lost[:3])}"
            f"{', ...' if len(lost) > 3 else ''}): was a {what} deleted? Every text must come "
            f"back in its own {what}, even untranslated; ask for the file again as it was sent"
        )


def _check_written(ws: Workspace, path: Path, data: bytes) -> None:
    """The new translation must read as a translation, or nothing is written."""
    try:
        parse_translation(data, path, file=ws.shown(path))
    except DraftInvalid as error:
        first = next((p for p in error.problems if p.severity == "error"), None)
        raise OutcomesError(
            f"the returned texts would make {ws.shown(path)} invalid "
            f"({first.message if first else error.message}); nothing was written"
        ) from None
