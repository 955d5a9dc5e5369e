"""What publishing a version renders: an outcome's files at its latest and permanent
addresses, the archive, feed and catalog with it, and what `publish` reports.

`outcomes publish` (one outcome, `commands/publish.py`), its language editions
(`commands/edition.py`) and `publish --all` (`commands/publish_all.py`) render through these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline import layout
from pipeline.context import Document, Version, build_document
from pipeline.history import Recorded
from pipeline.recording import (
    Outputs,
    Recording,
    published_json,
    schema_beside_drafts,
    shared_files,
)
from pipeline.render.data import catalog_json, editions_of, outcome_json, published_numbers
from pipeline.render.html import Languages, render_fragment, render_page
from pipeline.results import Line, Result


@dataclass
class PublishResult(Result):
    id: str
    version: int
    commit: str
    tag: str
    recorded: bool
    paths: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.recorded  # nothing new to record is a refusal: exit status 1

    def lines(self) -> list[Line]:
        if not self.recorded:
            return [
                f"{self.id}: nothing changed since published version {self.version}, "
                "so nothing was recorded"
            ]
        return [
            f"{self.id}: recorded published version {self.version} ({self.tag})",
            *(f"  {path}" for path in self.paths),
            f"  commit: {self.commit[:12]}",
        ]


def record_publication(
    recording: Recording,
    as_before: Callable[[Recorded], list[Callable[[], Outputs]]],
    outputs_of: Callable[[Version, Recorded | None], Outputs],
) -> PublishResult:
    """Record the next published version of what `recording` holds (an outcome or an
    edition), with the files `outputs_of` renders for it; nothing when the draft and the
    files the last published version renders to now (`as_before`, the quickest first) are
    what that version holds."""
    previous = recording.latest("published")
    if previous and recording.unchanged(previous, *as_before(previous)):
        return PublishResult(
            recording.id,
            previous.number,
            previous.commit,
            previous.tag,
            False,
            [],
            **recording.notes(),
        )
    version = recording.next_version("published", previous)
    outputs = outputs_of(version, previous)
    commit = recording.record(version, outputs | schema_beside_drafts(recording.ws), annotated=True)
    return PublishResult(
        recording.id,
        version.number,
        commit,
        recording.tag(version),
        True,
        sorted(outputs),
        **recording.notes(),
    )


@dataclass(frozen=True)
class PublishedFiles:
    """One version's files: at the outcome's latest address and at the version's own."""

    document: Document
    latest: Outputs
    permanent: Outputs
    by_kind: dict[str, bytes]  # html, fragment, json, pdf: this version's own


def published_files(
    recording: Recording,
    number: int,
    when: datetime,
    previous: Recorded | None,
    at: str,
    *,
    pdf: bool = True,
) -> PublishedFiles:
    """The outcome's own files: page, fragment, JSON and PDF, by project-relative path, at
    its latest address (`published/<id>/`) and its permanent one (`published/<id>/v<M>/`);
    linking the language editions published as the revision `at` holds them. Without `pdf`,
    the others only: a quick comparison, for the PDF takes most of the time."""
    from pipeline.render.pdf import render_pdf  # WeasyPrint takes half a second to import

    ws = recording.ws
    document = build_document(
        recording.draft.outcome, Version("published", number, when), ws.settings
    )
    latest = layout.edition_files(recording.id)
    earlier_json = recording.history.file_at(at, latest["json"]) if previous else None
    versions = [*published_numbers(earlier_json, recording.id), number]
    translated = editions_of(earlier_json)
    languages = Languages(document.outcome.language, tuple(e["language"] for e in translated))
    shared = {"json": outcome_json(document, earlier_json, editions=translated)}
    if pdf:
        with ws.staging() as staging:
            render_pdf(document, ws.templates, recording.draft.source, staging / "edition.pdf")
            shared["pdf"] = (staging / "edition.pdf").read_bytes()
    pages = {
        permanent: web_files(document, ws.templates, versions, permanent, languages) | shared
        for permanent in (False, True)
    }
    own = layout.edition_files(recording.id, number)
    return PublishedFiles(
        document,
        {latest[kind]: data for kind, data in pages[False].items()},
        {own[kind]: data for kind, data in pages[True].items()},
        pages[True],
    )


def web_files(
    document: Document,
    templates: Path,
    versions: list[int],
    permanent: bool,
    languages: Languages,
) -> dict[str, bytes]:
    """The page and the fragment of one edition, by kind."""
    return {
        "html": render_page(
            document, templates, versions, permanent=permanent, languages=languages
        ).encode(),
        "fragment": render_fragment(
            document, templates, versions, permanent=permanent, languages=languages
        ).encode(),
    }


def as_recorded(recording: Recording, previous: Recorded) -> list[Callable[[], Outputs]]:
    """The editions as `previous` renders now, for `Recording.unchanged`: first without the
    PDF, which a template change to the page already tells, then with it."""

    def render(pdf: bool) -> Callable[[], Outputs]:
        number, when = previous.number, previous.timestamp
        return lambda: (
            published_files(recording, number, when, previous, previous.commit, pdf=pdf).latest
        )

    return [render(False), render(True)]


def shared_outputs(recording: Recording, files: PublishedFiles) -> Outputs:
    """The archive, the feed and the catalog, with this version in them."""
    history, outcome_id = recording.history, recording.id
    new_json = {outcome_id: files.by_kind["json"]}
    shared = shared_files(recording.ws, published_json(history, "HEAD") | new_json)
    head = history.resolve("HEAD")
    previous = history.file_at(head, layout.CATALOG) if head else None
    shared[layout.CATALOG] = catalog_json(previous, outcome_id, files.document, files.by_kind)
    return shared
