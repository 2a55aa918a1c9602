"""Render → mirror → write → link check → search record, page by page, spread over processes.

Each task renders a slice of pages in every script, converts the traditional twin,
writes both into the staging folder, checks their links and keeps, for search, the
facts of each entry page it has just rendered (no file is read back). A page the
build cache holds from the last build, for the same inputs, is kept instead of
rendered (and not checked again). Workers are forked after the catalog is built, so
they share it without copying; the parent collects small records in task order, so a
parallel build is byte-identical to a serial one.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import search
from .cache import BuildCache, fingerprint
from .entry import Entry
from .linkcheck import LinkChecker, LinkReport, Unsettled
from .output import Staging
from .problems import Problem
from .render import HANT, FileCopy, Page, Renderer
from .workers import forked_imap

CHUNK = 50                      # pages of work a task, small enough to balance two cores
PARALLEL_FROM = 300             # below this many entries, forking costs more than it saves
ENTRY_LINK = re.compile(r"\]\(\s*(?:[^)\s]*\.md\b|索引号:)")


@dataclass(frozen=True)
class PageRecord:
    """A written page, without its text: what later stages (cache, links, search) need."""

    url: str
    kind: str
    lang: str
    indexed: bool
    key: str
    reused: bool = False


@dataclass
class TaskResult:
    """What one task wrote and found."""

    pages: list[PageRecord] = field(default_factory=list)
    copies: dict[str, tuple[FileCopy, ...]] = field(default_factory=dict)   # entry URL → its files
    problems: list[Problem] = field(default_factory=list)
    search: list[tuple[str, str, search.SearchRecord]] = field(default_factory=list)   # lang, key, record
    rendered: int = 0
    dangling: list[Problem] = field(default_factory=list)     # links of rendered pages that are wrong
    unsettled: list[Unsettled] = field(default_factory=list)  # … and those only the parent can decide
    qr_masks: dict[str, int] = field(default_factory=dict)    # address → the QR data mask chosen for it

    def add_links(self, found: LinkReport) -> None:
        """Take what checking one page's links found."""
        self.dangling.extend(found.problems)
        self.unsettled.extend(found.unsettled)

    @property
    def links(self) -> LinkReport:
        """What checking the links of this task's pages found."""
        return LinkReport(tuple(self.dangling), tuple(self.unsettled))


class PageWriter:
    """Renders (or reuses), converts, writes and link-checks pages into `root`.

    Every link of a page it renders is checked against those pages and `known`, the URLs of
    the other files the build holds whatever its pages say (assets, feeds; in the preview,
    the live output it keeps): a link to none of them is left to the parent (`linkcheck`).
    Without `index` (a build without Pagefind), a search record keeps only the facts the
    search data shows: neither its tokens nor its file are made."""

    def __init__(self, renderer: Renderer, mirror, staging: Staging, cache: BuildCache,
                 specs=None, entries=None, known: frozenset[str] = frozenset(), index: bool = True):
        """Every page of the catalog, or (the preview) just the list pages `specs` and
        the pages of `entries`."""
        self.renderer, self.mirror, self.staging, self.cache = renderer, mirror, staging, cache
        self.index = index
        self.specs = list(renderer.list_specs() if specs is None else specs)
        self.entries = renderer.catalog.entries if entries is None else tuple(entries)
        pages = [spec.url for spec in self.specs] + [entry.url for entry in self.entries]
        self.link_check = LinkChecker(frozenset(renderer.twin_url(url, lang) for url in pages
                                                for lang in renderer.scripts) | known)
        self.search_dir = cache.search_folder()
        self.records = search.RecordWriter(renderer.config.mirror.variant) if index else None
        self._days = {e.url: e.date.isoformat() for e in self.entries}    # a record's file is named by its day
        self._seen: dict = dict(cache.seen)    # hashes of shared values, once a build

    def tasks(self) -> list[tuple[str, int, int]]:
        """(kind, start, end) slices of the entries, then of the list pages (see `run_all`)."""
        def slices(kind: str, count: int):
            return [(kind, start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
        return slices("entries", len(self.entries)) + slices("specs", len(self.specs))

    def run(self, task: tuple[str, int, int]) -> TaskResult:
        """Do one task."""
        kind, start, end = task
        result = TaskResult()
        written: list[tuple[str, str, frozenset[str]]] = []      # (URL, HTML, its entry's files)
        if kind == "specs":
            for spec in self.specs[start:end]:
                key = fingerprint(spec, seen=self._seen)
                if not self._reuse(spec.url, spec.kind, spec.indexed, key, result):
                    self._emit(self.renderer.render(spec), key, result, written)
        else:
            for entry in self.entries[start:end]:
                self._entry(entry, result, written)
        # All at once: checked between two renders, a page cost a third more (colder caches).
        for url, html, files in written:
            result.add_links(self.link_check.check(url, html, files))
        result.qr_masks = self.renderer.qr_masks.take()
        return result

    def _entry(self, entry: Entry, result: TaskResult, written: list) -> None:
        key = self.entry_key(entry)
        if entry.url in self.cache.old.copies and self._reuse(entry.url, "entry", True, key, result):
            result.copies[entry.url] = self.cache.old.copies[entry.url]
            return
        rendered = self.renderer.entry(entry)
        result.problems.extend(rendered.problems)
        result.copies[entry.url] = rendered.files
        self._emit(rendered.pages, key, result, written, frozenset(copy.url for copy in rendered.files))

    def entry_key(self, entry: Entry) -> str:
        """Everything an entry page is made of: the entry, what its page shows of the day and
        of other entries (`Renderer.entry_inputs`), the files beside it that its body may
        link to and, when its body links to entries, every entry's address."""
        files = self._folder_files(entry.source.parent) if "](" in entry.body else ()
        links = self._links if ENTRY_LINK.search(entry.body) else ""
        return fingerprint(entry, self.renderer.entry_inputs(entry), files, links, seen=self._seen)

    @functools.cached_property
    def _links(self) -> str:
        """A hash of every entry's address, for the pages whose body links to entries."""
        return fingerprint(sorted((str(e.source), e.url) for e in self.renderer.catalog.entries))

    def _folder_files(self, folder: Path) -> tuple:
        files = []
        for item in sorted(os.scandir(folder), key=lambda item: item.name):
            if item.is_file() and not item.name.endswith(".md"):
                stat = item.stat()
                files.append((item.name, stat.st_size, stat.st_mtime_ns))
        return tuple(files)

    def _reuse(self, page: str, kind: str, indexed: bool, key: str, result: TaskResult) -> bool:
        """Link the last build's twins of the page at `page` (of `kind`; `indexed` when search
        reads it) when they were built from `key`."""
        urls = [(self.renderer.twin_url(page, lang), lang) for lang in self.renderer.scripts]
        cache = self.cache
        if not all(cache.reusable(url, key) for url, _ in urls):
            return False
        if indexed and not all(self._record_kept(url, lang, key) for url, lang in urls):
            return False
        for url, lang in urls:
            self.staging.link_kept(url)
            result.pages.append(PageRecord(url, kind, lang, indexed, key, reused=True))
            if indexed:
                result.search.append((lang, key, cache.old.search[lang][url][1]))
        return True

    def _record_kept(self, url: str, lang: str, key: str) -> bool:
        """Whether the last build made the search record of the page at `url` from `key`,
        and, when this build indexes, wrote its file (a build without search writes none,
        and leaves the file an earlier build wrote, from another key)."""
        known = self.cache.old.search.get(lang, {}).get(url)
        if known is None or known[0] != key:
            return False
        return not self.index or bool(known[1].digest) and self.record_path(known[1].url).is_file()

    def record_path(self, url: str) -> Path:
        """The file of the search record of the entry at `url` (relative to a script's root):
        one for both scripts."""
        return self.search_dir / search.record_name(url, self._days[url])

    def _emit(self, pages: list[Page], key: str, result: TaskResult, written: list,
              files: frozenset[str] = frozenset()) -> None:
        """Write rendered `pages`, noting each in `written` (with `files`, those of their entry)
        for the link check."""
        result.rendered += 1
        facts = []
        for page in pages:
            html = self.mirror.convert_html(page.html) if page.lang == HANT else page.html
            self.staging.write_page(page.url, html)
            written.append((page.url, html, files))
            result.pages.append(PageRecord(page.url, page.kind, page.lang, page.indexed, key))
            if page.indexed:
                tree = self.renderer.twin_url("", page.lang)
                facts.append((page.lang, search.page_record(html.encode("utf-8"), page.url[len(tree):])))
        if facts:
            result.search += [(lang, key, record) for (lang, _), record in zip(facts, self._search_records(facts))]

    def _search_records(self, facts: list[tuple[str, search.SearchRecord]]) -> list[search.SearchRecord]:
        """The search records of an entry's pages (in the order of the site's scripts),
        written to their one file when this build indexes."""
        records = [record for _lang, record in facts]
        if not self.index:
            return [replace(record, text="") for record in records]
        return self.records.write(records, self.record_path(records[0].url))


def run_all(writer: PageWriter, jobs: int | None = None, pagefind=None, meanwhile=None):
    """Every task's result, in task order; forked workers when the site is large enough.

    The entries come first: once their search records are written, every shard can be
    indexed. The list pages, which no shard waits for, then wait until Pagefind
    (`pagefind`, a `bundles.BundleRunner`) leaves a core idle, as it does at the end, where
    its last bundle runs alone, and go to workers forked then: workers kept beside Pagefind's
    processes would have held their memory all the while (each what the parent holds, about
    200 MB at 10,000 entries: 1.47 GB at the peak instead of 1.13), and the parent,
    rendering them itself, kept Pagefind's thread from the interpreter it needs between
    two files of a bundle (33.6 s against 30.4 for the whole build). Those workers are
    forked while Pagefind's thread waits for its last process; a fork copies no thread, and
    they touch nothing of it. A serial build renders the list pages in the parent once a core
    is free (on one core, once Pagefind is done).

    `meanwhile()` is called once the entries' results are all taken and the list pages'
    workers are forked: the parent's own work that needs no list page is done while the
    cores are busy anyway, not at the end with one of them idle (without Pagefind, after the
    last task), and what it makes is not in the workers' memory too (forked after it, each
    held a copy: the peak of an edited rebuild 1.35 GB instead of 1.19)."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1) if len(writer.entries) >= PARALLEL_FROM else 1
    tasks = writer.tasks()
    if pagefind is None:
        yield from forked_imap(writer.run, tasks, jobs)
        if meanwhile:
            meanwhile()
        return
    entries = sum(kind == "entries" for kind, _, _ in tasks)
    yield from forked_imap(writer.run, tasks[:entries], jobs)
    while pagefind.busy() >= (os.cpu_count() or 1):
        pagefind.wait()
    yield from forked_imap(writer.run, tasks[entries:], jobs, forked=meanwhile)
