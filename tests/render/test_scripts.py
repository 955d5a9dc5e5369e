"""Writing systems set as their readers expect: line breaks, fonts and direction in the PDF,
the page and the Word copy, from test drafts in Khmer, Lao, Myanmar, Thai, Arabic and Chinese
(tests/data/scripts: the UDHR's preamble, test texts, not official ones)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from pipeline.context import Document, Version, build_document
from pipeline.languages import segment
from pipeline.loading import load_draft
from pipeline.render.docx import render_review_copy
from pipeline.render.html import render_page
from pipeline.render.pdf import render_pdf
from pipeline.settings import load_settings
from tests.conftest import EXAMPLE, REPO, TEMPLATES
from tests.helpers import pdftotext, run, write_draft

SCRIPTS = REPO / "tests" / "data" / "scripts"
PUBLISHED = Version("published", 1, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))
MM = 72 / 25.4
#: The text block of print.css's A4 page: 25 mm from the left edge, 20 mm from the right.
TEXT_LEFT, TEXT_RIGHT = 25 * MM, (210 - 20) * MM
#: Where a numbered paragraph's lines start: the text block and the 10 mm of its number.
PARAGRAPH_LEFT = 35 * MM
LINE_HEIGHT = 10.5 * 1.4  # print.css: 10.5 pt type, 1.4 leading
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_of(language: str) -> tuple[Document, bytes]:
    """A test draft; "fa" is the Arabic one said to be in Persian, a language of the same
    script and direction that has no catalog of labels."""
    draft = load_draft(SCRIPTS / f"udhr-{'ar' if language == 'fa' else language}.yaml")
    outcome = replace(draft.outcome, language=language)
    return build_document(outcome, PUBLISHED, load_settings(REPO)), draft.source


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scripts")
    made = {}
    for language in ("km", "lo", "my", "th", "ar", "zh-hans", "fa"):
        document, source = document_of(language)
        made[language] = folder / f"udhr-{language}.pdf"
        render_pdf(document, TEMPLATES, source, made[language])
    return made


def boxes(pdf: Path, element: str) -> list[dict[str, float]]:
    """The boxes poppler finds for each `element` (block, line, word) of the PDF's text."""
    layout = pdftotext(pdf, "-bbox-layout")
    pattern = rf'<{element} xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"'
    keys = ("x_min", "y_min", "x_max", "y_max")
    return [
        dict(zip(keys, map(float, found), strict=True)) for found in re.findall(pattern, layout)
    ]


# --- the PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["km", "lo", "my", "th"])
def test_a_long_paragraph_wraps_inside_the_text_block(pdfs: dict[str, Path], language: str) -> None:
    """Khmer, Lao, Myanmar and Thai put no spaces between words: the first paragraph (the
    preamble's first three clauses) and the last (two clauses without their spaces) run over
    more than three lines each, none past the block's right edge."""
    words = boxes(pdfs[language], "word")
    assert words
    assert max(word["x_max"] for word in words) <= TEXT_RIGHT + 0.5
    assert min(word["x_min"] for word in words) >= TEXT_LEFT - 0.5
    paragraphs = [b for b in boxes(pdfs[language], "block") if abs(b["x_min"] - PARAGRAPH_LEFT) < 1]
    first, last = paragraphs[0], paragraphs[-1]
    assert first["y_max"] - first["y_min"] > 3 * LINE_HEIGHT
    assert last["y_max"] - last["y_min"] > 3 * LINE_HEIGHT


@pytest.mark.parametrize(
    ("language", "fonts"),
    [
        ("km", {"Noto-Serif-Khmer", "Noto-Sans-Khmer-Bold"}),
        ("lo", {"Noto-Serif-Lao", "Noto-Sans-Lao-Bold"}),  # fontconfig alone takes DejaVu Sans
        ("my", {"Noto-Serif-Myanmar", "Noto-Sans-Myanmar-Bold"}),
        ("th", {"Noto-Serif-Thai", "Noto-Sans-Thai-Bold"}),
        ("ar", {"Noto-Naskh-Arabic", "Noto-Sans-Arabic-Bold"}),
        ("zh-hans", {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold"}),
    ],
)
def test_the_script_is_set_in_its_own_font(
    pdfs: dict[str, Path], language: str, fonts: set[str]
) -> None:
    """Body text in the script's serif, headings in its sans; Latin names in Noto."""
    embedded = set()
    for page in PdfReader(pdfs[language]).pages:
        for resource in page["/Resources"]["/Font"].values():
            embedded.add(resource.get_object()["/BaseFont"].split("+")[-1])
    assert fonts <= embedded
    assert not any("DejaVu" in name for name in embedded)


def test_chinese_text_reads_back_whole(pdfs: dict[str, Path]) -> None:
    text = re.sub(r"\s+", "", pdftotext(pdfs["zh-hans"]))
    assert "鉴于有必要促进各国间友好关系的发展," in text


# --- segmentation -------------------------------------------------------------------------------

ZWSP = "\u200b"


def test_khmer_words_are_separated_where_a_line_may_break() -> None:
    assert segment("ប្រជុំមន្ត្រីជាន់ខ្ពស់។") == f"ប្រជុំ{ZWSP}មន្ត្រី{ZWSP}ជាន់ខ្ពស់។"


def test_lao_and_myanmar_words_are_separated_never_inside_a_syllable() -> None:
    assert segment("ກອງປະຊຸມເຈົ້າໜ້າທີ່ອາວຸໂສ") == f"ກອງ{ZWSP}ປະຊຸມ{ZWSP}ເຈົ້າໜ້າທີ່{ZWSP}ອາວຸໂສ"
    assert segment("ဖော်ထုတ်ခဲ့သည်။") == f"ဖော်ထုတ်{ZWSP}ခဲ့{ZWSP}သည်။"


def test_other_scripts_are_left_as_written() -> None:
    for text in ("The meeting adopted it.", "世界人权宣言", "ประชุม", "الإعلان العالمي"):
        assert segment(text) == text


# --- the page -----------------------------------------------------------------------------------


def page_of(language: str) -> etree._Element:
    document, _ = document_of(language)
    return etree.fromstring(render_page(document, TEMPLATES), etree.HTMLParser())


def test_an_arabic_page_runs_right_to_left() -> None:
    page = page_of("ar")
    assert page.get("lang") == "ar"
    assert page.get("dir") == "rtl"
    assert page.find(".//article").get("dir") == "rtl"


def test_an_arabic_page_has_arabic_labels_and_dates() -> None:
    page = page_of("ar")
    heading = page.find(".//section[@id='meeting']/h2")
    assert (heading.text, heading.get("lang")) == ("الاجتماع", None)
    dates = page.find(".//p[@class='dateline']/span")
    assert (dates.text, dates.get("lang")) == ("23–24 نوفمبر 2016", None)
    assert page.find(".//header[@class='site-header']").get("lang") is None


def test_english_labels_and_dates_in_a_page_without_a_catalog_are_marked_as_english() -> None:
    """Persian has no catalog: the labels and dates are English, marked so, left to right."""
    page = page_of("fa")
    heading = page.find(".//section[@id='meeting']/h2")
    assert (heading.text, heading.get("lang"), heading.get("dir")) == ("The meeting", "en", "ltr")
    dates = page.find(".//p[@class='dateline']/span")
    assert (dates.text, dates.get("lang"), dates.get("dir")) == ("23–24 November 2016", "en", "ltr")
    assert page.find(".//header[@class='site-header']").get("lang") == "en"


def test_an_english_page_marks_no_passage() -> None:
    document = build_document(load_draft(EXAMPLE).outcome, PUBLISHED, load_settings(REPO))
    page = etree.fromstring(render_page(document, TEMPLATES), etree.HTMLParser())
    assert [e.tag for e in page.iter() if e.get("lang")] == ["html", "article"]


def test_a_khmer_page_names_its_fonts_and_runs_left_to_right() -> None:
    page = page_of("km")
    assert (page.get("lang"), page.get("dir")) == ("km", "ltr")
    style = "".join(page.find(".//head/style").itertext())
    assert '--serif: "Noto Serif Khmer", "Noto Serif"' in style
    assert ZWSP not in etree.tostring(page, encoding="unicode")  # browsers break Khmer themselves


# --- the Word copy ------------------------------------------------------------------------------


def word_defaults(language: str, folder: Path) -> etree._Element:
    document, _ = document_of(language)
    out = folder / f"udhr-{language}-review.docx"
    render_review_copy(document, TEMPLATES / "review.docx", out)
    with zipfile.ZipFile(out) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    return styles.find(f"{W}docDefaults")


def attributes(element: etree._Element) -> dict[str, str]:
    return {name.removeprefix(W): value for name, value in element.attrib.items()}


def test_word_takes_khmer_from_the_complex_script_slot(tmp_path: Path) -> None:
    run_defaults = word_defaults("km", tmp_path).find(f"{W}rPrDefault/{W}rPr")
    assert attributes(run_defaults.find(f"{W}rFonts"))["cs"] == "Noto Serif Khmer"
    assert attributes(run_defaults.find(f"{W}lang")) == {"val": "en", "bidi": "km"}
    assert run_defaults.find(f"{W}rtl") is None


def test_word_takes_chinese_from_the_east_asian_slot(tmp_path: Path) -> None:
    run_defaults = word_defaults("zh-hans", tmp_path).find(f"{W}rPrDefault/{W}rPr")
    assert attributes(run_defaults.find(f"{W}rFonts"))["eastAsia"] == "Noto Serif CJK SC"
    assert attributes(run_defaults.find(f"{W}lang")) == {"val": "en", "eastAsia": "zh-CN"}


def test_word_sets_arabic_right_to_left(tmp_path: Path) -> None:
    defaults = word_defaults("ar", tmp_path)
    run_defaults = defaults.find(f"{W}rPrDefault/{W}rPr")
    assert attributes(run_defaults.find(f"{W}rFonts"))["cs"] == "Noto Naskh Arabic"
    assert [child.tag.removeprefix(W) for child in run_defaults][-2:] == ["rtl", "lang"]
    assert attributes(run_defaults.find(f"{W}lang")) == {"val": "en", "bidi": "ar"}
    paragraph_defaults = defaults.find(f"{W}pPrDefault/{W}pPr")
    assert [child.tag.removeprefix(W) for child in paragraph_defaults] == ["bidi", "spacing"]


# --- a character no font has --------------------------------------------------------------------


def test_a_character_no_font_has_refuses_the_publication(tmp_path: Path) -> None:
    text = (SCRIPTS / "udhr-km.yaml").read_text("utf-8")
    text = text.replace("ដែលត្រូវលើកស្ទួយ", "ដែល \ue000 ត្រូវលើកស្ទួយ")  # in the second paragraph
    write_draft(tmp_path, text, name="udhr-km")
    status, out, err = run(tmp_path, "validate", "--strict", "udhr-km")
    assert status == 1
    assert (
        "drafts/udhr-km.yaml:30:40: error: U+E000 is in no font installed here, so the PDF "
        "cannot print it; install a font that has it or write another character "
        "(sections[0].paragraphs[1].text)"
    ) in out + err


def test_english_labels_in_a_persian_pdf_stand_against_the_right_margin(
    pdfs: dict[str, Path],
) -> None:
    """A heading or a term left in English (Persian has no catalog) keeps its direction but
    not the left margin: it stands where the Arabic script does, apart from the value beside it."""
    layout = pdftotext(pdfs["fa"], "-bbox-layout")
    pattern = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>'
    words = [(float(x0), float(x1), text) for x0, x1, text in re.findall(pattern, layout)]
    right = max(x1 for _, x1, _ in words)
    heading = next(w for w in words if w[2] == "meeting")  # "The meeting"
    assert right - heading[1] < 2
    term = next(w for w in words if w[2] == "Venue")
    value = next(w for w in words if w[2] == "PDR")  # "Vientiane, Lao PDR"
    assert term[0] - value[1] > 10
