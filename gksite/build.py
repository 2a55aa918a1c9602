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
from .output import OutputFile, Staging, asset_files, check_links, fail_on
from .problems import ERROR, ContentError, Problem
from .render import Renderer


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


def build(root: Path, today: date | None = None, future: bool = False, output_dir: Path | None = None) -> BuildResult:
    """Build the site at `root`; raise `ContentError` (output untouched) on any error."""
    started = time.perf_counter()
    site = check_site(root, today, future)
    fail_on(list(site.problems))
    rendered = Renderer(site.config, site.catalog).render_all()
    fail_on(list(rendered.problems))
    files = [OutputFile(p.url, text=p.html) for p in rendered.pages]
    files += [OutputFile(f.url, source=f.source) for f in rendered.files]
    files += asset_files(site.config.root)
    _refuse_collisions(files)
    target = Path(output_dir).resolve() if output_dir else site.config.output_dir
    with Staging(target) as staging:
        written = staging.write(files)
        fail_on(check_links(staging.path, [p.url for p in rendered.pages]))
        staging.publish()
    return BuildResult(
        output_dir=target, pages=len(rendered.pages), files=written,
        published=len(site.catalog.entries), withheld=len(site.catalog.withheld),
        seconds=time.perf_counter() - started,
        warnings=tuple(p for p in site.problems if p.severity != ERROR),
    )


def _refuse_collisions(files: list[OutputFile]) -> None:
    seen: dict[str, OutputFile] = {}
    problems = []
    for item in files:
        if item.url in seen:
            problems.append(Problem(str(item.source or item.url), 1, 1, ERROR, "output-collision",
                                    f"两个文件都要写到 {item.url}", "给附件或图片换一个文件名"))
        seen[item.url] = item
    if problems:
        raise ContentError(problems)
