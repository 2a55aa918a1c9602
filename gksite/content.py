"""Read every entry under content/: front matter + Markdown body → `Entry`.

Reading never stops at the first mistake: each file yields an `Entry` or problems,
and each problem names `path:line` and the fix.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import yamldoc
from .config import SiteConfig
from .entry import (ALIASES, ATTACHMENT_TYPES, DISCLOSURE, KEYS, LABELS, REQUIRED, VALIDITY,
                    Attachment, Entry, PartialEntry)
from .problems import ERROR, WARNING, Problem, relative_name
from .sourcefile import Unreadable, read_text

MAX_ENTRY_BYTES = 2 * 1024 * 1024
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ContentSet:
    """Every entry that could be read, and every problem found while reading."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    partial: tuple[PartialEntry, ...] = ()    # front matter in error; body still to be checked


def collect(readings) -> ContentSet:
    """A content set of (entry or partial entry or None, problems) readings."""
    entries, partial, problems = [], [], []
    for entry, found in readings:
        problems.extend(found)
        if isinstance(entry, Entry):
            entries.append(entry)
        elif entry is not None:
            partial.append(entry)
    return ContentSet(tuple(entries), tuple(problems), tuple(partial))


def entry_files(content_dir: Path) -> list[Path]:
    """Markdown files under `content_dir`, sorted; hidden folders skipped."""
    if not content_dir.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if _visible_folder(d))
        found.extend(Path(folder, f) for f in files if _entry_name(f))
    return sorted(found)


def is_entry_file(path: Path, content_dir: Path) -> bool:
    """Whether `entry_files(content_dir)` would list `path` (were it there)."""
    try:
        parts = path.relative_to(content_dir).parts
    except ValueError:
        return False
    return bool(parts) and _entry_name(parts[-1]) and all(map(_visible_folder, parts[:-1]))


def _visible_folder(name: str) -> bool:
    return not name.startswith((".", "_"))


def _entry_name(name: str) -> bool:
    return name.endswith(".md") and not name.startswith(".")


def read_entry(path: Path, config: SiteConfig) -> tuple[Entry | PartialEntry | None, list[Problem]]:
    """One file → an `Entry` and the problems found in it; a `PartialEntry` when its front
    matter has errors; None when not even that could be read."""
    name = relative_name(path, config.root)
    text, problem = _decode(path, name)
    if problem:
        return None, [problem]
    split = _split_front_matter(text, name)
    if isinstance(split, Problem):
        return None, [split]
    front_text, body, body_line = split
    colon = _full_width_colon(front_text, name)
    if colon:
        return None, [colon]
    try:
        data = yamldoc.load(front_text, first_line=2)
    except yamldoc.YamlError as exc:
        lines = front_text.split("\n")
        tabbed = 0 <= exc.line - 2 < len(lines) and "\t" in lines[exc.line - 2]
        return None, [Problem(name, exc.line, exc.col, ERROR, "yaml-tab" if tabbed else "yaml",
                              exc.message, exc.hint)]
    if not isinstance(data, yamldoc.Mapping):
        return None, [Problem(name, 2, 1, ERROR, "front-matter",
                              "front matter 应当是一组“键: 值”", "例如 title: 关于……的通知")]
    return _FieldReader(path, name, config, data).entry(body, body_line)


def _decode(path: Path, name: str) -> tuple[str, Problem | None]:
    text = read_text(path, MAX_ENTRY_BYTES)
    if isinstance(text, Unreadable):
        return "", Problem(name, 1, 1, ERROR, text.code, text.message, text.hint)
    if not text.strip():
        return "", Problem(name, 1, 1, ERROR, "empty", "文件是空的", "删除它，或用 gksite new 生成一篇条目")
    return text, None


def _split_front_matter(text: str, name: str) -> tuple[str, str, int] | Problem:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return Problem(name, 1, 1, ERROR, "front-matter-missing", "文件没有以 “---” 开头的 front matter",
                       "第一行写 ---，接着写 title: 等键，再用一行 --- 结束")
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number - 1]), "\n".join(lines[number:]), number + 1
    return Problem(name, 1, 1, ERROR, "front-matter-unclosed", "front matter 没有结束的 “---” 行",
                   "在最后一个键之后、正文之前加一行 ---")


def _full_width_colon(front_text: str, name: str) -> Problem | None:
    """A line `键：值` (full-width colon): YAML would read it as plain text, not as a key.

    Indented lines and list items are only suspect when the word before `：` is a key
    gksite knows (`- file：a.pdf`), since a value such as `- 附件1：分工表` is fine."""
    for number, line in enumerate(front_text.split("\n"), start=2):
        text = line.lstrip(" ")
        nested = text != line or text.startswith("- ")
        if text.startswith("- "):
            text = text[2:].lstrip(" ")
        if text[:1] in ("", "#", "-", "'", '"', "[", "{"):
            continue
        head = text.split(":", 1)[0]
        if "：" not in head or (nested and head.split("：", 1)[0].strip() not in _NESTED_KEYS):
            continue
        return Problem(name, number, len(line) - len(text) + head.index("：") + 1, ERROR, "full-width-colon",
                       "键后面用了全角冒号 “：”", "改成半角冒号加一个空格，例如 title: 关于……的通知")
    return None


_NESTED_KEYS = frozenset(KEYS) | frozenset(ALIASES) | {"file", "title", "value", "reason"}


class _FieldReader:
    """Turns one front-matter mapping into an `Entry`, recording every problem."""

    def __init__(self, path: Path, name: str, config: SiteConfig, data: yamldoc.Mapping):
        self.path, self.name, self.config = path, name, config
        self.problems: list[Problem] = []
        self.values, self.lines = self._canonical(data)

    def problem(self, key: str, code: str, message: str, hint: str = "", severity: str = ERROR):
        self.problems.append(Problem(self.name, self.lines.get(key, 1), 1, severity, code, message, hint))

    def _canonical(self, data: yamldoc.Mapping) -> tuple[dict, dict]:
        values, lines, spelled = {}, {}, {}
        for raw_key, value in data.items():
            key = ALIASES.get(raw_key, raw_key)
            line = data.lines[raw_key]
            if key not in KEYS:
                near = difflib.get_close_matches(raw_key, list(KEYS) + list(ALIASES), n=1, cutoff=0.5)
                self.problems.append(Problem(
                    self.name, line, 1, WARNING, "unknown-key", f"不认识的键 “{raw_key}”，将被忽略",
                    f"是不是 “{near[0]}”？" if near else "可用的键见 gksite schema"))
                continue
            if key in values:
                self.problems.append(Problem(
                    self.name, line, 1, ERROR, "duplicate-key",
                    f"“{raw_key}” 与第 {lines[key]} 行的 “{spelled[key]}” 是同一个键，写了两次", "删去其中一个"))
                continue
            values[key], lines[key], spelled[key] = value, line, raw_key
        return values, lines

    def entry(self, body: str, body_line: int) -> tuple[Entry | None, list[Problem]]:
        for key in REQUIRED:
            if self.values.get(key) in (None, ""):
                self.problem(key, "missing-key", f"缺少必填项 {key}（{LABELS[key]}）",
                             f"在 front matter 里加一行 {key}: …")
        title = self.text("title")
        index_no = self.text("index_no")
        config = self.config
        publisher = self.lookup("publisher", config.find_publisher, lambda: [p.name for p in config.publishers])
        category = self.lookup("category", config.find_node, lambda: [n.slug for n in config.nodes()]
                               + ["/".join(n.names) for n in config.nodes()])
        published = self.date("date")
        topic = self.lookup("topic", config.find_topic, lambda: [t.name for t in config.topics])
        validity = self.choice("validity", VALIDITY, "")
        disclosure = self.choice("disclosure", DISCLOSURE, "主动公开")
        expires = self.date("expires")
        if expires and published and expires <= published:
            self.problem("expires", "expires-before-date", f"失效日期 {expires} 不在发布日期 {published} 之后",
                         "失效日期应晚于发布日期")
        fields = dict(
            written=self.date("written"), doc_no=self.text("doc_no"), topic=topic,
            keywords=self.words("keywords"), validity=validity, expires=expires,
            disclosure=disclosure, interprets=self.text("interprets"),
            attachments=self.attachments(), draft=self.flag("draft"),
            privacy_allow=self.privacy_allow(),
        )
        if any(p.severity == ERROR for p in self.problems) or not all((title, index_no, publisher, category, published)):
            partial = PartialEntry(source=self.path, relpath=self.name, body=body, body_line=body_line,
                                   title=title, doc_no=fields["doc_no"], keywords=fields["keywords"],
                                   attachments=fields["attachments"], privacy_allow=fields["privacy_allow"],
                                   draft=fields["draft"], disclosure=fields["disclosure"], lines=dict(self.lines))
            return partial, self.problems
        entry = Entry(source=self.path, relpath=self.name, title=title, index_no=index_no,
                      publisher=publisher, category=category, date=published, body=body,
                      body_line=body_line, lines=dict(self.lines), **fields)
        return entry, self.problems

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if not _is_text(value):
            self.problem(key, "type", f"{key}（{LABELS[key]}）应当是一段文字", "去掉多余的 - 或缩进")
            return ""
        return str(value).strip()

    def lookup(self, key: str, find, choices):
        """The site.yaml object `find` names by this key's text; `choices()` lists what it could
        have named (only asked for when it names nothing: a list of catalog paths costs time)."""
        text = self.text(key)
        if not text:
            return None
        found = find(text)
        if found is None:
            near = difflib.get_close_matches(text, choices(), n=1, cutoff=0.3)
            hint = f"是不是 “{near[0]}”？" if near else f"先在 site.yaml 的 {key} 里登记它"
            self.problem(key, f"unknown-{key}", f"site.yaml 里没有{LABELS[key]} “{text}”", hint)
        return found

    def date(self, key: str) -> date | None:
        value = self.values.get(key)
        if value in (None, ""):
            return None
        try:
            text = str(value).strip()
            return date.fromisoformat(text) if _DATE.fullmatch(text) else _bad_date()
        except ValueError:
            self.problem(key, "date", f"{key}（{LABELS[key]}）“{value}” 不是有效的日期",
                         "写成 YYYY-MM-DD，例如 2024-03-15，并确认这一天存在")
            return None

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        text = self.text(key)
        if text and text not in allowed:
            self.problem(key, f"bad-{key}", f"{LABELS[key]} “{text}” 不是可用的值", "可选：" + "、".join(allowed))
            return default
        return text or default

    def flag(self, key: str) -> bool:
        value = self.values.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, "type", f"{key}（{LABELS[key]}）应当是 true 或 false",
                         "草稿写 draft: true，要发布时删去这一行")
            return False
        return value

    def words(self, key: str) -> tuple[str, ...]:
        value = self.values.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [w for w in value.replace("，", ",").replace("、", ",").split(",")]
        if not isinstance(value, list) or not all(_is_text(w) or w is None for w in value):
            self.problem(key, "type", f"{key}（{LABELS[key]}）应当是一组词", "例如 keywords: [政务公开, 工作要点]")
            return ()
        return tuple(str(w).strip() for w in value if w is not None and str(w).strip())

    def privacy_allow(self) -> tuple[str, ...]:
        """`privacy_allow: [{value: …, reason: …}]`: values the privacy check lets through, each with a reason."""
        value = self.values.get("privacy_allow") or []
        hint = "每项写成 - {value: \"完整的号码\", reason: \"为什么可以公开\"}"
        if not isinstance(value, list):
            self.problem("privacy_allow", "type", "privacy_allow（隐私例外）应当是一个列表", hint)
            return ()
        allowed = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict) or _blank(item.get("value")):
                self.problem("privacy_allow", "privacy-allow", f"隐私例外第 {number} 项缺少 value（号码本身）", hint)
            elif _blank(item.get("reason")):
                self.problem("privacy_allow", "privacy-allow", f"隐私例外第 {number} 项没有写理由（reason）",
                             "写明为什么这个号码可以公开，例如 reason: 单位公开的服务电话")
            else:
                allowed.append(str(item["value"]).strip())
        return tuple(allowed)

    def attachments(self) -> tuple[Attachment, ...]:
        value = self.values.get("attachments")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem("attachments", "type", "attachments（附件）应当是一个列表",
                         "每项写成 - file: 文件名.pdf，可加 title: 标题")
            return ()
        result = []
        for item in value:
            file, title = (item.get("file"), item.get("title")) if isinstance(item, dict) else (item, None)
            if isinstance(file, (dict, list)) or isinstance(title, (dict, list)):
                self.problem("attachments", "type", "附件的 file 和 title 应当是一段文字",
                             "每项写成 - file: 文件名.pdf，可加 title: 标题")
                continue
            found = self.attachment(str(file or "").strip(), str(title or "").strip())
            if found:
                result.append(found)
        return tuple(result)

    def attachment(self, file: str, title: str) -> Attachment | None:
        """One 附件: a regular file of an allowed type inside the content folder, named relative to the entry."""
        if not file:
            self.problem("attachments", "attachment", "附件缺少文件名", "写成 - file: 文件名.pdf")
            return None
        try:
            return self._attachment(file, title)
        except (OSError, ValueError) as exc:
            self.problem("attachments", "attachment-missing", f"无法读取附件 {file!r}：{exc}",
                         "检查文件名是否写对")
            return None

    def _attachment(self, file: str, title: str) -> Attachment | None:
        folder = self.path.parent.resolve()
        written = folder / file
        target = written.resolve()
        content_root = self.config.content_dir.resolve()
        if Path(file).is_absolute() or ".." in Path(file).parts or content_root not in target.parents:
            linked = "是一个指向目录外的链接" if written.is_symlink() else "不在站点的 content 目录里"
            self.problem("attachments", "attachment-outside", f"附件 “{file}” {linked}",
                         "把文件本身复制到条目旁边，只写文件名（不要写 ..、绝对路径或链接）")
            return None
        if not target.exists():
            self.problem("attachments", "attachment-missing", f"找不到附件 “{file}”",
                         f"把文件放在 {relative_name(folder, self.config.root)}/ 里，或改正文件名")
            return None
        if not target.is_file():
            self.problem("attachments", "attachment-missing", f"附件 “{file}” 不是一个普通文件",
                         "附件应当是一个文件，不是目录或设备")
            return None
        if target.suffix.lower() not in ATTACHMENT_TYPES:
            self.problem("attachments", "attachment-type",
                         f"附件 “{file}” 的类型 {target.suffix or '（无扩展名）'} 不允许",
                         "可用：" + " ".join(sorted(ATTACHMENT_TYPES)))
            return None
        return Attachment(source=target, name=Path(file).as_posix(), title=title or Path(file).stem,
                          size=target.stat().st_size)


def _blank(value) -> bool:
    return value is None or isinstance(value, (dict, list)) or not str(value).strip()


def _bad_date():
    raise ValueError


def _is_text(value) -> bool:
    """A scalar a page can show as text: not a mapping, list, boolean or !!binary bytes."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
