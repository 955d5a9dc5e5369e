"""B's review copy with the changes from A as Word tracked changes, for `outcomes diff --docx`.

Every change is a real revision (w:ins, w:del) by the secretariat, dated with version B, so a
delegate can accept or reject each one in Word's review pane. Paragraphs are matched by id
(see compare.py), so unlike Word's Compare no paragraph is paired with a different one. A
whole paragraph added or removed has its paragraph mark tracked too: accepting every change
gives B, rejecting every change gives A.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import count, groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.compare import RedlineAction, RedlineParagraph
from pipeline.context import ACTION_BOOKMARK, Document, action_label, bookmark_name
from pipeline.render import docx as word
from pipeline.words import Segment, plain_diff

if TYPE_CHECKING:
    from lxml.etree import _Element

AUTHOR = "Secretariat"
MARKER = "_redline_"  # a bookmark that tells `revise_body` to track a paragraph mark or a row
FIRST_ACTION_BOOKMARK_ID = 50_000  # above the paragraphs' bookmark ids
FIRST_REVISION_ID = 100_000  # above the bookmark ids of the review copy
#: Stands in the rendered copy for a changed field of the title block (its number in
#: `title_changes`), so that the change is tracked exactly where the template puts the field:
#: found by its text, symbol "COMMIT" would be found inside process "COMMIT Process".
FIELD = re.compile(r"\ue000(\d+)\ue001")  # private-use characters: no text has them


@dataclass
class TrackedChanges:
    """The redline as a revision of the review copy (see `docx.Revision`)."""

    entries: list[RedlineParagraph]
    actions: list[RedlineAction]
    title_changes: list[tuple[str, str, str]]  # (name, A's text, B's text) of title fields
    date: str  # ISO 8601, UTC: the moment of version B
    label: str
    ids: count[int] = field(default_factory=lambda: count(FIRST_REVISION_ID))

    def revise_context(self, context: dict[str, Any], link: word.Link) -> None:
        titles = {s["id"]: s["title"] for s in context["sections"]}
        context["version_label"] = word.Text(self.label)
        context["sections"] = [
            {"id": section, "title": titles.get(section, word.Text(section)), "paragraphs": group}
            for section, group in self._paragraphs_by_section(link)
        ]
        context["actions"] = [self._action(row, link) for row in self.actions]
        for number, (name, _, _) in enumerate(self.title_changes):
            context[name] = word.Text(f"\ue000{number}\ue001")

    def revise_body(self, body: _Element) -> None:
        """Track the title block's changed texts, and turn each marker bookmark into a tracked
        paragraph mark (pPr/rPr/ins or del) or a tracked table row (trPr/ins or del)."""
        from lxml.etree import SubElement

        self._track_title_fields(body)
        for start in list(body.iter(f"{word.W}bookmarkStart")):
            name = start.get(f"{word.W}name", "")
            if not name.startswith(MARKER):
                continue
            paragraph = next(a for a in start.iterancestors() if a.tag == f"{word.W}p")
            for end in paragraph.iter(f"{word.W}bookmarkEnd"):
                if end.get(f"{word.W}id") == start.get(f"{word.W}id"):
                    end.getparent().remove(end)
                    break
            start.getparent().remove(start)
            kind = name.removeprefix(MARKER)
            if kind.startswith("row-"):
                row = next(a for a in paragraph.iterancestors() if a.tag == f"{word.W}tr")
                properties = word.child_element(row, "trPr", first=True)
                SubElement(properties, f"{word.W}{kind.removeprefix('row-')}", self._attributes())
            else:
                properties = word.child_element(paragraph, "pPr", first=True)
                marks = word.child_element(properties, "rPr")
                SubElement(marks, f"{word.W}{kind}", self._attributes())

    def revise_part(self, root: _Element) -> None:
        """A header or footer: the title fields it shows (such as the symbol) tracked too."""
        self._track_title_fields(root)

    def _track_title_fields(self, root: _Element) -> None:
        """Each run holding changed title fields: their words tracked in that run's format."""
        for text in [t for t in root.iter(f"{word.W}t") if FIELD.search(t.text or "")]:
            self._track_in_run(text)

    def _track_in_run(self, text: _Element) -> None:
        """Replace the run holding `text` by runs: its own words as they were, and each field
        in it as A's words -> B's words, tracked."""
        pieces: list[tuple[str, str]] = []
        for index, piece in enumerate(FIELD.split(text.text or "")):
            if index % 2 == 0:  # the template's own text around the fields
                pieces.append(("equal", piece))
            else:
                _, old, new = self.title_changes[int(piece)]
                pieces += [(segment.op, segment.text) for segment in plain_diff(old, new)]
        run = text.getparent()
        properties = run.find(f"{word.W}rPr")
        # what else the run holds (a tab, a break) keeps its place before or after the text
        before = [c for c in run[: run.index(text)] if c is not properties]
        after = list(run[run.index(text) + 1 :])
        runs = [self._run_holding(before, properties)] if before else []
        runs += [self._run(op, words, properties) for op, words in pieces if words]
        runs += [self._run_holding(after, properties)] if after else []
        parent, at = run.getparent(), run.getparent().index(run)
        for offset, new_run in enumerate(runs):
            parent.insert(at + offset, new_run)
        parent.remove(run)

    def _run_holding(self, children: list[_Element], properties: _Element | None) -> _Element:
        from copy import deepcopy

        from lxml.etree import Element

        run = Element(f"{word.W}r")
        if properties is not None:
            run.append(deepcopy(properties))
        run.extend(children)
        return run

    def _run(self, op: str, words: str, properties: _Element | None) -> _Element:
        """A run of `words` formatted as `properties`: as it is, or as a tracked change."""
        from copy import deepcopy

        from lxml.etree import Element, SubElement

        run = Element(f"{word.W}r")
        if properties is not None:
            run.append(deepcopy(properties))
        tag = "delText" if op == "delete" else "t"
        SubElement(run, f"{word.W}{tag}", {word.XML_SPACE: "preserve"}).text = words
        if op == "equal":
            return run
        change = Element(f"{word.W}{'del' if op == 'delete' else 'ins'}", self._attributes())
        change.append(run)
        return change

    def _paragraphs_by_section(self, link: word.Link) -> list[tuple[str, list[dict[str, Any]]]]:
        """Consecutive entries by the section they show in: a deleted paragraph shows in the
        section of the paragraph it follows."""
        groups: list[tuple[str, list[dict[str, Any]]]] = []
        for entry in self.entries:
            shown_in = groups[-1][0] if entry.mark == "deleted" and groups else entry.section
            if not groups or groups[-1][0] != shown_in:
                groups.append((shown_in, []))
            groups[-1][1].append(self._paragraph(entry, link))
        return groups

    def _paragraph(self, entry: RedlineParagraph, link: word.Link) -> dict[str, Any]:
        whole = {"inserted": "ins", "deleted": "del"}.get(entry.mark)
        marker = self._marker(whole) if whole else ("", "")
        text = marker[0] + self._segments(entry.text, link) + marker[1]
        items = []
        for item in entry.items:
            item_marker = self._marker(whole) if whole else self._item_marker(item)
            items.append(item_marker[0] + self._segments(item, link) + item_marker[1])
        if entry.mark != "deleted":  # the bookmark stays with the paragraph's place in B
            mark = word.BOOKMARK_BASE + (entry.number or 0)
            name = bookmark_name(entry.id)
            text = f'<w:bookmarkStart w:id="{mark}" w:name="{name}"/>' + text
            end = f'<w:bookmarkEnd w:id="{mark}"/>'
            if items:
                items[-1] += end
            else:
                text += end
        return {
            "id": entry.id,
            "number": entry.number or 0,
            "bookmark": bookmark_name(entry.id),
            "content": word.Xml(text),
            "subitems": [word.Xml(item) for item in items],
        }

    def _action(self, row: RedlineAction, link: word.Link) -> dict[str, Any]:
        """A row of the actions table: a whole row added or removed is a tracked row."""
        whole = {"inserted": "row-ins", "deleted": "row-del"}.get(row.mark)
        start, end = self._marker(whole) if whole else ("", "")
        content = self._segments(row.text, link)
        if row.number is not None:  # the bookmark stays with the action's row in B
            mark = FIRST_ACTION_BOOKMARK_ID + row.number
            name = bookmark_name(row.id, ACTION_BOOKMARK)
            content = f'<w:bookmarkStart w:id="{mark}" w:name="{name}"/>{content}'
            content += f'<w:bookmarkEnd w:id="{mark}"/>'
        return {
            "id": row.id,
            "number": row.number or "",
            "label": word.Text(action_label(row.number) if row.number else ""),
            "content": word.Xml(start + content + end),
            "owner": word.Xml(self._segments(row.owner, link)),
            "due": word.Xml(self._segments(row.due, link)),
        }

    def _item_marker(self, item: tuple[Segment, ...]) -> tuple[str, str]:
        """A sub-item only one version has is inserted or deleted whole, with its mark."""
        ops = {s.op for s in item}
        if ops == {"insert"}:
            return self._marker("ins")
        if ops == {"delete"}:
            return self._marker("del")
        return "", ""

    def _marker(self, kind: str) -> tuple[str, str]:
        number = next(self.ids)
        return (
            f'<w:bookmarkStart w:id="{number}" w:name="{MARKER}{kind}"/>',
            f'<w:bookmarkEnd w:id="{number}"/>',
        )

    def _segments(self, segments: tuple[Segment, ...], link: word.Link) -> str:
        """The words as runs; words side by side changed alike are one tracked change whatever
        their style, so that Word offers "common **ASEAN-COMMIT**" as one deletion, not two."""
        parts = []
        for (op, href), group in groupby(segments, key=lambda s: (s.op, s.style.href)):
            runs = "".join(word.run_xml(replace(s.style, text=s.text)) for s in group)
            if op == "delete":
                runs = runs.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
            if op != "equal":
                tag = "w:ins" if op == "insert" else "w:del"
                attributes = " ".join(
                    f'w:{k}="{v}"' for k, v in self._attributes(bare=True).items()
                )
                runs = f"<{tag} {attributes}>{runs}</{tag}>"
            # a revision sits inside a hyperlink, never around one (the schema's order)
            parts.append(word.hyperlink_xml(href, runs, link) if href else runs)
        return "".join(parts)

    def _attributes(self, *, bare: bool = False) -> dict[str, str]:
        values = {"id": str(next(self.ids)), "author": AUTHOR, "date": self.date}
        return values if bare else {f"{word.W}{k}": v for k, v in values.items()}


def render_redline(
    document: Document,
    template: Path,
    out: Path,
    entries: list[RedlineParagraph],
    actions: list[RedlineAction],
    before: Document,
    label: str,
) -> None:
    """Write B's review copy (`document`) with the tracked changes of `entries` (paragraphs),
    `actions` (rows of the actions table) and the title block from A's (`before`) to `out`."""
    date = document.version.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    old, new = word.title_block(before), word.title_block(document)
    # A field only one version has is a line the template leaves out: shown, not tracked.
    changes = [(k, old[k], new[k]) for k in new if old[k] != new[k] and old[k] and new[k]]
    revision = TrackedChanges(entries, actions, changes, date, label)
    word.render_review_copy(document, template, out, revision=revision)
