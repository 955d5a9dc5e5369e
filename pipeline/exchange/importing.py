"""A returned translation taken into `drafts/<id>.<lang>.yaml`, text by text, by exchange id.

Each text of the returned file is *updated* (its translation written into the YAML where the
translation's text stands, comments and layout kept, as `review --apply` edits a draft),
*unchanged*, *missing* (the translator left it empty) or *refused*, with the reason: an id the
source does not have, source words changed in the file, a source text that changed since the
file was made (it needs a new translation), a broken inline code, brackets that no longer pair,
a translation changed in the draft too since the file was made (each text of the file carries
the fingerprint of the translation it gave: a draft's text that no longer has it was edited
here; it is kept where the file gives the text back as it was sent, else refused).
A file made from an older source version gives the texts whose source has not changed since.
The translation's `source_version` moves to the latest version once every text follows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pipeline.exchange.markdown import fingerprint, same_text
from pipeline.exchange.returned import ReturnedFile, ReturnedText
from pipeline.exchange.texts import SourceText, source_texts
from pipeline.inline import parse_inline, unagreed_passages
from pipeline.loading import PathKey
from pipeline.model import Outcome
from pipeline.review.applying import BOM, replace_scalars, scalars_of
from pipeline.translation import MARKER, Translation, Unit, units

Status = Literal["updated", "unchanged", "missing", "refused"]
STATUSES: tuple[Status, ...] = ("updated", "unchanged", "missing", "refused")


@dataclass(frozen=True)
class Taken:
    """What became of one text of the returned file."""

    xid: str
    label: str
    status: Status
    reason: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"id": self.xid, "label": self.label, "status": self.status, "reason": self.reason}


@dataclass
class Plan:
    """The new text of the translation draft and what happened to each returned text."""

    text: str
    taken: list[Taken] = field(default_factory=list)
    replacements: dict[PathKey, str] = field(default_factory=dict)
    source_version: str = ""  # the version the translation follows after the import
    behind: list[str] = field(default_factory=list)  # texts still outdated against `latest`


@dataclass(frozen=True)
class Sources:
    """The source as the file was made from it, as it is recorded now, and as the
    translation followed it."""

    made_from: Outcome
    made_from_name: str
    latest: Outcome
    latest_name: str
    followed: Outcome  # the version named in the translation's source_version


def plan_import(
    returned: ReturnedFile, sources: Sources, translation: Translation, yaml_text: str
) -> Plan:
    """What the returned texts change in the translation draft whose text is `yaml_text`."""
    then, now = source_texts(sources.made_from), source_texts(sources.latest)
    mine = units(translation).texts
    text = yaml_text.removeprefix(BOM)
    plan = Plan(text)
    seen: set[str] = set()
    current: set[str] = set()  # ids whose translation now follows the latest source
    for item in returned.texts:
        taken, path, target = _take(item, then, now, mine, seen, sources)
        seen.add(item.xid)
        plan.taken.append(taken)
        if path is not None and target is not None and taken.status == "updated":
            plan.replacements[path] = target
        if taken.status == "updated" or (taken.status == "unchanged" and item.confirmed):
            current.add(item.xid)
    if plan.replacements:
        plan.text = replace_scalars(text, scalars_of(text), plan.replacements)
    plan.source_version, plan.behind = _followed(translation, sources, current)
    if plan.source_version != translation.source_version:
        path = ("source_version",)
        plan.text = replace_scalars(plan.text, scalars_of(plan.text), {path: plan.source_version})
    return plan


def lost_rows(returned: ReturnedFile, made_from: Outcome) -> list[str]:
    """The texts of the version the file was made from that the file no longer holds."""
    held = {item.xid for item in returned.texts}
    return [xid for xid in source_texts(made_from) if xid not in held]


def _take(
    item: ReturnedText,
    then: dict[str, SourceText],
    now: dict[str, SourceText],
    mine: dict[str, Unit],
    seen: set[str],
    sources: Sources,
) -> tuple[Taken, PathKey | None, str | None]:
    source = now.get(item.xid) or then.get(item.xid)
    label = source.label if source else item.xid

    def refused(reason: str) -> tuple[Taken, None, None]:
        return Taken(item.xid, label, "refused", reason), None, None

    if item.xid in seen:
        return refused("its id stands twice in the file; the first was taken")
    if item.xid not in then:
        return refused(f"{sources.made_from_name} of the source has no text with this id")
    if not same_text(item.source, parse_inline(then[item.xid].text)):
        return refused("its source words were changed in the file; the source is not edited here")
    if item.xid not in now:
        return refused(f"its text is gone from the source since {sources.made_from_name}")
    if then[item.xid].text != now[item.xid].text:
        return refused(
            f"the source changed since the file was made ({sources.made_from_name} → "
            f"{sources.latest_name}): it needs a new translation"
        )
    if item.problem:
        return refused(item.problem)
    unit = mine.get(now[item.xid].key)
    index = now[item.xid].index
    if unit is None or index >= len(unit.texts):
        return refused("the translation draft has no place for it: add it there by hand")
    old = unit.texts[index]
    if item.target is None:
        status: Status = "missing" if MARKER in old else "unchanged"
        return Taken(item.xid, label, status), None, None
    if unpaired := _unpaired(item.target, now[item.xid].text):
        return refused(unpaired)
    if MARKER not in old and same_text(parse_inline(item.target), parse_inline(old)):
        return Taken(item.xid, label, "unchanged"), None, None
    if _edited_since_sent(item, old):
        if item.as_sent == fingerprint(item.target):  # given back as sent: the draft's is newer
            return Taken(item.xid, label, "unchanged", EDITED_HERE_KEPT), None, None
        return refused(EDITED_BOTH)
    return Taken(item.xid, label, "updated"), _path_of(unit.path, now[item.xid]), item.target


EDITED_HERE_KEPT = "its translation was changed in the draft since the file was made; kept"
EDITED_BOTH = (
    "its translation was changed in the draft too since the file was made, so neither is "
    "taken over the other: compare the two and keep one by hand"
)


def _edited_since_sent(item: ReturnedText, old: str) -> bool:
    """Whether the draft's translation is no longer the one the file was sent with (a file
    without fingerprints, made by an earlier version of outcomes, cannot tell: no)."""
    return item.as_sent is not None and item.as_sent != fingerprint(None if MARKER in old else old)


def _unpaired(target: str, source: str) -> str | None:
    """Square brackets mark text not yet agreed: the translation keeps the source's."""
    plain = "".join(span.text for span in parse_inline(target) if not span.href)
    if plain.count("[") != plain.count("]"):
        return "its [square brackets] no longer pair: each [ needs its ]"
    wanted, found = len(unagreed_passages(source)), len(unagreed_passages(target))
    if wanted != found:
        return (
            f"the source has {wanted} bracketed passage(s) not yet agreed and the translation "
            f"{found}: keep the brackets where the source has them"
        )
    return None


def _path_of(unit_path: PathKey, text: SourceText) -> PathKey:
    """Where a text stands in the translation: a paragraph's text or sub-item, or the field."""
    if not text.key.startswith("paragraphs["):
        return unit_path
    return (*unit_path, "text") if text.index == 0 else (*unit_path, "items", text.index - 1)


def _followed(
    translation: Translation, sources: Sources, current: set[str]
) -> tuple[str, list[str]]:
    """The source version the translation follows once the import is done: the latest, when
    each of its texts is translated from it (taken now, or its source unchanged since the
    version followed until now); else the one it followed, with the texts still behind."""
    followed = source_texts(sources.followed)
    mine = units(translation).texts
    behind = [
        text.label
        for xid, text in source_texts(sources.latest).items()
        if xid not in current
        and _translated(mine.get(text.key), text.index)
        and (xid not in followed or followed[xid].text != text.text)
    ]
    if behind:
        return translation.source_version, behind
    return sources.latest_name, []


def _translated(unit: Unit | None, index: int) -> bool:
    return unit is not None and index < len(unit.texts) and MARKER not in unit.texts[index]
