"""The `outcomes` command line: it only translates flags into one call and the result into text.

Imports of the heavy engines happen inside the commands, so `outcomes --help` and `validate`
stay fast and `draft` never loads the PDF engine.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click

from pipeline import __version__, layout
from pipeline.errors import DraftInvalid, OutcomesError, Problem
from pipeline.results import Result, Run
from pipeline.workspace import Workspace

JSON_HELP = "Print one JSON object on stdout instead of text."
PROJECT_HELP = "The project folder (default: the one holding drafts/ at or above here)."
#: New objects between two passes of the cycle collector (Python's default: 700).
GC_THRESHOLD = 10_000


def json_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help=JSON_HELP)(function)


def offline_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--offline",
        is_flag=True,
        help="Record here without the shared repository; `outcomes sync` shares it later.",
    )(function)


def existing_file() -> Any:
    return click.Path(exists=True, dir_okay=False, path_type=Path)


class DraftFile(click.ParamType):
    """A draft named by its file (from here, or as the project names it in every message:
    `drafts/commit-som11.yaml` from a folder inside it or with `--project`), or by its id:
    `commit-som11` is drafts/commit-som11.yaml, `commit-som11.km` its translation
    drafts/commit-som11.km.yaml."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if Path(value).is_file():
            return Path(value)
        ws = ctx.find_object(Workspace) if ctx else None
        if ws and not Path(value).is_absolute() and (ws.root / value).is_file():
            return ws.root / value
        try:
            by_id = ws.file(layout.named(value)) if ws else None  # ValueError: not an id
        except ValueError:
            by_id = None
        if by_id and by_id.is_file():
            return by_id
        self.fail(f"there is no draft file '{value}' (name a file, or a draft's id)", param, ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="outcomes")
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), help=PROJECT_HELP)
@click.pass_context
def cli(context: click.Context, project: Path | None) -> None:
    """Draft, review and publish the outcome documents of meetings.

    Exit status: 0 done, 1 refused (an invalid draft, unagreed text at publication,
    nothing new to record), 2 wrong usage.
    """
    context.obj = Workspace(project.resolve()) if project else Workspace.find(Path.cwd())


@cli.command("new")
@click.argument("draft_id", metavar="ID")
@json_option
@click.pass_obj
def new_command(ws: Workspace, draft_id: str, as_json: bool) -> None:
    """Write drafts/ID.yaml, a ready-to-edit draft with a comment on every field."""
    from pipeline.commands.new import new_draft

    report(lambda: new_draft(ws, checked(draft_id)), as_json)


def pip_requirement(value: str) -> str:
    from pipeline.commands.init import checked_requirement

    try:
        return checked_requirement(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--install") from None


@cli.command("init")
@click.option(
    "--ci",
    "host",
    type=click.Choice(["github", "gitlab"]),
    required=True,
    help="Write the CI file of this host: .github/workflows/outcomes.yml or .gitlab-ci.yml.",
)
@click.option(
    "--install",
    metavar="REQUIREMENT",
    callback=lambda _context, _option, value: value and pip_requirement(value),
    help="What CI installs outcomes from, as pip takes it (default: where this outcomes was "
    "installed from, when CI can reach it).",
)
@json_option
@click.pass_obj
def init_command(ws: Workspace, host: str, install: str | None, as_json: bool) -> None:
    """Set up CI for the project's repository: validate every draft on each push and pull or
    merge request, and deploy published/ to the host's Pages from the default branch."""
    from pipeline.commands.init import init_ci

    report(lambda: init_ci(ws, host, install), as_json)


@cli.command("validate")
@click.argument("files", nargs=-1, type=DraftFile())
@click.option("--strict", is_flag=True, help="Apply the rules of publication too.")
@click.option(
    "--format",
    "shown_as",
    type=click.Choice(["text", "github", "gitlab"]),
    default="text",
    help="How problems are shown: as text, as GitHub annotations (workflow commands), or as "
    "GitLab's Code Quality report (JSON on stdout).",
)
@json_option
@click.pass_obj
def validate_command(
    ws: Workspace, files: tuple[Path, ...], strict: bool, shown_as: str, as_json: bool
) -> None:
    """Check drafts (all of drafts/ when no FILE is named; a FILE may be given by its id)."""
    from pipeline.commands.validate import validate

    def run() -> Result:
        return validate(ws, list(files), strict=strict)

    if shown_as == "text":
        report(run, as_json)
    elif as_json:
        raise click.UsageError(f"--json cannot be given with --format {shown_as}")
    else:
        annotate(run, shown_as)


@cli.command("schema")
@json_option
def schema_command(as_json: bool) -> None:
    """Print the JSON Schema of the draft format, for editors."""
    from pipeline.model import draft_schema, schema_text

    if as_json:  # as every command: the schema inside the one JSON object
        click.echo(json.dumps({"ok": True, "schema": draft_schema()}, ensure_ascii=False))
    else:
        click.echo(schema_text(), nl=False)


@cli.command("draft")
@click.argument("file", type=DraftFile())
@click.option("--protect", is_flag=True, help="Let Word allow tracked changes and comments only.")
@offline_option
@json_option
@click.pass_obj
def draft_command(ws: Workspace, file: Path, protect: bool, offline: bool, as_json: bool) -> None:
    """Validate FILE, write its Word review copy and record it as the next draft version.

    \b
    FILE is the draft's file or its id
    (commit-som11 for drafts/commit-som11.yaml).
    """
    from pipeline.commands.draft import draft

    report(lambda: draft(ws, file, protect=protect, offline=offline), as_json)


@cli.command("publish")
@click.argument("file", type=DraftFile(), required=False)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Every outcome whose draft is as last published, published again.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    metavar="N",
    help="With --all: render in N processes (default 1; the number of cores is quickest).",
)
@offline_option
@json_option
@click.pass_obj
def publish_command(
    ws: Workspace, file: Path | None, every: bool, jobs: int, offline: bool, as_json: bool
) -> None:
    """Validate FILE strictly, write its PDF, web page, fragment and JSON, and record them.

    \b
    FILE is the draft's file or its id
    (commit-som11 for drafts/commit-som11.yaml).

    With --all instead of FILE, every published outcome is published again (after a
    template change), as one commit.
    """
    if every:
        if file is not None:
            raise click.UsageError("--all publishes every published outcome: give no FILE")
        from pipeline.commands.publish_all import publish_all

        report(lambda: publish_all(ws, jobs=jobs, offline=offline), as_json)
        return
    if file is None:
        raise click.UsageError("give the FILE to publish, or --all")
    if jobs != 1:
        raise click.UsageError("--jobs goes with --all")
    from pipeline.commands.publish import publish

    report(lambda: publish(ws, file, offline=offline), as_json)


@cli.command("history")
@click.argument("draft_id", metavar="ID")
@json_option
@click.pass_obj
def history_command(ws: Workspace, draft_id: str, as_json: bool) -> None:
    """List every recorded version of ID and what each one changed.

    \b
    ID is an outcome's id (commit-som11) or a language edition's (commit-som11.km).
    """
    from pipeline.commands.history import history

    report(lambda: history(ws, checked(draft_id, edition)), as_json)


@cli.command("diff")
@click.argument("draft_id", metavar="ID")
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option(
    "--docx",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write B's review copy with A→B as Word tracked changes.",
)
@click.option(
    "--html",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the same redline as a web page.",
)
@json_option
@click.pass_obj
def diff_command(
    ws: Workspace,
    draft_id: str,
    a: str | None,
    b: str | None,
    docx: Path | None,
    html: Path | None,
    as_json: bool,
) -> None:
    """Show what changed from version A to B (default: the last two versions).

    A and B are versions such as draft-3 or published-1, or commits. ID is an outcome's id
    (commit-som11) or a language edition's (commit-som11.km: its translation's texts).
    """
    from pipeline.commands.diff import diff

    report(lambda: diff(ws, checked(draft_id, edition), a, b, docx=docx, html=html), as_json)


@cli.command("translate")
@click.argument("draft_id", metavar="ID")
@click.option("--to", "language", metavar="LANG", help="Start the translation into LANG (km, fr).")
@click.option("--from", "version", metavar="VERSION", help="With --to: the version to translate.")
@click.option(
    "--docx",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --to: write the bilingual Word copy for the translator to this file.",
)
@click.option(
    "--xliff",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --to: write XLIFF 2.0 for translation tools to this file.",
)
@click.option(
    "--import",
    "returned",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Take a returned bilingual copy or XLIFF file back into the translation.",
)
@json_option
@click.pass_obj
def translate_command(
    ws: Workspace,
    draft_id: str,
    language: str | None,
    version: str | None,
    docx: Path | None,
    xliff: Path | None,
    returned: Path | None,
    as_json: bool,
) -> None:
    """Show each translation of ID, text by text: current, outdated (with the source's changed
    words), missing or orphaned. --to LANG writes drafts/ID.LANG.yaml from the latest recorded
    version (or --from VERSION), every text marked TO TRANSLATE; with --docx or --xliff, the
    file a translator works in instead. --import FILE takes that file back, text by text.
    """
    from pipeline.commands import translate

    if version and not language:
        raise click.UsageError("--from names the version a new translation starts from: give --to")
    if (docx or xliff) and not language:
        raise click.UsageError("--docx and --xliff write a translation's file: give --to LANG")
    if returned and (docx or xliff or version):
        raise click.UsageError("--import goes without --docx, --xliff and --from")
    draft = checked(draft_id)
    to = checked(language, layout.checked_language, "--to") if language else None
    if returned:
        report(lambda: translate.import_translation(ws, draft, returned, to), as_json)
    elif to and (docx or xliff):
        export = translate.export_translation
        report(lambda: export(ws, draft, to, docx=docx, xliff=xliff, version=version), as_json)
    elif to:
        report(lambda: translate.start_translation(ws, draft, to, version), as_json)
    else:
        report(lambda: translate.translation_states(ws, draft), as_json)


@cli.command("show")
@click.argument("draft_id", metavar="ID")
@click.argument("version")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write the files into.",
)
@json_option
@click.pass_obj
def show_command(ws: Workspace, draft_id: str, version: str, out: Path, as_json: bool) -> None:
    """Write the files of VERSION of ID (draft-3, published-1, a commit) as they were recorded.

    \b
    ID is an outcome's id (commit-som11) or a language edition's (commit-som11.km).
    """
    from pipeline.commands.show import show

    report(lambda: show(ws, checked(draft_id, edition), version, out), as_json)


@cli.command("sync")
@json_option
@click.pass_obj
def sync_command(ws: Workspace, as_json: bool) -> None:
    """Bring the shared repository's versions here and share the ones recorded here.

    Fetches, fast-forwards this clone, and pushes the versions it has that the shared
    repository lacks, with their tags, never forced.
    """
    from pipeline.commands.sync import sync

    report(lambda: sync(ws), as_json)


@cli.command("preview")
@click.argument("file", type=DraftFile())
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="The port (default: a free one)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@click.pass_obj
def preview_command(ws: Workspace, file: Path, port: int, host: str, open_browser: bool) -> None:
    """Serve FILE's web page on this machine, following every save of the draft and the
    templates, with its problems shown over the last page that rendered; the PDF, Word copy
    and redline on request. Records nothing. Ctrl-C stops it.

    \b
    FILE is the draft's file or its id
    (commit-som11 for drafts/commit-som11.yaml).
    """
    from pipeline.commands.preview import preview

    run = dict(host=host, port=port, open_browser=open_browser, say=click.echo)
    report(lambda: preview(ws, file, **run), as_json=False)


@cli.command("doctor")
@json_option
@click.pass_obj
def doctor_command(ws: Workspace, as_json: bool) -> None:
    """Repair what an interrupted run left (a killed `draft` or `publish`), and say what
    needs a person: git's stale lock files, damaged objects. Records nothing."""
    from pipeline.commands.doctor import doctor

    report(lambda: doctor(ws), as_json)


class Exclusive(click.Option):
    """An option that excludes others: Click refuses them together as wrong usage."""

    def __init__(self, *args: Any, excludes: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.excludes = excludes

    def handle_parse_result(
        self, ctx: click.Context, opts: Mapping[str, Any], args: list[str]
    ) -> tuple[Any, list[str]]:
        given = [name for name in self.excludes if name in opts]
        if self.name in opts and given:
            others = " or ".join(f"--{name}" for name in given)
            raise click.UsageError(f"{self.opts[0]} cannot be given with {others}", ctx)
        return super().handle_parse_result(ctx, opts, args)


@cli.command("review")
@click.argument("draft_id", metavar="ID")
@click.argument("files", nargs=-1, required=True, type=existing_file())
@click.option("--as", "name", metavar="NAME", help="The delegation the one FILE comes from.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder for the compilation (default: drafts/ID/reviews/).",
)
@click.option(
    "--record",
    is_flag=True,
    cls=Exclusive,
    excludes=("out",),  # what is recorded is kept in drafts/ID/reviews/
    help="Commit the returned files and the compilation.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Write over an earlier compilation that git does not hold as it is (filled in, say).",
)
@click.option(
    "--apply",
    "apply",
    metavar="PARA-ID",
    multiple=True,
    cls=Exclusive,
    excludes=("out", "record", "replace"),
    help="Accept FILE's tracked changes to this paragraph into the draft (repeatable).",
)
@json_option
@click.pass_obj
def review_command(
    ws: Workspace,
    draft_id: str,
    files: tuple[Path, ...],
    name: str | None,
    out: Path | None,
    record: bool,
    replace: bool,
    apply: tuple[str, ...],
    as_json: bool,
) -> None:
    """Compile the delegations' returned Word copies of ID: every comment and tracked change,
    paragraph by paragraph, as Word, HTML and CSV; or, with --apply, accept one's wording.

    \b
    The delegation is --as NAME, else the file name
    (commit-som11-review-Thailand.docx, Thailand.docx), else the Word author.

    Exit status 1 if any file was refused; the others are compiled all the same. An earlier
    compilation is written over only when git holds it as it is, or with --replace.
    """
    if name is not None and len(files) != 1:
        raise click.UsageError("--as names the delegation of one FILE; give one file only")
    if apply:
        from pipeline.commands.apply import apply_review

        if len(files) != 1:
            raise click.UsageError("--apply takes one FILE: the copy whose wording to accept")
        report(lambda: apply_review(ws, checked(draft_id), files[0], list(apply), name), as_json)
        return
    from pipeline.commands.review import review

    options = {"name": name, "out": out, "record": record, "replace": replace}
    report(lambda: review(ws, checked(draft_id), list(files), **options), as_json)


def checked(value: str, check: Callable[[str], str] = layout.checked_id, hint: str = "ID") -> str:
    """A draft id (or a language) as a command argument: a usage error when it could leave its
    folder."""
    try:
        return check(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=hint) from None


def edition(name: str) -> str:
    """An outcome's id, or a language edition's (`commit-som11.km`); ValueError otherwise."""
    layout.edition_of(name)
    return name


def report(run: Callable[[], Result], as_json: bool) -> Result:
    """Run a use case and show its result as text or as one JSON object; exit with status 1
    when it refused, in whole or in part."""
    try:
        result = run()
    except OutcomesError as error:
        if as_json:
            click.echo(json.dumps({"ok": False, **error.as_dict()}, ensure_ascii=False))
        else:
            show_error(error)
        sys.exit(error.exit_code)
    if as_json:
        data = {"ok": result.ok, **result.as_json()}
        click.echo(json.dumps(data, default=str, ensure_ascii=False))
    else:
        show(result)
    if not result.ok:
        sys.exit(1)
    return result


def annotate(run: Callable[[], Result], host: str) -> None:
    """Problems on stdout as the CI host reads them (GitHub's workflow commands, GitLab's Code
    Quality report), the sentences for people on stderr; exit status as with text."""
    try:
        result = run()
    except DraftInvalid as error:
        show_annotations(error.problems, host)
        click.echo(one_line(error.message), err=True)
        sys.exit(error.exit_code)
    except OutcomesError as error:
        show_error(error)
        sys.exit(error.exit_code)
    show_annotations(result.problems, host)
    for line in result.lines():
        text = line if isinstance(line, str) else "".join(r.text for r in line)
        click.echo(one_line(text), err=True)


def show_annotations(problems: list[Problem], host: str) -> None:
    from pipeline.annotations import code_quality_report, github_command

    if host == "github":
        for problem in problems:
            click.echo(github_command(problem))
    else:
        click.echo(code_quality_report(problems))
    for problem in problems:  # the job's log lists every one (GitHub annotates 10 a step)
        click.echo(problem_line(problem), err=True)


# --- text on a terminal: the only place that knows colours ----------------------------------------

ROLES: dict[str, dict[str, Any]] = {
    "heading": {"bold": True},
    "deleted": {"fg": "red"},
    "inserted": {"fg": "green"},
}


def show(result: Result) -> None:
    for problem in result.problems:
        click.echo(problem_line(problem), err=True)
    for line in result.lines():
        click.echo(line if isinstance(line, str) else "".join(styled(run) for run in line))
    for warning in result.warnings:
        click.echo(click.style(f"warning: {warning}", fg="yellow"), err=True)
    for error in result.errors():
        click.echo(click.style(f"error: {error}", fg="red"), err=True)


def show_error(error: OutcomesError) -> None:
    if isinstance(error, DraftInvalid):
        for problem in error.problems:
            click.echo(problem_line(problem), err=True)
        click.echo(click.style(error.message, fg="red"), err=True)
    else:
        click.echo(f"{click.style('Error:', fg='red')} {error.message}", err=True)


def styled(run: Run) -> str:
    return click.style(run.text, **ROLES[run.role]) if run.role else run.text


def problem_line(problem: Problem) -> str:
    """`file:line:col: severity: message (field)`, coloured where the terminal allows."""
    colour = "red" if problem.severity == "error" else "yellow"
    where = f" ({one_line(problem.field)})" if problem.field else ""
    return (
        click.style(f"{one_line(problem.file)}:{problem.line}:{problem.column}:", bold=True)
        + " "
        + click.style(f"{problem.severity}:", fg=colour, bold=True)
        + f" {one_line(problem.message)}"
        + click.style(where, dim=True)
    )


CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with its line breaks and other controls written as escapes (`\\n`): a key or a
    file name from a draft cannot break a problem's line, nor start a line that a CI runner
    reads as a command of its own (GitHub's `::add-mask::`)."""
    return CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


def main() -> None:
    """The console script: the command, then the process ended at once with its status."""
    # Python collects cycles every 700 new objects: in a draft, some 130 passes over the
    # objects of the libraries just imported, none garbage. Every 10,000 keeps the garbage
    # waiting for a pass bounded (a few MB) and takes half the time (a publish: a quarter).
    gc.set_threshold(GC_THRESHOLD, 10, 10)
    try:
        run_command_line()
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            end_at_once(done.code or 0)
        raise


def end_at_once(status: int) -> None:
    """Exit with `status` once the output is flushed and the atexit handlers have run
    (multiprocessing's, the finalizers'), without the interpreter's teardown: freeing every
    module and object would take some 100 ms more. Returns, for the ordinary exit, while
    another thread runs or when the output cannot be written (Python then says why)."""
    import atexit
    import threading

    if threading.active_count() > 1:
        return
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(status)


def run_command_line() -> None:
    """Click's own handling; a sentence for what the system or git refused; one line instead
    of a traceback for a bug. Ends by raising SystemExit, as Click's standalone mode does."""
    try:
        cli.main(prog_name="outcomes", standalone_mode=True)
    except OutcomesError as error:  # raised outside a use case (it should not be)
        show_error(error)
        sys.exit(error.exit_code)
    except OSError as error:  # the system refused: a full disk, a read-only folder
        from pipeline.files import os_reason

        click.echo(f"outcomes: {os_reason(error)}", err=True)
        sys.exit(1)
    except Exception as error:
        if type(error).__module__.startswith("git."):  # git refused (GitPython's errors)
            from pipeline.history import git_refusal

            click.echo(f"outcomes: {git_refusal(error)}", err=True)
            sys.exit(1)
        if os.environ.get("OUTCOMES_DEBUG"):
            import traceback  # only for a bug: every command's start is quicker without it

            traceback.print_exc()
        click.echo(
            f"outcomes: internal error ({type(error).__name__}: {error}). This is a bug: please "
            "report it (OUTCOMES_DEBUG=1 shows the details). A version it was recording is "
            "finished or taken back by the next command, or by `outcomes doctor`.",
            err=True,
        )
        sys.exit(1)
