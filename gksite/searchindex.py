"""Pagefind bundles of one script: shards planned by date, built side by side, merged in the browser.

Pagefind holds a whole index in memory while it writes it (about 0.36 GB for a thousand
entries of the benchmark corpus, and linearly more), so a large site is indexed in shards:
runs of whole months, oldest first, each as large as a memory budget allows. A shard is
rebuilt only when one of its records changed; new entries land in the newest shard, and
the boundaries before it stay where they were. Up to `workers` shards are indexed at once,
each by its own Pagefind process.

The browser loads a tiny runtime bundle at `pagefind/runtime/` (Pagefind's script, worker and
WebAssembly, with an index of one placeholder record that no query matches) and merges
every shard into it with `mergeIndex`, tagging each with a `shard` filter so that a
date-sorted search can walk the shards newest first (Pagefind ranks merged results by
score, which for a sorted search is only a rank within one shard).
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import os
import shutil
import tempfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .cache import BuildCache, fingerprint
from .output import Staging
from .search import SearchRecord

# Pagefind's memory, measured on bench/corpus.py: a record costs about 80 KB before its
# words (1,000 records of one word each: 0.12 GB) and 0.8 KB a word it indexes (1,000
# records of ~330 words: 0.36 GB).
RECORD_BYTES = 80_000
WORD_BYTES = 800
SHARD_BYTES = 450 * 2**20
MEMORY_BYTES = 1 * 2**30      # for all Pagefind processes at once: two shards side by side
ATTEMPTS = 3
RUNTIME_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")
_INDEX_PARTS = ("pagefind-entry.json", "index", "fragment", "filter")
_PLACEHOLDER = ('<!DOCTYPE html><html lang="zh"><body><main data-pagefind-body>'
                "<p>gksitepagefindruntimeplaceholder</p></main></body></html>")


@dataclass(frozen=True)
class Shard:
    """Records of a run of whole months, indexed as one Pagefind bundle."""

    name: str                 # its first month, YYYY-MM: also its folder under pagefind/
    urls: tuple[str, ...]     # its records, by address relative to the script's root


@dataclass(frozen=True)
class BundleJob:
    """One bundle: the records it indexes (none for the runtime), where it goes, and a key
    over everything it is made of."""

    records_dir: Path
    urls: tuple[str, ...]
    folder: str               # relative to the output root, ending in "/"
    key: str


def memory_estimate(record: SearchRecord) -> int:
    """Bytes Pagefind is expected to hold for `record` while indexing it."""
    return RECORD_BYTES + WORD_BYTES * record.tokens


def plan_shards(records, budget: int | None = None) -> list[Shard]:
    """Runs of whole months, oldest first, each within `budget` bytes (`SHARD_BYTES`; a month
    larger than that is a shard of its own); returned newest first, the order a search walks."""
    budget = budget or SHARD_BYTES
    months: dict[str, list[SearchRecord]] = defaultdict(list)
    for record in records:
        months[record.date[:7] or "0000-00"].append(record)
    shards, urls, cost, first = [], [], 0, ""
    for month in sorted(months):
        month_cost = sum(memory_estimate(r) for r in months[month])
        if urls and cost + month_cost > budget:
            shards.append(Shard(first, tuple(urls)))
            urls, cost = [], 0
        if not urls:
            first = month
        urls += sorted(r.url for r in months[month])
        cost += month_cost
    if urls:
        shards.append(Shard(first, tuple(urls)))
    return shards[::-1]


def shards_script(shards: list[Shard]) -> str:
    """`shards.js`: the shard folders under `pagefind/`, newest first, for search.js."""
    names = json.dumps([s.name for s in shards], separators=(",", ":"))
    return f"window.GKSITE_SHARDS={names};\n"


def bundle_jobs(cache: BuildCache, staging: Staging, records_dir: Path, folder: str,
                record_keys: dict[str, str], shards: list[Shard]) -> list[BundleJob]:
    """The bundles of one script's `folder` (`…/pagefind/`) that must be built; the others,
    unchanged since the last build, are linked into `staging` from it."""
    version = f"runtime|{metadata.version('pagefind')}"
    wanted = [BundleJob(records_dir, (), f"{folder}runtime/", version)]
    wanted += [BundleJob(records_dir, shard.urls, f"{folder}{shard.name}/",
                         fingerprint([(url, record_keys[url]) for url in shard.urls])) for shard in shards]
    old = _old_bundle_files(cache)
    todo = []
    for job in wanted:
        cache.new.bundles[job.folder] = job.key
        if not _reuse(cache, staging, job.folder, job.key, old.get(job.folder, [])):
            todo.append(job)
    return todo


def keep_bundles(cache: BuildCache, staging: Staging, folder: str) -> None:
    """Keep every bundle of the last build under `folder` as it is, each whole or not at all."""
    for bundle, old in _old_bundle_files(cache).items():
        key = cache.old.bundles.get(bundle)
        if bundle.startswith(folder) and key and _reuse(cache, staging, bundle, key, old):
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


def write_bundles(cache: BuildCache, staging: Staging, jobs: list[BundleJob], workers: int | None = None,
                  progress=None) -> None:
    """Build `jobs` into `staging`, `workers` Pagefind processes at a time (by default as
    many as the cores and the memory budget allow); `progress(done, total)` after each."""
    workers = workers or max(1, min(os.cpu_count() or 1, MEMORY_BYTES // SHARD_BYTES))
    _run(_build_all(jobs, staging.path, workers, progress))
    for job in jobs:
        for path in sorted((staging.path / job.folder).rglob("*")):
            if path.is_file():
                url = path.relative_to(staging.path).as_posix()
                staging.register(url)
                cache.remember(url, job.key, path)


async def _build_all(jobs: list[BundleJob], root: Path, workers: int, progress) -> None:
    gate = asyncio.Semaphore(workers)
    done = 0

    async def one(job: BundleJob) -> None:
        nonlocal done
        async with gate:
            await _build(job, root / job.folder)
        done += 1
        if progress:
            progress(done, len(jobs))

    await asyncio.gather(*(one(job) for job in jobs))


async def _build(job: BundleJob, output: Path) -> None:
    """A job without records writes the runtime: Pagefind's script, worker and WebAssembly,
    over an index of one placeholder record. A shard keeps only its index files.

    Now and then (more often on a busy machine) Pagefind leaves a file of its bundle empty
    or cut short, perhaps because its Python client stops the binary as soon as it has
    answered. A bundle is therefore read back whole before it is used, and written again
    if it is damaged; a build never publishes, or caches, a broken search index."""
    keep = _INDEX_PARTS + (RUNTIME_FILES if not job.urls else ())
    for attempt in range(1, ATTEMPTS + 1):
        # Pagefind writes its own UI files beside the index, and may clear its folder first:
        # it writes into a folder of its own, and only what the site needs is moved out.
        with tempfile.TemporaryDirectory(prefix="gksite-pagefind-") as scratch:
            written = Path(scratch) / "bundle"
            await _index(job, Path(scratch) / "records", written)
            damage = bundle_damage(written, keep)
            if damage is None:
                _move_bundle(written, output, keep)
                return
    raise RuntimeError(f"Pagefind wrote a damaged bundle for {job.folder} {ATTEMPTS} times: {damage}")


async def _index(job: BundleJob, records: Path, written: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex
    _gather_records(job, records)
    config = IndexConfig(output_path=str(written), keep_index_url=True, force_language="zh")
    async with PagefindIndex(config=config) as index:
        await index.add_directory(path=str(records), glob="**/*.html")


def bundle_damage(folder: Path, names: tuple[str, ...]) -> str | None:
    """What is wrong with the Pagefind bundle in `folder`, or None: every file we keep
    must be whole (the compressed ones decompress, the entry file parses, the script
    ends with its exports)."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        if not entry.get("languages"):
            return "pagefind-entry.json names no index"
        for path in sorted(folder.rglob("*")):
            top = path.relative_to(folder).parts[0]
            if not path.is_file() or not (top in names or path.suffix == ".pf_meta"):
                continue
            data = path.read_bytes()
            if not data:
                return f"{path.name} is empty"
            if path.suffix in (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind"):
                gzip.decompress(data)
            elif path.name == "pagefind.js" and b"export{" not in data[-4096:]:
                return "pagefind.js is cut short"
    except (OSError, ValueError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _gather_records(job: BundleJob, folder: Path) -> None:
    """Link the job's record files into `folder` (the placeholder, for the runtime)."""
    folder.mkdir(parents=True)
    if not job.urls:
        (folder / "index.html").write_text(_PLACEHOLDER, encoding="utf-8")
    for url in job.urls:
        target = folder / url
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(job.records_dir / url, target)
        except OSError:
            shutil.copyfile(job.records_dir / url, target)


def _move_bundle(written: Path, output: Path, keep: tuple[str, ...]) -> None:
    output.mkdir(parents=True, exist_ok=True)
    for item in sorted(written.iterdir()):
        if item.name in keep or item.suffix == ".pf_meta":
            shutil.move(str(item), str(output / item.name))


def _run(coroutine) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    # Called from code that runs its own event loop: Pagefind's client gets a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()
