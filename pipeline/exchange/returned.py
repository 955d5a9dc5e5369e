"""A translator's returned file as read, whatever its kind: its texts by exchange id."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.inline import Span


@dataclass(frozen=True)
class ReturnedText:
    """One text as the returned file holds it."""

    xid: str
    source: tuple[Span, ...]  # the source's words as the file shows them
    target: str | None  # the translation as Markdown; None where the translator left none
    problem: str | None = None  # why the text cannot be taken (a broken inline code ...)
    #: XLIFF: the translator confirmed the text (state translated, reviewed or final).
    confirmed: bool = False
    #: The fingerprint of the translation as the file was sent (None in a file without one).
    as_sent: str | None = None


@dataclass(frozen=True)
class ReturnedFile:
    """What a returned bilingual copy or XLIFF file says it is, and its texts in file order."""

    name: str
    kind: str  # "Word" or "XLIFF"
    outcome_id: str
    source_language: str
    language: str
    version: str  # the recorded source version the file was made from
    texts: tuple[ReturnedText, ...]
