"""`outcomes review`: the delegations' returned Word copies compiled, or one's wording applied."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.errors import DraftInvalid, OutcomesError
from pipeline.files import write_atomically
from pipeline.history import History, moment
from pipeline.loading import Draft, load_draft, parse_draft
from pipeline.model import Outcome
from pipeline.review.applying import Applied, apply_paragraphs
from pipeline.review.compilation import Compilation, Source, compile_reviews, csv_bytes, items_of
from pipeline.review.naming import canonical, delegations_of, name_from_authors, name_from_file
from pipeline.review.package import ReturnedFileRefused
from pipeline.review.placing import Known, Placed, place
from pipeline.review.reading import Returned, read_returned
from pipeline.workspace import Workspace, bundled_templates

IDENTIFIER = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)/(?P<kind>draft|published)-(?P<number>\d+)$")
TEMPLATE = "compilation.html.j2"


class NothingToCompile(OutcomesError):
    """Every returned file was refused."""


@dataclass
class ReviewResult:
    """What `outcomes review` did: the files compiled or refused, what it wrote and recorded."""

    id: str
    version: int | None  # the latest recorded draft version
    sources: list[Source]
    refused: list[str] = field(default_factory=list)  # one sentence per refused file
    warnings: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    commit: str | None = None
    applied: list[Applied] = field(default_factory=list)
    items: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused

    def lines(self) -> list[str]:
        """The summary, for stdout; `messages()` has the warnings and refusals, for stderr."""
        if self.applied:
            return self._applied_lines()
        against = f" against draft version {self.version}" if self.version else ""
        noun = "copy" if len(self.sources) == 1 else "copies"
        lines = [f"{self.id}: compiled {len(self.sources)} returned {noun}{against}"]
        counts = {
            s.file: f"{_count(s.comments, 'comment')}, {_count(s.changes, 'change')}"
            for s in self.sources
        }
        width = max(len(s.delegation) for s in self.sources)
        counts_width = max(map(len, counts.values()))
        for s in self.sources:
            older = "  (an earlier version)" if s.outdated else ""
            lines.append(
                f"  {s.delegation:<{width}}  {s.version_name:<9}  {counts[s.file]:<{counts_width}}"
                f"  {s.stored_as or s.file}{older}"
            )
        lines += [f"  wrote {path}" for path in self.written]
        if self.commit:
            lines.append(f"  recorded the returned files and the compilation: {self.commit[:12]}")
        elif self.commit == "":
            lines.append("  nothing new to record: these files and this compilation are recorded")
        else:
            lines.append(
                "  nothing was recorded in git (--record records the files and compilation)"
            )
        return lines

    def _applied_lines(self) -> list[str]:
        lines = []
        for applied in self.applied:
            lines += [
                f"{self.id}: para {applied.number} ({applied.paragraph}) now reads "
                f"as {self.sources[0].delegation} proposed, in {self.written[0]}",
                *(f"  - {line}" for line in applied.before.split("\n")),
                *(f"  + {line}" for line in applied.after.split("\n")),
                *(f"  note: {note}" for note in applied.notes),
            ]
        lines.append("  run `outcomes draft` to record it as the next draft version")
        return lines

    def messages(self) -> list[str]:
        lines = [f"warning: {w}" for w in self.warnings] + [f"error: {r}" for r in self.refused]
        if self.refused:
            total = len(self.refused) + len(self.sources)
            lines.append(
                f"{_count(len(self.refused), 'file')} of {total} refused; the compilation of the "
                f"other {len(self.sources)} was written"
            )
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "id": self.id,
            "version": self.version,
            "sources": [{**asdict(s), "outdated": s.outdated} for s in self.sources],
            "refused": self.refused,
            "warnings": self.warnings,
            "written": self.written,
            "commit": self.commit,
            "applied": [asdict(a) for a in self.applied],
            "items": self.items,
        }


def review(
    ws: Workspace,
    draft_id: str,
    files: list[Path],
    *,
    name: str | None = None,
    out: Path | None = None,
    record: bool = False,
    apply: list[str] | None = None,
) -> ReviewResult:
    """Read the returned `files` and write their compilation (or, with `apply`, accept one
    delegation's tracked changes to those paragraphs in the draft)."""
    if name is not None and len(files) != 1:
        raise ValueError("a delegation name (--as) goes with one file only")
    if apply and len(files) != 1:
        raise ValueError("--apply takes the one file whose wording is accepted")
    draft = _draft(ws, draft_id)
    with _versions(ws, draft_id) as versions:
        result = ReviewResult(draft_id, versions.latest, [])
        placed = _read_all(ws, draft, files, name, versions, result)
    if apply:
        return _apply(ws, draft, placed, apply, result)
    if not placed:
        raise NothingToCompile("nothing was compiled: " + " ".join(result.refused))
    _same_delegation(placed, result)
    return _compile(ws, draft, placed, result, out=out, record=record)


def _draft(ws: Workspace, draft_id: str) -> Draft:
    path = ws.draft_path(draft_id)
    if not path.is_file():
        raise OutcomesError(f"there is no draft {ws.relative(path)} to compile comments on")
    return load_draft(path, shown_as=ws.relative(path))


# --- the recorded versions ----------------------------------------------------------------------


class _Versions:
    """The draft versions recorded in git, when there is a repository (never creating one)."""

    def __init__(self, history: History | None, draft_id: str) -> None:
        self.history = history
        self.draft_id = draft_id
        self.numbers = [r.number for r in history.versions(draft_id, "draft")] if history else []
        self._outcomes: dict[int, Outcome | None] = {}

    @property
    def latest(self) -> int | None:
        return self.numbers[-1] if self.numbers else None

    def outcome(self, number: int) -> Outcome | None:
        """The draft as recorded in version `number`, if it was and can still be read."""
        if number not in self._outcomes:
            self._outcomes[number] = self._load(number)
        return self._outcomes[number]

    def _load(self, number: int) -> Outcome | None:
        if self.history is None or number not in self.numbers:
            return None
        path = f"drafts/{self.draft_id}.yaml"
        source = self.history.file_at(f"{self.draft_id}/draft-{number}", path)
        if source is None:
            return None
        try:
            return parse_draft(source, file=path, path=Path(path)).outcome
        except DraftInvalid:
            return None


@contextmanager
def _versions(ws: Workspace, draft_id: str) -> Iterator[_Versions]:
    if not (ws.root / ".git").exists():
        yield _Versions(None, draft_id)
        return
    with History(ws.root) as history:
        yield _Versions(history, draft_id)


# --- reading and placing --------------------------------------------------------------------------


def _read_all(
    ws: Workspace,
    draft: Draft,
    files: list[Path],
    name: str | None,
    versions: _Versions,
    result: ReviewResult,
) -> list[tuple[Placed, Source, bytes]]:
    """Each file read, versioned, named and placed; a refused file is noted and skipped."""
    placed: list[tuple[Placed, Source, bytes]] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            returned = read_returned(path)
            number = _version_of(returned, draft.outcome.id)
        except ReturnedFileRefused as error:
            result.refused.append(error.message)
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            result.warnings.append(f"{path.name} is the same file as {seen[digest]}; read once")
            continue
        seen[digest] = path.name
        reviewed = versions.outcome(number) if number is not None else None
        known = Known.of(
            *(o for o in (reviewed, draft.outcome) if o is not None), exact=reviewed is not None
        )
        located = place(returned, known)
        members = delegations_of(draft.outcome)
        delegation = (canonical(name, members) or name) if name else None
        delegation = delegation or _delegation(ws, returned, draft.outcome)
        source = Source(
            path.name,
            delegation,
            number,
            versions.latest,
            len(returned.comments),
            sum(len(b.changes) for b in returned.blocks),
            digest,
        )
        result.warnings += _version_warnings(source, versions)
        placed.append((located, source, data))
    result.sources = [s for _, s, _ in placed]
    return placed


def _version_of(returned: Returned, draft_id: str) -> int | None:
    """The draft version the copy was made from: its identifier, else its version property,
    else the version its review note names."""
    identifier = returned.properties.get("identifier", "")
    match = IDENTIFIER.match(identifier)
    if match and match["id"] != draft_id:
        raise ReturnedFileRefused(
            f"{returned.name}: refused: it is a review copy of {match['id']}, not of {draft_id}"
        )
    if match and match["kind"] == "draft":
        return int(match["number"])
    version = re.fullmatch(r"draft-(\d+)", returned.properties.get("version", ""))
    if version:
        return int(version.group(1))
    return returned.version_hint


def _version_warnings(source: Source, versions: _Versions) -> list[str]:
    who = f"{source.delegation} ({source.file})"
    if source.version is None:
        return [
            f"{who}: the copy does not say which draft version it was made from; its "
            "paragraphs were matched against the current draft"
        ]
    if versions.history is None:
        return []
    if source.version not in versions.numbers:
        return [f"{who} was made from draft version {source.version}, which is not recorded here"]
    if source.outdated:
        return [
            f"{who} reviewed draft version {source.version}, but the latest is version "
            f"{versions.latest}: its items are placed by paragraph; check them against the "
            "current text"
        ]
    return []


def _delegation(ws: Workspace, returned: Returned, outcome: Outcome) -> str:
    known = delegations_of(outcome)
    ignore = {ws.settings.organisation, "Secretariat", "outcomes"}
    by_file = name_from_file(returned.path, outcome.id, known)
    if by_file:
        return by_file
    authors = [*returned.authors, returned.properties.get("lastModifiedBy", "")]
    by_author = name_from_authors([a for a in authors if a], known, ignore)
    return by_author or returned.path.stem


def _same_delegation(placed: list[tuple[Placed, Source, bytes]], result: ReviewResult) -> None:
    files: dict[str, list[str]] = {}
    for _, source, _ in placed:
        files.setdefault(source.delegation, []).append(source.file)
    for delegation, names in files.items():
        if len(names) > 1:
            result.warnings.append(
                f"{delegation}: {len(names)} files ({', '.join(names)}) were compiled together; "
                "if one is not theirs, name it with --as"
            )


# --- the compilation ------------------------------------------------------------------------------


def _compile(
    ws: Workspace,
    draft: Draft,
    placed: list[tuple[Placed, Source, bytes]],
    result: ReviewResult,
    *,
    out: Path | None,
    record: bool,
) -> ReviewResult:
    folder = ws.drafts / draft.outcome.id / "reviews"
    if record:
        placed = _stored_names(placed, draft.outcome.id, ws.relative(folder))
        result.sources = [s for _, s, _ in placed]
    # The compilation is dated by the day, so compiling the same files again that day gives
    # the same bytes, and --record finds nothing new to record.
    when = moment().replace(hour=0, minute=0, second=0)
    version = result.version or max((s.version or 0 for _, s, _ in placed), default=0) or None
    compilation = compile_reviews(
        draft.outcome,
        [(p, s) for p, s, _ in placed],
        organisation=ws.settings.organisation,
        version=version,
        moment=when,
        order=delegations_of(draft.outcome),
    )
    outputs = _outputs(ws, compilation)
    result.items = items_of(compilation)
    if record:
        files = {f"{ws.relative(folder)}/{n}": data for n, data in outputs.items()}
        files |= {s.stored_as: data for _, s, data in placed}
        result.commit = _record(ws, files, compilation, placed) or ""
        result.written = list(files) if result.commit else []
        return result
    target = out or folder
    target.mkdir(parents=True, exist_ok=True)
    for file_name, data in outputs.items():
        write_atomically(target / file_name, data)
        result.written.append(_shown(ws, target / file_name))
    return result


def _outputs(ws: Workspace, compilation: Compilation) -> dict[str, bytes]:
    from pipeline.render.environment import render
    from pipeline.review.word import compilation_docx

    templates = ws.templates if (ws.templates / TEMPLATE).is_file() else bundled_templates()
    delegations = compilation.delegations
    listed = ", ".join(delegations[:-1]) + " and " + delegations[-1] if len(delegations) > 1 else ""
    page = render(templates, TEMPLATE, c=compilation, delegations=listed or delegations[0])
    stem = compilation.file_stem()
    return {
        f"{stem}.docx": compilation_docx(compilation),
        f"{stem}.html": page.encode("utf-8"),
        f"{stem}.csv": csv_bytes(compilation),
    }


def _stored_names(
    placed: list[tuple[Placed, Source, bytes]], draft_id: str, folder: str
) -> list[tuple[Placed, Source, bytes]]:
    """Where each returned file is kept: `<id>-draft-N-<Delegation>.docx`, a name that gives
    the delegation back when the file is compiled again."""
    taken: set[str] = set()
    renamed = []
    for located, source, data in placed:
        version = f"-draft-{source.version}" if source.version is not None else "-review"
        slug = re.sub(r"[^A-Za-z0-9]+", "-", source.delegation).strip("-") or "delegation"
        name, n = f"{draft_id}{version}-{slug}.docx", 1
        while name in taken:
            n += 1
            name = f"{draft_id}{version}-{slug}-{n}.docx"
        taken.add(name)
        renamed.append((located, replace(source, stored_as=f"{folder}/{name}"), data))
    return renamed


def _record(
    ws: Workspace,
    files: dict[str, bytes],
    compilation: Compilation,
    placed: list[tuple[Placed, Source, bytes]],
) -> str | None:
    """One commit holding the returned files and the compilation; None if all were there."""
    history = History(ws.root, ws.settings.author)
    try:
        with history, history.lock():
            history.check_ready()
            head = history.resolve("HEAD")
            if head and all(history.file_at(head, p) == d for p, d in files.items()):
                return None
            delegations = ", ".join(compilation.delegations)
            version = f" version {compilation.version}" if compilation.version else ""
            lines = [f"{compilation.id}: comments on draft{version} from {delegations}", ""]
            lines += [
                f"{s.stored_as}: received as {s.file}, sha256 {s.sha256}" for _, s, _ in placed
            ]
            return history.record(files, "\n".join(lines) + "\n", None, when=moment())
    except BaseException:
        history.forget_if_created()
        raise


# --- applying -----------------------------------------------------------------------------------


def _apply(
    ws: Workspace,
    draft: Draft,
    placed: list[tuple[Placed, Source, bytes]],
    paragraphs: list[str],
    result: ReviewResult,
) -> ReviewResult:
    if not placed:
        raise ReturnedFileRefused(result.refused[0] + "; nothing was applied")
    located, source, _ = placed[0]
    data, applied = apply_paragraphs(draft, located, paragraphs, source.delegation)
    write_atomically(draft.path, data)
    result.applied = applied
    result.written = [ws.relative(draft.path)]
    return result


def _shown(ws: Workspace, path: Path) -> str:
    try:
        return ws.relative(path)
    except ValueError:
        return str(path)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
