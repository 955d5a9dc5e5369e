"""Benchmarks of outcomes against a reference measured in the same run, as ratios.

    python bench/run.py [--runs N] [--only validate|draft|publish]

Each pair (ours, reference) runs alternately, so drift on a shared machine hits both alike;
the table gives medians and the ratio of the medians. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import EXAMPLE, REPO, as_markdown, large_draft

BIN = Path(sys.executable).parent


def paired(ours: Callable[[], object], reference: Callable[[], object], runs: int) -> tuple:
    """Median seconds of `ours` and `reference`, run alternately after one warm-up each."""
    ours(), reference()
    a, b = [], []
    for _ in range(runs):
        for function, times in ((ours, a), (reference, b)):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def row(task: str, reference: str, times: tuple[float, float]) -> None:
    ours, theirs = times
    print(
        f"| {task} | {ours * 1000:.1f} | {reference} | {theirs * 1000:.1f} | {ours / theirs:.2f} |"
    )


def inputs(folder: Path) -> dict[str, Path]:
    """The example and a generated 400-paragraph draft, each in a project of its own."""
    found = {}
    for name, text in (("example", EXAMPLE.read_text("utf-8")), ("400 paragraphs", None)):
        project = folder / name.replace(" ", "-")
        (project / "drafts").mkdir(parents=True)
        shutil.copy(REPO / "pyproject.toml", project)
        draft_id = "commit-som11" if text else "som-large"
        path = project / "drafts" / f"{draft_id}.yaml"
        path.write_text(text or large_draft(draft_id), "utf-8")
        found[name] = path
    return found


def bench_validate(drafts: dict[str, Path], runs: int) -> None:
    from pipeline.loading import load_draft

    print("\n`validate` (in process) against a bare YAML load of the same file (PyYAML C loader)")
    print("| input | ours ms | reference | ref ms | ratio |\n|---|---|---|---|---|")
    for name, path in drafts.items():

        def bare(path: Path = path) -> object:
            return yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        row(name, "yaml.load", paired(lambda path=path: load_draft(path), bare, runs))


def change(path: Path) -> None:
    """Append a comment line, so that the draft differs from every recorded version."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"# changed at {time.perf_counter_ns()}\n")


def run_command(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def bench_draft(drafts: dict[str, Path], runs: int, scratch: Path) -> None:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    print("\n`outcomes draft` (whole process, commit included) against pandoc Markdown -> docx")
    print("| input | ours ms | reference | ref ms | ratio |\n|---|---|---|---|---|")
    for name, path in drafts.items():
        project = path.parent.parent
        markdown = scratch / f"{path.stem}.md"
        markdown.write_text(as_markdown(path.read_text("utf-8")), "utf-8")

        def ours(path: Path = path, project: Path = project) -> None:
            change(path)  # a changed draft each time, so every run records a new version
            run_command(str(BIN / "outcomes"), "draft", str(path), cwd=project)

        def reference(markdown: Path = markdown) -> None:
            run_command(pandoc, str(markdown), "-o", str(markdown.with_suffix(".docx")))

        row(name, "pandoc", paired(ours, reference, runs))


def bench_publish(drafts: dict[str, Path], runs: int, scratch: Path) -> None:
    print("\n`outcomes publish` (whole process) against the weasyprint command on the same HTML")
    print("| input | ours ms | reference | ref ms | ratio |\n|---|---|---|---|---|")
    for name, path in drafts.items():
        project = path.parent.parent

        def ours(path: Path = path, project: Path = project) -> None:
            change(path)
            run_command(str(BIN / "outcomes"), "publish", str(path), cwd=project)

        ours()  # publishes once, so the HTML the reference renders exists
        page = project / "published" / path.stem / "print.html"
        if not page.exists():
            page = project / "published" / path.stem / "index.html"

        def reference(page: Path = page) -> None:
            run_command(str(BIN / "weasyprint"), str(page), str(scratch / "reference.pdf"))

        row(name, "weasyprint", paired(ours, reference, runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["validate", "draft", "publish"])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="outcomes-bench-") as folder:
        scratch = Path(folder)
        drafts = inputs(scratch)
        if options.only in (None, "validate"):
            bench_validate(drafts, options.runs * 4)
        if options.only in (None, "draft"):
            bench_draft(drafts, options.runs, scratch)
        if options.only in (None, "publish"):
            bench_publish(drafts, options.runs, scratch)


if __name__ == "__main__":
    main()
