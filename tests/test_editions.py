"""Language editions: a translation published beside its source, as its own versions, once
every text translates the source's latest published version.

The translated texts here are stand-ins made for these tests ("km text 12"), not translations.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from pypdf import PdfReader

from tests.helpers import edit, example_project, git, pdftotext, run, state

KM = "drafts/commit-som11.km.yaml"
MARKED = re.compile(r"(?<=[:-] )TO TRANSLATE$", re.MULTILINE)
SITE = "https://un-act.org/commit/outcomes/"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KM_FILES = [
    "published/catalog.json",
    "published/commit-som11/commit-som11.json",
    "published/commit-som11/fragment.html",
    "published/commit-som11/index.html",
    "published/commit-som11/km/commit-som11.km.json",
    "published/commit-som11/km/commit-som11.km.pdf",
    "published/commit-som11/km/fragment.html",
    "published/commit-som11/km/index.html",
    "published/commit-som11/km/v1/commit-som11.km.json",
    "published/commit-som11/km/v1/commit-som11.km.pdf",
    "published/commit-som11/km/v1/fragment.html",
    "published/commit-som11/km/v1/index.html",
    "published/feed.xml",
    "published/index.html",
]


def translate(root: Path, language: str) -> None:
    """Start the translation into `language` and fill each text with a numbered stand-in."""
    assert run(root, "translate", "commit-som11", "--to", language)[0] == 0
    path = root / f"drafts/commit-som11.{language}.yaml"
    numbers = itertools.count(1)
    text = MARKED.sub(lambda _: f"{language} text {next(numbers)}", path.read_text("utf-8"))
    path.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example drafted, translated into km and ar from draft-1 (stand-ins), not yet
    published."""
    with example_project(tmp_path_factory) as root:
        assert run(root, "draft", "commit-som11")[0] == 0
        translate(root, "km")
        translate(root, "ar")
        yield root


@pytest.fixture(scope="module")
def published(translated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`translated` with the source published, then its km and ar editions."""
    root = Path(shutil.copytree(translated, tmp_path_factory.mktemp("published") / "p"))
    for name in ("commit-som11", "commit-som11.km", "commit-som11.ar"):
        status, _, err = run(root, "publish", name)
        assert status == 0, err
    return root


@pytest.fixture
def project(translated: Path, tmp_path: Path) -> Path:
    """A copy of `translated` for one test to change, its source published."""
    root = Path(shutil.copytree(translated, tmp_path / "project"))
    assert run(root, "publish", "commit-som11")[0] == 0
    return root


def page(root: Path, path: str) -> etree._Element:
    return etree.fromstring((root / path).read_bytes(), etree.HTMLParser())


def switcher(root: Path, path: str) -> list[tuple[str, str, str, str, str | None]]:
    """The language switcher of a page: each link's text, href, lang, hreflang, aria-current."""
    links = page(root, path).findall(".//nav[@class='languages']//a")
    return [
        (a.text, a.get("href"), a.get("lang"), a.get("hreflang"), a.get("aria-current"))
        for a in links
    ]


def alternates(root: Path, path: str) -> list[tuple[str, str]]:
    links = page(root, path).findall(".//head/link[@hreflang]")
    return [(link.get("hreflang"), link.get("href")) for link in links]


# --- publishing -------------------------------------------------------------------------------


def test_an_edition_is_its_own_published_version_with_its_own_tag(project: Path) -> None:
    status, out, err = run(project, "publish", "--json", str(project / KM))
    assert status == 0, err
    report = json.loads(out)
    assert (report["id"], report["version"], report["tag"]) == (
        "commit-som11.km",
        1,
        "commit-som11.km/published-1",
    )
    assert report["paths"] == KM_FILES
    assert git(project, "cat-file", "-t", "commit-som11.km/published-1") == "tag"
    committed = git(project, "show", "--name-only", "--format=", "HEAD").splitlines()
    # The source's fragment, which has no switcher, is written again as it was.
    unchanged = "published/commit-som11/fragment.html"
    assert committed == sorted([KM, *(path for path in KM_FILES if path != unchanged)])
    status_lines = git(project, "status", "--porcelain").splitlines()
    assert status_lines == ["?? drafts/commit-som11.ar.yaml", "?? pyproject.toml"]  # not recorded
    # The source's own versions are untouched: its history lists its versions only.
    assert git(project, "tag", "--list", "commit-som11/*").splitlines() == [
        "commit-som11/draft-1",
        "commit-som11/published-1",
    ]


def test_an_unchanged_edition_or_source_is_not_recorded_again(published: Path) -> None:
    root = published
    before = state(root)
    assert run(root, "publish", "commit-som11.km")[1] == (
        "commit-som11.km: nothing changed since published version 1, so nothing was recorded\n"
    )
    assert run(root, "publish", "commit-som11")[1] == (
        "commit-som11: nothing changed since published version 1, so nothing was recorded\n"
    )
    assert state(root) == before


def test_the_edition_pdf_is_in_its_language_with_the_translations_words(published: Path) -> None:
    pdf = published / "published/commit-som11/km/commit-som11.km.pdf"
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "km"
    text = pdftotext(pdf)
    assert "km text 1" in text  # the title
    assert "The COMMIT governments unanimously agreed" not in text


def test_every_latest_page_switches_between_the_languages_published(published: Path) -> None:
    assert switcher(published, "published/commit-som11/index.html") == [
        ("English", "../commit-som11/index.html", "en", "en", "page"),
        ("العربية", "../commit-som11/ar/index.html", "ar", "ar", None),
        ("ខ្មែរ", "../commit-som11/km/index.html", "km", "km", None),
    ]
    assert switcher(published, "published/commit-som11/km/index.html") == [
        ("English", "../../commit-som11/index.html", "en", "en", None),
        ("العربية", "../../commit-som11/ar/index.html", "ar", "ar", None),
        ("ខ្មែរ", "../../commit-som11/km/index.html", "km", "km", "page"),
    ]
    expected = [
        ("en", f"{SITE}commit-som11/index.html"),
        ("ar", f"{SITE}commit-som11/ar/index.html"),
        ("km", f"{SITE}commit-som11/km/index.html"),
        ("x-default", f"{SITE}commit-som11/index.html"),
    ]
    for path in ("index.html", "km/index.html", "ar/index.html"):
        assert alternates(published, f"published/commit-som11/{path}") == expected
    arabic = page(published, "published/commit-som11/ar/index.html")
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")


def test_the_km_page_was_brought_up_to_the_ar_edition_published_after_it(
    published: Path,
) -> None:
    """The km edition's latest page is a file of the ar version too; its permanent page, never
    rewritten, names the languages published when it was."""
    changed = git(published, "show", "--name-only", "--format=", "commit-som11.ar/published-1")
    assert "published/commit-som11/km/index.html" in changed.splitlines()
    assert [link[0] for link in switcher(published, "published/commit-som11/km/v1/index.html")] == [
        "English",
        "ខ្មែរ",
    ]
    source_v1 = git(
        published, "show", "commit-som11/published-1:published/commit-som11/v1/index.html"
    )
    assert (published / "published/commit-som11/v1/index.html").read_text() == source_v1 + "\n"


def test_the_json_tells_each_editions_language(published: Path) -> None:
    km = json.loads((published / "published/commit-som11/km/commit-som11.km.json").read_bytes())
    assert (km["id"], km["language"], km["version"]) == ("commit-som11", "km", 1)
    assert km["translates"] == {"source_version": "draft-1", "published_version": 1}
    assert km["urls"]["pdf"] == "commit-som11/km/commit-som11.km.pdf"
    assert km["permanent_urls"]["pdf"] == "commit-som11/km/v1/commit-som11.km.pdf"
    assert km["outcome"]["title"] == "km text 1"
    assert km["outcome"]["adopted"] == "2016-11-24"  # dates come from the source
    source = json.loads((published / "published/commit-som11/commit-som11.json").read_bytes())
    assert source["language"] == "en"
    assert [(e["language"], e["name"], e["version"]) for e in source["editions"]] == [
        ("ar", "العربية", 1),
        ("km", "ខ្មែរ", 1),
    ]


def test_the_feed_catalog_and_archive_carry_each_edition(published: Path) -> None:
    feed = etree.parse(published / "published/feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}id"): e.get(XML_LANG) for e in feed.iter(f"{ATOM}entry")}
    assert entries == {
        "tag:un-act.org,2016-11-24:commit-som11/published-1": "en",
        "tag:un-act.org,2016-11-24:commit-som11.km/published-1": "km",
        "tag:un-act.org,2016-11-24:commit-som11.ar/published-1": "ar",
    }
    catalog = json.loads((published / "published/catalog.json").read_bytes())
    (outcome,) = catalog["outcomes"]
    assert [(e["language"], e["latest"]["html"]) for e in outcome["editions"]] == [
        ("ar", "commit-som11/ar/index.html"),
        ("km", "commit-som11/km/index.html"),
    ]
    km_files = [f["path"] for f in outcome["editions"][1]["versions"][0]["files"]]
    assert km_files == [
        "commit-som11/km/v1/fragment.html",
        "commit-som11/km/v1/index.html",
        "commit-som11/km/v1/commit-som11.km.json",
        "commit-som11/km/v1/commit-som11.km.pdf",
    ]
    archive = page(published, "published/index.html")
    assert len(archive.findall(".//article")) == 1  # one outcome, its editions under it
    links = archive.findall(".//p[@class='archive-editions']/a")
    assert [(a.text, a.get("href"), a.get("hreflang")) for a in links] == [
        ("العربية", "commit-som11/ar/index.html", "ar"),
        ("ខ្មែរ", "commit-som11/km/index.html", "km"),
    ]


# --- refusals ---------------------------------------------------------------------------------


def test_an_edition_is_refused_before_its_source_is_published(
    translated: Path, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(translated, tmp_path / "project"))
    before = state(root)
    status, _, err = run(root, "publish", "commit-som11.km")
    assert status == 1
    assert err == (
        "Error: commit-som11 is not published yet, and a language edition is published after "
        "its source: `outcomes publish commit-som11` first; nothing was recorded\n"
    )
    assert state(root) == before


def test_an_edition_with_a_text_left_to_translate_or_in_brackets_is_refused(
    project: Path,
) -> None:
    edit(project, "km text 20", "TO TRANSLATE", KM)
    edit(project, "km text 21", "km [text] 21", KM)
    before = state(project)
    status, _, err = run(project, "publish", "commit-som11.km")
    assert status == 1
    assert "error: this text is still to be translated (TO TRANSLATE)" in err
    assert "[text]" in err
    assert err.endswith("2 problems in drafts/commit-som11.km.yaml; nothing was written\n")
    assert state(project) == before


def test_an_edition_lacking_a_paragraph_is_refused_naming_it_by_number_and_id(
    project: Path,
) -> None:
    text = (project / KM).read_text()
    kept = re.sub(r"      - id: labour-migration\n(        #.*\n)*        text: .*\n", "", text)
    assert kept != text
    (project / KM).write_text(kept)
    status, _, err = run(project, "publish", "commit-som11.km")
    assert status == 1
    assert "error: para 4 (labour-migration) is missing: commit-som11 published-1 has it" in err
    assert git(project, "tag", "--list", "commit-som11.km/*") == ""


def test_a_changed_source_paragraph_refuses_every_edition_until_its_translation_follows(
    project: Path,
) -> None:
    """The Done-when of the editions: one paragraph changed and published in the source is
    that paragraph alone outdated in every translation, and the edition is refused, naming
    it, until the translation is brought up to the published version; its next version then."""
    assert run(project, "publish", "commit-som11.km")[0] == 0  # translating published-1
    edit(project, "unanimously agreed", "jointly agreed")
    assert run(project, "publish", "commit-som11")[0] == 0  # published-2
    assert [link[0] for link in switcher(project, "published/commit-som11/index.html")] == [
        "English",
        "ខ្មែរ",
    ]
    _, out, _ = run(project, "translate", "--json", "commit-som11")
    outdated = {
        t["language"]: [text["label"] for text in t["texts"] if text["state"] != "current"]
        for t in json.loads(out)["translations"]
    }
    assert outdated == {"ar": ["para 4 (labour-migration)"], "km": ["para 4 (labour-migration)"]}
    status, _, err = run(project, "publish", "commit-som11.km")
    assert status == 1
    assert git(project, "tag", "--list", "commit-som11.km/*") == "commit-som11.km/published-1"
    assert err.splitlines() == [
        "drafts/commit-som11.km.yaml:128:15: error: para 4 (labour-migration) is outdated: "
        "commit-som11 published-2 changed it since draft-1, the version translated; translate "
        "the change and set source_version: published-2 (sections[1].paragraphs[0].text)",
        "1 problem in drafts/commit-som11.km.yaml; nothing was written",
    ]
    # The translator follows the change and names the version followed.
    edit(project, "source_version: draft-1", "source_version: published-2", KM)
    edit(project, "km text 41", "km text 41, jointly", KM)
    status, out, err = run(project, "publish", "commit-som11.km")
    assert status == 0, err
    assert out.startswith("commit-som11.km: recorded published version 2")
    edition = json.loads((project / "published/commit-som11/km/commit-som11.km.json").read_bytes())
    assert edition["translates"] == {"source_version": "published-2", "published_version": 2}


# --- drafting -------------------------------------------------------------------------------


def test_a_translation_is_drafted_as_its_editions_word_copy(
    translated: Path, tmp_path: Path
) -> None:
    """A translation, texts still to translate and all, is drafted as the edition of the source
    as it stands: a Word copy for checking, a draft version of its own."""
    root = Path(shutil.copytree(translated, tmp_path / "project"))
    edit(root, "km text 41", "TO TRANSLATE", KM)
    status, out, err = run(root, "draft", "--json", "commit-som11.km")
    assert status == 0, err
    report = json.loads(out)
    copy = "drafts/commit-som11/commit-som11.km-review.docx"
    assert (report["id"], report["tag"], report["path"]) == (
        "commit-som11.km",
        "commit-som11.km/draft-1",
        copy,
    )
    committed = git(root, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert committed == [KM, copy]
    word = Document(str(root / copy))
    assert word.core_properties.identifier == "commit-som11.km/draft-1"
    assert word.core_properties.language == "km"
    texts = [p.text for p in word.paragraphs]
    assert "km text 1" in texts  # the title
    assert "TO TRANSLATE" in texts  # para 4, left to translate, shows as such


# --- an edition's versions: history, diff, show ---------------------------------------------


@pytest.fixture(scope="module")
def versioned(translated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`translated` with the km edition drafted twice (its title and a member changed between
    them), then the source and the edition published."""
    root = Path(shutil.copytree(translated, tmp_path_factory.mktemp("versioned") / "p"))
    assert run(root, "draft", "commit-som11.km")[0] == 0
    edit(root, "title: km text 1\n", "title: km title\n", KM)
    edit(root, "- km text 12\n", "- km text twelve\n", KM)
    for command, name in (
        ("draft", "commit-som11.km"),
        ("publish", "commit-som11"),
        ("publish", "commit-som11.km"),
    ):
        status, _, err = run(root, command, name)
        assert status == 0, err
    return root


def test_history_of_an_edition_lists_its_own_versions(versioned: Path) -> None:
    status, out, err = run(versioned, "history", "--json", "commit-som11.km")
    assert status == 0, err
    report = json.loads(out)
    assert report["id"] == "commit-som11.km"
    assert [(v["version"], v["author"], v["changes"]) for v in report["versions"]] == [
        ("draft-1", "Test Officer", "first version"),
        ("draft-2", "Test Officer", "texts: 2 changed"),
        ("published-1", "Test Officer", "the text of draft-2"),
    ]
    tagged = git(versioned, "rev-parse", "commit-som11.km/published-1^{commit}")
    assert report["versions"][2]["commit"] == tagged
    status, out, _ = run(versioned, "history", "commit-som11.km")
    assert [line.split()[0] for line in out.splitlines()] == ["draft-1", "draft-2", "published-1"]


def test_diff_of_an_edition_shows_its_translations_words_changed(versioned: Path) -> None:
    status, out, err = run(versioned, "diff", "commit-som11.km", "draft-1", "draft-2")
    assert status == 0, err
    assert out == (
        "commit-som11.km: draft-1 → draft-2\n"
        "texts: 2 changed\n"
        "\n"
        "title: changed\n"
        "  km {--text 1--}{++title++}\n"
        "\n"
        "participants[0].members[1]: changed\n"
        "  km text {--12--}{++twelve++}\n"
    )
    status, out, _ = run(versioned, "diff", "--json", "commit-som11.km", "draft-1", "draft-2")
    report = json.loads(out)
    assert (report["id"], report["a"], report["b"]) == ("commit-som11.km", "draft-1", "draft-2")
    assert report["texts"][0] == {
        "key": "title",
        "label": "title",
        "status": "changed",
        "texts": [
            [
                {"op": "equal", "text": "km "},
                {"op": "delete", "text": "text 1"},
                {"op": "insert", "text": "title"},
            ]
        ],
    }
    status, out, _ = run(versioned, "diff", "commit-som11.km")  # the last two
    assert out == "commit-som11.km: draft-2 → published-1\nno change\n"


def test_an_edition_diff_refuses_a_redline_with_a_sentence(versioned: Path, tmp_path: Path) -> None:
    status, _, err = run(
        versioned, "diff", "commit-som11.km", "draft-1", "--docx", str(tmp_path / "r.docx")
    )
    assert status == 1
    assert err == (
        "Error: --docx and --html write an outcome's redline; commit-som11.km is a language "
        "edition, whose changes are shown here text by text: `outcomes diff commit-som11.km` "
        "without them\n"
    )
    assert not (tmp_path / "r.docx").exists()


def test_show_of_an_edition_writes_its_translation_and_own_files(
    versioned: Path, tmp_path: Path
) -> None:
    status, out, err = run(
        versioned, "show", "--json", "commit-som11.km", "draft-1", "--out", str(tmp_path / "d1")
    )
    assert status == 0, err
    assert json.loads(out)["paths"] == [KM, "drafts/commit-som11/commit-som11.km-review.docx"]
    translation = (tmp_path / "d1" / KM).read_text("utf-8")
    assert "\ntitle: km text 1\n" in translation
    assert "\n      - km text 12\n" in translation
    status, out, err = run(
        versioned, "show", "commit-som11.km", "published-1", "--out", str(tmp_path / "p1")
    )
    assert status == 0, err
    assert out.splitlines()[1:] == [
        "  drafts/commit-som11.km.yaml",
        "  published/catalog.json",
        "  published/commit-som11/km/commit-som11.km.json",
        "  published/commit-som11/km/commit-som11.km.pdf",
        "  published/commit-som11/km/fragment.html",
        "  published/commit-som11/km/index.html",
        "  published/commit-som11/km/v1/commit-som11.km.json",
        "  published/commit-som11/km/v1/commit-som11.km.pdf",
        "  published/commit-som11/km/v1/fragment.html",
        "  published/commit-som11/km/v1/index.html",
        "  published/feed.xml",
        "  published/index.html",
    ]
    assert (tmp_path / "p1" / KM).read_bytes() == (versioned / KM).read_bytes()


def test_an_edition_never_recorded_is_named_and_a_bad_name_is_a_usage_error(
    versioned: Path,
) -> None:
    status, _, err = run(versioned, "history", "commit-som11.fr")
    assert (status, err) == (
        1,
        "Error: no version of commit-som11.fr is recorded: is the id right? `outcomes draft` "
        "records one\n",
    )
    status, _, err = run(versioned, "show", "../commit-som11.km", "draft-1", "--out", "x")
    assert status == 2
    assert "'../commit-som11.km' is not a draft id" in err


# --- a shared repository ----------------------------------------------------------------------


def test_an_edition_is_shared_like_any_version_and_reaches_the_other_officers(
    tmp_path: Path,
) -> None:
    """One officer publishes the source, another its km edition; `sync` brings the edition,
    and the source's page linking it, to the first."""
    from tests.test_shared import clone, remote_tags

    shared = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(shared))
    first = clone(shared, tmp_path / "first")
    assert run(first, "draft", "commit-som11")[0] == 0
    assert run(first, "publish", "commit-som11")[0] == 0
    second = clone(shared, tmp_path / "second")
    translate(second, "km")
    status, _, err = run(second, "publish", "commit-som11.km")
    assert status == 0, err
    assert remote_tags(shared) == [
        "commit-som11.km/published-1",
        "commit-som11/draft-1",
        "commit-som11/published-1",
    ]
    assert run(first, "sync")[0] == 0
    assert [link[0] for link in switcher(first, "published/commit-som11/index.html")] == [
        "English",
        "ខ្មែរ",
    ]
