"""The preview's site, kept in memory: an edit rewrites only the pages that show it.

`gksite build` proves every page unchanged by hashing all it shows, and reads its cache
from disk: on a site of ten thousand entries that is most of a rebuild. `gksite serve`
keeps its last good build in memory instead — each entry file as it was read, the
catalog, the specification of every list page — so that an edit costs reading the files
that changed, the rules that look across entries, a new catalog, and a comparison with
the last build of what changed: a list is specified again only when its entries did,
and unchanged entries are the very same objects, so most of it compares identities. An
entry page is rendered again when its entry changed or what it shows of other entries
did. Only those pages are rendered, converted and written, through the build's own page
writer and staging; feeds, sitemap and search data are written when their text changed.
The output is what a full build writes (tests compare them byte for byte). A change to
anything but the entries' files — site.yaml, layouts, assets, the phrase file — or a new
day asks for a full build. The search index follows shard by shard, on a thread of its own
(`start_search`, `finish_search`; see `livesearch`).
"""
from __future__ import annotations

import concurrent.futures
import functools
import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import livesearch, searchindex
from .build import _settings, sitemap_pages, write_feeds, write_search_data
from .cache import BuildCache
from .catalog import Catalog, Listing, build_catalog
from .checks import check_file, site_problems
from .config import SiteConfig, load_config
from .content import entry_files, is_entry_file
from .entry import Entry
from .mirror import site_mirror
from .linkcheck import joined, settle
from .output import Staging, fail_on
from .pipeline import ENTRY_LINK, PageWriter, run_all
from .problems import ERROR, Problem
from .render import PageSpec, Renderer
from .views import entry_link, listing_view


@dataclass(frozen=True)
class Reading:
    """One entry file as last read: its size and time, what it held, what is wrong with it
    on its own (reading and the one-entry rules)."""

    stamp: tuple[int, int]
    entry: object                 # Entry, PartialEntry, or None when nothing could be read
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class ListPages:
    """The pages of one listing, and what they were made of."""

    entries: tuple[Entry, ...]
    view: object                  # views.ListingView: title, counts, its children's counts
    specs: tuple[PageSpec, ...]


@dataclass(frozen=True)
class LiveState:
    """The last good build, as the preview keeps it."""

    config: SiteConfig
    today: date
    future: bool
    readings: dict                # entry file → Reading
    catalog: Catalog
    listings: dict                # (kind, key) of a listing → ListPages
    others: dict                  # home, overviews, statistics, search, 404: simplified URL → PageSpec
    shows: dict                   # entry URL → the entries its page shows, itself first
    copies: dict                  # entry URL → its files (FileCopy, in every script)
    records: dict                 # script → page URL → SearchRecord (without its text)
    files: frozenset              # every file of the output, by URL
    shards: list                  # the search shards published (searchindex.Shard), one set for both scripts
    unindexed: frozenset = frozenset()   # pages whose search record changed since the shards were built

    @functools.cached_property
    def page_specs(self) -> dict:
        """Every page but the entry pages: simplified URL → PageSpec."""
        specs = dict(self.others)
        for pages in self.listings.values():
            specs.update((spec.url, spec) for spec in pages.specs)
        return specs

    def same_pages(self, other: LiveState) -> bool:
        """Whether `other` has the very pages this state has (whatever they show)."""
        return self.page_specs.keys() == other.page_specs.keys() and self.shows.keys() == other.shows.keys()

    def sitemap_pages(self) -> list[str]:
        """Every simplified page a sitemap lists."""
        return sitemap_pages(self.page_specs.values(), self.shows)


@dataclass(frozen=True)
class LiveUpdate:
    """What one edit rewrote."""

    rendered: int                 # pages rendered (each script counts)
    written: tuple[str, ...]      # files written or replaced, by URL
    removed: tuple[str, ...]      # files deleted, by URL
    entries: tuple[Entry, ...]    # published entries whose page was rendered


class LiveSite:
    """A site's last good build, brought up to date one edit at a time."""

    def __init__(self, root: Path, state: LiveState):
        self.root, self.state = root, state
        self.renderer = Renderer(state.config, state.catalog)
        self.mirror = site_mirror(state.config)
        self.cache = BuildCache(root, _settings(state.config), state.config.output_dir, enabled=False)

    @classmethod
    def load(cls, root: Path, today: date, future: bool) -> LiveSite:
        """The site as the last successful build (with the build cache) left it."""
        config = load_config(root)
        manifest = BuildCache(config.root, _settings(config), config.output_dir).old
        readings = {Path(path): Reading((size, mtime), entry, tuple(found))
                    for path, (size, mtime, _day, entry, found, _digest) in manifest.entries.items()}
        catalog = build_catalog(config, _entries(readings), today, future)
        records = {lang: {url: record for url, (_key, record) in found.items()}
                   for lang, found in manifest.search.items()}
        members = searchindex.shard_members(catalog.entries)
        shards = searchindex.plan_shards(members) if members and records else []
        copies = {url: tuple(files) for url, files in manifest.copies.items()}
        state = LiveState(config, today, future, readings, catalog, {}, {}, {}, copies, records,
                          frozenset(_output_files(config.output_dir)), shards)
        site = cls(config.root, state)
        site.state = replace(state, listings=site._list_pages({}), others=site._other_pages(),
                             shows={e.url: _shows(site.renderer, e) for e in catalog.entries})
        return site

    def covers(self, paths) -> bool:
        """Whether `update` can follow these changes: only what is under content/ changed."""
        content = self.state.config.content_dir
        return all(content in Path(p).parents for p in paths)

    def update(self, paths) -> LiveUpdate:
        """Bring the output up to date with the changed `paths` (all under content/);
        raise `ContentError` with every problem, leaving output and state as they were."""
        state, renderer = self.state, self.renderer
        readings, touched = self._read(paths)
        entries = _entries(readings)
        fail_on(_problems(state.config, readings, entries, state.today, state.future))
        catalog = build_catalog(state.config, entries, state.today, state.future)
        links_before = (renderer.body.entry_urls, renderer.body.index_urls)
        renderer.use(catalog)
        try:
            relinked = links_before != (renderer.body.entry_urls, renderer.body.index_urls)
            listings, others = self._list_pages(state.listings), self._other_pages()
            shows = {e.url: _shows(renderer, e) for e in catalog.entries}
            new = replace(state, readings=readings, catalog=catalog, listings=listings, others=others, shows=shows)
            pages = [spec for url, spec in new.page_specs.items() if state.page_specs.get(url) != spec]
            changed = [e for e in catalog.entries
                       if e.url not in state.shows or not _same_page(state.shows[e.url], shows[e.url])
                       or (relinked and ENTRY_LINK.search(e.body))]
            update, new = self._write(new, pages, changed, touched)
        except BaseException:
            renderer.use(state.catalog)
            raise
        self.state = new
        return update

    def start_search(self) -> livesearch.CatchUp | None:
        """Start indexing, on a thread of its own, the search shards that hold a page updated
        since they were built (and those the shard plan moved); None when none is behind."""
        return livesearch.start(self.state, self.renderer, self.cache)

    def finish_search(self, catch_up: livesearch.CatchUp) -> int:
        """Publish a finished round of `start_search`; how many bundles it wrote."""
        files, shards, unindexed = livesearch.finish(self.state, self.renderer, catch_up)
        self.state = replace(self.state, files=files, shards=shards, unindexed=unindexed)
        return len(catch_up.jobs)

    def refresh_search(self) -> int:
        """`start_search` and `finish_search`, waiting in between; how many bundles it wrote."""
        catch_up = self.start_search()
        if catch_up is None:
            return 0
        concurrent.futures.wait([future for _job, future in catch_up.runner.futures])
        return self.finish_search(catch_up)

    def _read(self, paths) -> tuple[dict, set[Path]]:
        """The readings after `paths` changed, and the files beside entries that changed
        (their entries' pages are rendered again and the files copied again)."""
        config = self.state.config
        readings, touched = dict(self.state.readings), set()
        for path in map(Path, paths):
            if path.suffix != ".md" and not path.is_file() and path not in readings:
                # a folder made, moved or deleted: every entry file in it, then and now
                found = {s for s in entry_files(path) if is_entry_file(s, config.content_dir)}
                sources = {s for s in readings if path in s.parents} | found
            elif path.suffix == ".md" or path in readings:
                sources = {path} if is_entry_file(path, config.content_dir) else set()
            else:                                   # an attachment or an image
                touched.add(path)
                sources = {s for s, r in self.state.readings.items() if _uses_file(r.entry, path)}
            for source in sources:
                _reread(readings, source, config, self.state.today, keep_same=path == source)
        return readings, touched

    def _list_pages(self, before: dict) -> dict:
        """The pages of every listing; a listing with the same entries and counts as
        `before` keeps the specifications it had."""
        found = {}
        for listing in self.renderer.catalog.listings():
            known, view = before.get((listing.kind, listing.key)), listing_view(listing)
            if known is not None and known.entries == listing.entries and known.view == view:
                found[listing.kind, listing.key] = known
            else:
                found[listing.kind, listing.key] = _listing_pages(self.renderer, listing, view)
        return found

    def _other_pages(self) -> dict:
        renderer = self.renderer
        specs = [renderer.home(), *renderer.sections(), *renderer.closing_specs()]
        return {spec.url: spec for spec in specs}

    def _write(self, new: LiveState, pages: list[PageSpec], changed: list[Entry], touched: set[Path]):
        """Render `pages` and the pages of `changed` entries; write them, the files beside
        those entries that are new or `touched`, and every derived file whose text
        changed; delete what is gone. Returns the update and the state after it."""
        old = self.state
        gone_pages = (old.page_specs.keys() - new.page_specs.keys()) | (old.shows.keys() - new.shows.keys())
        gone = {twin for url in gone_pages for twin in self._twins(url)}
        gone |= {c.url for url in old.shows.keys() - new.shows.keys() for c in old.copies.get(url, ())}
        with Staging(old.config.output_dir, live=set(old.files)) as staging:
            # What stays whatever the new pages say: not what goes, nor the changed entries' files.
            known = old.files - gone - {c.url for e in changed for c in old.copies.get(e.url, ())}
            rendered, found, copies, links = self._render(staging, pages, changed, known)
            copies = {**{url: files for url, files in old.copies.items() if url in new.shows}, **copies}
            for entry in changed:
                gone |= {c.url for c in old.copies.get(entry.url, ())} - {c.url for c in copies[entry.url]}
                for copy in copies[entry.url]:
                    if copy.url not in old.files or copy.source in touched:
                        staging.copy(copy.url, copy.source)
            records = _records(old.records, found, gone)
            self._write_derived(staging, old, new, records)
            files = frozenset((old.files - gone) | staging.written)
            fail_on(settle(links, files))
            written = tuple(sorted(staging.replaced))
            staging.publish(gone=gone)
        unindexed = old.unindexed | {twin for e in changed for twin in self._twins(e.url)} | gone
        update = LiveUpdate(len(rendered), written, tuple(sorted(gone)), tuple(changed))
        return update, replace(new, copies=copies, records=records, files=files, unindexed=frozenset(unindexed))

    def _render(self, staging: Staging, pages: list[PageSpec], changed: list[Entry], known: frozenset):
        """Render, convert, stage and link-check `pages` and the pages of `changed` entries (in
        worker processes when there are many), links to `known` files settled at once; their
        URLs, search records, files, and what the link check left to settle."""
        renderer = self.renderer
        writer = PageWriter(renderer, self.mirror, staging, self.cache, specs=pages, entries=changed, known=known)
        rendered, found, copies, problems, links = [], {lang: {} for lang in renderer.scripts}, {}, [], []
        for result in run_all(writer):
            for record in result.pages:
                staging.register(record.url)
                rendered.append(record.url)
            for lang, _key, record in result.search:
                found[lang][renderer.twin_url(record.url, lang)] = record
            copies.update(result.copies)
            problems += result.problems
            links.append(result.links)
        fail_on(problems)
        return rendered, found, copies, joined(links)

    def _write_derived(self, staging: Staging, old: LiveState, new: LiveState, records: dict) -> None:
        """Feeds and statistics, the sitemap when the pages are others, the search data
        when what it shows of the entries changed."""
        write_feeds(self.renderer, self.mirror, staging, None if new.same_pages(old) else new.sitemap_pages())
        if any(_search_data_changed(old.records.get(lang, {}), found) for lang, found in records.items()):
            write_search_data(self.renderer, {lang: list(found.values()) for lang, found in records.items()}, staging)

    def _twins(self, url: str) -> list[str]:
        return [self.renderer.twin_url(url, lang) for lang in self.renderer.scripts]


def _entries(readings: dict) -> list[Entry]:
    """The entries read, in the order of their files (as `content.entry_files` lists them)."""
    return [readings[path].entry for path in sorted(readings) if isinstance(readings[path].entry, Entry)]


def _reread(readings: dict, path: Path, config: SiteConfig, today: date, keep_same: bool = True) -> None:
    """Read `path` again into `readings` (or drop it, when it is gone). An entry that reads
    the same as before stays the very object it was, so nothing that shows it changes."""
    try:
        stat = path.stat()
    except OSError:
        readings.pop(path, None)
        return
    entry, problems = check_file(path, config, today)
    old = readings.get(path)
    if keep_same and old is not None and isinstance(entry, Entry) and old.entry == entry:
        entry = old.entry
    readings[path] = Reading((stat.st_size, stat.st_mtime_ns), entry, tuple(problems))


def _uses_file(entry, path: Path) -> bool:
    """Whether `entry`'s page publishes or may link the file at `path` (a cheap superset)."""
    if not isinstance(entry, Entry) or entry.source.parent not in path.parents:
        return False
    return any(a.source == path for a in entry.attachments) or path.name in entry.body


def _problems(config: SiteConfig, readings: dict, entries: list[Entry], today: date, future: bool) -> list[Problem]:
    """Every error: each file's own, and those of the rules across entries."""
    problems = [p for reading in readings.values() for p in reading.problems if p.severity == ERROR]
    return problems + [p for p in site_problems(config, entries, today, future) if p.severity == ERROR]


def _listing_pages(renderer: Renderer, listing: Listing, view) -> ListPages:
    return ListPages(listing.entries, view, tuple(renderer.listing_specs(listing)))


def _shows(renderer: Renderer, entry: Entry) -> tuple:
    """The entries an entry's page shows: itself, its neighbours, the policy it interprets
    and its interpretations (see `Renderer.entry_spec`)."""
    catalog = renderer.catalog
    newer, older = catalog.neighbours.get(entry.index_no, (None, None))
    policy = renderer.policies.get(entry.interprets) if entry.interprets else None
    return (entry, newer, older, policy) + catalog.interpretations.get(entry.index_no, ())


def _same_page(old: tuple, new: tuple) -> bool:
    """Whether an entry page showing `new` is the page that showed `old`: the same entry,
    and the same links to the others (title, address, 文号, date)."""
    return (old[0] is new[0] and len(old) == len(new)
            and all(a is b or entry_link(a) == entry_link(b) for a, b in zip(old[1:], new[1:])))


def _records(old: dict, found: dict, gone: set[str]) -> dict:
    """The search records after an update: the new ones in, those of deleted pages out."""
    return {lang: {url: record for url, record in {**old.get(lang, {}), **found[lang]}.items() if url not in gone}
            for lang in found}


def _search_data_changed(old: dict, new: dict) -> bool:
    """Whether the search data shows other records, or other facts of one (its words are
    in the Pagefind index, not in the data)."""
    if old.keys() != new.keys():
        return True
    return any(old[url] is not record and (old[url].meta, old[url].filters, old[url].date)
               != (record.meta, record.filters, record.date) for url, record in new.items())


def _output_files(output_dir: Path) -> list[str]:
    """Every file under the output folder, by URL."""
    found = []
    for folder, _dirs, files in os.walk(output_dir):
        base = Path(folder).relative_to(output_dir).as_posix()
        found += [name if base == "." else f"{base}/{name}" for name in files]
    return found
