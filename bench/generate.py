"""A large draft for benchmarks: the example's meeting with N generated paragraphs."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "drafts" / "commit-som11.yaml"

SENTENCE = (
    "The meeting **welcomed** the progress reported by the national COMMIT Task Forces on "
    "*victim identification*, referral and the return of survivors, and requested the "
    "Secretariat to support the exchange of good practice described at "
    "[the regional portal](https://un-act.org/commit/), including on labour migration."
)


def large_draft(draft_id: str = "som-large", paragraphs: int = 400, per_section: int = 12) -> str:
    """YAML text of a valid draft with `paragraphs` outcome paragraphs and as many actions / 2."""
    data = yaml.load(EXAMPLE.read_text("utf-8"), Loader=yaml.BaseLoader)
    data["id"] = draft_id
    sections = []
    for number in range(paragraphs):
        if number % per_section == 0:
            index = len(sections) + 1
            sections.append({"id": f"s{index}", "title": f"Section {index}", "paragraphs": []})
        paragraph = {"id": f"p{number + 1}", "kind": "noted", "text": f"{SENTENCE} ({number + 1})"}
        if number % 10 == 0:
            paragraph["items"] = ["first point;", "second point; and", "third point."]
        sections[-1]["paragraphs"].append(paragraph)
    data["sections"] = sections
    data["actions"] = [
        {"id": f"a{n}", "text": f"Follow up on paragraph {n}.", "owner": "COMMIT Task Forces"}
        for n in range(1, paragraphs // 2 + 1)
    ]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def as_markdown(text: str) -> str:
    """The same content as one Markdown document (what pandoc gets for the same job)."""
    data = yaml.load(text, Loader=yaml.BaseLoader)
    lines = [f"# {data['title']}", "", data.get("summary", ""), ""]
    number = 0
    for section in data["sections"]:
        lines += [f"## {section['title']}", ""]
        for paragraph in section["paragraphs"]:
            number += 1
            lines += [f"{number}. {paragraph['text']}", ""]
            items = paragraph.get("items", [])
            lines += [f"    ({chr(97 + i)}) {item}" for i, item in enumerate(items)]
            lines += [""]
    lines += ["| Action | Owner |", "|---|---|"]
    lines += [f"| {a['text']} | {a.get('owner', '')} |" for a in data.get("actions", [])]
    return "\n".join(lines) + "\n"
