"""The reader on files saved by Microsoft Word itself, not only on the markup tests/returned.py
writes: comments, replies and tracked changes as Word wrote them (tests/data/word/README.md
names each file's origin). Every expected value was read in the file's XML."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from pipeline.review.reading import Block, Returned, read_returned
from tests.helpers import run

WORD = Path(__file__).parent / "data" / "word"
POWERTOOLS = WORD / "open-xml-powertools"
DOCX2PYTHON = WORD / "docx2python"
EVERY_FILE = sorted(WORD.rglob("*.docx"))


def changes(returned: Returned) -> list[tuple[str, str, str, str]]:
    """(kind, text, author, date) of every tracked change, in document order."""
    return [(c.kind, c.text, c.author, c.date) for b in returned.blocks for c in b.changes]


def block_with(returned: Returned, text: str) -> Block:
    [block] = [b for b in returned.blocks if b.shown == text]
    return block


@pytest.mark.parametrize("path", EVERY_FILE, ids=lambda p: p.name)
def test_every_file_here_was_saved_by_microsoft_word(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        properties = package.read("docProps/app.xml").decode("utf-8")
    assert "<Application>Microsoft Office Word</Application>" in properties


def test_the_files_here_are_those_the_readme_names() -> None:
    assert [str(p.relative_to(WORD)) for p in EVERY_FILE] == [
        "docx2python/comments.docx",
        "docx2python/test_file_with_comments.docx",
        "open-xml-powertools/CZ002-Multi-Paragraphs-Mod.docx",
        "open-xml-powertools/HC031-Complicated-Document.docx",
        "open-xml-powertools/RP015-MoveFrom-MoveTo.docx",
        "open-xml-powertools/RP025-Paragraph-Props-Change.docx",
        "open-xml-powertools/RP047-Inserted-and-Deleted-Paragraph-Mark.docx",
    ]


# --- tracked changes --------------------------------------------------------------------------


def test_a_deletion_and_a_deleted_table_row_in_a_long_document() -> None:
    returned = read_returned(POWERTOOLS / "HC031-Complicated-Document.docx")
    when = "2014-10-28T20:44:00Z"
    assert changes(returned) == [
        ("deletion", " in the embed code for the video you want to add", "Eric White", when),
        ("deletion", "100", "Eric White", when),
        ("deletion", "200", "Eric White", when),
        ("deletion", "300", "Eric White", when),
    ]
    shortened, *cells = [b for b in returned.blocks if b.revised]
    assert shortened.original == (
        "Video provides a powerful way to help you prove your point. When you click Online "
        "Video, you can paste in the embed code for the video you want to add. You can also "
        "type a keyword to search online for the video that best fits your document."
    )
    assert shortened.accepted == (
        "Video provides a powerful way to help you prove your point. When you click Online "
        "Video, you can paste. You can also type a keyword to search online for the video that "
        "best fits your document."
    )
    assert [(c.original, c.accepted, c.in_table, c.mark) for c in cells] == [
        ("100", "", True, "deleted"),
        ("200", "", True, "deleted"),
        ("300", "", True, "deleted"),
    ]
    assert len({c.row for c in cells}) == 1  # the three cells of the one row deleted
    assert returned.authors == ["Eric White"]


def test_words_one_author_inserted_and_another_deleted() -> None:
    returned = read_returned(POWERTOOLS / "RP047-Inserted-and-Deleted-Paragraph-Mark.docx")
    assert changes(returned) == [
        ("insertion", "This is add", "Test User", "2017-04-02T10:09:00Z"),
        ("deletion", "ed.", "Eric White", "2017-04-02T10:11:00Z"),
        ("deletion", "This is also added", "Eric White", "2017-04-02T10:11:00Z"),
    ]
    assert block_with(returned, "This is added.").accepted == "This is add"
    assert block_with(returned, "This is also added").accepted == ""
    split = block_with(
        returned,
        "You can also type a keyword to search online for the video that best fits your document.",
    )
    assert split.mark == "inserted"  # Enter pressed after it: the next paragraphs are new
    assert returned.authors == ["Eric White", "Test User"]


@pytest.mark.xfail(
    strict=True,
    reason="words one author inserted and another deleted (w:del within w:ins) are read as "
    "words of the copy as sent: Block.original keeps them, and the compilation proposes "
    "deleting words the copy never had",
)
def test_words_inserted_then_deleted_were_never_in_the_copy_as_sent() -> None:
    returned = read_returned(POWERTOOLS / "RP047-Inserted-and-Deleted-Paragraph-Mark.docx")
    assert block_with(returned, "This is added.").original == ""
    assert block_with(returned, "This is also added").original == ""


def test_a_moved_sentence_is_moved_away_and_moved_here() -> None:
    returned = read_returned(POWERTOOLS / "RP015-MoveFrom-MoveTo.docx")
    when = "2017-03-24T23:18:00Z"
    assert changes(returned) == [
        ("moved away", "When you click Online Video.", "Eric White", when),
        ("moved here", "When you click Online Video.", "Eric White", when),
    ]
    away, here = [b for b in returned.blocks if b.shown == "When you click Online Video."]
    assert (away.original, away.accepted) == ("When you click Online Video.", "")
    assert (here.original, here.accepted) == ("", "When you click Online Video.")
    assert away.index < here.index


def test_paragraph_formatting_changes_are_each_a_change() -> None:
    returned = read_returned(POWERTOOLS / "RP025-Paragraph-Props-Change.docx")
    formatted = [b.shown for b in returned.blocks if b.changes]
    assert formatted == ["When you click.", "You can type.", "To make your document."]
    assert (
        changes(returned)
        == [("paragraph formatting", "", "Eric White", "2017-03-26T09:17:00Z")] * 3
    )


# --- comments ---------------------------------------------------------------------------------


def test_a_comment_in_a_long_document_and_the_words_it_is_on() -> None:
    [comment] = read_returned(POWERTOOLS / "HC031-Complicated-Document.docx").comments
    assert (comment.author, comment.initials, comment.date) == (
        "Eric White",
        "EW",
        "2014-10-28T20:22:00Z",
    )
    assert (comment.text, comment.anchor) == ("This is a comment.", "you click Online Video")
    assert (comment.parent, comment.done) == (None, False)


def test_replies_of_two_authors_are_threaded_under_their_comment() -> None:
    returned = read_returned(DOCX2PYTHON / "comments.docx")
    whole = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    whole += "incididunt ut labore et dolore magna aliqua."
    tail = "tempor incididunt ut labore et dolore magna aliqua."
    assert [(c.id, c.author, c.text, c.parent, c.anchor) for c in returned.comments] == [
        ("1", "Randy Bartels", "COMMENT", None, whole),
        ("2", "Randy Bartels", "RESPONSE", "1", whole),
        ("3", "Shay Hill", "Response from Shay Hill", "1", whole),
        ("4", "Shay Hill", "Comment on subset starting with tempor", None, tail),
        ("5", "Randy Bartels", "COMMENT on par 5", None, whole),
        ("6", "Randy Bartels", "RESPONSE to comment on par 5", "5", whole),
        ("7", "Shay Hill", "Response from Shay Hill on par 5", "5", whole),
        ("8", "Shay Hill", "Comment on subset starting with tempor on par 5", None, tail),
    ]
    assert [c.blocks for c in returned.comments] == [[0]] * 4 + [[4]] * 4
    assert (returned.blocks[0].shown, returned.blocks[4].shown) == (whole, "Par5 " + whole)
    assert returned.authors == ["Randy Bartels", "Shay Hill"]


MAGNA = (  # the first line of lorem ipsum the long comments quote
    "magna fringilla urna porttitor rhoncus dolor purus non enim praesent elementum facilisis "
    "leo vel fringilla est ullamcorper eget nulla facilisi etiam dignissim diam quis enim "
    "lobortis scelerisque fermentum dui faucibus in ornare quam viverra orci sagittis eu "
    "volutpat odio facilisis mauris"
)
SIT_AMET = (  # and their second paragraph
    "sit amet massa vitae tortor condimentum lacinia quis vel eros donec ac odio tempor orci "
    "dapibus ultrices in iaculis nunc sed augue lacus viverra vitae congue eu consequat ac "
    "felis donec et odio pellentesque diam volutpat commodo sed egestas egestas fringilla "
    "phasellus faucibus scelerisque eleifend donec pretium vulputate sapien nec sagittis "
    "aliquam malesuada bibendum"
)


def test_comments_with_a_link_line_breaks_a_resolution_a_table_and_a_picture() -> None:
    returned = read_returned(DOCX2PYTHON / "test_file_with_comments.docx")
    assert [(c.id, c.text, c.anchor, c.parent, c.done) for c in returned.comments] == [
        ("0", "Comment 1", "magna", None, False),
        ("1", "Comment 2", "quis", None, False),
        ("2", "Comment 3", "Bibendum", None, False),
        ("3", "Comment 4 with hyperlink", "dolor", None, False),  # the link's words are text
        ("4", "Comment 5", "suspendisse", None, False),
        ("5", "With a response", "suspendisse", "4", False),
        # two line breaks in its first paragraph, then a second paragraph
        ("6", f"Comment 6 with a long comment.\n\n{MAGNA}\n{SIT_AMET}", "Amet", None, False),
        ("7", "Comment 7 with a long response", "suspendisse", None, False),
        # a reply of two paragraphs: Word threads it by the id of its last one
        ("8", f"Long response: {MAGNA}\n{SIT_AMET}", "suspendisse", "7", False),
        ("9", "Comment 8 - marked Resolved", "Magnis", None, True),
        ("10", "Comment in a table", "R1C1", None, False),
        ("11", "Comment on a picture", "", None, False),
    ]
    in_table, on_picture = returned.comments[10:]
    assert returned.blocks[in_table.blocks[0]].in_table
    assert returned.blocks[on_picture.blocks[0]].shown == ""  # the picture's own paragraph


# --- compiled -------------------------------------------------------------------------------


def test_a_word_file_without_the_review_copys_bookmarks_is_compiled_under_general(
    project: Path,
) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    path = POWERTOOLS / "HC031-Complicated-Document.docx"
    status, out, _ = run(project, "review", "--json", "commit-som11", str(path), "--as", "Thailand")
    report = json.loads(out)
    assert status == 0 and report["ok"] is True
    assert [(i["paragraph_id"], i["type"], i["text"], i["author"]) for i in report["items"]] == [
        ("general", "comment", "This is a comment.", "Eric White"),
        (
            "general",
            "proposed wording",
            "Video provides a powerful way to help you prove your point. When you click Online "
            "Video, you can paste{-- in the embed code for the video you want to add--}. You can "
            "also type a keyword to search online for the video that best fits your document.",
            "Eric White",
        ),
        ("general", "proposed wording", "{--100--}", "Eric White"),
        ("general", "proposed wording", "{--200--}", "Eric White"),
        ("general", "proposed wording", "{--300--}", "Eric White"),
        ("general", "deletion", " in the embed code for the video you want to add", "Eric White"),
        ("general", "deletion", "100", "Eric White"),
        ("general", "deletion", "200", "Eric White"),
        ("general", "deletion", "300", "Eric White"),
    ]
    assert report["items"][0]["on_text"] == "you click Online Video"


@pytest.mark.xfail(
    strict=True,
    reason="paragraphs joined with Track Changes (their paragraph marks deleted) are read "
    "(Block.mark) but the compilation lists nothing for them",
)
def test_paragraphs_joined_with_track_changes_are_compiled(project: Path) -> None:
    assert run(project, "draft", "commit-som11")[0] == 0
    path = POWERTOOLS / "CZ002-Multi-Paragraphs-Mod.docx"
    status, out, _ = run(project, "review", "--json", "commit-som11", str(path), "--as", "Thailand")
    assert status == 0
    assert [i["author"] for i in json.loads(out)["items"]] != []
