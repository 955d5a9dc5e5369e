"""Frozen, typed records read from plain data, with every mismatch reported at its path.

The format's models (`model.py`, `translation.py`) are dataclasses made with `@record`; each
field's type says how its value is read: `Annotated[str, WORDS]` is a text, `list[Section]` a
list of records, `X | None` may be left empty. `read(Outcome, data)` gives the record, or
every place where the data does not fit, each with the project's code, so that `validate`
reports them all at once. `schema(Outcome)` writes the same declarations as JSON Schema.

A library (Pydantic) did this before: building its validators took a quarter of every
command's start, longer than reading the draft; the format needs a few kinds of value only.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing
from collections.abc import Callable, Iterator
from datetime import date
from difflib import get_close_matches
from types import NoneType, UnionType
from typing import Any, Literal, TypeVar

from pipeline.codes import Code

PathKey = tuple[str | int, ...]
R = TypeVar("R")


@dataclasses.dataclass(frozen=True)
class Mismatch:
    """A value that does not fit the format: where, its code, the value as read, and the
    sentence when the reader has one of its own (else `loading` words it from the code)."""

    path: PathKey
    code: Code
    value: Any = None
    message: str | None = None


class Refused(Exception):
    """Raised by a field's reader: this value cannot be read, and why."""

    def __init__(self, code: Code, message: str | None = None) -> None:
        super().__init__(message or code)
        self.code, self.message = code, message


#: What `read` gives back where a value did not fit (a mismatch has been noted).
UNREAD: Any = object()


def describe(value: Any) -> str:
    """What a value is, as an officer would name what they wrote."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if value is None:
        return "nothing"
    return "a single text"


# --- Kinds of value -------------------------------------------------------------------------


class Shape:
    """How one kind of value is read and described in JSON Schema."""

    def read(self, value: Any, path: PathKey, found: list[Mismatch]) -> Any:
        raise NotImplementedError

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError


@dataclasses.dataclass(frozen=True)
class Words(Shape):
    """A text, its spaces at either end dropped; it may not be empty."""

    def read(self, value: Any, path: PathKey, found: list[Mismatch]) -> Any:
        if not isinstance(value, str):
            return _wrong(found, path, Code.NOT_TEXT, value)
        if not (text := value.strip()):
            return _wrong(found, path, Code.EMPTY_VALUE, value)
        return text

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"minLength": 1, "type": "string"}


@dataclasses.dataclass(frozen=True)
class Pattern(Shape):
    """A text written exactly as `pattern` allows (an id, a language tag)."""

    pattern: str
    code: Code

    def read(self, value: Any, path: PathKey, found: list[Mismatch]) -> Any:
        if not isinstance(value, str):
            return _wrong(found, path, Code.NOT_TEXT, value)
        if not _compiled(self.pattern).search(value):
            return _wrong(found, path, self.code, value)
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"pattern": self.pattern, "type": "string"}


@dataclasses.dataclass(frozen=True)
class Reader(Shape):
    """A value read by a function of the format's own, which raises `Refused`."""

    function: Callable[[Any], Any]
    described: tuple[tuple[str, Any], ...]

    def read(self, value: Any, path: PathKey, found: list[Mismatch]) -> Any:
        try:
            return self.function(value)
        except Refused as refused:
            return _wrong(found, path, refused.code, value, refused.message)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return dict(self.described)


@dataclasses.dataclass(frozen=True)
class Choice(Shape):
    """One of a few words (`Literal["adopted", "noted", ...]`)."""

    choices: tuple[str, ...]

    def read(self, value: Any, path: PathKey, found: list[Mismatch]) -> Any:
        if value in self.choices:
            return value
        quoted = [f"'{choice}'" for choice in self.choices]
        listed = f"{', '.join(quoted[:-1])} or {quoted[-1]}" if len(quoted) > 1 else quoted[0]
        message = f"'{value}' is not allowed here; use one of {listed}"
        if isinstance(value, str) and (close := get_close_matches(value, self.choices, n=1)):
            message = f"'{value}' is not allowed here; did you mean '{close[0]}'? (one of {listed})"
        return _wrong(found, path, Code.NOT_ALLOWED, value, message)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"enum": list(self.choices), "type": "string"}


@dataclasses.dataclass(frozen=True)
class Optional(Shape):
    """`inner`, or nothing (a key left empty)."""

    inner: Shape

    def read(self, value: Any, path: PathKey, found: list[Mismatch]) -> Any:
        return None if value is None else self.inner.read(value, path, found)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [self.inner.schema(defs), {"type": "null"}]}


@dataclasses.dataclass(frozen=True)
class ListOf(Shape):
    """A list of `inner`, of `least` entries at least."""

    inner: Shape
    least: int = 0

    def read(self, value: Any, path: PathKey, found: list[Mismatch]) -> Any:
        if not isinstance(value, list):
            return _wrong(found, path, Code.NOT_A_LIST, value)
        if len(value) < self.least:
            return _wrong(found, path, Code.EMPTY_LIST, value)
        entries = [self.inner.read(entry, (*path, n), found) for n, entry in enumerate(value)]
        return UNREAD if any(entry is UNREAD for entry in entries) else entries

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        described = {"items": self.inner.schema(defs), "type": "array"}
        return described | ({"minItems": self.least} if self.least else {})


@dataclasses.dataclass(frozen=True)
class Nested(Shape):
    """A group of fields: a record of its own."""

    kind: type

    def read(self, value: Any, path: PathKey, found: list[Mismatch]) -> Any:
        if not isinstance(value, dict):
            return _wrong(found, path, Code.NOT_A_GROUP, value)
        return _read_record(self.kind, value, path, found)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        if self.kind.__name__ not in defs:
            defs[self.kind.__name__] = {}  # taken, before its fields name it again
            defs[self.kind.__name__] = _record_schema(self.kind, defs)
        return {"$ref": f"#/$defs/{self.kind.__name__}"}


def _wrong(
    found: list[Mismatch], path: PathKey, code: Code, value: Any, message: str | None = None
) -> Any:
    # A required value left empty is said to be empty, whatever kind it should have been.
    found.append(Mismatch(path, Code.EMPTY_VALUE if value is None else code, value, message))
    return UNREAD


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


#: The one shape of a text; `Annotated[str, WORDS]` is how a model names it.
WORDS = Words()


# --- Records --------------------------------------------------------------------------------


def record(cls: type[R]) -> type[R]:
    """Make `cls` a record of the format: a frozen dataclass of keyword fields, each read as
    its type says. The docstring, if any, describes it in the JSON Schema."""
    described = cls.__dict__.get("__doc__")  # before dataclass writes one of its own
    kind = dataclasses.dataclass(frozen=True, kw_only=True, slots=True)(cls)
    kind.__describes__ = described  # type: ignore[attr-defined]
    return kind


def field(
    default: Any = dataclasses.MISSING,
    *,
    description: str | None = None,
    least: int = 0,
    empty_list: bool = False,
) -> Any:
    """A field's default and what the schema says of it: `least` entries for a list, or
    `empty_list` for a list that may be left out."""
    metadata = {"description": description, "least": least}
    if empty_list:
        return dataclasses.field(default_factory=list, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True)
class Slot:
    """One field of a record as read: its name, shape, whether it must be given, its text."""

    name: str
    shape: Shape
    required: bool
    description: str | None


@functools.cache
def slots(kind: type) -> tuple[Slot, ...]:
    """The fields of the record `kind`, in order, each with the shape its type names."""
    hints = typing.get_type_hints(kind, include_extras=True)
    found = []
    for each in dataclasses.fields(kind):
        metadata = each.metadata or {}
        required = dataclasses.MISSING is each.default is each.default_factory
        shape = shape_of(hints[each.name], metadata.get("least", 0))
        found.append(Slot(each.name, shape, required, metadata.get("description")))
    return tuple(found)


def shape_of(annotation: Any, least: int = 0) -> Shape:
    """The shape a field's type names."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return next(meta for meta in annotation.__metadata__ if isinstance(meta, Shape))
    if origin in (UnionType, typing.Union) and NoneType in arguments:
        (inner,) = [argument for argument in arguments if argument is not NoneType]
        return Optional(shape_of(inner, least))
    if origin is list:
        return ListOf(shape_of(arguments[0]), least)
    if origin is Literal:
        return Choice(arguments)
    if dataclasses.is_dataclass(annotation):
        return Nested(annotation)
    raise TypeError(f"no shape for {annotation!r}")


def read(kind: type[R], data: Any) -> tuple[R | None, list[Mismatch]]:
    """The record `kind` of the plain `data`, or None and every mismatch found."""
    found: list[Mismatch] = []
    if not isinstance(data, dict):
        return None, [Mismatch((), Code.NOT_A_GROUP, data)]
    checked = _read_record(kind, data, (), found)
    return (None if found else checked), found


def made(kind: type[R], data: Any) -> R:
    """The record of `data` that outcomes wrote itself (a published JSON, a record's `plain`
    data changed): it fits, and a mismatch is a bug."""
    checked, found = read(kind, data)
    if checked is None:
        raise ValueError(f"not a {kind.__name__}: {found}")
    return checked


def _read_record(kind: type[R], data: dict[str, Any], path: PathKey, found: list[Mismatch]) -> R:
    values: dict[str, Any] = {}
    before = len(found)
    known = slots(kind)
    for slot in known:
        if slot.name in data:
            values[slot.name] = slot.shape.read(data[slot.name], (*path, slot.name), found)
        elif slot.required:
            found.append(Mismatch((*path, slot.name), Code.MISSING))
    names = {slot.name for slot in known}
    found += [Mismatch((*path, k), Code.UNKNOWN_KEY, v) for k, v in data.items() if k not in names]
    return UNREAD if len(found) > before else kind(**values)


def fields_at(kind: type, path: PathKey) -> list[str]:
    """The field names the record `kind` allows at `path` (list positions skipped)."""
    for part in path:
        if isinstance(part, str):
            kind = next(records_in(next(s for s in slots(kind) if s.name == part).shape))
    return [slot.name for slot in slots(kind)]


def records_in(shape: Shape) -> Iterator[type]:
    """The records a shape holds: `list[Section] | None` holds Section."""
    if isinstance(shape, Nested):
        yield shape.kind
    elif isinstance(shape, Optional | ListOf):
        yield from records_in(shape.inner)


def all_field_names(kind: type) -> frozenset[str]:
    """Every field name of the record `kind` and the records it holds, at any depth."""
    names = {slot.name for slot in slots(kind)}
    for slot in slots(kind):
        for inner in records_in(slot.shape):
            names |= all_field_names(inner)
    return frozenset(names)


# --- Back to plain data ---------------------------------------------------------------------


def plain(value: Any, *, as_json: bool = False) -> Any:
    """A record as plain dicts and lists, fields in order (dates as YYYY-MM-DD `as_json`)."""
    if dataclasses.is_dataclass(value):
        return {
            each.name: plain(getattr(value, each.name), as_json=as_json)
            for each in dataclasses.fields(value)
        }
    if isinstance(value, list):
        return [plain(entry, as_json=as_json) for entry in value]
    if as_json and isinstance(value, date):
        return value.isoformat()
    return value


# --- JSON Schema ----------------------------------------------------------------------------


def schema(kind: type, title: str) -> dict[str, Any]:
    """The record `kind` as a JSON Schema (the records it holds under `$defs`), keys sorted
    as editors' schema stores sort them, fields in the format's order."""
    defs: dict[str, Any] = {}
    described = _record_schema(kind, defs) | {"title": title}
    return _sorted({"$defs": dict(sorted(defs.items())), **described} if defs else described)


def _record_schema(kind: type, defs: dict[str, Any]) -> dict[str, Any]:
    properties = {slot.name: _field_schema(slot, defs) for slot in slots(kind)}
    described: dict[str, Any] = {
        "additionalProperties": False,
        "properties": properties,
        "required": [slot.name for slot in slots(kind) if slot.required],
        "title": kind.__name__,
        "type": "object",
    }
    if kind.__describes__:  # type: ignore[attr-defined]
        described["description"] = kind.__describes__  # type: ignore[attr-defined]
    return described


def _field_schema(slot: Slot, defs: dict[str, Any]) -> dict[str, Any]:
    described = slot.shape.schema(defs)
    if "$ref" not in described:
        described["title"] = slot.name.replace("_", " ").title()
    if slot.description:
        described["description"] = slot.description
    if not slot.required and isinstance(slot.shape, Optional):
        described["default"] = None
    return described


def _sorted(value: Any, key: str | None = None) -> Any:
    """Keys in order at every level, but a record's fields, which keep the format's order."""
    if isinstance(value, dict):
        items = value.items() if key == "properties" else sorted(value.items())
        return {name: _sorted(inner, name) for name, inner in items}
    if isinstance(value, list):
        return [_sorted(entry) for entry in value]
    return value
