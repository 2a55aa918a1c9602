"""The catalog → HTML pages: Markdown bodies, Jinja2 templates, relative links.

Templates hold layout only; every computed value (breadcrumbs, pagination, links,
metadata rows) is prepared here. Templates are looked up in the site's `layouts/`
first, then in the built-in ones, file by file.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from . import __version__
from .catalog import KIND_TITLES, Catalog, Crumb, Listing
from .config import SiteConfig
from .entry import Entry
from .markdown_body import BodyConverter
from .problems import ERROR, Problem
from .resources import overlay
from .urls import depth_prefix, relative
from .views import entry_view, listing_rows, metadata_rows, pagination

HOME = "index.html"


@dataclass(frozen=True)
class Page:
    """One output HTML file: its root-relative URL, its text, and what it is."""

    url: str
    html: str
    kind: str
    indexed: bool = False        # an entry page, for the search index


@dataclass(frozen=True)
class FileCopy:
    """A file copied into the output as it is (attachments, body images)."""

    url: str
    source: Path


@dataclass(frozen=True)
class Rendered:
    """Everything the render stage made."""

    pages: tuple[Page, ...]
    files: tuple[FileCopy, ...]
    problems: tuple[Problem, ...]


def template_environment(config: SiteConfig) -> jinja2.Environment:
    """Jinja2 with autoescape, looking in the site's layouts/ before the built-in ones."""
    folders = [str(path) for path in overlay(config.root, "layouts")]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )
    return env


class Renderer:
    """Renders every page of one build."""

    def __init__(self, config: SiteConfig, catalog: Catalog):
        self.config, self.catalog = config, catalog
        self.env = template_environment(config)
        index_urls = {e.index_no: e.url for e in catalog.entries}
        self.body = BodyConverter(config.content_dir, {e.source: e.url for e in catalog.entries}, index_urls)
        self.index_urls = index_urls

    def render_all(self) -> Rendered:
        """Every page of the site, in a stable order."""
        pages, files, problems = [], [], []
        pages.append(self.home())
        pages.extend(self.sections())
        for listing in self.catalog.listings():
            pages.extend(self.listing_pages(listing))
        for entry in self.catalog.entries:
            page, copies, found = self.entry_page(entry)
            pages.append(page)
            files.extend(copies)
            problems.extend(found)
        pages.append(self.not_found())
        return Rendered(tuple(pages), tuple(files), tuple(problems))

    def page(self, template: str, url: str, title: str, trail: tuple[Crumb, ...], kind: str,
             indexed: bool = False, **context) -> Page:
        """Render `template` as the page at `url`."""
        def href(target: str) -> str:
            return relative(url, target)

        crumbs = [Crumb("首页", HOME)] + list(trail)
        html = self.env.get_template(template).render(
            site=self.config.identity, config=self.config, title=title, url=url, kind=kind,
            href=href, root=depth_prefix(url), breadcrumbs=crumbs, nav=self.nav(),
            generator=f"gksite {__version__}", **context,
        )
        return Page(url=url, html=html, kind=kind, indexed=indexed)

    def nav(self) -> list[Crumb]:
        """The main navigation, the same on every page."""
        return [Crumb("首页", HOME), Crumb("公开目录", "catalog/index.html"),
                Crumb("发布机构", "publisher/index.html"), Crumb("发布年份", "year/index.html"),
                Crumb("主题分类", "topic/index.html")]

    def home(self) -> Page:
        latest = self.catalog.entries[:self.config.latest_count]
        return self.page("home.html", HOME, self.config.identity.name, (), "home",
                         tree=self.catalog.tree, latest=listing_rows(latest, self.catalog.today))

    def sections(self) -> list[Page]:
        """The overview page of each kind of index: the whole tree, all publishers …"""
        groups = [("catalog", self.catalog.tree), ("publisher", self.catalog.publishers),
                  ("year", self.catalog.years), ("topic", self.catalog.topics)]
        pages = []
        for kind, listings in groups:
            title = KIND_TITLES[kind]
            url = f"{kind}/index.html"
            pages.append(self.page("section.html", url, title, (Crumb(title, url),), "section",
                                   section=kind, listings=listings))
        return pages

    def listing_pages(self, listing: Listing) -> list[Page]:
        size = self.config.page_size
        count = listing.page_count(size)
        pages = []
        for number in range(1, count + 1):
            members = listing.entries[(number - 1) * size:number * size]
            url = listing.page_url(number)
            title = listing.title if number == 1 else f"{listing.title}（第{number}页）"
            pages.append(self.page(
                "list.html", url, title, listing.trail, "list", listing=listing,
                rows=listing_rows(members, self.catalog.today),
                pager=pagination(listing, number, count), total=len(listing.entries),
            ))
        return pages

    def entry_page(self, entry: Entry) -> tuple[Page, list[FileCopy], list[Problem]]:
        body, refs = self.body.convert(entry.body, entry.source, entry.url)
        folder = entry.url.rsplit("/", 1)[0]
        copies = [FileCopy(f"{folder}/{a.name}", a.source) for a in entry.attachments]
        copies += [FileCopy(f"{folder}/{name}", source) for name, source in refs.files]
        problems = [Problem(entry.relpath, entry.body_line, 1, ERROR, "broken-link",
                            f"正文里的链接 “{link}” 找不到目标",
                            "链接到另一篇条目时写它的 .md 文件路径，或写成 索引号:…；图片和文件放在条目旁边")
                    for link in refs.broken]
        trail = tuple(Crumb(n.name, f"catalog/{n.slug}/index.html") for n in _ancestry(self.config, entry))
        trail = (Crumb("公开目录", "catalog/index.html"),) + trail + (Crumb("正文", entry.url),)
        newer, older = self.catalog.neighbours.get(entry.index_no, (None, None))
        page = self.page(
            "entry.html", entry.url, entry.title, trail, "entry", indexed=True,
            entry=entry_view(entry, self.catalog.today), body=body,
            metadata=metadata_rows(entry, self.catalog.today),
            newer=newer, older=older,
        )
        return page, copies, problems

    def not_found(self) -> Page:
        # A server shows 404.html at any depth; <base> makes its root-relative links hold there.
        base_path = urlsplit(self.config.base_url).path if self.config.base_url else ""
        return self.page("404.html", "404.html", "页面未找到", (Crumb("页面未找到", "404.html"),), "404",
                         base_path=base_path)


def _ancestry(config: SiteConfig, entry: Entry):
    path = entry.category.path
    return [config.find_node("/".join(path[:i])) for i in range(1, len(path) + 1)]
