"""The editions the preview renders on request from the draft as saved: the PDF, the Word
review copy, and the redline against the last recorded version (a page, or Word).

Each is rendered in a scratch folder outside the project and served from memory; recorded
versions are only read.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.compare import compare, redline
from pipeline.files import scratch
from pipeline.labels import wording
from pipeline.model import Outcome
from pipeline.preview.pages import NotRendered, Pages, now
from pipeline.render.redline_page import render_redline_page
from pipeline.versions import VersionRef, all_versions, open_history, outcome_at

#: How the preview is named beside the recorded version it is compared with.
THIS_PREVIEW = "this preview"


@dataclass(frozen=True)
class Edition:
    data: bytes
    media_type: str
    filename: str = ""  # what the browser saves it as: never the name of a recorded file
    download: bool = False  # saved rather than shown (a Word file)


def pdf(pages: Pages) -> Edition:
    from pipeline.render.pdf import render_pdf  # WeasyPrint loads on the first request

    with pages.valid_draft() as draft, scratch() as folder:
        out = folder / "preview.pdf"
        render_pdf(pages.document(draft, pages.next_draft()), pages.ws.templates, draft.source, out)
        return Edition(out.read_bytes(), "application/pdf", f"{pages.id}-preview.pdf")


def review_copy(pages: Pages) -> Edition:
    from pipeline.render.docx import review_copy as review_copy_bytes

    with pages.valid_draft() as draft:
        template = pages.ws.templates / "review.docx"
        data = review_copy_bytes(pages.document(draft, pages.next_draft()), template)
        return Edition(data, DOCX, f"{pages.id}-review-preview.docx", download=True)


def redline_page(pages: Pages) -> Edition:
    refuse_edition(pages)
    with pages.valid_draft() as draft:
        recorded, before = last_recorded(pages)
        comparison = compare(before, draft.outcome)
        entries = redline(before, draft.outcome, comparison)
        names = (recorded.name, THIS_PREVIEW)
        words = wording(draft.outcome.language, pages.ws.settings.labels)
        html = render_redline_page(
            pages.ws.templates, draft.outcome, names, comparison, entries, words
        )
        return Edition(html.encode("utf-8"), "text/html; charset=utf-8")


def redline_copy(pages: Pages) -> Edition:
    from pipeline.commands.diff import write_redlines

    refuse_edition(pages)
    with pages.valid_draft() as draft, scratch() as folder:
        recorded, before = last_recorded(pages)
        version = pages.next_draft()
        preview = VersionRef(THIS_PREVIEW, "draft", version.number, "", now().isoformat(), "")
        out = folder / "redline.docx"
        comparison = compare(before, draft.outcome)
        versions = (recorded, preview)
        write_redlines(pages.ws, before, draft.outcome, versions, comparison, docx=out, html=None)
        return Edition(out.read_bytes(), DOCX, f"{pages.id}-redline-preview.docx", download=True)


def refuse_edition(pages: Pages) -> None:
    """A language edition has no redline: its changes are its translation's texts."""
    if pages.language:
        raise NotRendered(
            f"{pages.id} is a language edition, which has no redline: `outcomes diff "
            f"{pages.id}` shows what changed in its texts between two recorded versions"
        )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def last_recorded(pages: Pages) -> tuple[VersionRef, Outcome]:
    """The last version of the draft that was recorded, drafted or published, and its outcome."""
    nothing = NotRendered(f"no version of {pages.id} is recorded yet: there is nothing to compare")
    if not (pages.ws.root / ".git").exists():
        raise nothing  # and no repository is made for asking
    with open_history(pages.ws, pages.id) as history:
        versions = all_versions(history, pages.id)
        if not versions:
            raise nothing
        return versions[-1], outcome_at(history, pages.id, versions[-1])
