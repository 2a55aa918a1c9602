"""`gksite build`: run every stage in order and publish the result atomically."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .catalog import Catalog, build_catalog
from .checks import check_entries
from .config import SiteConfig, load_config
from .content import read_content
from .output import Staging, asset_files, check_links, fail_on
from .problems import ERROR, Problem
from .render import HANT, Page, Renderer


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


@dataclass(frozen=True)
class PageRecord:
    """A written page, without its text: what later stages (links, search) need."""

    url: str
    kind: str
    lang: str
    indexed: bool


def check_site(root: Path, today: date | None = None, future: bool = False) -> CheckedSite:
    """Read site.yaml and every entry, apply every rule; raise only for an unusable config."""
    config = load_config(root)
    today = today or date.today()
    content = read_content(config)
    problems = list(content.problems) + check_entries(config, content.entries, today, future)
    catalog = build_catalog(config, content.entries, today, future)
    return CheckedSite(config, content.entries, catalog, tuple(sorted(problems)))


def build(root: Path, today: date | None = None, future: bool = False, output_dir: Path | None = None) -> BuildResult:
    """Build the site at `root`; raise `ContentError` (output untouched) on any error."""
    started = time.perf_counter()
    site = check_site(root, today, future)
    fail_on(list(site.problems))
    target = Path(output_dir).resolve() if output_dir else site.config.output_dir
    with Staging(target) as staging:
        records = _write_pages(site, staging)
        fail_on(check_links(staging.path, [r.url for r in records]))
        staging.publish()
    return BuildResult(
        output_dir=target, pages=len(records), files=staging.count,
        published=len(site.catalog.entries), withheld=len(site.catalog.withheld),
        seconds=time.perf_counter() - started,
        warnings=tuple(p for p in site.problems if p.severity != ERROR),
    )


def _write_pages(site: CheckedSite, staging: Staging) -> list[PageRecord]:
    """Render, convert and write every page as it comes, so memory stays flat."""
    renderer = Renderer(site.config, site.catalog)
    convert = _mirror(site.config)
    records, problems = [], []

    def emit(pages: list[Page]) -> None:
        for page in pages:
            staging.write_text(page.url, convert(page.html) if page.lang == HANT else page.html)
            records.append(PageRecord(page.url, page.kind, page.lang, page.indexed))

    for spec in renderer.list_specs():
        emit(renderer.render(spec))
    for entry in site.catalog.entries:
        result = renderer.entry(entry)
        problems.extend(result.problems)
        emit(result.pages)
        for copy in result.files:
            staging.copy(copy.url, copy.source)
    fail_on(problems)
    for url, source in asset_files(site.config.root):
        staging.copy(url, source)
    return records


def _mirror(config: SiteConfig):
    """The traditional-Chinese converter for this site's pages (identity when off)."""
    if not config.mirror.enabled:
        return lambda html: html
    from .mirror import Mirror
    phrases = config.mirror.phrases
    name = phrases.relative_to(config.root).as_posix() if phrases else None
    return Mirror(config.mirror.variant, phrases, name).convert_html
