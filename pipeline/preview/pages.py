"""What the preview shows: the draft's web page with the preview's bar, the latest save's
problems over the last page that rendered, and the other editions rendered on request.

Nothing here records or writes into the project: the page is kept in memory, files are
rendered in a scratch folder outside the project, and recorded versions are only read.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup

from pipeline import layout
from pipeline.codes import Code
from pipeline.context import Document, Version, build_document
from pipeline.editions import edition_and_source
from pipeline.errors import DraftInvalid, OutcomesError, Problem
from pipeline.inline import unagreed_passages
from pipeline.loading import Draft, load_draft
from pipeline.model import Outcome
from pipeline.preview.chrome import CHROME_HEAD, bar, problems_panel, reload_script, standalone
from pipeline.render.data import editions_of
from pipeline.render.html import Languages, render_page
from pipeline.settings import Settings, load_settings
from pipeline.versions import history_if_any, open_history
from pipeline.workspace import Workspace

BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)
#: Where each page's events are, by its edition's name: /events/commit-som11.km.
EVENTS = "/events/"
LANDMARK = re.compile(r"<(header|nav|main|footer|aside)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Shown:
    """The page as served now: its bytes, the nonce its script runs under, and its name in the
    events (`<run>-<n>`: a page from an earlier run of the server is never taken as current)."""

    html: bytes
    nonce: str
    name: str


@dataclass
class State:
    """The last draft that rendered and its page, and what the latest save got wrong."""

    draft: Draft | None = None
    page: str = ""
    saved: str = ""  # when that page rendered, HH:MM:SS local time
    problems: list[Problem] = field(default_factory=list)
    failure: str = ""  # the template or rendering error of the latest save, a sentence

    @property
    def valid(self) -> bool:
        return not self.failure and not any(p.severity == "error" for p in self.problems)


class NotRendered(OutcomesError):
    """An edition asked for while the draft, as saved, does not validate or render."""


class Pages:
    """The preview of one draft, kept warm: `refresh` renders the page again after a save."""

    def __init__(self, ws: Workspace, path: Path) -> None:
        self.ws = ws
        self.path = path.absolute()  # as the watcher names the files it sees
        self.id = path.stem  # a language edition's is commit-som11.km
        translated = layout.translation_of(path.name)
        self.source_id, self.language = translated or (self.id, None)
        self.shown_as = ws.shown(path)
        self.state = State()
        self.settings = ws.settings
        self.changed = threading.Condition()  # notified with each new page
        self._run = secrets.token_hex(4)
        self._count = 0
        self._shown = Shown(b"", "", "")
        self._lock = threading.Lock()  # one rendering at a time (WeasyPrint, docxtpl)

    @property
    def shown(self) -> Shown:
        return self._shown

    def refresh(self) -> State:
        """Read the draft again and render its page; on a problem keep the last good page."""
        with self._lock:
            state = self.state
            try:
                self.settings = read_settings(self.ws)
                draft, languages = self.load()
                document = self.document(draft, self.next_draft())
                page = render_page(document, self.ws.templates, languages=languages)
            except DraftInvalid as error:
                state.problems, state.failure = error.problems, ""
            except OutcomesError as error:
                state.problems, state.failure = [], error.message
            except Exception as error:  # a bug: told, and the preview goes on with the next save
                state.problems, state.failure = [], internal_error(error)
            else:
                state.draft, state.page, state.problems, state.failure = (
                    draft,
                    page,
                    draft.warnings,
                    "",
                )
                state.saved = datetime.now().strftime("%H:%M:%S")
            self._show(state)
            return state

    def load(self) -> tuple[Draft, Languages]:
        """The draft as saved; a language edition's, as `publish` would make it: the source
        as saved in the translation's words as saved, refused while a text is left to
        translate; and the languages its page switches between, as `publish` would link them."""
        if self.language is None:
            draft = load_draft(self.path, shown_as=self.shown_as)
            return draft, published_languages(self.ws, draft.outcome, None)
        try:
            draft, source = edition_and_source(self.ws, self.path)
        except DraftInvalid as error:
            raise DraftInvalid([*error.problems, *self._source_problems(error)]) from None
        untranslated = [p for p in draft.warnings if p.code == Code.UNTRANSLATED]
        if untranslated:
            raise DraftInvalid(
                [replace(p, severity="error") if p in untranslated else p for p in draft.warnings]
            )
        return draft, published_languages(self.ws, source, self.language)

    def _source_problems(self, error: DraftInvalid) -> list[Problem]:
        """The source's own problems, where the translation's say only that it has some: the
        officer saving the source while looking at an edition sees which."""
        if not any(p.code == Code.NO_SOURCE for p in error.problems):
            return []
        source = self.ws.draft_path(self.source_id)
        if not source.is_file():
            return []  # the translation's problem says so
        try:
            load_draft(source, shown_as=self.ws.shown(source))
        except DraftInvalid as invalid:
            return invalid.problems
        return []

    def _show(self, state: State) -> None:
        self._count += 1
        name, nonce = f"{self._run}-{self._count}", secrets.token_urlsafe(16)
        top = bar(self.shown_as, self.id, unagreed_count(state.draft), self.language is None)
        top += problems_panel(state)
        script = reload_script(nonce, name, f"{EVENTS}{self.id}")
        html = inject(state.page, top, script) if state.page else standalone(self.id, top, script)
        with self.changed:
            self._shown = Shown(html.encode("utf-8"), nonce, name)
            self.changed.notify_all()

    def next_draft(self) -> Version:
        """The version `outcomes draft` would record now: what the page, the PDF and the Word
        copy are labelled (a language edition's drafts are numbered on their own)."""
        number = 1
        if (self.ws.root / ".git").exists():
            try:
                with open_history(self.ws, self.id) as history:
                    recorded = history.versions(self.id, "draft")
            except OutcomesError:
                recorded = []
            number = recorded[-1].number + 1 if recorded else 1
        return Version("draft", number, now())

    def document(self, draft: Draft, version: Version) -> Document:
        return build_document(draft.outcome, version, self.settings)

    @contextmanager
    def valid_draft(self) -> Iterator[Draft]:
        """The draft as last saved, held while an edition of it renders; NotRendered, with the
        latest save's problems, when it does not validate as it stands."""
        with self._lock:
            state = self.state
            if state.draft is None or not state.valid:
                lines = [str(p) for p in state.problems if p.severity == "error"]
                raise NotRendered("\n".join([*lines, state.failure]).strip())
            yield state.draft


def read_settings(ws: Workspace) -> Settings:
    """The project's settings as saved now: the preview follows pyproject.toml too (a changed
    organisation or label shows at the next save, without a restart)."""
    return load_settings(ws.root)


def published_languages(ws: Workspace, source: Outcome, language: str | None) -> Languages:
    """The languages a page switches between as `publish` would link them: the source's, the
    editions its latest recorded JSON lists, and the edition shown (`language`, if any)."""
    recorded = None
    with history_if_any(ws) as history:
        if history and history.resolve("HEAD"):
            recorded = history.file_at("HEAD", layout.edition_files(source.id)["json"])
    published = {edition["language"] for edition in editions_of(recorded)}
    shown = {language} if language else set()
    return Languages(source.language, tuple(sorted(published | shown)))


def unagreed_count(draft: Draft | None) -> int:
    """How many passages in square brackets the outcome's paragraphs still hold."""
    if draft is None:
        return 0
    paragraphs = draft.outcome.paragraphs
    texts = [p.text for p in paragraphs] + [item for p in paragraphs for item in p.items]
    return sum(len(unagreed_passages(text)) for text in texts)


def inject(page: str, top: Markup, script: Markup) -> str:
    """`page` with the preview's style and icon in its head, `top` before the first landmark of
    its body (after a skip link, which must stay first), and `script` last."""
    head_end = page.lower().find("</head>")
    if head_end >= 0:
        page = page[:head_end] + str(CHROME_HEAD) + page[head_end:]
    body = BODY.search(page)
    start = body.end() if body else 0
    landmark = LANDMARK.search(page, start)
    at = landmark.start() if landmark else start
    page = page[:at] + str(top) + page[at:]
    body_end = page.lower().rfind("</body>")
    at = body_end if body_end >= 0 else len(page)
    return page[:at] + str(script) + page[at:]


def internal_error(error: Exception) -> str:
    """A bug as the command line tells one (the traceback on the terminal with OUTCOMES_DEBUG)."""
    if os.environ.get("OUTCOMES_DEBUG"):
        traceback.print_exception(error)
    return (
        f"internal error ({type(error).__name__}: {error}). This is a bug: please report it "
        "(OUTCOMES_DEBUG=1 shows the details)."
    )


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
