"""Which delegation a returned file comes from: `--as`, else its file name, else its Word author.

The rule, as the README states it: take the file name without `.docx`; drop the draft's id,
the words review, reviewed, comments, comment, copy, tracked, changes, track, returned,
revised, final, draft and version, and every number (versions, dates, copy counters such as
"(1)"); what is left names the delegation. It is matched against the draft's participants,
ignoring case, spaces and punctuation, so `lao-pdr`, `Lao_PDR` and `LaoPDR` all read "Lao PDR",
`vietnam` reads "Viet Nam" and `Thailand-MFA` reads "Thailand". When nothing is left, the
delegation is the Word author who wrote most of the comments and changes (matched the same
way), else the one who last saved the file; else it cannot be told, and review says so and
shows the file as "Unknown (file name)".
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.model import Outcome

NOISE = frozenset(
    {
        "review",
        "reviewed",
        "comments",
        "comment",
        "copy",
        "tracked",
        "track",
        "changes",
        "returned",
        "revised",
        "final",
        "draft",
        "version",
        "docx",
    }
)
NUMBER = re.compile(r"^(?:v|draft|rev)?\d+$", re.IGNORECASE)
SEPARATORS = re.compile(r"[\s_.()\[\]{},;+-]+")


def delegations_of(outcome: Outcome) -> list[str]:
    """Every participant named in the draft, in its order: the names files are matched to."""
    return list(dict.fromkeys(m for group in outcome.participants for m in group.members))


def name_from_file(path: Path, draft_id: str, known: list[str]) -> str | None:
    """The delegation a file name gives, or None if it names none."""
    stem = path.name
    for suffix in (".docx", ".DOCX", ".doc"):
        stem = stem.removesuffix(suffix)
    if stem.lower().startswith(draft_id):
        stem = stem[len(draft_id) :]
    words = [
        w for w in SEPARATORS.split(stem) if w and w.lower() not in NOISE and not NUMBER.match(w)
    ]
    if not words:
        return None
    return canonical(" ".join(words), known) or _as_written(words)


def name_from_authors(authors: list[str], known: list[str], ignore: set[str]) -> str | None:
    """The delegation a Word author names: the first (most active) author that is a
    participant, else the most active author as written; the secretariat's own are skipped."""
    ignored = {_key(i) for i in ignore}
    candidates = [a for a in authors if _key(a) and _key(a) not in ignored]
    for author in candidates:
        if found := canonical(author, known):
            return found
    return candidates[0] if candidates else None


def canonical(text: str, known: list[str]) -> str | None:
    """The participant `text` names: the same letters, a prefix of one (`Lao`), or the one
    participant whose name it contains as words (`Thailand MFA`)."""
    key = _key(text)
    if not key:
        return None
    for name in known:
        if _key(name) == key:
            return name
    prefixed = [n for n in known if len(key) >= 3 and _key(n).startswith(key)]
    if len(prefixed) == 1:
        return prefixed[0]
    words = {w.lower() for w in SEPARATORS.split(text) if w}
    inside = [n for n in known if _words(n) and _words(n) <= words]
    return inside[0] if len(inside) == 1 else None


def _words(name: str) -> set[str]:
    return {w.lower() for w in SEPARATORS.split(name) if w}


def _key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _as_written(words: list[str]) -> str:
    """Words as the file had them; all-lower-case names get capitals (`thailand` -> Thailand)."""
    return " ".join(w.capitalize() if w.islower() else w for w in words)
