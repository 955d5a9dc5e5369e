"""The published outcomes as data: each one's JSON, and the archive and Atom feed read from them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from pipeline.context import Document, spans_text
from pipeline.errors import RenderFailed
from pipeline.ids import DRAFT_ID_PATTERN
from pipeline.inline import parse_inline
from pipeline.labels import Wording, wording
from pipeline.languages import native_name
from pipeline.layout import edition_files, edition_name, web_paths
from pipeline.records import plain
from pipeline.render.environment import render, spans_html, w3c
from pipeline.settings import Settings

#: When a feed has no entry at all, its `updated` must still be a fixed moment, not the clock.
NO_ENTRIES = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ArchiveEntry:
    """One published version of one outcome, as the archive and the feed list it."""

    id: str
    version: int
    published: datetime
    title: str
    headline: str
    summary_html: Markup
    adopted: date  # the day the meeting adopted the text (its last day, if none was given)
    meeting: str
    venue: str
    dates: str
    language: str
    edition: str | None = None  # a language edition's language; None for the source's
    #: The outcome's language editions, each (language, its name in itself, its latest page).
    editions: tuple[tuple[str, str, str], ...] = ()

    @property
    def path(self) -> str:
        """The latest page of the outcome (the archive links it)."""
        return web_paths(self.id, None, self.edition)["html"]

    @property
    def permanent_path(self) -> str:
        """This version's own page, never rewritten (the feed links it)."""
        return web_paths(self.id, self.version, self.edition)["html"]

    @property
    def pdf_path(self) -> str:
        return web_paths(self.id, self.version, self.edition)["pdf"]

    @property
    def versions_name(self) -> str:
        """What its versions are tagged by: `commit-som11`, `commit-som11.km`."""
        return edition_name(self.id, self.edition)


def outcome_json(
    document: Document,
    previous: bytes | None,
    *,
    editions: list[dict[str, Any]] | None = None,
    translates: dict[str, Any] | None = None,
) -> bytes:
    """The outcome as data; the versions published before come from `previous` unchanged.
    The source's lists its language `editions` (as `edition_entry` gives them); a language
    edition's tells which source version it `translates`."""
    outcome = document.outcome
    edition = translates and outcome.language
    record = _version_record(document)
    earlier = _earlier_versions(previous, outcome.id)
    data: dict[str, Any] = {
        "id": outcome.id,
        "language": outcome.language,
        "version": document.version.number,
        "published": record["published"],
        "versions": [*(v for v in earlier if v["version"] < record["version"]), record],
        "urls": web_paths(outcome.id, None, edition),
        "permanent_urls": web_paths(outcome.id, document.version.number, edition),
        "paragraphs": _paragraphs(document),
        # The words the editions print around the outcome's, for a site that renders its own.
        "labels": {"language": document.label_language, "texts": document.labels},
        "outcome": plain(outcome, as_json=True),
    }
    if editions:
        data["editions"] = editions
    if translates:
        data["translates"] = translates
    return _json_bytes(data)


def _json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


def edition_entry(edition_json: bytes) -> dict[str, Any]:
    """What the source's JSON tells of one language edition: its language, its latest
    version and addresses, and each version as the archive and the feed show it."""
    data = json.loads(edition_json)
    return {
        "language": data["language"],
        "name": native_name(data["language"]),
        "version": data["version"],
        "urls": data["urls"],
        "versions": data["versions"],
    }


def editions_of(source_json: bytes | None) -> list[dict[str, Any]]:
    """The language editions the source's published JSON lists."""
    return list(json.loads(source_json).get("editions", [])) if source_json else []


def with_edition(source_json: bytes, edition_json: bytes) -> bytes:
    """The source's JSON listing the edition just published, in the place of its earlier
    version; the editions in the order of their language tags."""
    data = json.loads(source_json)
    entry = edition_entry(edition_json)
    others = [e for e in data.get("editions", []) if e["language"] != entry["language"]]
    data["editions"] = sorted([*others, entry], key=lambda e: e["language"])
    return _json_bytes(data)


def _version_record(document: Document) -> dict[str, Any]:
    """What the archive and the feed show of this version, kept as it was once published."""
    outcome = document.outcome
    return {
        "version": document.version.number,
        "published": w3c(document.version.timestamp),
        "title": outcome.title,
        "headline": document.headline,
        "summary": outcome.summary,
        "adopted": w3c(outcome.adopted or outcome.meeting.dates.last),
        "meeting": outcome.meeting.name,
        "venue": document.venue,
        "dates": document.meeting_dates,
        "language": outcome.language,
    }


def published_numbers(previous: bytes | None, outcome_id: str) -> list[int]:
    """The versions published before, as the last published JSON lists them."""
    return [v["version"] for v in _earlier_versions(previous, outcome_id)]


def catalog_json(
    previous: bytes | None,
    outcome_id: str,
    document: Document,
    files: dict[str, bytes],
    edition: str | None = None,
) -> bytes:
    """`published/catalog.json` with this version added: every outcome, version and file
    (its path under published/ and SHA-256), for the web team's scripts; a language
    `edition`'s under its outcome's `editions`. `files` are this version's, by kind, at their
    permanent addresses: they never change, so neither do the entries of the versions before."""
    catalog = _catalog(previous)
    _add_version(catalog, outcome_id, document, files, edition)
    return _catalog_bytes(catalog)


def catalog_with(
    previous: bytes | None, added: list[tuple[str, Document, dict[str, bytes]]]
) -> bytes:
    """`catalog_json` with several outcomes' versions added (id, document, files each),
    written out once: `publish --all` adds hundreds."""
    catalog = _catalog(previous)
    for outcome_id, document, files in added:
        _add_version(catalog, outcome_id, document, files)
    return _catalog_bytes(catalog)


def _add_version(
    catalog: dict[str, dict[str, Any]],
    outcome_id: str,
    document: Document,
    files: dict[str, bytes],
    edition: str | None = None,
) -> None:
    paths = web_paths(outcome_id, document.version.number, edition)
    entry = {
        "version": document.version.number,
        "published": w3c(document.version.timestamp),
        "language": document.outcome.language,
        "files": [
            {"kind": kind, "path": paths[kind], "sha256": hashlib.sha256(data).hexdigest()}
            for kind, data in sorted(files.items())
        ],
    }
    outcome = catalog.setdefault(outcome_id, {"id": outcome_id, "versions": []})
    if edition:
        editions = outcome.setdefault("editions", {})
        outcome = editions.setdefault(edition, {"language": edition, "versions": []})
    versions = outcome["versions"]
    versions[:] = [v for v in versions if v["version"] != entry["version"]] + [entry]


def merged_catalog(ours: bytes | None, theirs: bytes | None) -> bytes:
    """Two catalogs as one: every version either lists (they never differ on one)."""
    catalog = _catalog(ours)
    for outcome_id, outcome in _catalog(theirs).items():
        ours_now = catalog.setdefault(outcome_id, {"id": outcome_id, "versions": []})
        _join_versions(ours_now["versions"], outcome["versions"])
        for language, edition in outcome.get("editions", {}).items():
            editions = ours_now.setdefault("editions", {})
            mine = editions.setdefault(language, {"language": language, "versions": []})
            _join_versions(mine["versions"], edition["versions"])
    return _catalog_bytes(catalog)


def _join_versions(mine: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> None:
    known = {v["version"] for v in mine}
    mine += [v for v in theirs if v["version"] not in known]


def _catalog(data: bytes | None) -> dict[str, dict[str, Any]]:
    if data is None:
        return {}
    try:
        outcomes = {o["id"]: o for o in json.loads(data)["outcomes"]}
        for outcome in outcomes.values():  # by language, as they are merged
            outcome["editions"] = {e["language"]: e for e in outcome.get("editions", [])}
        return outcomes
    except (ValueError, KeyError, TypeError) as error:
        raise RenderFailed(f"published/catalog.json cannot be read ({error})") from None


def _catalog_bytes(catalog: dict[str, dict[str, Any]]) -> bytes:
    outcomes = []
    for outcome_id in sorted(catalog):
        versions = sorted(catalog[outcome_id]["versions"], key=lambda v: v["version"])
        latest = web_paths(outcome_id)
        entry: dict[str, Any] = {"id": outcome_id, "latest": latest, "versions": versions}
        editions = catalog[outcome_id].get("editions", {})
        if editions:
            entry["editions"] = [
                {
                    "language": language,
                    "latest": web_paths(outcome_id, None, language),
                    "versions": sorted(editions[language]["versions"], key=lambda v: v["version"]),
                }
                for language in sorted(editions)
            ]
        outcomes.append(entry)
    data = {"format": 1, "outcomes": outcomes}
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


def _earlier_versions(previous: bytes | None, outcome_id: str) -> list[dict[str, Any]]:
    if previous is None:
        return []
    try:
        data = json.loads(previous)
        versions = data["versions"]
        if data["id"] != outcome_id or not all(isinstance(v["version"], int) for v in versions):
            raise ValueError("it is not the JSON of this outcome")
    except (ValueError, KeyError, TypeError) as error:
        message = f"the last published JSON of {outcome_id} cannot be read ({error})"
        raise RenderFailed(message) from None
    return list(versions)


def _paragraphs(document: Document) -> list[dict[str, Any]]:
    """Each paragraph with its number and anchor, its text as a reader sees it, and as the
    escaped HTML the page shows (bold, italic, links), for a site that renders its own."""
    return [
        {
            "number": numbered.number,
            "id": numbered.id,
            "anchor": numbered.anchor,
            "section": section.id,
            "kind": numbered.kind,
            "text": numbered.text,
            "html": str(spans_html(numbered.spans)),
            "items": [
                {
                    "label": item.label,
                    "text": spans_text(item.spans),
                    "html": str(spans_html(item.spans)),
                }
                for item in numbered.items
            ],
        }
        for section in document.sections
        for numbered in section.paragraphs
    ]


def archive_entries(published_dir: Path) -> list[ArchiveEntry]:
    """One entry per published version of every outcome whose JSON is in `published_dir`."""
    folders = sorted(published_dir.iterdir()) if published_dir.is_dir() else []
    files = {folder.name: folder / f"{folder.name}.json" for folder in folders}
    return entries_of({i: file.read_bytes() for i, file in files.items() if file.is_file()})


def entries_of(outcomes: Mapping[str, bytes]) -> list[ArchiveEntry]:
    """One entry per published version of each outcome, from its JSON, keyed by outcome id
    (keys that are no outcome id are passed over)."""
    entries = []
    for outcome_id, data in sorted(outcomes.items()):
        if re.fullmatch(DRAFT_ID_PATTERN, outcome_id):
            entries += _versions_of(outcome_id, data)
    return entries


def _versions_of(outcome_id: str, data: bytes) -> list[ArchiveEntry]:
    try:
        outcome = json.loads(data)
        if outcome["id"] != outcome_id:
            raise ValueError(f"it holds the outcome '{outcome['id']}'")
        editions = outcome.get("editions", [])
        links = tuple(
            (e["language"], e["name"], web_paths(outcome_id, None, e["language"])["html"])
            for e in editions
        )
        own = [_entry(outcome_id, record, editions=links) for record in outcome["versions"]]
        translated = [
            _entry(outcome_id, record, edition=e["language"])
            for e in editions
            for record in e["versions"]
        ]
        return own + translated
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise RenderFailed(
            f"{edition_files(outcome_id)['json']} cannot be read as a published outcome ({error})"
        ) from None


def _entry(
    outcome_id: str,
    record: dict[str, Any],
    *,
    edition: str | None = None,
    editions: tuple[tuple[str, str, str], ...] = (),
) -> ArchiveEntry:
    published = datetime.fromisoformat(record["published"])
    summary = record["summary"]
    return ArchiveEntry(
        id=outcome_id,
        version=int(record["version"]),
        published=published if published.tzinfo else published.replace(tzinfo=UTC),
        title=str(record["title"]),
        headline=str(record["headline"]),
        summary_html=spans_html(parse_inline(str(summary))) if summary else Markup(""),
        adopted=date.fromisoformat(record["adopted"]),
        meeting=str(record["meeting"]),
        venue=str(record["venue"]),
        dates=str(record["dates"]),
        language=str(record["language"]),
        edition=edition,
        editions=editions,
    )


def render_archive(entries: list[ArchiveEntry], settings: Settings, templates: Path) -> str:
    """`published/index.html`: each outcome once (its latest version), by month, newest first."""
    latest: dict[str, ArchiveEntry] = {}
    for entry in (e for e in entries if e.edition is None):  # editions shown with their source
        if entry.id not in latest or entry.version > latest[entry.id].version:
            latest[entry.id] = entry
    shown = sorted(latest.values(), key=lambda e: (e.adopted, e.published, e.id), reverse=True)
    words = wording(settings.language, settings.labels)
    months = [
        (words.month(year, month), f"{year:04d}-{month:02d}", list(group))
        for (year, month), group in groupby(shown, key=lambda e: (e.adopted.year, e.adopted.month))
    ]
    return render(
        templates,
        "archive.html.j2",
        months=months,
        settings=settings,
        lang=settings.language,
        words=words,
        wording=_wording_of(settings),
    )


def _wording_of(settings: Settings) -> Any:
    """The wording of an entry's language (the archive and feed list each outcome in its own
    language, under the project's)."""

    def of(language: str) -> Wording:
        return wording(language, settings.labels)

    return of


def render_feed(entries: list[ArchiveEntry], settings: Settings, templates: Path) -> bytes:
    """`published/feed.xml`: an Atom entry per published version, newest first."""
    host = urlsplit(settings.site_url).hostname
    if not host:
        raise RenderFailed(f"the site_url setting '{settings.site_url}' names no host")
    ordered = sorted(
        entries, key=lambda e: (e.published, e.id, e.edition or "", e.version), reverse=True
    )
    updated = ordered[0].published if ordered else NO_ENTRIES
    text = render(
        templates,
        "feed.xml.j2",
        entries=ordered,
        settings=settings,
        updated=updated,
        words=wording(settings.language, settings.labels),
        wording=_wording_of(settings),
        tag=lambda e: f"tag:{host},{w3c(e.adopted)}:{e.versions_name}/published-{e.version}",
    )
    return text.encode()
