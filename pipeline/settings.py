"""Project settings: the `[tool.outcomes]` table of the project's pyproject.toml."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pipeline.errors import SettingsInvalid
from pipeline.labels import ENGLISH, LANGUAGES, ORDERED, Overrides, catalog_language, placeholders


@dataclass(frozen=True)
class Settings:
    """What is the same for every draft of a project. Every field has a default."""

    #: Who issues the documents, printed on them and used as the feed's author.
    organisation: str = "Secretariat"
    #: "Name <email>" recorded on commits when git has no identity of its own.
    author: str = ""
    #: The public address of the published/ folder, for the feed's links and ids.
    site_url: str = "https://example.org/outcomes/"
    #: The language of drafts that do not say.
    language: str = "en"
    #: The git remote of the repository the officers share (none: versions stay here).
    remote: str = ""
    #: The branch there that holds the versions.
    branch: str = "main"
    #: The project's own words for labels, by catalog language and label name.
    labels: Overrides = field(default_factory=dict, hash=False)
    #: The settings the project gives itself; the others are the defaults above.
    given: frozenset[str] = field(default=frozenset(), compare=False)

    def unset(self, *names: str) -> list[str]:
        """Those of `names` the project has not set, so that their defaults would be used."""
        return [name for name in names if name not in self.given]


#: What a publication keeps for good, so the project must give its own: the organisation
#: printed on every edition, and the address the feed's links and ids are made of (an entry's
#: id never changes). Each with what to write, and what it is for.
FOR_PUBLICATION = {
    "organisation": ("Name of the organisation", "printed on the documents; author of the feed"),
    "site_url": ("https://<public address>/", "where published/ is served, ending with /"),
}


def check_for_publication(settings: Settings, root: Path) -> None:
    """Refuse to publish with a default organisation or address, saying what to set."""
    missing = settings.unset(*FOR_PUBLICATION)
    if not missing:
        return
    lines = [
        f'{name} = "{FOR_PUBLICATION[name][0]}"  # {FOR_PUBLICATION[name][1]}' for name in missing
    ]
    names, them = (missing[0], "it") if len(missing) == 1 else (" and ".join(missing), "them")
    raise SettingsInvalid(
        f"publishing needs the project's own {names}, as a published version keeps {them} for "
        f"good (the feed's ids are made from site_url); set {them} in {root / 'pyproject.toml'}:"
        "\n\n[tool.outcomes]\n" + "\n".join(lines)
    )


def load_settings(root: Path) -> Settings:
    """The settings of the project at `root`; defaults where it has none."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return Settings()
    import tomllib  # here: `--help` never reads the settings

    try:
        table = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("outcomes", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsInvalid(_unreadable(path, error)) from None
    known = {f.name for f in fields(Settings)} - {"given"}
    for key, value in table.items():
        if key not in known:
            raise SettingsInvalid(
                f"{path}: [tool.outcomes] has an unknown setting '{key}'; "
                f"the settings are: {', '.join(sorted(known))}"
            )
        if key != "labels" and not isinstance(value, str):
            raise SettingsInvalid(f"{path}: [tool.outcomes] {key} must be a text in quotes")
    language = table.get("language", Settings.language)
    labels = label_overrides(table.get("labels", {}), language, path)
    settings = Settings(**{**table, "labels": labels}, given=frozenset(table))
    if not settings.site_url.endswith("/"):
        raise SettingsInvalid(f"{path}: [tool.outcomes] site_url must end with '/'")
    return settings


#: Where Python's TOML reader says it stopped, at the end of its message.
TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _unreadable(path: Path, error: ValueError) -> str:
    """The TOML reader's complaint, placed as every problem is: file:line:column."""
    said = str(error)
    if found := TOML_PLACE.search(said):
        line, column = found.groups()
        return f"{path}:{line}:{column}: cannot be read as TOML: {said[: found.start()]}"
    return f"{path}: cannot be read as TOML: {said}"


def label_overrides(table: Any, language: str, path: Path) -> dict[str, dict[str, str]]:
    """`[tool.outcomes.labels]` (labels of the project's `language`) and its tables
    `[tool.outcomes.labels.<language>]`, by catalog language; anything unknown refused."""
    if not isinstance(table, Mapping):
        raise SettingsInvalid(f"{path}: [tool.outcomes] labels must be a table of labels")
    overrides: dict[str, dict[str, str]] = {}
    for key, value in table.items():
        where, tag, given = (
            ("labels." + key, key, value)
            if isinstance(value, Mapping)
            else ("labels", language, {key: value})
        )
        chosen = catalog_language(tag)
        if chosen is None:
            raise SettingsInvalid(
                f"{path}: [tool.outcomes.{where}] names a language without a catalog, '{tag}'; "
                f"the languages are: {', '.join(LANGUAGES)}"
            )
        overrides.setdefault(chosen, {}).update(
            _checked_labels(given, f"{path}: [tool.outcomes.{where}]")
        )
    return overrides


def _checked_labels(given: Mapping[str, Any], where: str) -> dict[str, str]:
    """Each label of `given`, a text holding the placeholders of its English."""
    for name, text in given.items():
        if name not in ENGLISH:
            if close := get_close_matches(name, ENGLISH, n=1):
                raise SettingsInvalid(f"{where} has no label '{name}'; did you mean '{close[0]}'?")
            raise SettingsInvalid(
                f"{where} has no label '{name}'; the labels are: {', '.join(sorted(ENGLISH))}"
            )
        if not isinstance(text, str):
            raise SettingsInvalid(f"{where} {name} must be a text in quotes")
        wanted, found = placeholders(ENGLISH[name]), placeholders(text)
        same = found == wanted if name in ORDERED else sorted(found) == sorted(wanted)
        if not same:
            braces = " and ".join(f"{{{p}}}" for p in wanted) or "no {...}"
            order = ", in this order" if name in ORDERED else ""
            raise SettingsInvalid(f"{where} {name} must hold {braces}{order}, as its English does")
    return dict(given)
