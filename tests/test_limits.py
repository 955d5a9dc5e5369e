"""Every command takes whatever `validate` accepts: a draft at the limits is drafted, and its
review copy is read back by `review`; a draft beyond them is refused by `validate` itself."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.review.reading import read_returned
from tests.helpers import MINIMAL, line_of, run, write_draft


def draft_of(paragraphs: int, actions: int, marked: int = 0) -> str:
    """MINIMAL with `paragraphs` paragraphs in sections of 100, `actions` actions, and
    `marked` passages in square brackets spread over the paragraphs; the paragraphs' words
    are the same, so that the review copy packs as tightly as any."""
    data = yaml.load(MINIMAL, Loader=yaml.BaseLoader)
    sections: list[dict[str, object]] = []
    for n in range(1, paragraphs + 1):
        if n % 100 == 1:
            sections.append({"id": f"s{len(sections) + 1}", "title": "Section", "paragraphs": []})
        brackets = marked // paragraphs + (n <= marked % paragraphs)
        text = "The meeting noted" + " [a]" * brackets + " " + "&" * 400
        sections[-1]["paragraphs"].append({"id": f"p{n}", "text": text})  # type: ignore[union-attr]
    data["sections"] = sections
    data["actions"] = [
        {"id": f"a{n}", "text": f"Follow up on {n}.", "owner": "Task Forces", "due": "2017-06-30"}
        for n in range(1, actions + 1)
    ]
    return yaml.safe_dump(data, sort_keys=False, width=100)


def test_the_review_copy_of_a_draft_at_every_limit_is_read_back(project: Path) -> None:
    # 2,000 paragraphs; 20 sections, 1 agenda item, 1 participant group and 478 actions (500);
    # 10,000 passages in brackets.
    write_draft(project, draft_of(2000, 478, marked=10_000))
    status, out, err = run(project, "draft", "som-test")
    assert status == 0, out + err
    returned = read_returned(project / "drafts/som-test/som-test-review.docx")
    assert 3900 < len(returned.blocks) <= 5000  # `review` reads 5,000 paragraphs at most


def test_more_paragraphs_and_sub_items_than_a_draft_may_hold(project: Path) -> None:
    text = draft_of(2001, 0)
    status, _, err = run(project, "validate", str(write_draft(project, text)))
    assert status == 1
    line = line_of(text, "sections:")
    assert (
        f"drafts/som-test.yaml:{line}:1: error: this draft holds 2,001 paragraphs and "
        "sub-items; a draft may hold 2,000 at most (sections)"
    ) in err


def test_more_actions_and_other_entries_than_a_draft_may_hold(project: Path) -> None:
    text = draft_of(2, 498)  # and one section, one agenda item, one participant group
    status, _, err = run(project, "validate", str(write_draft(project, text)))
    assert status == 1
    assert (
        f"drafts/som-test.yaml:{line_of(text, 'actions:')}:1: error: this draft holds 501 "
        "sections, agenda items, participant groups and actions; a draft may hold 500 of them "
        "at most (actions)"
    ) in err


def test_more_marked_passages_than_a_draft_may_hold(project: Path) -> None:
    text = draft_of(100, 0, marked=10_001)
    status, _, err = run(project, "validate", str(write_draft(project, text)))
    assert status == 1
    assert (
        "error: the texts of this draft hold 10,001 passages in bold, italic, code, links, "
        "square brackets or after a line break; a draft may hold 10,000 at most"
    ) in err


def test_signs_of_markup_that_set_nothing_apart_are_not_counted(project: Path) -> None:
    text = MINIMAL.replace(
        "text: The meeting noted the report.",
        "text: 'The meeting noted" + r" \*" * 10_001 + "'",
    )
    status, out, err = run(project, "validate", str(write_draft(project, text)))
    assert (status, out, err) == (0, "1 draft is valid: drafts/som-test.yaml\n", "")
