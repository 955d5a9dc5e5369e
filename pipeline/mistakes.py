"""Typing mistakes in a draft, told as what the officer most likely typed.

YAML's parser says where it stopped and what it expected ("did not find expected key");
each function below reads that, and the line it stopped at, and gives a place, a sentence
and a code, or None when the case is not its own. The first that answers is told.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import yaml

from pipeline.codes import Code
from pipeline.model import field_names

Position = tuple[int, int]  # 1-based line and column

Advice = tuple[Position, str, Code] | None

#: What YAML makes of a sign at the start of a value (the rest are not allowed there).
SIGN_MEANINGS = {
    "[": "reads the square brackets as a list",
    "{": "reads the braces as a group of fields",
}
SIGNS = "[{*&!%@`"
#: The part of a line before its value: indentation, list dashes and a `key: `.
BEFORE_VALUE = re.compile(r"^\s*(?:- +)*(?:[\w-]+: +)?")
#: A key with no space after its colon: `host:Royal Government`, `- id:opening` (not `https://`).
KEY_WITHOUT_SPACE = re.compile(r"^\s*(?:- +)*([\w-]+):(?!//)(\S.*)$")
#: A key written before a value on the same line: `title: `, `- id: `.
KEY_FIRST = re.compile(r"^\s*(?:- +)*[\w-]+: ")
#: What stands before a colon when it is a field name alone on its line: `   country`.
FIELD_NAME_ALONE = re.compile(r"^\s*(?:- +)*([a-z][a-z_]*)$")
#: A key at the start of a line: `participants:`, `  - group: ...`.
KEY_AT_LINE_START = re.compile(r"^\s*(?:- +)*([a-z][a-z_]*):(?:\s|$)")
#: A list dash with no space after it: `-Lao PDR` (not a `---` line).
DASH_WITHOUT_SPACE = re.compile(r"^(\s*)-([^\s-].*)$")


def begins_with(sign: str) -> str:
    meaning = SIGN_MEANINGS.get(sign, f"gives '{sign}' a meaning of its own")
    return (
        f"a text that begins with '{sign}' must be put in quotes, from before the '{sign}' to "
        f"the end of the text; without quotes, YAML {meaning}"
    )


def value_start(text: str) -> int:
    """Where the value of a line begins (0-based), after any indentation, '- ' and 'key: '."""
    return BEFORE_VALUE.match(text).end()  # type: ignore[union-attr]  # it matches any line


def line_at(lines: list[str], number: int) -> str:
    """Line `number` (0-based), or nothing past the ends."""
    return lines[number] if 0 <= number < len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def line_before(lines: list[str], number: int) -> int:
    """The 1-based number of the last line before line `number` (0-based) holding something."""
    for before in range(min(number, len(lines)) - 1, -1, -1):
        if lines[before].strip() and not lines[before].lstrip().startswith("#"):
            return before + 1
    return 1


def _tab(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    mark = error.problem_mark
    text = line_at(lines, mark.line)
    if (
        "\t" in text[: len(text) - len(text.lstrip())]
        or text[mark.column : mark.column + 1] == "\t"
    ):
        return (
            position(mark),
            "a tab is used to indent this line; indent with spaces only",
            Code.TAB,
        )
    return None


def _unclosed_quote(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    if error.context and "quoted scalar" in error.context and error.context_mark is not None:
        message = "this quoted text is never closed: add the closing quote mark"
        return position(error.context_mark), message, Code.UNCLOSED_QUOTE
    return None


def _quote_left_open(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    """`chair: "H.E. Mr Somchai` with another quoted text further down: YAML reads on from the
    unclosed quote to the next quote mark of its kind, and stops just after it. The text it
    read then runs over lines that begin with a field's key, which no one types inside one
    quoted text: the mistake is the quote that opened it, not the one that closed it."""
    problem, mark = error.problem or "", error.problem_mark
    before = line_at(lines, mark.line)[: mark.column].rstrip()
    if not problem.startswith(("did not find expected", "expected <block end>")) or not (
        before.endswith(('"', "'"))
    ):
        return None
    opened = _opening_quote(lines, mark.line, len(before) - 1)
    if opened is None or opened[0] == mark.line:
        return None
    lines_read_over = [*lines[opened[0] + 1 : mark.line], before]
    if not any(
        (key := KEY_AT_LINE_START.match(text)) and _is_field_name(key.group(1))
        for text in lines_read_over
    ):
        return None
    message = (
        "this quoted text is never closed: add the closing quote mark (without it, the text "
        f"runs on to the quote mark on line {mark.line + 1})"
    )
    return (opened[0] + 1, opened[1] + 1), message, Code.UNCLOSED_QUOTE


def _opening_quote(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """Where the quoted text that the quote mark at `line`, `column` (0-based) closes was
    opened: the nearest quote mark of its kind before it that is not written as part of the
    text (`\\"` inside double quotes, `''` inside single quotes)."""
    quote = lines[line][column]
    for number in range(line, -1, -1):
        text = lines[number]
        end = column if number == line else len(text)
        for at in range(end - 1, -1, -1):
            if text[at] != quote:
                continue
            if quote == '"' and _escaped(text, at):
                continue
            if quote == "'" and (text[at - 1 : at] == "'" or text[at + 1 : at + 2] == "'"):
                continue
            return number, at
    return None


def _escaped(text: str, at: int) -> bool:
    """Whether the mark at `at` follows an odd number of backslashes (`\\"`, not `\\\\"`)."""
    backslashes = len(text[:at]) - len(text[:at].rstrip("\\"))
    return backslashes % 2 == 1


def _sign_at_start(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    """`text: *Noting* the ...`, `text: @UN-ACT ...`: a sign YAML reads as its own."""
    if "cannot start any token" in (error.problem or ""):
        mark = error.problem_mark
    elif error.context and re.match(
        r"while (scanning an (alias|anchor)|parsing a tag)", error.context
    ):
        mark = error.context_mark
    else:
        return None
    sign = line_at(lines, mark.line)[mark.column : mark.column + 1]
    return (position(mark), begins_with(sign), Code.QUOTE_THE_TEXT) if sign in SIGNS else None


def _no_space_after_colon(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    """`host:Royal Government`: with no space after it, a colon does not make a key."""
    problem = error.problem or ""
    if "could not find expected ':'" in problem and error.context_mark is not None:
        number = error.context_mark.line
    elif "mapping values are not allowed" in problem:
        mark = error.problem_mark
        if KEY_FIRST.match(line_at(lines, mark.line)[: mark.column]):
            return None  # the colon at fault is not the line's first: see _colon_in_text
        number = line_before(lines, mark.line) - 1
    else:
        return None
    if not (found := KEY_WITHOUT_SPACE.match(line_at(lines, number))):
        return None
    key, value = found.groups()
    message = f"put a space after the colon: write '{key}: {shortened(value)}'"
    return (number + 1, found.end(1) + 1), message, Code.NO_SPACE_AFTER_COLON


def _no_space_after_dash(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    """`-Lao PDR` under `- Cambodia`: with no space after it, a dash does not begin an entry."""
    if "could not find expected ':'" not in (error.problem or "") or error.context_mark is None:
        return None
    number = error.context_mark.line
    if not (found := DASH_WITHOUT_SPACE.match(line_at(lines, number))):
        return None
    indent, value = found.groups()
    message = f"put a space after '-': write '- {shortened(value)}'"
    return (number + 1, len(indent) + 1), message, Code.NO_SPACE_AFTER_DASH


def shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _ended_early(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    """`text: [The meeting noted] the report`, `"for "frontline" officers"`: YAML read a
    list, or a quoted text, that ended before the line did."""
    problem, mark = error.problem or "", error.problem_mark
    text = line_at(lines, mark.line)
    if not problem.startswith("did not find expected") or mark.column <= _indent(text):
        return None
    before = text[: mark.column].rstrip()
    value_at = value_start(text)
    first = text[value_at : value_at + 1]
    if before.endswith('"'):
        message = (
            "this double quote ends the quoted text too early: to hold a double quote, put "
            'single quotes around the whole text (\'a "quoted" word\') or write it as \\"'
        )
        return (mark.line + 1, len(before)), message, Code.QUOTE_IN_QUOTES
    if before.endswith("'"):
        message = (
            "this apostrophe ends the quoted text too early: inside single quotes, write an "
            "apostrophe twice ('the officers'' units'), or put double quotes around the text"
        )
        return (mark.line + 1, len(before)), message, Code.QUOTE_IN_QUOTES
    if first and first in SIGNS:
        return (mark.line + 1, value_at + 1), begins_with(first), Code.QUOTE_THE_TEXT
    if before.endswith(("]", "}")):  # a list or group begun on an earlier line
        return position(mark), begins_with("[" if before[-1] == "]" else "{"), Code.QUOTE_THE_TEXT
    return None


def _indentation(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    """A line pasted one space too far left or right of the lines it belongs with."""
    problem, mark = error.problem or "", error.problem_mark
    number, lead = mark.line, ""
    if "could not find expected ':'" in problem and error.context_mark is not None:
        number = error.context_mark.line
    elif "mapping values are not allowed" in problem:
        name = FIELD_NAME_ALONE.match(line_at(lines, mark.line)[: mark.column])
        if not name or not _is_field_name(name.group(1)):
            return None  # a text holding ': ' (`the following points: ...`): see _colon_in_text
        lead = f"'{name.group(1)}:' is read as part of the text above it; "
    elif not problem.startswith("did not find expected") or mark.column > _indent(
        line_at(lines, mark.line)
    ):
        return None
    message = (
        f"{lead}check the indentation of this line and the one before "
        f"(line {line_before(lines, number)}): the entries of a list, and the fields of a "
        "group, start in the same column"
    )
    return (number + 1, _indent(line_at(lines, number)) + 1), message, Code.INDENTATION


def _is_field_name(word: str) -> bool:
    """Whether `word` is (nearly) the name of a field of the format."""
    return bool(difflib.get_close_matches(word, field_names(), n=1, cutoff=0.8))


def _colon_in_text(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    """`title: Agenda: item 1`: a text holding ': ' reads as a key of its own."""
    if "mapping values are not allowed" not in (error.problem or ""):
        return None
    message = (
        "a text holds ': ' and so reads as a second key; put the whole text in quotes "
        '(title: "Agenda: item 1")'
    )
    return position(error.problem_mark), message, Code.UNQUOTED_COLON


SYNTAX_ADVICE = (
    _tab,
    _unclosed_quote,
    _quote_left_open,
    _sign_at_start,
    _no_space_after_colon,
    _no_space_after_dash,
    _ended_early,
    _indentation,
    _colon_in_text,
)


def position(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


def advice(lines: list[str], error: yaml.MarkedYAMLError) -> Advice:
    """The first advice that fits what the parser met, if any does."""
    for advise in SYNTAX_ADVICE:
        if found := advise(lines, error):
            return found
    return None
