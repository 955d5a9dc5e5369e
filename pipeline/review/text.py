"""Small text helpers that reading, placing, compiling and applying share, defined once."""

from __future__ import annotations


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
