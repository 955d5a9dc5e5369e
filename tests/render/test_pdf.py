"""The print edition: text, numbering, metadata, PDF/A, the attached source, and the fetcher."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from pipeline.context import Document, Version, build_document
from pipeline.errors import RenderFailed
from pipeline.loading import Draft, load_draft
from pipeline.render.pdf import render_pdf, url_fetcher
from pipeline.settings import load_settings
from tests import example_text
from tests.conftest import EXAMPLE, REPO, TEMPLATES
from tests.helpers import pdftotext
from tests.render.test_html import CLOSE, IMAGE, SCRIPT, hostile_draft

PUBLISHED = Version("published", 1, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


@pytest.fixture(scope="module")
def draft() -> Draft:
    return load_draft(EXAMPLE)


@pytest.fixture(scope="module")
def example(draft: Draft) -> Document:
    return build_document(draft.outcome, PUBLISHED, load_settings(REPO))


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, example: Document, draft: Draft) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "commit-som11.pdf"
    render_pdf(example, TEMPLATES, draft.source, out)
    return out


LABEL = "Published version 1 · 25 November 2016"  # the running header's version line


def reading_text(
    pdf: Path, symbol: str = example_text.SYMBOL, title: str = example_text.TITLE
) -> str:
    """The PDF's text in reading order, without running headers and footers, spaces normalised."""
    running = {symbol, title, LABEL}
    lines = [
        line
        for line in pdftotext(pdf).splitlines()
        if line.strip() not in running and not re.fullmatch(r"page \d+ of \d+", line.strip())
    ]
    return " ".join(" ".join(lines).split())


def test_every_paragraph_text_is_in_the_pdf(pdf: Path):
    text = reading_text(pdf)
    for _, _, paragraph, items in example_text.PARAGRAPHS:
        assert paragraph in text
        for item in items:
            assert item in text


def test_paragraphs_are_numbered_as_in_word(pdf: Path):
    lines = [" ".join(line.split()) for line in pdftotext(pdf, "-layout").splitlines()]
    for start in [
        "1. The meeting adopted",
        "2. The meeting adopted",
        "3. Both are designed",
        "4. The COMMIT governments",
        "5. The government delegates",
        "(a) represent COMMIT externally",
        "(b) give guidance",
        "6. The rotating Chair",
        "7. The next step",
        "8. Those involved in",
        "9. UN-ACT looks forward",
    ]:
        assert any(line.startswith(start) for line in lines), start


def test_pages_carry_the_running_header_and_page_x_of_y(pdf: Path):
    pages = PdfReader(pdf).get_num_pages()
    assert pages >= 2
    first = pdftotext(pdf, "-f", "1", "-l", "1")
    second = pdftotext(pdf, "-f", "2", "-l", "2")
    assert f"page 1 of {pages}" in first
    assert f"page 2 of {pages}" in second
    assert example_text.SYMBOL in second and example_text.TITLE in second


def test_pdf_carries_its_metadata_and_pdfa_identification(pdf: Path, example: Document):
    reader = PdfReader(pdf)
    info = reader.metadata
    assert info.title == example.outcome.title
    assert info.author == "UN-ACT, COMMIT Secretariat"
    assert info.subject.startswith("The Regional COMMIT Task Force")
    assert info["/CreationDate"] == info["/ModDate"] == "D:20161125093000Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    xmp = ET.fromstring(
        root["/Metadata"].get_object().get_data().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0]
    )
    ids = [d for d in xmp.iter(f"{RDF}Description") if f"{PDFAID}part" in d.attrib]
    assert [(d.get(f"{PDFAID}part"), d.get(f"{PDFAID}conformance")) for d in ids] == [("3", "B")]
    assert reader.pdf_header == "%PDF-1.7"


def test_the_draft_is_attached_as_its_source(pdf: Path, draft: Draft):
    reader = PdfReader(pdf)
    assert reader.attachments == {"commit-som11.yaml": [draft.source]}
    (spec,) = [ref.get_object() for ref in reader.trailer["/Root"]["/AF"]]
    assert spec["/AFRelationship"] == "/Source"
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/application/yaml"


def test_two_renders_give_identical_bytes(pdf: Path, example: Document, draft: Draft, tmp_path):
    again = tmp_path / "again.pdf"
    render_pdf(example, TEMPLATES, draft.source, again)
    assert again.read_bytes() == pdf.read_bytes()


def test_hostile_draft_text_comes_out_as_text(tmp_path: Path):
    document = build_document(hostile_draft(tmp_path).outcome, PUBLISHED, load_settings(REPO))
    out = tmp_path / "hostile.pdf"
    render_pdf(document, TEMPLATES, b"source", out)
    text = reading_text(out, document.outcome.symbol or "", document.outcome.title)
    for typed in (SCRIPT, IMAGE, CLOSE, "{{ 7*7 }}", "and a link and"):
        assert typed in text
    reader = PdfReader(out)
    assert "/OpenAction" not in reader.trailer["/Root"]
    assert "/JavaScript" not in reader.trailer["/Root"]["/Names"]
    uris = [
        annotation.get_object()["/A"].get("/URI", "")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert "https://un-act.org/?a=1&b=2" in uris
    assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in uris)


def test_the_fetcher_serves_files_under_templates_and_data_urls():
    fetcher = url_fetcher(TEMPLATES)
    style = fetcher.fetch((TEMPLATES / "style.css").as_uri())
    assert style.read() == (TEMPLATES / "style.css").read_bytes()
    assert style.content_type == "text/css"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.org/x.png",
        "http://127.0.0.1:1/x.css",
        (TEMPLATES / ".." / "pyproject.toml").as_uri(),
        TEMPLATES.as_uri() + "/%2e%2e/pyproject.toml",
        "file://elsewhere" + (TEMPLATES / "style.css").as_posix(),
        "ftp://example.org/x.css",
    ],
)
def test_the_fetcher_refuses_everything_else(url: str):
    with pytest.raises(FatalURLFetchingError, match="refused"):
        url_fetcher(TEMPLATES).fetch(url)


def test_the_fetcher_refuses_a_link_out_of_templates(tmp_path: Path):
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    (folder / "secret.css").symlink_to(REPO / "pyproject.toml")
    with pytest.raises(FatalURLFetchingError, match="refused"):
        url_fetcher(folder).fetch((folder / "secret.css").as_uri())


def templates_with_print_css(tmp_path: Path, before: str = "", after: str = "") -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    css = folder / "print.css"
    css.write_text(before + css.read_text("utf-8") + after, "utf-8")
    return folder


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 that notes every request made to it."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_a_request_to_the_network_fails_the_render_unsent(
    tmp_path: Path, example: Document, listener: tuple[str, list[str]]
):
    address, requests = listener
    url = f"{address}/tracker.png"
    folder = templates_with_print_css(tmp_path, after=f'\nbody {{ background: url("{url}"); }}\n')
    out = tmp_path / "out.pdf"
    with pytest.raises(RenderFailed, match=re.escape(url)):
        render_pdf(example, folder, b"source", out)
    assert requests == []
    assert not out.exists()


def test_a_file_outside_templates_fails_the_render(tmp_path: Path, example: Document):
    folder = templates_with_print_css(tmp_path, before='@import url("file:///etc/passwd");\n')
    with pytest.raises(RenderFailed, match=re.escape("refused to fetch file:///etc/passwd")):
        render_pdf(example, folder, b"source", tmp_path / "out.pdf")


def test_a_missing_file_fails_the_render(tmp_path: Path, example: Document):
    folder = templates_with_print_css(tmp_path, after='\nbody { background: url("logo.png"); }\n')
    with pytest.raises(RenderFailed, match=r"logo\.png"):
        render_pdf(example, folder, b"source", tmp_path / "out.pdf")


def test_a_weasyprint_warning_fails_the_render(tmp_path: Path, example: Document):
    folder = templates_with_print_css(tmp_path, after="\nbody { colour: red; }\n")
    with pytest.raises(RenderFailed, match="colour"):
        render_pdf(example, folder, b"source", tmp_path / "out.pdf")


def test_importing_the_renderers_does_not_import_weasyprint():
    code = (
        "import sys, pipeline.render.pdf, pipeline.render.html, pipeline.render.data; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=REPO)
    assert result.stdout.strip() == b"False"


# --- the print edition as it reads --------------------------------------------------------------

SENTENCE = (
    "The meeting adopted the common ASEAN-COMMIT indicators of human trafficking and related "
    "forms of exploitation and noted the report of the Task Force on labour migration"
)


def with_outcome(example: Document, **changes: object) -> Document:
    """The example with some of its draft's fields replaced."""
    outcome = replace(example.outcome, **changes)
    return build_document(outcome, example.version, example.settings)


def with_paragraphs(example: Document, *texts: str) -> Document:
    """The example whose first section holds these paragraphs (and sub-items) only."""
    first = example.outcome.sections[0]
    paragraphs = [
        replace(first.paragraphs[0], id=f"p{n}", text=text, items=[])
        for n, text in enumerate(texts, 1)
    ]
    section = replace(first, paragraphs=paragraphs)
    return with_outcome(example, sections=[section, *example.outcome.sections[1:]])


def rendered(document: Document, tmp_path: Path, name: str = "out.pdf") -> Path:
    out = tmp_path / name
    render_pdf(document, TEMPLATES, b"source", out)
    return out


def test_emphasis_at_the_start_of_a_line_leaves_the_first_line_whole(example, tmp_path):
    # Bold or italic starting each word in turn: one of them starts the second line.
    words = SENTENCE.split()
    texts = [
        " ".join([*words[:n], f"{mark}{words[n]}{mark}", *words[n + 1 :]])
        for n in range(1, len(words))
        for mark in ("**", "*")
    ]
    pdf = rendered(with_paragraphs(example, *texts), tmp_path)
    numbered = re.compile(r"\s*(\d+)\.\s+(.*)")
    first_lines = {
        int(match[1]): match[2].split()
        for line in pdftotext(pdf, "-layout").splitlines()
        if (match := numbered.fullmatch(line)) and int(match[1]) <= len(texts)
    }
    assert len(first_lines) == len(texts)
    assert [n for n, line in first_lines.items() if len(line) < 5] == []


LONG_SYMBOL = "FCCC/CP/2021/L.0123/Add.1"
LONG_TITLE = (
    "Outcome of the Twelfth Meeting of the Regional Task Force on the Protection of Migrant "
    "Workers and the Prevention of Trafficking in Persons in the Greater Mekong Sub-region"
)


def words_with_boxes(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """Each word of a page as poppler places it: (top, left, right, word)."""
    html = pdftotext(pdf, "-bbox", "-f", str(page), "-l", str(page))
    box = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>(.*?)</word>'
    found = re.findall(box, html)
    return [(float(top), float(left), float(right), word) for left, top, right, word in found]


def test_a_long_symbol_and_title_share_the_running_header_on_one_line(example, tmp_path):
    document = with_outcome(example, symbol=LONG_SYMBOL, title=LONG_TITLE)
    pdf = rendered(document, tmp_path)
    words = words_with_boxes(pdf, 2)
    top = min(t for t, *_ in words)
    header = sorted((left, right, word) for t, left, right, word in words if t == top)
    (symbol, *title) = header
    assert symbol[2] == LONG_SYMBOL
    assert [word for *_, word in title[:4]] == ["Outcome", "of", "the", "Twelfth"]
    assert title[0][0] > symbol[1] + 10  # apart from the symbol, never over it
    a4_width, right_margin = 595.28, 20 / 25.4 * 72
    assert title[-1][1] <= a4_width - right_margin + 0.5  # cut short within the text area


def test_the_version_is_told_by_the_issue_line_and_the_footers_alone(pdf: Path, example):
    pages = PdfReader(pdf).get_num_pages()
    text = pdftotext(pdf)
    assert text.count("Published version 1 · 25 November 2016") == 1 + pages
    assert "· COMMIT/SOM.11/2016/1" not in text
    last = pdftotext(pdf, "-f", str(pages), "-l", str(pages))
    body = [line for line in last.splitlines() if line.strip()]
    assert len(body) > 3  # the running header, the footer and text


def test_link_addresses_are_printed_as_footnotes_on_the_page_of_the_link(example, tmp_path):
    document = with_paragraphs(
        example,
        "As set out at [the ILO page](https://www.ilo.org/fair-recruitment?lang=en&x=1).",
        "Write to [the secretariat](mailto:info@un-act.org) about [the first](#para-p1).",
    )
    first_page = pdftotext(rendered(document, tmp_path), "-layout", "-f", "1", "-l", "1")
    lines = [" ".join(line.split()) for line in first_page.splitlines()]
    assert "1. As set out at the ILO page1." in lines
    assert "2. Write to the secretariat2 about the first." in lines
    assert "1. https://www.ilo.org/fair-recruitment?lang=en&x=1" in lines
    assert "2. info@un-act.org" in lines
    assert "para-p1" not in first_page and "mailto" not in first_page


def test_word_spaces_are_never_stretched(example, tmp_path):
    document = with_paragraphs(
        example,
        "The delegations welcomed the progress made in the implementation of the plan of "
        "action, notwithstanding extraordinarily comprehensive interdepartmental "
        "responsibilities and considerations.",
    )
    words = words_with_boxes(rendered(document, tmp_path), 1)
    start = next(n for n, (*_, word) in enumerate(words) if word == "delegations")
    lines: dict[float, list[tuple[float, float]]] = {}
    for top, left, right, _ in words[start : start + 17]:
        lines.setdefault(top, []).append((left, right))
    gaps = [b[0] - a[1] for line in lines.values() for a, b in pairwise(line)]
    assert len(lines) >= 2
    assert max(gaps) < 4  # points: a space of the 10.5-point face, not a stretched one


def test_members_holding_commas_stay_apart_on_paper(example, tmp_path):
    from tests.render.test_html import MINISTERS_LINE, with_ministers

    text = reading_text(rendered(with_ministers(example), tmp_path))
    assert MINISTERS_LINE in text
    assert "civil society stakeholders; COMMIT Youth Forum" in text


def test_actions_are_headed_numbered_and_marked_empty_as_in_word(pdf: Path):
    lines = [" ".join(line.split()) for line in pdftotext(pdf, "-layout").splitlines()]
    assert "Follow-up actions" in lines
    assert "No. Action Responsible Due" in lines
    assert "A1 Localize and operationalize the National COMMIT Task Forces –" in lines
    assert any(line.startswith("A2 Make strengthening") for line in lines)
    assert "Actions" not in lines


def test_each_datum_of_the_meeting_is_printed_once(pdf: Path):
    text = reading_text(pdf)
    assert text.count("Regional COMMIT Task Force and Senior Officials Meeting (SOM 11)") == 1
    assert text.count("23–24 November 2016") == 1
    assert text.count("24 November 2016") == 2  # the meeting's last day, and the adoption
    assert "Process COMMIT Process Meeting Regional COMMIT" in text
    assert "Number 11 Venue Vientiane, Lao PDR Dates 23–24 November 2016 Host" in text


def test_a_short_name_that_repeats_the_name_is_printed_once(example, tmp_path):
    meeting = replace(
        example.outcome.meeting,
        name="Regional Bilateral Dialogue Task Force (TF)",
        short_name="TF 1",
    )
    text = reading_text(rendered(with_outcome(example, meeting=meeting), tmp_path))
    assert "Meeting Regional Bilateral Dialogue Task Force (TF 1) Number" in text


def test_typed_quotes_are_printed_as_english_ones(example, tmp_path):
    document = with_paragraphs(example, 'The "employer pays" principle: it\'s `"code"`.')
    text = reading_text(rendered(document, tmp_path))
    assert 'The “employer pays” principle: it’s "code".' in text
