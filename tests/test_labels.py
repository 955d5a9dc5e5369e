"""Documents in the edition's language: the labels from the catalogs, the dates and numbers
from Unicode CLDR, a project's overrides, and every catalog complete and marked."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import lxml.html
import pytest
from babel.messages.pofile import read_po
from lxml import etree

from pipeline.context import Document, Version, build_document
from pipeline.errors import SettingsInvalid
from pipeline.labels import (
    ENGLISH,
    LANGUAGES,
    LOCALES,
    UNCHECKED,
    catalog_language,
    catalog_path,
    placeholders,
    wording,
)
from pipeline.loading import Draft
from pipeline.render.data import entries_of, outcome_json, render_archive, render_feed
from pipeline.render.docx import render_review_copy
from pipeline.render.html import render_page
from pipeline.render.pdf import render_pdf
from pipeline.settings import Settings, load_settings
from tests.conftest import REPO, TEMPLATES
from tests.helpers import libreoffice_convert, pdftotext

W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
PUBLISHED = Version("published", 2, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))
DRAFTED = Version("draft", 3, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))


def in_language(draft: Draft, language: str, version: Version, settings: Settings) -> Document:
    """The example as if written in `language` (its words stay English: only labels change)."""
    outcome = replace(draft.outcome, language=language)
    return build_document(outcome, version, settings)


def spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- dates and numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "day", "days", "months"),
    [
        ("en", "23 November 2016", "23–24 November 2016", "30 November – 1 December 2016"),
        ("fr", "23 novembre 2016", "23–24 novembre 2016", "30 novembre – 1 décembre 2016"),
        (
            "es",
            "23 de noviembre de 2016",
            "23–24 de noviembre de 2016",
            "30 de noviembre – 1 de diciembre de 2016",
        ),
        ("ru", "23 ноября 2016 г.", "23—24 ноября 2016 г.", "30 ноября — 1 декабря 2016 г."),
        ("ar", "23 نوفمبر 2016", "23–24 نوفمبر 2016", "30 نوفمبر – 1 ديسمبر 2016"),
        (
            "zh-Hans",
            "2016年11月23日",
            "2016年11月23日\u2009–\u200924日",
            "2016年11月30日\u2009–\u200912月1日",
        ),
        ("km", "23 វិច្ឆិកា 2016", "23 – 24 វិច្ឆិកា 2016", "30 វិច្ឆិកា – 1 ធ្នូ 2016"),
        ("th", "23 พฤศจิกายน ค.ศ. 2016", "23–24 พฤศจิกายน 2016", "30 พฤศจิกายน – 1 ธันวาคม 2016"),
        ("vi", "23 tháng 11, 2016", "23 – 24 tháng 11, 2016", "30 tháng 11 – 1 tháng 12, 2016"),
        # Lao's CLDR interval writes months as numbers: the two long dates instead.
        ("lo", "23 ພະຈິກ 2016", "23 ພະຈິກ 2016 – 24 ພະຈິກ 2016", "30 ພະຈິກ 2016 – 1 ທັນວາ 2016"),
    ],
)
def test_dates_are_written_as_cldr_writes_them_and_english_as_the_un_does(
    language: str, day: str, days: str, months: str
) -> None:
    words = wording(language)
    assert spaced(words.date(date(2016, 11, 23))) == spaced(day)
    assert spaced(words.dates(date(2016, 11, 23), date(2016, 11, 24))) == spaced(days)
    assert spaced(words.dates(date(2016, 11, 30), date(2016, 12, 1))) == spaced(months)


def test_the_archive_month_and_a_large_number_follow_the_language() -> None:
    assert (wording("en").month(2016, 11), wording("en").number(1250)) == ("November 2016", "1,250")
    assert (wording("fr").month(2016, 11), wording("fr").number(1250)) == (
        "novembre 2016",
        "1\u202f250",
    )
    assert wording("zh-Hans").month(2016, 11) == "2016年11月"


@pytest.mark.parametrize(
    ("tag", "catalog"),
    [
        ("zh", "zh-Hans"),
        ("zh-Hans-CN", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh-Hant", None),
        ("zh-TW", None),
        ("fr-CA", "fr"),
        ("km-KH", "km"),
        ("de", None),
    ],
)
def test_a_language_takes_the_catalog_of_its_language(tag: str, catalog: str | None) -> None:
    assert catalog_language(tag) == catalog


def test_a_language_without_a_catalog_gets_english_labels() -> None:
    words = wording("de")
    assert (words.language, words.texts["actions"]) == ("en", "Follow-up actions")
    assert words.date(date(2016, 11, 23)) == "23 November 2016"


# --- the catalogs -------------------------------------------------------------------------------


def entries(path: Path) -> dict[str, object]:
    with path.open("rb") as file:
        return {m.context: m for m in read_po(file) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_has_every_label_with_its_values(language: str) -> None:
    found = entries(catalog_path(language))
    assert set(found) == set(ENGLISH)
    for name, message in found.items():
        assert message.id == ENGLISH[name]
        assert message.string, f"{language}: {name} is not translated"
        assert sorted(placeholders(message.string)) == sorted(placeholders(ENGLISH[name]))
        assert "fuzzy" not in message.flags


def test_the_template_lists_every_label_untranslated() -> None:
    found = entries(LOCALES / "outcomes.pot")
    assert {name: m.id for name, m in found.items()} == ENGLISH
    assert not any(m.string for m in found.values())


def test_the_english_catalog_is_the_english() -> None:
    assert {n: m.string for n, m in entries(catalog_path("en")).items()} == ENGLISH


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_translation_is_marked_unchecked_or_says_who_checked_it(language: str) -> None:
    for name, message in entries(catalog_path(language)).items():
        checked = any(c.startswith("checked by ") for c in message.user_comments)
        assert (UNCHECKED in message.flags) != checked, f"{language}: {name}"


def test_the_word_footer_keeps_the_page_before_the_pages_in_every_language() -> None:
    for language in LANGUAGES:
        text = entries(catalog_path(language))["word_page"].string
        assert placeholders(text) == ["page", "pages"], language


# --- the editions, in French --------------------------------------------------------------------


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, bytes]:
    from pipeline.loading import load_draft
    from tests.conftest import EXAMPLE

    draft = load_draft(EXAMPLE)
    return in_language(draft, "fr", PUBLISHED, load_settings(REPO)), draft.source


def test_the_french_page_has_french_labels(french: tuple[Document, bytes]) -> None:
    page = lxml.html.fromstring(render_page(french[0], TEMPLATES))
    assert page.find(".//section[@id='meeting']/h2").text == "La réunion"
    assert page.find(".//section[@id='actions']/h2").text == "Mesures de suivi"
    heads = [th.text for th in page.findall(".//section[@id='actions']//thead//th")]
    assert heads == ["Nº", "Mesure", "Responsable", "Échéance"]
    assert page.find(".//p[@class='dateline']/span").text == "23–24 novembre 2016"
    assert page.find(".//p[@class='version']/span").text == "Version publiée 2 · 25 novembre 2016"
    assert page.find(".//a[@class='skip-link']").text == "Aller au contenu"
    # Nothing is marked English but the organisation's name, in the bar and the footer.
    marked = [(e.tag, e.get("lang")) for e in page.iter() if e.get("lang")]
    assert marked == [("html", "fr"), ("a", "en"), ("article", "fr"), ("span", "en")]


def test_the_french_pdf_has_french_labels_and_page_numbers(
    tmp_path: Path, french: tuple[Document, bytes]
) -> None:
    document, source = french
    render_pdf(document, TEMPLATES, source, tmp_path / "fr.pdf")
    text = spaced(pdftotext(tmp_path / "fr.pdf"))
    assert "Adopté à Vientiane, le 24 novembre 2016" in text
    assert "Mesures de suivi" in text
    assert "page 1 sur 2" in text
    assert "Version publiée 2 · 25 novembre 2016" in text


def test_the_french_word_copy_has_french_labels(
    tmp_path: Path, french: tuple[Document, bytes]
) -> None:
    document = replace(french[0], version=DRAFTED)
    out = tmp_path / "fr.docx"
    render_review_copy(document, TEMPLATES / "review.docx", out)
    word = docx.Document(str(out))
    texts = [p.text for p in word.paragraphs]
    assert "Mesures de suivi" in texts
    assert "Numéro\u00a0: 11" in texts  # French sets a space before the colon
    assert any(
        t.startswith("Projet soumis pour examen (version 3 du 25 novembre 2016).") for t in texts
    )
    header = word.sections[0].header.paragraphs[0].text
    assert header.startswith("PROJET soumis pour examen · version 3 · 25 novembre 2016")
    assert word.sections[0].footer.paragraphs[0].text == "Page 1 sur 1"
    assert [c.text for c in word.tables[0].rows[0].cells] == [
        "Nº",
        "Mesure",
        "Responsable",
        "Échéance",
    ]


def test_the_french_json_carries_the_french_labels(french: tuple[Document, bytes]) -> None:
    data = json.loads(outcome_json(french[0], None))
    assert data["labels"]["language"] == "fr"
    assert data["labels"]["texts"]["actions"] == "Mesures de suivi"
    assert data["versions"][-1]["dates"] == "23–24 novembre 2016"


def test_the_archive_and_feed_list_an_outcome_in_its_language(
    french: tuple[Document, bytes],
) -> None:
    data = outcome_json(french[0], None)
    settings = load_settings(REPO)  # the project's language is English
    entries = entries_of({"commit-som11": data})
    archive = lxml.html.fromstring(render_archive(entries, settings, TEMPLATES))
    assert archive.find(".//h1").text == "Outcome documents"
    assert archive.find(".//section/h2").text == "November 2016"
    dateline = spaced(archive.find(".//article//p[@class='dateline']").text_content())
    assert dateline == (
        "24 novembre 2016 · Vientiane, Lao PDR · révisé le 25 novembre 2016 (version 2)"
    )
    feed = render_feed(entries, settings, TEMPLATES).decode()
    assert f"<title>{french[0].headline} – révisé, version 2</title>" in feed


# --- other scripts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "meeting", "actions"),
    [
        ("km", "កិច្ចប្រជុំ", "សកម្មភាពតាមដាន"),
        ("ar", "الاجتماع", "إجراءات المتابعة"),
        ("zh-Hans", "会议", "后续行动"),
    ],
)
def test_the_page_and_word_copy_print_the_labels_of_their_language(
    tmp_path: Path,
    example_draft: Draft,
    settings: Settings,
    language: str,
    meeting: str,
    actions: str,
) -> None:
    document = in_language(example_draft, language, DRAFTED, settings)
    page = lxml.html.fromstring(render_page(document, TEMPLATES))
    assert page.find(".//section[@id='meeting']/h2").text == meeting
    render_review_copy(document, TEMPLATES / "review.docx", tmp_path / "copy.docx")
    assert actions in [p.text for p in docx.Document(str(tmp_path / "copy.docx")).paragraphs]


def footer_of(copy: Path) -> etree._Element:
    with zipfile.ZipFile(copy) as package:
        return etree.fromstring(package.read("word/footer1.xml"))


def test_english_labels_keep_the_footer_of_a_right_to_left_copy_left_to_right(
    tmp_path: Path, example_draft: Draft, settings: Settings
) -> None:
    """Persian has no catalog: "Page X of Y" is English, set left to right in its footer,
    while an Arabic copy's Arabic words follow the document, right to left."""
    persian = in_language(example_draft, "fa", DRAFTED, settings)
    render_review_copy(persian, TEMPLATES / "review.docx", tmp_path / "fa.docx")
    footer = footer_of(tmp_path / "fa.docx")
    assert footer.xpath("//w:p/w:pPr/w:bidi/@w:val", namespaces=W) == ["0"]
    assert set(footer.xpath("//w:r/w:rPr/w:rtl/@w:val", namespaces=W)) == {"0"}
    arabic = in_language(example_draft, "ar", DRAFTED, settings)
    render_review_copy(arabic, TEMPLATES / "review.docx", tmp_path / "ar.docx")
    footer = footer_of(tmp_path / "ar.docx")
    assert footer.xpath("//w:bidi | //w:rtl", namespaces=W) == []


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_english_footer_of_a_persian_copy_in_order(
    tmp_path: Path, example_draft: Draft, settings: Settings
) -> None:
    persian = in_language(example_draft, "fa", DRAFTED, settings)
    render_review_copy(persian, TEMPLATES / "review.docx", tmp_path / "fa.docx")
    text = pdftotext(libreoffice_convert(tmp_path / "fa.docx", tmp_path))
    assert [line for line in text.splitlines() if "Page" in line] == [
        "Page 1 of 3",
        "Page 2 of 3",
        "Page 3 of 3",
    ]


# --- a project's own labels ---------------------------------------------------------------------


def project_with(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.outcomes]\n{table}", "utf-8")
    return tmp_path


def test_a_project_overrides_labels_of_its_language_and_of_another(
    tmp_path: Path, example_draft: Draft
) -> None:
    settings = load_settings(
        project_with(
            tmp_path,
            'labels = { actions = "Next steps", fr = { actions = "Suites à donner" } }\n',
        )
    )
    english = build_document(example_draft.outcome, PUBLISHED, settings)
    page = lxml.html.fromstring(render_page(english, TEMPLATES))
    assert page.find(".//section[@id='actions']/h2").text == "Next steps"
    french = in_language(example_draft, "fr-FR", PUBLISHED, settings)
    page = lxml.html.fromstring(render_page(french, TEMPLATES))
    assert page.find(".//section[@id='actions']/h2").text == "Suites à donner"
    assert page.find(".//section[@id='meeting']/h2").text == "La réunion"


def test_the_labels_table_of_the_projects_language_may_be_given_as_its_own_table(
    tmp_path: Path,
) -> None:
    table = 'language = "km"\n[tool.outcomes.labels]\nactions = "សកម្មភាព"\n'
    assert load_settings(project_with(tmp_path, table)).labels == {"km": {"actions": "សកម្មភាព"}}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[tool.outcomes.labels]\nactoins = "Next steps"\n',
            r"pyproject\.toml: \[tool\.outcomes\.labels\] has no label 'actoins'; did you mean "
            r"'actions'\?$",
        ),
        (
            '[tool.outcomes.labels]\nsummary_of_it = "Next steps"\n',
            r"\[tool\.outcomes\.labels\] has no label 'summary_of_it'; the labels are: ",
        ),
        (
            '[tool.outcomes.labels.de]\nactions = "Folgemaßnahmen"\n',
            r"pyproject\.toml: \[tool\.outcomes\.labels\.de\] names a language without a "
            r"catalog, 'de'; the languages are: en, fr, es, ru, ar, zh-Hans, km, lo, my, th, vi",
        ),
        (
            '[tool.outcomes.labels.fr]\nversion = "version"\n',
            r"\[tool\.outcomes\.labels\.fr\] version must hold \{number\}, as its English does",
        ),
        (
            '[tool.outcomes.labels]\nword_page = "{pages} / {page}"\n',
            r"word_page must hold \{page\} and \{pages\}, in this order, as its English does",
        ),
        ("[tool.outcomes.labels]\nactions = 3\n", r"actions must be a text in quotes"),
    ],
)
def test_an_unknown_or_broken_label_is_refused_naming_the_file(
    tmp_path: Path, table: str, message: str
) -> None:
    with pytest.raises(SettingsInvalid, match=message) as refused:
        load_settings(project_with(tmp_path, table))
    assert str(tmp_path / "pyproject.toml") in str(refused.value)


# --- start-up -----------------------------------------------------------------------------------


def test_help_and_validate_do_not_import_babel() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from pipeline.cli import cli\n"
        "CliRunner().invoke(cli, ['--help'])\n"
        "CliRunner().invoke(cli, ['--project', sys.argv[1], 'validate'])\n"
        "print('babel' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(REPO)], capture_output=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == b"False"


# --- the redlines -------------------------------------------------------------------------------


def test_the_web_redline_of_a_french_outcome_has_french_words(example_draft: Draft) -> None:
    from pipeline.compare import compare, redline
    from pipeline.render.redline_page import render_redline_page

    before = replace(example_draft.outcome, language="fr")
    sections = [replace(s, paragraphs=s.paragraphs[1:]) for s in before.sections]
    after = replace(before, sections=sections)
    comparison = compare(before, after)
    names = ("draft-1", "draft-2")
    html = render_redline_page(
        TEMPLATES, after, names, comparison, redline(before, after, comparison)
    )
    page = lxml.html.fromstring(html)
    assert page.find(".//title").text.endswith(": modifications de draft-1 à draft-2")
    assert page.find(".//p[@class='key']").text_content() == (
        "inséré · supprimé · les paragraphes sont numérotés comme dans draft-2"
    )
    assert "supprimé" in [n.text for n in page.findall(".//span[@class='note']")]
    summary = page.find(".//p[@class='summary']")
    assert summary[0].text_content() == "Modifications de draft-1 à draft-2\u00a0: "
    assert summary[1].get("lang") == "en"  # the summary diff prints, in English
