"""Translations: drafts beside their source, checked against it, each text's state computed.

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

from pipeline import layout
from tests.helpers import EXAMPLE_DRAFT, edit, example_project, git, run

KM = "drafts/commit-som11.km.yaml"
FR = "drafts/commit-som11.fr.yaml"
MARKED = re.compile(r"(?<=[:-] )TO TRANSLATE$", re.MULTILINE)
LABOUR_MIGRATION = "The COMMIT governments unanimously agreed"


def filled(text: str, language: str) -> str:
    """A started translation with each text to translate replaced by a numbered stand-in."""
    numbers = itertools.count(1)
    return MARKED.sub(lambda _: f"{language} text {next(numbers)}", text)


@pytest.fixture(scope="module")
def translated_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example recorded as draft-1, translated into km and fr from draft-1 (stand-ins)."""
    with example_project(tmp_path_factory) as root:
        assert run(root, "draft", "commit-som11")[0] == 0
        for language, path in (("km", KM), ("fr", FR)):
            assert run(root, "translate", "commit-som11", "--to", language)[0] == 0
            started = (root / path).read_text("utf-8")
            (root / path).write_text(filled(started, language), "utf-8")
        yield root


@pytest.fixture
def project(translated_once: Path, tmp_path: Path) -> Path:
    """A copy of `translated_once` (its git history too) for one test to change."""
    return Path(shutil.copytree(translated_once, tmp_path / "project", symlinks=True))


def states(project: Path) -> dict[str, dict[str, str]]:
    """`translate --json`: per language, each text's state by its key."""
    status, out, _ = run(project, "translate", "--json", "commit-som11")
    assert status == 0, out
    return {
        edition["language"]: {text["key"]: text["state"] for text in edition["texts"]}
        for edition in json.loads(out)["translations"]
    }


def not_current(project: Path) -> dict[str, dict[str, str]]:
    return {
        language: {key: state for key, state in texts.items() if state != "current"}
        for language, texts in states(project).items()
    }


def test_a_translation_is_named_by_its_source_and_language() -> None:
    assert layout.translation("commit-som11", "zh-Hans") == "drafts/commit-som11.zh-Hans.yaml"
    assert layout.translation_of("commit-som11.zh-Hans.yaml") == ("commit-som11", "zh-Hans")
    assert layout.translation_of("commit-som11.km.yaml") == ("commit-som11", "km")
    assert layout.translation_of("commit-som11.yaml") is None
    assert layout.translation_of("outcome.schema.json") is None
    with pytest.raises(ValueError, match="not a language tag"):
        layout.translation("commit-som11", "../km")


def test_a_translation_just_filled_in_is_current_text_by_text(project: Path) -> None:
    assert not_current(project) == {"fr": {}, "km": {}}
    counts = json.loads(run(project, "translate", "--json", "commit-som11")[1])["translations"]
    assert [c["counts"] for c in counts] == [
        {"current": 55, "outdated": 0, "missing": 0, "orphaned": 0}
    ] * 2


def test_a_changed_source_paragraph_alone_is_outdated_in_every_translation(project: Path) -> None:
    edit(project, LABOUR_MIGRATION, "The COMMIT governments jointly agreed")

    outdated = {"paragraphs[labour-migration]": "outdated"}
    assert not_current(project) == {"fr": outdated, "km": outdated}
    status, out, _ = run(project, "translate", "commit-som11")
    assert status == 0
    assert out.splitlines() == [
        "fr (drafts/commit-som11.fr.yaml, from draft-1): "
        "54 current, 1 outdated, 0 missing, 0 orphaned",
        "  para 4 (labour-migration): outdated, the source changed",
        "    The COMMIT governments {--unanimously--}{++jointly++} agreed to make strengthening "
        "labour migration systems in the GMS a priority for interventions in 2017, thereby "
        "recognizing the fundamental connectedness between human trafficking and labour "
        "migration, especially in Southeast Asia.",
        "km (drafts/commit-som11.km.yaml, from draft-1): "
        "54 current, 1 outdated, 0 missing, 0 orphaned",
        "  para 4 (labour-migration): outdated, the source changed",
        "    The COMMIT governments {--unanimously--}{++jointly++} agreed to make strengthening "
        "labour migration systems in the GMS a priority for interventions in 2017, thereby "
        "recognizing the fundamental connectedness between human trafficking and labour "
        "migration, especially in Southeast Asia.",
    ]


def test_a_translation_is_current_again_once_it_names_the_source_version_it_follows(
    project: Path,
) -> None:
    edit(project, LABOUR_MIGRATION, "The COMMIT governments jointly agreed")
    assert run(project, "draft", "commit-som11")[0] == 0  # draft-2
    edit(project, "source_version: draft-1", "source_version: draft-2", KM)

    assert not_current(project) == {
        "fr": {"paragraphs[labour-migration]": "outdated"},
        "km": {},
    }


def test_the_outdated_words_are_the_sources_since_the_version_translated(project: Path) -> None:
    edit(project, LABOUR_MIGRATION, "The COMMIT governments jointly agreed")
    assert run(project, "draft", "commit-som11")[0] == 0  # draft-2: jointly
    edit(project, "governments jointly agreed", "governments agreed")

    _, out, _ = run(project, "translate", "--json", "commit-som11")
    (text,) = [t for t in json.loads(out)["translations"][0]["texts"] if t["state"] != "current"]
    assert text["label"] == "para 4 (labour-migration)"
    assert text["changes"][0][:3] == [
        {"op": "equal", "text": "The COMMIT governments"},
        {"op": "delete", "text": " unanimously"},
        {
            "op": "equal",
            "text": " agreed to make strengthening labour migration systems in the "
            "GMS a priority for interventions in 2017, thereby recognizing the fundamental "
            "connectedness between human trafficking and labour migration, especially in "
            "Southeast Asia.",
        },
    ]


def test_a_paragraph_new_in_the_source_is_missing_and_one_removed_is_orphaned(
    project: Path,
) -> None:
    edit(
        project,
        "      - id: ownership\n",
        "      - id: welcome\n        text: The meeting thanked Lao PDR.\n      - id: ownership\n",
    )
    removed = (project / EXAMPLE_DRAFT).read_text("utf-8").split("      - id: secretariat-")[1]
    edit(project, "      - id: secretariat-" + removed.split("actions:")[0], "")

    expected = {"paragraphs[welcome]": "missing", "paragraphs[secretariat-support]": "orphaned"}
    assert not_current(project) == {"fr": expected, "km": expected}
    _, out, err = run(project, "translate", "commit-som11")
    assert "  para 6 (welcome): to translate" in out.splitlines()
    assert "  para (secretariat-support), gone from the source: orphaned" in out.splitlines()
    assert err.splitlines() == [
        f"warning: {path} does not match its source in 2 places: `outcomes validate {path}` "
        "says where"
        for path in (FR, KM)
    ]


def test_a_text_still_marked_to_translate_is_missing(project: Path) -> None:
    edit(project, "title: km text 1\n", "title: TO TRANSLATE\n", KM)

    assert not_current(project) == {"fr": {}, "km": {"title": "missing"}}


def test_translate_to_writes_the_sources_structure_with_every_text_marked(project: Path) -> None:
    status, out, _ = run(project, "translate", "commit-som11", "--to", "th")

    assert status == 0
    assert out.splitlines()[0] == (
        "wrote drafts/commit-som11.th.yaml: 55 texts of commit-som11 draft-1 to translate "
        "into th, each marked TO TRANSLATE"
    )
    text = (project / "drafts/commit-som11.th.yaml").read_text("utf-8")
    assert text.splitlines()[:11] == [
        "# A translation of drafts/commit-som11.yaml (en) into th, from its recorded version",
        "# draft-1. Replace each TO TRANSLATE by the translation of the text in the comment above",
        "# it, and keep every id: texts are matched with the source's by id. Dates, numbers,",
        "# kinds and the symbol come from the source and are not written here. `outcomes",
        "# translate commit-som11` shows the state of each text.",
        "format: 1",
        "translation_of: commit-som11",
        "source_version: draft-1",
        "language: th",
        "# en: Outcome of the Eleventh COMMIT Senior Officials Meeting",
        "title: TO TRANSLATE",
    ]
    assert (
        "      - id: labour-migration\n"
        "        # en: The COMMIT governments unanimously agreed to make strengthening labour\n"
    ) in text
    assert text.count("TO TRANSLATE") == 58  # 57 texts, and the header's mention
    for not_words in ("2016-11-23", "kind:", "agenda: ", "due:", "symbol:", "number:"):
        assert not_words not in text
    lines = run(project, "translate", "commit-som11")[1].splitlines()
    assert lines[-2:] == [
        "th (drafts/commit-som11.th.yaml, from draft-1): 0 current, 0 outdated, 55 missing, "
        "0 orphaned",
        "  nothing translated yet: every text is marked TO TRANSLATE",
    ]


def test_validate_names_a_translation_by_its_id_and_language(project: Path) -> None:
    assert run(project, "validate", "commit-som11.km") == (
        0,
        "1 draft is valid: drafts/commit-som11.km.yaml\n",
        "",
    )
    assert run(project, "validate", "commit-som11.th")[0] == 2  # no such translation


def test_a_started_translation_is_valid_but_cannot_be_published(project: Path) -> None:
    run(project, "translate", "commit-som11", "--to", "th")

    status, out, err = run(project, "validate")
    assert status == 0
    assert out == (
        "4 drafts are valid: drafts/commit-som11.fr.yaml, drafts/commit-som11.km.yaml, "
        "drafts/commit-som11.th.yaml, drafts/commit-som11.yaml\n"
    )
    assert err == (
        "drafts/commit-som11.th.yaml:11:8: warning: 57 texts are still to be translated "
        "(TO TRANSLATE), the first here; a translation publishes only when none is left (title)\n"
    )
    status, _, err = run(
        project, "validate", "--strict", str(project / "drafts/commit-som11.th.yaml")
    )
    assert status == 1
    assert err.splitlines()[0] == (
        "drafts/commit-som11.th.yaml:11:8: error: this text is still to be translated "
        "(TO TRANSLATE); translate it before publishing (title)"
    )
    assert err.count("error: this text is still to be translated") == 57
    assert err.splitlines()[-1] == "57 problems in drafts/commit-som11.th.yaml"


def test_translate_to_never_writes_over_a_translation(project: Path) -> None:
    before = (project / KM).read_bytes()

    status, _, err = run(project, "translate", "commit-som11", "--to", "km")

    assert status == 1
    assert err == (
        "Error: drafts/commit-som11.km.yaml exists already; `outcomes translate commit-som11` "
        "shows what it still needs (it is never written over)\n"
    )
    assert (project / KM).read_bytes() == before


def test_translate_to_refuses_the_sources_own_language_and_an_unrecorded_draft(
    project: Path, tmp_path: Path
) -> None:
    assert run(project, "translate", "commit-som11", "--to", "en")[2] == (
        "Error: commit-som11 is written in en: translate it into another\n"
    )
    assert run(project, "translate", "commit-som11", "--to", "../x")[0] == 2
    fresh = tmp_path / "fresh"
    (fresh / "drafts").mkdir(parents=True)
    shutil.copy(project / EXAMPLE_DRAFT, fresh / "drafts")
    status, _, err = run(fresh, "translate", "commit-som11", "--to", "km")
    assert status == 1
    assert "record a version with `outcomes draft`" in err
    assert not (fresh / KM).exists()


def test_translate_to_starts_from_the_version_asked_for(project: Path) -> None:
    edit(project, LABOUR_MIGRATION, "The COMMIT governments jointly agreed")
    assert run(project, "draft", "commit-som11")[0] == 0  # draft-2

    assert run(project, "translate", "commit-som11", "--to", "th", "--from", "draft-1")[0] == 0

    text = (project / "drafts/commit-som11.th.yaml").read_text("utf-8")
    assert "source_version: draft-1" in text
    assert "# en: The COMMIT governments unanimously agreed" in text
    assert run(project, "translate", "commit-som11", "--to", "lo", "--from", "HEAD")[2] == (
        "Error: a translation translates a recorded version (draft-3, published-1), not HEAD\n"
    )


def test_translate_to_says_when_the_draft_changed_since_its_last_version(project: Path) -> None:
    edit(project, LABOUR_MIGRATION, "The COMMIT governments jointly agreed")

    status, _, err = run(project, "translate", "commit-som11", "--to", "th")

    assert status == 0
    assert err == (
        "warning: drafts/commit-som11.yaml has changed since draft-1, which is what was written "
        "to translate; `outcomes translate commit-som11` shows the changes as outdated\n"
    )


# --- validate: a translation against its source ------------------------------------------------


def problems(project: Path, file: str = KM) -> list[str]:
    status, _, err = run(project, "validate", str(project / file))
    assert status == 1
    return err.splitlines()[:-1]


def test_validate_tells_a_paragraph_missing_from_a_translation(project: Path) -> None:
    edit(project, "      - id: rotating-chair\n", "      - id: rotating-chairs\n", KM)

    assert problems(project) == [
        "drafts/commit-som11.km.yaml:122:5: error: the paragraph 'rotating-chair' of the source "
        "is missing here; add it, with `id: rotating-chair` (sections[1].paragraphs)",
        "drafts/commit-som11.km.yaml:129:13: error: the source has no paragraph "
        "'rotating-chairs'; remove it here (sections[1].paragraphs[1].id)",
    ]


def test_validate_tells_each_text_of_the_source_a_translation_lacks(project: Path) -> None:
    edit(project, "headline: km text 2\n", "", KM)
    edit(project, "      - km text 16\n", "", KM)  # Viet Nam, the sixth member of group 1
    section = (project / KM).read_text("utf-8").split("  - id: next-steps\n")[1]
    edit(project, "  - id: next-steps\n" + section.split("actions:")[0], "", KM)

    assert problems(project) == [
        "drafts/commit-som11.km.yaml:6:1: error: 'headline' of the source is missing here; add it",
        "drafts/commit-som11.km.yaml:38:5: error: member 6 of participant group 1 of the source "
        "is missing here; add it (participants[0].members)",
        "drafts/commit-som11.km.yaml:99:1: error: the section 'next-steps' of the source is "
        "missing here; add it (sections)",
        "drafts/commit-som11.km.yaml:99:1: error: the paragraph 'localization' of the source is "
        "missing here; add it, with `id: localization` (sections)",
        "drafts/commit-som11.km.yaml:99:1: error: the paragraph 'work-planning-2017' of the "
        "source is missing here; add it, with `id: work-planning-2017` (sections)",
        "drafts/commit-som11.km.yaml:99:1: error: the paragraph 'secretariat-support' of the "
        "source is missing here; add it, with `id: secretariat-support` (sections)",
    ]


def test_validate_tells_a_translation_without_its_source(project: Path) -> None:
    (project / EXAMPLE_DRAFT).unlink()

    assert problems(project) == [
        "drafts/commit-som11.km.yaml:7:17: error: there is no drafts/commit-som11.yaml: a "
        "translation is kept beside its source (translation_of)",
    ]


def test_validate_tells_a_translation_into_the_sources_own_language(project: Path) -> None:
    text = (project / FR).read_text("utf-8").replace("language: fr", "language: en")
    (project / "drafts/commit-som11.en.yaml").write_text(text, "utf-8")

    assert problems(project, "drafts/commit-som11.en.yaml") == [
        "drafts/commit-som11.en.yaml:9:11: error: the source is in en already: a translation is "
        "into another (language)",
    ]


def test_validate_tells_an_action_the_source_does_not_have(project: Path) -> None:
    text = (project / KM).read_text("utf-8")
    (project / KM).write_text(text + "  - id: extra\n    text: km text\n", "utf-8")

    assert problems(project) == [
        f"drafts/commit-som11.km.yaml:{len(text.splitlines()) + 1}:9: error: the source has no "
        "action 'extra'; remove it here (actions[4].id)",
    ]


def test_validate_tells_items_where_the_source_paragraph_has_none(project: Path) -> None:
    edit(
        project,
        "      - id: rotating-chair\n",
        "        items: [km a, km b]\n      - id: rotating-chair\n",
        KM,
    )

    assert problems(project) == [
        "drafts/commit-som11.km.yaml:129:16: error: the source's paragraph has no "
        "sub-items and this one 2 sub-items: a translation has the source's items, one for one "
        "(sections[1].paragraphs[0].items)",
    ]


def test_validate_tells_a_source_version_that_was_never_recorded(project: Path) -> None:
    edit(project, "source_version: draft-1", "source_version: draft-7", KM)
    edit(project, "source_version: draft-1", "source_version: 7", FR)

    assert problems(project) == [
        "drafts/commit-som11.km.yaml:8:17: error: commit-som11 has no recorded version draft-7; "
        "its versions are draft-1 (source_version)",
    ]
    assert problems(project, FR) == [
        "drafts/commit-som11.fr.yaml:8:17: error: '7' is not a recorded version's name: write "
        "draft-3 or published-1 (source_version)",
    ]


def test_validate_tells_a_translation_named_unlike_its_file(project: Path) -> None:
    edit(project, "translation_of: commit-som11", "translation_of: commit-som12", KM)
    edit(project, "language: fr", "language: en", FR)

    assert problems(project) == [
        "drafts/commit-som11.km.yaml:7:17: error: 'commit-som12' differs from the file name, "
        "which says 'commit-som11': a translation of commit-som11 into km is "
        "drafts/commit-som11.km.yaml (translation_of)",
    ]
    assert problems(project, FR)[0] == (
        "drafts/commit-som11.fr.yaml:9:11: error: 'en' differs from the file name, which says "
        "'fr': a translation of commit-som11 into fr is drafts/commit-som11.fr.yaml (language)"
    )


def test_a_translation_holds_words_only(project: Path) -> None:
    edit(project, "language: km\n", "language: km\nadopted: 2016-11-24\n", KM)

    assert problems(project)[0] == (
        "drafts/commit-som11.km.yaml:10:1: error: 'adopted' is not a field of a translation: "
        "it is the source's, and a translation holds the source's words only (its dates, "
        "numbers, kinds and symbol are the source's) (adopted)"
    )


def test_translate_names_a_translation_it_cannot_read_and_shows_the_others(
    project: Path,
) -> None:
    edit(project, "source_version: draft-1", "source_version: draft-7", KM)

    status, out, err = run(project, "translate", "commit-som11")

    assert status == 1
    assert out.splitlines()[0].startswith("fr (drafts/commit-som11.fr.yaml, from draft-1)")
    assert err == (
        "error: drafts/commit-som11.km.yaml: commit-som11 has no recorded version draft-7; "
        "its versions are draft-1\n"
    )
    assert git(project, "status", "--porcelain", "drafts").splitlines() == [
        "?? drafts/commit-som11.fr.yaml",
        "?? drafts/commit-som11.km.yaml",
    ]


def test_translate_tells_a_translation_that_does_not_validate_without_saying_it_wrote(
    project: Path,
) -> None:
    """`translate` only reads: its refusal says why the states cannot be told, nothing more."""
    edit(project, "language: km", "language: km\ncolour: blue", KM)

    status, _, err = run(project, "translate", "commit-som11")

    assert status == 1
    assert err.splitlines()[-1] == (
        "error: drafts/commit-som11.km.yaml does not validate (1 problem, listed above), so "
        "the states of its texts cannot be told"
    )
    assert "'colour' is not a field" in err
