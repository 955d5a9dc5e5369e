"""The translators' round trip: a bilingual Word copy and XLIFF 2.0 out, back in by id.

The translations here are stand-ins ("km: " before the source's words, its bold, italic,
links and brackets kept), made for these tests; the example's own translations go round too.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.exchange.texts import exchange_id
from pipeline.inline import parse_inline
from pipeline.loading import load_draft
from pipeline.translation import load_translation, units
from tests.exchange import (
    document_xml,
    rows,
    type_into_docx,
    type_into_xliff,
    xliff_errors,
)
from tests.helpers import REPO, edit, example_project, libreoffice_convert, run, state
from tests.returned import ENTITY_BOMB, XXE, cut_short, docx_with, zip_bomb

ID = "commit-som11"
KM = "drafts/commit-som11.km.yaml"
LABOUR_MIGRATION = "The COMMIT governments unanimously agreed"
#: The source's paragraph 4 made to hold every inline mark a translator must keep.
MARKED_UP = (
    "The *COMMIT* governments [unanimously] agreed, as [the plan](https://un-act.org/plan) says,"
)
MARKER = re.compile(r"(?<=[:-] )TO TRANSLATE$", re.MULTILINE)


def stand_ins(project: Path, language: str) -> str:
    """The started translation with every text filled in: `<language>: <the source's words>`."""
    started = (project / f"drafts/{ID}.{language}.yaml").read_text("utf-8")
    source = load_draft(project / f"drafts/{ID}.yaml").outcome
    texts = iter([t for unit in units(source).texts.values() for t in unit.texts])
    return MARKER.sub(
        lambda _: json.dumps(f"{language}: {next(texts)}", ensure_ascii=False), started
    )


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example (paragraph 4 marked up) recorded as draft-1, km started and filled in."""
    with example_project(tmp_path_factory) as root:
        edit(root, LABOUR_MIGRATION, MARKED_UP)
        assert run(root, "draft", ID)[0] == 0
        assert run(root, "translate", ID, "--to", "km")[0] == 0
        (root / "km-filled.yaml").write_text(stand_ins(root, "km"), "utf-8")
        yield root


@pytest.fixture
def project(recorded: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(recorded, tmp_path / "project", symlinks=True))


def filled(project: Path) -> None:
    shutil.copy(project / "km-filled.yaml", project / KM)


def translation_texts(path: Path) -> dict[str, str]:
    """Every text of a translation file by exchange id, as loaded."""
    translation = load_translation(path).translation
    return {
        exchange_id(key, index): text
        for key, unit in units(translation).texts.items()
        for index, text in enumerate(unit.texts)
    }


def export(project: Path, *options: str) -> tuple[int, str, str]:
    return run(project, "translate", ID, "--to", "km", *options)


def take_back(project: Path, file: Path) -> dict:
    """The import's report; its exit status is 1 when a text was refused (the rest taken)."""
    status, out, err = run(project, "translate", "--json", ID, "--import", str(file))
    report = json.loads(out)
    assert status == (1 if report["counts"]["refused"] else 0), out + err
    assert report["ok"] is (status == 0)
    return report


def statuses(report: dict) -> dict[str, int]:
    return report["counts"]


# --- what the translator receives ------------------------------------------------------------


def test_the_bilingual_copy_has_a_row_per_text_with_its_number_id_and_source(
    project: Path,
) -> None:
    filled(project)
    out = project / "km.docx"
    status, stdout, _ = export(project, "--docx", str(out))

    assert status == 0
    assert stdout.splitlines()[:2] == [
        f"wrote {out}",
        f"  57 texts of {ID} draft-1 for translation into km: 0 to translate, "
        "0 source changed, 57 translated",
    ]
    found = rows(out)
    assert len(found) == 57
    assert found["title"] == (
        "Title",
        "Outcome of the Eleventh COMMIT Senior Officials Meeting",
        "km: Outcome of the Eleventh COMMIT Senior Officials Meeting",
    )
    assert found["paragraphs.labour-migration"][0] == "para 4"
    assert found["paragraphs.labour-migration"][1].startswith(
        "The COMMIT governments [unanimously] agreed, as the plan says,"
    )
    assert found["actions.localize.owner"][0] == "A1, owner"


def test_only_the_translation_column_can_be_edited_in_word(project: Path) -> None:
    out = project / "km.docx"
    export(project, "--docx", str(out))
    from tests.exchange import document_xml

    body = document_xml(out)
    settings = __import__("zipfile").ZipFile(out).read("word/settings.xml").decode()
    assert '<w:documentProtection w:edit="readOnly" w:enforcement="1"/>' in settings
    assert body.count('w:edGrp="everyone"') == 57
    # each range holds the third cell's paragraph, and nothing else
    cells = re.findall(r"<w:tc>.*?</w:tc>", body, re.DOTALL)
    editable = [c for c in cells if "permStart" in c]
    assert len(editable) == 57
    assert all(cells.index(c) % 3 == 2 for c in editable[:5])


def test_a_text_still_to_translate_is_an_empty_cell_and_an_initial_segment(
    project: Path,
) -> None:
    docx, xlf = project / "km.docx", project / "km.xlf"
    status, stdout, _ = export(project, "--docx", str(docx), "--xliff", str(xlf))

    assert status == 0
    assert "57 to translate, 0 source changed, 0 translated" in stdout
    assert rows(docx)["title"][2] == ""
    text = xlf.read_text("utf-8")
    assert (
        '<unit id="title" name="Title" o:sent="4f53cda18c2baa0c">\n'  # no translation's fingerprint
        '      <segment state="initial">\n'
        "        <source>Outcome of the Eleventh COMMIT Senior Officials Meeting</source>\n"
        "      </segment>\n"
        "    </unit>"
    ) in text


def test_the_xliff_file_is_valid_xliff_2_with_the_source_s_marks_as_inline_codes(
    project: Path,
) -> None:
    filled(project)
    xlf = project / "km.xlf"
    assert export(project, "--xliff", str(xlf))[0] == 0

    assert xliff_errors(xlf) == []
    text = xlf.read_text("utf-8")
    assert text.startswith(
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:o="urn:outcomes:xliff" '
        'version="2.0" srcLang="en" trgLang="km">\n'
        '  <file id="commit-som11" original="drafts/commit-som11.yaml">\n'
        "    <notes>\n"
        '      <note id="source-version" category="outcomes">draft-1</note>\n'
    )
    assert (
        "<source>The "
        '<pc id="1" canCopy="no" type="fmt" subType="xlf:i" dispStart="*" dispEnd="*" '
        'dataRefStart="d1s" dataRefEnd="d1e">COMMIT</pc> governments [unanimously] agreed, as '
        '<pc id="2" canCopy="no" canDelete="no" type="link" dispStart="[" '
        'dispEnd="](https://un-act.org/plan)" dataRefStart="d2s" dataRefEnd="d2e">the plan</pc>'
        " says,"
    ) in text
    assert '<data id="d2e" xml:space="preserve">](https://un-act.org/plan)</data>' in text
    assert '<segment state="translated">' in text


def test_the_same_sheet_gives_the_same_bytes(project: Path) -> None:
    filled(project)
    first, second = project / "a.docx", project / "b.docx"
    export(project, "--docx", str(first), "--xliff", str(project / "a.xlf"))
    export(project, "--docx", str(second), "--xliff", str(project / "b.xlf"))
    assert first.read_bytes() == second.read_bytes()
    assert (project / "a.xlf").read_bytes() == (project / "b.xlf").read_bytes()


# --- the round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "xliff"])
def test_a_translation_typed_into_an_empty_copy_comes_back_whole(project: Path, kind: str) -> None:
    wanted = translation_texts(project / "km-filled.yaml")
    sent = project / f"km.{kind}"
    assert export(project, f"--{kind}", str(sent))[0] == 0
    typed = (type_into_docx if kind == "docx" else type_into_xliff)(
        sent, project / f"returned.{kind}", wanted.get
    )

    report = take_back(project, typed)

    assert statuses(report) == {"updated": 57, "unchanged": 0, "missing": 0, "refused": 0}
    assert translation_texts(project / KM) == wanted
    assert run(project, "validate", f"{ID}.km")[0] == 0


@pytest.mark.parametrize("kind", ["docx", "xliff"])
def test_a_translation_retyped_whole_comes_back_byte_for_byte(project: Path, kind: str) -> None:
    filled(project)
    original = (project / KM).read_bytes()
    wanted = translation_texts(project / KM)
    sent = project / f"km.{kind}"
    export(project, f"--{kind}", str(sent))
    typed = (type_into_docx if kind == "docx" else type_into_xliff)(
        sent, project / f"returned.{kind}", wanted.get
    )

    report = take_back(project, typed)

    assert statuses(report) == {"updated": 0, "unchanged": 57, "missing": 0, "refused": 0}
    assert (project / KM).read_bytes() == original


def test_the_import_edits_the_yaml_in_place_keeping_comments_and_layout(project: Path) -> None:
    started = (project / KM).read_text("utf-8")
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))
    typed = type_into_xliff(
        sent, project / "back.xlf", {"title": "ចំណងជើង", "meeting.venue.city": "វៀងចន្ទន៍"}.get
    )

    report = take_back(project, typed)

    assert statuses(report) == {"updated": 2, "unchanged": 0, "missing": 55, "refused": 0}
    expected = started.replace("title: TO TRANSLATE", "title: ចំណងជើង", 1).replace(
        "    city: TO TRANSLATE", "    city: វៀងចន្ទន៍", 1
    )
    assert (project / KM).read_text("utf-8") == expected


def test_a_new_translation_is_started_by_the_import(project: Path) -> None:
    (project / KM).unlink()
    sent = project / "km.docx"
    assert export(project, "--docx", str(sent))[0] == 0
    typed = type_into_docx(sent, project / "back.docx", {"title": "ចំណងជើង"}.get)

    report = take_back(project, typed)

    assert statuses(report) == {"updated": 1, "unchanged": 0, "missing": 56, "refused": 0}
    translation = load_translation(project / KM).translation
    assert translation.title == "ចំណងជើង"
    assert translation.source_version == "draft-1"


# --- a source that changed --------------------------------------------------------------------


CHANGED = {
    "paragraphs.labour-migration": ("[unanimously] agreed", "[jointly] agreed"),
    "paragraphs.rotating-chair": ("introduce an annually", "introduce a yearly"),
}


def change_two_paragraphs(project: Path) -> None:
    for old, new in CHANGED.values():
        edit(project, old, new)
    assert run(project, "draft", ID)[0] == 0  # draft-2


def test_a_file_made_before_the_source_changed_gives_the_untouched_texts_only(
    project: Path,
) -> None:
    filled(project)
    wanted = {xid: f"{text} (revised)" for xid, text in translation_texts(project / KM).items()}
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))  # from draft-1
    change_two_paragraphs(project)
    typed = type_into_xliff(sent, project / "back.xlf", wanted.get)

    report = take_back(project, typed)

    assert statuses(report) == {"updated": 55, "unchanged": 0, "missing": 0, "refused": 2}
    refused = {t["id"]: t["reason"] for t in report["texts"] if t["status"] == "refused"}
    assert refused == dict.fromkeys(
        CHANGED,
        "the source changed since the file was made (draft-1 → draft-2): it needs a new "
        "translation",
    )
    texts = translation_texts(project / KM)
    assert texts["title"].endswith("(revised)")
    assert not texts["paragraphs.labour-migration"].endswith("(revised)")
    assert report["source_version"] == "draft-1"
    assert report["behind"] == ["para 4", "para 5"]


def test_a_file_made_after_the_source_changed_marks_the_changed_rows(project: Path) -> None:
    filled(project)
    change_two_paragraphs(project)
    sent = project / "km.docx"
    status, stdout, _ = export(project, "--docx", str(sent), "--xliff", str(project / "km.xlf"))

    assert status == 0
    assert "0 to translate, 2 source changed, 55 translated" in stdout
    number, source, _ = rows(sent)["paragraphs.labour-migration"]
    assert number == "para 4\nparagraphs.labour-migration\nsource changed"[: len(number)]
    assert "Source changed since the translation: " in source
    xlf = (project / "km.xlf").read_text("utf-8")
    assert (
        '<note category="source-changed">The source changed since the translation: The '
        "COMMIT governments [{--unanimously--}{++jointly++}] agreed, as the plan says,"
    ) in xlf


def test_untouched_texts_are_taken_and_the_changed_two_are_listed_to_translate_again(
    project: Path,
) -> None:
    filled(project)
    change_two_paragraphs(project)
    sent = project / "km.docx"
    export(project, "--docx", str(sent))
    original = translation_texts(project / KM)
    typed = type_into_docx(sent, project / "back.docx", original.get)  # the old words kept

    status, stdout, _ = run(project, "translate", ID, "--import", str(typed))

    assert status == 0
    assert stdout.splitlines() == [
        f"back.docx (draft-2) into {KM}: 0 updated, 57 unchanged, 0 missing, 0 refused",
        "  source_version stays draft-1: 2 text(s) still follow it, not the latest source "
        "(para 4; para 5)",
        f"  nothing was written: the file holds no text new to {KM}",
    ]
    status, stdout, _ = run(project, "translate", ID)
    assert "para 4 (labour-migration): outdated, the source changed" in stdout


def test_once_the_changed_texts_are_translated_the_translation_follows_the_new_version(
    project: Path,
) -> None:
    filled(project)
    change_two_paragraphs(project)
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))
    texts = translation_texts(project / KM)
    texts["paragraphs.labour-migration"] = texts["paragraphs.labour-migration"].replace(
        "[unanimously]", "[jointly]"
    )
    texts["paragraphs.rotating-chair"] += " (yearly)"
    typed = type_into_xliff(sent, project / "back.xlf", texts.get)

    report = take_back(project, typed)

    assert statuses(report) == {"updated": 2, "unchanged": 55, "missing": 0, "refused": 0}
    assert report["source_version"] == "draft-2"
    assert yaml.safe_load((project / KM).read_text("utf-8"))["source_version"] == "draft-2"
    assert "0 outdated" in run(project, "translate", ID)[1]


# --- one text refused, the others taken -------------------------------------------------------


def returned_xliff(project: Path, change: Callable[[str], str]) -> Path:
    """The filled translation's XLIFF, retyped with `(revised)` after each text, then
    `change`d as a translation tool or a person might have changed it."""
    filled(project)
    texts = {xid: f"{text} (revised)" for xid, text in translation_texts(project / KM).items()}
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))
    typed = type_into_xliff(sent, project / "typed.xlf", texts.get).read_text("utf-8")
    changed = change(typed)
    assert changed != typed
    back = project / "back.xlf"
    back.write_text(changed, "utf-8")
    return back


TARGET = '<target>km: The <pc id="1"'
LINK = re.compile(r'<pc id="2"[^>]*>(the plan)</pc>')
EXTRA_UNIT = (
    '<unit id="subtitle"><segment><source>A subtitle</source><target>km</target></segment>'
    "</unit></file>"
)
REFUSED_ONE = {
    "an unknown id": (
        lambda x: x.replace("</file>", EXTRA_UNIT),
        ("subtitle", "draft-1 of the source has no text with this id"),
        57,
    ),
    "source words changed in the file": (
        lambda x: x.replace("<source>Outcome of the Eleventh", "<source>Outcome of the 11th", 1),
        ("title", "its source words were changed in the file; the source is not edited here"),
        56,
    ),
    "a link dropped": (
        lambda x: _in_target(x, lambda t: LINK.sub(r"\1", t)),
        (
            "paragraphs.labour-migration",
            "a broken inline code: the source's code 2 is missing from the translation",
        ),
        56,
    ),
    "a code the source lacks": (
        lambda x: _in_target(x, lambda t: t.replace('<pc id="2"', '<pc id="9"')),
        ("paragraphs.labour-migration", "a broken inline code: the source has no code 9"),
        56,
    ),
    "a character that is no character": (
        lambda x: _in_target(x, lambda t: t.replace("[unanimously]", '<cp hex="zz"/>', 1)),
        (
            "paragraphs.labour-migration",
            'it holds a character XML cannot carry (<cp hex="zz">), which a draft cannot hold '
            "either",
        ),
        56,
    ),
    "a lone surrogate": (
        lambda x: _in_target(x, lambda t: t.replace("[unanimously]", '<cp hex="D800"/>', 1)),
        (
            "paragraphs.labour-migration",
            'it holds a character XML cannot carry (<cp hex="D800">), which a draft cannot hold '
            "either",
        ),
        56,
    ),
    "brackets that no longer pair": (
        lambda x: _in_target(x, lambda t: t.replace("[unanimously]", "[unanimously", 1)),
        ("paragraphs.labour-migration", "its [square brackets] no longer pair: each [ needs its ]"),
        56,
    ),
}


def _in_target(xliff: str, change: Callable[[str], str]) -> str:
    """`xliff` with paragraph 4's target changed."""
    start = xliff.index(TARGET)
    end = xliff.index("</target>", start)
    return xliff[:start] + change(xliff[start:end]) + xliff[end:]


@pytest.mark.parametrize("case", list(REFUSED_ONE))
def test_a_damaged_text_is_refused_and_the_others_taken(project: Path, case: str) -> None:
    change, refusal, taken = REFUSED_ONE[case]
    back = returned_xliff(project, change)

    report = take_back(project, back)

    refused = [(t["id"], t["reason"]) for t in report["texts"] if t["status"] == "refused"]
    assert refused == [refusal]
    assert statuses(report)["updated"] == taken
    texts = translation_texts(project / KM)
    assert sum(text.endswith("(revised)") for text in texts.values()) == taken


# --- hostile and damaged files: refused whole, nothing written --------------------------------


def _docx(project: Path) -> Path:
    filled(project)
    sent = project / "km.docx"
    export(project, "--docx", str(sent))
    return sent


def _xliff(project: Path) -> Path:
    filled(project)
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))
    return sent


def _written(out: Path, data: bytes) -> Path:
    out.write_bytes(data)
    return out


def _table_changed(sent: Path, out: Path, change: Callable[[object], None]) -> Path:
    word = Document(str(sent))
    change(word.tables[0])
    word.save(str(out))
    return out


def _merged(table: object) -> None:
    row = table.rows[5]  # type: ignore[attr-defined]
    row.cells[1].merge(row.cells[2])


def _row_deleted(table: object) -> None:
    row = table.rows[7]._tr  # type: ignore[attr-defined]
    row.getparent().remove(row)


def _xliff_1_2(out: Path) -> Path:
    return _written(
        out,
        b'<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        b'<file source-language="en" target-language="km" datatype="plaintext" original="x">'
        b"<body/></file></xliff>",
    )


PAGE = b'<!DOCTYPE html>\n<html lang="km"><body><p>The translation</p></body></html>\n'

XLIFF_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="km">
<file id="commit-som11"><unit id="title"><segment><source>x</source><target>&secret;</target>
</segment></unit></file></xliff>"""

HOSTILE = {
    "plain text": (
        lambda p, out: _written(out, b"Dear secretariat, the translation follows."),
        "back: refused: it is neither a Word .docx nor an XLIFF .xlf file",
    ),
    "a pdf": (
        lambda p, out: _written(out, b"%PDF-1.7\n..."),
        "is neither a Word .docx nor an XLIFF .xlf file",
    ),
    "a web page": (
        lambda p, out: _written(out, PAGE),
        "is neither a Word .docx nor an XLIFF .xlf file",
    ),
    "zip bomb": (lambda p, out: zip_bomb(_docx(p), out, 300), "would unpack to 3"),
    "cut short": (lambda p, out: cut_short(_docx(p), out), "it is damaged or incomplete"),
    "external entity in the docx": (
        lambda p, out: docx_with(_docx(p), out, {"word/document.xml": XXE}),
        "its part word/document.xml declares a DTD or entities (<!DOCTYPE ...>)",
    ),
    "entity bomb in the docx": (
        lambda p, out: docx_with(_docx(p), out, {"word/document.xml": ENTITY_BOMB}),
        "declares a DTD or entities",
    ),
    "external entity in the xliff": (
        lambda p, out: _written(out, XLIFF_XXE),
        "back: refused: it declares a DTD or entities (<!DOCTYPE ...>), which a translation "
        "tool never writes",
    ),
    "entity bomb in the xliff": (
        lambda p, out: _written(out, ENTITY_BOMB),
        "declares a DTD or entities",
    ),
    "malformed xliff": (
        lambda p, out: _written(out, _xliff(p).read_bytes()[:-40]),
        "it is damaged (it is not well-formed XML",
    ),
    "xliff 1.2": (lambda p, out: _xliff_1_2(out), "it is not an XLIFF 2 file"),
    "a review copy": (
        lambda p, out: _written(out, (p / f"drafts/{ID}/{ID}-review.docx").read_bytes()),
        "it is not a bilingual copy made by `outcomes translate --docx`",
    ),
    "cells merged": (
        lambda p, out: _table_changed(_docx(p), out, _merged),
        "its table was restructured (the row of meeting.short_name has cells merged, split or "
        "added)",
    ),
    "a row deleted": (
        lambda p, out: _table_changed(_docx(p), out, _row_deleted),
        "1 of its rows is gone (meeting.venue.city): was a row deleted?",
    ),
    "a unit deleted": (
        lambda p, out: _written(
            out,
            re.sub(
                rb'<unit id="headline".*?</unit>\s*', b"", _xliff(p).read_bytes(), flags=re.DOTALL
            ),
        ),
        "1 of its units is gone (headline): was a unit deleted?",
    ),
    "too many texts": (
        lambda p, out: _written(
            out,
            _xliff(p)
            .read_bytes()
            .replace(
                b"</file>",
                b"".join(
                    b'<unit id="u%d"><segment><source>x</source></segment></unit>' % n
                    for n in range(20_001)
                )
                + b"</file>",
            ),
        ),
        "it holds 20058 texts, where an outcome has a few hundred",
    ),
    "another outcome": (
        lambda p, out: _written(
            out, _xliff(p).read_bytes().replace(b'file id="commit-som11"', b'file id="som-12"')
        ),
        "it is a translation of som-12, not of commit-som11",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_or_damaged_file_is_refused_in_one_sentence_and_nothing_written(
    project: Path, case: str
) -> None:
    build, says = HOSTILE[case]
    back = build(project, project / "back")
    before = state(project)

    status, out, err = run(project, "translate", ID, "--import", str(back))

    assert status == 1
    assert out == ""
    assert says in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert state(project) == before


@pytest.mark.parametrize("language", ["km", "ar", "zh-Hans"])
def test_the_bilingual_copy_passes_microsoft_365s_rules(project: Path, language: str) -> None:
    from openxml_audit import FileFormat, OpenXmlValidator

    out = project / f"{language}.docx"
    assert run(project, "translate", ID, "--to", language, "--docx", str(out))[0] == 0

    validator = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)
    result = validator.validate(str(out))
    assert [(e.part_uri, e.description) for e in result.errors] == []


def test_an_arabic_translation_runs_right_to_left_in_its_column(project: Path) -> None:
    out = project / "ar.docx"
    run(project, "translate", ID, "--to", "ar", "--docx", str(out))

    styles = zipfile.ZipFile(out).read("word/styles.xml").decode("utf-8")
    translation = re.search(r'<w:style [^>]*w:styleId="Translation".*?</w:style>', styles)
    assert translation is not None
    assert "<w:bidi/>" in translation.group()
    assert '<w:rFonts w:cs="Noto Naskh Arabic"/>' in translation.group()
    assert '<w:lang w:bidi="ar"/>' in translation.group()


def test_the_import_tells_what_it_refused_and_what_is_left_to_translate(project: Path) -> None:
    filled(project)
    texts = translation_texts(project / KM)
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))
    change_two_paragraphs(project)
    texts["title"] = "ចំណងជើង"
    texts["paragraphs.labour-migration"] = "km: new words"
    back = type_into_xliff(sent, project / "back.xlf", texts.get)

    status, stdout, stderr = run(project, "translate", ID, "--import", str(back))

    assert status == 1
    assert stderr == "error: 2 text(s) of back.xlf refused, as listed; the others were taken\n"
    assert stdout.splitlines() == [
        f"back.xlf (draft-1) into {KM}: 1 updated, 54 unchanged, 0 missing, 2 refused",
        "  para 4 (paragraphs.labour-migration): refused, the source changed since the file "
        "was made (draft-1 → draft-2): it needs a new translation",
        "  para 5 (paragraphs.rotating-chair): refused, the source changed since the file was "
        "made (draft-1 → draft-2): it needs a new translation",
        "  source_version stays draft-1: 2 text(s) still follow it, not the latest source "
        "(para 4; para 5)",
        f"  `outcomes translate {ID}` shows the state of each text",
    ]


def test_the_texts_still_to_translate_are_told_apart_though_their_labels_hold_commas(
    project: Path,
) -> None:
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))
    back = type_into_xliff(sent, project / "back.xlf", {"title": "ចំណងជើង"}.get)

    status, stdout, _ = run(project, "translate", ID, "--import", str(back))

    assert status == 0
    assert (
        "  still to translate: Headline; Summary; Meeting; Meeting, short name; Process; ..."
        in stdout.splitlines()
    )


def test_an_outdated_segment_confirmed_in_the_tool_follows_the_new_source(project: Path) -> None:
    filled(project)
    change_two_paragraphs(project)
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))
    assert sent.read_text("utf-8").count('<segment state="initial">') == 2
    texts = translation_texts(project / KM)

    left = take_back(project, type_into_xliff(sent, project / "left.xlf", {}.get))
    assert left["source_version"] == "draft-1"
    confirmed = take_back(project, type_into_xliff(sent, project / "ok.xlf", texts.get))

    assert statuses(confirmed) == {"updated": 0, "unchanged": 57, "missing": 0, "refused": 0}
    assert confirmed["source_version"] == "draft-2"


# --- a translation edited in the draft after the file was sent ---------------------------------


NEW_TITLE = "ចំណងជើងកែថ្មី"  # "title, corrected" (Khmer, unchecked: a test's words)


def title_corrected_in_the_draft(project: Path) -> None:
    """Someone corrects the translation's title in the draft after the file went out."""
    text = (project / KM).read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    (project / KM).write_text(text.replace(title, f"title: {NEW_TITLE}", 1), "utf-8")


def typed_back(project: Path, kind: str, texts: dict[str, str]) -> Path:
    sent = project / f"sent.{kind}"
    assert export(project, f"--{kind}", str(sent))[0] == 0
    title_corrected_in_the_draft(project)
    typing = type_into_docx if kind == "docx" else type_into_xliff
    return typing(sent, project / f"back.{kind}", texts.get)


@pytest.mark.parametrize("kind", ["docx", "xliff"])
def test_a_text_corrected_in_the_draft_stays_when_the_file_gives_it_back_as_sent(
    project: Path, kind: str
) -> None:
    filled(project)
    texts = translation_texts(project / KM)
    texts["meeting.venue.city"] = "វៀងចន្ទន៍"  # the translator's one change
    back = typed_back(project, kind, texts)

    report = take_back(project, back)

    assert statuses(report) == {"updated": 1, "unchanged": 56, "missing": 0, "refused": 0}
    title = next(t for t in report["texts"] if t["id"] == "title")
    assert title["status"] == "unchanged" and "changed in the draft" in title["reason"]
    now = translation_texts(project / KM)
    assert now["title"] == NEW_TITLE and now["meeting.venue.city"] == "វៀងចន្ទន៍"


@pytest.mark.parametrize("kind", ["docx", "xliff"])
def test_a_text_changed_both_in_the_draft_and_in_the_file_is_refused_and_the_draft_s_kept(
    project: Path, kind: str
) -> None:
    filled(project)
    texts = translation_texts(project / KM)
    texts["title"] = "ចំណងជើងរបស់អ្នកបកប្រែ"  # "the translator's title" (unchecked)
    back = typed_back(project, kind, texts)

    status, stdout, _ = run(project, "translate", ID, "--import", str(back))

    assert status == 1
    assert (
        "  Title (title): refused, its translation was changed in the draft too since the file "
        "was made, so neither is taken over the other: compare the two and keep one by hand"
    ) in stdout.splitlines()
    assert translation_texts(project / KM)["title"] == NEW_TITLE


def test_a_file_without_fingerprints_still_gives_its_texts(project: Path) -> None:
    """A file made before files carried fingerprints cannot tell an edit in the draft: its
    text is taken, as it always was."""
    filled(project)
    texts = translation_texts(project / KM)
    back = typed_back(project, "xliff", texts)
    back.write_text(re.sub(r' o:sent="[0-9a-f]+"', "", back.read_text("utf-8")), "utf-8")

    report = take_back(project, back)

    assert statuses(report) == {"updated": 1, "unchanged": 56, "missing": 0, "refused": 0}
    assert translation_texts(project / KM)["title"] == texts["title"]


def test_the_fingerprint_is_hidden_in_the_word_copy_and_an_attribute_in_xliff(
    project: Path,
) -> None:
    filled(project)
    export(project, "--docx", str(project / "km.docx"))
    export(project, "--xliff", str(project / "km.xlf"))

    body, xliff = document_xml(project / "km.docx"), (project / "km.xlf").read_text("utf-8")
    hidden = re.findall(r"<w:r><w:rPr><w:vanish/></w:rPr><w:t>as sent: ([0-9a-f]{16})</w:t>", body)
    units = re.findall(r'<unit id="[^"]+" name="[^"]*" o:sent="([0-9a-f]{16})"', xliff)
    assert len(hidden) == 57 and hidden == units  # each text's, the same in both files
    assert xliff_errors(project / "km.xlf") == []


def test_words_typed_with_track_changes_on_come_back_as_accepted(project: Path) -> None:
    filled(project)
    sent = project / "km.docx"
    export(project, "--docx", str(sent))
    word = Document(str(sent))
    cell = next(
        r.cells[2] for r in word.tables[0].rows if r.cells[0].text.split("\n")[1:2] == ["title"]
    )
    paragraph = cell.paragraphs[0]._p
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "901")
    deleted.set(qn("w:author"), "Translator")
    for run_element in paragraph.findall(qn("w:r")):
        for text in run_element.findall(qn("w:t")):
            text.tag = qn("w:delText")
        deleted.append(run_element)
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "902")
    inserted.set(qn("w:author"), "Translator")
    new_run = OxmlElement("w:r")
    new_text = OxmlElement("w:t")
    new_text.text = "ចំណងជើងថ្មី"
    new_run.append(new_text)
    inserted.append(new_run)
    paragraph.append(deleted)
    paragraph.append(inserted)
    word.save(str(project / "tracked.docx"))

    report = take_back(project, project / "tracked.docx")

    assert statuses(report) == {"updated": 1, "unchanged": 56, "missing": 0, "refused": 0}
    assert translation_texts(project / KM)["title"] == "ចំណងជើងថ្មី"


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--docx", "x.docx"], "--docx and --xliff write a translation's file: give --to LANG"),
        (["--to", "km", "--import", "x.xlf", "--docx", "y.docx"], "--import goes without"),
    ],
)
def test_options_that_do_not_go_together_are_a_usage_error(
    project: Path, options: list[str], says: str
) -> None:
    status, _, err = run(project, "translate", ID, *options)
    assert status == 2
    assert says in err


def test_a_translation_naming_a_version_never_recorded_is_told_at_its_line(
    project: Path,
) -> None:
    filled(project)
    text = (project / KM).read_text("utf-8")
    (project / KM).write_text(text.replace("source_version: draft-1", "source_version: draft-99"))
    line = text.splitlines().index("source_version: draft-1") + 1

    status, out, err = export(project, "--xliff", str(project / "km.xlf"))

    assert (status, out) == (1, "")
    assert err == (
        f"Error: {KM}:{line}:17: source_version: {ID} has no version draft-99; "
        f"`outcomes history {ID}` lists them\n"
    )
    assert not (project / "km.xlf").exists()


def test_a_file_into_another_language_than_asked_is_refused(project: Path) -> None:
    sent = _xliff(project)
    status, _, err = run(project, "translate", ID, "--to", "fr", "--import", str(sent))
    assert status == 1
    assert "km.xlf: refused: it is a translation into km, not fr" in err


@pytest.mark.parametrize(
    ("written", "as_tool_wrote"),
    [('trgLang="km"', 'trgLang="km-KH"'), ('srcLang="en"', 'srcLang="en-US"')],
)
def test_a_region_a_tool_adds_to_a_language_keeps_the_file_s_translation(
    project: Path, written: str, as_tool_wrote: str
) -> None:
    back = returned_xliff(project, lambda x: x.replace(written, as_tool_wrote, 1))

    report = take_back(project, back)

    assert statuses(report)["updated"] == 57
    assert (report["language"], report["written"]) == ("km", KM)
    assert sorted(p.name for p in (project / "drafts").glob("*.yaml")) == [
        "commit-som11.km.yaml",
        "commit-som11.yaml",
    ]


# --- the example's own translations, both ways ------------------------------------------------

EXAMPLES = sorted(p.name for p in (REPO / "drafts").glob(f"{ID}.*.yaml"))


@pytest.fixture(scope="module")
def example_recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example as it is, recorded as draft-1."""
    with example_project(tmp_path_factory) as root:
        assert run(root, "draft", ID)[0] == 0
        yield root


def example_translation(project: Path, name: str) -> Path:
    """The example's translation `name` in `project`, following its draft-1."""
    text = (REPO / "drafts" / name).read_text("utf-8")
    text = re.sub(r"(?m)^source_version: .*$", "source_version: draft-1", text, count=1)
    path = project / "drafts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def spans_by_id(texts: dict[str, str]) -> dict[str, tuple]:
    return {xid: parse_inline(text) for xid, text in texts.items()}


@pytest.mark.parametrize("kind", ["docx", "xliff"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_translation_typed_into_an_empty_copy_comes_back_whole(
    example_recorded: Path, tmp_path: Path, name: str, kind: str
) -> None:
    project = Path(shutil.copytree(example_recorded, tmp_path / "project", symlinks=True))
    language = name.split(".")[1]
    wanted = translation_texts(example_translation(tmp_path / "original", name))
    sent = project / f"sent.{kind}"
    assert run(project, "translate", ID, "--to", language, f"--{kind}", str(sent))[0] == 0
    typed = (type_into_docx if kind == "docx" else type_into_xliff)(
        sent, project / f"returned.{kind}", wanted.get
    )

    report = take_back(project, typed)

    assert statuses(report)["updated"] == len(wanted)
    assert spans_by_id(translation_texts(project / "drafts" / name)) == spans_by_id(wanted)


@pytest.mark.parametrize("kind", ["docx", "xliff"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_translation_retyped_comes_back_byte_for_byte(
    example_recorded: Path, tmp_path: Path, name: str, kind: str
) -> None:
    project = Path(shutil.copytree(example_recorded, tmp_path / "project", symlinks=True))
    language = name.split(".")[1]
    path = example_translation(project, name)
    original = path.read_bytes()
    wanted = translation_texts(path)
    sent = project / f"sent.{kind}"
    assert run(project, "translate", ID, "--to", language, f"--{kind}", str(sent))[0] == 0
    typed = (type_into_docx if kind == "docx" else type_into_xliff)(
        sent, project / f"returned.{kind}", wanted.get
    )

    report = take_back(project, typed)

    assert statuses(report) == {"updated": 0, "unchanged": len(wanted), "missing": 0, "refused": 0}
    assert path.read_bytes() == original


def test_a_file_returned_untouched_starts_no_translation(project: Path) -> None:
    (project / KM).unlink()
    sent = project / "km.xlf"
    export(project, "--xliff", str(sent))

    status, stdout, _ = run(project, "translate", ID, "--import", str(sent))

    assert status == 0
    assert stdout.splitlines()[-1] == f"  nothing was written: the file holds no text new to {KM}"
    assert not (project / KM).exists()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("name", [f"{ID}.km.yaml", f"{ID}.ar.yaml"])
def test_an_example_translation_in_a_copy_libreoffice_saved_comes_back_whole(
    example_recorded: Path, tmp_path: Path, name: str
) -> None:
    project = Path(shutil.copytree(example_recorded, tmp_path / "project", symlinks=True))
    language = name.split(".")[1]
    wanted = translation_texts(example_translation(tmp_path / "original", name))
    sent = project / "sent.docx"
    run(project, "translate", ID, "--to", language, "--docx", str(sent))
    typed = type_into_docx(sent, tmp_path / "typed.docx", wanted.get)
    saved = libreoffice_convert(typed, tmp_path / "saved", to="docx:MS Word 2007 XML")

    report = take_back(project, saved)

    assert statuses(report) == {"updated": len(wanted), "unchanged": 0, "missing": 0, "refused": 0}
    assert spans_by_id(translation_texts(project / "drafts" / name)) == spans_by_id(wanted)
