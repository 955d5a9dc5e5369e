"""The bundled example's eight language editions (drafts/commit-som11.<lang>.yaml), published as
`make example` publishes them, each set inside its page's text block."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from pipeline.render.data import entries_of, render_archive
from pipeline.settings import load_settings
from tests.conftest import REPO, TEMPLATES
from tests.helpers import example_project, libreoffice_convert, pdftotext, run
from tests.render.test_scripts import (
    LINE_HEIGHT,
    PARAGRAPH_LEFT,
    TEXT_LEFT,
    TEXT_RIGHT,
    boxes,
)

#: The six COMMIT governments' languages, French and Arabic, as the Makefile lists them.
LANGUAGES = ["km", "zh-Hans", "lo", "my", "th", "vi", "fr", "ar"]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example drafted and published, then each of its translations published."""
    with example_project(tmp_path_factory) as root:
        for command in ("draft", "publish"):
            assert run(root, command, "commit-som11")[0] == 0
        for language in LANGUAGES:
            name = f"commit-som11.{language}"
            shutil.copy(REPO / f"drafts/{name}.yaml", root / "drafts")
            status, _, err = run(root, "publish", name)
            assert status == 0, err
        for language in ("zh-Hans", "ar"):  # their Word copies, to check
            status, _, err = run(root, "draft", f"commit-som11.{language}")
            assert status == 0, err
        yield root


def pdf_of(root: Path, language: str) -> Path:
    return root / f"published/commit-som11/{language}/commit-som11.{language}.pdf"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_edition_is_published_in_its_language(example: Path, language: str) -> None:
    data = json.loads(
        (example / f"published/commit-som11/{language}/commit-som11.{language}.json").read_bytes()
    )
    assert (data["language"], data["version"]) == (language, 1)
    assert PdfReader(pdf_of(example, language)).trailer["/Root"]["/Lang"] == language
    source = json.loads((example / "published/commit-som11/commit-som11.json").read_bytes())
    assert sorted(e["language"] for e in source["editions"]) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_line_of_an_editions_pdf_leaves_the_text_block(example: Path, language: str) -> None:
    lines = boxes(pdf_of(example, language), "line")
    assert lines
    assert max(line["x_max"] for line in lines) <= TEXT_RIGHT + 0.5
    assert min(line["x_min"] for line in lines) >= TEXT_LEFT - 0.5


@pytest.mark.parametrize("language", ["km", "lo", "my"])
def test_khmer_lao_and_myanmar_paragraphs_wrap_over_many_lines_inside_the_block(
    example: Path, language: str
) -> None:
    """These scripts put no spaces between words: a long paragraph runs over more than three
    lines, each broken between words, none past the block's right edge."""
    pdf = pdf_of(example, language)
    paragraphs = [b for b in boxes(pdf, "block") if abs(b["x_min"] - PARAGRAPH_LEFT) < 1]
    long = [b for b in paragraphs if b["y_max"] - b["y_min"] > 3 * LINE_HEIGHT]
    assert long
    for block in long:
        assert block["x_max"] <= TEXT_RIGHT + 0.5


MARKER = re.compile(r"•|\d+\.|\.")  # "1." may come as two pieces, "1" and "."


def baselines(pdf: Path) -> list[tuple[int, float, str]]:
    """Each piece of text of the PDF: its page, the height of its baseline, its text."""
    found = []
    for number, page in enumerate(PdfReader(pdf).pages):

        def visit(text: str, cm: list, tm: list, font: object, size: float, n: int = number):
            if text.strip():
                found.append((n, tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("language", ["km", "lo", "my", "th"])
def test_bullets_and_numbers_stand_on_the_line_of_their_text(example: Path, language: str) -> None:
    """A marker set apart from its text stood lower than it where the script's font is the
    taller (Myanmar's agenda numbers: 3.8 pt below)."""
    pieces = baselines(pdf_of(example, language))
    words = {(page, round(y)) for page, y, text in pieces if not MARKER.fullmatch(text)}
    markers = [(page, y) for page, y, text in pieces if MARKER.fullmatch(text)]
    assert len(markers) >= 6 + 5 + 9  # the participant groups, agenda items and paragraphs
    assert [m for m in markers if (m[0], round(m[1])) not in words] == []


# --- each edition's own words and punctuation ---------------------------------------------------


def page_of(root: Path, language: str) -> etree._Element:
    path = root / f"published/commit-som11/{language}/index.html"
    return etree.fromstring(path.read_bytes(), etree.HTMLParser())


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


def word_copy(root: Path, language: str) -> list[str]:
    path = root / f"drafts/commit-som11/commit-som11.{language}-review.docx"
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("km", "ភាសា"),
        ("zh-Hans", "语言"),
        ("lo", "ພາສາ"),
        ("my", "ဘာသာစကားများ"),
        ("th", "ภาษา"),
        ("vi", "Ngôn ngữ"),
        ("fr", "Langues"),
        ("ar", "اللغات"),
    ],
)
def test_each_editions_language_switcher_is_named_in_its_language(
    example: Path, language: str, name: str
) -> None:
    (switcher,) = page_of(example, language).findall(".//nav[@class='languages']")
    assert switcher.get("aria-label") == name


def test_the_organisations_name_is_marked_in_the_projects_language(example: Path) -> None:
    """Screen readers read "UN-ACT, COMMIT Secretariat" as English on the Khmer page."""
    page = page_of(example, "km")
    name = page.find(".//a[@class='site-name']")
    footer = page.find(".//footer[@class='site-footer']//span")
    assert (name.get("lang"), name.text) == ("en", "UN-ACT, COMMIT Secretariat")
    assert (footer.get("lang"), footer.text) == ("en", "UN-ACT, COMMIT Secretariat")


#: The first participant group of the example, its venue and its meeting, as each edition prints
#: them: Chinese joins with "；" "，" and full-width brackets, Arabic with "؛" and "،".
CHINESE_MEMBERS = (
    "COMMIT成员国政府，由各国COMMIT国家工作组领导代表："
    "柬埔寨；中国；老挝人民民主共和国；缅甸；泰国；越南"
)
CHINESE_VENUE = "万象，老挝人民民主共和国"
CHINESE_MEETING = "COMMIT区域工作组暨高官会（第十一次高官会）"
ARABIC_MEMBERS = (
    "حكومات الدول الأعضاء في عملية COMMIT، ممثلةً بقيادات فرق عمل COMMIT الوطنية التابعة لها: "
    "كمبوديا؛ الصين؛ جمهورية لاو الديمقراطية الشعبية؛ ميانمار؛ تايلند؛ فييت نام"
)
ARABIC_VENUE = "فيينتيان، جمهورية لاو الديمقراطية الشعبية"


def test_the_chinese_page_joins_members_places_and_names_as_chinese_writes(
    example: Path,
) -> None:
    page = page_of(example, "zh-Hans")
    assert text_of(page.find(".//ul[@class='participants']/li")) == CHINESE_MEMBERS
    facts = {f.findtext("dt"): text_of(f.find("dd")) for f in page.findall(".//dl/div")}
    assert (facts["会议"], facts["地点"]) == (CHINESE_MEETING, CHINESE_VENUE)
    dateline = text_of(page.find(".//p[@class='dateline']"))
    assert dateline == "万象，老挝人民民主共和国 · 2016年11月23日\u2009–\u200924日"


def test_the_arabic_page_joins_members_and_places_as_arabic_writes(example: Path) -> None:
    page = page_of(example, "ar")
    assert text_of(page.find(".//ul[@class='participants']/li")) == ARABIC_MEMBERS
    facts = {f.findtext("dt"): text_of(f.find("dd")) for f in page.findall(".//dl/div")}
    assert facts["المكان"] == ARABIC_VENUE


def test_the_chinese_pdf_and_word_copy_write_chinese_punctuation(example: Path) -> None:
    text = "".join(pdftotext(pdf_of(example, "zh-Hans")).split())
    for printed in (CHINESE_MEMBERS, CHINESE_VENUE, CHINESE_MEETING):
        assert printed in text
    paragraphs = word_copy(example, "zh-Hans")
    assert CHINESE_MEETING in paragraphs
    assert "万象，老挝人民民主共和国，2016年11月23日\u2009–\u200924日" in paragraphs
    assert CHINESE_MEMBERS in paragraphs


def test_the_arabic_word_copy_writes_arabic_punctuation(example: Path) -> None:
    paragraphs = word_copy(example, "ar")
    assert "فيينتيان، جمهورية لاو الديمقراطية الشعبية، 23–24 نوفمبر 2016" in paragraphs
    assert ARABIC_MEMBERS in paragraphs


def test_the_archive_names_the_editions_in_the_projects_language(example: Path) -> None:
    source = (example / "published/commit-som11/commit-som11.json").read_bytes()
    entries = entries_of({"commit-som11": source})
    settings = load_settings(example)
    languages = "العربية · Français · ខ្មែរ · ລາວ · မြန်မာ · ไทย · Tiếng Việt · 简体中文"
    for language, line in [
        ("en", f"Also in: {languages}"),
        ("zh-Hans", f"其他语言版本：{languages}"),
    ]:
        archive = render_archive(entries, replace(settings, language=language), TEMPLATES)
        page = etree.fromstring(archive.encode(), etree.HTMLParser())
        assert text_of(page.find(".//p[@class='archive-editions']")) == line


#: The bidi controls pdftotext writes around the runs of a right-to-left line.
DIRECTION_MARKS = "[\u200e\u200f\u202a-\u202e]"


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_arabic_word_footer_reads_page_x_of_y_right_to_left(
    example: Path, tmp_path: Path
) -> None:
    """LibreOffice lays the footer out right to left: its text, read in logical order (the
    direction marks pdftotext adds taken for spaces), is the label's words around the fields."""
    copy = example / "drafts/commit-som11/commit-som11.ar-review.docx"
    text = re.sub(DIRECTION_MARKS, " ", pdftotext(libreoffice_convert(copy, tmp_path)))
    footers = [" ".join(line.split()) for line in text.splitlines() if "الصفحة" in line]
    assert footers == ["الصفحة 1 من 3", "الصفحة 2 من 3", "الصفحة 3 من 3"]
