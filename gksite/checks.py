"""Rules over entries that were read: index numbers, interpretations, body links,
personal data (个人隐私) and unsafe markup. Nothing here renders a page.

Most rules need only the entry they check (`check_file` applies them as the file is read,
so that files can be checked apart, in parallel, and a changed file alone again);
`site_problems` holds the few that need every entry."""
from __future__ import annotations

import functools
import posixpath
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import markup
from .config import SiteConfig
from .content import read_entry
from .entry import ATTACHMENT_TYPES, Entry, PartialEntry
from .markdown_body import writes_raw_h1
from .privacy import KIND_NAMES, find_personal_data, normalized
from .problems import ERROR, WARNING, Problem

_TYPE_HINT = "正文只能链接附件类型的文件（PDF、Office 文档、图片等）；网页、SVG、脚本不能作为文件发布"
_LINK_HINT = "链接到另一篇条目时写它的 .md 文件路径（相对于本文件），或写成 索引号:…；图片和文件放在条目旁边"


def check_file(path: Path, config: SiteConfig, today: date) -> tuple[Entry | PartialEntry | None, list[Problem]]:
    """Read one entry file and hold it to every rule that needs only this file: what
    `content.read_entry` returns, with the problems of `entry_problems` (or, when its front
    matter has errors, of `body_problems`) added."""
    entry, problems = read_entry(path, config)
    if isinstance(entry, Entry):
        problems += entry_problems(config, entry, today)
    elif entry is not None:
        problems += body_problems(config, [entry], today)
    return entry, problems


def site_problems(config: SiteConfig, entries, today: date, future: bool = False) -> list[Problem]:
    """The rules across entries: unique 索引号, interpretations, body links to other entries."""
    return (_unique_index_numbers(entries) + _interpretations(entries, today, future)
            + _body_links(config, entries, today, future))


def entry_problems(config: SiteConfig, entry: Entry, today: date) -> list[Problem]:
    """The rules one entry is held to on its own: 索引号 format, unsafe markup, personal data."""
    problems = index_number_problems(config, entry) + markup_problems(config, entry) + heading_problems(entry)
    # A future-dated entry publishes itself on its day without another check: check it now.
    if not entry.withheld_reason(today, future=True):
        problems += privacy_problems(config, entry, today)
    return problems


def body_problems(config: SiteConfig, partial_entries, today: date) -> list[Problem]:
    """The rules one file's own text can be held to, for entries whose front matter has
    errors: unsafe markup, and personal data unless the file says it is never published."""
    problems = []
    for entry in partial_entries:
        problems += markup_problems(config, entry) + heading_problems(entry)
        if not entry.withheld:
            problems += privacy_problems(config, entry, today)
    return problems


def _unique_index_numbers(entries) -> list[Problem]:
    owners = defaultdict(list)
    for entry in entries:
        owners[entry.index_no].append(entry)
    problems = []
    for index_no, same in owners.items():
        for entry in same[1:] if len(same) > 1 else ():
            first = same[0]
            problems.append(Problem(entry.relpath, entry.line_of("index_no"), 1, ERROR, "index-duplicate",
                                    f"索引号 {index_no} 已被 {first.relpath} 使用",
                                    "每篇条目的索引号必须唯一；用 gksite new 取得下一个空号"))
            if first is same[0] and entry is same[1]:
                problems.append(Problem(first.relpath, first.line_of("index_no"), 1, ERROR, "index-duplicate",
                                        f"索引号 {index_no} 也被 {entry.relpath} 使用",
                                        "每篇条目的索引号必须唯一；用 gksite new 取得下一个空号"))
    return problems


def index_number_problems(config: SiteConfig, entry: Entry) -> list[Problem]:
    """索引号 must read `{publisher code}/{year of date}-{serial}` (or match the legacy pattern)."""
    number = entry.index_no
    if config.legacy_index_pattern and re.fullmatch(config.legacy_index_pattern, number):
        return []
    expected = f"{entry.publisher.code}/{entry.year}-{'0' * config.serial_width}"
    wrong = _wrong_part(number, entry, config.serial_width)
    if not wrong:
        return []
    return [Problem(entry.relpath, entry.line_of("index_no"), 1, ERROR, "index-format",
                    f"索引号 “{number}” 的{wrong}", f"应写成 {expected[:-config.serial_width]}"
                    f"{'1'.zfill(config.serial_width)} 这样的形式（机构代码/发布年份-{config.serial_width}位流水号）")]


def _wrong_part(number: str, entry: Entry, width: int) -> str:
    org, slash, rest = number.partition("/")
    if not slash:
        return "格式不对：缺少 “/”"
    if org != entry.publisher.code:
        return f"机构代码 “{org}” 不是发布机构 {entry.publisher.name} 的代码 {entry.publisher.code}"
    year, dash, serial = rest.partition("-")
    if not dash:
        return "格式不对：年份和流水号之间缺少 “-”"
    if year != str(entry.year):
        return f"年份 “{year}” 与发布日期的年份 {entry.year} 不一致"
    if not serial.isdigit() or not serial.isascii():
        return f"流水号 “{serial}” 应当只有数字"
    if len(serial) != width:
        return f"流水号 “{serial}” 应当是 {width} 位（不足的在前面补 0）"
    return ""


def _interpretations(entries, today: date, future: bool) -> list[Problem]:
    published = {e.index_no for e in entries if not e.withheld_reason(today, future)}
    everything = {e.index_no for e in entries}
    problems = []
    for entry in entries:
        if not entry.interprets:
            continue
        if entry.interprets not in everything:
            message, hint = f"解读的文件 {entry.interprets} 不存在", "填写被解读政策文件的索引号"
        elif entry.interprets not in published and not entry.withheld_reason(today, future):
            message, hint = f"解读的文件 {entry.interprets} 没有公开", "解读只能指向已公开的政策文件"
        else:
            continue
        problems.append(Problem(entry.relpath, entry.line_of("interprets"), 1, ERROR, "interprets",
                                message, hint))
    return problems


def _body_links(config: SiteConfig, entries, today: date, future: bool) -> list[Problem]:
    """Links from a body to another entry (`x.md` or `索引号:…`) and to files next to it resolve."""
    # Resolving every entry's path costs a second on a large site: only when some body links to a file.
    by_source = {_resolved(e.source): e for e in entries} if any(".md" in e.body for e in entries) else {}
    by_index = {e.index_no: e for e in entries}
    problems = []
    for entry in entries:
        published = not entry.withheld_reason(today, future)
        for link in markup.body_links(entry.body):
            target = _link_target(config, entry, link.target, by_source, by_index)
            if isinstance(target, Entry):
                reason = target.withheld_reason(today, future)
                if not published or not reason:
                    continue
                target = ("broken-link", f"指向一篇不公开的条目（{reason}）")
            if target:
                code, reason = target
                problems.append(Problem(entry.relpath, entry.body_line + link.line - 1, link.col, ERROR, code,
                                        f"正文里的链接 “{_short(link.target)}” {reason}",
                                        _TYPE_HINT if code == "link-file-type" else _LINK_HINT))
    return problems


@functools.lru_cache(maxsize=65536)
def _resolved(path: Path) -> Path:
    """`path` with links resolved (an entry file's, asked again after every preview edit)."""
    return path.resolve()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _link_target(config: SiteConfig, entry: Entry, link: str, by_source: dict, by_index: dict):
    """The entry a body link names, None when it is fine as it is, or (code, why it is not)."""
    missing = "broken-link"
    if link.startswith(markup.INDEX_LINK):
        return by_index.get(link[len(markup.INDEX_LINK):].strip()) or (missing, "找不到：没有这个索引号的条目")
    if link.startswith("索引号："):
        return missing, "用了全角冒号：写成半角的 “索引号:”"
    try:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith(("#", "/")) or not parts.path:
            return None
        source = (entry.source.parent / unquote(parts.path)).resolve()
        if source.suffix == ".md":
            return by_source.get(source) or (missing, "找不到：不是一篇能读出的条目文件")
        inside = config.content_dir.resolve() in source.parents and source.is_file()
    except (ValueError, OSError):
        return missing, "不是一个能用的地址"
    if not inside or posixpath.normpath(unquote(parts.path)).startswith(".."):
        return missing, "找不到：条目旁边没有这个文件"
    if source.suffix.lower() not in ATTACHMENT_TYPES:
        # The file would be published as it is: an .html or .svg one could run script on the site.
        return "link-file-type", f"指向的文件类型 {source.suffix or '（无扩展名）'} 不能发布"
    return None


def markup_problems(config: SiteConfig, entry: Entry) -> list[Problem]:
    """Raw HTML, attributes or addresses in the body that could run script on the page."""
    messages = {
        "unsafe-html": ("正文里有不允许的 HTML 标签 {}",
                        "删去它：网页里不能嵌入脚本、框架、表单或样式；站点确需的标签可登记在 site.yaml 的 allow_html_tags 里"),
        "unsafe-attribute": ("正文里的 HTML 带有事件属性 {}=", "删去这个 on… 属性：网页里不能运行脚本"),
        "unsafe-url": ("正文里有不安全的地址 “{}”", "链接只能指向 http(s)、mailto、tel 地址或站内文件，不能用 javascript:、vbscript:、data:"),
    }
    problems = []
    for found in markup.unsafe_markup(entry.body, config.allowed_tags):
        message, hint = messages[found.code]
        problems.append(Problem(entry.relpath, entry.body_line + found.line - 1, found.col, ERROR,
                                found.code, message.format(found.text), hint))
    return problems


def heading_problems(entry: Entry) -> list[Problem]:
    """A first-level heading written as raw HTML in the body: a warning, since the page
    would then hold two beside the title (a screen reader's outline loses which is the
    page's own) and no `#` heading of the body can move it down a level. Where the scan of
    the text finds one, the Markdown is read to tell it from a `<h1>` shown as code."""
    candidates = markup.title_level_tags(entry.body)
    if not candidates or not writes_raw_h1(entry.body):
        return []
    return [Problem(entry.relpath, entry.body_line + found.line - 1, found.col, WARNING, found.code,
                    "正文里的 <h1> 会成为本页的第二个一级标题（一级标题是条目的标题）",
                    "改用 <h2>，或用 Markdown 的 # 标题（正文的 # 标题显示时会降一级）")
            for found in candidates]


def privacy_problems(config: SiteConfig, entry: Entry, today: date) -> list[Problem]:
    """Resident ID, mobile and bank card numbers in what the entry publishes, masked in the message."""
    allowed = {normalized(v) for v in entry.privacy_allow}
    codes = [p.code for p in config.publishers]
    used, problems = set(), []
    for text, line, col_base in _published_texts(entry):
        for found in find_personal_data(text, today, ignore=codes):
            if found.digits in allowed:
                used.add(found.digits)
                continue
            where_line, col = (line, 1) if col_base is None else _body_position(entry, text, found.offset)
            problems.append(Problem(
                entry.relpath, where_line, col, ERROR, f"privacy-{found.kind}",
                f"含有{KIND_NAMES[found.kind]} {found.masked}，公开会泄露个人隐私",
                "删去或打码（例如写成 " + found.masked + "）；确需公开时在 privacy_allow 里写明 value 和 reason"))
    for value in entry.privacy_allow:
        if normalized(value) not in used:
            problems.append(Problem(entry.relpath, entry.line_of("privacy_allow"), 1, WARNING,
                                    "privacy-allow-unused", "privacy_allow 里有一个号码在条目中没有出现",
                                    "号码已删去时，把这一项也删去"))
    return problems


def _published_texts(entry: Entry):
    """(text, line, None) for each front-matter text the page shows; (body, body_line, 0) last."""
    yield entry.title, entry.line_of("title"), None
    yield entry.doc_no, entry.line_of("doc_no"), None
    yield " ".join(entry.keywords), entry.line_of("keywords"), None
    for attachment in entry.attachments:
        yield f"{attachment.name} {attachment.title}", entry.line_of("attachments"), None
    yield entry.body, entry.body_line, 0


def _body_position(entry: Entry, body: str, offset: int) -> tuple[int, int]:
    line, col = markup.position(body, offset)
    return entry.body_line + line - 1, col
