"""`outcomes publish drafts/<id>.<lang>.yaml`: a language edition, published beside its source.

An edition is the source's latest published version in a translation's words
(`pipeline/editions.py`), refused unless every text is current against it. Its versions are its
own (`<id>.<lang>/published-<n>`); each one also brings the source's latest page and those of
the other editions up to the languages now published, and the archive, feed and catalog.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline import layout
from pipeline.codes import Code
from pipeline.context import Document, Version, build_document
from pipeline.editions import edition_outcome, refusals
from pipeline.errors import OutcomesError
from pipeline.history import History, Recorded, moment
from pipeline.loading import Draft, refusal
from pipeline.model import Outcome
from pipeline.publication import PublishResult, record_publication, web_files
from pipeline.recording import (
    Outputs,
    Recording,
    held_history,
    published_json,
    shared_files,
    shared_remote,
)
from pipeline.records import made
from pipeline.render.data import (
    catalog_json,
    editions_of,
    outcome_json,
    published_numbers,
    with_edition,
)
from pipeline.render.html import Languages
from pipeline.translation import (
    SourceFacts,
    TranslationDraft,
    check_against_source,
    load_translation,
)
from pipeline.versions import outcome_at, recorded_outcome, resolve, version_names
from pipeline.workspace import Workspace


@dataclass(frozen=True)
class PublishedSource:
    """The source version an edition is published from: its latest published one."""

    version: Recorded
    outcome: Outcome


def publish_edition(ws: Workspace, file: Path, offline: bool) -> PublishResult:
    """Check the translation in `file` strictly and against its source's latest published
    version, render the edition and record it as the edition's next published version."""
    translated = load_translation(file, shown_as=ws.shown(file), strict=True)
    translation = translated.translation
    source_id, language = translation.translation_of, translation.language
    if file.resolve() != ws.translation_path(source_id, language).resolve():
        raise OutcomesError(
            f"{ws.shown(file)} is outside the project's drafts folder; editions are published "
            f"from {layout.translation(source_id, language)}: move the file there"
        )
    remote = None if offline else shared_remote(ws)
    with held_history(ws, layout.edition_name(source_id, language), remote) as history:
        source = _published_source(history, translated)
        outcome = edition_outcome(source.outcome, translation)
        draft = Draft(file, file.read_bytes(), outcome, translated.marks, translated.warnings)
        recording = Recording(ws, draft, history, moment(), remote, edition=language)
        return _record(recording, source, translated)


def _published_source(history: History, translated: TranslationDraft) -> PublishedSource:
    """The source's latest published version, once the translation matches it and each text
    translates it; else refused, with every text that does not. The source in drafts/ may
    have moved on towards its next version: the edition is of the published one."""
    translation = translated.translation
    source_id = translation.translation_of
    published = history.versions(source_id, "published")
    if not published:
        raise OutcomesError(
            f"{source_id} is not published yet, and a language edition is published after "
            f"its source: `outcomes publish {source_id}` first; nothing was recorded"
        )
    latest = published[-1]
    now = recorded_outcome(history, source_id, latest.commit, f"published-{latest.number}")
    facts = SourceFacts(now, version_names(history, source_id))
    mismatches = [
        p
        for p in check_against_source(translated, facts)
        if p.code not in (Code.NOT_TRANSLATED_HERE, Code.NOT_IN_SOURCE)  # told below, numbered
    ]
    if not any(p.code == Code.UNKNOWN_VERSION for p in mismatches):
        version = resolve(history, source_id, translation.source_version)
        then = outcome_at(history, source_id, version)
        mismatches += refusals(translated, then, now, f"published-{latest.number}")
    problems = sorted([*translated.warnings, *mismatches], key=lambda p: (p.line, p.column))
    if any(p.severity == "error" for p in problems):
        raise refusal(problems)
    return PublishedSource(latest, now)


def _record(
    recording: Recording, source: PublishedSource, translated: TranslationDraft
) -> PublishResult:
    def as_before(previous: Recorded) -> list[Callable[[], Outputs]]:
        number, when, at = previous.number, previous.timestamp, previous.commit
        return [lambda: _files(recording, source, translated, number, when, at).own_latest]

    def outputs_of(version: Version, _previous: Recorded | None) -> Outputs:
        number, when = version.number, version.timestamp
        return _files(recording, source, translated, number, when, "HEAD").all

    return record_publication(recording, as_before, outputs_of)


@dataclass(frozen=True)
class EditionFiles:
    own_latest: Outputs  # the edition's files at its latest address
    all: Outputs  # and at its permanent one, the pages relinked, archive, feed and catalog


def _files(
    recording: Recording,
    source: PublishedSource,
    translated: TranslationDraft,
    number: int,
    when: datetime,
    at: str,
) -> EditionFiles:
    """One edition version's files, with the outcome's other pages as the revision `at`
    holds them, brought up to the languages published."""
    from pipeline.render.pdf import render_pdf  # WeasyPrint takes half a second to import

    ws, history, language = recording.ws, recording.history, recording.edition
    assert language is not None
    source_id = source.outcome.id
    document = build_document(
        recording.draft.outcome, Version("published", number, when), ws.settings
    )
    latest = layout.edition_files(source_id, None, language)
    earlier_json = history.file_at(at, latest["json"])
    source_json = history.file_at(at, layout.edition_files(source_id)["json"])
    assert source_json is not None  # the source is published before any edition
    others = [e["language"] for e in editions_of(source_json) if e["language"] != language]
    languages = Languages(source.outcome.language, tuple(sorted([*others, language])))
    versions = [*published_numbers(earlier_json, source_id), number]
    translates = {
        "source_version": translated.translation.source_version,
        "published_version": source.version.number,
    }
    with ws.staging() as staging:
        pdf = staging / "edition.pdf"
        render_pdf(document, ws.templates, recording.draft.source, pdf)
        data = outcome_json(document, earlier_json, translates=translates)
        shared = {"json": data, "pdf": pdf.read_bytes()}
    pages = {
        permanent: web_files(document, ws.templates, versions, permanent, languages) | shared
        for permanent in (False, True)
    }
    own = {latest[kind]: content for kind, content in pages[False].items()}
    permanent = layout.edition_files(source_id, number, language)
    new_source_json = with_edition(source_json, data)
    all_files = own | {permanent[kind]: content for kind, content in pages[True].items()}
    all_files |= _relinked(recording, source_id, new_source_json, languages, others, at)
    all_files |= shared_files(ws, published_json(history, at) | {source_id: new_source_json})
    catalog = history.file_at(at, layout.CATALOG)
    all_files[layout.CATALOG] = catalog_json(catalog, source_id, document, pages[True], language)
    return EditionFiles(own, all_files)


def _relinked(
    recording: Recording,
    source_id: str,
    source_json: bytes,
    languages: Languages,
    others: list[str],
    at: str,
) -> Outputs:
    """The latest page and fragment of the source and of the other editions, made again
    from their published JSON so that their switchers name every language published."""
    files: Outputs = {}
    for edition in [None, *others]:
        paths = layout.edition_files(source_id, None, edition)
        data = source_json if edition is None else recording.history.file_at(at, paths["json"])
        if data is None:
            continue
        files |= {
            paths[kind]: content for kind, content in _pages_of(recording, data, languages).items()
        }
    files[layout.edition_files(source_id)["json"]] = source_json
    return files


def _pages_of(recording: Recording, data: bytes, languages: Languages) -> dict[str, bytes]:
    """A published edition's latest page and fragment, as its JSON records it."""
    published = json.loads(data)
    outcome = made(Outcome, published["outcome"])
    when = datetime.fromisoformat(published["published"])
    document: Document = build_document(
        outcome, Version("published", published["version"], when), recording.ws.settings
    )
    numbers = [v["version"] for v in published["versions"]]
    return web_files(document, recording.ws.templates, numbers, False, languages)
