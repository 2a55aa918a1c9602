"""`gksite build`: run every stage in order and publish the result atomically."""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import search
from .catalog import Catalog, build_catalog
from .checks import check_entries
from .config import SiteConfig, load_config
from .content import read_content
from .feeds import FEED, atom_feed, robots, sitemap
from .output import Staging, asset_files, check_links, fail_on
from .pipeline import PageWriter, run_all
from .problems import ERROR, WARNING, Problem, relative_name
from .render import HANS, HANT, Renderer
from .stats import counts_csv, overview_csv


@dataclass(frozen=True)
class BuildResult:
    """What a build made, and the warnings it met on the way."""

    output_dir: Path
    pages: int
    files: int
    published: int
    withheld: int
    seconds: float
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class CheckedSite:
    """A site read and checked: the config, its catalog and every problem found."""

    config: SiteConfig
    entries: tuple
    catalog: Catalog
    problems: tuple[Problem, ...]


def check_site(root: Path, today: date | None = None, future: bool = False) -> CheckedSite:
    """Read site.yaml and every entry, apply every rule; raise only for an unusable config."""
    config = load_config(root)
    today = today or date.today()
    content = read_content(config)
    problems = list(content.problems) + check_entries(config, content.entries, today, future)
    catalog = build_catalog(config, content.entries, today, future)
    return CheckedSite(config, content.entries, catalog, tuple(sorted(problems)))


def build(root: Path, today: date | None = None, future: bool = False, output_dir: Path | None = None,
          search: bool = True, jobs: int | None = None) -> BuildResult:
    """Build the site at `root`; raise `ContentError` (output untouched) on any error.

    `search=False` skips the Pagefind index (the search page then uses its fallback);
    `jobs` sets the number of worker processes (default: every core, for large sites)."""
    started = time.perf_counter()
    site = check_site(root, today, future)
    fail_on(list(site.problems))
    target = Path(output_dir).resolve() if output_dir else site.config.output_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    with Staging(target) as staging, tempfile.TemporaryDirectory(prefix=f".{target.name}.search-",
                                                                 dir=target.parent) as scratch:
        renderer = Renderer(site.config, site.catalog)
        mirror = _mirror(site.config)
        writer = PageWriter(renderer, mirror, staging.path, {lang: Path(scratch, lang) for lang in renderer.scripts})
        records, found = _write_pages(writer, staging, jobs)
        _write_feeds(site, renderer, mirror, records, staging)
        _write_search(renderer, writer.search_dirs, found, staging, pagefind=search)
        fail_on(check_links(staging.path, [r.url for r in records], staging.written))
        staging.publish()
    warnings = [p for p in site.problems if p.severity != ERROR]
    if not site.config.base_url:
        warnings.append(Problem("site.yaml", 1, 1, WARNING, "no-sitemap",
                                "没有设置 base_url，因此不生成 sitemap.xml，也不生成二维码",
                                "在 site.yaml 里写上网站的完整地址，例如 base_url: https://www.example.gov.cn/xxgk/"))
    return BuildResult(
        output_dir=target, pages=len(records), files=staging.count,
        published=len(site.catalog.entries), withheld=len(site.catalog.withheld),
        seconds=time.perf_counter() - started, warnings=tuple(warnings),
    )


def _write_pages(writer: PageWriter, staging: Staging, jobs: int | None):
    """Every page written (in parallel for large sites); the records and search facts."""
    records, found, problems, files = [], {lang: [] for lang in writer.search_dirs}, [], []
    for result in run_all(writer, jobs):
        for record in result.pages:
            staging.register(record.url)
        records.extend(result.pages)
        problems.extend(result.problems)
        files.extend(result.files)
        for lang, record in result.search:
            found[lang].append(record)
    fail_on(problems)
    for copy in files:
        staging.copy(copy.url, copy.source)
    for url, source in asset_files(writer.renderer.config.root):
        staging.copy(url, source)
    return records, found


def _write_feeds(site: CheckedSite, renderer: Renderer, mirror, records, staging: Staging) -> None:
    config = site.config
    for lang in renderer.scripts:
        convert = mirror.convert_text if lang == HANT else str
        url = renderer.twin_url(FEED, lang)
        staging.write_text(url, atom_feed(config, site.catalog, url, lambda u: renderer.twin_url(u, lang), convert))
        staging.write_text(renderer.twin_url("stats/stats.csv", lang), convert(overview_csv(renderer.stats)))
        for item in renderer.stats:
            staging.write_text(renderer.twin_url(f"{item.folder}/stats.csv", lang), convert(counts_csv(item)))
    if config.base_url:
        pages = sorted({r.url for r in records if r.lang == HANS and r.kind != "404"})
        staging.write_text("sitemap.xml", sitemap(config, [
            (renderer.twin_url(url, lang), [(other, renderer.twin_url(url, other)) for other in renderer.scripts])
            for url in pages for lang in renderer.scripts]))
    staging.write_text("robots.txt", robots(config))


def _write_search(renderer: Renderer, search_dirs: dict, found: dict, staging: Staging, pagefind: bool) -> None:
    """Per script: the fallback data, the filter values, the query character map, the Pagefind bundle."""
    config = renderer.config
    for lang in renderer.scripts:
        tree = renderer.twin_url("", lang)
        staging.write_text(f"{tree}search-data.js", search.fallback_data(found[lang]))
        staging.write_text(f"{tree}search/filters.js", search.filter_data(found[lang]))
        staging.write_text(f"{tree}search/charmap.js",
                           search.character_map(config.mirror.variant if lang == HANT else "t2s"))
        if pagefind and found[lang]:
            search.write_index(search_dirs[lang], staging.path / tree / "pagefind")


class _NoMirror:
    """Stands in for `mirror.Mirror` when the site has no traditional twin."""

    @staticmethod
    def convert_html(html: str) -> str:
        return html

    @staticmethod
    def convert_text(text: str) -> str:
        return text


def _mirror(config: SiteConfig):
    """The traditional-Chinese converter for this site's pages."""
    if not config.mirror.enabled:
        return _NoMirror()
    from .mirror import Mirror
    phrases = config.mirror.phrases
    name = relative_name(phrases, config.root) if phrases else None
    return Mirror(config.mirror.variant, phrases, name)
