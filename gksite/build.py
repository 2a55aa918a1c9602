"""`gksite build`: run every stage in order and publish the result atomically."""
from __future__ import annotations

import functools
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import search, searchindex
from .catalog import Catalog, build_catalog
from .checks import body_problems, check_entries
from .config import SiteConfig, load_config
from .cache import BuildCache, dataclass_hash, inputs_key, settings_key
from .content import ContentSet, collect, entry_files, read_content, read_entry
from .entry import Entry
from .feeds import FEED, atom_feed, robots, sitemap
from .output import Staging, asset_files, check_links, fail_on
from .pipeline import PageWriter, run_all
from .problems import ERROR, WARNING, ContentError, Problem, relative_name
from .render import HANS, HANT, Renderer
from .resources import overlay
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
    rendered: int = 0              # pages rendered rather than taken from the build cache
    timings: dict = field(default_factory=dict)   # stage → seconds: 'pages', 'search' (for bench/)


@dataclass(frozen=True)
class CheckedSite:
    """A site read and checked: the config, its catalog and every problem found."""

    config: SiteConfig
    entries: tuple
    catalog: Catalog
    problems: tuple[Problem, ...]


def check_site(root: Path, today: date | None = None, future: bool = False,
               cache: BuildCache | None = None) -> CheckedSite:
    """Read site.yaml and every entry, apply every rule; raise only for an unusable config."""
    config = load_config(root)
    today = today or date.today()
    content = read_content(config) if cache is None else _read_content_cached(config, cache)
    problems = list(content.problems) + check_entries(config, content.entries, today, future)
    problems += body_problems(config, content.partial, today)
    problems += _phrase_problems(config)
    catalog = build_catalog(config, content.entries, today, future)
    return CheckedSite(config, content.entries, catalog, tuple(sorted(problems)))


def _phrase_problems(config: SiteConfig) -> list[Problem]:
    """Every malformed line of the mirror's phrase file, so that `gksite check` finds them too."""
    phrases = config.mirror.phrases
    if not (config.mirror.enabled and phrases):
        return []
    from .mirror import load_phrases
    try:
        load_phrases(phrases, relative_name(phrases, config.root))
    except ContentError as error:
        return list(error.problems)
    return []


def _read_content_cached(config: SiteConfig, cache: BuildCache) -> ContentSet:
    """Like `read_content`, but a file unchanged since the last build is not parsed again."""
    return collect(_read_cached(path, config, cache) for path in entry_files(config.content_dir))


def _read_cached(path: Path, config: SiteConfig, cache: BuildCache):
    """One entry file: last build's reading when its size, time and attachments are unchanged."""
    try:
        stat = path.stat()
    except OSError:                      # e.g. a dangling link: reading it reports the problem
        return read_entry(path, config)
    known = cache.old.entries.get(str(path))
    if known and known[:2] == (stat.st_size, stat.st_mtime_ns) and _attachments_unchanged(known[2]):
        entry, found, digest = known[2:]
        if isinstance(entry, Entry):
            cache.seen[id(entry)] = digest
    else:
        entry, found = read_entry(path, config)
        digest = dataclass_hash(entry, cache.seen) if isinstance(entry, Entry) else ""
    cache.new.entries[str(path)] = (stat.st_size, stat.st_mtime_ns, entry, found, digest)
    return entry, found


def _attachments_unchanged(entry) -> bool:
    if not isinstance(entry, Entry):
        return True
    try:
        return all(a.source.stat().st_size == a.size for a in entry.attachments)
    except OSError:
        return False


def build(root: Path, today: date | None = None, future: bool = False, output_dir: Path | None = None,
          search: bool | str = True, jobs: int | None = None, use_cache: bool = True,
          progress=None) -> BuildResult:
    """Build the site at `root`; raise `ContentError` (output untouched) on any error.

    `search=False` skips the Pagefind index (the search page then uses its fallback);
    `search="keep"` leaves the last build's index as it is, a moment out of date (the
    preview puts pages first, then indexes);
    `jobs` sets the number of worker processes (default: every core, for large sites);
    `use_cache=False` ignores and does not write the build cache; `progress(stage, done, total)`
    is told as slices of pages ("pages") and search bundles ("search") are written."""
    started = time.perf_counter()
    config = load_config(root)
    today = today or date.today()
    target = Path(output_dir).resolve() if output_dir else config.output_dir
    settings = _settings(config)
    cache = BuildCache(config.root, settings, target, enabled=use_cache)
    inputs = inputs_key(settings, config.content_dir, f"{today}|{future}|{search}|{target}")
    last = cache.unchanged(inputs)
    if last is not None:            # nothing changed since the last build, which is all still there
        return replace(last, seconds=time.perf_counter() - started, rendered=0, timings={})
    site = check_site(root, today, future, cache)
    fail_on(list(site.problems))
    timings: dict[str, float] = {}
    target.parent.mkdir(parents=True, exist_ok=True)
    # With a trusted cache, only what changed is staged and patched into the live output.
    with Staging(target, live=set(cache.old.files) if cache.old.files else None) as staging:
        renderer = Renderer(site.config, site.catalog)
        mirror = _mirror(site.config)
        writer = PageWriter(renderer, mirror, staging, cache)
        with _search_index(writer, site.catalog.entries, staging, search) as indexing:
            with _timed(timings, "pages"):
                records, found, rendered = _write_pages(writer, staging, jobs, _stage(progress, "pages"),
                                                        indexing.record_written)
            indexing.pages_written()
            _write_feeds(site, renderer, mirror, records, staging)
            with _timed(timings, "search"):
                _write_search(writer, found, staging, search, indexing.shards)
            fail_on(check_links(staging.path, [r.url for r in records if not r.reused], staging.written))
            with _timed(timings, "search"):
                indexing.finish(_stage(progress, "search"))
        staging.publish()
    result = BuildResult(
        output_dir=target, pages=len(records), files=staging.count,
        published=len(site.catalog.entries), withheld=len(site.catalog.withheld),
        seconds=time.perf_counter() - started, warnings=_warnings(site), rendered=rendered, timings=timings,
    )
    cache.save(inputs, result)
    return result


def _warnings(site: CheckedSite) -> tuple[Problem, ...]:
    warnings = [p for p in site.problems if p.severity != ERROR]
    if not site.config.base_url:
        warnings.append(Problem("site.yaml", 1, 1, WARNING, "no-sitemap",
                                "没有设置 base_url，因此不生成 sitemap.xml，也不生成二维码",
                                "在 site.yaml 里写上网站的完整地址，例如 base_url: https://www.example.gov.cn/xxgk/"))
    return tuple(warnings)


def _stage(progress, stage: str):
    """`progress` told which stage it hears from, or None."""
    return functools.partial(progress, stage) if progress else None


@contextmanager
def _timed(timings: dict[str, float], stage: str):
    """Add the seconds the `with` block took to `timings[stage]` (read by bench/run.py)."""
    started = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _settings(config: SiteConfig) -> str:
    phrases = config.mirror.phrases.read_bytes().hex() if config.mirror.phrases else ""
    return settings_key(config.root, overlay(config.root, "layouts") + overlay(config.root, "assets"),
                        f"{config.mirror}|{phrases}")


def _write_pages(writer: PageWriter, staging: Staging, jobs: int | None, progress=None, written=None):
    """Every page written (in parallel for large sites); the records, search facts, count
    rendered. `written(lang, url, key)` is told of each search record as its file is there."""
    cache = writer.cache
    records, problems, copies, rendered = [], [], {}, 0
    found = {lang: [] for lang in writer.search_dirs}
    total = len(writer.tasks())
    for done, result in enumerate(run_all(writer, jobs), start=1):
        if progress:
            progress(done, total)
        for record in result.pages:
            staging.register(record.url)
            if record.reused:
                staging.kept(record.url)
                cache.carry(record.url)
            else:
                cache.remember(record.url, record.key, staging.file(record.url))
        records.extend(result.pages)
        problems.extend(result.problems)
        copies.update(result.copies)
        rendered += result.rendered
        for lang, key, record in result.search:
            found[lang].append(record)
            cache.new.search.setdefault(lang, {})[writer.renderer.twin_url(record.url, lang)] = (key, record)
            if written:
                written(lang, record.url, key)
    fail_on(problems)
    cache.new.copies = copies
    for copy in sorted({c for files in copies.values() for c in files}, key=lambda c: c.url):
        _copy(cache, staging, copy.url, copy.source)
    for url, source in asset_files(writer.renderer.config.root):
        _copy(cache, staging, url, source)
    return records, found, rendered


def _keep(cache: BuildCache, staging: Staging, url: str) -> None:
    """Keep the last build's file at `url`, and the cache's record of it, when it has one."""
    known = cache.old.files.get(url)
    if known and cache.reusable(url, known[0]):
        cache.keep(url, staging)


def _copy(cache: BuildCache, staging: Staging, url: str, source: Path) -> None:
    """Copy a file into the build, or link last build's copy when the source is unchanged."""
    stat = source.stat()
    key = f"file|{source}|{stat.st_size}|{stat.st_mtime_ns}"
    if cache.reusable(url, key):
        cache.keep(url, staging)
    else:
        staging.copy(url, source)
        cache.remember(url, key, staging.file(url))


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


def _search_index(writer: PageWriter, entries, staging: Staging, pagefind: bool | str) -> searchindex.ShardIndexing:
    """Clear the record folders of all but this build's records; plan the shards, to be
    indexed as their records are written, unless the index is skipped or kept as it is."""
    members = searchindex.shard_members(entries)
    names = {search.record_name(m.url, m.date) for m in members}
    for folder in writer.search_dirs.values():
        search.sweep_records(folder, names)
    indexed = pagefind and members and not (pagefind == "keep" and writer.cache.old.files)
    shards = searchindex.plan_shards(members) if indexed else []
    trees = {lang: (writer.renderer.twin_url("", lang), folder) for lang, folder in writer.search_dirs.items()}
    return searchindex.ShardIndexing(writer.cache, staging, shards, trees)


def _write_search(writer: PageWriter, found: dict, staging: Staging, pagefind: bool | str, shards: list) -> None:
    """Per script: the fallback data, the filter values, the query character map and the
    list of `shards` (indexed by `searchindex`), or, with `pagefind="keep"`, the last
    build's shards as they are."""
    renderer, cache = writer.renderer, writer.cache
    for lang in renderer.scripts:
        tree, records = renderer.twin_url("", lang), found[lang]
        staging.write_text(f"{tree}search-data.js", search.fallback_data(records))
        staging.write_text(f"{tree}search/filters.js", search.filter_data(records))
        staging.write_text(f"{tree}search/charmap.js",
                           search.character_map(renderer.config.mirror.variant if lang == HANT else "t2s"))
        if pagefind == "keep" and cache.old.files:
            searchindex.keep_bundles(cache, staging, f"{tree}pagefind/")
            _keep(cache, staging, f"{tree}search/shards.js")
        else:
            staging.write_text(f"{tree}search/shards.js", searchindex.shards_script(shards))


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
