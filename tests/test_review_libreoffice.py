"""Review copies opened and saved in LibreOffice: they compile as the delegate left them.

LibreOffice writes the bookmark around a paragraph with sub-items as a start without an end,
then the same name again around the last sub-item; saved once more, only that second part is
left. An unchanged copy must compile to nothing, and an edit must land on its paragraph,
however many times LibreOffice saved the file.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, example_project, libreoffice_convert, run, write_draft
from tests.returned import Markup

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]

EXAMPLE = "commit-som11"
SUB_ITEMS = "som-test"  # sub-items alone, three of them, and at the very end of the document
SUB_ITEMS_DRAFT = MINIMAL.replace(
    "        text: The meeting adopted the indicators.\n",
    "        text: The meeting adopted the indicators.\n"
    "        items:\n"
    "          - for victim identification.\n",
).replace(
    "        text: The meeting noted the report.\n",
    "        text: The meeting called for\n"
    "        items:\n"
    "          - joint operations;\n"
    "          - training; and\n"
    "          - shelters for the victims of trafficking.\n",
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example and a draft with sub-items, each drafted once, in one project."""
    with example_project(tmp_path_factory) as root:
        write_draft(root, SUB_ITEMS_DRAFT, SUB_ITEMS)
        for outcome in (EXAMPLE, SUB_ITEMS):
            assert run(root, "draft", outcome)[0] == 0
        yield root


def review_copy(project: Path, outcome: str) -> Path:
    return project / "drafts" / outcome / f"{outcome}-review.docx"


def saved_by_libreoffice(copy: Path, folder: Path, times: int) -> Path:
    """`copy` opened and saved as Word 2007-365 by LibreOffice, `times` times over."""
    for time in range(times):
        copy = libreoffice_convert(copy, folder / f"save-{time + 1}", to="docx:MS Word 2007 XML")
    return copy


def compiled(project: Path, outcome: str, copy: Path, out: Path) -> dict:
    status, stdout, _ = run(
        project, "review", "--json", outcome, "--as", "Thailand", str(copy), "--out", str(out)
    )
    assert status == 0
    return json.loads(stdout)


def found(report: dict) -> list[tuple[str, str, str]]:
    return [(i["paragraph_id"], i["type"], i["text"]) for i in report["items"]]


@pytest.mark.parametrize("times", [1, 2], ids=["saved-once", "saved-twice"])
@pytest.mark.parametrize("outcome", [EXAMPLE, SUB_ITEMS])
def test_an_unchanged_copy_saved_by_libreoffice_compiles_to_nothing(
    project: Path, tmp_path: Path, outcome: str, times: int
) -> None:
    copy = saved_by_libreoffice(review_copy(project, outcome), tmp_path, times)
    assert found(compiled(project, outcome, copy, tmp_path / "out")) == []


@pytest.mark.parametrize("times", [1, 2], ids=["saved-once", "saved-twice"])
def test_edits_saved_by_libreoffice_land_on_their_paragraph(
    project: Path, tmp_path: Path, times: int
) -> None:
    marked = Markup(review_copy(project, EXAMPLE))
    marked.delete(marked.paragraph("rotating-chair"), "annually ", "Somchai K.")
    marked.insert(
        marked.paragraph("rotating-chair", 0), "externally", " and in ASEAN", "Somchai K."
    )
    (tmp_path / "edited").mkdir()
    edited = marked.save(tmp_path / "edited" / f"{EXAMPLE}-review.docx")
    copy = saved_by_libreoffice(edited, tmp_path, times)
    assert found(compiled(project, EXAMPLE, copy, tmp_path / "out")) == [
        (
            "rotating-chair",
            "proposed wording",
            "The government delegates decided to introduce an {--annually --}rotating COMMIT Chair,"
            " to be performed by the country hosting the Senior Officials Meeting, working"
            " alongside UN-ACT to:",
        ),
        (
            "rotating-chair",
            "proposed wording",
            "(a) represent COMMIT externally{++ and in ASEAN++}; and",
        ),
        ("rotating-chair", "deletion", "annually "),
        ("rotating-chair", "insertion", " and in ASEAN"),
    ]


def test_an_edit_made_in_a_copy_libreoffice_saved_lands_on_its_paragraph(
    project: Path, tmp_path: Path
) -> None:
    marked = Markup(saved_by_libreoffice(review_copy(project, SUB_ITEMS), tmp_path, 1))
    marked.insert(marked.paragraph_with("training; and"), "training", " of officers", "Somchai K.")
    marked.retype(marked.paragraph_with("shelters for"), "shelters", "safe shelters")
    copy = marked.save(tmp_path / "Thailand.docx")
    assert found(compiled(project, SUB_ITEMS, copy, tmp_path / "out")) == [
        ("second", "proposed wording", "(b) training{++ of officers++}; and"),
        ("second", "untracked change", "(c) {++safe ++}shelters for the victims of trafficking."),
        ("second", "insertion", " of officers"),
    ]


def test_apply_takes_an_edit_saved_by_libreoffice_into_its_paragraph(
    project: Path, tmp_path: Path
) -> None:
    marked = Markup(review_copy(project, EXAMPLE))
    marked.insert(
        marked.paragraph("rotating-chair", 0), "externally", " and in ASEAN", "Somchai K."
    )
    (tmp_path / "edited").mkdir()
    copy = saved_by_libreoffice(
        marked.save(tmp_path / "edited" / f"{EXAMPLE}-review.docx"), tmp_path, 1
    )
    scratch = Path(shutil.copytree(project, tmp_path / "project", symlinks=True))
    status, _, err = run(
        scratch, "review", EXAMPLE, "--as", "Thailand", str(copy), "--apply", "rotating-chair"
    )
    assert status == 0, err
    draft = (scratch / "drafts" / f"{EXAMPLE}.yaml").read_text()
    assert "          - represent COMMIT externally and in ASEAN; and\n" in draft
    assert "          - give guidance and direction internally.\n" in draft
