"""`outcomes review`: the delegations' returned Word copies compiled into one table."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import CompilationInTheWay, NothingToCompile, OutcomesError
from pipeline.files import os_reason, refuse_links, write_all
from pipeline.history import History, moment
from pipeline.intake import CurrentText, Received, take_in
from pipeline.labels import wording
from pipeline.recording import held_history, recording_tries, share, shared_remote
from pipeline.results import Line, Result
from pipeline.review.compilation import Compilation, Source, compile_reviews, csv_bytes, items_of
from pipeline.review.naming import delegations_of
from pipeline.review.text import count, listing
from pipeline.workspace import Workspace, bundled_templates

TEMPLATE = "compilation.html.j2"


@dataclass
class ReviewResult(Result):
    """What `outcomes review` did: the files compiled or refused, what it wrote and recorded."""

    id: str
    version: int | None  # the latest recorded draft version
    sources: list[Source]
    refused: list[str] = field(default_factory=list)  # one sentence per refused file
    written: list[str] = field(default_factory=list)
    #: The files written over an earlier, different one: what became of that one.
    replaced: dict[str, str] = field(default_factory=dict)
    recorded: bool = False  # the files and compilation are in git, by this run or an earlier
    commit: str | None = None  # the commit this run made, if it made one
    items: list[dict[str, str]] = field(default_factory=list)

    def lines(self) -> list[Line]:
        against = f" against draft version {self.version}" if self.version else ""
        noun = "copy" if len(self.sources) == 1 else "copies"
        lines: list[Line] = [f"{self.id}: compiled {len(self.sources)} returned {noun}{against}"]
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

    def errors(self) -> list[str]:
        if not self.refused:
            return []
        total = len(self.refused) + len(self.sources)
        return [
            *self.refused,
            f"{count(len(self.refused), 'file')} of {total} refused; the compilation of the "
            f"other {len(self.sources)} was written",
        ]

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
) -> ReviewResult:
    """Read the returned `files` and write their compilation; with `record`, commit the files
    and the compilation."""
    intake = take_in(ws, draft_id, files, name)
    if not intake.received:
        raise NothingToCompile("nothing was compiled: " + " ".join(intake.refused))
    result = ReviewResult(draft_id, intake.latest, intake.sources, intake.refused)
    result.warnings = intake.warnings + _same_delegation(intake.received)
    assert intake.current is not None
    return _compile(ws, intake.received, result, intake.current, out, record, replace)


def _same_delegation(received: list[Received]) -> list[str]:
    """A warning for each delegation that more than one file is said to come from."""
    files: dict[str, list[str]] = {}
    for item in received:
        files.setdefault(item.source.delegation, []).append(item.source.file)
    return [
        f"{delegation}: {len(names)} files ({', '.join(names)}) were compiled together; "
        "if one is not theirs, name it with --as"
        for delegation, names in files.items()
        if len(names) > 1
    ]


# --- the compilation ------------------------------------------------------------------------------


def _compile(
    ws: Workspace,
    placed: list[Received],
    result: ReviewResult,
    current: CurrentText,
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
    words = wording(outcome.language, ws.settings.labels)
    compilation = compile_reviews(
        outcome,
        [(p, s) for p, s, _ in placed],
        organisation=ws.settings.organisation,
        version=version,
        current_text=current.description(words),
        moment=when,
        order=delegations_of(outcome),
        words=words,
    )
    outputs = _outputs(ws, compilation)
    result.items = items_of(compilation)
    if record:
        files = {f"{ws.relative(folder)}/{n}": data for n, data in outputs.items()}
        files |= {s.stored_as: data for _, s, data in placed}
        recording_tries(lambda: _record(ws, files, compilation, placed, result, replace))
        return result
    target = Path(os.path.abspath(out or folder))  # noqa: PTH100 (a link in it is refused below)
    written = {target / file_name: data for file_name, data in outputs.items()}
    if target.is_relative_to(ws.root):
        refuse_links(ws.root, [path.relative_to(ws.root).as_posix() for path in written])
    else:
        refuse_links(target, list(outputs))
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
    words = compilation.words
    page = render(
        templates,
        TEMPLATE,
        c=compilation,
        delegations=words.listing(compilation.delegations),
        sources="; ".join(source.line(words) for source in compilation.sources),
        colon=words.texts["colon"].rstrip(" "),  # keeps French's non-breaking space before it
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


def _stored_names(placed: list[Received], draft_id: str, folder: str) -> list[Received]:
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
    placed: list[Received],
    result: ReviewResult,
    replace: bool,
) -> None:
    """One commit holding the returned files and the compilation, unless all are there;
    shared with the project's shared repository, if it has one."""
    remote = shared_remote(ws)
    with held_history(ws, compilation.id, remote) as history:
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
        share(history, remote, result.commit, [], frozenset())
        result.recorded = True
        result.written = list(files)
        result.replaced = {ws.relative(path): earlier for path, earlier in replaced.items()}


def _message(compilation: Compilation, placed: list[Received]) -> str:
    delegations = ", ".join(compilation.delegations)
    version = f" version {compilation.version}" if compilation.version else ""
    lines = [f"{compilation.id}: comments on draft{version} from {delegations}", ""]
    lines += [f"{s.stored_as}: received as {s.file}, sha256 {s.sha256}" for _, s, _ in placed]
    return "\n".join(lines) + "\n"
