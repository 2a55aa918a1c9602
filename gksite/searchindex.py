"""The Pagefind bundles: shards planned by date, indexed beside the rest of the build,
merged in the browser; one set, in `pagefind/`, for the search pages of both scripts (an
entry's record holds both its pages: see `search`).

Pagefind holds a whole index in memory while it writes it, so a large site is indexed in
shards: runs of whole months, oldest first, each as large as a memory budget allows. The
plan is made from the entries before any page is rendered. Entry pages are written first,
newest first, so a shard's records are complete long before the last entry's, and each
shard is queued then for Pagefind, which runs on a thread of its own (`bundles`).
`WHILE_PAGES` processes may run beside the page workers (none: on two cores a third busy
process was measured slower), `PATCH_WHILE_PAGES` in a build that patches the last one
(whose workers mostly keep pages: one edit's shard is indexed while they do, 2 s sooner
at 10,000 entries). Once every record is written, as many as the cores and the memory
budget allow, while the list pages, which no shard waits for, are rendered on the cores
they leave (`pipeline.run_all`): above all at the end, where the last bundle runs alone.
A shard is rebuilt only when one of its record files changed, whatever else did (a
layout, site.yaml: see `BuildCache.old`); new entries land in the newest shard, and the
boundaries before it stay where they were.

The browser loads a tiny runtime bundle at `pagefind/runtime/` (Pagefind's script, worker and
WebAssembly, with an index of one placeholder record that no query matches) and merges
every shard into it with `mergeIndex`, tagging each with a `shard` filter so that a
date-sorted search can walk the shards newest first (Pagefind ranks merged results by
score, which for a sorted search is only a rank within one shard).
"""
from __future__ import annotations

import concurrent.futures
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .bundles import LANGUAGE, PLACEHOLDER_PAGE, BundleJob, BundleRunner
from .cache import BuildCache, fingerprint
from .output import Staging

# Pagefind's memory, measured on bench/corpus.py: a record costs about 80 KB, and 360 bytes
# a character of its title and body (965 records of ~650 characters: 0.30 GB).
RECORD_BYTES = 80_000
CHAR_BYTES = 360
SHARD_BYTES = 450 * 2**20
BUNDLES = "pagefind/"          # where the bundles lie in the output: one set serves both scripts
MEMORY_BYTES = 1 * 2**30      # for all Pagefind processes at once: two shards side by side
WHILE_PAGES = 0               # Pagefind processes while the entries are written: on two cores, none is faster
PATCH_WHILE_PAGES = 1         # … in a build that patches the last one, whose workers mostly keep pages


@dataclass(frozen=True)
class ShardMember:
    """An entry as the shard plan sees it, before its pages are written."""

    url: str                  # its record's address, relative to the root of a script's tree
    date: str                 # YYYY-MM-DD
    chars: int                # its title's and body's length, which Pagefind's memory grows with


@dataclass(frozen=True)
class Shard:
    """Records of a run of whole months, indexed as one Pagefind bundle."""

    name: str                 # its first month, YYYY-MM: also its folder under pagefind/
    urls: tuple[str, ...]     # its records, by address relative to the script's root
    months: tuple[str, ...] = ()


def shard_members(entries) -> list[ShardMember]:
    """The published entries, as the shard plan sees them."""
    return [ShardMember(e.url, e.date.isoformat(), len(e.title) + len(e.body)) for e in entries]


def memory_estimate(member: ShardMember) -> int:
    """Bytes Pagefind is expected to hold for `member`'s record while indexing it."""
    return RECORD_BYTES + CHAR_BYTES * member.chars


def plan_shards(members, budget: int | None = None) -> list[Shard]:
    """Runs of whole months, oldest first, each within `budget` bytes (`SHARD_BYTES`; a month
    larger than that is a shard of its own); returned newest first, the order a search walks."""
    budget = budget or SHARD_BYTES
    months: dict[str, list[ShardMember]] = defaultdict(list)
    for member in members:
        months[member.date[:7] or "0000-00"].append(member)
    shards, run, cost = [], [], 0
    for month in sorted(months):
        month_cost = sum(memory_estimate(m) for m in months[month])
        if run and cost + month_cost > budget:
            shards.append(_shard(run, months))
            run, cost = [], 0
        run.append(month)
        cost += month_cost
    if run:
        shards.append(_shard(run, months))
    return shards[::-1]


def _shard(run: list[str], months: dict) -> Shard:
    return Shard(run[0], tuple(sorted(m.url for month in run for m in months[month])), tuple(run))


def shards_script(shards: list[Shard]) -> str:
    """`shards.js`: the shard folders under `pagefind/`, newest first, for search.js."""
    names = json.dumps([s.name for s in shards], separators=(",", ":"))
    return f"window.GKSITE_SHARDS={names};\n"


class ShardIndexing:
    """Every bundle of one build. Each shard is queued for Pagefind as soon as its last
    record is written (`record_written`), unless the last build's bundle was made from the
    same records, and Pagefind gets every process it may have once all are (or the pages
    are written: `pages_written`); `finish` waits for them all and registers their files.
    The bundles, one set for both scripts, lie in `pagefind/` at the root of the output."""

    def __init__(self, cache: BuildCache, staging: Staging, shards: list[Shard], records_dir: Path):
        self.cache, self.staging, self.shards, self.records_dir = cache, staging, shards, records_dir
        self.runner = BundleRunner(staging.path, PATCH_WHILE_PAGES if cache.builds_on_last else WHILE_PAGES)
        self._shard_of = {url: shard for shard in shards for url in shard.urls}
        self._waiting = {s.name: len(s.urls) for s in shards}
        self._digests: dict[str, str] = {}
        self._pagefind = metadata.version("pagefind")
        self._old = _old_bundle_files(cache) if shards else {}
        self._runtimes = [self._runtime()] if shards else []

    def __enter__(self) -> "ShardIndexing":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.runner.close()

    def record_written(self, url: str, digest: str) -> None:
        """Note that the record of the entry at `url`, whose file has `digest`, is in its file."""
        shard = self._shard_of.get(url)
        if shard is None:
            return
        self._digests[url] = digest
        self._waiting[shard.name] -= 1
        if self._waiting[shard.name] == 0:
            self._start(shard)
            if not any(self._waiting.values()):     # the list pages are left: they give way
                self._widen()

    def pages_written(self) -> None:
        """The page workers are done: Pagefind may have every process it may, while the build
        goes on with feeds and links (`_widen`, if the last record has not done so)."""
        for name, waiting in self._waiting.items():
            if waiting:
                raise RuntimeError(f"the search shard {name} lacks {waiting} records")
        self._widen()

    def _widen(self) -> None:
        """From now on as many Pagefind processes at a time as the cores and the memory
        budget allow."""
        self._submit_runtimes()
        self.runner.widen(max(1, min(os.cpu_count() or 1, MEMORY_BYTES // SHARD_BYTES)))

    def finish(self, progress=None) -> None:
        """Wait for every bundle and register its files; `progress(done, total)` as they finish."""
        self.pages_written()
        futures = dict((future, job) for job, future in self.runner.futures)
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            job = futures[future]
            for file in future.result():
                self.staging.register(file.url)
                self.cache.remember_stat(file.url, job.key, file.size, file.mtime_ns)
            if progress:
                progress(done, len(futures))

    def _start(self, shard: Shard) -> None:
        # The records' contents, not their pages' keys: a change to a page that leaves its
        # record as it was (a layout, a neighbour's title) indexes nothing again.
        key = fingerprint(self._pagefind, [(url, self._digests[url]) for url in shard.urls])
        job = BundleJob(self.records_dir, tuple(shard.months), f"{BUNDLES}{shard.name}/", f"{LANGUAGE}|{key}")
        if not self._keep(job):
            self._submit_runtimes()
            self.runner.submit(job)

    def _runtime(self) -> BundleJob:
        # The runtime's placeholder page is part of its key: one indexed through Pagefind's
        # client was a record at "/", not a page.
        return BundleJob(self.records_dir, (), f"{BUNDLES}runtime/", f"runtime|{LANGUAGE}|{self._pagefind}|{PLACEHOLDER_PAGE}")

    def _submit_runtimes(self) -> None:
        """The runtime goes to Pagefind with the first shard that does (or at the end)."""
        for job in self._runtimes:
            if not self._keep(job):
                self.runner.submit(job)
        self._runtimes = []

    def _keep(self, job: BundleJob) -> bool:
        """Note the bundle this build has in `job.folder`; keep the last build's when it is
        the same."""
        self.cache.new.bundles[job.folder] = job.key
        return _reuse(self.cache, self.staging, job.folder, job.key, self._old.get(job.folder, []))


def keep_bundles(cache: BuildCache, staging: Staging) -> None:
    """Keep every bundle of the last build as it is, each whole or not at all."""
    for bundle, old in _old_bundle_files(cache).items():
        key = cache.old.bundles.get(bundle)
        if bundle.startswith(BUNDLES) and key and _reuse(cache, staging, bundle, key, old):
            cache.new.bundles[bundle] = key


def _old_bundle_files(cache: BuildCache) -> dict[str, list[str]]:
    """The last build's bundle files, by bundle folder."""
    found = defaultdict(list)
    for url in cache.old.files:
        at = url.find("pagefind/")
        end = url.find("/", at + len("pagefind/")) if at >= 0 else -1
        if end >= 0:
            found[url[:end + 1]].append(url)
    return found


def _reuse(cache: BuildCache, staging: Staging, folder: str, key: str, old: list[str]) -> bool:
    """Keep the last build's bundle in `folder` (its files `old`), if it was made from `key`
    and every file is as it wrote it: a bundle is kept whole or not at all."""
    if not old or cache.old.bundles.get(folder) != key or not all(cache.reusable(u, key) for u in old):
        return False
    for url in old:
        cache.keep(url, staging)
    return True
