"""`outcomes review`: the delegations' returned Word copies compiled, or one's wording applied."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline import layout
from pipeline.errors import DraftInvalid, OutcomesError
from pipeline.files import os_reason, write_all, write_atomically
from pipeline.history import History, moment
from pipeline.loading import Draft, load_draft, parse_draft
from pipeline.model import Outcome
from pipeline.recording import held_history
from pipeline.review.applying import Applied, apply_paragraphs
from pipeline.review.compilation import Compilation, Source, compile_reviews, csv_bytes, items_of
from pipeline.review.naming import canonical, delegations_of, name_from_authors, name_from_file
from pipeline.review.package import ReturnedFileRefused
from pipeline.review.placing import Known, Placed, place
from pipeline.review.reading import Returned, read_returned
from pipeline.review.text import count, listing
from pipeline.workspace import Workspace, bundled_templates

IDENTIFIER = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)/(?P<kind>draft|published)-(?P<number>\d+)$")
TEMPLATE = "compilation.html.j2"


class NothingToCompile(OutcomesError):
    """Every returned file was refused."""


class CompilationInTheWay(OutcomesError):
    """A file the run would write is there already, holding something else not in git."""


@dataclass
class ReviewResult:
    """What `outcomes review` did: the files compiled or refused, what it wrote and recorded."""

    id: str
    version: int | None  # the latest recorded draft version
    sources: list[Source]
    refused: list[str] = field(default_factory=list)  # one sentence per refused file
    warnings: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    #: The files written over an earlier, different one: what became of that one.
    replaced: dict[str, str] = field(default_factory=dict)
    recorded: bool = False  # the files and compilation are in git, by this run or an earlier
    commit: str | None = None  # the commit this run made, if it made one
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
            s.file: f"{count(s.comments, 'comment')}, {count(s.changes, 'change')}"
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
        for path in self.written:
            earlier = self.replaced.get(path)
            lines.append(f"  replaced {path}, {earlier}" if earlier else f"  wrote {path}")
        if self.commit:
            lines.append(f"  recorded the returned files and the compilation: {self.commit[:12]}")
        elif self.recorded:
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
                f"{count(len(self.refused), 'file')} of {total} refused; the compilation of the "
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
            "replaced": self.replaced,
            "recorded": self.recorded,
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
    replace: bool = False,
    apply: list[str] | None = None,
) -> ReviewResult:
    """Read the returned `files` and write their compilation (or, with `apply`, accept one
    delegation's tracked changes to those paragraphs in the draft). The command line has
    checked the combination: `name` and `apply` go with one file."""
    draft = _draft(ws, draft_id)
    with _versions(ws, draft_id) as versions:
        result = ReviewResult(draft_id, versions.latest, [])
        placed = _read_all(ws, draft, files, name, versions, result)
        current = _current_text(ws, draft, versions)
    if apply:
        return _apply(ws, draft, placed, apply, result)
    if not placed:
        raise NothingToCompile("nothing was compiled: " + " ".join(result.refused))
    _same_delegation(placed, result)
    return _compile(ws, placed, result, current, out=out, record=record, replace=replace)


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
        path = layout.draft(self.draft_id)
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
        data = returned.data
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
        source = Source(
            path.name,
            _delegation(ws, returned, draft.outcome, name, result),
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
    named = source.delegation.endswith(f"({source.file})")  # "Unknown (file.docx)"
    who = source.delegation if named else f"{source.delegation} ({source.file})"
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


def _delegation(
    ws: Workspace, returned: Returned, outcome: Outcome, name: str | None, result: ReviewResult
) -> str:
    """`--as NAME`, else the file name's, else the Word author's; else said to be unknown, as
    a file name such as `commit-som11-review.docx` would pass for a delegation."""
    known = delegations_of(outcome)
    if name:
        return canonical(name, known) or name
    ignore = {ws.settings.organisation, "Secretariat", "outcomes"}
    authors = [*returned.authors, returned.properties.get("lastModifiedBy", "")]
    found = name_from_file(returned.path, outcome.id, known) or name_from_authors(
        [a for a in authors if a], known, ignore
    )
    if found:
        return found
    result.warnings.append(
        f"could not tell which delegation sent {returned.name}; name it with --as"
    )
    return f"Unknown ({returned.name})"


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


@dataclass(frozen=True)
class _CurrentText:
    """The draft text the compilation's rows show, and how its header names that text."""

    outcome: Outcome
    description: str  # "draft version 2", "the working draft drafts/x.yaml ..."


def _current_text(ws: Workspace, draft: Draft, versions: _Versions) -> _CurrentText:
    """The latest recorded draft version, which the compilation is about (and the copies were
    made from); the working draft only when no version is recorded or it cannot be read."""
    working = ws.relative(draft.path)
    if versions.latest is None:
        return _CurrentText(
            draft.outcome, f"the working draft {working}, no version of which is recorded"
        )
    recorded = versions.outcome(versions.latest)
    if recorded is None:
        return _CurrentText(
            draft.outcome,
            f"the working draft {working} (draft version {versions.latest} could not be read)",
        )
    if recorded != draft.outcome:
        return _CurrentText(
            recorded,
            f"draft version {versions.latest} ({working} has been edited since, and those "
            "edits are not shown)",
        )
    return _CurrentText(recorded, f"draft version {versions.latest}")


def _compile(
    ws: Workspace,
    placed: list[tuple[Placed, Source, bytes]],
    result: ReviewResult,
    current: _CurrentText,
    *,
    out: Path | None,
    record: bool,
    replace: bool,
) -> ReviewResult:
    outcome = current.outcome
    folder = ws.reviews_folder(outcome.id)
    if record:
        placed = _stored_names(placed, outcome.id, ws.relative(folder))
        result.sources = [s for _, s, _ in placed]
    # The compilation is dated by the day, so compiling the same files again that day gives
    # the same bytes, and --record finds nothing new to record.
    when = moment().replace(hour=0, minute=0, second=0)
    version = result.version or max((s.version or 0 for _, s, _ in placed), default=0) or None
    compilation = compile_reviews(
        outcome,
        [(p, s) for p, s, _ in placed],
        organisation=ws.settings.organisation,
        version=version,
        current_text=current.description,
        moment=when,
        order=delegations_of(outcome),
    )
    outputs = _outputs(ws, compilation)
    result.items = items_of(compilation)
    if record:
        files = {f"{ws.relative(folder)}/{n}": data for n, data in outputs.items()}
        files |= {s.stored_as: data for _, s, data in placed}
        _record(ws, files, compilation, placed, result, replace)
        return result
    target = out or folder
    written = {target / file_name: data for file_name, data in outputs.items()}
    replaced = _replacing(ws, written, _recorded_at_head(ws), replace, record=False)
    try:
        target.mkdir(parents=True, exist_ok=True)
        write_all(written)
    except OSError as error:
        raise OutcomesError(
            f"the compilation could not be written ({os_reason(error)}); nothing was written"
        ) from None
    result.written += [ws.shown(path) for path in written]
    result.replaced = {ws.shown(path): earlier for path, earlier in replaced.items()}
    return result


def _outputs(ws: Workspace, compilation: Compilation) -> dict[str, bytes]:
    from pipeline.render.environment import render
    from pipeline.review.word import compilation_docx

    templates = ws.templates if (ws.templates / TEMPLATE).is_file() else bundled_templates()
    page = render(
        templates,
        TEMPLATE,
        c=compilation,
        delegations=listing(compilation.delegations),
        count=count,
    )
    stem = compilation.file_stem()
    return {
        f"{stem}.docx": compilation_docx(compilation),
        f"{stem}.html": page.encode("utf-8"),
        f"{stem}.csv": csv_bytes(compilation),
    }


# --- not writing over what the secretariat keeps --------------------------------------------------


def _replacing(
    ws: Workspace,
    files: dict[Path, bytes],
    recorded: Callable[[Path], bytes | None],
    replace: bool,
    *,
    record: bool,
) -> dict[Path, str]:
    """The files that would be written over a different one, with what becomes of that one.

    An earlier compilation may have been filled in (the response column) or hold delegations
    not given this time: it is written over only when git holds it as it is at HEAD, or with
    --replace; else the whole compilation is refused before anything is written."""
    replaced: dict[Path, str] = {}
    kept: list[str] = []  # the files in the way
    for path, data in files.items():
        if not path.is_file() or (existing := path.read_bytes()) == data:
            continue
        if existing == recorded(path):
            replaced[path] = "the earlier one is in the history"
        elif replace:
            replaced[path] = "the earlier one was not recorded (--replace)"
        else:
            kept.append(ws.shown(path))
    if kept:
        raise CompilationInTheWay(_in_the_way(kept, record))
    return replaced


def _in_the_way(names: list[str], record: bool) -> str:
    """The refusal in one sentence: the files in the way, and what to do about them."""
    nothing = "nothing was written or recorded" if record else "nothing was written"
    if len(names) == 1:
        files, they, them = f"{names[0]} exists, differs", "it", "it"
        are, stand = "is", "stands"
    else:
        files, they, them = f"{listing(names)} exist, differ", "they", "them"
        are, stand = "are", "stand"
    return (
        f"{files} from this compilation and {are} not recorded in git as {they} {stand} "
        f"({they} may hold the secretariat's responses or delegations not given this time), "
        f"so {nothing}; move {them} aside or pass --replace"
    )


def _recorded_at_head(ws: Workspace) -> Callable[[Path], bytes | None]:
    """What git holds at HEAD for a path of the project (None: nothing, or no repository)."""
    if not (ws.root / ".git").exists():
        return lambda path: None

    def recorded(path: Path) -> bytes | None:
        try:
            relative = ws.relative(path)
        except ValueError:
            return None  # outside the project (--out elsewhere): git cannot hold it
        with History(ws.root) as history:
            head = history.resolve("HEAD")
            return history.file_at(head, relative) if head else None

    return recorded


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
        renamed.append((located, dataclasses.replace(source, stored_as=f"{folder}/{name}"), data))
    return renamed


def _record(
    ws: Workspace,
    files: dict[str, bytes],
    compilation: Compilation,
    placed: list[tuple[Placed, Source, bytes]],
    result: ReviewResult,
    replace: bool,
) -> None:
    """One commit holding the returned files and the compilation, unless all are there."""
    with held_history(ws) as history:
        result.warnings += history.recovered
        head = history.resolve("HEAD")
        if head and all(history.file_at(head, p) == d for p, d in files.items()):
            result.recorded = True
            return

        def at_head(path: Path) -> bytes | None:
            return history.file_at(head, ws.relative(path)) if head else None

        paths = {ws.root / p: data for p, data in files.items()}
        replaced = _replacing(ws, paths, at_head, replace, record=True)
        message = _message(compilation, placed)
        result.commit = history.record(
            files,
            message,
            None,
            when=moment(),
            replacing=frozenset(ws.relative(path) for path in replaced),
        )
        result.recorded = True
        result.written = list(files)
        result.replaced = {ws.relative(path): earlier for path, earlier in replaced.items()}


def _message(compilation: Compilation, placed: list[tuple[Placed, Source, bytes]]) -> str:
    delegations = ", ".join(compilation.delegations)
    version = f" version {compilation.version}" if compilation.version else ""
    lines = [f"{compilation.id}: comments on draft{version} from {delegations}", ""]
    lines += [f"{s.stored_as}: received as {s.file}, sha256 {s.sha256}" for _, s, _ in placed]
    return "\n".join(lines) + "\n"


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
