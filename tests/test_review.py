"""`outcomes review`: returned copies read safely, each item placed, compiled, applied, recorded."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import lxml.html
import pytest
from lxml import etree

from pipeline.loading import load_draft
from pipeline.review.naming import name_from_authors, name_from_file
from pipeline.review.placing import Known, place
from pipeline.review.reading import read_returned
from tests.helpers import EXAMPLE_DRAFT, edit, example_project, git, libreoffice_convert, run, state
from tests.returned import (
    ENTITY_BOMB,
    MALFORMED,
    XXE,
    XXE_UTF32,
    Markup,
    cut_short,
    docx_with,
    huge_file,
    many_paragraphs,
    many_parts,
    old_word_file,
    password_protected,
    visible_text,
    zip_bomb,
)

ID = "commit-som11"
COPY = f"drafts/{ID}/{ID}-review.docx"
REVIEWS = f"drafts/{ID}/reviews"
STEM = f"{ID}-compilation-draft-2"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEMBERS = ["Cambodia", "China", "Lao PDR", "Myanmar", "Thailand", "Viet Nam", "UN-ACT"]


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compilation is dated by the day: a test that compiles twice must not cross midnight."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1480000000")


# --- a project with two draft versions, and the copies three delegations send back -------------


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, bytes, bytes]]:
    """A project with draft-1 (the example) and draft-2 (para 3 and para 9 reworded), and the
    review copy of each."""
    with example_project(tmp_path_factory) as root:
        assert run(root, "draft", str(root / EXAMPLE_DRAFT))[0] == 0
        first = (root / COPY).read_bytes()
        edit(root, "the various\n          important", "the many\n          important")
        edit(root, "help significantly improve", "help substantially improve")
        assert run(root, "draft", str(root / EXAMPLE_DRAFT))[0] == 0
        yield root, first, (root / COPY).read_bytes()


@pytest.fixture
def project(two_rounds: tuple[Path, bytes, bytes], tmp_path: Path) -> Path:
    """A fresh copy of the two-version project, repository included."""
    return Path(shutil.copytree(two_rounds[0], tmp_path / "project", symlinks=True))


@pytest.fixture
def inbox(two_rounds: tuple[Path, bytes, bytes], tmp_path: Path) -> Path:
    """The three returned copies: Cambodia and Viet Nam on draft-2, Thailand on draft-1."""
    _, first, second = two_rounds
    folder = tmp_path / "inbox"
    folder.mkdir()
    cambodia(second).save(folder / f"{ID}-review-Cambodia.docx")
    thailand(first).save(folder / "Thailand.docx")
    viet_nam(second).save(folder / f"{ID}-review (1).docx")
    return folder


def cambodia(copy: bytes) -> Markup:
    """Word: a threaded reply, an insertion in sub-item (b), a deletion inside bold text's
    paragraph, a comment over two paragraphs and one on the title."""
    k = Markup(copy)
    k.comment(
        k.paragraph("labour-migration"),
        "unanimously",
        "Cambodia would keep “unanimously”: the decision was by consensus.",
        "Sokha Chea",
        replies=(("Vannak Lim", "Agreed; please also check the Khmer translation."),),
    )
    k.insert(k.paragraph("rotating-chair", 1), "guidance", " and strategic", "Sokha Chea")
    k.delete(k.paragraph("indicators"), " common", "Sokha Chea")
    k.comment(
        k.paragraph("indicators"),
        "The meeting adopted",
        "These two paragraphs could be merged.",
        "Sokha Chea",
        to=k.paragraph("guidelines"),
        to_words="Referral",
    )
    k.comment(
        k.paragraph_with("Outcome of the Eleventh"), "Eleventh", "Use the full title.", "Vannak Lim"
    )
    action = k.paragraph_with("Localize and operationalize the indicators")
    k.comment(action, "Localize", "Who reports on this?", "Vannak Lim")
    return k


def thailand(copy: bytes) -> Markup:
    """Word, on draft-1: a replacement, a comment on since-changed text, and a paragraph whose
    bookmark was deleted, commented on and changed."""
    t = Markup(copy)
    t.replace(t.paragraph("labour-migration"), "unanimously", "jointly", "Somchai K.")
    t.comment(t.paragraph("secretariat-support"), "various", "Name the agreements.", "Somchai K.")
    t.delete(t.paragraph("secretariat-support"), "various ", "Somchai K.")
    t.remove_bookmark("identification-purpose")
    unmarked = t.paragraph_with("Both are designed")
    t.comment(unmarked, "victim identification", "Is this measurable?", "Somchai K.")
    t.insert(unmarked, "adequate", " and timely", "Somchai K.")
    return t


def viet_nam(copy: bytes) -> Markup:
    """LibreOffice: a new paragraph, a formatting-only change, a deletion, a move and a comment
    on the participants; the file name does not say who, the author does."""
    v = Markup(copy, style="libreoffice")
    v.new_paragraph_after(
        v.paragraph("ownership"), "The Chair will report to each meeting.", "Nguyen Thi Lan"
    )
    v.reformat(v.paragraph("guidelines"), "COMMIT Guidelines", "Nguyen Thi Lan")
    v.recentre(v.paragraph("guidelines"), "Nguyen Thi Lan")
    v.delete(v.paragraph("localization"), " and operationalize", "Nguyen Thi Lan")
    planning = v.paragraph("work-planning-2017")
    v.move(planning, " now", planning, "Those involved", "Nguyen Thi Lan")
    v.comment(
        v.paragraph_with("Viet Nam"), "Viet Nam", "Please list the ministries.", "Nguyen Thi Lan"
    )
    v.set_property("lastModifiedBy", "Viet Nam Delegation")
    return v


def review_json(project: Path, *args: str) -> tuple[int, dict, str]:
    status, out, err = run(project, "review", "--json", ID, *args)
    return status, json.loads(out), err


def items(report: dict, paragraph: str, delegation: str | None = None) -> list[dict]:
    return [
        i
        for i in report["items"]
        if i["paragraph_id"] == paragraph and delegation in (None, i["delegation"])
    ]


def kinds(report: dict, paragraph: str, delegation: str) -> list[tuple[str, str]]:
    return [(i["type"], i["text"]) for i in items(report, paragraph, delegation)]


# --- every item on its paragraph, with its delegation ------------------------------------------


EVERY_ITEM = [  # (paragraph, delegation, what): all that the three copies hold, nothing more
    ("general", "Cambodia", "comment"),
    ("general", "Viet Nam", "comment"),
    ("indicators", "Cambodia", "comment"),
    ("indicators", "Cambodia", "proposed wording"),
    ("indicators", "Cambodia", "deletion"),
    ("guidelines", "Cambodia", "comment"),
    ("guidelines", "Viet Nam", "paragraph formatting"),
    ("guidelines", "Viet Nam", "formatting"),
    ("identification-purpose", "Thailand", "comment"),
    ("identification-purpose", "Thailand", "proposed wording"),
    ("identification-purpose", "Thailand", "insertion"),
    ("labour-migration", "Cambodia", "comment"),
    ("labour-migration", "Cambodia", "reply"),
    ("labour-migration", "Thailand", "proposed wording"),
    ("labour-migration", "Thailand", "deletion"),
    ("labour-migration", "Thailand", "insertion"),
    ("rotating-chair", "Cambodia", "proposed wording"),
    ("rotating-chair", "Cambodia", "insertion"),
    ("ownership", "Viet Nam", "new paragraph"),
    ("ownership", "Viet Nam", "insertion"),
    ("localization", "Viet Nam", "proposed wording"),
    ("localization", "Viet Nam", "deletion"),
    ("work-planning-2017", "Viet Nam", "proposed wording"),
    ("work-planning-2017", "Viet Nam", "moved here"),
    ("work-planning-2017", "Viet Nam", "moved away"),
    ("secretariat-support", "Thailand", "comment"),
    ("secretariat-support", "Thailand", "proposed wording"),
    ("secretariat-support", "Thailand", "deletion"),
    ("action:localize", "Cambodia", "comment"),
]


def test_every_comment_and_change_lands_on_its_paragraph(project: Path, inbox: Path) -> None:
    status, report, _ = review_json(project, *map(str, sorted(inbox.iterdir())))
    assert status == 0 and report["ok"] is True
    found = [(i["paragraph_id"], i["delegation"], i["type"]) for i in report["items"]]
    assert found == EVERY_ITEM
    assert kinds(report, "labour-migration", "Cambodia") == [
        ("comment", "Cambodia would keep “unanimously”: the decision was by consensus."),
        ("reply", "Agreed; please also check the Khmer translation."),
    ]
    reply = items(report, "labour-migration", "Cambodia")[1]
    assert (reply["author"], reply["in_reply_to"]) == ("Vannak Lim", "Sokha Chea")
    assert kinds(report, "rotating-chair", "Cambodia") == [
        ("proposed wording", "(b) give guidance{++ and strategic++} and direction internally."),
        ("insertion", " and strategic"),
    ]
    assert ("deletion", " common") in kinds(report, "indicators", "Cambodia")
    assert ("comment", "Use the full title.") in kinds(report, "general", "Cambodia")
    assert kinds(report, "action:localize", "Cambodia") == [("comment", "Who reports on this?")]
    assert kinds(report, "labour-migration", "Thailand")[1:] == [
        ("deletion", "unanimously"),
        ("insertion", "jointly"),
    ]
    assert ("comment", "Name the agreements.") in kinds(report, "secretariat-support", "Thailand")
    assert kinds(report, "ownership", "Viet Nam") == [
        ("new paragraph", "{++The Chair will report to each meeting.++}"),
        ("insertion", "The Chair will report to each meeting."),
    ]
    assert ("deletion", " and operationalize") in kinds(report, "localization", "Viet Nam")
    assert ("comment", "Please list the ministries.") in kinds(report, "general", "Viet Nam")


def test_a_comment_over_two_paragraphs_is_on_both(project: Path, inbox: Path) -> None:
    _, report, _ = review_json(project, str(inbox / f"{ID}-review-Cambodia.docx"))
    for paragraph in ("indicators", "guidelines"):
        [comment] = [i for i in items(report, paragraph) if i["type"] == "comment"]
        assert comment["text"] == "These two paragraphs could be merged."
        assert comment["on_text"].startswith("The meeting adopted the ASEAN-COMMIT indicators")
        assert comment["on_text"].endswith(
            "exploitation. The meeting adopted the COMMIT Guidelines on Victim Identification "
            "and Referral"
        )


def test_a_paragraph_without_its_bookmark_is_found_by_its_text(two_rounds, inbox: Path) -> None:
    root = two_rounds[0]
    returned = read_returned(inbox / "Thailand.docx")
    known = Known.of(load_draft(root / EXAMPLE_DRAFT).outcome)
    placed = place(returned, known)
    [(block, where)] = placed.blocks_on("identification-purpose")
    assert (where.role, where.method) == ("text", "text")
    assert block.accepted.endswith("adequate and timely support services.")
    [comment] = [c for c in returned.comments if c.text == "Is this measurable?"]
    assert placed.comment_keys(comment) == ["identification-purpose"]


def test_a_change_to_an_actions_owner_or_date_lands_on_the_action(
    project: Path, two_rounds: tuple[Path, bytes, bytes], tmp_path: Path
) -> None:
    """The action's bookmark spans its own cell: the other cells of its row belong to it."""
    marked = Markup(two_rounds[2])
    marked.replace(marked.paragraph_with("31 December 2017"), "31 December", "30 June", "Lao")
    _, report, _ = review_json(project, str(marked.save(tmp_path / "Lao PDR.docx")))
    assert [i["paragraph_id"] for i in report["items"]] == ["action:labour-migration-priority"] * 3
    proposal = items(report, "action:labour-migration-priority")[0]
    assert proposal["type"] == "row change"
    assert proposal["text"] == "{--31 December--}{++30 June++} 2017"


REMOVED_ACTION = """\
  - id: rotating-chair
    text: Introduce the annually rotating COMMIT Chair, held by the country hosting the SOM.
    owner: COMMIT governments
"""


def test_an_action_since_removed_has_a_row_only_when_someone_spoke_to_it(
    project: Path, two_rounds: tuple[Path, bytes, bytes], tmp_path: Path
) -> None:
    edit(project, REMOVED_ACTION, "")
    assert run(project, "draft", str(project / EXAMPLE_DRAFT))[0] == 0
    silent = Markup(two_rounds[2]).save(tmp_path / "Thailand.docx")
    speaking = Markup(two_rounds[2])
    chair = speaking.paragraph_with("Introduce the annually rotating")
    speaking.comment(chair, "Introduce", "Keep this action.", "Lao")
    speaking.save(tmp_path / "Lao PDR.docx")
    for name, copy in (("silent", silent), ("speaking", tmp_path / "Lao PDR.docx")):
        assert review_json(project, "--out", str(tmp_path / name), str(copy))[0] == 0
    page = f"{ID}-compilation-draft-3.html"
    assert "Introduce the annually rotating" not in (tmp_path / "silent" / page).read_text()
    assert "Introduce the annually rotating" in (tmp_path / "speaking" / page).read_text()
    _, spoken, _ = review_json(project, str(tmp_path / "Lao PDR.docx"))
    assert kinds(spoken, "action:rotating-chair", "Lao PDR") == [("comment", "Keep this action.")]


def test_moves_and_formatting_are_noted_as_such(project: Path, inbox: Path) -> None:
    _, report, _ = review_json(project, str(inbox / f"{ID}-review (1).docx"))
    planning = kinds(report, "work-planning-2017", "Viet Nam")
    assert ("moved away", " now") in planning and ("moved here", " now") in planning
    guidelines = kinds(report, "guidelines", "Viet Nam")
    assert ("formatting", "COMMIT Guidelines") in guidelines
    assert ("paragraph formatting", "") in guidelines
    assert not [k for k, _ in guidelines if k in ("insertion", "deletion", "proposed wording")]


def test_words_changed_with_track_changes_off_are_shown_too(project, two_rounds, tmp_path) -> None:
    marked = Markup(two_rounds[2])
    marked.retype(marked.paragraph("rotating-chair", 0), "externally", "abroad")
    marked.comment(marked.paragraph("ownership"), "COMMIT", "Settled.", "Mya Mya", done=True)
    marked.save(tmp_path / "Myanmar.docx")
    _, report, _ = review_json(project, str(tmp_path / "Myanmar.docx"))
    assert kinds(report, "rotating-chair", "Myanmar") == [
        ("untracked change", "(a) represent COMMIT {--externally--}{++abroad++}; and")
    ]
    assert kinds(report, "ownership", "Myanmar") == [("comment (marked resolved)", "Settled.")]


def test_libreoffice_replies_without_threads_are_comments_of_their_own(
    two_rounds, tmp_path
) -> None:
    copy = two_rounds[2]
    marked = Markup(copy, style="libreoffice")
    marked.comment(
        marked.paragraph("ownership"), "rotating Chair", "Why?", "A", replies=(("B", "Because."),)
    )
    returned = read_returned(marked.save(tmp_path / "lo.docx"))
    assert [(c.text, c.parent) for c in returned.comments] == [("Why?", None), ("Because.", None)]


def test_a_thread_that_loops_hides_no_comment(project, two_rounds, tmp_path) -> None:
    marked = Markup(two_rounds[2])
    marked.comment(
        marked.paragraph("ownership"), "COMMIT", "First.", "A", replies=(("B", "Second."),)
    )
    (first, _, done), (second, _, _) = marked.threads
    marked.threads[0] = (first, second, done)  # each now answers the other
    marked.save(tmp_path / "China.docx")
    _, report, _ = review_json(project, str(tmp_path / "China.docx"))
    assert sorted(i["text"] for i in items(report, "ownership", "China")) == ["First.", "Second."]


def test_a_chain_of_two_thousand_replies_is_compiled_with_the_other_files(
    project, inbox, two_rounds
) -> None:
    marked = Markup(two_rounds[2])
    replies = tuple(("B" if n % 2 else "A", f"Reply {n}.") for n in range(1, 2001))
    marked.comment(marked.paragraph("ownership"), "COMMIT", "First.", "A", replies=replies)
    for n in range(2, len(marked.threads)):  # each reply answers the one before it
        para, _, done = marked.threads[n]
        marked.threads[n] = (para, marked.threads[n - 1][0], done)
    marked.save(inbox / "China.docx")
    status, report, _ = review_json(project, *map(str, sorted(inbox.iterdir())))
    assert status == 0
    assert sorted(s["delegation"] for s in report["sources"]) == [
        "Cambodia",
        "China",
        "Thailand",
        "Viet Nam",
    ]
    assert kinds(report, "ownership", "China") == [
        ("comment", "First."),
        *(("reply", f"Reply {n}.") for n in range(1, 2001)),
    ]
    page = lxml.html.fromstring((project / REVIEWS / f"{STEM}.html").read_bytes())
    [row] = page.xpath('//tr[@id="ownership"]')
    assert len(row.xpath('.//div[@class="reply"]')) == 2000  # one level in, not nested
    word = next(r for r in table_rows(project / REVIEWS / f"{STEM}.docx") if r[0] == "6")
    assert word[2].count("Reply: ") == 2000


def test_inserted_words_are_in_the_proposed_text_and_not_in_the_original(inbox: Path) -> None:
    returned = read_returned(inbox / f"{ID}-review-Cambodia.docx")
    [block] = [
        b for b in returned.blocks if b.original == "give guidance and direction internally."
    ]
    assert block.accepted == "give guidance and strategic and direction internally."
    assert [(c.kind, c.text, c.author) for c in block.changes] == [
        ("insertion", " and strategic", "Sokha Chea")
    ]


def test_an_empty_paragraph_added_after_a_sub_item_is_no_sub_item(
    project, two_rounds, tmp_path
) -> None:
    marked = Markup(two_rounds[2])
    first, second = marked.paragraph("rotating-chair", 0), marked.paragraph("rotating-chair", 1)
    marked.new_paragraph_after(first, "", "Sokha Chea")  # Enter pressed after (a), no text
    marked.insert(second, "guidance", " and strategic", "Sokha Chea")
    marked.save(tmp_path / "Cambodia.docx")
    _, report, _ = review_json(project, str(tmp_path / "Cambodia.docx"))
    assert kinds(report, "rotating-chair", "Cambodia") == [
        ("proposed wording", "(b) give guidance{++ and strategic++} and direction internally."),
        ("insertion", " and strategic"),
    ]


# --- which delegation, which version ------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "name"),
    [
        (f"{ID}-review-Thailand.docx", "Thailand"),
        ("Thailand.docx", "Thailand"),
        (f"{ID}-review-lao-pdr.docx", "Lao PDR"),
        ("Lao_PDR.docx", "Lao PDR"),
        ("Vietnam comments 2016-12-01.docx", "Viet Nam"),
        ("Myanmar_MOHA_final_v2.docx", "Myanmar"),
        (f"{ID}-draft-2-Viet-Nam.docx", "Viet Nam"),
        ("Lao.docx", "Lao PDR"),
        ("ASEAN Secretariat.docx", "ASEAN Secretariat"),
        ("norway.docx", "Norway"),
        (f"{ID}-review (1).docx", None),
        (f"{ID}-review.docx", None),
    ],
)
def test_the_delegation_comes_from_the_file_name(file: str, name: str | None) -> None:
    assert name_from_file(Path(file), ID, MEMBERS) == name


def test_else_from_the_word_author_that_names_a_participant() -> None:
    secretariat = {"UN-ACT, COMMIT Secretariat", "Secretariat"}
    assert name_from_authors(["Nguyen Thi Lan", "Viet Nam Delegation"], MEMBERS, secretariat) == (
        "Viet Nam"
    )
    assert name_from_authors(["Secretariat", "Somchai K."], MEMBERS, secretariat) == "Somchai K."
    assert name_from_authors(["Secretariat"], MEMBERS, secretariat) is None


def test_names_in_the_compilation_and_as_overrides(project: Path, inbox: Path) -> None:
    _, report, _ = review_json(project, *map(str, sorted(inbox.iterdir())))
    assert {s["file"]: s["delegation"] for s in report["sources"]} == {
        f"{ID}-review-Cambodia.docx": "Cambodia",
        "Thailand.docx": "Thailand",
        f"{ID}-review (1).docx": "Viet Nam",
    }
    _, named, _ = review_json(project, "--replace", "--as", "china", str(inbox / "Thailand.docx"))
    assert [s["delegation"] for s in named["sources"]] == ["China"]


def test_a_file_that_names_no_delegation_is_marked_unknown(project: Path, tmp_path) -> None:
    unmarked = shutil.copy(project / COPY, tmp_path / f"{ID}-review.docx")
    status, report, _ = review_json(project, str(unmarked))
    assert status == 0
    assert [s["delegation"] for s in report["sources"]] == [f"Unknown ({ID}-review.docx)"]
    assert (
        f"could not tell which delegation sent {ID}-review.docx; name it with --as"
        in report["warnings"]
    )


def test_as_goes_with_one_file_only(project: Path, inbox: Path) -> None:
    status, _, err = run(project, "review", ID, "--as", "China", *map(str, inbox.iterdir()))
    assert status == 2 and "one file" in err


def test_an_outdated_copy_is_told_and_placed_by_id(project: Path, inbox: Path) -> None:
    status, out, err = run(project, "review", ID, *map(str, sorted(inbox.iterdir())))
    assert status == 0
    assert "Thailand  draft-1" in out and "(an earlier version)" in out
    assert "Thailand (Thailand.docx) reviewed draft version 1, but the latest is version 2" in err
    _, report, _ = review_json(project, "--replace", str(inbox / "Thailand.docx"))
    [thai] = report["sources"]
    assert (thai["version"], thai["outdated"], thai["latest"]) == (1, True, 2)


def test_the_version_is_read_from_the_note_when_properties_are_gone(two_rounds, tmp_path) -> None:
    marked = Markup(two_rounds[1])
    marked.set_property("identifier", None)
    marked.set_property("version", None)
    returned = read_returned(marked.save(tmp_path / "bare.docx"))
    assert "identifier" not in returned.properties and returned.version_hint == 1


def test_the_version_property_tells_the_version_when_the_identifier_is_gone(
    project, two_rounds, tmp_path
) -> None:
    marked = Markup(two_rounds[2])  # made from draft 2, which its review note says too
    marked.set_property("identifier", None)
    marked.set_property("version", "draft-1")
    marked.save(tmp_path / "Thailand.docx")
    _, report, _ = review_json(project, str(tmp_path / "Thailand.docx"))
    assert [s["version"] for s in report["sources"]] == [1]


def test_a_copy_of_another_outcome_is_refused(project: Path, inbox: Path, tmp_path) -> None:
    other = Markup((project / COPY).read_bytes())
    other.set_property("identifier", "commit-som10/draft-3")
    other.save(tmp_path / "som10.docx")
    status, _, err = run(
        project, "review", ID, str(inbox / "Thailand.docx"), str(tmp_path / "som10.docx")
    )
    assert status == 1 and "it is a review copy of commit-som10, not of commit-som11" in err


def test_the_same_file_twice_is_read_once(project: Path, inbox: Path, tmp_path) -> None:
    twin = shutil.copy(inbox / "Thailand.docx", tmp_path / "Thailand-again.docx")
    status, report, _ = review_json(project, str(inbox / "Thailand.docx"), str(twin))
    assert status == 0 and len(report["sources"]) == 1
    assert "is the same file as Thailand.docx" in report["warnings"][-1]


# --- the compilation: Word, HTML, CSV -----------------------------------------------------------


def compile_all(project: Path, inbox: Path) -> Path:
    status, out, err = run(project, "review", ID, *map(str, sorted(inbox.iterdir())))
    assert status == 0, out + err
    return project / REVIEWS


def table_rows(path: Path) -> list[list[str]]:
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    rows = []
    for tr in body.iter(f"{W}tr"):
        rows.append(
            [
                "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p"))
                for tc in tr.iter(f"{W}tc")
            ]
        )
    return rows


def test_the_word_compilation_is_a_landscape_table_a_row_per_paragraph(project, inbox) -> None:
    path = compile_all(project, inbox) / f"{STEM}.docx"
    word = docx.Document(str(path))
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    [table] = word.tables
    header = table.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    rows = table_rows(path)
    assert rows[0] == [
        "No.",
        "Current text",
        "Comments and proposed wording",
        "Secretariat response",
    ]
    numbered = [r for r in rows[1:] if len(r) == 4]
    assert [r[0] for r in numbered] == ["General", *map(str, range(1, 10)), "A1", "A2", "A3", "A4"]
    assert all(r[3] == "" for r in numbered)
    four = next(r for r in numbered if r[0] == "4")
    assert four[1].startswith("The COMMIT governments unanimously agreed")
    assert "Cambodia" in four[2] and "Thailand (reviewed draft-1)" in four[2]
    assert "Reply: Agreed; please also check the Khmer translation." in four[2]
    assert [r[0] for r in rows if len(r) == 1] == [
        "Key outcomes",
        "Decisions",
        "Next steps",
        "Follow-up actions",
    ]


def test_proposed_wording_is_struck_and_underlined_in_word(project: Path, inbox: Path) -> None:
    path = compile_all(project, inbox) / f"{STEM}.docx"
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    runs = {("".join(t.text or "" for t in r.iter(f"{W}t"))): r for r in body.iter(f"{W}r")}
    assert runs["unanimously"].find(f"{W}rPr/{W}strike") is not None
    assert runs["jointly"].find(f"{W}rPr/{W}u") is not None


def test_the_page_escapes_what_delegates_wrote(project: Path, inbox: Path, two_rounds) -> None:
    hostile = Markup(two_rounds[2])
    hostile.comment(
        hostile.paragraph("ownership"), "COMMIT", "<script>alert(1)</script> & more", "X"
    )
    hostile.save(inbox / "China.docx")
    page = (compile_all(project, inbox) / f"{STEM}.html").read_text()
    assert (
        "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    )
    tree = lxml.html.fromstring(page)
    [four] = tree.xpath('//tr[@id="labour-migration"]')
    assert [d.text for d in four.xpath(".//del")] == ["unanimously"]
    assert [i.text for i in four.xpath(".//ins")] == ["jointly"]
    assert tree.xpath('//tr[@id="general"]')
    assert tree.xpath("//thead//th/text()") == [
        "No.",
        "Current text",
        "Comments and proposed wording",
        "Secretariat response",
    ]


def test_the_csv_is_one_line_per_item_and_never_a_formula(project, inbox, two_rounds) -> None:
    hostile = Markup(two_rounds[2])
    hostile.comment(hostile.paragraph("ownership"), "COMMIT", '=HYPERLINK("http://x","y")', "X")
    hostile.save(inbox / "China.docx")
    data = (compile_all(project, inbox) / f"{STEM}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert records[0].keys() >= {"paragraph", "delegation", "type", "text", "secretariat_response"}
    china = [r for r in records if r["delegation"] == "China"]
    assert china[0]["text"] == '\'=HYPERLINK("http://x","y")' and china[0]["paragraph"] == "6"


def test_proposed_wording_says_who_changed_it_last_and_when(project, two_rounds, tmp_path) -> None:
    marked = Markup(two_rounds[2])
    ownership = marked.paragraph("ownership")
    marked.insert(ownership, "help", " to", "Sokha Chea", date="2016-12-01T10:15:00Z")
    marked.delete(ownership, " governmental", "Vannak Lim", date="2016-12-02T08:30:00Z")
    marked.save(tmp_path / "Cambodia.docx")
    assert run(project, "review", ID, str(tmp_path / "Cambodia.docx"))[0] == 0
    data = (project / REVIEWS / f"{STEM}.csv").read_text(encoding="utf-8-sig")
    records = [r for r in csv.DictReader(io.StringIO(data)) if r["paragraph_id"] == "ownership"]
    assert [(r["type"], r["author"], r["date"]) for r in records] == [
        ("proposed wording", "Vannak Lim", "2016-12-02T08:30:00Z"),
        ("insertion", "Sokha Chea", "2016-12-01T10:15:00Z"),
        ("deletion", "Vannak Lim", "2016-12-02T08:30:00Z"),
    ]


def about(page: Path) -> str:
    """What the compilation's page says about itself, above the table."""
    return " ".join(
        lxml.html.fromstring(page.read_bytes()).xpath('string(//p[@class="about"])').split()
    )


def test_the_current_text_is_the_latest_recorded_version(project: Path, inbox: Path) -> None:
    edit(project, "unanimously", "by consensus")  # edited since draft version 2
    folder = compile_all(project, inbox)
    four = next(r for r in table_rows(folder / f"{STEM}.docx") if r[0] == "4")
    assert four[1].startswith("The COMMIT governments unanimously agreed")
    says = (
        "Paragraph numbers and current text are those of draft version 2 "
        f"({EXAMPLE_DRAFT} has been edited since, and those edits are not shown);"
    )
    assert says in about(folder / f"{STEM}.html")
    word = " ".join(p.text for p in docx.Document(str(folder / f"{STEM}.docx")).paragraphs)
    assert says in word


def test_with_no_history_the_working_draft_is_shown_and_said_to_be(project, inbox) -> None:
    shutil.rmtree(project / ".git")
    edit(project, "unanimously", "by consensus")
    folder = compile_all(project, inbox)
    four = next(r for r in table_rows(folder / f"{STEM}.docx") if r[0] == "4")
    assert four[1].startswith("The COMMIT governments by consensus agreed")
    assert (
        f"current text are those of the working draft {EXAMPLE_DRAFT}, no version of which is "
        "recorded;" in about(folder / f"{STEM}.html")
    )


def test_out_writes_elsewhere_and_nothing_is_recorded(project: Path, inbox: Path, tmp_path) -> None:
    head, tags = git(project, "rev-parse", "HEAD"), git(project, "tag")
    status, out, _ = run(
        project, "review", ID, "--out", str(tmp_path / "out"), str(inbox / "Thailand.docx")
    )
    assert status == 0 and "nothing was recorded in git" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"{STEM}.csv",
        f"{STEM}.docx",
        f"{STEM}.html",
    ]
    assert not (project / REVIEWS).exists()
    assert (git(project, "rev-parse", "HEAD"), git(project, "tag")) == (head, tags)


def test_the_same_files_give_the_same_compilation(project: Path, inbox: Path) -> None:
    first = {p.name: p.read_bytes() for p in compile_all(project, inbox).iterdir()}
    second = {p.name: p.read_bytes() for p in compile_all(project, inbox).iterdir()}
    assert first == second


# --- --record -----------------------------------------------------------------------------------


def test_record_commits_the_returned_files_and_the_compilation_once(project, inbox) -> None:
    head = git(project, "rev-parse", "HEAD")
    status, out, _ = run(project, "review", ID, "--record", *map(str, sorted(inbox.iterdir())))
    assert status == 0 and "recorded the returned files and the compilation" in out
    assert git(project, "rev-parse", "HEAD~1") == head
    assert git(project, "tag").split() == [f"{ID}/draft-1", f"{ID}/draft-2"]
    assert sorted(git(project, "show", "--name-only", "--format=", "HEAD").split("\n")) == sorted(
        [
            f"{REVIEWS}/{STEM}.csv",
            f"{REVIEWS}/{STEM}.docx",
            f"{REVIEWS}/{STEM}.html",
            f"{REVIEWS}/{ID}-draft-2-Cambodia.docx",
            f"{REVIEWS}/{ID}-draft-1-Thailand.docx",
            f"{REVIEWS}/{ID}-draft-2-Viet-Nam.docx",
        ]
    )
    message = git(project, "log", "-1", "--format=%B")
    assert message.startswith(
        f"{ID}: comments on draft version 2 from Cambodia, Thailand, Viet Nam"
    )
    assert "received as Thailand.docx, sha256 " in message
    stored = project / REVIEWS / f"{ID}-draft-1-Thailand.docx"
    assert stored.read_bytes() == (inbox / "Thailand.docx").read_bytes()
    assert git(project, "status", "--porcelain") == "?? pyproject.toml"
    again = run(project, "review", ID, "--record", *map(str, sorted(inbox.iterdir())))
    assert again[0] == 0 and "nothing new to record" in again[1]
    assert git(project, "rev-parse", "HEAD~1") == head


def test_a_compilation_looked_at_first_is_then_recorded_as_it_is(project, inbox) -> None:
    """`review`, read the result, then `review --record`: the same compilation, no --replace."""
    files = [str(f) for f in sorted(inbox.iterdir())]
    assert run(project, "review", ID, *files)[0] == 0
    status, out, err = run(project, "review", ID, "--record", *files)
    assert status == 0, err
    assert "recorded the returned files and the compilation" in out and "replaced" not in out


def test_recorded_copies_compile_again_under_the_same_names(project: Path, inbox: Path) -> None:
    run(project, "review", ID, "--record", *map(str, sorted(inbox.iterdir())))
    stored = sorted((project / REVIEWS).glob(f"{ID}-draft-*.docx"))
    _, report, _ = review_json(project, *map(str, stored))
    assert sorted(s["delegation"] for s in report["sources"]) == [
        "Cambodia",
        "Thailand",
        "Viet Nam",
    ]


def test_a_recorded_compilation_is_replaced_and_stays_in_the_history(project, inbox) -> None:
    run(project, "review", ID, "--record", *map(str, sorted(inbox.iterdir())))
    first = git(project, "rev-parse", "HEAD")
    status, out, _ = run(project, "review", ID, "--record", str(inbox / "Thailand.docx"))
    assert status == 0 and git(project, "rev-parse", "HEAD~1") == first
    for suffix in ("docx", "html", "csv"):
        assert f"replaced {REVIEWS}/{STEM}.{suffix}, the earlier one is in the history" in out
    status, out, _ = run(project, "review", ID, *map(str, sorted(inbox.iterdir())))
    assert status == 0
    assert f"replaced {REVIEWS}/{STEM}.csv, the earlier one is in the history" in out
    changed = git(project, "diff", "--name-only", "HEAD", "--", REVIEWS).split("\n")
    assert changed == [f"{REVIEWS}/{STEM}.{suffix}" for suffix in ("csv", "docx", "html")]


def fill_in_response(path: Path) -> None:
    """The secretariat's answer typed into the response column, and the file saved."""
    if path.suffix == ".csv":
        path.write_bytes(path.read_bytes().replace(b",\r\n", b",Agreed.\r\n", 1))
        return
    word = docx.Document(str(path))
    word.tables[0].rows[2].cells[3].paragraphs[0].add_run("Agreed.")
    word.save(str(path))


@pytest.mark.parametrize("record", [[], ["--record"]], ids=["written", "recorded"])
@pytest.mark.parametrize("suffix", ["csv", "docx"])
def test_a_filled_in_compilation_is_never_written_over(project, inbox, suffix, record) -> None:
    files = [str(f) for f in sorted(inbox.iterdir())]
    assert run(project, "review", ID, *record, *files)[0] == 0
    fill_in_response(project / REVIEWS / f"{STEM}.{suffix}")
    before = state(project)
    again = files[1:] if record else files  # recording the same files again is nothing new
    status, _, err = run(project, "review", ID, *record, *again)
    assert status == 1
    [line] = err.splitlines()
    assert line.startswith("Error: ") and f"{REVIEWS}/{STEM}.{suffix}" in line
    assert "from this compilation and is not recorded in git as it stands" in line
    assert line.endswith("; move it aside or pass --replace")
    assert ("nothing was written or recorded" in line) == bool(record)
    assert state(project) == before


def test_replace_writes_over_an_earlier_compilation_and_says_so(project, inbox) -> None:
    compile_all(project, inbox)
    fill_in_response(project / REVIEWS / f"{STEM}.csv")
    refused = run(project, "review", ID, str(inbox / "Thailand.docx"))
    assert refused[0] == 1 and "move them aside or pass --replace" in refused[2]
    status, out, _ = run(project, "review", ID, "--replace", str(inbox / "Thailand.docx"))
    assert status == 0
    assert f"replaced {REVIEWS}/{STEM}.csv, the earlier one was not recorded (--replace)" in out
    data = (project / REVIEWS / f"{STEM}.csv").read_text(encoding="utf-8-sig")
    assert {r["delegation"] for r in csv.DictReader(io.StringIO(data))} == {"Thailand"}


def test_record_goes_without_out(project: Path, inbox: Path, tmp_path: Path) -> None:
    status, _, err = run(
        project, "review", ID, "--record", "--out", str(tmp_path), str(inbox / "Thailand.docx")
    )
    assert status == 2 and "--record" in err


# --- hostile and broken files: each refused in one line, the others compiled ----------------------


def _text(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


HOSTILE = {
    "zip bomb": (lambda base, out: zip_bomb(base, out, 300), "would unpack to 3"),
    "packed too tightly": (lambda base, out: zip_bomb(base, out, 20), "packed"),
    "too many parts": (lambda base, out: many_parts(base, out), "holds 50"),
    "too many paragraphs": (
        lambda base, out: many_paragraphs(base, out),
        "paragraphs, where an outcome's review copy holds a few hundred",
    ),
    "cut short": (
        lambda base, out: cut_short(base, out),
        "it is damaged or incomplete (it may have been cut short in sending); ask the "
        "delegation to send it again",
    ),
    "not a docx": (
        lambda base, out: _text(out, b"Dear secretariat, our comments follow."),
        "is not a Word .docx file",
    ),
    "a pdf": (lambda base, out: _text(out, b"%PDF-1.7\n..."), "(it is a PDF)"),
    "malformed xml": (
        lambda base, out: docx_with(base, out, {"word/document.xml": MALFORMED}),
        "word/document.xml is not well-formed XML",
    ),
    "external entity": (
        lambda base, out: docx_with(base, out, {"word/document.xml": XXE}),
        "declares a DTD or entities",
    ),
    "external entity in UTF-32": (  # found in the parsed tree: no byte scan sees it
        lambda base, out: docx_with(base, out, {"word/document.xml": XXE_UTF32}),
        "word/document.xml declares a DTD or entities",
    ),
    "entity bomb": (
        lambda base, out: docx_with(base, out, {"word/document.xml": ENTITY_BOMB}),
        "declares a DTD or entities",
    ),
    "doctype in comments": (lambda base, out: _hostile_comments(base, out), "word/comments.xml"),
    "200 MB": (lambda base, out: huge_file(out), "the file is 200 MB"),
    "password": (lambda base, out: password_protected(out), "protected by a password"),
    "word 97": (lambda base, out: old_word_file(out), "Word 97-2003 .doc"),
    "macros": (
        lambda base, out: docx_with(
            base,
            out,
            {
                "[Content_Types].xml": zipfile.ZipFile(base)
                .read("[Content_Types].xml")
                .replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                )
            },
        ),
        "macro-enabled",
    ),
    "opendocument": (
        lambda base, out: _odt(out),
        "OpenDocument (.odt)",
    ),
}


def _odt(out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return out


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_file_is_refused_and_the_others_compiled(case, project, inbox, tmp_path) -> None:
    build, says = HOSTILE[case]
    bad = build(project / COPY, tmp_path / "Myanmar.docx")
    good = inbox / "Thailand.docx"
    status, out, err = run(project, "review", ID, str(good), str(bad))
    assert status == 1
    refusal = next(line for line in err.splitlines() if "refused:" in line)
    assert refusal.startswith(f"error: {bad.name}: refused: ") and says in refusal
    assert "Traceback" not in out + err and "root:" not in out + err
    assert "1 file of 2 refused; the compilation of the other 1 was written" in err
    rows = table_rows(project / REVIEWS / f"{STEM}.docx")
    assert any("Thailand" in cell for row in rows for cell in row)


def _hostile_comments(base: Path, out: Path) -> Path:
    """A copy with a comment whose comments part declares an external entity."""
    marked = Markup(base.read_bytes())
    marked.comment(marked.paragraph("ownership"), "COMMIT", "x", "X")
    first = marked.save(out.with_name("with-comment.docx"))
    return docx_with(first, out, {"word/comments.xml": XXE})


def test_every_file_refused_compiles_nothing(project: Path, tmp_path: Path) -> None:
    bad = password_protected(tmp_path / "Lao.docx")
    status, _, err = run(project, "review", ID, str(bad))
    assert status == 1 and "nothing was compiled: Lao.docx: refused: it is protected" in err
    assert not (project / REVIEWS).exists()


def test_the_json_of_a_partial_run_says_not_ok(project: Path, inbox: Path, tmp_path) -> None:
    bad = password_protected(tmp_path / "Lao.docx")
    status, report, _ = review_json(project, str(inbox / "Thailand.docx"), str(bad))
    assert status == 1 and report["ok"] is False
    assert report["refused"] == [
        "Lao.docx: refused: it is protected by a password (Word encrypts such files); ask the "
        "delegation to remove the password (File > Info > Protect Document) and send it again"
    ]
    assert [s["delegation"] for s in report["sources"]] == ["Thailand"]


# --- --apply ------------------------------------------------------------------------------------


def test_apply_changes_that_paragraph_and_nothing_else(project: Path, inbox: Path) -> None:
    path = project / EXAMPLE_DRAFT
    before = path.read_text()
    status, out, _ = run(
        project, "review", ID, str(inbox / "Thailand.docx"), "--apply", "labour-migration"
    )
    assert status == 0, out
    assert "para 4 (labour-migration) now reads as Thailand proposed" in out
    assert path.read_text() == before.replace(
        "The COMMIT governments unanimously agreed", "The COMMIT governments jointly agreed"
    )
    assert run(project, "draft", str(path))[0] == 0
    body = "".join(
        t.text or ""
        for t in etree.fromstring(zipfile.ZipFile(project / COPY).read("word/document.xml")).iter(
            f"{W}t"
        )
    )
    assert "The COMMIT governments jointly agreed" in body


def test_apply_keeps_the_markdown_around_the_changed_words(project: Path, inbox: Path) -> None:
    path = project / EXAMPLE_DRAFT
    before = path.read_text()
    status, _, err = run(
        project,
        "review",
        ID,
        str(inbox / f"{ID}-review-Cambodia.docx"),
        "--apply",
        "indicators",
        "--apply",
        "rotating-chair",
    )
    assert status == 0, err
    after = path.read_text()
    assert (
        "The meeting adopted the **ASEAN-COMMIT indicators** of human trafficking and\n"
        "          related forms of exploitation.\n" in after
    )
    assert "          - give guidance and strategic and direction internally.\n" in after
    assert after.count("\n") == before.count("\n")
    outcome = load_draft(path).outcome
    assert outcome.paragraphs[0].text.startswith(
        "The meeting adopted the **ASEAN-COMMIT indicators**"
    )
    lines = zip(before.splitlines(), after.splitlines(), strict=True)
    changed = [n for n, (a, b) in enumerate(lines) if a != b]
    assert len(changed) == 3  # the two folded lines of para 1, and sub-item (b) of para 5


def test_apply_deletes_the_first_words_of_bold_text(
    project: Path, two_rounds: tuple[Path, bytes, bytes], tmp_path: Path
) -> None:
    marked = Markup(two_rounds[2])
    marked.delete(marked.paragraph("indicators"), "ASEAN-COMMIT ", "Lao")
    copy = str(marked.save(tmp_path / "Lao PDR.docx"))
    status, _, err = run(project, "review", ID, "--apply", "indicators", copy)
    assert status == 0, err
    assert "the common **indicators** of" in (project / EXAMPLE_DRAFT).read_text()


def test_apply_moves_an_old_versions_change_onto_the_current_text(
    project: Path, inbox: Path
) -> None:
    path = project / EXAMPLE_DRAFT
    status, _, err = run(
        project, "review", ID, str(inbox / "Thailand.docx"), "--apply", "identification-purpose"
    )
    assert status == 0, err
    text = load_draft(path).outcome.paragraphs[2].text
    assert "help substantially improve" in text and "receive adequate and timely support" in text


def test_apply_refuses_where_the_paragraph_changed_under_the_change(project, inbox) -> None:
    before = state(project)
    status, _, err = run(
        project, "review", ID, str(inbox / "Thailand.docx"), "--apply", "secretariat-support"
    )
    assert status == 1
    assert "has changed since the version Thailand reviewed" in err and "Nothing was written" in err
    assert state(project) == before


@pytest.mark.parametrize(
    ("paragraph", "says"),
    [
        (
            "ownership",
            "made no tracked change to the words of para 6 (ownership); the new paragraph",
        ),
        ("no-such-paragraph", "the draft has no paragraph 'no-such-paragraph'"),
    ],
)
def test_apply_refuses_what_it_cannot_apply(project, inbox, paragraph: str, says: str) -> None:
    before = state(project)
    status, _, err = run(
        project, "review", ID, str(inbox / f"{ID}-review (1).docx"), "--apply", paragraph
    )
    assert status == 1 and says in err
    assert state(project) == before


def test_apply_refuses_a_result_that_is_no_valid_draft(project, two_rounds, tmp_path) -> None:
    marked = Markup(two_rounds[2])
    marked.insert(marked.paragraph("ownership"), "rotating", " \x7fChair", "Somchai K.")
    marked.save(tmp_path / "Thailand.docx")
    before = state(project)
    status, _, err = run(
        project, "review", ID, str(tmp_path / "Thailand.docx"), "--apply", "ownership"
    )
    assert status == 1 and "would make the draft invalid" in err and "nothing was written" in err
    assert state(project) == before


def test_apply_refuses_a_link_typed_in_word(project, two_rounds, tmp_path) -> None:
    marked = Markup(two_rounds[2])
    link = "[the terms](https://example.org/terms)"
    marked.insert(marked.paragraph("ownership"), "rotating Chair", f" (see {link})", "Somchai K.")
    marked.save(tmp_path / "Thailand.docx")
    before = state(project)
    status, _, err = run(
        project, "review", ID, str(tmp_path / "Thailand.docx"), "--apply", "ownership"
    )
    assert status == 1
    assert (
        f"Thailand's proposed text for para 6 (ownership) would become a link in the draft "
        f"({link}); a link must be typed into the draft by hand. Nothing was written" in err
    )
    assert state(project) == before


def test_apply_refuses_hidden_text_and_new_sub_items(project, two_rounds, tmp_path) -> None:
    marked = Markup(two_rounds[2])
    marked.hide(marked.paragraph("ownership"), " and secret words", "X")
    marked.new_paragraph_after(marked.paragraph("rotating-chair", 0), "report yearly;", "X")
    marked.insert(marked.paragraph("rotating-chair"), "decided", " jointly", "X")
    marked.save(tmp_path / "China.docx")
    before = state(project)
    hidden = run(project, "review", ID, str(tmp_path / "China.docx"), "--apply", "ownership")
    assert hidden[0] == 1 and "holds hidden text" in hidden[2]
    items_added = run(
        project, "review", ID, str(tmp_path / "China.docx"), "--apply", "rotating-chair"
    )
    assert items_added[0] == 1 and "added or removed a sub-item" in items_added[2]
    assert state(project) == before


def test_apply_takes_one_file(project: Path, inbox: Path) -> None:
    status, _, err = run(project, "review", ID, *map(str, inbox.iterdir()), "--apply", "ownership")
    assert status == 2 and "--apply takes one FILE" in err


# --- LibreOffice itself -------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_copy_saved_again_by_libreoffice_compiles_the_same(project, inbox, tmp_path) -> None:
    source = inbox / f"{ID}-review-Cambodia.docx"
    again = libreoffice_convert(source, tmp_path / "saved", to="docx:MS Word 2007 XML")
    _, report, _ = review_json(project, "--as", "Cambodia", str(again))
    assert ("deletion", " common") in kinds(report, "indicators", "Cambodia")
    assert any(
        t == "insertion" and x == " and strategic"
        for t, x in kinds(report, "rotating-chair", "Cambodia")
    )
    comments = [
        i["text"]
        for i in items(report, "labour-migration", "Cambodia")
        if i["type"] in ("comment", "reply")
    ]
    assert "Cambodia would keep “unanimously”: the decision was by consensus." in comments
    assert "Agreed; please also check the Khmer translation." in comments
    merged = [i for i in items(report, "guidelines", "Cambodia") if i["type"] == "comment"]
    assert merged and merged[0]["text"] == "These two paragraphs could be merged."


def test_a_compilation_that_cannot_be_written_writes_nothing(project: Path, inbox: Path) -> None:
    out = project / "elsewhere"
    (out / f"{STEM}.html").mkdir(parents=True)  # a folder where the page must go
    status, _, err = run(project, "review", ID, "--out", str(out), str(inbox / "Thailand.docx"))
    assert status == 1 and "internal error" not in err
    assert "could not be written" in err and "nothing was written" in err
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.html"]


def test_apply_reads_the_copys_typographic_quotes_as_the_drafts_straight_ones(
    project: Path, tmp_path: Path
) -> None:
    edit(project, "will help strengthen", 'will help "strongly" strengthen')
    assert run(project, "draft", str(project / EXAMPLE_DRAFT))[0] == 0
    marked = Markup((project / COPY).read_bytes())
    ownership = marked.paragraph("ownership")
    assert "will help “strongly” strengthen" in visible_text(ownership)
    marked.delete(ownership, "“strongly” ", "Lao")
    copy = str(marked.save(tmp_path / "Lao PDR.docx"))
    status, _, err = run(project, "review", ID, copy, "--apply", "ownership")
    assert status == 0, err
    text = (project / EXAMPLE_DRAFT).read_text()
    assert "will help strengthen" in text and "strongly" not in text


def test_typographic_quotes_of_the_copy_are_no_untracked_change(project: Path, tmp_path) -> None:
    edit(project, "will help strengthen", 'will help "strongly" strengthen')
    assert run(project, "draft", str(project / EXAMPLE_DRAFT))[0] == 0
    marked = Markup((project / COPY).read_bytes())
    marked.comment(marked.paragraph("ownership"), "strengthen", "Agreed.", "Lao")
    copy = str(marked.save(tmp_path / "Lao PDR.docx"))
    status, out, err = run(project, "review", ID, copy, "--json")
    assert status == 0, err
    assert "untracked" not in out


# --- the compilation in the draft's language ---------------------------------------------------


def test_the_compilation_of_a_french_draft_is_in_french(
    project: Path, inbox: Path, tmp_path: Path
) -> None:
    edit(project, "language: en", "language: fr")
    assert run(project, "draft", str(project / EXAMPLE_DRAFT))[0] == 0  # draft-3, in French
    out = tmp_path / "compiled"
    status, _, _ = run(
        project, "review", "commit-som11", *map(str, sorted(inbox.iterdir())), "--out", str(out)
    )
    assert status == 0
    page = lxml.html.fromstring((out / "commit-som11-compilation-draft-3.html").read_bytes())
    assert page.get("lang") == "fr"
    assert (
        page.find(".//h1").text == "Compilation des observations reçues sur la version 3 du projet"
    )
    heads = [th.text for th in page.findall(".//thead//th")]
    assert heads == [
        "Nº",
        "Texte actuel",
        "Observations et libellés proposés",
        "Réponse du secrétariat",
    ]
    assert page.find(".//tr[@id='general']/td").text == "Général"
    outdated = [p.text_content() for p in page.findall(".//p[@class='about outdated']")]
    assert (
        "Thailand a examiné la version 1 du projet, une version antérieure\u00a0: ses "
        "observations et propositions de libellé se rapportent à ce texte."
    ) in outdated
    assert "2 observations" in page.find(".//p[@class='sources']").text_content()
    word = docx.Document(str(out / "commit-som11-compilation-draft-3.docx"))
    assert [c.text for c in word.tables[0].rows[0].cells] == heads
    # "Page {PAGE} sur {NUMPAGES}": the numbers are fields that Word fills in as it lays out.
    assert word.sections[0].footer.paragraphs[0].text == "Page  sur "
