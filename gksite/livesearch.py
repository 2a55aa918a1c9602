"""The preview's search index: the shards the pages have moved ahead of, indexed on a
thread of their own while the preview goes on rewriting pages.

An update of the preview (`live`) writes the search records of the entry pages it
renders and notes their pages as not yet indexed. Once the edits pause, `start` plans the
shards again (as a build does), sweeps the records of entries no longer published, and
hands every shard (one set for both scripts) that holds such a page, or whose months the plan moved, to one Pagefind
process at a time (the other core stays with the page updates), writing into a folder of
its own. `finish`, called when they are done, moves into the output only the files that
differ — Pagefind names most files by their content, so a shard indexed again after one
edit changes a few files, not its thousand fragments — and deletes those no longer used.
An edit made meanwhile stays noted for the next round.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from . import search, searchindex
from .bundles import BundleFile, BundleJob, BundleRunner
from .output import Staging, same_bytes

PROCESSES = 1                 # Pagefind processes at a time: the other core keeps the preview quick


@dataclass
class CatchUp:
    """One round of indexing: its jobs on their runner, and what it was started for."""

    runner: BundleRunner
    root: Path                # where the runner writes the bundles
    jobs: list[BundleJob]
    shards: list              # the shard plan the round publishes
    behind: frozenset         # the pages not yet indexed when it started

    def done(self) -> bool:
        """Whether every bundle of the round is written (or failed)."""
        return all(future.done() for _job, future in self.runner.futures)

    def cancel(self) -> None:
        """Drop what has not started, stop what has, and forget the round."""
        self.runner.close()
        shutil.rmtree(self.root, ignore_errors=True)


def start(state, renderer, cache) -> CatchUp | None:
    """A round of indexing for what `state` has not indexed yet, or None when nothing is behind."""
    members = searchindex.shard_members(state.catalog.entries)
    shards = searchindex.plan_shards(members) if members else []
    if not state.unindexed and shards == state.shards:
        return None
    records = cache.search_folder()
    search.sweep_records(records, {search.record_name(m.url, m.date) for m in members})
    published = {shard.name: shard.urls for shard in state.shards}
    behind = {_in_tree(renderer, url) for url in state.unindexed}
    jobs = [BundleJob(records, tuple(shard.months), f"{searchindex.BUNDLES}{shard.name}/", "")
            for shard in shards if published.get(shard.name) != shard.urls or behind & set(shard.urls)]
    root = cache.folder / "preview-search"
    shutil.rmtree(root, ignore_errors=True)
    runner = BundleRunner(root, PROCESSES)
    for job in jobs:
        runner.submit(job)
    return CatchUp(runner, root, jobs, shards, state.unindexed)


def finish(state, renderer, catch_up: CatchUp) -> tuple[frozenset, list, frozenset]:
    """Publish a finished round into the output; the output's files, the shard plan and the
    pages still not indexed after it."""
    written = {job.folder: future.result() for job, future in catch_up.runner.futures}
    catch_up.runner.close()
    bundles = searchindex.BUNDLES
    try:
        with Staging(state.config.output_dir, live=set(state.files)) as staging:
            gone = set()
            for folder, files in written.items():
                gone |= _adopt(staging, state.files, folder, files, catch_up.root)
            for lang in renderer.scripts:
                tree = renderer.twin_url("", lang)
                staging.write_text(f"{tree}search/shards.js", searchindex.shards_script(catch_up.shards))
            kept = {f"{bundles}{shard.name}/" for shard in catch_up.shards} | {f"{bundles}runtime/"}
            gone |= {url for url in state.files if url.startswith(bundles) and _bundle(url) not in kept | {None}}
            files = frozenset((state.files - gone) | staging.written)
            staging.publish(gone=gone)
    finally:
        shutil.rmtree(catch_up.root, ignore_errors=True)
    return files, catch_up.shards, state.unindexed - catch_up.behind


def _adopt(staging: Staging, live: frozenset, folder: str, files: list[BundleFile], root: Path) -> set[str]:
    """Move the bundle files that differ from the output's into `staging`; the output's
    files of that bundle that are gone."""
    new = {file.url for file in files}
    for url in sorted(new):
        if url not in live or not same_bytes(staging.output_dir / url, (root / url).read_bytes()):
            staging.adopt(url, root / url)
    return {url for url in live if url.startswith(folder) and url not in new}


def _bundle(url: str) -> str | None:
    """The bundle folder (`…/pagefind/NAME/`) a file of the index lies in (None: in none)."""
    at = url.index("pagefind/") + len("pagefind/")
    end = url.find("/", at)
    return url[:end + 1] if end >= 0 else None


def _in_tree(renderer, url: str) -> str:
    """A page's URL relative to the root of its script's tree."""
    for lang in renderer.scripts[1:]:
        tree = renderer.twin_url("", lang)
        if url.startswith(tree):
            return url[len(tree):]
    return url
