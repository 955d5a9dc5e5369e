"""Word-by-word differences: what a delegate reads as the change, no more and no less."""

from __future__ import annotations

from dataclasses import replace

from pipeline.compare import compare
from pipeline.inline import Span
from pipeline.loading import Draft
from pipeline.words import Segment, marked, word_diff


def shown(a: str, b: str) -> str:
    """The difference as `diff` prints it: {--deleted--}{++inserted++}."""
    marks = {"delete": "{{--{}--}}", "insert": "{{++{}++}}", "equal": "{}"}
    return "".join(marks[s.op].format(s.text) for s in word_diff(a, b))


def test_a_changed_word_is_shown_whole() -> None:
    assert shown("unanimously agreed", "jointly agreed") == "{--unanimously--}{++jointly++} agreed"


def test_brackets_taken_away_are_all_that_changed() -> None:
    assert shown("the [regional indicators] of", "the regional indicators of") == (
        "the {--[--}regional indicators{--]--} of"
    )


def test_punctuation_changes_apart_from_its_word() -> None:
    assert shown("reached.", "reached;") == "reached{--.--}{++;++}"


def test_neighbouring_words_replaced_read_as_one_change() -> None:
    assert shown("help significantly improve victim", "help substantially strengthen victim") == (
        "help {--significantly improve--}{++substantially strengthen++} victim"
    )
    assert shown("localize and operationalize", "adapt and apply") == (
        "{--localize--}{++adapt++} and {--operationalize--}{++apply++}"  # a word both keep stays
    )


def test_an_unchanged_text_is_one_equal_run() -> None:
    assert [
        s.op for s in word_diff("The meeting **adopted** it.", "The meeting **adopted** it.")
    ] == [
        "equal",
        "equal",
        "equal",
    ]


def test_actions_are_summed_up_as_actions(example_draft: Draft) -> None:
    a = example_draft.outcome
    actions = list(a.actions)
    owner_gone = replace(actions[0], owner=None)
    added = replace(actions[1], id="report-back", text="Report back.")
    b = replace(a, actions=[owner_gone, actions[1], added, *actions[3:]])
    assert compare(a, b).summary() == "actions: 1 added, 1 removed, 1 changed"


def test_words_changed_alike_print_as_one_run_whatever_their_style() -> None:
    bracketed = Segment("insert", "[significantly]", Span("[significantly]", unagreed=True))
    segments = (bracketed, Segment("insert", " ", Span(" ")), Segment("equal", "improve"))
    assert marked(segments) == "{++[significantly] ++}improve"


def test_a_changed_date_is_one_change() -> None:
    assert shown("by 2027-06-30.", "by 2027-07-31.") == "by {--2027-06-30--}{++2027-07-31++}."


def test_brackets_taken_away_read_apart_from_the_marks() -> None:
    changes = word_diff("[by the end of 2027] [progressively]", "by the end of 2027")
    assert marked(changes) == ("{--[--}by the end of 2027{--] [progressively]--}")


def test_a_member_added_shows_as_added_not_as_every_member_after_it_changed(
    example_draft: Draft,
) -> None:
    a = example_draft.outcome
    group = a.participants[0]
    members = [group.members[0], "Brunei", *group.members[1:], "Singapore"]
    b = replace(a, participants=[replace(group, members=members), *a.participants[1:]])

    changes = compare(a, b).fields

    assert [change.path for change in changes] == ["participants[0].members"]
    assert marked(changes[0].words) == (
        "Cambodia{++; Brunei++}; China; Lao PDR; Myanmar; Thailand; Viet Nam{++; Singapore++}"
    )


def test_fields_changed_are_listed_in_the_order_the_new_version_has_them(
    example_draft: Draft,
) -> None:
    a = replace(example_draft.outcome, meeting=replace(example_draft.outcome.meeting, chair=None))
    meeting = replace(a.meeting, host="Host changed", chair="A chair, new in B")
    b = replace(a, title="A new title", meeting=meeting)

    paths = [change.path for change in compare(a, b).fields]

    assert paths == ["title", "meeting.host", "meeting.chair"]
