"""Project settings: the `[tool.outcomes]` table of the project's pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
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


def load_settings(root: Path) -> Settings:
    """The settings of the project at `root`; defaults where it has none."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return Settings()
    try:
        table = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("outcomes", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsInvalid(f"{path}: cannot be read as TOML: {error}") from None
    known = {f.name for f in fields(Settings)}
    for key, value in table.items():
        if key not in known:
            raise SettingsInvalid(
                f"{path}: [tool.outcomes] has an unknown setting '{key}'; "
                f"the settings are: {', '.join(sorted(known))}"
            )
        if not isinstance(value, str):
            raise SettingsInvalid(f"{path}: [tool.outcomes] {key} must be a text in quotes")
    settings = Settings(**table)
    if not settings.site_url.endswith("/"):
        raise SettingsInvalid(f"{path}: [tool.outcomes] site_url must end with '/'")
    return settings
