"""The web redline of `outcomes diff --html`: B's paragraphs and fields, A's words struck
and B's underlined, as one escaped page."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pipeline.compare import Comparison, FieldChange, ParagraphChange, RedlineParagraph
from pipeline.context import letter_label
from pipeline.labels import Wording, wording
from pipeline.model import Outcome
from pipeline.render.environment import render, spans_html
from pipeline.words import Segment

TAGS = {"insert": "ins", "delete": "del"}


def render_redline_page(
    templates: Path,
    after: Outcome,
    names: tuple[str, str],
    comparison: Comparison,
    entries: list[RedlineParagraph],
    words: Wording | None = None,
) -> str:
    """B as a page, each paragraph and field with A's words struck and B's underlined; its
    own words in B's language (`words`, with the project's overrides)."""
    words = words or wording(after.language)
    titles = {s.id: s.title for s in after.sections}
    changes = {change.id: change for change in comparison.paragraphs}
    sections = [
        {"title": titles.get(section, section), "entries": [_entry(e, changes) for e in group]}
        for section, group in groupby(entries, key=lambda e: e.section)
    ]
    return render(
        templates,
        "redline.html.j2",
        lang=after.language,
        labels=words.texts,
        label_language=words.language,
        title=after.title,
        a=names[0],
        b=names[1],
        summary=comparison.summary(),
        sections=sections,
        fields=[_field(change) for change in comparison.fields],
    )


def _entry(entry: RedlineParagraph, changes: dict[str, ParagraphChange]) -> dict[str, Any]:
    note = {"inserted": "redline_new", "deleted": "redline_deleted"}.get(entry.mark, "")
    text, items, mark = entry.text, entry.items, entry.mark
    if entry.moved:
        note = "redline_moved_here" if entry.mark == "inserted" else "redline_moved_from"
    if entry.moved and entry.mark == "inserted":
        # Where it now stands, a moved paragraph shows the words it changed, as `diff` does
        # (Word's redline inserts it whole there, so that rejecting every change gives A).
        change = changes[entry.id]
        text, items, mark = change.text, change.items, "moved"
    return {
        "id": entry.id,
        "anchor": _anchor(entry),
        "mark": mark,
        "number": entry.number,
        "note": note,  # the name of its label
        "text": segments_html(text),
        "subitems": [
            {"label": letter_label(i), "text": segments_html(item)} for i, item in enumerate(items)
        ],
    }


def _anchor(entry: RedlineParagraph) -> str | None:
    """The element id of an entry: `para-<id>` (as on the published page) only where the
    paragraph is in B, so that ids stay unique when a paragraph moves; its old place is
    `moved-from-<id>`, and a removed paragraph has none."""
    if entry.mark != "deleted":
        return f"para-{entry.id}"
    return f"moved-from-{entry.id}" if entry.moved else None


def _field(change: FieldChange) -> dict[str, Any]:
    """A changed field as A has it with its deleted words marked, and as B has it with its
    inserted words marked (None where the version has no such field)."""
    before = segments_html(tuple(s for s in change.words if s.op != "insert"))
    after = segments_html(tuple(s for s in change.words if s.op != "delete"))
    return {
        "path": change.path,
        "before": None if change.before is None else before,
        "after": None if change.after is None else after,
    }


def segments_html(segments: tuple[Segment, ...]) -> Markup:
    """Words as escaped HTML; words side by side changed alike in one <ins> or <del>, whatever
    their style."""
    parts = []
    for op, group in groupby(segments, key=lambda s: s.op):
        html = spans_html(tuple(replace(s.style, text=s.text) for s in group))
        tag = TAGS.get(op)
        parts.append(f"<{tag}>{html}</{tag}>" if tag else str(html))
    return Markup("".join(parts))
