"""Small text helpers that reading, placing, compiling and applying share, defined once."""

from __future__ import annotations

#: The quotation marks the editions set (pipeline.context.QUOTES) as the straight ones a draft
#: is typed with: a returned copy's words are compared with the draft's as typed.
STRAIGHT_QUOTES = str.maketrans(
    {
        **dict.fromkeys("“”„«»「」", '"'),
        **dict.fromkeys("‘’‚『』", "'"),
    }
)


def straight_quotes(text: str) -> str:
    return text.translate(STRAIGHT_QUOTES)


def squeeze(text: str) -> str:
    """`text` with every run of white space (line breaks, tabs, no-break spaces) one space,
    and none at either end: how a text is compared, whatever its layout."""
    return " ".join(text.split())


def count(number: int, noun: str) -> str:
    """`1 comment`, `3 comments`."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def listing(names: list[str]) -> str:
    """`Cambodia`, `Cambodia and Thailand`, `Cambodia, Thailand and Viet Nam`."""
    if len(names) <= 1:
        return "".join(names) or "no delegation"
    return ", ".join(names[:-1]) + " and " + names[-1]
