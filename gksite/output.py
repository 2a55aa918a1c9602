"""Write a build into a staging folder, check every link, then swap it into place.

A failed build never touches the previous output: everything is written beside it,
and only a build whose every internal `href`/`src` resolves to a file is renamed
over the old one.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from .problems import ERROR, ContentError, Problem
from .resources import overlay

# Elements whose attribute is fetched by the browser, not just followed.
_FETCHED = {("img", "src"), ("script", "src"), ("source", "src"), ("audio", "src"),
            ("video", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data")}
_LINKED = {("a", "href"), ("link", "href"), ("area", "href"), ("form", "action")}
_EXTERNAL_OK = ("http", "https", "mailto", "tel")


@dataclass(frozen=True)
class OutputFile:
    """One file to write: its root-relative URL and either text or a source file."""

    url: str
    text: str | None = None
    source: Path | None = None


class Staging:
    """A build in progress beside the real output folder."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.path = output_dir.parent / f".{output_dir.name}.staging"

    def __enter__(self) -> "Staging":
        _remove(self.path)
        self.path.mkdir(parents=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        _remove(self.path)

    def write(self, files) -> int:
        """Write every `OutputFile`; return how many were written."""
        count = 0
        made = set()
        for item in files:
            target = self.path / item.url
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if item.text is not None:
                target.write_bytes(item.text.encode("utf-8"))
            else:
                shutil.copyfile(item.source, target)
            count += 1
        return count

    def publish(self) -> None:
        """Swap the staged build into place; the old output is removed only after."""
        old = self.output_dir.parent / f".{self.output_dir.name}.old"
        _remove(old)
        if self.output_dir.exists():
            os.replace(self.output_dir, old)
        os.replace(self.path, self.output_dir)
        _remove(old)


def asset_files(site_root: Path) -> list[OutputFile]:
    """The built-in assets overlaid by the site's own, file by file, under `assets/`."""
    chosen: dict[str, Path] = {}
    for folder in reversed(overlay(site_root, "assets")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                chosen[path.relative_to(folder).as_posix()] = path
    return [OutputFile(f"assets/{name}", source=path) for name, path in sorted(chosen.items())]


def check_links(root: Path, pages: list[str]) -> list[Problem]:
    """Every internal href/src of `pages` names an existing file; nothing is fetched from elsewhere."""
    problems = []
    parser = etree.HTMLParser(encoding="utf-8")
    root = root.resolve()
    for url in pages:
        tree = etree.parse(str(root / url), parser)
        for element in tree.iter(etree.Element):
            for attr in ("href", "src", "data", "action"):
                link = element.get(attr)
                if link is not None and element.tag != "base":
                    problem = _check_one(root, url, element.tag, attr, link.strip())
                    if problem:
                        problems.append(problem)
    return problems


def _check_one(root: Path, page: str, tag: str, attr: str, link: str) -> Problem | None:
    def dangling(message: str) -> Problem:
        return Problem(page, 1, 1, ERROR, "dangling-link", f"<{tag} {attr}=\"{link}\"> {message}",
                       "改正模板或正文里的这个链接")

    if (tag, attr) not in _FETCHED | _LINKED or not link or link.startswith("#"):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        if (tag, attr) in _FETCHED or tag == "link":
            return dangling("从外部网站加载资源，离线时无法显示，也会泄露访问记录")
        return None if parts.scheme in _EXTERNAL_OK else dangling("使用了不允许的地址类型")
    if link.startswith("/"):
        return dangling("是以 / 开头的绝对路径，放在子目录或从磁盘打开时会失效")
    target = (root / page).parent / unquote(parts.path)
    resolved = target.resolve()
    if root != resolved and root not in resolved.parents:
        return dangling("指向输出目录之外")
    if resolved.is_dir() or parts.path.endswith("/"):
        return dangling("指向一个目录而不是文件（应以 index.html 结尾）")
    if not resolved.is_file():
        return dangling("指向的文件不存在")
    return None


def fail_on(problems: list[Problem]) -> None:
    """Raise `ContentError` when any problem is an error."""
    if any(p.severity == ERROR for p in problems):
        raise ContentError(problems)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
