"""Work spread over forked processes, its results in the order of the items.

Workers are forked, so they share what the parent holds (the config, the build cache)
without copying it; only the items' results travel back, pickled. Below a few hundred
items, forking and pickling cost more than a second core saves.

The parent's objects are frozen (`gc.freeze`) while workers are forked, so that a worker's
cycle collector neither walks them nor, by writing to them, copies the memory they share.
A build pauses the parent's collector (`collector_paused`); a worker's runs as usual.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from contextlib import contextmanager

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


def forked_imap(work, items: list, jobs: int, chunk: int = 1, forked=None):
    """`work(item)` for each of `items`, in their order, as each is done: computed in up to
    `jobs` forked processes, `chunk` items a task, unless one task holds them all.
    `forked()`, if given, is called in this process once the workers are forked (or, with
    none, before the first item): what it makes, they do not hold."""
    global _WORK
    if jobs <= 1 or len(items) <= chunk:
        if forked:
            forked()
        yield from map(work, items)
        return
    _WORK = work
    frozen = gc.get_freeze_count()      # what someone else set aside (`serve`'s live site) stays so
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, -(-len(items) // chunk)), _worker_start) as pool:
            results = pool.imap(_run, items, chunk)
            if forked:
                forked()
            yield from results
    finally:
        _WORK = None
        if not frozen:
            gc.unfreeze()


def _worker_start() -> None:
    """A worker collects its own cycles, and leaves stopping to the parent: Ctrl-C (which
    the terminal sends every process of the command) is the parent's to handle, and the
    parent ends its workers with SIGTERM, which ends a worker at once, without a traceback."""
    gc.enable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def collector_paused():
    """The cycle collector off for the `with` block (a build's parent), then as it was.

    The parent of a build holds millions of objects that live as long as it does (the
    entries, the cache's manifest) and makes few reference cycles, yet each full collection
    walked them all: a tenth of a rebuild after one edit, at 10,000 entries."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
