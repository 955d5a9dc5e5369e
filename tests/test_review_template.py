"""A project's own Word template: docxtpl's tags that repeat table cells still lay out the
table's columns, as docxtpl does for them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from pipeline.context import Document
from pipeline.render.docx import render_review_copy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def template_with_table(folder: Path, cells: list[str]) -> Path:
    """A Word template holding one table of one row, a cell for each of `cells`, each cell's
    text typed over two runs, as Word may split it."""
    import docx

    word = docx.Document()
    row = word.add_table(rows=1, cols=len(cells)).rows[0]
    for cell, text in zip(row.cells, cells, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(text[:3])
        paragraph.add_run(text[3:])
    path = folder / "review.docx"
    word.save(path)
    return path


def table_layout(path: Path) -> tuple[int, list[str]]:
    """The first table's number of grid columns, and its first row's cell texts."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    table = next(body.iter(f"{W}tbl"))
    row = next(table.iter(f"{W}tr"))
    texts = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iter(f"{W}tc")]
    return len(table.findall(f"{W}tblGrid/{W}gridCol")), texts


def test_a_cell_repeated_for_each_agenda_item_gives_the_table_a_column_each(
    document: Document, tmp_path: Path
) -> None:
    template = template_with_table(
        tmp_path, ["Agenda", "{%tc for item in agenda %}", "{{ item.id }}", "{%tc endfor %}"]
    )

    render_review_copy(document, template, tmp_path / "out.docx")

    columns, texts = table_layout(tmp_path / "out.docx")
    assert texts == [
        "Agenda",
        "sustainability",
        "victim-identification",
        "engagement",
        "spaiv-monitoring",
        "work-planning",
    ]
    assert columns == 6


def test_a_table_without_such_tags_keeps_its_columns(document: Document, tmp_path: Path) -> None:
    template = template_with_table(tmp_path, ["Venue", "{{ venue }}", "{{ dates }}"])

    render_review_copy(document, template, tmp_path / "out.docx")

    assert table_layout(tmp_path / "out.docx") == (
        3,
        ["Venue", "Vientiane, Lao PDR", "23–24 November 2016"],
    )
