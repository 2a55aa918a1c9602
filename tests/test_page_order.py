"""The order pages are written in: the entries first, whose search records every shard
waits for, then the list pages, on the cores Pagefind leaves idle."""
import os

import pytest

from gksite import pipeline
from sitekit import Site


class _Pagefind:
    """Stands in for a `BundleRunner`: busy on `cores` cores for `waits` waits, then on one,
    then done."""

    def __init__(self, cores: int, waits: int):
        self.cores, self.waits, self.waited = cores, waits, 0

    def busy(self) -> int:
        return self.cores if self.waited < self.waits else 1 if self.waited == self.waits else 0

    def wait(self) -> None:
        self.waited += 1


class _Tasks:
    """Stands in for a `PageWriter`: two tasks of entries, two of list pages."""

    entries = ()

    def tasks(self):
        return [("entries", 0, 1), ("entries", 1, 2), ("specs", 0, 1), ("specs", 1, 2)]

    def run(self, task):
        return task, os.getpid()


@pytest.mark.parametrize("jobs, cores", [(2, 2), (1, 1)])
def test_list_pages_wait_for_a_core_pagefind_leaves_idle(monkeypatch, jobs, cores):
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: cores)
    pagefind = _Pagefind(cores, waits=3)
    order = [(task[0], pagefind.waited) for task, _pid in pipeline.run_all(_Tasks(), jobs, pagefind)]
    # Two cores: the list pages start as Pagefind's last bundle runs alone; one: once it is done.
    assert order == [("entries", 0), ("entries", 0), ("specs", 3 + (cores == 1)), ("specs", 3 + (cores == 1))]


def test_list_pages_go_to_workers_forked_after_the_entries(monkeypatch):
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    done = list(pipeline.run_all(_Tasks(), 2, _Pagefind(2, waits=1)))
    entry_workers, list_workers = {pid for _task, pid in done[:2]}, {pid for _task, pid in done[2:]}
    assert os.getpid() not in entry_workers | list_workers and not entry_workers & list_workers


def test_a_build_writes_every_entry_page_before_any_list_page(tmp_path, monkeypatch):
    written = []
    real = pipeline.PageWriter.run
    monkeypatch.setattr(pipeline.PageWriter, "run", lambda self, task: written.append(task[0]) or real(self, task))
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    site = Site(tmp_path / "site")
    for number in range(7):
        site.entry(f"e{number}", date=f"2025-0{number + 1}-10")
    site.build(jobs=1)
    assert written == sorted(written, key=["entries", "specs"].index) and len(set(written)) == 2


@pytest.mark.parametrize("jobs", [2, 1])
def test_the_parents_own_work_is_done_once_the_list_pages_workers_are_forked(monkeypatch, jobs):
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    pagefind, events = _Pagefind(2, waits=2), []
    for task, _pid in pipeline.run_all(_Tasks(), jobs, pagefind, lambda: events.append(("meanwhile", pagefind.waited))):
        events.append((task[0], pagefind.waited))
    # After the entries, once a core is free for the list pages, before their first result.
    assert events == [("entries", 0), ("entries", 0), ("meanwhile", 2), ("specs", 2), ("specs", 2)]
    events.clear()
    for task, _pid in pipeline.run_all(_Tasks(), jobs, None, lambda: events.append(("meanwhile", None))):
        events.append((task[0], None))
    assert events[-1] == ("meanwhile", None) and len(events) == 5     # without Pagefind, at the end


_MADE = []


class _Looking(_Tasks):
    """Stands in for a `PageWriter` whose tasks tell whether they see what the parent made."""

    def run(self, task):
        return task, bool(_MADE)


def test_what_the_parent_makes_meanwhile_is_not_in_the_list_pages_workers(monkeypatch):
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    _MADE.clear()
    seen = [found for _task, found in pipeline.run_all(_Looking(), 2, _Pagefind(2, waits=1), lambda: _MADE.append(1))]
    assert seen == [False, False, False, False] and _MADE == [1]     # forked before it was made
