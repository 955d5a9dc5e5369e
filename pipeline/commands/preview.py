"""`outcomes preview`: serve a draft's page on this machine, following every save, until stopped.

It records nothing and writes nothing into the project (see pipeline/preview/)."""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutcomesError
from pipeline.files import os_reason
from pipeline.preview.pages import Pages
from pipeline.preview.server import PreviewServer, is_loopback, watch
from pipeline.results import Line, Result
from pipeline.workspace import Workspace

Say = Callable[[str], None]


@dataclass
class PreviewResult(Result):
    id: str
    url: str

    def lines(self) -> list[Line]:
        return [f"{self.id}: the preview at {self.url} has stopped; nothing was recorded"]


def start(ws: Workspace, file: Path, host: str, port: int) -> PreviewServer:
    """The server of the draft's preview, its page rendered, listening (not yet serving)."""
    pages = Pages(ws, file)
    pages.refresh()
    try:
        return PreviewServer(pages, host, port)
    except OSError as error:
        given = f"port {port} on {host}" if port else host
        raise OutcomesError(
            f"the preview cannot listen on {given}: {os_reason(error)}"
            + ("; give another --port, or none to have one chosen" if port else "")
        ) from None


def preview(
    ws: Workspace, file: Path, *, host: str, port: int, open_browser: bool, say: Say
) -> PreviewResult:
    """Serve the preview until Ctrl-C, saying where, and saying what each save gave."""
    server = start(ws, file, host, port)
    pages = server.pages
    say(f"{pages.id}: previewing {pages.shown_as} at {server.url}")
    followed = "the translation, its source" if pages.language else "the draft"
    said = "the templates and the settings, and each version recorded"
    say(f"  the page follows every save of {followed}, {said}")
    say("  nothing is recorded")
    if not is_loopback(host):
        say(f"  warning: served on {host}, so reachable from other machines")
    say("  Ctrl-C stops it")
    tell(pages, say)
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch, args=(server.live, stop, lambda p: tell(p, say)), daemon=True
    )
    watcher.start()
    if open_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.release()
    return PreviewResult(pages.id, server.url)


def tell(pages: Pages, say: Say) -> None:
    """One line on the terminal per save: updated, or the problems as `validate` prints them."""
    state = pages.state
    for problem in state.problems:
        say(f"  {problem}")
    if state.failure:
        say(f"  {state.failure}")
    elif state.valid:
        say(f"  {state.saved} page updated")
