"""Project settings: the `[tool.outcomes]` table of the project's pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from pipeline.errors import SettingsInvalid


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
    try:
        table = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("outcomes", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsInvalid(f"{path}: cannot be read as TOML: {error}") from None
    known = {f.name for f in fields(Settings)} - {"given"}
    for key, value in table.items():
        if key not in known:
            raise SettingsInvalid(
                f"{path}: [tool.outcomes] has an unknown setting '{key}'; "
                f"the settings are: {', '.join(sorted(known))}"
            )
        if not isinstance(value, str):
            raise SettingsInvalid(f"{path}: [tool.outcomes] {key} must be a text in quotes")
    settings = Settings(**table, given=frozenset(table))
    if not settings.site_url.endswith("/"):
        raise SettingsInvalid(f"{path}: [tool.outcomes] site_url must end with '/'")
    return settings
