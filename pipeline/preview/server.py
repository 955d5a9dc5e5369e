"""The preview's web server: the standard library's threaded HTTP server on loopback, with the
page's reloads as server-sent events, and watchfiles telling it of every save.

Only the preview's own pages and what the project's published/ tree holds are served (see
site.py), and a request whose Host header names another server is refused, so that a web page
elsewhere cannot reach the preview through a name of its own that resolves here (DNS
rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape

from pipeline import layout
from pipeline.errors import OutcomesError
from pipeline.history import recording_journal
from pipeline.preview.chrome import not_published, published_bar
from pipeline.preview.pages import EVENTS, NotRendered, Pages, inject, internal_error
from pipeline.preview.site import LivePages, PublishedFile, Render, published_file

#: How long an event stream waits for a new page before it sends a keep-alive comment.
KEEP_ALIVE = 15.0


class PreviewServer(ThreadingHTTPServer):
    """Serves one `Pages` to requests whose Host header names it."""

    daemon_threads = True

    def __init__(self, pages: Pages, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), Handler)
        self.pages = pages
        self.closing = threading.Event()
        self.host = host
        self.live = LivePages(pages)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/"

    def close(self) -> None:
        """Stop `serve_forever` (running in another thread), then `release`."""
        self.shutdown()
        self.release()

    def release(self) -> None:
        """Close the socket and let the event streams end."""
        self.closing.set()
        for pages in self.live.made():
            with pages.changed:
                pages.changed.notify_all()
        self.server_close()


def names_this_server(header: str, host: str, port: int) -> bool:
    """Whether a Host header names this server: by an address (no one can make an address
    resolve elsewhere), as `localhost`, or by the name it was told to listen on; with its port.

    Any other name may be one that a web page's owner made resolve here (DNS rebinding)."""
    name, colon, given_port = header.lower().rpartition(":")
    if not colon or given_port != str(port):
        return False
    if name in ("localhost", host.lower()):
        return True
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") else name)
    except ValueError:
        return False
    return not name.startswith("[") or name.endswith("]")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._refuse(
                HTTPStatus.MISDIRECTED_REQUEST, "This server answers its own address only."
            )
            return
        path = unquote(urlsplit(self.path).path)
        live = self.server.live
        if path == "/":
            self._page(live.main)
        elif path == "/events":
            self._events(live.main)
        elif path.startswith(EVENTS) and (pages := live.edition(path.removeprefix(EVENTS))):
            self._events(pages)
        elif routed := live.route(path):
            self._routed(*routed)
        elif published := published_file(live.main.ws.root, path):
            self._published(published)
        else:
            page = not_published(path, live.main.shown_as)
            self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page.encode("utf-8"))

    def do_HEAD(self) -> None:
        self._refuse(HTTPStatus.METHOD_NOT_ALLOWED, "")

    def _host_allowed(self) -> bool:
        port = self.server.server_address[1]
        return names_this_server(self.headers.get("Host") or "", self.server.host, port)

    def _routed(self, pages: Pages, render: Render | None) -> None:
        if render:
            self._edition(pages, render)
        else:
            self._page(pages)

    def _page(self, pages: Pages) -> None:
        shown = pages.shown
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", shown.html, nonce=shown.nonce)

    def _published(self, published: PublishedFile) -> None:
        """A file of published/, a page of it under a bar that says it is not the preview."""
        data = published.data
        if published.media_type.startswith("text/html"):
            page = data.decode("utf-8", errors="replace")
            data = inject(page, published_bar(published.relative), Markup("")).encode("utf-8")
        self._send(HTTPStatus.OK, published.media_type, data)

    def _edition(self, pages: Pages, render: Render) -> None:
        try:
            edition = render(pages)
        except NotRendered as error:
            self._refuse(HTTPStatus.CONFLICT, error.message)
            return
        except OutcomesError as error:
            self._refuse(HTTPStatus.INTERNAL_SERVER_ERROR, error.message)
            return
        except Exception as error:  # a bug: told on the page, and the preview goes on
            self._refuse(HTTPStatus.INTERNAL_SERVER_ERROR, internal_error(error))
            return
        headers = {}
        if edition.filename:
            shown = "attachment" if edition.download else "inline"
            headers["Content-Disposition"] = f'{shown}; filename="{edition.filename}"'
        self._send(HTTPStatus.OK, edition.media_type, edition.data, **headers)

    def _events(self, pages: Pages) -> None:
        """The page's name now and after every change, until the client or the server goes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        closing = self.server.closing
        sent = ""
        try:
            while not closing.is_set():
                with pages.changed:
                    if pages.shown.name == sent:
                        pages.changed.wait(KEEP_ALIVE)
                    name = pages.shown.name
                message = f"data: {name}\n\n" if name != sent else ": still here\n\n"
                self.wfile.write(message.encode("ascii"))
                self.wfile.flush()
                sent = name
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        body = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{status.phrase}'
            f"</title></head><body><h1>{status.phrase}</h1><pre>{escape(message)}</pre></body></html>"
        )
        self._send(status, "text/html; charset=utf-8", body.encode("utf-8"))

    def _send(
        self, status: HTTPStatus, media_type: str, body: bytes, nonce: str = "", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", policy(nonce))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the command tells what matters (each save); requests are noise


def policy(nonce: str) -> str:
    """What a served page may do: its inline styles, data: images, and with `nonce` the
    preview's one script, which talks to this server alone; nothing from elsewhere."""
    script = f"'nonce-{nonce}'" if nonce else "'none'"
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        f"script-src {script}; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def watch(live: LivePages, stop: threading.Event, told: Callable[[Pages], None]) -> None:
    """Render the pages again after each save of the draft, a translation of it, a template or
    the project's settings, and after each version recorded (the page is labelled as the
    next), and tell what the first one gave: the project's folder and git's are watched
    without their subfolders (not published/), the drafts and templates with theirs."""
    import watchfiles

    pages = live.main
    git_folder = recording_journal(pages.ws.root).parent
    top = [pages.ws.root, *([git_folder] if git_folder.is_dir() else [])]

    def concerns(_change: watchfiles.Change, path: str) -> bool:
        return is_watched(pages, Path(path))

    def follow(folders: list[Path], recursive: bool) -> None:
        changes = watchfiles.watch(
            *folders,
            watch_filter=concerns,
            stop_event=stop,
            raise_interrupt=False,
            recursive=recursive,
        )
        for _ in changes:
            live.refresh()
            told(pages)

    settings = threading.Thread(target=follow, args=(top, False), daemon=True)
    settings.start()
    follow([pages.path.parent, pages.ws.templates], recursive=True)


def is_watched(pages: Pages, file: Path) -> bool:
    """The draft (`drafts/ID.yaml`), a translation beside it (`drafts/ID.<lang>.yaml`; an
    edition's preview follows both), any template, the project's settings (pyproject.toml)
    and the journal of a recording (made and removed by each version recorded); not an
    editor's hidden or backup files, nor the review copies in drafts/ID/."""
    if file.name.startswith((".", "#")) or file.name.endswith("~"):
        return False
    if file == (pages.ws.root / "pyproject.toml").absolute():
        return True
    if file == recording_journal(pages.ws.root).absolute():
        return True
    if file.parent == pages.path.parent:
        translated = layout.translation_of(file.name)
        return file.name in (pages.path.name, f"{pages.source_id}.yaml") or (
            translated is not None and translated[0] == pages.source_id
        )
    return file.is_relative_to(pages.ws.templates)
