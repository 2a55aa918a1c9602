"""Problems found in a site's input: each names a file, a line and the fix.

Every user mistake becomes a `Problem`; a stage collects them all and raises one
`ContentError` so that an editor sees every mistake at once, never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: where it is, what is wrong, how to fix it."""

    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """`path:line:col: error [code] message — hint`, one line."""
        text = f"{self.path}:{self.line}:{self.col}: {self.severity} [{self.code}] {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def as_dict(self) -> dict:
        """A plain dict, for `--format json`."""
        return {
            "path": self.path, "line": self.line, "col": self.col,
            "severity": self.severity, "code": self.code,
            "message": self.message, "hint": self.hint,
        }


class ContentError(Exception):
    """Raised with every problem of a stage; the CLI prints them sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self):
        # Made again from its problems when it comes back from a worker process, not from
        # its message (Exception's way), which would be read as a list of problems.
        return ContentError, (self.problems,)


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the problems that stop a build."""
    return [p for p in problems if p.severity == ERROR]


def relative_name(path: Path, root: Path) -> str:
    """A path as an editor sees it: relative to the site root, with `/`."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
