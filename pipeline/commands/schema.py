"""`outcomes schema`: the JSON Schema of the draft format, for editors."""

from __future__ import annotations

import json
from typing import Any

from pipeline.model import Outcome

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def draft_schema() -> dict[str, Any]:
    return {"$schema": SCHEMA_DIALECT, **Outcome.model_json_schema()}


def schema_text() -> str:
    """The schema as the file editors read: indented, keys in a stable order."""
    return json.dumps(draft_schema(), indent=2, ensure_ascii=False) + "\n"
