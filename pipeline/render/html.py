"""The web edition of one outcome: the standalone page, the CMS fragment and the print HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.context import Document
from pipeline.inline import plain_text
from pipeline.languages import native_name, segment
from pipeline.layout import web_paths
from pipeline.render.environment import direction, render, w3c


@dataclass(frozen=True)
class Languages:
    """The languages an outcome is published in: its source's, and each language edition's.
    A document in another language than the source's is that language's edition."""

    source: str
    editions: tuple[str, ...] = ()

    def edition(self, language: str) -> str | None:
        """The edition `language` names in paths: None for the source's own."""
        return None if language == self.source else language


def render_page(
    document: Document,
    templates: Path,
    versions: Sequence[int] = (),
    *,
    permanent: bool = False,
    languages: Languages | None = None,
) -> str:
    """`published/<id>/index.html` (or, `permanent`, `<id>/v<M>/index.html`; a language
    edition's in `<id>/<lang>/`): the page links its files relative to its own folder, the
    published `versions` by their addresses, and the other `languages` it is published in."""
    context = page_context(
        document, "web", relative=True, versions=versions, permanent=permanent, languages=languages
    )
    return render(templates, "page.html.j2", **context)


def render_fragment(
    document: Document,
    templates: Path,
    versions: Sequence[int] = (),
    *,
    permanent: bool = False,
    languages: Languages | None = None,
) -> str:
    """`published/<id>/fragment.html`: a CMS page lives elsewhere, so its links are absolute."""
    context = page_context(
        document, "web", relative=False, versions=versions, permanent=permanent, languages=languages
    )
    return render(templates, "fragment.html.j2", **context)


def render_print(document: Document, templates: Path) -> str:
    """The HTML of the PDF: the same page in its print edition, styled by print.css."""
    html = render(templates, "page.html.j2", **page_context(document, "print", relative=True))
    # Words found in the body only: the head's title and metadata keep the text as written.
    head, body = html.split("<body>", 1)
    return head + "<body>" + segment(body)


def page_context(
    document: Document,
    edition: str,
    *,
    relative: bool,
    versions: Sequence[int] = (),
    permanent: bool = False,
    languages: Languages | None = None,
) -> dict[str, Any]:
    """What page.html.j2 and fragment.html.j2 are given."""
    outcome = document.outcome
    languages = languages or Languages(outcome.language)
    place = _Place(languages.edition(outcome.language), permanent, relative)
    meeting = outcome.meeting
    keywords = [meeting.process, meeting.short_name, meeting.venue.city, meeting.venue.country]
    return {
        "document": document,
        "outcome": outcome,
        "edition": edition,
        "lang": outcome.language,
        "summary_text": plain_text(outcome.summary) if outcome.summary else "",
        "keywords": [k for k in keywords if k],
        "links": _links(document, place),
        "versions": _versions(document, versions, place),
        "languages": _languages(document, languages, place),
        "event": event_data(document, place.edition),
    }


@dataclass(frozen=True)
class _Place:
    """Where a page is published: which edition, at its permanent address or the latest."""

    edition: str | None  # the language edition; None for the source's
    permanent: bool
    relative: bool  # links relative to the page's folder (a CMS page lives elsewhere)

    def base(self, site: str) -> str:
        """How the page reaches published/: it sits in <id>/, <id>/v<M>/, <id>/<lang>/ or
        <id>/<lang>/v<M>/; a CMS page anywhere."""
        if not self.relative:
            return site
        return "../" * (1 + bool(self.edition) + self.permanent)


def _links(document: Document, place: _Place) -> dict[str, str]:
    site = document.settings.site_url
    number = document.version.number if place.permanent else None
    paths = web_paths(document.outcome.id, number, place.edition)
    base = place.base(site)
    return {
        "canonical": site + paths["html"],
        "pdf": base + paths["pdf"],
        "json": base + paths["json"],
        "archive": base + "index.html",
        "feed": base + "feed.xml",
    }


def _versions(document: Document, numbers: Sequence[int], place: _Place) -> list[dict[str, Any]]:
    """Each published version, by its permanent address, this one marked; and, on a
    version's own page, the latest (`number` None), which may be newer."""
    outcome, edition = document.outcome.id, place.edition
    this = document.version.number
    base = place.base(document.settings.site_url)
    found = [
        {"number": n, "href": base + web_paths(outcome, n, edition)["html"], "current": n == this}
        for n in sorted(set(numbers) | {this})
    ]
    if place.permanent:
        latest = base + web_paths(outcome, None, edition)["html"]
        found.append({"number": None, "href": latest, "current": False})
    return found if len(found) > 1 else []


def _languages(document: Document, languages: Languages, place: _Place) -> list[dict[str, Any]]:
    """Each language the outcome is published in, by its latest page, this one marked: for
    the language switcher and the hreflang alternates. None while there is one language."""
    if not languages.editions:
        return []
    site, outcome = document.settings.site_url, document.outcome.id
    found = []
    for language in (languages.source, *sorted(languages.editions)):
        path = web_paths(outcome, None, languages.edition(language))["html"]
        found.append(
            {
                "language": language,
                "name": native_name(language),
                "dir": direction(language),
                "href": place.base(site) + path,
                "url": site + path,
                "current": language == document.outcome.language,
            }
        )
    return found


def event_data(document: Document, edition: str | None = None) -> dict[str, Any]:
    """The meeting as a schema.org Event, for search engines (JSON-LD in the page's head)."""
    outcome = document.outcome
    meeting = outcome.meeting
    organisers = [meeting.host, document.settings.organisation]
    url = document.settings.site_url + web_paths(outcome.id, None, edition)["html"]
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": document.meeting_name,
        "startDate": w3c(meeting.dates.start),
        "endDate": w3c(meeting.dates.last),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": document.venue,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": meeting.venue.city,
                "addressCountry": meeting.venue.country,
            },
        },
        "organizer": [{"@type": "Organization", "name": name} for name in organisers if name],
        "inLanguage": outcome.language,
        "url": url,
        "subjectOf": {
            "@type": "Report",
            "name": outcome.title,
            "url": url,
            "datePublished": w3c(document.version.timestamp),
            "publisher": {"@type": "Organization", "name": document.settings.organisation},
        },
    }
    if outcome.summary:
        event["description"] = plain_text(outcome.summary)
    if outcome.symbol:
        event["subjectOf"]["identifier"] = outcome.symbol
    return event
