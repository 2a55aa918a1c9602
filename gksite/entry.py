"""The `Entry` dataclass and the vocabulary of its front matter.

An entry is one disclosure document: metadata (索引号, 发布机构, 公开目录 …) plus a
Markdown body. Keys may be written in English or in Chinese; both spellings are one key.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .config import CatalogNode, Publisher, Topic

# English key → its Chinese spellings (SPEC "An entry").
KEYS: dict[str, tuple[str, ...]] = {
    "title": ("标题",),
    "index_no": ("索引号",),
    "publisher": ("发布机构",),
    "category": ("公开目录", "信息分类"),
    "date": ("发布日期",),
    "written": ("成文日期",),
    "doc_no": ("文号",),
    "topic": ("主题分类",),
    "keywords": ("主题词",),
    "validity": ("有效性",),
    "expires": ("失效日期",),
    "disclosure": ("公开属性",),
    "interprets": ("解读文件",),
    "attachments": ("附件",),
    "draft": ("草稿",),
    "privacy_allow": ("隐私例外",),
}
REQUIRED = ("title", "index_no", "publisher", "category", "date")
LABELS = {key: names[0] for key, names in KEYS.items()}
ALIASES = {alias: key for key, names in KEYS.items() for alias in names}

VALIDITY = ("有效", "失效", "废止")
DISCLOSURE = ("主动公开", "删减后公开", "依申请公开", "不予公开")
PUBLISHED_DISCLOSURE = ("主动公开", "删减后公开")

# 附件 types an entry may carry, with the label a reader sees.
ATTACHMENT_TYPES = {
    ".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".wps": "WPS", ".ofd": "OFD",
    ".xls": "XLS", ".xlsx": "XLSX", ".et": "ET", ".csv": "CSV", ".txt": "TXT",
    ".ppt": "PPT", ".pptx": "PPTX", ".zip": "ZIP", ".rar": "RAR",
    ".jpg": "JPG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP",
}

_URL_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Attachment:
    """A file published next to its entry (附件)."""

    source: Path
    name: str
    title: str
    size: int

    @property
    def kind(self) -> str:
        """The type a reader sees: PDF, XLSX …"""
        return ATTACHMENT_TYPES.get(self.source.suffix.lower(), self.source.suffix.lstrip(".").upper())


@dataclass(frozen=True)
class Entry:
    """One disclosure document, read and checked."""

    source: Path
    relpath: str
    title: str
    index_no: str
    publisher: Publisher
    category: CatalogNode
    date: date
    body: str
    body_line: int = 1
    written: date | None = None
    doc_no: str = ""
    topic: Topic | None = None
    keywords: tuple[str, ...] = ()
    validity: str = ""
    expires: date | None = None
    disclosure: str = "主动公开"
    interprets: str = ""
    attachments: tuple[Attachment, ...] = ()
    draft: bool = False
    privacy_allow: tuple[str, ...] = ()
    lines: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def year(self) -> int:
        """The year it was published (发布日期)."""
        return self.date.year

    @functools.cached_property
    def url(self) -> str:
        """Its address: derived from the index number only, so it never moves."""
        return f"{entry_folder(self.index_no)}/index.html"

    @property
    def is_policy(self) -> bool:
        """A 政策文件: its catalog node is marked `policy` in site.yaml."""
        return self.category.policy

    def validity_on(self, today: date) -> str:
        """有效/失效/废止 as of `today` (an `expires` in the past reads 失效)."""
        if self.validity in ("失效", "废止"):
            return self.validity
        if self.expires and self.expires < today:
            return "失效"
        return self.validity or ("有效" if self.is_policy else "")

    def withheld_reason(self, today: date, future: bool = False) -> str:
        """Why this entry must never be published, or "" when it may be."""
        if self.draft:
            return "草稿"
        if self.disclosure not in PUBLISHED_DISCLOSURE:
            return self.disclosure
        if self.date > today and not future:
            return "未到发布日期"
        return ""

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, or of the file's start."""
        return self.lines.get(key, 1)


@dataclass(frozen=True)
class PartialEntry:
    """An entry whose front matter has errors: no page can be made of it, but its body and
    texts are still checked (unsafe markup, personal data), so that an editor sees every
    mistake of the file at once."""

    source: Path
    relpath: str
    body: str
    body_line: int
    title: str = ""
    doc_no: str = ""
    keywords: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    privacy_allow: tuple[str, ...] = ()
    draft: bool = False
    disclosure: str = "主动公开"
    lines: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def withheld(self) -> bool:
        """Whether it says it is never to be published (a draft, or not 主动/删减后公开)."""
        return self.draft or self.disclosure not in PUBLISHED_DISCLOSURE

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, or of the file's start."""
        return self.lines.get(key, 1)


def entry_folder(index_no: str) -> str:
    """`doc/{org}/{year}-{serial}`: a URL-safe folder for an index number."""
    parts = [_URL_UNSAFE.sub("_", part) or "_" for part in index_no.split("/")]
    return "doc/" + "/".join(parts)
