"""The print edition: the outcome as a tagged PDF/A-3b with its YAML source attached (WeasyPrint).

WeasyPrint is imported inside the functions that need it: the import alone costs half a second,
which every other command would otherwise pay.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from pipeline.context import Document
from pipeline.errors import RenderFailed
from pipeline.render.html import render_print

#: The types of what a stylesheet under templates/ may load; anything else is served as bytes.
CONTENT_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


def render_pdf(document: Document, templates: Path, source_yaml: bytes, out: Path) -> None:
    """Write the PDF of `document` to `out`; the same inputs give the same bytes."""
    html = render_print(document, templates)
    out.write_bytes(_write_pdf(html, document, templates, source_yaml))


def _write_pdf(html: str, document: Document, templates: Path, source_yaml: bytes) -> bytes:
    """Lay out `html` (the print edition) with WeasyPrint; any complaint of its fails the render."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = url_fetcher(templates)
    base_url = templates.resolve().as_uri() + "/"
    options = _pdf_options(html, document, source_yaml, fetcher)
    with _weasyprint_complaints() as complaints:
        try:
            page = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
            pdf = page.write_pdf(**options)
        except FatalURLFetchingError as error:  # a BaseException: `except Exception` misses it
            cause = f" ({error.__cause__})" if error.__cause__ else ""
            message = f"the PDF of {document.outcome.id} was not made: {error}{cause}"
            raise RenderFailed(message) from None
    if complaints:
        unique = list(dict.fromkeys(complaints))  # a missing glyph is reported at every use
        more = f" (and {len(unique) - 10} more)" if len(unique) > 10 else ""
        reported = "; ".join(unique[:10]) + more
        message = f"the PDF of {document.outcome.id} was not made; WeasyPrint reported: {reported}"
        raise RenderFailed(message)
    return pdf


def _pdf_options(html: str, document: Document, source_yaml: bytes, fetcher: Any) -> dict[str, Any]:
    """PDF/A-3b, tagged, dated by the version, identified by its content, the YAML attached."""
    from weasyprint import Attachment

    outcome = document.outcome
    moment = document.version.timestamp.astimezone(UTC)
    source = "data:application/yaml;base64," + base64.b64encode(source_yaml).decode("ascii")
    attachment = Attachment(
        url=source,  # a data: URL so that the MIME type is ours, not the system's guess
        url_fetcher=fetcher,
        name=f"{outcome.id}.yaml",
        description=document.wording.fill("source_attachment", version=document.version_label),
        created=moment,
        modified=moment,
        relationship="Source",
    )
    identity = hashlib.sha256(html.encode("utf-8") + b"\0" + source_yaml).hexdigest()[:32]
    return {
        "finisher": _finish,
        "pdf_variant": "pdf/a-3b",
        "pdf_tags": True,
        "pdf_identifier": identity.encode("ascii"),
        "attachments": [attachment],
    }


def _finish(document: Any, pdf: Any) -> None:
    """What WeasyPrint 70 leaves to mend in the PDF it has built, before it is written."""
    _list_attachment_once(document, pdf)
    _terms_as_list_items(pdf)
    _bodies_after_inside_labels(pdf)


def _terms_as_list_items(pdf: Any) -> None:
    """Make each term and its definition in a <dl> one list item, the term as its label.

    WeasyPrint 70 tags the <div> holding a <dt> and its <dd> as a Div inside the list, and the
    dt and the dd as list items of their own; a PDF list holds list items only, so a screen
    reader would meet a term and its definition as two unrelated items.
    """
    import pydyf

    objects = pdf.objects

    def element(reference: bytes) -> Any:
        return objects[int(reference.split()[0])]

    for div in objects:
        if not isinstance(div, dict) or div.get("S") != "/Div" or "P" not in div:
            continue
        entries = [element(kid) for kid in div["K"] if isinstance(kid, bytes)]
        if element(div["P"]).get("S") != "/L" or [e.get("S") for e in entries] != ["/LI"] * 2:
            continue
        term, definition = (element(entry["K"][0]) for entry in entries)  # their LBody
        term["S"] = "/Lbl"
        term["P"] = definition["P"] = div.reference
        div["S"] = "/LI"
        div["K"] = pydyf.Array([term.reference, definition.reference])


def _bodies_after_inside_labels(pdf: Any) -> None:
    """Give each list item whose marker stands inside its text one body after its label.

    print.css sets the paragraph numbers and sub-item letters inside the text (see there);
    WeasyPrint 70 then puts the text's pieces straight into the list item after its label,
    where a PDF list item holds a label and a body.
    """
    import pydyf

    objects = pdf.objects
    for item in list(objects):
        if not isinstance(item, dict) or item.get("S") != "/LI" or len(item.get("K", [])) < 2:
            continue
        label, *rest = item["K"]
        if not isinstance(label, bytes) or objects[int(label.split()[0])].get("S") != "/Lbl":
            continue
        if len(rest) == 1 and _is_element(objects, rest[0], "/LBody"):
            continue
        body = pydyf.Dictionary(
            {"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(rest), "P": item.reference}
        )
        if "Pg" in item:
            body["Pg"] = item["Pg"]
        pdf.add_object(body)
        for kid in rest:
            if isinstance(kid, bytes):
                objects[int(kid.split()[0])]["P"] = body.reference
        item["K"] = pydyf.Array([label, body.reference])


def _is_element(objects: list[Any], kid: Any, kind: str) -> bool:
    return isinstance(kid, bytes) and objects[int(kid.split()[0])].get("S") == kind


def _list_attachment_once(document: Any, pdf: Any) -> None:
    """WeasyPrint 70 names a PDF/A-3 attachment twice in the catalog's /AF: keep one of each."""
    if "AF" in pdf.catalog:
        unique = list(dict.fromkeys(pdf.catalog["AF"]))
        pdf.catalog["AF"].clear()
        pdf.catalog["AF"].extend(unique)


@contextmanager
def _weasyprint_complaints() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors: it logs a missing image or glyph and goes on."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    level = logger.level
    if level == logging.NOTSET or level > logging.WARNING:
        logger.setLevel(logging.WARNING)  # a quiet root logger must not hide them from us
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def allowed_file(url: str, templates: Path) -> Path | None:
    """The file a `file:` URL names if it lies under `templates` (links resolved), else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    return path if path.is_relative_to(templates.resolve()) else None


def url_fetcher(templates: Path) -> Any:
    """A WeasyPrint URL fetcher that reads `data:` URLs and files under `templates`, nothing else.

    Anything else (other files, the network, redirects) stops the render with the URL named.
    """
    return _fetcher_class()(templates.resolve())


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    """The fetcher's class, made on first use: its base class would import WeasyPrint."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class TemplatesOnlyFetcher(URLFetcher):
        def __init__(self, templates: Path) -> None:
            super().__init__(
                allowed_protocols=("data",), allow_redirects=False, fail_on_errors=True
            )
            self.templates = templates

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            path = allowed_file(url, self.templates)
            if path is None:
                raise FatalURLFetchingError(
                    f"refused to fetch {url}: only files under {self.templates} are read"
                )
            kind = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return TemplatesOnlyFetcher
