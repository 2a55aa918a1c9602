"""The catalog → HTML pages: Markdown bodies, Jinja2 templates, relative links.

Templates hold layout only; every computed value (breadcrumbs, pagination, links,
metadata rows) is prepared here. Templates are looked up in the site's `layouts/`
first, then in the built-in ones, file by file.

Each page is rendered once per script: simplified at its URL and, when the mirror is
on, a twin under the mirror prefix whose text the `mirror` stage converts later. The
Markdown body is converted once and shared by both.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.meta

from . import __version__
from .catalog import KIND_TITLES, Catalog, Crumb, Listing
from .config import SiteConfig
from .entry import Entry
from .markdown_body import BodyConverter
from .problems import ERROR, WARNING, ContentError, Problem, relative_name
from .resources import overlay
from .stats import Count, bar_chart, cross_tables, year_stats
from .urls import relative
from .views import (QrMasks, Row, day_facts, entry_link, entry_row, entry_view, listing_view, metadata_rows,
                    pagination, qr_svg)

HOME = "index.html"
PAGE_TEMPLATES = ("home.html", "section.html", "list.html", "entry.html", "stats.html", "search.html", "404.html")
HANS, HANT = "zh-Hans", "zh-Hant"
SHARED_PREFIXES = ("assets/", "pagefind/")      # one copy serves both scripts (pagefind/: searchindex.BUNDLES)


@dataclass(frozen=True)
class Page:
    """One output HTML file: its root-relative URL, its text, and what it is."""

    url: str
    html: str
    kind: str
    lang: str = HANS
    indexed: bool = False        # an entry page, for the search index


@dataclass(frozen=True)
class FileCopy:
    """A file copied into the output as it is (attachments, body images)."""

    url: str
    source: Path


@dataclass(frozen=True)
class PageSpec:
    """What one page is, before it is rendered in either script."""

    template: str
    url: str
    title: str
    trail: tuple[Crumb, ...]
    kind: str
    context: dict
    indexed: bool = False


@dataclass(frozen=True)
class EntryRender:
    """An entry's pages (one per script), the files they need, and body problems."""

    pages: tuple[Page, ...]
    files: tuple[FileCopy, ...]
    problems: tuple[Problem, ...]


def template_environment(config: SiteConfig) -> jinja2.Environment:
    """Jinja2 with autoescape, looking in the site's layouts/ before the built-in ones.

    Templates are read once: a layout changed while a build runs is the next build's (the
    preview makes a full build, with a new environment, for any change of layouts), and
    Jinja's default looked at every template's file again for each page rendered."""
    folders = [str(path) for path in overlay(config.root, "layouts")]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, auto_reload=False,
    )


def layout_problems(config: SiteConfig) -> list[Problem]:
    """Every template of the site's own `layouts/` that does not compile, at its line (the
    built-in ones are known to): `gksite check` finds them, and a build stops before any page
    when a page uses one. One no page uses (an old copy kept aside) is only a warning."""
    env = template_environment(config)
    used = None
    problems = []
    for folder in overlay(config.root, "layouts")[:-1]:
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            try:
                env.get_template(name)
            except Exception as error:
                problem = template_problem(error, config.root) or _unreadable(path, config.root, error)
                used = _templates_used(env) if used is None else used
                if name not in used:
                    problem = replace(problem, severity=WARNING, hint="没有页面用到这个模板，生成时不读它；不用了就删掉它")
                problems.append(problem)
    return problems


def _templates_used(env: jinja2.Environment) -> set[str]:
    """The templates pages are made from, and every one they extend, include or import (one
    named by a variable is not followed)."""
    used, waiting = set(), list(PAGE_TEMPLATES)
    while waiting:
        name = waiting.pop()
        if name in used:
            continue
        used.add(name)
        try:
            source = env.loader.get_source(env, name)[0]
            waiting += [n for n in jinja2.meta.find_referenced_templates(env.parse(source)) if n]
        except Exception:       # missing, unreadable or not compiling: said where it is, or where it is asked for
            continue
    return used


def template_problem(error: Exception, root: Path) -> Problem | None:
    """A site template's mistake as a problem at its file and line, or None when none of the
    site's templates made `error` (then it is gksite's own fault, and left to raise)."""
    own = (root / "layouts").resolve()
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return Problem(relative_name(Path(error.filename), root), error.lineno or 1, 1, ERROR, "template-syntax",
                       f"模板语法错误：{error.message}",
                       "改正这一行：{% … %} 和 {{ … }} 要写完整，{% if %}、{% for %}、{% block %} 要有对应的 {% end… %}，"
                       "过滤器和测试的名字要写对")
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename.endswith(".html") and own in Path(frame.filename).resolve().parents]
    if not frames:
        return None
    frame = frames[-1]                      # the innermost line of the site's own templates
    if isinstance(error, jinja2.TemplateNotFound):
        message, hint = (f"找不到模板 “{error.name}”",
                         "模板放在站点的 layouts/ 里；内置模板有 base.html、entry.html、list.html、home.html 等")
    elif isinstance(error, jinja2.UndefinedError):
        message, hint = (f"模板用到了不存在的值：{error.message}",
                         "检查这一行的变量名和属性名，可以对照内置的同名模板")
    else:
        message, hint = f"模板这一行出错：{type(error).__name__}: {error}", "改正这一行，可以对照内置的同名模板"
    return Problem(relative_name(Path(frame.filename), root), frame.lineno or 1, 1, ERROR, "template", message, hint)


def _unreadable(path: Path, root: Path, error: Exception) -> Problem:
    """A template file that cannot be read at all (not UTF-8, unreadable)."""
    return Problem(relative_name(path, root), 1, 1, ERROR, "template", f"读不到模板：{error}",
                   "用 UTF-8 编码保存模板文件")


class Renderer:
    """Renders the pages of one build."""

    def __init__(self, config: SiteConfig, catalog: Catalog):
        self.config = config
        self.env = template_environment(config)
        self.body = BodyConverter(config.content_dir, {}, {})
        self.scripts = (HANS, HANT) if config.mirror.enabled else (HANS,)
        self.qr_masks = QrMasks()       # those earlier builds chose, from the build cache (`build`)
        self._rows: dict[int, tuple[Entry, Row]] = {}
        self.catalog = catalog
        self.use(catalog)

    def use(self, catalog: Catalog) -> None:
        """Render `catalog` from now on. The templates and the Markdown converter are kept:
        the preview swaps in the catalog of each edit, and compiling them again costs more."""
        rows = self._rows if catalog.today == self.catalog.today else {}
        self.catalog = catalog
        self.body.entry_urls = {e.source: e.url for e in catalog.entries}
        self.body.index_urls = {e.index_no: e.url for e in catalog.entries}
        self.policies = catalog.by_index()
        self.stats = year_stats(self.config, catalog)
        self.tree = tuple(listing_view(top) for top in catalog.tree)
        self._rows = {id(e): known for e in catalog.entries if (known := rows.get(id(e))) and known[0] is e}

    def rows(self, entries) -> list[Row]:
        """The list rows of `entries`; an entry's row is made once and shared by every list
        showing it (so that two renderings of a list compare equal entry by entry, fast)."""
        rows = []
        for entry in entries:
            known = self._rows.get(id(entry))
            if known is None or known[0] is not entry:
                known = self._rows[id(entry)] = (entry, entry_row(entry, self.catalog.today))
            rows.append(known[1])
        return rows

    def list_specs(self):
        """Every page that is not an entry page: home, overviews, lists, 404."""
        yield self.home()
        yield from self.sections()
        for listing in self.catalog.listings():
            yield from self.listing_specs(listing)
        yield from self.closing_specs()

    def closing_specs(self):
        """The statistics pages, the search page and the 404 page."""
        yield from self.stats_specs()
        yield PageSpec("search.html", "search.html", "站内搜索", (Crumb("站内搜索", "search.html"),), "search",
                       dict(filters=SEARCH_FILTERS))
        yield self.not_found()

    def render(self, spec: PageSpec) -> list[Page]:
        """`spec` rendered in each script of the site."""
        return [self._render(spec, lang) for lang in self.scripts]

    def twin_url(self, url: str, lang: str) -> str:
        """Where the page at simplified `url` lives in script `lang`."""
        if lang == HANS or url.startswith(SHARED_PREFIXES):
            return url
        return f"{self.config.mirror.prefix}/{url}"

    def address(self, url: str) -> str:
        """The absolute address of the page at `url` (in its script's tree), or "" when the
        site has no `base_url`."""
        return self.config.base_url + url if self.config.base_url else ""

    def _render(self, spec: PageSpec, lang: str) -> Page:
        here = self.twin_url(spec.url, lang)

        def href(target: str) -> str:
            return relative(here, self.twin_url(target, lang))

        alternates = [(other, relative(here, self.twin_url(spec.url, other))) for other in self.scripts]
        address = self.address(here)
        try:
            html = self.env.get_template(spec.template).render(
                address=address, qr=qr_svg(address, self.qr_masks) if address and spec.kind == "entry" else "",
                site=self.config.identity, config=self.config, title=spec.title, url=spec.url, kind=spec.kind,
                lang=lang, href=href, alternates=alternates if len(alternates) > 1 else [],
                breadcrumbs=[Crumb("首页", HOME)] + list(spec.trail), nav=NAV,
                generator=f"gksite {__version__}", **spec.context,
            )
        except Exception as error:
            problem = template_problem(error, self.config.root)
            if problem is None:
                raise
            raise ContentError([problem]) from None
        return Page(url=here, html=html, kind=spec.kind, lang=lang, indexed=spec.indexed)

    def home(self) -> PageSpec:
        latest = self.catalog.entries[:self.config.latest_count]
        return PageSpec("home.html", HOME, self.config.identity.name, (), "home",
                        dict(tree=self.tree, latest=self.rows(latest)))

    def sections(self):
        """The overview page of each kind of index: the whole tree, all publishers …"""
        groups = [("catalog", self.catalog.tree), ("publisher", self.catalog.publishers),
                  ("year", self.catalog.years), ("topic", self.catalog.topics)]
        for kind, listings in groups:
            title, url = KIND_TITLES[kind], f"{kind}/index.html"
            yield PageSpec("section.html", url, title, (Crumb(title, url),), "section",
                           dict(section=kind, listings=tuple(listing_view(item) for item in listings)))

    def stats_specs(self):
        """The statistics overview and one page a year."""
        years = self.stats
        overview = Crumb("年报统计", "stats/index.html")
        yield PageSpec("stats.html", overview.url, overview.label, (overview,), "stats", dict(
            years=years, stats=None, tables=cross_tables(years),
            year_chart=bar_chart(tuple(Count(f"{s.year}年", s.total) for s in years), "各年度主动公开信息数")))
        for item in years:
            title = f"{item.year}年主动公开信息统计"
            yield PageSpec("stats.html", f"{item.folder}/index.html", title,
                           (overview, Crumb(f"{item.year}年", f"{item.folder}/index.html")), "stats", dict(
                               years=years, stats=item,
                               category_chart=bar_chart(item.by_category, f"{item.year}年按公开目录统计"),
                               publisher_chart=bar_chart(item.by_publisher, f"{item.year}年按发布机构统计"),
                               kind_chart=bar_chart(item.kind_counts, f"{item.year}年规章和规范性文件统计")))

    def listing_specs(self, listing: Listing):
        """One spec a page of `listing`."""
        size = self.config.page_size
        count = listing.page_count(size)
        view = listing_view(listing)
        for number in range(1, count + 1):
            members = listing.entries[(number - 1) * size:number * size]
            title = listing.title if number == 1 else f"{listing.title}（第{number}页）"
            # 公开事项 of a catalog node: on its index page, not repeated on every later page.
            items = listing.node.items if listing.node and number == 1 else ()
            yield PageSpec("list.html", listing.page_url(number), title, listing.trail, "list", dict(
                listing=view, rows=self.rows(members), items=items,
                pager=pagination(listing, number, count), total=len(listing.entries)))

    def entry_spec(self, entry: Entry) -> PageSpec:
        """The entry page before its body is converted: all it shows but the body."""
        neighbours, interprets, interpretations = self._links_shown(entry)
        return PageSpec("entry.html", entry.url, entry.title, self._entry_trail(entry), "entry", dict(
            entry=entry_view(entry, self.catalog.today),
            metadata=metadata_rows(entry, self.catalog.today),
            neighbours=neighbours, interprets=interprets, interpretations=interpretations,
        ), indexed=True)

    def entry_inputs(self, entry: Entry) -> tuple:
        """What `entry_spec(entry)` is made of besides the entry itself and the settings
        (site.yaml names the catalog its trail shows): what it shows of the day and of other
        entries. The build cache keys an entry's page by these, without making its spec
        (for every entry of a rebuild after one edit, that took a third of the pages' time)."""
        return (day_facts(entry, self.catalog.today),) + self._links_shown(entry)

    def _links_shown(self, entry: Entry) -> tuple:
        """What an entry's page shows of other entries: its neighbours (newer, older) in its
        category, the policy it interprets, and the interpretations of it."""
        catalog = self.catalog
        return (tuple(entry_link(e) for e in catalog.neighbours.get(entry.index_no, (None, None))),
                entry_link(self.policies.get(entry.interprets)) if entry.interprets else None,
                tuple(entry_link(e) for e in catalog.interpretations.get(entry.index_no, ())))

    def entry(self, entry: Entry) -> EntryRender:
        """The entry's page in each script, its files, and any broken body link."""
        spec = self.entry_spec(entry)
        body, refs = self.body.convert(entry.body, entry.source, entry.url)
        folder = entry.url.rsplit("/", 1)[0]
        copies = [FileCopy(f"{folder}/{a.name}", a.source) for a in entry.attachments]
        copies += [FileCopy(f"{folder}/{name}", source) for name, source in refs.files]
        problems = tuple(Problem(entry.relpath, entry.body_line, 1, ERROR, "broken-link",
                                 f"正文里的链接 “{link}” 找不到目标",
                                 "链接到另一篇已公开的条目时写它的 .md 文件路径，或写成 索引号:…；图片和文件放在条目旁边")
                         for link in refs.broken)
        full = PageSpec(spec.template, spec.url, spec.title, spec.trail, spec.kind,
                        {**spec.context, "body": body}, spec.indexed)
        twins = [FileCopy(self.twin_url(c.url, lang), c.source) for lang in self.scripts for c in copies]
        return EntryRender(tuple(self.render(full)), tuple(twins), problems)

    def _entry_trail(self, entry: Entry) -> tuple[Crumb, ...]:
        path = entry.category.path
        nodes = [self.config.find_node("/".join(path[:i])) for i in range(1, len(path) + 1)]
        return ((Crumb("公开目录", "catalog/index.html"),)
                + tuple(Crumb(n.name, f"catalog/{n.slug}/index.html") for n in nodes)
                + (Crumb("正文", entry.url),))

    def not_found(self) -> PageSpec:
        # A server shows 404.html at any depth; <base> makes its root-relative links hold there.
        base_path = urlsplit(self.config.base_url).path if self.config.base_url else ""
        return PageSpec("404.html", "404.html", "页面未找到", (Crumb("页面未找到", "404.html"),), "404",
                        dict(base_path=base_path))


SEARCH_FILTERS = (("top", "公开目录"), ("category", "信息分类"), ("publisher", "发布机构"),
                  ("year", "发布年份"), ("validity", "有效性"))
NAV = (Crumb("首页", HOME), Crumb("公开目录", "catalog/index.html"), Crumb("发布机构", "publisher/index.html"),
       Crumb("发布年份", "year/index.html"), Crumb("主题分类", "topic/index.html"),
       Crumb("现行有效", "inforce/index.html"), Crumb("年报统计", "stats/index.html"))
