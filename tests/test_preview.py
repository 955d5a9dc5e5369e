"""`outcomes preview`: the draft's page served on loopback, following each save, recording
nothing. The server runs for real on a free port; the browser test drives it in Chromium."""

from __future__ import annotations

import http.client
import io
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import docx
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from pipeline.commands.draft import draft
from pipeline.preview.pages import Pages
from pipeline.preview.server import PreviewServer, is_watched, names_this_server, watch
from pipeline.preview.site import LivePages
from pipeline.workspace import Workspace
from tests.helpers import EXAMPLE_DRAFT, REPO, edit, git, run, state

ID = "commit-som11"
CHIAR_LINE = (
    "drafts/commit-som11.yaml:27:3: error: 'chiar' is not a field of the draft format; "
    "did you mean 'chair'? (meeting.chiar)"
)


@pytest.fixture
def serve(project: Path) -> Iterator[PreviewServer]:
    """The preview of the example in `project`, serving on a free loopback port. Tests say
    when the draft was saved (`refresh`); the browser test leaves that to the watcher."""
    ws = Workspace(project)
    with served(Pages(ws, ws.draft_path(ID))) as server:
        yield server


@contextmanager
def served(pages: Pages) -> Iterator[PreviewServer]:
    """`pages`, rendered, served on a free loopback port until the block ends."""
    pages.refresh()
    server = PreviewServer(pages, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.close()
    thread.join()


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
    """GET `path` as written (no normalising), with the server's own Host header by default."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def page_text(body: bytes) -> str:
    return lxml_html.fromstring(body).text_content()


def problems_shown(body: bytes) -> list[str]:
    tree = lxml_html.fromstring(body)
    return [pre.text_content() for pre in tree.xpath("//section[@role='alert']//pre")]


def save(server: PreviewServer, project: Path, old: str, new: str) -> None:
    edit(project, old, new)
    server.pages.refresh()


# --- the page ---------------------------------------------------------------------------------


def test_the_page_is_the_draft_s_web_page_and_says_it_is_a_preview(
    serve: PreviewServer,
) -> None:
    status, headers, body = get(serve, "/")
    text = " ".join(page_text(body).split())
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Preview of drafts/commit-som11.yaml: not a publication. Nothing is recorded" in text
    assert "The meeting adopted the common ASEAN-COMMIT indicators" in text
    assert problems_shown(body) == []


def test_the_page_runs_the_preview_s_script_alone(serve: PreviewServer) -> None:
    _, headers, body = get(serve, "/")
    policy = headers["Content-Security-Policy"]
    nonces = lxml_html.fromstring(body).xpath("//script[not(@type)]/@nonce")
    assert len(nonces) == 1
    assert f"script-src 'nonce-{nonces[0]}';" in policy
    assert "default-src 'none'" in policy
    assert headers["Cache-Control"] == "no-store"


def test_unagreed_brackets_are_highlighted_and_counted(serve: PreviewServer, project: Path) -> None:
    save(serve, project, "adopted the common", "adopted the [common]")
    _, _, body = get(serve, "/")
    marks = lxml_html.fromstring(body).xpath("//mark[@class='unagreed']/text()")
    assert marks == ["[common]"]
    assert "1 passage in [square brackets] not yet agreed, highlighted" in page_text(body)


def test_a_broken_save_shows_validate_s_lines_over_the_last_page(
    serve: PreviewServer, project: Path
) -> None:
    save(
        serve, project, "  host: Government of Lao PDR", "  host: Government of Lao PDR\n  chiar: X"
    )
    _, _, body = get(serve, "/")
    assert problems_shown(body) == [f"{CHIAR_LINE}\n1 problem in drafts/commit-som11.yaml"]
    _, _, stderr = run(project, "validate", ID)
    assert stderr.splitlines()[0] == CHIAR_LINE  # the same line as `validate` prints
    assert "The meeting adopted the common ASEAN-COMMIT indicators" in page_text(body)


def test_a_fix_brings_the_page_back_with_the_new_words(serve: PreviewServer, project: Path) -> None:
    save(
        serve, project, "  host: Government of Lao PDR", "  host: Government of Lao PDR\n  chiar: X"
    )
    save(serve, project, "\n  chiar: X", "")
    save(serve, project, "adopted the common", "warmly adopted the common")
    _, _, body = get(serve, "/")
    assert problems_shown(body) == []
    assert "The meeting warmly adopted the common ASEAN-COMMIT indicators" in page_text(body)


def test_draft_text_in_a_problem_is_escaped(serve: PreviewServer, project: Path) -> None:
    save(serve, project, "format: 1", "format: 1\n<img src=x onerror=alert(1)>: 1")
    _, _, body = get(serve, "/")
    assert b"<img src=x" not in body
    assert b"&lt;img src=x onerror=alert(1)&gt;" in body
    assert "'<img src=x onerror=alert(1)>' is not a field" in problems_shown(body)[0]


def test_a_draft_broken_from_the_start_shows_its_problems_alone(project: Path) -> None:
    edit(project, "  host: Government of Lao PDR", "  host: Government of Lao PDR\n  chiar: X")
    ws = Workspace(project)
    pages = Pages(ws, ws.draft_path(ID))
    pages.refresh()
    tree = lxml_html.fromstring(pages.shown.html)
    assert [pre.text_content() for pre in tree.xpath("//pre")] == [
        f"{CHIAR_LINE}\n1 problem in drafts/commit-som11.yaml"
    ]
    assert "No page has rendered yet: it shows once the problems above are fixed and saved." in (
        " ".join(tree.text_content().split())
    )


def test_events_name_the_page_now_and_after_each_save(serve: PreviewServer, project: Path) -> None:
    port = serve.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        request = f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        connection.sendall(request.encode("ascii"))
        stream = connection.makefile("rb")
        first = _next_event(stream)
        assert first == serve.pages.shown.name
        save(serve, project, "adopted the common", "warmly adopted the common")
        assert _next_event(stream) == serve.pages.shown.name != first


def _next_event(stream: io.BufferedReader) -> str:
    for line in iter(stream.readline, b""):
        if line.startswith(b"data: "):
            return line[6:].strip().decode("ascii")
    raise AssertionError("the event stream ended")


# --- what is served, and to whom ---------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["evil.example:{port}", "127.0.0.1.nip.io:{port}", "", "127.0.0.1"]
)
def test_a_host_header_of_another_name_is_refused(serve: PreviewServer, host: str) -> None:
    port = serve.server_address[1]
    status, _, body = get(serve, "/", host=host.format(port=port) or " ")
    assert status == 421
    assert b"COMMIT" not in body


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "LOCALHOST:{port}"])
def test_loopback_s_names_are_the_server_s_own(serve: PreviewServer, host: str) -> None:
    status, _, _ = get(serve, "/", host=host.format(port=serve.server_address[1]))
    assert status == 200


@pytest.mark.parametrize(
    ("header", "host", "answered"),
    [
        ("127.0.0.1:8000", "127.0.0.1", True),
        ("localhost:8000", "127.0.0.1", True),
        ("[::1]:8000", "::1", True),
        ("192.168.1.20:8000", "0.0.0.0", True),  # another machine, by this one's address
        ("officebox:8000", "officebox", True),  # the name it was told to listen on
        ("officebox:8000", "0.0.0.0", False),
        ("rebind.example:8000", "127.0.0.1", False),
        ("127.0.0.1:8001", "127.0.0.1", False),
        ("127.0.0.1", "127.0.0.1", False),
        ("[::1:8000", "::1", False),
    ],
)
def test_a_host_header_names_the_server_by_an_address_or_its_own_name(
    header: str, host: str, answered: bool
) -> None:
    assert names_this_server(header, host, 8000) is answered


@pytest.mark.parametrize(
    "path",
    [
        "/drafts/commit-som11.yaml",
        "/pyproject.toml",
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/commit-som11/../pyproject.toml",
        "/commit-som11/commit-som11.yaml",
        "/templates/style.css",
        "//etc/passwd",
        "/index.html",
        "/commit-som11/commit-som11.json",
    ],
)
def test_no_path_but_the_preview_s_own_is_served(serve: PreviewServer, path: str) -> None:
    status, _, body = get(serve, path)
    assert status == 404
    assert b"COMMIT" not in body


# --- the editions on request ------------------------------------------------------------------


@pytest.fixture
def recorded(project: Path) -> Path:
    """The example recorded as draft version 1, then changed in one paragraph and not recorded."""
    draft(Workspace(project), project / EXAMPLE_DRAFT)
    edit(project, "adopted the common", "warmly adopted the common")
    return project


def test_the_pdf_is_rendered_on_request_from_the_draft_as_saved(
    recorded: Path, serve: PreviewServer
) -> None:
    status, headers, body = get(serve, f"/{ID}/{ID}.pdf")
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'inline; filename="{ID}-preview.pdf"'
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
    assert "The meeting warmly adopted the common ASEAN-COMMIT indicators" in text
    assert "DRAFT for review · version 2" in text  # what `outcomes draft` would record next


def test_the_word_review_copy_is_rendered_on_request(recorded: Path, serve: PreviewServer) -> None:
    status, headers, body = get(serve, f"/{ID}/{ID}-review.docx")
    assert status == 200
    assert headers["Content-Disposition"] == f'attachment; filename="{ID}-review-preview.docx"'
    word = docx.Document(io.BytesIO(body))
    texts = [p.text for p in word.paragraphs]
    assert any(t.startswith("The meeting warmly adopted the common") for t in texts)
    header = word.sections[0].header.paragraphs
    assert any("DRAFT for review · version 2" in p.text for p in header)


def test_the_redline_against_the_last_recorded_version(
    recorded: Path, serve: PreviewServer
) -> None:
    status, _, body = get(serve, f"/{ID}/redline.html")
    assert status == 200
    tree = lxml_html.fromstring(body)
    summary = tree.xpath("//p[@class='summary']")[0].text_content()
    assert summary.startswith("Changes from draft-1 to this preview: ")
    assert tree.xpath("//main//ins/text()") == [" warmly"]
    status, _, body = get(serve, f"/{ID}/{ID}-redline.docx")
    assert status == 200
    inserted = docx.Document(io.BytesIO(body)).element.body.xpath(".//w:ins//w:t/text()")
    assert inserted == [" warmly"]


def test_the_page_is_labelled_as_the_draft_version_that_would_be_recorded_next(
    recorded: Path, serve: PreviewServer
) -> None:
    _, _, body = get(serve, "/")
    version = lxml_html.fromstring(body).xpath("//p[@class='version']/span")[0].text_content()
    assert version.startswith("DRAFT for review · version 2 · ")  # as its PDF and Word copy


def test_without_a_recorded_version_the_redline_says_so(serve: PreviewServer) -> None:
    status, _, body = get(serve, f"/{ID}/redline.html")
    assert status == 409
    assert "no version of commit-som11 is recorded yet: there is nothing to compare" in (
        page_text(body)
    )


def test_an_edition_of_a_draft_that_does_not_validate_is_refused_with_its_problems(
    serve: PreviewServer, project: Path
) -> None:
    save(
        serve, project, "  host: Government of Lao PDR", "  host: Government of Lao PDR\n  chiar: X"
    )
    status, _, body = get(serve, f"/{ID}/{ID}.pdf")
    assert status == 409
    assert CHIAR_LINE in page_text(body)


def test_the_preview_records_nothing_and_writes_nothing_into_the_project(
    recorded: Path, serve: PreviewServer
) -> None:
    before = state(recorded)
    refs = git(recorded, "for-each-ref")
    save(serve, recorded, "warmly adopted", "gladly adopted")
    for path in ["/", f"/{ID}/{ID}.pdf", f"/{ID}/{ID}-review.docx", f"/{ID}/redline.html"]:
        assert get(serve, path)[0] == 200
    assert get(serve, f"/{ID}/{ID}-redline.docx")[0] == 200
    edit(recorded, "gladly adopted", "warmly adopted")  # the officer's own save, undone
    assert state(recorded) == before
    assert git(recorded, "for-each-ref") == refs


def test_the_preview_never_loads_the_recording(recorded: Path) -> None:
    script = f"""
import sys
from pathlib import Path
from pipeline.preview import editions
from pipeline.preview.pages import Pages
from pipeline.workspace import Workspace
import pipeline.commands.preview
ws = Workspace(Path({str(recorded)!r}))
pages = Pages(ws, ws.draft_path("{ID}"))
pages.refresh()
for render in (editions.review_copy, editions.redline_page, editions.redline_copy):
    render(pages)
print("pipeline.recording" in sys.modules, "pipeline.commands.draft" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.split() == ["False", "False"], done.stderr


# --- a language edition ------------------------------------------------------------------------

KM = "drafts/commit-som11.km.yaml"
KM_ID = "commit-som11.km"


@pytest.fixture
def edition(project: Path) -> Iterator[PreviewServer]:
    """The preview of the example's km edition (stand-in texts "km text N"), its source drafted
    as version 1 and the edition never recorded."""
    from tests.test_editions import translate

    draft(Workspace(project), project / EXAMPLE_DRAFT)
    translate(project, "km")
    ws = Workspace(project)
    with served(Pages(ws, ws.translation_path(ID, "km"))) as server:
        yield server


def save_km(server: PreviewServer, project: Path, old: str, new: str) -> None:
    edit(project, old, new, KM)
    server.pages.refresh()


def test_an_edition_s_page_is_the_source_in_the_translation_s_words(
    edition: PreviewServer,
) -> None:
    status, _, body = get(edition, "/")
    assert status == 200
    tree = lxml_html.fromstring(body)
    assert tree.get("lang") == "km"
    assert tree.xpath("//h1")[0].text_content() == "km text 2"  # the headline
    text = " ".join(page_text(body).split())
    assert f"Preview of {KM}: not a publication. Nothing is recorded" in text
    assert "COMMIT/SOM.11/2016/1" in text  # the source's symbol, which is not translated
    assert problems_shown(body) == []
    switcher = [(a.text, a.get("href")) for a in tree.xpath("//nav[@class='languages']//a")]
    assert switcher == [
        ("English", "../../commit-som11/index.html"),
        ("ខ្មែរ", "../../commit-som11/km/index.html"),
    ]
    bar_links = tree.xpath("//div[@class='preview-bar']//a/@href")
    assert bar_links == [f"/{KM_ID}/{KM_ID}.pdf", f"/{KM_ID}/{KM_ID}-review.docx"]


def test_an_edition_s_switcher_names_the_editions_published_as_publish_would(
    edition: PreviewServer, project: Path
) -> None:
    from tests.test_editions import translate

    translate(project, "ar")
    for name in (ID, "commit-som11.ar"):
        status, _, err = run(project, "publish", name)
        assert status == 0, err
    edition.pages.refresh()
    _, _, body = get(edition, "/")
    links = lxml_html.fromstring(body).xpath("//nav[@class='languages']//a/@href")
    assert links == [
        "../../commit-som11/index.html",
        "../../commit-som11/ar/index.html",
        "../../commit-som11/km/index.html",
    ]


def test_an_edition_follows_saves_of_its_source_and_of_its_translation(
    edition: PreviewServer, project: Path
) -> None:
    edit(project, "symbol: COMMIT/SOM.11/2016/1", "symbol: COMMIT/SOM.11/2016/2")
    save_km(edition, project, "headline: km text 2\n", "headline: km headline\n")
    _, _, body = get(edition, "/")
    assert lxml_html.fromstring(body).xpath("//h1")[0].text_content() == "km headline"
    assert "COMMIT/SOM.11/2016/2" in page_text(body)
    assert is_watched(edition.pages, project / EXAMPLE_DRAFT)
    assert is_watched(edition.pages, project / KM)
    assert not is_watched(edition.pages, project / "drafts/commit-som12.yaml")


def test_an_edition_s_page_is_labelled_as_its_next_draft_version_never_0(
    edition: PreviewServer,
) -> None:
    _, _, body = get(edition, "/")
    version = lxml_html.fromstring(body).xpath("//p[@class='version']/span")[0].text_content()
    # "DRAFT for review · version 1": no draft of the edition is recorded yet
    assert version.startswith("សេចក្តីព្រាងសម្រាប់ពិនិត្យ · កំណែទី 1 · ")


def test_a_text_left_to_translate_is_shown_over_the_last_page(
    edition: PreviewServer, project: Path
) -> None:
    save_km(edition, project, "- km text 12\n", "- TO TRANSLATE\n")
    _, _, body = get(edition, "/")
    assert problems_shown(body) == [
        f"{KM}:43:9: error: 1 text is still to be translated (TO TRANSLATE), the first here; "
        "a translation publishes only when none is left (participants[0].members[1])\n"
        f"1 problem in {KM}"
    ]
    assert "km text 12" in page_text(body)  # the last page that rendered
    status, _, body = get(edition, f"/{KM_ID}/{KM_ID}.pdf")
    assert status == 409
    save_km(edition, project, "- TO TRANSLATE\n", "- km text twelve\n")
    _, _, body = get(edition, "/")
    assert problems_shown(body) == []
    assert "km text twelve" in page_text(body)


def test_a_text_missing_from_the_translation_is_shown_as_a_problem(
    edition: PreviewServer, project: Path
) -> None:
    save_km(edition, project, "headline: km text 2\n", "")
    _, _, body = get(edition, "/")
    assert problems_shown(body) == [
        f"{KM}:6:1: error: 'headline' of the source is missing here; add it\n1 problem in {KM}"
    ]


def test_an_edition_shows_its_source_s_problems_when_the_source_does_not_validate(
    edition: PreviewServer, project: Path
) -> None:
    host = "  host: Government of Lao PDR"
    save(edition, project, host, f"{host}\n  chiar: X")
    _, _, body = get(edition, "/")
    assert problems_shown(body) == [
        f"{KM}:7:17: error: its source, drafts/commit-som11.yaml, has problems: `outcomes "
        "validate drafts/commit-som11.yaml` lists them (translation_of)\n"
        f"{CHIAR_LINE}\n"
        f"2 problems in {KM}, drafts/commit-som11.yaml"
    ]


def test_the_preview_s_words_stay_left_to_right_on_a_right_to_left_edition(
    edition: PreviewServer, project: Path
) -> None:
    from tests.test_editions import translate

    translate(project, "ar")
    ws = Workspace(project)
    with served(Pages(ws, ws.translation_path(ID, "ar"))) as server:
        edit(project, "- ar text 12\n", "- TO TRANSLATE\n", "drafts/commit-som11.ar.yaml")
        server.pages.refresh()
        tree = lxml_html.fromstring(get(server, "/")[2])
    assert tree.get("dir") == "rtl"
    bar, problems = tree.xpath("//div[@class='preview-bar'] | //section[@role='alert']")
    assert (bar.get("lang"), bar.get("dir")) == ("en", "ltr")
    assert (problems.get("lang"), problems.get("dir")) == ("en", "ltr")


def test_an_edition_s_pdf_and_word_copy_are_rendered_and_its_redline_refused(
    edition: PreviewServer, project: Path
) -> None:
    before = state(project)
    status, headers, body = get(edition, f"/{KM_ID}/{KM_ID}.pdf")
    assert status == 200
    assert headers["Content-Disposition"] == f'inline; filename="{KM_ID}-preview.pdf"'
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
    assert "km text 1" in text
    status, headers, body = get(edition, f"/{KM_ID}/{KM_ID}-review.docx")
    assert status == 200
    assert headers["Content-Disposition"] == (f'attachment; filename="{KM_ID}-review-preview.docx"')
    word = docx.Document(io.BytesIO(body))
    assert word.core_properties.language == "km"
    assert "km text 1" in [p.text for p in word.paragraphs]
    for path in (f"/{KM_ID}/redline.html", f"/{KM_ID}/{KM_ID}-redline.docx"):
        status, _, body = get(edition, path)
        assert status == 409
        assert (
            "commit-som11.km is a language edition, which has no redline: `outcomes diff "
            "commit-som11.km` shows what changed in its texts between two recorded versions"
        ) in page_text(body)
    assert state(project) == before


# --- the links on the page: the site around it -----------------------------------------------


@pytest.fixture
def site(project: Path) -> Path:
    """The example drafted and translated into km (stand-ins), the source and the km edition
    published: a published/ tree for the page's links to reach."""
    from tests.test_editions import translate

    draft(Workspace(project), project / EXAMPLE_DRAFT)
    translate(project, "km")
    for name in (ID, KM_ID):
        status, _, err = run(project, "publish", name)
        assert status == 0, err
    return project


def links_on_the_site(server: PreviewServer, address: str) -> list[str]:
    """The addresses on this server that the page at `address` links to, resolved as a browser
    resolves them, without the preview's bar and the page's own anchors."""
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}{address}"
    tree = lxml_html.fromstring(get(server, address)[2])
    hrefs = tree.xpath("//body//a[not(ancestor::div[@class='preview-bar'])]/@href")
    resolved = [urlsplit(urljoin(base, href)) for href in hrefs if not href.startswith("#")]
    return sorted({url.path for url in resolved if url.netloc == f"127.0.0.1:{port}"})


def test_the_page_s_links_into_the_site_answer_from_published_or_live(
    site: Path, serve: PreviewServer
) -> None:
    assert links_on_the_site(serve, "/") == [
        "/commit-som11/commit-som11.json",
        "/commit-som11/commit-som11.pdf",
        "/commit-som11/index.html",
        "/commit-som11/km/index.html",
        "/feed.xml",
        "/index.html",
    ]
    answers = {path: get(serve, path) for path in links_on_the_site(serve, "/")}
    assert {path: status for path, (status, _, _) in answers.items()} == dict.fromkeys(answers, 200)
    assert answers["/feed.xml"][1]["Content-Type"] == "text/xml; charset=utf-8"
    assert answers["/feed.xml"][2].startswith(b"<?xml")
    assert answers["/commit-som11/commit-som11.json"][1]["Content-Type"] == "application/json"


def test_a_page_of_published_says_it_is_not_the_preview(site: Path, serve: PreviewServer) -> None:
    status, headers, body = get(serve, "/index.html")
    assert status == 200
    text = " ".join(page_text(body).split())
    assert "Published published/index.html as last published, not a preview: it does not " in text
    assert lxml_html.fromstring(body).xpath("//div[@class='preview-bar']//a/@href") == ["/"]
    assert "script-src 'none'" in headers["Content-Security-Policy"]
    status, _, body = get(serve, "/commit-som11/v1/index.html")  # an earlier version
    assert status == 200
    assert "Published published/commit-som11/v1/index.html as last published" in " ".join(
        page_text(body).split()
    )


def test_a_link_to_another_edition_is_its_live_preview(site: Path, serve: PreviewServer) -> None:
    status, _, body = get(serve, "/commit-som11/km/index.html")
    assert status == 200
    assert f"Preview of {KM}: not a publication" in " ".join(page_text(body).split())
    save_km(serve, site, "headline: km text 2\n", "headline: km headline\n")
    serve.live.refresh()  # as the watcher does after a save
    _, _, body = get(serve, "/commit-som11/km/index.html")
    assert lxml_html.fromstring(body).xpath("//h1")[0].text_content() == "km headline"
    script = lxml_html.fromstring(body).xpath("//script[not(@type)]")[0].text_content()
    assert 'new EventSource("/events/commit-som11.km")' in script
    status, headers, _ = get(serve, "/commit-som11/km/commit-som11.km.pdf")
    assert status == 200
    assert headers["Content-Disposition"] == f'inline; filename="{KM_ID}-preview.pdf"'


def test_an_edition_s_link_to_its_source_is_the_source_s_live_preview(
    site: Path, project: Path
) -> None:
    ws = Workspace(project)
    with served(Pages(ws, ws.translation_path(ID, "km"))) as server:
        assert links_on_the_site(server, "/") == [
            "/commit-som11/index.html",
            "/commit-som11/km/commit-som11.km.json",
            "/commit-som11/km/commit-som11.km.pdf",
            "/commit-som11/km/index.html",
            "/feed.xml",
            "/index.html",
        ]
        status, _, body = get(server, "/commit-som11/index.html")
        assert status == 200
        assert "Preview of drafts/commit-som11.yaml: not a publication" in " ".join(
            page_text(body).split()
        )
        assert get(server, "/commit-som11/km/index.html")[2] == server.pages.shown.html


def test_a_link_to_what_is_not_published_yet_says_so(serve: PreviewServer) -> None:
    status, headers, body = get(serve, "/feed.xml")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    text = " ".join(page_text(body).split())
    assert "Nothing is published at /feed.xml yet." in text
    assert lxml_html.fromstring(body).xpath("//a/@href") == ["/"]


def test_nothing_outside_published_is_served_through_it(site: Path, serve: PreviewServer) -> None:
    (site / "published/secret.toml").symlink_to(site / "pyproject.toml")
    (site / "published/drafts").symlink_to(site / "drafts", target_is_directory=True)
    (site / "published/.hidden").write_text("hidden")
    for path in [
        "/secret.toml",
        "/drafts/commit-som11.yaml",
        "/.hidden",
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/commit-som11/../../pyproject.toml",
        "/commit-som11/%2e%2e/%2e%2e/pyproject.toml",
        "/commit-som11/..%2f..%2fpyproject.toml",
        "/%2fetc/passwd",
        "/commit-som11/v1",
    ]:
        status, _, body = get(serve, path)
        assert (path, status) == (path, 404)
        assert b"COMMIT" not in body and b"[tool" not in body


def test_a_published_folder_that_is_a_link_is_not_followed(project: Path) -> None:
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("<p>Elsewhere</p>")
    (project / "published").symlink_to(elsewhere, target_is_directory=True)
    ws = Workspace(project)
    with served(Pages(ws, ws.draft_path(ID))) as server:
        status, _, body = get(server, "/index.html")
    assert status == 404
    assert b"Elsewhere" not in body


# --- the command --------------------------------------------------------------------------------


def test_a_port_in_use_is_refused_in_a_sentence(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, _, stderr = run(project, "preview", ID, "--port", str(port))
    assert status == 1
    assert stderr.startswith(f"Error: the preview cannot listen on port {port} on 127.0.0.1: ")
    assert stderr.rstrip().endswith("give another --port, or none to have one chosen")


def test_a_draft_that_is_not_there_is_wrong_usage(project: Path) -> None:
    status, _, stderr = run(project, "preview", "som-12")
    assert status == 2
    assert "there is no draft file 'som-12'" in stderr


@pytest.mark.parametrize(
    ("name", "watched"),
    [
        ("drafts/commit-som11.yaml", True),
        ("drafts/commit-som11.fr.yaml", True),
        ("templates/style.css", True),
        ("templates/page.html.j2", True),
        ("drafts/commit-som12.yaml", False),
        ("drafts/commit-som11-old.yaml", False),
        ("drafts/.commit-som11.yaml.swp", False),
        ("drafts/commit-som11.yaml~", False),
        ("drafts/commit-som11/commit-som11-review.docx", False),
        ("drafts/outcome.schema.json", False),
        ("pyproject.toml", True),
        (".git/outcomes-recording.json", True),  # a version being recorded, then recorded
        (".git/index", False),
    ],
)
def test_saves_that_render_the_page_again(project: Path, name: str, watched: bool) -> None:
    (project / "templates").mkdir()
    ws = Workspace(project)
    pages = Pages(ws, ws.draft_path(ID))
    assert is_watched(pages, project / name) is watched


def test_a_version_recorded_meanwhile_relabels_the_page_without_a_save(recorded: Path) -> None:
    ws = Workspace(recorded)
    live = LivePages(Pages(ws, ws.draft_path(ID)))
    live.main.refresh()
    stop, told = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch, args=(live, stop, lambda _: told.set()))
    watcher.start()
    try:
        assert "version 2 · " in page_text(live.main.shown.html)
        time.sleep(0.5)  # the watcher's start (it sees no change made before it watches)
        draft(ws, recorded / EXAMPLE_DRAFT)  # records version 2, from another window
        assert told.wait(20)
        deadline = time.monotonic() + 20
        while "version 3 · " not in page_text(live.main.shown.html):
            assert time.monotonic() < deadline, "the page kept the recorded version's number"
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(20)


def test_a_saved_setting_shows_at_once_and_a_broken_one_is_told(project: Path) -> None:
    ws = Workspace(project)
    pages = Pages(ws, ws.draft_path(ID))
    pages.refresh()
    settings = project / "pyproject.toml"
    good = settings.read_text()
    settings.write_text(good.replace('organisation = "', 'organisation = "Renamed '))
    pages.refresh()
    assert "Renamed " in page_text(pages.shown.html)
    settings.write_text(good + "\n[tool.outcomes\n")
    pages.refresh()
    told = problems_shown(pages.shown.html)[0]
    assert told.startswith(f"{settings}:") and ": cannot be read as TOML: " in told
    assert "Renamed " in page_text(pages.shown.html)  # the last good page stays


def test_a_template_that_does_not_render_is_shown_over_the_last_page(project: Path) -> None:
    shutil.copytree(REPO / "templates", project / "templates")
    ws = Workspace(project)
    pages = Pages(ws, ws.draft_path(ID))
    pages.refresh()
    fragment = project / "templates" / "fragment.html.j2"
    fragment.write_text("{% if outcome %}{% endiff %}\n" + fragment.read_text())
    pages.refresh()
    tree = lxml_html.fromstring(pages.shown.html)
    assert tree.xpath("//section[@role='alert']//h2/text()") == ["The page could not be rendered"]
    shown = tree.xpath("//section[@role='alert']//pre")[0].text_content()
    assert shown.startswith("template fragment.html.j2, line 1: Encountered unknown tag 'endiff'")
    assert "The meeting adopted the common ASEAN-COMMIT indicators" in tree.text_content()


def test_a_bug_met_while_rendering_is_shown_as_one_and_the_next_save_renders(
    project: Path,
) -> None:
    shutil.copytree(REPO / "templates", project / "templates")
    ws = Workspace(project)
    pages = Pages(ws, ws.draft_path(ID))
    fragment = project / "templates" / "fragment.html.j2"
    good = fragment.read_text()
    fragment.write_text('<p class="made-here">{{ 1 // 0 }}</p>\n' + good)
    pages.refresh()
    shown = lxml_html.fromstring(pages.shown.html).xpath("//section[@role='alert']//pre")
    assert shown[0].text_content() == (
        "internal error (ZeroDivisionError: integer division or modulo by zero). This is a "
        "bug: please report it (OUTCOMES_DEBUG=1 shows the details)."
    )
    fragment.write_text(good)
    pages.refresh()
    assert "The meeting adopted the common ASEAN-COMMIT indicators" in (
        lxml_html.fromstring(pages.shown.html).text_content()
    )
    assert b'role="alert"' not in pages.shown.html
