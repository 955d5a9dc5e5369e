"""The project folder: where drafts, templates and published files live, and safe paths in it."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import layout
from pipeline.errors import OutcomesError
from pipeline.files import scratch
from pipeline.layout import checked_id
from pipeline.settings import Settings, load_settings

if TYPE_CHECKING:
    from pipeline.loading import Draft

__all__ = ["Workspace", "bundled_templates", "checked_id"]

PACKAGE = Path(__file__).resolve().parent


def bundled_templates() -> Path:
    """The templates shipped with outcomes (in a wheel, or beside the package in a checkout)."""
    inside = PACKAGE / "_templates"
    return inside if inside.is_dir() else PACKAGE.parent / "templates"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def find(cls, start: Path) -> Workspace:
        """The nearest folder at or above `start` that holds drafts/ or is a git work tree."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / "drafts").is_dir() or (folder / ".git").exists():
                return cls(folder)
        return cls(start)

    @property
    def drafts(self) -> Path:
        return self.root / layout.DRAFTS

    @property
    def published(self) -> Path:
        return self.root / layout.PUBLISHED

    @property
    def templates(self) -> Path:
        own = self.root / "templates"
        return own if own.is_dir() else bundled_templates()

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.root)

    def file(self, relative: str) -> Path:
        """The file at a project-relative path (as `layout` gives them, from checked ids).

        Named, not followed: whether a link lies on the way is for the writer to refuse
        (`files.refuse_links`), naming the link."""
        parts = relative.split("/")
        if any(part in ("", ".", "..") for part in parts) or relative.startswith("/"):
            raise ValueError(f"{relative} is not a path inside the project")
        return self.root.joinpath(*parts)

    def draft_path(self, draft_id: str) -> Path:
        return self.file(layout.draft(draft_id))

    def existing_draft(self, draft_id: str, purpose: str) -> Draft:
        """The draft of `draft_id`, read and checked; a sentence when there is none to
        `purpose` ("to translate")."""
        from pipeline.loading import load_draft  # the model loads only when a draft is read

        path = self.draft_path(draft_id)
        if not path.is_file():
            raise OutcomesError(f"there is no draft {self.shown(path)} {purpose}")
        return load_draft(path, shown_as=self.shown(path))

    def reviews_folder(self, draft_id: str) -> Path:
        return self.file(layout.reviews(draft_id))

    def draft_files(self) -> list[Path]:
        """Every file in drafts/ that is read as a draft: the drafts and their translations."""
        return sorted(self.drafts.glob("*.yaml"))

    def translation_path(self, draft_id: str, language: str) -> Path:
        return self.file(layout.translation(draft_id, language))

    def translation_files(self, draft_id: str) -> dict[str, Path]:
        """The translations of a draft in drafts/, by language, in the order of their tags."""
        found = {}
        for path in sorted(self.drafts.glob(f"{checked_id(draft_id)}.*.yaml")):
            named = layout.translation_of(path.name)
            if named and named[0] == draft_id:
                found[named[1]] = path
        return found

    def relative(self, path: Path) -> str:
        """`path` as git and the user see it: relative to the project, with '/'."""
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def shown(self, path: Path) -> str:
        """How a file is named in messages: relative to the project when it lies inside it."""
        try:
            return self.relative(path)
        except ValueError:
            return str(path)

    def staging(self) -> AbstractContextManager[Path]:
        """A scratch folder for rendering, outside the project, so that even a killed run
        leaves nothing in its tree (files reach it only when recorded)."""
        return scratch()
