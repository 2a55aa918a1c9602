"""Small typed validators over YAML read by `yamldoc`.

Each reads one key and, when its value is missing or of the wrong kind, records a
`Problem` naming the key path (`catalog[2].children[0].code`) and the line, then
returns a default so that reading goes on and every mistake is reported at once.
"""
from __future__ import annotations

from . import yamldoc
from .problems import ERROR, Problem


class KeyChecker:
    """Validators that record problems in `problems` for the file `file_name`."""

    def __init__(self, file_name: str, code: str):
        self.file_name, self.code = file_name, code
        self.problems: list[Problem] = []

    def fail(self, where: yamldoc.Mapping | None, key: str, keypath: str, message: str, hint: str = "",
             line: int | None = None):
        """Record a problem at `line`, else at the line of `key` in `where`."""
        line = line or (where.lines.get(key, where.line) if isinstance(where, yamldoc.Mapping) else 1)
        self.problems.append(Problem(self.file_name, line, 1, ERROR, self.code, f"{keypath}: {message}", hint))

    def mapping(self, parent, key: str, keypath: str, required: bool = False) -> yamldoc.Mapping:
        """A nested group of `key: value` lines (empty when missing)."""
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.fail(parent, key, keypath, "缺少这一项")
            return empty_mapping()
        if not isinstance(value, yamldoc.Mapping):
            self.fail(parent, key, keypath, "应当是一组“键: 值”")
            return empty_mapping()
        return value

    def text(self, parent, key: str, keypath: str, required: bool = False, default: str = "") -> str:
        """A piece of text (a number reads as its text)."""
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None or value == "":
            if required:
                self.fail(parent, key, keypath, "缺少这一项", "填写一段文字")
            return default
        if isinstance(value, (dict, list)):
            self.fail(parent, key, keypath, "应当是一段文字")
            return default
        return str(value).strip()

    def integer(self, parent, key: str, keypath: str, default: int, low: int, high: int) -> int:
        """A whole number from `low` to `high`."""
        value = parent.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(parent, key, keypath, f"应当是 {low} 到 {high} 之间的整数，现在是 {value!r}")
            return default
        return value

    def flag(self, parent, key: str, keypath: str) -> bool:
        """`true` or `false` (false when missing)."""
        value = parent.get(key, False)
        if not isinstance(value, bool):
            self.fail(parent, key, keypath, f"应当是 true 或 false，现在是 {value!r}")
            return False
        return value

    def items(self, parent, key: str, keypath: str, required: bool = False) -> list:
        """A list written one `- item` a line (empty when missing)."""
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.fail(parent, key, keypath, "缺少这一项", "至少写一项，每项以 “- ” 开头")
            return []
        if not isinstance(value, list):
            self.fail(parent, key, keypath, "应当是一个列表，每项以 “- ” 开头")
            return []
        return value


def item_line(items: list, index: int) -> int | None:
    """The line of `items[index]`, when the list came from YAML."""
    return items.lines[index] if isinstance(items, yamldoc.Sequence) else None


def empty_mapping() -> yamldoc.Mapping:
    """A `Mapping` with no keys, standing in for one that is missing or wrong."""
    empty = yamldoc.Mapping()
    empty.lines, empty.line = {}, 1
    return empty
