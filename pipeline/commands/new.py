"""`outcomes new`: a ready-to-edit draft with every field and a comment on each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from string import Template

from pipeline import layout
from pipeline.errors import OutcomesError
from pipeline.model import schema_text
from pipeline.results import Line, Result
from pipeline.workspace import Workspace, checked_id


@dataclass
class NewResult(Result):
    path: str
    schema: str

    def lines(self) -> list[Line]:
        return [
            f"wrote {self.path}: fill in the [bracketed] places; "
            f"`outcomes validate --strict {self.path}` lists those left"
        ]


def new_draft(ws: Workspace, draft_id: str, *, today: date | None = None) -> NewResult:
    """Write drafts/<id>.yaml (never over an existing one) and the schema editors check it with."""
    path = ws.draft_path(checked_id(draft_id))
    if path.exists():
        raise OutcomesError(f"{ws.relative(path)} exists already; choose another id or edit it")
    template = Template((ws.templates / "new-draft.yaml").read_text("utf-8"))
    text = template.substitute(
        id=draft_id, language=ws.settings.language, today=(today or date.today()).isoformat()
    )
    ws.drafts.mkdir(parents=True, exist_ok=True)
    schema = ws.file(layout.SCHEMA)
    schema.write_text(schema_text(), "utf-8")
    with path.open("x", encoding="utf-8") as file:  # "x": never clobber a draft made meanwhile
        file.write(text)
    return NewResult(ws.relative(path), ws.relative(schema))
