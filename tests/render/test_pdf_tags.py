"""The print edition's tags, read back from the structure tree: what a screen reader follows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from pipeline.context import build_document
from pipeline.loading import load_draft
from pipeline.render.pdf import render_pdf
from pipeline.settings import load_settings
from tests.conftest import EXAMPLE, REPO, TEMPLATES
from tests.render.test_pdf import PUBLISHED


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    """The example's print edition (two A4 pages), read back."""
    draft = load_draft(EXAMPLE)
    document = build_document(draft.outcome, PUBLISHED, load_settings(REPO))
    out = tmp_path_factory.mktemp("tags") / "commit-som11.pdf"
    render_pdf(document, TEMPLATES, draft.source, out)
    return PdfReader(out)


def kids(element: DictionaryObject) -> list[DictionaryObject]:
    """The structure elements directly under `element` (marked content left out)."""
    found = element.get("/K", [])
    found = found if isinstance(found, list) else [found]
    objects = [k.get_object() if hasattr(k, "get_object") else k for k in found]
    return [k for k in objects if isinstance(k, DictionaryObject) and "/S" in k]


def walk(element: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every structure element under `element`, in the order a screen reader reads them."""
    for kid in kids(element):
        yield kid
        yield from walk(kid)


def tree(reader: PdfReader) -> list[DictionaryObject]:
    return list(walk(reader.trailer["/Root"]["/StructTreeRoot"]))


def of_type(reader: PdfReader, *types: str) -> list[DictionaryObject]:
    return [element for element in tree(reader) if element["/S"] in types]


def types(elements: list[DictionaryObject]) -> list[str]:
    return [element["/S"] for element in elements]


def test_the_pdf_says_its_language_and_shows_its_title(reader: PdfReader) -> None:
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert reader.metadata.title == "Outcome of the Eleventh COMMIT Senior Officials Meeting"


def test_headings_are_tagged_by_level_in_reading_order(reader: PdfReader) -> None:
    # title; the meeting, its participants and agenda; three sections; the actions
    headings = of_type(reader, "/H1", "/H2", "/H3", "/H4", "/H5", "/H6")
    assert types(headings) == ["/H1", "/H2", "/H3", "/H3", "/H2", "/H2", "/H2", "/H2"]


def test_lists_hold_list_items_each_a_label_and_a_body(reader: PdfReader) -> None:
    lists = of_type(reader, "/L")
    for found in lists:
        assert set(types(kids(found))) <= {"/LI", "/L"}
    for item in of_type(reader, "/LI"):
        assert set(types(kids(item))) <= {"/Lbl", "/LBody"}
    meeting_facts = types(kids(lists[0]))  # meeting, venue, dates, host, adopted: the term as label
    assert meeting_facts == ["/LI"] * 5
    assert [types(kids(item)) for item in kids(lists[0])] == [["/Lbl", "/LBody"]] * 5


def test_the_actions_table_has_header_cells_that_its_cells_name(reader: PdfReader) -> None:
    [table] = of_type(reader, "/Table")
    head, body = kids(table)
    assert types([head, body]) == ["/THead", "/TBody"]
    [header_row] = kids(head)
    headers = kids(header_row)
    assert types(headers) == ["/TH"] * 3
    rows = kids(body)
    assert [types(kids(row)) for row in rows] == [["/TD"] * 3] * 4  # the four actions
    for row in rows:
        named = [cell["/A"]["/Headers"] for cell in kids(row)]
        assert named == [[header["/ID"]] for header in headers]
