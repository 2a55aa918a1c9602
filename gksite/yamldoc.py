"""YAML read safely and with line numbers, for site.yaml and front matter.

Values are plain Python objects, but every mapping also remembers the line of each
key, so a message can point at `path:line`. Dates stay strings (`2024-02-30` must be
our error, not PyYAML's traceback), and anchors/aliases are refused outright: front
matter never needs them and they are how a "billion laughs" document explodes.

Reading is libyaml's (C, about eight times faster) when PyYAML has it; PyYAML's own
pure-Python loader reads every text where the two might disagree, and words and places
every error, so that a message never depends on how PyYAML was built.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml


class _AnchorFound(Exception):
    """An anchor or alias, met while composing; `mark` says where."""

    def __init__(self, mark):
        super().__init__("anchor")
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings and stops at the first anchor or alias."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _AnchorFound(event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if yaml.__with_libyaml__:
    class _FastLoader(yaml.CSafeLoader):
        """libyaml's scanner, parser and composer, with `_Loader`'s constructor and resolvers."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
else:
    _FastLoader = None

# Where libyaml and the pure-Python loader read the same text differently (tests/test_yamldoc.py
# compares them): anchors and aliases (refused by `_Loader` alone), tags, `?` inside [ ] or { },
# tabs, line breaks other than \n, a BOM, and `|#`/`>#`. Front matter hardly ever has any of these.
_STR = "tag:yaml.org,2002:str"
_PURE_ONLY = re.compile(r"[?&*!\t\r\x85\u2028\u2029\ufeff]|[|>][-+0-9]*#")


class YamlError(Exception):
    """The text is not YAML we accept; `line` and `col` are 1-based."""

    def __init__(self, message: str, line: int, col: int, hint: str = ""):
        super().__init__(message)
        self.message, self.line, self.col, self.hint = message, line, col, hint


class Mapping(dict):
    """A dict that also knows the 1-based line of each of its keys."""

    lines: dict
    line: int


class Sequence(list):
    """A list that also knows the 1-based line of each of its items."""

    lines: list


@dataclass(frozen=True)
class Located:
    """A scalar or list value with the line it starts on."""

    value: object
    line: int


def load(text: str, first_line: int = 1) -> object:
    """Parse one YAML document; mappings become `Mapping` with key lines."""
    if _FastLoader is not None and not _PURE_ONLY.search(text):
        try:
            return _parse(_FastLoader, text, first_line)
        except Exception:       # rare: the pure loader reads it again, to word and place the error
            pass
    return _load_pure(text, first_line)


def _parse(loader_class, text: str, first_line: int) -> object:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(loader, node, first_line - 1)
    finally:
        loader.dispose()


def _load_pure(text: str, first_line: int) -> object:
    """`load` by PyYAML's pure-Python loader, every error turned into a `YamlError`."""
    try:
        return _parse(_Loader, text, first_line)
    except _AnchorFound as exc:
        raise YamlError("YAML 锚点和别名（& 与 *）不被接受", exc.mark.line + first_line, exc.mark.column + 1,
                        "把值直接写出来，不要用 &名字 和 *名字") from None
    except yaml.MarkedYAMLError as exc:
        message, hint, mark = _describe(exc, text)
        line = (mark.line + first_line) if mark else first_line
        col = (mark.column + 1) if mark else 1
        raise YamlError(message, line, col, hint) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0], first_line, 1) from None
    except RecursionError:
        raise YamlError("YAML 嵌套过深", first_line, 1, "front matter 只需要简单的键和值") from None
    except (ValueError, OverflowError) as exc:
        # e.g. an integer of thousands of digits: Python refuses to convert it.
        raise YamlError(f"有一个值无法读取：{exc}", first_line, 1, "很长的数字请加引号，写成文字") from None


def _build(loader: yaml.SafeLoader, node: yaml.Node, offset: int) -> object:
    if isinstance(node, yaml.MappingNode):
        result = Mapping()
        result.lines = {}
        result.line = node.start_mark.line + 1 + offset
        for key_node, value_node in node.value:
            key = _build(loader, key_node, offset)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YamlError("键必须是简单的文字", key_node.start_mark.line + 1 + offset,
                                key_node.start_mark.column + 1)
            key = str(key)
            if key in result:
                raise YamlError(f"键 “{key}” 写了两次", key_node.start_mark.line + 1 + offset,
                                key_node.start_mark.column + 1, "删去其中一个")
            result[key] = _build(loader, value_node, offset)
            result.lines[key] = key_node.start_mark.line + 1 + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        result = Sequence(_build(loader, child, offset) for child in node.value)
        result.lines = [child.start_mark.line + 1 + offset for child in node.value]
        return result
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value           # what SafeConstructor makes of it, without its dispatch
    return loader.construct_object(node, deep=True)


# PyYAML's problems in plain words: (its words, ours, the fix, point at where the construct began).
_PROBLEMS = (
    ("character '\\t'", "这里有制表符（Tab）",
     "YAML 里不能用制表符（Tab），请改用空格；值里确需 Tab 时把整个值用引号括起来", False),
    ("tab character", "这里有制表符（Tab）", "YAML 里不能用制表符（Tab），请改用空格", False),
    ("mapping values are not allowed here", "这一行多了一个 “: ”",
     "值里有 “: ” 时把整个值用引号括起来，例如 title: \"关于: ……\"", False),
    ("could not find expected ':'", "缺少冒号 “:”", "每一行写成 键: 值，冒号是半角的，后面加一个空格", True),
    ("unexpected end of stream", "引号没有闭合", "在值的末尾补上对应的引号", True),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合，或各项之间少了逗号", "补上 ]，各项之间用半角逗号 , 分开", True),
    ("expected ',' or '}'", "花括号 { } 没有闭合，或各项之间少了逗号", "补上 }，各项之间用半角逗号 , 分开", True),
    ("expected <block end>", "缩进不一致，或一个值后面多了内容",
     "同一层的键用同样多的空格缩进；值后面还有文字时把整个值用引号括起来", False),
    ("that cannot start any token", "值不能以这个字符开头", "以 %、@、` 等符号开头的值请用引号括起来", False),
    ("unknown escape character", "双引号里的反斜杠 “\\” 写法不对", "改用单引号，或把 \\ 写成 \\\\", False),
    ("constructor for the tag", "不认识的 YAML 标签（以 ! 开头）", "删去 ! 开头的标签，直接写值", False),
)


def _describe(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str, object]:
    """Our message, hint and position for one of PyYAML's errors."""
    problem = exc.problem or exc.context or ""
    mark, line = exc.problem_mark, _line(text, exc.problem_mark)
    if "mapping values" in problem and line[:1] == " " and line.find(":") == mark.column:
        # An indented `key: value` under a plain value: the key's own colon is refused.
        return "YAML 格式错误：这一行多缩进了", "这个键要与上一行的键对齐；只有列表项和子项才缩进", mark
    for words, message, hint, at_start in _PROBLEMS:
        if words in problem:
            mark = (exc.context_mark if at_start else None) or exc.problem_mark or exc.context_mark
            return f"YAML 格式错误：{message}", hint, mark
    mark = exc.problem_mark or exc.context_mark
    return f"YAML 格式错误：{problem or '无法读取'}", _yaml_hint(text, mark), mark


def _line(text: str, mark) -> str:
    """The line of `text` that `mark` points into ("" when there is none)."""
    lines = text.splitlines()
    return lines[mark.line] if mark is not None and mark.line < len(lines) else ""


def _yaml_hint(text: str, mark) -> str:
    line = _line(text, mark)
    if "：" in line and ":" not in line:
        return "键后面要用半角冒号 “:”，不是全角的 “：”"
    return "检查这一行的缩进和冒号；值里有冒号时请用引号括起来"
