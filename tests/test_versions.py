"""`history`, `diff` and `show` on a real history of five versions of the example."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.history import History
from tests.history_example import DRAFT, build_edited_drafts, run


@pytest.fixture
def project(five_versions: Path) -> Path:
    return five_versions


def test_history_lists_every_version_with_what_it_changed(project: Path) -> None:
    status, out, _ = run(project, "history", "--json", "commit-som11")
    assert status == 0
    versions = json.loads(out)["versions"]
    assert [(v["version"], v["author"], v["changes"]) for v in versions] == [
        ("draft-1", "Test Officer", "first version"),
        ("draft-2", "Test Officer", "paragraphs: 1 changed"),
        ("draft-3", "Test Officer", "paragraphs: 1 added"),
        ("draft-4", "Test Officer", "paragraphs: 1 removed, 1 moved; 1 other field changed"),
        ("published-1", "Test Officer", "the text of draft-4"),
    ]
    commits = History(project).commit_order()
    assert all(v["commit"] in commits for v in versions)


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from build_edited_drafts(tmp_path_factory)


def test_history_counts_a_moved_action_or_agenda_item_as_a_change(edited: Path) -> None:
    """Matched by id, a reordered action is not "the text of" the version before it."""
    versions = json.loads(run(edited, "history", "--json", "commit-som11")[1])["versions"]
    assert [v["changes"] for v in versions[2:]] == [
        "paragraphs: 2 changed; actions: 1 changed, 1 moved; 1 other field changed",
        "1 other field changed",
    ]
    report = json.loads(run(edited, "diff", "--json", "commit-som11", "draft-3", "draft-4")[1])
    assert [(f["path"], f["before"], f["after"]) for f in report["fields"]] == [
        ("agenda[sustainability].position", "1", "5")
    ]


def test_diff_finds_exactly_the_changed_words(project: Path) -> None:
    status, out, _ = run(project, "diff", "--json", "commit-som11", "draft-1", "draft-2")
    report = json.loads(out)
    assert status == 0
    [change] = report["paragraphs"]
    assert (change["id"], change["status"], change["number_a"], change["number_b"]) == (
        "labour-migration",
        "changed",
        4,
        4,
    )
    assert [s for s in change["text"] if s["op"] != "equal"] == [
        {"op": "delete", "text": "unanimously"},
        {"op": "insert", "text": "jointly"},
    ]
    assert report["fields"] == []


def test_renumbering_alone_is_no_change(project: Path) -> None:
    report = json.loads(run(project, "diff", "--json", "commit-som11", "draft-2", "draft-3")[1])
    assert [(c["id"], c["status"]) for c in report["paragraphs"]] == [("welcome", "added")]


def test_a_moved_paragraph_is_a_move_and_meeting_data_is_compared(project: Path) -> None:
    report = json.loads(run(project, "diff", "--json", "commit-som11", "draft-3", "draft-4")[1])
    statuses = {c["id"]: c["status"] for c in report["paragraphs"]}
    assert statuses == {"ownership": "moved", "secretariat-support": "removed"}
    assert report["fields"] == [
        {
            "path": "meeting.venue.city",
            "before": "Vientiane",
            "after": "Luang Prabang",
            "words": [
                {"op": "delete", "text": "Vientiane"},
                {"op": "insert", "text": "Luang Prabang"},
            ],
        }
    ]


def test_diff_defaults_to_the_last_two_versions_and_reads_plainly(project: Path) -> None:
    status, out, _ = run(project, "diff", "commit-som11")
    assert status == 0 and "draft-4 → published-1" in out and "no change" in out
    out = run(project, "diff", "commit-som11", "draft-1", "draft-2")[1]
    assert "para 4 (labour-migration): changed" in out
    assert "{--unanimously--}{++jointly++}" in out
    out = run(project, "diff", "commit-som11", "draft-3", "draft-4")[1]
    assert "meeting.venue.city: {--Vientiane--}{++Luang Prabang++}\n" in out


def test_diff_takes_commits_too(project: Path) -> None:
    history = History(project)
    first = history.versions("commit-som11", "draft")[0].commit
    report = json.loads(run(project, "diff", "--json", "commit-som11", first[:12], "draft-2")[1])
    assert [c["id"] for c in report["paragraphs"]] == ["labour-migration"]


def test_an_unknown_version_is_a_plain_refusal(project: Path) -> None:
    status, _, err = run(project, "diff", "commit-som11", "draft-9", "draft-2")
    assert status == 1 and "has no version draft-9" in err


@pytest.mark.parametrize(
    "command",
    [
        ["history", "commit-som99"],
        ["diff", "commit-som99"],
        ["diff", "commit-som99", "draft-1"],
        ["diff", "commit-som99", "draft-1", "draft-2"],
        ["show", "commit-som99", "draft-1", "--out"],
    ],
)
def test_an_unknown_id_is_said_to_have_no_version(
    project: Path, command: list[str], tmp_path: Path
) -> None:
    """Not "has fewer than two versions" nor "has no version draft-1": the id is mistyped."""
    out = [str(tmp_path)] if command[-1] == "--out" else []
    status, _, err = run(project, *command, *out)
    assert status == 1 and "no version of commit-som99 is recorded: is the id right?" in err


def test_show_writes_a_versions_files_byte_for_byte(project: Path, tmp_path: Path) -> None:
    status, out, _ = run(
        project, "show", "--json", "commit-som11", "draft-2", "--out", str(tmp_path)
    )
    assert status == 0
    paths = json.loads(out)["paths"]
    assert paths == [DRAFT, "drafts/commit-som11/commit-som11-review.docx"]
    history = History(project)
    for path in paths:
        assert (tmp_path / path).read_bytes() == history.file_at("commit-som11/draft-2", path)
    assert b"unanimously" not in (tmp_path / DRAFT).read_bytes()


def test_show_of_a_published_version_gives_every_published_file(
    project: Path, tmp_path: Path
) -> None:
    out = run(project, "show", "--json", "commit-som11", "published-1", "--out", str(tmp_path))[1]
    paths = set(json.loads(out)["paths"])
    assert {"published/commit-som11/commit-som11.pdf", "published/feed.xml"} <= paths
    pdf = (tmp_path / "published/commit-som11/commit-som11.pdf").read_bytes()
    assert pdf == (project / "published/commit-som11/commit-som11.pdf").read_bytes()


def test_show_never_writes_over_a_file(project: Path, tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / DRAFT).write_text("mine")
    status, _, err = run(project, "show", "commit-som11", "draft-1", "--out", str(tmp_path))
    assert status == 1 and "exists already" in err
    assert (tmp_path / DRAFT).read_text() == "mine"
    assert not (tmp_path / "drafts" / "commit-som11").exists()
