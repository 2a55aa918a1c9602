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
from .checks import check_file, site_problems
from .config import OUTPUT_HINT, SiteConfig, load_config, output_conflict
from .cache import BuildCache, dataclass_hash, fingerprint, inputs_key, settings_key
from .content import ContentSet, collect, entry_files
from .entry import Entry
from .feeds import FEED, atom_feed, robots, sitemap
from .linkcheck import joined, settle
from .mirror import site_mirror
from .output import Staging, asset_files, fail_on, made_by_a_build, remove_all_but
from .pipeline import PageWriter, run_all
from .problems import ERROR, WARNING, ContentError, Problem, relative_name
from .render import HANT, Renderer, layout_problems
from .resources import overlay
from .stats import counts_csv, overview_csv
from .views import QrMasks
from .workers import collector_paused, forked_map


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


@collector_paused()
def check_site(root: Path, today: date | None = None, future: bool = False,
               cache: BuildCache | None = None, jobs: int | None = None) -> CheckedSite:
    """Read site.yaml and every entry, apply every rule; raise only for an unusable config.
    `jobs`: the processes that read and check the entry files (default: every core, for
    large sites)."""
    config = load_config(root)
    today = today or date.today()
    content = (_read_content(config, today, jobs) if cache is None
               else _read_content_cached(config, cache, today, jobs))
    problems = list(content.problems) + site_problems(config, content.entries, today, future)
    problems += _phrase_problems(config) + layout_problems(config)
    catalog = build_catalog(config, content.entries, today, future)
    return CheckedSite(config, content.entries, catalog, tuple(sorted(problems)))


def _output_problems(config: SiteConfig, target: Path) -> list[Problem]:
    """Why the build cannot go into `target` (site.yaml's own output_dir was checked when it
    was read; `--output` is checked here): it holds or lies in the site's own files, or
    files that no build wrote."""
    conflict = output_conflict(config, target)
    if not conflict and made_by_a_build(target):
        return []
    message = conflict or f"“{target}” 里已有不是 gksite 生成的文件，生成时整个目录会被替换"
    return [Problem(str(target), 1, 1, ERROR, "output-dir", f"输出目录{message}",
                    OUTPUT_HINT if conflict else "换一个新的或空的目录；确认里面的文件都不要了，再自己删掉它")]


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


def _read_content(config: SiteConfig, today: date, jobs: int | None = None) -> ContentSet:
    """Every entry file read and held to the rules that need only itself (`check_file`),
    in forked workers when there are many."""
    paths = entry_files(config.content_dir)
    return collect(forked_map(functools.partial(check_file, config=config, today=today), paths, jobs))


def _read_content_cached(config: SiteConfig, cache: BuildCache, today: date, jobs: int | None = None) -> ContentSet:
    """Like `_read_content`, but a file unchanged since a build of the same day is taken from
    the cache, not read and checked again (the privacy rules depend on the day)."""
    paths = entry_files(config.content_dir)
    known = [_read_cached(path, cache, today) for path in paths]
    stale = [path for path, record in zip(paths, known) if record is None]
    shared: dict = {}            # the config's nodes, publishers and topics, hashed once for every entry
    fingerprint(config.catalog, config.publishers, config.topics, seen=shared)
    cache.seen.update(shared)
    check = functools.partial(_check_and_hash, config=config, today=today, shared=shared)
    fresh = iter(forked_map(check, stale, jobs))
    return collect(_remember(path, record or next(fresh), cache) for path, record in zip(paths, known))


def _read_cached(path: Path, cache: BuildCache, today: date):
    """Last build's record of one entry file, (size, mtime_ns, day, entry, problems, hash),
    when its size and time, its attachments and the day are unchanged; else None."""
    known = cache.old.entries.get(str(path))
    if known is None:                    # (a cold build stats no file here: 10,000 took 0.04 s)
        return None
    try:
        stat = path.stat()
    except OSError:                      # e.g. a dangling link: reading it reports the problem
        return None
    if known[:3] == (stat.st_size, stat.st_mtime_ns, today) and _attachments_unchanged(known[3]):
        return known
    return None


def _check_and_hash(path: Path, config: SiteConfig, today: date, shared: dict):
    """`check_file` as a record for the build cache, with the entry's hash (see `dataclass_hash`;
    `shared` holds the config's hashes); size and time are None when the file cannot be stat'ed."""
    try:
        stat = path.stat()
        size, mtime_ns = stat.st_size, stat.st_mtime_ns
    except OSError:
        size = mtime_ns = None
    entry, found = check_file(path, config, today)
    digest = dataclass_hash(entry, dict(shared)) if isinstance(entry, Entry) else ""
    return size, mtime_ns, today, entry, found, digest


def _remember(path: Path, record, cache: BuildCache):
    """One file's (entry, problems), its record kept in the new manifest and its hash for this build."""
    size, _mtime_ns, _today, entry, found, digest = record
    if isinstance(entry, Entry):
        cache.seen[id(entry)] = digest
    if size is not None:
        cache.new.entries[str(path)] = record
    return entry, found


def _attachments_unchanged(entry) -> bool:
    if not isinstance(entry, Entry):
        return True
    try:
        return all(a.source.stat().st_size == a.size for a in entry.attachments)
    except OSError:
        return False


@collector_paused()
def build(root: Path, today: date | None = None, future: bool = False, output_dir: Path | None = None,
          search: bool | str = True, jobs: int | None = None, use_cache: bool = True,
          progress=None) -> BuildResult:
    """Build the site at `root`; raise `ContentError` (output untouched) on any error.

    `search=False` skips the Pagefind index (the search page then uses its fallback);
    `search="keep"` leaves the last build's index as it is, a moment out of date (the
    preview puts pages first, then indexes);
    `jobs` sets the number of worker processes, for reading entries and for pages (default:
    every core, for large sites);
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
    fail_on(_output_problems(config, target))    # before anything that could replace it
    site = check_site(root, today, future, cache, jobs)
    fail_on(list(site.problems))
    timings: dict[str, float] = {}
    target.parent.mkdir(parents=True, exist_ok=True)
    # With a trusted cache, only what changed is staged and patched into the live output.
    with Staging(target, live=set(cache.old.files) if cache.builds_on_last else None) as staging:
        renderer = Renderer(site.config, site.catalog)
        renderer.qr_masks = QrMasks(cache.qr_masks())
        mirror = site_mirror(site.config)
        beside = {url for url, _ in asset_files(site.config.root)} | set(_feed_files(renderer, mirror))
        writer = PageWriter(renderer, mirror, staging, cache, known=frozenset(beside), index=search is not False)
        with _search_index(writer, site.catalog.entries, staging, search) as indexing:
            def entries_written(found: dict) -> None:
                # Beside the list pages' workers and Pagefind's last bundles, not after them.
                write_feeds(renderer, mirror, staging,
                            sitemap_pages(writer.specs, [entry.url for entry in writer.entries]))
                _write_search(writer, found, staging, search, indexing.shards)
                cache.seal()
            with _timed(timings, "pages"):
                records, rendered, links = _write_pages(writer, staging, jobs, _stage(progress, "pages"),
                                                        indexing, entries_written)
            indexing.pages_written()
            with _timed(timings, "links"):
                fail_on(settle(links, staging.written))     # the links only every file written decides
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
    """Add the seconds the `with` block took to `timings[stage]` (read by bench/run.py; a
    stage may be timed in more than one block)."""
    started = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _settings(config: SiteConfig) -> str:
    phrases = config.mirror.phrases.read_bytes().hex() if config.mirror.phrases else ""
    return settings_key(config.root, overlay(config.root, "layouts") + overlay(config.root, "assets"),
                        f"{config.mirror}|{phrases}")


def _write_pages(writer: PageWriter, staging: Staging, jobs: int | None, progress=None, indexing=None,
                 entries_written=None):
    """Every page written (in parallel for large sites); the records, the count rendered,
    and what checking their links found. `indexing` (a `ShardIndexing`) is told of each
    entry's search record as its file is there, and its Pagefind processes are left the
    cores they use (`run_all`). Once every entry page is written, the files they need
    are copied and `entries_written(found)` is called with their search records by script
    (`run_all`'s `meanwhile`: once the list pages' workers are forked, before their first
    result; the list pages hold no record, no file and no QR code)."""
    cache = writer.cache
    records, problems, copies, rendered, links, masks = [], [], {}, 0, [], {}
    scripts = writer.renderer.scripts
    found = {lang: [] for lang in scripts}
    total = len(writer.tasks())
    pagefind = indexing.runner if indexing is not None and indexing.shards else None

    def copy_files() -> None:
        cache.new.copies = copies
        renderer = writer.renderer
        cache.keep_qr_masks({renderer.address(renderer.twin_url(entry.url, lang))
                             for entry in writer.entries for lang in scripts}, masks)
        for copy in sorted({c for files in copies.values() for c in files}, key=lambda c: c.url):
            _copy(cache, staging, copy.url, copy.source)
        for url, source in asset_files(writer.renderer.config.root):
            _copy(cache, staging, url, source)
        if entries_written:
            entries_written(found)

    for done, result in enumerate(run_all(writer, jobs, pagefind, copy_files), start=1):
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
        links.append(result.links)
        masks.update(result.qr_masks)
        for lang, key, record in result.search:
            found[lang].append(record)
            cache.new.search.setdefault(lang, {})[writer.renderer.twin_url(record.url, lang)] = (key, record)
            if indexing is not None and lang == scripts[0]:
                indexing.record_written(record.url, record.digest)
    fail_on(problems)
    return records, rendered, joined(links)


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


def sitemap_pages(specs, entry_urls) -> list[str]:
    """The simplified pages a sitemap lists: those of `specs` (every page but the entries')
    but 404.html, and those of the entries (`entry_urls`)."""
    return sorted({spec.url for spec in specs if spec.kind != "404"} | set(entry_urls))


def _feed_files(renderer: Renderer, mirror) -> dict:
    """URL → a function making its text, for the Atom feed and the statistics tables of every
    script: known before any page is written, so that links to them are checked at once."""
    files = {}
    for lang in renderer.scripts:
        files.update(_tables(renderer, lang, mirror.convert_text if lang == HANT else str))
    return files


def _tables(renderer: Renderer, lang: str, convert):
    """(URL, a function making its text) of the feed and statistics tables of script `lang`."""
    here = functools.partial(renderer.twin_url, lang=lang)
    feed = here(FEED)
    yield feed, lambda: atom_feed(renderer.config, renderer.catalog, feed, here, convert)
    yield here("stats/stats.csv"), lambda: convert(overview_csv(renderer.stats))
    for item in renderer.stats:
        yield here(f"{item.folder}/stats.csv"), lambda item=item: convert(counts_csv(item))


def write_feeds(renderer: Renderer, mirror, staging: Staging, pages: list[str] | None) -> None:
    """The Atom feed and the statistics CSV files of each script, robots.txt, and
    sitemap.xml of `pages` (simplified URLs; None leaves the sitemap as it is)."""
    config = renderer.config
    for url, text in _feed_files(renderer, mirror).items():
        staging.write_text(url, text())
    if config.base_url and pages is not None:
        staging.write_text("sitemap.xml", sitemap(config, [
            (renderer.twin_url(url, lang), [(other, renderer.twin_url(url, other)) for other in renderer.scripts])
            for url in pages for lang in renderer.scripts]))
    staging.write_text("robots.txt", robots(config))


def write_search_data(renderer: Renderer, found: dict, staging: Staging) -> None:
    """Per script, of its search records (`found`: script → records): the metadata
    search's data, the filter values, and the map between the scripts' characters."""
    for lang in renderer.scripts:
        tree, records = renderer.twin_url("", lang), found[lang]
        staging.write_text(f"{tree}search-data.js", search.fallback_data(records))
        staging.write_text(f"{tree}search/filters.js", search.filter_data(records))
        charmap = search.character_map(renderer.config.mirror.variant, traditional=lang == HANT)
        staging.write_text(f"{tree}search/charmap.js", charmap)


def _search_index(writer: PageWriter, entries, staging: Staging, pagefind: bool | str) -> searchindex.ShardIndexing:
    """Clear the record folder of all but this build's records (and the cache's search folder
    of anything else); plan the shards, to be indexed as their records are written, unless
    the index is skipped or kept as it is."""
    members = searchindex.shard_members(entries)
    names = {search.record_name(m.url, m.date) for m in members}
    folder = writer.search_dir
    search.sweep_records(folder, names)
    remove_all_but(folder.parent, {folder.name}.__contains__)
    indexed = pagefind and members and not (pagefind == "keep" and writer.cache.builds_on_last)
    shards = searchindex.plan_shards(members) if indexed else []
    return searchindex.ShardIndexing(writer.cache, staging, shards, folder)


def _write_search(writer: PageWriter, found: dict, staging: Staging, pagefind: bool | str, shards: list) -> None:
    """Per script: the fallback data, the filter values, the query character map and the
    list of `shards` (indexed by `searchindex`, one set for both scripts), or, with
    `pagefind="keep"`, the last build's shards as they are."""
    renderer, cache = writer.renderer, writer.cache
    write_search_data(renderer, found, staging)
    keep = pagefind == "keep" and cache.builds_on_last
    if keep:
        searchindex.keep_bundles(cache, staging)
    for lang in renderer.scripts:
        tree = renderer.twin_url("", lang)
        if keep:
            _keep(cache, staging, f"{tree}search/shards.js")
        else:
            staging.write_text(f"{tree}search/shards.js", searchindex.shards_script(shards))
