"""The web edition of one outcome: the standalone page, the CMS fragment and the print HTML."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.context import Document
from pipeline.inline import plain_text
from pipeline.languages import segment
from pipeline.layout import web_paths
from pipeline.render.environment import render, w3c


def render_page(
    document: Document, templates: Path, versions: Sequence[int] = (), *, permanent: bool = False
) -> str:
    """`published/<id>/index.html` (or, `permanent`, `<id>/v<M>/index.html`): the page links
    its files relative to its own folder, and the published `versions` by their addresses."""
    context = page_context(document, "web", relative=True, versions=versions, permanent=permanent)
    return render(templates, "page.html.j2", **context)


def render_fragment(
    document: Document, templates: Path, versions: Sequence[int] = (), *, permanent: bool = False
) -> str:
    """`published/<id>/fragment.html`: a CMS page lives elsewhere, so its links are absolute."""
    context = page_context(document, "web", relative=False, versions=versions, permanent=permanent)
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
) -> dict[str, Any]:
    """What page.html.j2 and fragment.html.j2 are given."""
    outcome = document.outcome
    meeting = outcome.meeting
    keywords = [meeting.process, meeting.short_name, meeting.venue.city, meeting.venue.country]
    return {
        "document": document,
        "outcome": outcome,
        "edition": edition,
        "lang": outcome.language,
        "summary_text": plain_text(outcome.summary) if outcome.summary else "",
        "keywords": [k for k in keywords if k],
        "links": _links(document, relative=relative, permanent=permanent),
        "versions": _versions(document, versions, relative=relative, permanent=permanent),
        "event": event_data(document),
    }


def _links(document: Document, *, relative: bool, permanent: bool) -> dict[str, str]:
    site = document.settings.site_url
    paths = web_paths(document.outcome.id, document.version.number if permanent else None)
    # The page sits in published/<id>/ (a version's in published/<id>/v<M>/); a CMS page anywhere.
    base = ("../../" if permanent else "../") if relative else site
    return {
        "canonical": site + paths["html"],
        "pdf": base + paths["pdf"],
        "json": base + paths["json"],
        "archive": base + "index.html",
        "feed": base + "feed.xml",
    }


def _versions(
    document: Document, numbers: Sequence[int], *, relative: bool, permanent: bool
) -> list[dict[str, Any]]:
    """Each published version, by its permanent address, this one marked; and, on a
    version's own page, the latest (`number` None), which may be newer."""
    outcome = document.outcome.id
    this = document.version.number
    base = ("../../" if permanent else "../") if relative else document.settings.site_url
    found = [
        {"number": n, "href": base + web_paths(outcome, n)["html"], "current": n == this}
        for n in sorted(set(numbers) | {this})
    ]
    if permanent:
        found.append({"number": None, "href": base + web_paths(outcome)["html"], "current": False})
    return found if len(found) > 1 else []


def event_data(document: Document) -> dict[str, Any]:
    """The meeting as a schema.org Event, for search engines (JSON-LD in the page's head)."""
    outcome = document.outcome
    meeting = outcome.meeting
    organisers = [meeting.host, document.settings.organisation]
    url = document.settings.site_url + web_paths(outcome.id)["html"]
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
