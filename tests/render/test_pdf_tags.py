"""The print edition's tags, read back from the structure tree: what a screen reader follows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from pipeline.context import build_document
from pipeline.loading import load_draft
from pipeline.render.pdf import render_pdf
from pipeline.settings import load_settings
from tests.conftest import EXAMPLE, REPO, TEMPLATES
from tests.render.test_pdf import PUBLISHED


@dataclass
class Tagged:
    """A PDF read back: its structure elements in reading order, and the text each one marks."""

    reader: PdfReader
    elements: list[DictionaryObject]
    texts: dict[tuple[int, int], str]  # (page object number, MCID) -> text

    def of_type(self, *types: str) -> list[DictionaryObject]:
        return [element for element in self.elements if element["/S"] in types]

    def text(self, element: DictionaryObject) -> str:
        """What the element and everything under it says, spaces normalised."""
        pieces = [self.texts.get(key, "") for key in marked_content(element)]
        return " ".join("".join(pieces).split())


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Tagged:
    """The example's print edition (two A4 pages), read back."""
    draft = load_draft(EXAMPLE)
    document = build_document(draft.outcome, PUBLISHED, load_settings(REPO))
    out = tmp_path_factory.mktemp("tags") / "commit-som11.pdf"
    render_pdf(document, TEMPLATES, draft.source, out)
    reader = PdfReader(out)
    texts = {
        (page.indirect_reference.idnum, mcid): text
        for page in reader.pages
        for mcid, text in page_texts(page).items()
    }
    return Tagged(reader, list(walk(reader.trailer["/Root"]["/StructTreeRoot"])), texts)


def page_texts(page: PageObject) -> dict[int, str]:
    """The text of every marked-content sequence on `page`, by its MCID."""
    texts: dict[int, str] = {}
    open_ids: list[int | None] = []  # the MCIDs of the sequences open at this point

    def before(operator: bytes, operands: list, *_: object) -> None:
        if operator == b"BDC" and isinstance(operands[-1], DictionaryObject):
            open_ids.append(operands[-1].get("/MCID"))
        elif operator == b"BMC":
            open_ids.append(None)
        elif operator == b"EMC" and open_ids:
            open_ids.pop()

    def text(found: str, *_: object) -> None:
        if open_ids and open_ids[-1] is not None:
            texts[open_ids[-1]] = texts.get(open_ids[-1], "") + found

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def kids(element: DictionaryObject) -> list[DictionaryObject]:
    """The structure elements directly under `element` (marked content left out)."""
    return [kid for kid in _k(element) if isinstance(kid, DictionaryObject) and "/S" in kid]


def _k(element: DictionaryObject) -> list:
    found = element.get("/K", [])
    found = found if isinstance(found, list) else [found]
    return [kid.get_object() if hasattr(kid, "get_object") else kid for kid in found]


def walk(element: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every structure element under `element`, in the order a screen reader reads them."""
    for kid in kids(element):
        yield kid
        yield from walk(kid)


def marked_content(element: DictionaryObject) -> Iterator[tuple[int, int]]:
    """(page object number, MCID) of every marked-content sequence under `element`, in order."""
    for kid in _k(element):
        if isinstance(kid, int):
            yield element.raw_get("/Pg").idnum, kid
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            yield from marked_content(kid)


def types(elements: list[DictionaryObject]) -> list[str]:
    return [element["/S"] for element in elements]


def test_the_pdf_says_its_language_and_shows_its_title(tagged: Tagged) -> None:
    catalog = tagged.reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert tagged.reader.metadata.title == "Outcome of the Eleventh COMMIT Senior Officials Meeting"


def test_headings_are_tagged_by_level_in_reading_order(tagged: Tagged) -> None:
    headings = tagged.of_type("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")
    assert [(h["/S"], tagged.text(h)) for h in headings] == [
        ("/H1", "Outcome of the Eleventh COMMIT Senior Officials Meeting"),
        ("/H2", "The meeting"),
        ("/H3", "Participants"),
        ("/H3", "Agenda"),
        ("/H2", "Key outcomes"),
        ("/H2", "Decisions"),
        ("/H2", "Next steps"),
        ("/H2", "Follow-up actions"),
    ]


def test_lists_hold_list_items_each_a_label_and_a_body(tagged: Tagged) -> None:
    for found in tagged.of_type("/L"):
        assert set(types(kids(found))) <= {"/LI", "/L"}
    for item in tagged.of_type("/LI"):
        assert set(types(kids(item))) <= {"/Lbl", "/LBody"}


def test_each_meeting_fact_is_one_list_item_its_term_the_label(tagged: Tagged) -> None:
    facts = kids(tagged.of_type("/L")[0])
    assert types(facts) == ["/LI"] * 6
    assert [[(part["/S"], tagged.text(part)) for part in kids(item)] for item in facts] == [
        [("/Lbl", "Process"), ("/LBody", "COMMIT Process")],
        [
            ("/Lbl", "Meeting"),
            ("/LBody", "Regional COMMIT Task Force and Senior Officials Meeting (SOM 11)"),
        ],
        [("/Lbl", "Number"), ("/LBody", "11")],
        [("/Lbl", "Venue"), ("/LBody", "Vientiane, Lao PDR")],
        [("/Lbl", "Dates"), ("/LBody", "23–24 November 2016")],
        [("/Lbl", "Host"), ("/LBody", "Government of Lao PDR")],
    ]  # the adoption is told in the line under the masthead


def test_every_list_item_is_read_with_its_label_in_order(tagged: Tagged) -> None:
    labels = [tagged.text(label) for label in tagged.of_type("/Lbl")]
    assert labels == [
        *("Process", "Meeting", "Number", "Venue", "Dates", "Host"),
        *["•"] * 6,  # the participants
        *("1.", "2.", "3.", "4.", "5."),  # the agenda
        *("1.", "2.", "3.", "4.", "5.", "(a)", "(b)", "6.", "7.", "8.", "9."),  # the paragraphs
    ]


def test_the_actions_table_has_header_cells_that_its_cells_name(tagged: Tagged) -> None:
    [table] = tagged.of_type("/Table")
    head, body = kids(table)
    assert types([head, body]) == ["/THead", "/TBody"]
    [header_row] = kids(head)
    headers = kids(header_row)
    assert [(h["/S"], tagged.text(h)) for h in headers] == [
        ("/TH", "No."),
        ("/TH", "Action"),
        ("/TH", "Responsible"),
        ("/TH", "Due"),
    ]
    rows = kids(body)
    # the four actions, each a row headed by its number
    assert [types(kids(row)) for row in rows] == [["/TH", "/TD", "/TD", "/TD"]] * 4
    assert [tagged.text(kids(row)[0]) for row in rows] == ["A1", "A2", "A3", "A4"]
    for row in rows:
        number, *cells = kids(row)
        assert [cell["/A"]["/Headers"] for cell in cells] == [
            [number["/ID"], h["/ID"]] for h in headers[1:]
        ]
