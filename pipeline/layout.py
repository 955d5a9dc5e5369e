"""Where each file of a project lies, as git records it: relative to the project, with '/'.

The one place that knows the layout. `Workspace` turns these paths into files on disk, the
commands record and read them, and the web edition's links are made from them.
"""

from __future__ import annotations

import re

from pipeline.ids import DRAFT_ID_PATTERN, LANGUAGE_PATTERN

DRAFTS = "drafts"
#: The JSON Schema editors check drafts with (each draft's first line names it).
SCHEMA = f"{DRAFTS}/outcome.schema.json"
PUBLISHED = "published"
ARCHIVE = f"{PUBLISHED}/index.html"
FEED = f"{PUBLISHED}/feed.xml"
#: Every outcome, version and file of published/, with its SHA-256, for the web team's scripts.
CATALOG = f"{PUBLISHED}/catalog.json"
#: The CI configuration `outcomes init --ci HOST` writes, where each host looks for it.
CI_FILES = {"github": ".github/workflows/outcomes.yml", "gitlab": ".gitlab-ci.yml"}


def checked_id(draft_id: str) -> str:
    """`draft_id` if it is a valid draft id (so it cannot leave its folder), else ValueError."""
    if not re.fullmatch(DRAFT_ID_PATTERN, draft_id):
        raise ValueError(
            f"'{draft_id}' is not a draft id: use 3 to 64 lower-case letters a-z, digits and '-'"
        )
    return draft_id


def draft(draft_id: str) -> str:
    return f"{DRAFTS}/{checked_id(draft_id)}.yaml"


def translation(draft_id: str, language: str) -> str:
    """A translation of a draft, beside it: `drafts/commit-som11.km.yaml`."""
    return f"{DRAFTS}/{checked_id(draft_id)}.{checked_language(language)}.yaml"


def checked_language(language: str) -> str:
    """`language` if it is a BCP 47 tag (so it cannot leave its folder either), else ValueError."""
    if not re.fullmatch(LANGUAGE_PATTERN, language):
        raise ValueError(f"'{language}' is not a language tag such as km, zh-Hans, th or fr")
    return language


def translation_of(name: str) -> tuple[str, str] | None:
    """The draft id and language a file name gives a translation (`commit-som11.km.yaml`:
    commit-som11 and km); None for a draft's own file or any other name. Ids hold no '.',
    so the first one ends the id."""
    stem, dot, language = name.removesuffix(".yaml").partition(".")
    if not dot or not name.endswith(".yaml"):
        return None
    if re.fullmatch(DRAFT_ID_PATTERN, stem) and re.fullmatch(LANGUAGE_PATTERN, language):
        return stem, language
    return None


def named(name: str) -> str:
    """The file a command names by its id: `commit-som11` is the draft, `commit-som11.km` its
    translation into km; ValueError for any other name."""
    draft_id, language = edition_of(name)
    return translation(draft_id, language) if language else draft(draft_id)


def edition_of(name: str) -> tuple[str, str | None]:
    """The outcome and language an edition's name gives: `commit-som11.km` is commit-som11 in
    km, `commit-som11` the source itself (None); ValueError for any other name."""
    if translated := translation_of(f"{name}.yaml"):
        return translated
    return checked_id(name), None


def outcome_folder(draft_id: str) -> str:
    """The folder of a draft's own files: its review copy and its reviews."""
    return f"{DRAFTS}/{checked_id(draft_id)}"


def review_copy(draft_id: str, language: str | None = None) -> str:
    """The Word review copy: `drafts/<id>/<id>-review.docx`, a language edition's beside it
    (`drafts/commit-som11/commit-som11.km-review.docx`)."""
    return f"{outcome_folder(draft_id)}/{edition_name(draft_id, language)}-review.docx"


def reviews(draft_id: str) -> str:
    """The folder of the returned copies and their compilation."""
    return f"{outcome_folder(draft_id)}/reviews"


def web_paths(
    draft_id: str, version: int | None = None, language: str | None = None
) -> dict[str, str]:
    """Each file of a published outcome, relative to published/ (as the site links them):
    the latest in `<id>/`, or those of one version at their permanent address, `<id>/v<M>/`,
    never rewritten once published. A language edition's lie beside them, in `<id>/<lang>/`
    and `<id>/<lang>/v<M>/`, named so that a downloaded file tells its language
    (`commit-som11.km.pdf`)."""
    outcome = checked_id(draft_id)
    folder = f"{outcome}/{checked_language(language)}" if language else outcome
    folder = f"{folder}/v{version}" if version else folder
    name = edition_name(outcome, language)
    return {
        "html": f"{folder}/index.html",
        "fragment": f"{folder}/fragment.html",
        "json": f"{folder}/{name}.json",
        "pdf": f"{folder}/{name}.pdf",
    }


def edition_name(draft_id: str, language: str | None = None) -> str:
    """What a language edition's versions and files are named by: `commit-som11.km` (its tags
    are `commit-som11.km/published-<n>`); the source's own is its id."""
    return f"{draft_id}.{language}" if language else draft_id


def edition_files(
    draft_id: str, version: int | None = None, language: str | None = None
) -> dict[str, str]:
    """Each file of a published outcome (of one version, at its permanent address; of a
    language edition), relative to the project."""
    paths = web_paths(draft_id, version, language)
    return {kind: f"{PUBLISHED}/{path}" for kind, path in paths.items()}


def published_json_id(path: str) -> str | None:
    """The outcome whose published JSON `path` is (`published/<id>/<id>.json`), else None."""
    outcome, _, name = path.removeprefix(f"{PUBLISHED}/").partition("/")
    return outcome if path.startswith(f"{PUBLISHED}/") and name == f"{outcome}.json" else None


def belongs(path: str, draft_id: str) -> bool:
    """Whether a recorded file is one of the outcome's own, or the shared archive and feed."""
    own = (f"{outcome_folder(draft_id)}/", f"{PUBLISHED}/{draft_id}/")
    return path == draft(draft_id) or path.startswith(own) or path in (ARCHIVE, FEED, CATALOG)


def belongs_to_edition(path: str, draft_id: str, language: str) -> bool:
    """Whether a recorded file is a language edition's own (its translation, Word copy and
    published files), or the shared archive, feed and catalog; not the source's."""
    own = (translation(draft_id, language), review_copy(draft_id, language))
    published = f"{PUBLISHED}/{draft_id}/{checked_language(language)}/"
    return path in own or path.startswith(published) or path in (ARCHIVE, FEED, CATALOG)
