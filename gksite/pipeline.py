"""Render → mirror → write → search record, page by page, spread over processes.

Each task renders a slice of pages in every script, converts the traditional twin,
writes both into the staging folder and keeps, for search, the facts of each entry
page it has just rendered (no file is read back). Workers are forked after the
catalog is built, so they share it without copying; the parent only collects small
records, in task order, so a parallel build is byte-identical to a serial one.
"""
from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import search
from .output import write_file
from .problems import Problem
from .render import HANT, FileCopy, Page, Renderer

CHUNK = 50                      # pages of work a task, small enough to balance two cores
PARALLEL_FROM = 300             # below this many entries, forking costs more than it saves


@dataclass(frozen=True)
class PageRecord:
    """A written page, without its text: what later stages (links, search) need."""

    url: str
    kind: str
    lang: str
    indexed: bool


@dataclass
class TaskResult:
    """What one task wrote and found."""

    pages: list[PageRecord] = field(default_factory=list)
    files: list[FileCopy] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    search: list[tuple[str, search.SearchRecord]] = field(default_factory=list)


class PageWriter:
    """Renders, converts and writes pages into `root`; search records go to `search_dirs`."""

    def __init__(self, renderer: Renderer, mirror, root: Path, search_dirs: dict[str, Path]):
        self.renderer, self.mirror, self.root, self.search_dirs = renderer, mirror, root, search_dirs
        self.specs = list(renderer.list_specs())
        self.entries = renderer.catalog.entries

    def tasks(self) -> list[tuple[str, int, int]]:
        """(kind, start, end) slices of the list pages and of the entries."""
        def slices(kind: str, count: int):
            return [(kind, start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
        return slices("specs", len(self.specs)) + slices("entries", len(self.entries))

    def run(self, task: tuple[str, int, int]) -> TaskResult:
        """Do one task."""
        kind, start, end = task
        result = TaskResult()
        if kind == "specs":
            for spec in self.specs[start:end]:
                self._emit(self.renderer.render(spec), result)
        else:
            for entry in self.entries[start:end]:
                rendered = self.renderer.entry(entry)
                result.problems.extend(rendered.problems)
                result.files.extend(rendered.files)
                self._emit(rendered.pages, result)
        return result

    def _emit(self, pages: list[Page], result: TaskResult) -> None:
        for page in pages:
            html = self.mirror.convert_html(page.html) if page.lang == HANT else page.html
            write_file(self.root, page.url, html)
            result.pages.append(PageRecord(page.url, page.kind, page.lang, page.indexed))
            if page.indexed:
                result.search.append((page.lang, self._search_record(page, html)))

    def _search_record(self, page: Page, html: str) -> search.SearchRecord:
        tree = self.renderer.twin_url("", page.lang)
        record = search.page_record(html.encode("utf-8"), page.url[len(tree):])
        search.write_record_file(record, self.search_dirs[page.lang])
        return replace(record, text="")         # the text lives in the record file now


_WRITER: PageWriter | None = None


def _run_in_worker(task):
    return _WRITER.run(task)


def run_all(writer: PageWriter, jobs: int | None = None):
    """Every task's result, in task order; forked workers when the site is large enough."""
    global _WRITER
    tasks = writer.tasks()
    jobs = jobs if jobs is not None else (os.cpu_count() or 1) if len(writer.entries) >= PARALLEL_FROM else 1
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield writer.run(task)
        return
    _WRITER = writer
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_run_in_worker, tasks)
    finally:
        _WRITER = None
