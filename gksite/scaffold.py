"""`gksite new` and `gksite init`: write a new entry with the next free 索引号, or a new site.

The next serial is counted over every file under content/, withheld entries and files
that do not parse included; the file is created exclusively (O_EXCL), so two `new`
runs never take the same number.
"""
from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
from datetime import date
from pathlib import Path

from . import starter
from .config import CACHE_DIR, CONFIG_NAME, Publisher, SiteConfig, load_config, site_folders
from .content import entry_files
from .problems import ContentError

try:
    import fcntl
except ImportError:                      # Windows: O_EXCL alone still keeps numbers apart
    fcntl = None

_INDEX_LINE = re.compile(r"^\s*[\"']?(?:index_no|索引号)[\"']?\s*[:：]\s*[\"']?([^\s\"'#]+)", re.M)
MAX_TRIES = 1000


class ScaffoldError(Exception):
    """A mistake in what the editor asked for; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def format(self) -> str:
        """One line: the message and the hint."""
        return f"错误：{self.message}" + (f" — {self.hint}" if self.hint else "")


def new_entry(root: Path, title: str, publisher: str, category: str, when: date | None = None) -> Path:
    """Write a new draft entry for `publisher` in `category`; return its path."""
    config = load_config(root)
    title = " ".join(str(title).split())
    if not title:
        raise ScaffoldError("标题是空的", "写成 gksite new \"关于……的通知\" --publisher … --category …")
    found = config.find_publisher(publisher)
    if found is None:
        raise ScaffoldError(f"site.yaml 里没有发布机构 “{publisher}”",
                            _nearest(publisher, [p.name for p in config.publishers], "publishers"))
    node = config.find_node(category)
    if node is None:
        names = [n.slug for n in config.nodes()] + ["/".join(n.names) for n in config.nodes()]
        raise ScaffoldError(f"site.yaml 里没有公开目录 “{category}”", _nearest(category, names, "catalog"))
    when = when or date.today()
    folder = config.content_dir.joinpath(*node.path)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(config.content_dir):
        serial = next_serial(config, found, when.year)
        for _ in range(MAX_TRIES):
            index_no = f"{found.code}/{when.year}-{serial:0{config.serial_width}d}"
            if len(str(serial)) > config.serial_width:
                raise ScaffoldError(f"{found.name} {when.year} 年的流水号已经用完",
                                    "在 site.yaml 的 index_number.serial_width 里加大流水号位数")
            path = folder / f"{found.code.lower()}-{when.year}-{serial:0{config.serial_width}d}.md"
            try:
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                serial += 1
                continue
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(entry_text(title, index_no, found, node.slug, when))
            return path
    raise ScaffoldError("找不到空的文件名", f"检查 {folder} 里的文件")


def next_serial(config: SiteConfig, publisher: Publisher, year: int) -> int:
    """One more than the highest serial `publisher` used in `year`, in any file under content/."""
    number = re.compile(re.escape(publisher.code) + rf"/{year}-(\d+)")
    name = re.compile(re.escape(publisher.code.lower()) + rf"-{year}-(\d+)(?:\.md)?")
    highest = 0
    for path in entry_files(config.content_dir):
        serials = [int(m.group(1)) for m in [name.fullmatch(path.name)] if m]
        try:
            text = path.read_bytes()[:64 * 1024].decode("utf-8", errors="replace")
        except OSError:
            text = ""
        for written in _INDEX_LINE.findall(text):
            match = number.fullmatch(written)
            serials += [int(match.group(1))] if match else []
        highest = max([highest] + serials)
    return highest + 1


def entry_text(title: str, index_no: str, publisher: Publisher, category: str, when: date) -> str:
    """The front matter and a placeholder body of a new draft entry."""
    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    return f"""---
title: {quoted(title)}
index_no: {index_no}
publisher: {quoted(publisher.name)}
category: {category}
date: {when.isoformat()}
# written: {when.isoformat()}        # 成文日期
# doc_no: ""                # 文号，例如 示政发〔{when.year}〕1号
# topic: 政务公开            # 主题分类，site.yaml 的 topics 之一
# keywords: [词一, 词二]     # 主题词
# validity: 有效             # 有效性：有效、失效、废止
# attachments:               # 附件，放在本文件旁边
#   - file: 文件名.pdf
#     title: 附件1：……
draft: true                  # 草稿：写好正文、核对无误后删去这一行才会发布
---

（在这里写正文。）
"""


def init_site(target: Path, name: str = starter.DEFAULT_NAME, pilot: bool = False,
              today: date | None = None) -> list[Path]:
    """Write a new site into the empty (or new) folder `target`; return the files written."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} 已经存在且不是空目录，不会覆盖其中的文件",
                            "换一个新的目录名，或先清空它")
    inside = _enclosing_site_folder(target)
    if inside:
        raise ScaffoldError(inside, "在那个站点的目录之外新建，例如它旁边")
    files = {CONFIG_NAME: starter.site_yaml(name, pilot), ".gitignore": starter.GITIGNORE}
    files |= {f"content/{path}": text for path, text in starter.sample_entries(today or date.today(), pilot).items()}
    written = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _enclosing_site_folder(target: Path) -> str:
    """Why `target` must not hold a new site, or "": it lies in a folder of a site above it
    that the site's builds read (its sample entries would be published there as that
    site's own) or replace (it would be deleted by the next build)."""
    target = target.resolve()
    for root in target.parents:
        if not (root / CONFIG_NAME).is_file():
            continue
        try:
            config = load_config(root)
            folders = site_folders(root, config.content_dir, config.output_dir)
        except ContentError:                 # a broken site.yaml: its folders where they usually are
            folders = site_folders(root, root / "content", root / "public")
        for name, folder in folders:
            if target == folder or folder in target.parents:
                what = "新站点的示例条目会被当作那个站点的条目发布" if name == "content" else (
                    "新站点会在那个站点下一次生成时被删掉" if name in ("output_dir", CACHE_DIR) else "新站点会被那个站点的生成读取")
                return f"{target} 在站点 {root} 的 {name} 里面，{what}"
    return ""


def _nearest(text: str, choices: list[str], key: str) -> str:
    near = difflib.get_close_matches(text, choices, n=1, cutoff=0.3)
    return f"是不是 “{near[0]}”？" if near else f"可用的见 site.yaml 的 {key}"


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold a lock on `folder` so that two `new` runs count serials one after the other."""
    if fcntl is None:
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
