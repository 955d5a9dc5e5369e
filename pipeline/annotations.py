"""Problems as CI hosts show them beside the lines of a change: GitHub's workflow commands
(`::error file=…,line=…,col=…::…`) and GitLab's Code Quality report (JSON).

Plain text in, plain text out: the command line decides where it goes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from pipeline.errors import Problem

#: GitLab's scale is info, minor, major, critical, blocker; an error stops a command, a
#: warning does not, and neither is a crash: major and minor.
GITLAB_SEVERITY = {"error": "major", "warning": "minor"}
LINE_NUMBER = re.compile(r"\bline \d+\b")


def sentence(problem: Problem) -> str:
    """The message with the field it concerns, as the text lines end."""
    return f"{problem.message} ({problem.field})" if problem.field else problem.message


def github_command(problem: Problem) -> str:
    """`::error file=F,line=L,col=C,title=CODE::message` (or `::warning`), escaped as GitHub's
    runner unescapes: a newline would end the command, a ',' or ':' a property."""
    properties = {"file": problem.file}
    if problem.line > 0:  # a file that cannot be read at all has no line to point at
        properties["line"] = str(problem.line)
        properties["col"] = str(problem.column)
    properties["title"] = problem.code
    listed = ",".join(f"{name}={_escape_property(value)}" for name, value in properties.items())
    return f"::{problem.severity} {listed}::{_escape_data(sentence(problem))}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def code_quality_report(problems: list[Problem]) -> str:
    """GitLab's Code Quality report: a JSON list of issues, `[]` when there are none."""
    return json.dumps(code_quality_issues(problems), ensure_ascii=False, indent=2)


def code_quality_issues(problems: list[Problem]) -> list[dict[str, Any]]:
    """One issue per problem. GitLab compares the issues of a merge request with those of its
    target branch by fingerprint, so a fingerprint leaves the line out (lines added above a
    problem do not make it new) and counts repeats (GitLab shows one issue per fingerprint)."""
    seen: Counter[str] = Counter()
    issues = []
    for problem in problems:
        message = LINE_NUMBER.sub("line", problem.message)  # "first on line 12" moves too
        identity = "\0".join((problem.file, problem.code, problem.field, message))
        seen[identity] += 1
        fingerprint = hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest()
        issues.append(
            {
                "description": sentence(problem),
                "check_name": problem.code,
                "fingerprint": fingerprint,
                "severity": GITLAB_SEVERITY.get(problem.severity, "major"),
                "location": {"path": problem.file, "lines": {"begin": max(problem.line, 1)}},
            }
        )
    return issues
