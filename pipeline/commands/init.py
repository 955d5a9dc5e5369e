"""`outcomes init --ci HOST`: the CI configuration of a secretariat's repository, written from
templates/ci/: validate every draft on each push and pull or merge request, and deploy
published/ to the host's Pages from the default branch."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pipeline import __version__, layout
from pipeline.errors import OutcomesError
from pipeline.files import refuse_links
from pipeline.results import Line, Result
from pipeline.workspace import Workspace, bundled_templates

TEMPLATES = {"github": "ci/github.yml", "gitlab": "ci/gitlab-ci.yml"}
EXAMPLE = "'outcomes @ git+https://git.example.org/outcomes.git@v0.1.0'"
#: What a requirement may hold: no '$' (GitLab expands variables, GitHub `${{ }}`), no quote,
#: backslash or line break (they would end the YAML string or the shell word).
REQUIREMENT_CHARACTERS = re.compile(r"[A-Za-z0-9 !#%&()*+,./:;<=>?@\[\]^_{|}~-]+")


@dataclass
class InitResult(Result):
    path: str
    host: str
    requirement: str

    def lines(self) -> list[Line]:
        change, pages = {
            "github": ("pull request", "GitHub Pages (Settings > Pages > Source: GitHub Actions)"),
            "gitlab": ("merge request", "GitLab Pages"),
        }[self.host]
        return [
            f"wrote {self.path}: on every push and {change} it validates every draft and shows "
            f"each problem on its line; on the default branch it deploys published/ to {pages}",
            f"CI installs {self.requirement}; change OUTCOMES_REQUIREMENT in {self.path} to "
            "install another version",
        ]


def init_ci(ws: Workspace, host: str, requirement: str | None = None) -> InitResult:
    """Write the host's CI file (never over an existing one), installing outcomes from
    `requirement`, by default from where this outcomes was installed, when CI can reach it."""
    relative = layout.CI_FILES[host]
    path = ws.file(relative)
    if path.exists() or path.is_symlink():
        raise OutcomesError(
            f"{relative} exists already, and outcomes writes it only where there is none: move "
            "it aside to have it written again, or add to it by hand"
        )
    requirement = requirement or running_requirement()
    try:
        checked_requirement(requirement)
    except ValueError as error:
        raise OutcomesError(str(error)) from None
    template = (bundled_templates() / TEMPLATES[host]).read_text("utf-8")
    text = template.replace("__OUTCOMES_VERSION__", __version__).replace(
        "__OUTCOMES_REQUIREMENT__",
        json.dumps(requirement),  # a JSON string is a YAML one
    )
    refuse_links(ws.root, [relative])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over a file
        file.write(text)
    return InitResult(relative, host, requirement)


def checked_requirement(text: str) -> str:
    """`text` if it is a pip requirement for outcomes that CI files can hold, else ValueError."""
    try:
        name = Requirement(text).name
    except InvalidRequirement as error:
        raise ValueError(f"'{text}' is not a pip requirement ({error}); write {EXAMPLE}") from None
    if canonicalize_name(name) != "outcomes":
        raise ValueError(f"'{text}' installs {name}, not outcomes; write {EXAMPLE}")
    if not REQUIREMENT_CHARACTERS.fullmatch(text):
        raise ValueError(
            f"'{text}' holds a character CI would read as its own ($, a quote, a backslash or "
            "a line break)"
        )
    return text


def running_requirement() -> str:
    """This outcomes as CI can install it, or a refusal saying how to name one."""
    try:
        distribution = metadata.distribution("outcomes")
    except metadata.PackageNotFoundError:
        distribution = None
    direct_url = distribution.read_text("direct_url.json") if distribution else None
    requirement = requirement_from(direct_url, __version__) if distribution else None
    if requirement is None:
        origin = json.loads(direct_url).get("url") if direct_url else "a folder"
        raise OutcomesError(
            f"this outcomes was installed from {origin}, which CI cannot reach: say where CI "
            f"installs it from with --install, such as --install {EXAMPLE}"
        )
    return requirement


def requirement_from(direct_url: str | None, version: str) -> str | None:
    """Where pip installed outcomes from (PEP 610's direct_url.json) as a requirement CI can
    install: the git repository at the commit installed, the archive downloaded, or the
    version from a package index (no direct_url.json); None for a local folder or file."""
    if direct_url is None:
        return f"outcomes=={version}"
    origin = json.loads(direct_url)
    url, vcs = origin.get("url", ""), origin.get("vcs_info", {})
    if not url or url.startswith("file:"):
        return None
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"outcomes @ git+{url}@{vcs['commit_id']}"
    return f"outcomes @ {url}" if "archive_info" in origin else None
