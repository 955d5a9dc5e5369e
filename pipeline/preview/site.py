"""What the preview answers at the addresses its page links to, as the published site would:
the outcome's pages and PDFs live (the edition shown, and its other editions once a link to
one is followed), everything else as the project's published/ tree holds it, read only.

The page is served at `/`, where a browser takes `../` as `/`: a link of the page resolves
to the address it has under published/ (`../index.html` to `/index.html`).
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline import layout
from pipeline.files import LinkRefused, refuse_links
from pipeline.preview import editions
from pipeline.preview.pages import Pages

Render = Callable[[Pages], editions.Edition]

#: What a file of published/ is served as: the feed as text a browser shows, not a download.
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".xml": "text/xml; charset=utf-8",
}


class LivePages:
    """The pages of one outcome that the preview renders from the drafts as saved: the one it
    was started on and, made when first asked for, the outcome's other editions (its source
    and each translation in drafts/); each renders again at every save."""

    def __init__(self, main: Pages) -> None:
        self.main = main
        self._made = {main.id: main}
        self._lock = threading.Lock()

    def edition(self, edition_id: str) -> Pages | None:
        """The live pages of `edition_id` (commit-som11, commit-som11.km); None when it is not
        an edition of this outcome with a draft in drafts/."""
        with self._lock:
            if edition_id not in self._made:
                path = self._drafts().get(edition_id)
                if path is None:
                    return None
                pages = Pages(self.main.ws, path)
                pages.refresh()
                self._made[edition_id] = pages
            return self._made[edition_id]

    def made(self) -> list[Pages]:
        """The pages made so far, the one the preview was started on first."""
        with self._lock:
            return list(self._made.values())

    def refresh(self) -> None:
        """Render every page made so far again, after a save."""
        for pages in self.made():
            pages.refresh()

    def route(self, address: str) -> tuple[Pages, Render | None] | None:
        """The live edition an address names, and what renders there: None for its page, a
        renderer for its PDF, Word copy or redline; None when no live edition is named."""
        edition_id, render = self._routes().get(address, ("", None))
        pages = self.edition(edition_id) if edition_id else None
        return (pages, render) if pages else None

    def _routes(self) -> dict[str, tuple[str, Render | None]]:
        """Each edition's page and PDF at their published addresses, and the files its bar
        links to."""
        routes: dict[str, tuple[str, Render | None]] = {}
        for edition_id in self._drafts():
            language = layout.edition_of(edition_id)[1]
            published = layout.web_paths(self.main.source_id, None, language)
            own: dict[str, Render | None] = {
                f"/{published['html']}": None,
                f"/{published['html'].removesuffix('index.html')}": None,
                f"/{published['pdf']}": editions.pdf,
                f"/{edition_id}/{edition_id}.pdf": editions.pdf,
                f"/{edition_id}/{edition_id}-review.docx": editions.review_copy,
                f"/{edition_id}/redline.html": editions.redline_page,
                f"/{edition_id}/{edition_id}-redline.docx": editions.redline_copy,
            }
            routes.update({address: (edition_id, render) for address, render in own.items()})
        return routes

    def _drafts(self) -> dict[str, Path]:
        """The outcome's drafts that have an edition's page: the source and its translations."""
        ws, source = self.main.ws, self.main.source_id
        found = {self.main.id: self.main.path}
        source_path = ws.draft_path(source)
        if source_path.is_file():
            found[source] = source_path
        for language, path in ws.translation_files(source).items():
            found[layout.edition_name(source, language)] = path
        return found


@dataclass(frozen=True)
class PublishedFile:
    relative: str  # as the project names it: published/index.html
    data: bytes
    media_type: str


def published_file(root: Path, address: str) -> PublishedFile | None:
    """The file of the project's published/ tree at a URL path (a folder's index.html), read
    only; None for anything else: a path that climbs out or hides, a symbolic link on the
    way, a folder, or nothing there."""
    parts = address.removeprefix("/").split("/")
    if parts[-1] == "":
        parts[-1] = "index.html"
    if any(part in ("", ".", "..") or part.startswith(".") or "\\" in part for part in parts):
        return None
    relative = "/".join([layout.PUBLISHED, *parts])
    try:
        refuse_links(root, [relative])
        descriptor = os.open(root / relative, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except (LinkRefused, OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None  # a folder
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read()
    finally:
        os.close(descriptor)
    suffix = Path(parts[-1]).suffix
    return PublishedFile(relative, data, MEDIA_TYPES.get(suffix, "application/octet-stream"))
