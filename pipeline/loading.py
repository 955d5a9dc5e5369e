"""Read a draft file into an `Outcome`, or report every problem in it with its place.

YAML is read as events (PyYAML's C parser), and the tree is built here rather than by a YAML
constructor, for four reasons:
- every scalar stays the text that was written (`NO`, `on`, `1.10`, `0123`, `1:20`);
  only the model turns the format's own dates and numbers into values;
- each value keeps its line and column, so a model error points into the file;
- duplicate keys, anchors and aliases, tags and `%YAML` directives can be refused;
- a ` # ...` that YAML silently took for a comment inside a text can be noticed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

from pipeline.codes import AT_PUBLICATION, Code
from pipeline.errors import DraftInvalid, Problem, PublishRefused
from pipeline.mistakes import (
    DASH_WITHOUT_SPACE,
    KEY_WITHOUT_SPACE,
    Position,
    advice,
    begins_with,
    line_at,
    line_before,
    position,
    shortened,
    value_start,
)
from pipeline.model import (
    DRAFT_ID_LENGTH,
    ID_ALPHABET,
    ITEM_ID_LENGTH,
    Outcome,
    field_names,
)
from pipeline.records import Mismatch, all_field_names, describe, fields_at, read
from pipeline.rules import Finding, check_draft, check_publishable

MAX_BYTES = 1024 * 1024
#: libyaml's parser where PyYAML was built with it (the faster); PyYAML's own, which
#: gives the same events and marks, where it was not.
EVENTS_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 16
MAX_REPORTED = 50

PathKey = tuple[str | int, ...]
ModelT = TypeVar("ModelT")

#: What XML (and so Word) cannot hold, and what Word and PDF viewers paste by accident; the
#: line and paragraph separators too, which YAML's reader takes for line breaks.
BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
CHARACTER_NAMES = {
    "\u2028": "line separator, pasted from a PDF or a web page",
    "\u2029": "paragraph separator, pasted from a PDF or a web page",
    "\x0b": "vertical tab, which Word writes for a manual line break",
    "\x0c": "form feed, which Word writes for a page break",
    "\x00": "null",
    "\x85": "next line, pasted from old Windows text",
}
#: Keys whose values are codes, dates or numbers: a trailing `# ...` there is a real comment.
NOT_TEXT_KEYS = frozenset(
    {"format", "id", "language", "number", "start", "end", "adopted", "due", "kind", "agenda"}
)
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def format_path(path: PathKey) -> str:
    """`("sections", 0, "title")` as `sections[0].title`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass
class Marks:
    """Where each value (and each key) of a draft was written, and the lines it was read from."""

    file: str
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list, repr=False)

    def at(self, path: PathKey, *, key: bool = False) -> Position:
        """The place of `path`, or of its nearest ancestor that was written."""
        table = self.keys if key else self.values
        while path not in table and path:
            path = path[:-1]
            table = self.keys if path in self.keys else self.values
        return table.get(path, (1, 1))

    def problem(self, path: PathKey, message: str, code: Code, *, key: bool = False) -> Problem:
        """An error at the place of `path` (of its key, when `key` is set)."""
        line, column = self.at(path, key=key)
        return Problem(self.file, line, column, message, format_path(path), code)

    def place(self, finding: Finding) -> Problem:
        """A rule's finding at its place in the file (inside the text, when it says where)."""
        line, column = self.at(finding.path, key=finding.at_key)
        if finding.nonblank_before is not None and finding.path in self.values:
            line, column = self._inside_text((line, column), finding.nonblank_before)
        return Problem(
            self.file,
            line,
            column,
            finding.message,
            format_path(finding.path),
            finding.code,
            finding.severity,
        )

    def _inside_text(self, start: Position, nonblank_before: int) -> Position:
        """The place of the text's non-blank character that has `nonblank_before` others
        before it. Counting only non-blank characters makes the count the same in the file as
        in the text read from it, however a `>` or `|` block folded or indented the lines."""
        line, column = start[0] - 1, start[1] - 1
        opener = self.lines[line][column] if line < len(self.lines) else ""
        if opener in ("|", ">"):  # a block text starts on the line after its indicator
            line, column = line + 1, 0
        elif opener in ("'", '"'):
            column += 1
        remaining = nonblank_before
        for number in range(line, len(self.lines)):
            text = self.lines[number]
            while column < len(text):
                written, character = _character_at(text, column, opener)
                if not character.isspace():
                    if remaining == 0:
                        return number + 1, column + 1
                    remaining -= 1
                column += written
            column = 0
        return start


#: A double-quoted text's escapes: \x41, \u00e9, \U0001F600, or a backslash and one mark.
ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
#: The one-mark escapes that stand for blank characters (they are not counted).
BLANK_ESCAPES = frozenset("tn _NLPr\t")


def _character_at(text: str, column: int, opener: str) -> tuple[int, str]:
    """How many marks of the file write the character at `column`, and that character (a
    blank for an escape of one): '' in single quotes, \\x41 or \\t in double quotes."""
    if opener == "'" and text[column : column + 2] == "''":
        return 2, "'"
    if opener == '"' and (escape := ESCAPE.match(text, column)):
        code = escape.group(1)
        if len(code) > 1:
            return len(escape.group(0)), chr(int(code[1:], 16))
        return 2, " " if code in BLANK_ESCAPES else code
    return 1, text[column]


@dataclass(frozen=True)
class Draft:
    """A draft read and checked: its model, its bytes as written, and what was noticed."""

    path: Path
    source: bytes
    outcome: Outcome
    marks: Marks
    warnings: list[Problem]


def load_draft(path: Path, *, shown_as: str | None = None, strict: bool = False) -> Draft:
    """Read and check one draft file; raise `DraftInvalid` with every problem found.

    `strict` applies the rules of publication too, reported with all the others."""
    file = shown_as or str(path)
    return parse_draft(read_source(path, file), file=file, path=path, strict=strict)


def read_source(path: Path, file: str) -> bytes:
    """The bytes of a draft file (any file read as a draft: a translation too), or
    `DraftInvalid` when it cannot be read or is too large to be a draft."""
    try:
        size = path.stat().st_size
        source = path.read_bytes() if size <= MAX_BYTES else b""
    except OSError as error:
        problem = Problem(file, 1, 1, f"cannot be read: {error.strerror}", code=Code.UNREADABLE)
        raise DraftInvalid([problem]) from None
    if size > MAX_BYTES:
        message = f"the file is {size // 1024} KB; a draft may be at most {MAX_BYTES // 1024} KB"
        raise DraftInvalid([Problem(file, 1, 1, message, code=Code.TOO_LARGE)])
    return source


def parse_draft(source: bytes, *, file: str, path: Path, strict: bool = False) -> Draft:
    """Check the bytes of a draft (as read from `path`, or recorded for it in git)."""

    def rules(data: Any) -> list[Finding]:
        return check_draft(data, path.stem) + (check_publishable(data) if strict else [])

    outcome, marks, warnings = parse_checked(
        source, file=file, model=Outcome, rules=rules, strict=strict
    )
    return Draft(path, source, outcome, marks, warnings)


def parse_checked(
    source: bytes,
    *,
    file: str,
    model: type[ModelT],
    rules: Callable[[Any], list[Finding]],
    strict: bool = False,
) -> tuple[ModelT, Marks, list[Problem]]:
    """Read the bytes of a file of the format `model` (a draft, a translation), check them
    against the model and `rules`, and give the model, the places of its values and the
    warnings; raise `DraftInvalid` with every problem found."""
    text, problems = _decode(source, file)
    if text is None:
        raise DraftInvalid(problems)
    tree = _Composer(file, text)
    data = tree.compose()
    problems += tree.problems
    if any(p.severity == "error" for p in problems):  # not read as written: the rest would mislead
        raise DraftInvalid(problems)
    checked, mismatches = read(model, data)
    problems += _shape_problems(mismatches, tree.marks, model)
    # The rules read the plain data, so they report alongside the shape errors; a field the
    # model already refused (an id in capitals, say) is not reported a second time.
    refused = {mismatch.path for mismatch in mismatches}
    problems += [tree.marks.place(f) for f in rules(data) if not _under(f.path, refused)]
    if strict:
        problems = [_at_publication(p) for p in problems]
    problems.sort(key=lambda p: (p.line, p.column))
    if checked is None or any(p.severity == "error" for p in problems):
        raise refusal(problems)
    return checked, tree.marks, problems


#: What publication adds to a warning it refuses: why the published text cannot keep it.
AT_PUBLICATION_REASONS = {
    Code.COMMENT_IN_TEXT: "a published text must not lose words (a comment goes on a line "
    "of its own)",
    Code.ENTRY_IN_TEXT: "a published text must not run two entries together",
}


def _at_publication(problem: Problem) -> Problem:
    """A text cut short by ` #`, or holding the line of a list entry, is let pass in a draft,
    with a warning; the published text would silently lose words, or merge two entries, so at
    publication it is an error."""
    if (reason := AT_PUBLICATION_REASONS.get(problem.code)) is None:
        return problem
    return replace(problem, severity="error", message=f"{problem.message}; {reason}")


def refusal(problems: list[Problem]) -> DraftInvalid:
    """The error for `problems`: a publication refused when only its own rules are broken."""
    errors = [p for p in problems if p.severity == "error"]
    if all(p.code in AT_PUBLICATION for p in errors):
        return PublishRefused(problems)
    return DraftInvalid(problems)


def _under(path: PathKey, refused: set[PathKey]) -> bool:
    """Whether `path`, or a field holding it, is among `refused`."""
    return any(path[:length] in refused for length in range(len(path) + 1))


def _decode(source: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """The text of a draft, or the problems that stop it being read at all."""
    body = source.removeprefix(b"\xef\xbb\xbf")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(body, error.start)
        message = (
            f"byte 0x{body[error.start]:02X} is not UTF-8 text; save the file as UTF-8 "
            "(in most editors: Save As, Encoding: UTF-8)"
        )
        return None, [Problem(file, line, column, message, code=Code.NOT_UTF8)]
    if not text.strip():
        return None, [Problem(file, 1, 1, "the file is empty", code=Code.EMPTY_FILE)]
    bad = [_bad_character_problem(file, text, m) for m in BAD_CHARACTER.finditer(text)]
    if bad:
        return None, bad[:MAX_REPORTED]
    return text, []


def _byte_position(data: bytes, offset: int) -> Position:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(
        data[line_start:offset].decode("utf-8", "replace")
    ) + 1


def _bad_character_problem(file: str, text: str, match: re.Match[str]) -> Problem:
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return Problem(
        file, line, column, _bad_character_message(match.group()), code=Code.CONTROL_CHARACTER
    )


def _bad_character_message(character: str) -> str:
    name = CHARACTER_NAMES.get(character, "a control character")
    return (
        f"the character U+{ord(character):04X} ({name}) cannot be kept in a document; "
        "delete it or replace it with a space"
    )


class _Composer:
    """Builds plain data (str, list, dict, None) from YAML events, noting every place."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.splitlines()
        self.marks = Marks(file, lines=self.lines)
        self.problems: list[Problem] = []
        self._events: Iterator[yaml.Event] = yaml.parse(text, Loader=EVENTS_LOADER)

    def compose(self) -> Any:
        try:
            return self._stream()
        except yaml.MarkedYAMLError as error:
            problem = self._syntax_problem(error)
            # YAML cannot read on past a syntax mistake: the count of problems would otherwise
            # read as if the rest of the file had been checked and found right.
            problem = replace(
                problem,
                message=f"{problem.message}; reading stopped here, so the rest of the file "
                "is checked once this is fixed",
            )
            if all((p.line, p.column) != (problem.line, problem.column) for p in self.problems):
                self.problems.append(problem)  # not when already told there (`*Noting the`)
        except RecursionError:
            self.problems.append(self._at(None, "the file is nested too deeply", Code.TOO_DEEP))
        return None

    def _stream(self) -> Any:
        next(self._events)  # StreamStartEvent
        start = next(self._events)
        if isinstance(start, yaml.StreamEndEvent):
            self.problems.append(
                Problem(self.file, 1, 1, "the file holds no draft", code=Code.EMPTY_FILE)
            )
            return None
        if start.version or start.tags:
            self.problems.append(
                self._at(
                    start.start_mark,
                    "remove the '%' directive line: drafts are always read as YAML 1.2",
                    Code.DIRECTIVE,
                )
            )
        data = self._node(next(self._events), (), 0)
        next(self._events)  # DocumentEndEvent
        extra = next(self._events)
        if not isinstance(extra, yaml.StreamEndEvent):
            self.problems.append(
                self._at(
                    extra.start_mark,
                    "a draft file holds one document: remove the '---' line and what follows",
                    Code.TWO_DOCUMENTS,
                )
            )
        if not isinstance(data, dict) and not self.problems:
            self.problems.append(
                self._at(
                    None,
                    "a draft is a set of 'key: value' lines (format:, id:, title: ...), "
                    f"but this file holds {describe(data)}",
                    Code.NOT_A_MAPPING,
                )
            )
        return data

    def _node(self, event: yaml.Event, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise RecursionError
        self.marks.values[path] = position(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            self._refuse_anchor(event, path)
            return None
        if event.anchor:
            self._refuse_anchor(event, path)
        if event.tag and event.tag != "!":
            self.problems.append(self._at(event.start_mark, _tag_message(event), Code.TAG, path))
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(item := next(self._events), yaml.SequenceEndEvent):
                items.append(self._node(item, (*path, len(items)), depth + 1))
            return items
        return self._mapping(path, depth)

    def _mapping(self, path: PathKey, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        while not isinstance(key_event := next(self._events), yaml.MappingEndEvent):
            if not isinstance(key_event, yaml.ScalarEvent):
                self.problems.append(
                    self._at(key_event.start_mark, "a key must be a plain name", Code.BAD_KEY, path)
                )
                self._node(key_event, path, depth + 1)
                self._node(next(self._events), path, depth + 1)
                continue
            key = key_event.value
            child = (*path, key)
            if key in mapping:
                first = self.marks.keys[child][0]
                message = f"'{key}' is given twice (first on line {first}); keep one of them"
                self.problems.append(
                    self._at(key_event.start_mark, message, Code.DUPLICATE_KEY, child)
                )
                self._node(next(self._events), (*path, f"{key} (again)"), depth + 1)
                continue
            self.marks.keys[child] = position(key_event.start_mark)
            mapping[key] = self._node(next(self._events), child, depth + 1)
        return mapping

    def _scalar(self, event: yaml.ScalarEvent, path: PathKey) -> str | None:
        plain = not event.style
        if plain and event.value in NULLS:
            return None
        for character in BAD_CHARACTER.findall(event.value):  # written as an escape ("\v")
            self.problems.append(
                self._at(
                    event.start_mark,
                    _bad_character_message(character),
                    Code.CONTROL_CHARACTER,
                    path,
                )
            )
        if plain and path and path[-1] not in NOT_TEXT_KEYS:
            self._notice_comment(event, path)
        if plain:
            self._notice_entry(event, path)
        return event.value

    def _notice_comment(self, event: yaml.ScalarEvent, path: PathKey) -> None:
        """Warn where ` # ...` after an unquoted text was dropped as a YAML comment."""
        line = self.lines[event.end_mark.line] if event.end_mark.line < len(self.lines) else ""
        rest = line[event.end_mark.column :]
        if re.match(r"\s+#", rest):
            message = (
                f"the text after '#' on line {event.end_mark.line + 1} was read as a comment and "
                "left out; if it belongs to the text, put the whole text in quotes"
            )
            self.problems.append(
                Problem(
                    self.file,
                    event.end_mark.line + 1,
                    event.end_mark.column + rest.index("#") + 1,
                    message,
                    format_path(path),
                    Code.COMMENT_IN_TEXT,
                    "warning",
                )
            )

    def _notice_entry(self, event: yaml.ScalarEvent, path: PathKey) -> None:
        """Warn where an unquoted text was folded from lines one of which starts with '- ':
        most likely a list entry written a column too far right (`- Cambodia` then
        `   - Lao PDR` reads "Cambodia - Lao PDR"). A warning, not an error: a wrapped
        sentence may start a line with a dash on purpose ("2015\n  - 2017"), and then quoting
        the text silences it; publication refuses it, as the published text would merge the
        entries. A field's `key: ` at a line start needs no check here: YAML refuses it."""
        for number in range(event.start_mark.line + 1, event.end_mark.line + 1):
            text = line_at(self.lines, number)
            if not re.match(r"\s*- ", text):
                continue
            message = (
                f"this line is read as part of the text above it ('{shortened(event.value)}'); "
                "if it is an entry of the list, start it in the same column as the others, "
                "and if it belongs to the text, put the whole text in quotes"
            )
            column = len(text) - len(text.lstrip()) + 1
            self.problems.append(
                Problem(
                    self.file,
                    number + 1,
                    column,
                    message,
                    format_path(path),
                    Code.ENTRY_IN_TEXT,
                    "warning",
                )
            )

    def _refuse_anchor(self, event: yaml.Event, path: PathKey) -> None:
        if isinstance(event, yaml.AliasEvent | yaml.ScalarEvent):  # `*Noting* the ...`
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            message = begins_with(sign)
        else:
            message = (
                "anchors and aliases ('&name', '*name') are not allowed in drafts: "
                "write the text out in full"
            )
        self.problems.append(self._at(event.start_mark, message, Code.ALIAS, path))

    def _at(self, mark: Any, message: str, code: Code, path: PathKey = ()) -> Problem:
        line, column = position(mark) if mark is not None else (1, 1)
        return Problem(self.file, line, column, message, format_path(path), code)

    def _syntax_problem(self, error: yaml.MarkedYAMLError) -> Problem:
        """The parser's complaint as advice on what was most likely typed."""
        if found := advice(self.lines, error):
            (line, column), message, code = found
            return Problem(self.file, line, column, message, self._field_on(line), code)
        mark = error.problem_mark
        message = (
            f"the file cannot be read from here ({error.problem}); "
            f"check this line and the one before (line {line_before(self.lines, mark.line)})"
        )
        return Problem(
            self.file, *position(mark), message, self._field_on(mark.line + 1), Code.SYNTAX
        )

    def _field_on(self, line: int) -> str:
        """The field being read when the parser stopped at `line`: the one whose value begins
        that line's value, or the outermost one written on it, or the list whose entries a
        dash without its space began, or else the group holding the last key written as far
        in as the line (its siblings)."""
        text = line_at(self.lines, line - 1)
        value_at = (line, value_start(text) + 1)
        written = [*self.marks.values.items(), *self.marks.keys.items()]
        on_line = [path for path, place in written if place[0] == line]
        starting_value = [path for path, place in written if place == value_at]
        if on_line:
            return format_path(min(starting_value or on_line, key=len))
        if dash := DASH_WITHOUT_SPACE.match(text):  # `-Lao PDR`: the list its entries began
            entries = [
                path
                for path, place in self.marks.values.items()
                if path and isinstance(path[-1], int) and place[1] == len(dash.group(1)) + 3
            ]
            return format_path(entries[-1][:-1]) if entries else ""
        column = len(text) - len(text.lstrip(" -")) + 1
        siblings = [path for path, place in self.marks.keys.items() if place[1] == column]
        return format_path(siblings[-1][:-1]) if siblings else ""


def _tag_message(event: yaml.Event) -> str:
    if isinstance(event, yaml.ScalarEvent) and not event.tag.startswith("tag:"):  # `!Noting`
        return begins_with("!")
    tag = event.tag.replace("tag:yaml.org,2002:", "!!")
    return f"remove the tag '{tag}': drafts hold plain text, lists and fields only"


def _shape_problems(found: list[Mismatch], marks: Marks, model: type) -> list[Problem]:
    """Each mismatch as a sentence at the place in the file it concerns; a required field is
    not said to be missing when a misspelt key is already taken for it."""
    misspelt = {
        (*m.path[:-1], guess)
        for m in found
        if m.code == Code.UNKNOWN_KEY and (guess := _meant(m.path, model))
    }
    problems = []
    for mismatch in found:
        path, code = mismatch.path, mismatch.code
        if code == Code.UNKNOWN_KEY:
            message = _unknown_key_message(path, model)
            problems.append(marks.problem(path, message, code, key=True))
        elif code == Code.MISSING and path not in misspelt:
            message = f"the required field '{path[-1]}' is missing"
            problems.append(marks.problem(path, message, code, key=True))
        elif code != Code.MISSING:
            problems.append(marks.problem(path, _value_message(mismatch, marks), code))
    return problems


def _unknown_key_message(path: PathKey, model: type) -> str:
    key = str(path[-1])
    if found := KEY_WITHOUT_SPACE.match(key):  # `text:Note: ...` reads as the key `text:Note`
        return f"'{key}' is not a field of the draft format; put a space after '{found.group(1)}:'"
    if key in field_names() - all_field_names(model):  # `due:` in a translation
        return (
            f"'{key}' is not a field of a translation: it is the source's, and a translation "
            "holds the source's words only (its dates, numbers, kinds and symbol are the "
            "source's)"
        )
    guess = _meant(path, model)
    hint = (
        f"; did you mean '{guess}'?"
        if guess
        else f"; the fields here are: {', '.join(fields_at(model, path[:-1]))}"
    )
    return f"'{key}' is not a field of the draft format{hint}"


def _meant(path: PathKey, model: type) -> str | None:
    """The field an unknown key most likely meant, if one is close."""
    known = fields_at(model, path[:-1])
    guess = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
    return guess[0] if guess else None


#: A value of the wrong kind, or left empty, in words; the place is the problem's.
VALUE_MESSAGES = {
    Code.NOT_TEXT: "this should be a text, but it is {what}",
    Code.NOT_A_LIST: "this should be a list (lines starting with '- '), but it is {what}",
    Code.NOT_A_GROUP: "this should be a group of 'key: value' lines, but it is {what}",
    Code.EMPTY_LIST: "this list is empty; it needs one entry at least",
    Code.EMPTY_VALUE: "this text is empty",
    Code.NOT_A_NUMBER: "this should be a whole number, but it is {what}",
    Code.NOT_A_DATE: "this should be a date (YYYY-MM-DD), but it is {what}",
}
PATTERN_MESSAGES = {
    "id": "'{input}' cannot be an id: use lower-case letters a-z, digits and '-' only",
    "language": "'{input}' is not a language tag such as en, fr, zh-Hans, km, lo, th or vi",
}


def _value_message(mismatch: Mismatch, marks: Marks) -> str:
    code, value, path = mismatch.code, mismatch.value, mismatch.path
    if mismatch.message:
        return mismatch.message
    if value is None:
        return "this is empty; give it a value, or remove the line if the field is optional"
    if code in (Code.NOT_AN_ID, Code.NOT_A_LANGUAGE):
        return _pattern_message(path, value)
    worded = VALUE_MESSAGES.get(code, "this value is not allowed here").format(what=describe(value))
    return worded + _why(code, value, path, marks)


def _why(code: Code, value: Any, path: PathKey, marks: Marks) -> str:
    """What most likely made a value the wrong kind, when the way it was written shows it."""
    line, column = marks.at(path)
    sign = line_at(marks.lines, line - 1)[column - 1 : column]
    if code == Code.NOT_TEXT and sign in ("[", "{"):  # `- [joint operations at border crossings]`
        return f": {begins_with(sign)}"
    if code == Code.NOT_TEXT and isinstance(value, dict):  # `- Lao: PDR`
        return "; if it is a text holding ': ', put the whole text in quotes"
    if code == Code.NOT_A_LIST and isinstance(value, str) and DASH_WITHOUT_SPACE.match(value):
        return f"; put a space after '-': write '- {shortened(value[1:])}'"  # `-Lao PDR`
    if isinstance(value, str) and (found := KEY_WITHOUT_SPACE.match(value)):  # `host:Royal ...`
        key, rest = found.groups()
        return f"; put a space after the colon: write '{key}: {shortened(rest)}'"
    return ""


def _pattern_message(path: PathKey, value: Any) -> str:
    """Why an id (or a language tag) is refused: its length, when only its length is wrong."""
    if path[-1] == "language":
        return PATTERN_MESSAGES["language"].format(input=value)
    shortest, longest = DRAFT_ID_LENGTH if path == ("id",) else ITEM_ID_LENGTH
    which = "the draft's id" if path == ("id",) else "an id"
    if isinstance(value, str) and ID_ALPHABET.fullmatch(value):
        if len(value) > longest:
            return f"'{value}' is too long for {which}: {len(value)} characters; at most {longest}"
        if len(value) < shortest:
            return (
                f"'{value}' is too short for {which}: {len(value)} characters; at least {shortest}"
            )
    limits = (
        f" (the draft's id: {DRAFT_ID_LENGTH[0]} to {DRAFT_ID_LENGTH[1]} characters; "
        f"other ids: {ITEM_ID_LENGTH[1]} at most)"
    )
    return PATTERN_MESSAGES["id"].format(input=value) + limits
