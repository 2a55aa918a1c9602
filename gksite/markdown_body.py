"""An entry's Markdown body → HTML, with its links to other entries and files resolved.

Editors link to another entry by its `.md` file, or by its index number with
`索引号:…`; both become the relative URL of that entry's page. Local images and
files the body points at are copied next to the entry's page.
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .markup import html_tags, without_comments
from .urls import relative

INDEX_LINK = "索引号:"
TOC_TITLE = "目录"          # of the table of contents `[TOC]` puts in a body (its 二级 to 四级 headings)
TOC_CLASS = "toc"


@dataclass(frozen=True)
class BodyRefs:
    """What the body's links point at: files to copy, targets that did not resolve."""

    files: tuple[tuple[str, Path], ...]      # (name next to the page, source file)
    broken: tuple[str, ...]


class _LinkResolver(Treeprocessor):
    """Rewrites `a[href]` and `img[src]` of one body, recording what they need."""

    def __init__(self, md, converter: "BodyConverter"):
        super().__init__(md)
        self.converter = converter

    def run(self, root):
        for element in root.iter():
            attr = {"a": "href", "img": "src"}.get(element.tag)
            if attr and element.get(attr):
                element.set(attr, self.converter.resolve(element.get(attr)))
        return None


# A character every inline pattern of the extensions below needs: ` code, \\ escapes, [ links,
# images and footnotes, < raw HTML and autolinks, & entities, * _ emphasis; or a hard line break.
INLINE_MARK = re.compile(r"[`\\\[<&*_]|  \n")
INLINE_PATTERNS = frozenset({
    "backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference",
    "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html", "entity",
    "em_strong",
})                              # the patterns INLINE_MARK was read from


class _PlainText(Treeprocessor):
    """Marks text no inline pattern can match as done (`AtomicString`), before the inline
    processor runs: it would otherwise search that text with each of its fifteen patterns, and
    most of a body (paragraphs of prose, table cells of figures) is such text. The output is the
    same; the Markdown step takes about half the time."""

    def run(self, root):
        for element in root.iter():
            if element.text and not INLINE_MARK.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not INLINE_MARK.search(element.tail):
                element.tail = AtomicString(element.tail)
        return None


class _HeaderScope(Treeprocessor):
    """Gives a Markdown table's header cells `scope="col"` (WCAG: table headers say what they head)."""

    def run(self, root):
        for head in root.iter("thead"):
            for cell in head.iter("th"):
                cell.set("scope", "col")
        return None


class _TitleLevel(Treeprocessor):
    """A body whose headings start at `#` has them all shown a level lower (`#` as `<h2>`,
    `##` as `<h3>` …): the page's one `<h1>` is the entry's title (two confuse a screen
    reader's outline), and the 目录 of `[TOC]` then lists them as the author ranked them."""

    LEVELS = {f"h{n}": f"h{n + 1}" for n in range(1, 6)}

    def run(self, root):
        if next(root.iter("h1"), None) is None:
            return None
        for node in [node for node in root.iter() if node.tag in self.LEVELS]:
            node.tag = self.LEVELS[node.tag]
        return None


class _TocLandmark(Treeprocessor):
    """Makes the table of contents that `[TOC]` asks for a navigation landmark, named for
    screen readers (the toc extension writes a plain `<div>`), and keeps it out of the
    entry's search text."""

    def run(self, root):
        for node in root.iter("div"):
            if node.get("class") == TOC_CLASS:
                node.tag = "nav"
                node.set("aria-label", TOC_TITLE)
                node.set("data-search-skip", "")      # its headings are no text of the entry (search.page_record)
        return None


def _markdown() -> markdown.Markdown:
    """A converter with the extensions a body may use, its headings kept under the title."""
    md = markdown.Markdown(
        extensions=["tables", "toc", "attr_list", "fenced_code", "sane_lists", "footnotes", "def_list"],
        extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-4", "title": TOC_TITLE,
                                   "toc_class": TOC_CLASS}},
        output_format="html",
    )
    md.treeprocessors.register(_TitleLevel(md), "gksite_title_level", 6)  # before "toc" (5)
    return md


@functools.lru_cache(maxsize=1)
def _checker() -> markdown.Markdown:
    return _markdown()


def writes_raw_h1(text: str) -> bool:
    """Whether the body `text` puts an `<h1>` of its own raw HTML on its page (Markdown
    headings never do: see `_TitleLevel`), outside comments. Only the Markdown is read, so
    that a `<h1>` shown as code (fenced or indented) is told from one written as HTML."""
    page = without_comments(_checker().reset().convert(text))
    return any(name == "h1" for _offset, name, _attributes in html_tags(page))


class BodyConverter:
    """One reusable Markdown converter; `convert` is called once per entry."""

    def __init__(self, content_dir: Path, entry_urls: dict[Path, str], index_urls: dict[str, str]):
        self.content_dir = content_dir.resolve()
        self.entry_urls, self.index_urls = entry_urls, index_urls
        self.md = _markdown()
        self.md.treeprocessors.register(_LinkResolver(self.md, self), "gksite_links", 1)
        self.md.treeprocessors.register(_HeaderScope(self.md), "gksite_scope", 1)
        self.md.treeprocessors.register(_TocLandmark(self.md), "gksite_toc", 1)       # after "toc" (5)
        self.md.treeprocessors.register(_PlainText(self.md), "gksite_plain", 21)    # before "inline" (20)
        self._source: Path | None = None
        self._page_url = ""
        self._files: list[tuple[str, Path]] = []
        self._broken: list[str] = []

    def convert(self, text: str, source: Path, page_url: str) -> tuple[str, BodyRefs]:
        """HTML of `text`, written for the page at `page_url`."""
        self._source, self._page_url, self._files, self._broken = source, page_url, [], []
        html = self.md.reset().convert(text)
        return html, BodyRefs(tuple(self._files), tuple(self._broken))

    def resolve(self, link: str) -> str:
        """The href a body link should have on the page being converted."""
        if link.startswith(INDEX_LINK):
            target = self.index_urls.get(link[len(INDEX_LINK):].strip())
            if target is None:
                self._broken.append(link)
                return link
            return relative(self._page_url, target)
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith(("#", "/")) or not parts.path:
            return link
        source = (self._source.parent / unquote(parts.path)).resolve()
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if source.suffix == ".md":
            target = self.entry_urls.get(source)
            if target is None:
                self._broken.append(link)
                return link
            return relative(self._page_url, target) + fragment
        if self.content_dir in source.parents and source.is_file():
            name = posixpath.normpath(unquote(parts.path))
            if not name.startswith(".."):
                self._files.append((name, source))
                return link
        self._broken.append(link)
        return link
