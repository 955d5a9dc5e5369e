"""The code of each problem a draft can have: stable names for scripts (`--json`), one style.

Every code is listed, with what it means, in the README ("Problem codes"); the codes of the
model's library are mapped to these in `loading.py`, so none of its names reaches a user.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    # The file as a whole.
    UNREADABLE = "unreadable"
    TOO_LARGE = "too-large"
    NOT_UTF8 = "not-utf8"
    EMPTY_FILE = "empty-file"
    CONTROL_CHARACTER = "control-character"
    TOO_DEEP = "too-deep"
    # How the YAML is written.
    SYNTAX = "syntax"
    TAB = "tab"
    UNCLOSED_QUOTE = "unclosed-quote"
    QUOTE_IN_QUOTES = "quote-in-quotes"
    QUOTE_THE_TEXT = "quote-the-text"
    UNQUOTED_COLON = "unquoted-colon"
    NO_SPACE_AFTER_COLON = "no-space-after-colon"
    NO_SPACE_AFTER_DASH = "no-space-after-dash"
    INDENTATION = "indentation"
    DIRECTIVE = "directive"
    TWO_DOCUMENTS = "two-documents"
    NOT_A_MAPPING = "not-a-mapping"
    BAD_KEY = "bad-key"
    DUPLICATE_KEY = "duplicate-key"
    ALIAS = "alias"
    TAG = "tag"
    COMMENT_IN_TEXT = "comment-in-text"
    ENTRY_IN_TEXT = "entry-in-text"
    # The shape of the draft.
    UNKNOWN_KEY = "unknown-key"
    MISSING = "missing"
    EMPTY_VALUE = "empty-value"
    EMPTY_LIST = "empty-list"
    NOT_TEXT = "not-text"
    NOT_A_LIST = "not-a-list"
    NOT_A_GROUP = "not-a-group"
    NOT_A_NUMBER = "not-a-number"
    OUT_OF_RANGE = "out-of-range"
    NOT_A_DATE = "not-a-date"
    IMPOSSIBLE_DATE = "impossible-date"
    NOT_AN_ID = "not-an-id"
    NOT_A_LANGUAGE = "not-a-language"
    NOT_ALLOWED = "not-allowed"
    UNKNOWN_FORMAT = "unknown-format"
    INVALID = "invalid"
    # The rules beyond the shape.
    ID_MISMATCH = "id-mismatch"
    DUPLICATE_ID = "duplicate-id"
    UNKNOWN_AGENDA = "unknown-agenda"
    END_BEFORE_START = "end-before-start"
    UNSAFE_LINK = "unsafe-link"
    TOO_MANY = "too-many"
    # A translation against its source.
    NO_SOURCE = "no-source"
    NAME_MISMATCH = "name-mismatch"
    SAME_LANGUAGE = "same-language"
    UNKNOWN_VERSION = "unknown-version"
    NOT_TRANSLATED_HERE = "not-translated-here"
    NOT_IN_SOURCE = "not-in-source"
    ITEMS_MISMATCH = "items-mismatch"
    OUTDATED = "outdated"
    # The rules of publication (`validate --strict`, `publish`).
    NOT_ADOPTED = "not-adopted"
    UNAGREED = "unagreed"
    NO_FONT = "no-font"
    UNTRANSLATED = "untranslated"


#: What only publication refuses: a draft with these alone may be drafted, not published.
AT_PUBLICATION = frozenset(
    {
        Code.NOT_ADOPTED,
        Code.UNAGREED,
        Code.COMMENT_IN_TEXT,
        Code.ENTRY_IN_TEXT,
        Code.NO_FONT,
        Code.UNTRANSLATED,
        Code.OUTDATED,
    }
)
