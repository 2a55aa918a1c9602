"""Write a build into a staging folder, then put it into place.

A failed build never touches the previous output: everything is written beside it,
and only a build whose every internal `href`/`src` resolves to a file (`linkcheck`) goes live.
A cold build is a whole new tree, renamed over the old one, which is deleted in the
background (`remove_later`): tens of thousands of files can take a disk longer to delete
than a tenth of the build, and the new site is live already. A build from the cache
stages only the files that changed, then moves them in and deletes what is gone (a
patch): relinking and deleting tens of thousands of unchanged files would cost more
than the rest of the build. A patch interrupted half-way leaves files that no longer
match the cache's record of them, so the next build renders them again.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from .feeds import FEED, GENERATOR
from .problems import ERROR, ContentError, Problem
from .resources import overlay

LATER_FROM = 2_000              # files: a failed build with more has its staging deleted meanwhile


class Staging:
    """A build in progress beside the real output folder.

    `live`, for a patch, is every file the current output holds (by URL); files the
    build keeps (`keep`) then stay where they are."""

    def __init__(self, output_dir: Path, live: set[str] | None = None):
        self.output_dir = output_dir
        self.path = output_dir.parent / f".{output_dir.name}.staging"
        self.patch = live is not None and output_dir.is_dir()
        self._live = live or set()
        self._written: set[str] = set()
        self._kept: set[str] = set()
        self._folders: set[Path] = set()
        self._copied: dict[Path, Path] = {}

    def __enter__(self) -> "Staging":
        self._discard()             # left by a build that was killed: out of the way at once
        self.path.mkdir(parents=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # A failed cold build has staged nearly every file (tens of thousands at the link
        # check): they are deleted meanwhile, so that the error shows at once.
        if exc_type is not None and len(self._written) >= LATER_FROM:
            self._discard()
        else:
            _remove(self.path)

    def _discard(self) -> None:
        """Move the staging folder aside as a superseded tree and delete it meanwhile."""
        if self.path.exists():
            remove_later([self._set_aside(self.path)])

    def _set_aside(self, folder: Path) -> Path:
        """Rename `folder` to a superseded tree beside the output (`.public.old-…`, which
        the next full build deletes if this one does not); returns its new path."""
        aside = self.output_dir.parent / f".{self.output_dir.name}.old-{os.getpid()}-{time.time_ns()}"
        os.replace(folder, aside)
        return aside

    def write_text(self, url: str, text: str) -> None:
        """Write one text file (in a patch, keep the live one when it says the same)."""
        data = text.encode("utf-8")
        if self.patch and url in self._live and same_bytes(self.output_dir / url, data):
            self.keep(url)
            return
        self._target(url).write_bytes(data)

    def write_page(self, url: str, text: str) -> None:
        """Write one page, from any process (the parent registers it)."""
        self._folder(self.path / url).write_bytes(text.encode("utf-8"))

    def keep(self, url: str) -> None:
        """Take the current output's file at `url` into this build unchanged."""
        self.register(url)
        self.link_kept(url)
        self.kept(url)

    def kept(self, url: str) -> None:
        """Note that `url`, registered, was kept by a worker (see `link_kept`)."""
        self._kept.add(url)

    def link_kept(self, url: str) -> None:
        """The file-system half of `keep`, safe in a worker process: a new tree gets a hard
        link to the current file; a patch leaves it where it is."""
        if self.patch:
            return
        source, target = self.output_dir / url, self._folder(self.path / url)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    def adopt(self, url: str, path: Path) -> None:
        """Take a file written elsewhere (a search bundle the preview indexed beside its
        updates) into this build, by moving it."""
        os.replace(path, self._target(url))

    def file(self, url: str) -> Path:
        """Where the file at `url` of this build is now."""
        return self.output_dir / url if self.patch and url in self._kept else self.path / url

    def register(self, url: str) -> None:
        """Count a file another process wrote with `write_page`."""
        if url in self._written:
            raise ContentError([Problem(url, 1, 1, ERROR, "output-collision", f"两个文件都要写到 {url}",
                                        "给附件或图片换一个文件名")])
        self._written.add(url)

    def copy(self, url: str, source: Path) -> None:
        """Copy one file; a second copy of the same source is a hard link, not more disk."""
        target = self._target(url)
        first = self._copied.get(source)
        if first is not None:
            try:
                os.link(first, target)
                return
            except OSError:
                pass
        shutil.copyfile(source, target)
        self._copied[source] = target

    @property
    def written(self) -> set[str]:
        """The URL of every file written so far."""
        return self._written

    @property
    def replaced(self) -> set[str]:
        """The URL of every file this build writes anew (not kept from the current output)."""
        return self._written - self._kept

    @property
    def count(self) -> int:
        """How many files this build wrote."""
        return len(self._written)

    def _target(self, url: str) -> Path:
        self.register(url)
        return self._folder(self.path / url)

    def _folder(self, target: Path) -> Path:
        """`target`, its folder made (once: a mkdir costs as much as writing a small file)."""
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def publish(self, gone: set[str] | None = None) -> None:
        """Put the staged build into place; the old output is removed only after. A patch
        deletes the live files this build did not write or keep, or exactly `gone`."""
        if self.patch:
            self._publish_patch(self._live - self._written if gone is None else gone)
            return
        name, parent = self.output_dir.name, self.output_dir.parent
        superseded = sorted(parent.glob(f".{name}.old*"))     # left by a build whose deletion was cut short
        if self.output_dir.exists():
            superseded.append(self._set_aside(self.output_dir))
        os.replace(self.path, self.output_dir)
        remove_later(superseded)


    def _publish_patch(self, gone: set[str]) -> None:
        """New and changed files moved in first, so no page links to a missing one; then
        the files of the last build that this one no longer has are deleted."""
        for url in sorted(self._written - self._kept):
            target = self.output_dir / url
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path / url, target)
        for url in sorted(gone, reverse=True):
            gone = self.output_dir / url
            gone.unlink(missing_ok=True)
            _remove_empty_parents(gone.parent, self.output_dir)


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (False when it cannot be read)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:          # not empty (or gone): the folders above are not empty either
            return
        folder = folder.parent


def asset_files(site_root: Path) -> list[tuple[str, Path]]:
    """The built-in assets overlaid by the site's own, file by file, under `assets/`."""
    chosen: dict[str, Path] = {}
    for folder in reversed(overlay(site_root, "assets")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                chosen[path.relative_to(folder).as_posix()] = path
    return [(f"assets/{name}", path) for name, path in sorted(chosen.items())]


def made_by_a_build(folder: Path) -> bool:
    """Whether `folder` may be replaced by a build: it does not exist, is empty, or is the
    output of an earlier build (its feed names gksite as its generator, or, written before
    feeds did, its home page does). A build replaces its output whole, and must never
    delete an office's own files that happen to lie in the folder it was pointed at."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    if next(folder.iterdir(), None) is None:
        return True
    marks = ((folder / FEED, f">{GENERATOR}</generator>".encode()),
             (folder / "index.html", f'name="generator" content="{GENERATOR}'.encode()))
    for path, mark in marks:
        try:
            with open(path, "rb") as stream:
                if mark in stream.read(1 << 16):
                    return True
        except OSError:
            continue
    return False


def fail_on(problems: list[Problem]) -> None:
    """Raise `ContentError` when any problem is an error."""
    if any(p.severity == ERROR for p in problems):
        raise ContentError(problems)


def remove_all_but(folder: Path, keep) -> None:
    """Delete every file and folder directly in `folder` whose name `keep(name)` refuses."""
    for item in os.scandir(folder):
        if not keep(item.name):
            _remove(Path(item.path))


def remove_later(paths: list[Path]) -> None:
    """Delete `paths` (trees no output needs any more) in a process of their own, which goes
    on after this one ends; where none can be started, delete them now. `rm` runs in a
    session of its own, so a Ctrl-C in the terminal a moment later leaves it to finish; one
    cut short anyway leaves a `.public.old-…` folder, which the next full build removes."""
    if not paths:
        return
    try:
        subprocess.run(["sh", "-c", 'rm -rf -- "$@" </dev/null >/dev/null 2>&1 &', "gksite-remove",
                        *map(str, paths)], check=True, start_new_session=True)
    except (OSError, subprocess.CalledProcessError):
        for path in paths:
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
