"""Work spread over forked processes, its results in the order of the items.

Workers are forked, so they share what the parent holds (the config, the build cache)
without copying it; only the items' results travel back, pickled. Below a few hundred
items, forking and pickling cost more than a second core saves.
"""
from __future__ import annotations

import multiprocessing
import os

PARALLEL_FROM = 300             # items; as `pipeline.PARALLEL_FROM` for pages
CHUNK = 100                     # items a task: small enough to keep two cores busy to the end

_WORK = None


def _run(item):
    return _WORK(item)


def forked_map(work, items: list, jobs: int | None = None) -> list:
    """`[work(item) for item in items]`, computed in `jobs` forked processes (default: every
    core from `PARALLEL_FROM` items on, else this process alone), `CHUNK` items a task."""
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(items) >= PARALLEL_FROM else 1
    return list(forked_imap(work, items, jobs, CHUNK))


def forked_imap(work, items: list, jobs: int, chunk: int = 1):
    """`work(item)` for each of `items`, in their order, as each is done: computed in up to
    `jobs` forked processes, `chunk` items a task, unless one task holds them all."""
    global _WORK
    if jobs <= 1 or len(items) <= chunk:
        yield from map(work, items)
        return
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, -(-len(items) // chunk))) as pool:
            yield from pool.imap(_run, items, chunk)
    finally:
        _WORK = None
