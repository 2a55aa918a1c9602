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


def _run_chunk(chunk: list) -> list:
    return [_WORK(item) for item in chunk]


def forked_map(work, items: list, jobs: int | None = None) -> list:
    """`[work(item) for item in items]`, computed in `jobs` forked processes (default: every
    core from `PARALLEL_FROM` items on, else this process alone)."""
    global _WORK
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(items) >= PARALLEL_FROM else 1
    if jobs <= 1 or len(items) <= CHUNK:
        return [work(item) for item in items]
    chunks = [items[start:start + CHUNK] for start in range(0, len(items), CHUNK)]
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
            return [result for done in pool.imap(_run_chunk, chunks) for result in done]
    finally:
        _WORK = None
