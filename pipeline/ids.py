"""Ids name files, folders, git tags and Word bookmarks, so they are kept to a safe alphabet.

Apart from the model so that finding a file by its id loads no validation library."""

from __future__ import annotations

import re

#: The shortest and longest each may be (the loader names them when only the length is wrong).
DRAFT_ID_LENGTH = (3, 64)
ITEM_ID_LENGTH = (1, 35)  # 35 at most: "para_" + id is a Word bookmark, 40 characters at most
ID_ALPHABET = re.compile(r"[a-z0-9][a-z0-9-]*")  # an id of any length (use fullmatch)


def _id_pattern(length: tuple[int, int]) -> str:
    """The id alphabet, not starting with '-', at a length within `length`."""
    shortest, longest = length
    return f"^[a-z0-9][a-z0-9-]{{{shortest - 1},{longest - 1}}}$"


DRAFT_ID_PATTERN = _id_pattern(DRAFT_ID_LENGTH)
ITEM_ID_PATTERN = _id_pattern(ITEM_ID_LENGTH)
#: A BCP 47 language tag (en, zh-Hans, km): names a translation's file too.
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
