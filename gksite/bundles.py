"""Pagefind at work on a thread of its own: bundles are written while the build goes on.

Each bundle is written by its own Pagefind process straight into the staging folder, then
read back whole: now and then (more often on a busy machine) Pagefind, driven through its
Python client, left a file of its bundle empty or cut short. A damaged bundle is written
again; a build never publishes, or caches, a broken search index.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import gzip
import json
import os
import shutil
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from .output import remove_all_but, same_bytes

# A record's body is our own tokens, not Chinese, but an index of another language (one that
# Pagefind does not segment, and so indexes 16% faster) also matches a query word missing
# from a shard to a similar one (zyear…34z found zyear…35z): only zh, ja and th match exactly.
LANGUAGE = "zh"
ATTEMPTS = 3
RUNTIME_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")
INDEX_PARTS = ("pagefind-entry.json", "index", "fragment", "filter")
PLACEHOLDER = "gksitepagefindruntimeplaceholder"      # the runtime's only record, which no query finds
PLACEHOLDER_PAGE = "index.html"
_COMPRESSED = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")


_RUNNER: contextvars.ContextVar = contextvars.ContextVar("gksite_bundle_runner", default=None)


@dataclass(frozen=True)
class BundleJob:
    """One bundle: the record files it indexes (those of `months` in `records_dir`; none
    for the runtime), where it goes, and a key over everything it is made of."""

    records_dir: Path
    months: tuple[str, ...]   # "2025-03" …, the first seven characters of a record's name
    folder: str               # relative to the output root, ending in "/"
    key: str


@dataclass(frozen=True)
class BundleFile:
    """A file of a finished bundle, as the build cache records it."""

    url: str
    size: int
    mtime_ns: int


class BundleRunner:
    """Runs bundle jobs on a thread of its own, `limit` Pagefind processes at a time."""

    def __init__(self, root: Path, limit: int):
        self.root, self._limit = root, limit
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._gate: asyncio.Semaphore | None = None
        self._closing = False
        self.futures: list[tuple[BundleJob, concurrent.futures.Future]] = []
        self.processes: set = set()     # the Pagefind processes started (asyncio's)

    def submit(self, job: BundleJob) -> None:
        """Start `job` when a process is free (the thread starts with the first job: by then
        the page workers are forked, and a fork never copies a running thread)."""
        if self._loop is None:
            self._start()
        future = asyncio.run_coroutine_threadsafe(self._one(job), self._loop)
        self.futures.append((job, future))

    def busy(self) -> int:
        """The cores the jobs given and not done hold now, or will once one ends."""
        return min(self._limit, sum(not future.done() for _job, future in self.futures))

    def wait(self) -> None:
        """Until a job ends (at once if none is left)."""
        concurrent.futures.wait([future for _job, future in self.futures if not future.done()],
                                return_when=concurrent.futures.FIRST_COMPLETED)

    def widen(self, limit: int) -> None:
        """Allow `limit` processes at a time from now on (only ever more)."""
        if self._loop is not None and limit > self._limit:
            for _ in range(limit - self._limit):
                self._loop.call_soon_threadsafe(self._gate.release)
        self._limit = max(limit, self._limit)

    def close(self) -> None:
        """Drop the jobs not started, stop those running and wait until their Pagefind processes
        have ended (one left running could outlive the build), and end the thread."""
        if self._loop is None:
            return
        self._closing = True            # jobs waiting for a process end at once, even those the
        self.widen(self._limit + len(self.futures))     # page workers held back (a build failed or stopped)
        self._loop.call_soon_threadsafe(self._stop_processes)
        concurrent.futures.wait([future for _job, future in self.futures])
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
        self._loop = None

    def _start(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="gksite-pagefind", daemon=True)
        self._thread.start()

        async def gate() -> asyncio.Semaphore:
            return asyncio.Semaphore(self._limit)
        self._gate = asyncio.run_coroutine_threadsafe(gate(), self._loop).result()

    async def _one(self, job: BundleJob) -> list[BundleFile]:
        async with self._gate:
            if self._closing:
                return []
            _RUNNER.set(self)           # for `index_records`, in this job's context
            return await build_bundle(job, self.root)

    def started(self, process) -> None:
        """Note a Pagefind process of this runner's (stopped at once when closing)."""
        self.processes.add(process)
        if self._closing:
            self._stop_processes()

    def _stop_processes(self) -> None:
        """Kill the Pagefind processes still running (a build that failed or was stopped: on
        success none is); their jobs end as `index_records` sees them go."""
        for process in self.processes:
            if process.returncode is None:
                process.kill()


async def build_bundle(job: BundleJob, root: Path) -> list[BundleFile]:
    """Write `job`'s bundle into `root`/`job.folder`, read it back whole (again, up to
    `ATTEMPTS` times, if damaged), and list its files. A shard keeps only its index; the
    runtime also Pagefind's script, worker and WebAssembly."""
    keep = INDEX_PARTS + (RUNTIME_FILES if not job.months else ())
    output = root / job.folder
    for _attempt in range(ATTEMPTS):
        shutil.rmtree(output, ignore_errors=True)
        output.mkdir(parents=True)
        await index_records(job, output)
        _drop_extras(output, keep)
        damage, files = _read_back(output, keep, root)
        if damage is None:
            return files
    raise SearchIndexError(f"Pagefind 连续 {ATTEMPTS} 次写坏了搜索索引 {job.folder}：{damage}")


async def index_records(job: BundleJob, output: Path) -> None:
    """One Pagefind process, run as its command line: the job's record files (or the
    runtime's placeholder page) → `output`.

    Not Pagefind's Python client, which drives the same binary as a service: it reads the
    answers every 0.1 s, 0.3–0.4 s a bundle of nothing but waiting, and that binary took
    a fifth more CPU for a shard than its command line, which writes the very same files.
    The command runs in the records' folder, with no `PAGEFIND_` setting of ours or the
    user's, so no Pagefind configuration file or variable can change what it writes; its
    end other than success (killed by the system short of memory, or by a Ctrl-C that
    reaches it too) is `SearchIndexError`."""
    site = _in_name_order(job) if job.months else _placeholder(job.records_dir)
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    try:
        process = await asyncio.create_subprocess_exec(
            str(pagefind_binary()), "--site", str(site), "--glob", "*.html", "--output-path", str(output),
            "--force-language", LANGUAGE, "--keep-index-url", "--silent",
            cwd=site, env=environment, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        runner = _RUNNER.get()
        if runner is not None:
            runner.started(process)
        try:
            said, _ = await process.communicate()
        except BaseException:           # the build stops: the process must not outlive it
            if process.returncode is None:
                process.kill()
            await process.wait()
            raise
        finally:
            if runner is not None:
                runner.processes.discard(process)
    finally:
        if job.months:
            shutil.rmtree(site, ignore_errors=True)
    if process.returncode != 0:
        code = process.returncode
        how = f"被信号 {-code} 终止" if code < 0 else f"退出码 {code}"
        last = said.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise SearchIndexError(f"Pagefind 在生成搜索索引 {job.folder} 时意外退出（{how}）" + "".join(f"：{line}" for line in last))


def pagefind_binary() -> Path:
    """The Pagefind binary the `pagefind[extended]` package installed (or the one
    `PAGEFIND_BINARY_PATH` names, as its own client would use)."""
    from pagefind.service import get_executable
    found = get_executable()
    if found is None:
        raise SearchIndexError("找不到 Pagefind 程序（pagefind[extended] 没有装好）")
    return found


def _in_name_order(job: BundleJob) -> Path:
    """A folder of the job's own with its record files, linked in the order of their names.

    Pagefind numbers a bundle's pages in the order it lists them from their folder, which
    on tmpfs, btrfs or a small ext4 folder is the order they were made in: that of the page
    workers' race. Indexed from the records' own folder, two builds of the same records
    could write different bundles."""
    folder = job.records_dir.parent / "indexing" / job.folder.strip("/").replace("/", "+")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    months = set(job.months)
    for name in sorted(os.listdir(job.records_dir)):
        if name[:7] in months and name[7:8] == "+" and name.endswith(".html"):
            try:
                os.link(job.records_dir / name, folder / name)
            except OSError:         # a file system without hard links
                shutil.copyfile(job.records_dir / name, folder / name)
    return folder


def _placeholder(records_dir: Path) -> Path:
    """The folder of the runtime's only record, beside the records' folder: a page no
    query finds, written once."""
    folder = records_dir.parent / "runtime"
    page = folder / PLACEHOLDER_PAGE
    html = (f'<!DOCTYPE html><html lang="{LANGUAGE}"><body><main data-pagefind-body>'
            f"<p>{PLACEHOLDER}</p></main></body></html>").encode("utf-8")
    if not same_bytes(page, html):
        folder.mkdir(parents=True, exist_ok=True)
        page.write_bytes(html)
    return folder


class SearchIndexError(Exception):
    """Pagefind did not make a bundle: the build fails, its last output stays."""

    hint = "再生成一次；若一再出现，看系统是否缺内存（dmesg 里的 Out of memory），或先用 --no-search 生成"


def _drop_extras(output: Path, keep: tuple[str, ...]) -> None:
    """Pagefind writes its own UI beside the index: only what the site needs stays."""
    remove_all_but(output, lambda name: _kept(name, keep))


def _kept(name: str, names: tuple[str, ...]) -> bool:
    """Whether the site keeps the item `name` of a bundle: one of `names`, or the metadata index."""
    return name in names or name.endswith(".pf_meta")


def bundle_damage(folder: Path, names: tuple[str, ...]) -> str | None:
    """What is wrong with the Pagefind bundle in `folder`, or None: every file we keep
    must be whole (the compressed ones decompress, the entry file parses, the script
    ends with its exports)."""
    return _read_back(folder, names, folder)[0]


def _read_back(folder: Path, names: tuple[str, ...], root: Path) -> tuple[str | None, list[BundleFile]]:
    """Each kept file of the bundle in `folder`, read whole once: the damage found (or
    None) and, by address relative to `root`, what the build cache records of it."""
    files = []
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        if not entry.get("languages"):
            return "pagefind-entry.json names no index", []
        for path in _kept_files(folder, names):
            with open(path, "rb") as stream:
                data, stat = stream.read(), os.fstat(stream.fileno())
            damage = _file_damage(os.path.basename(path), data)
            if damage:
                return damage, []
            files.append(BundleFile(Path(path).relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    except (OSError, ValueError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        return f"{type(exc).__name__}: {exc}", []
    return None, sorted(files, key=lambda f: f.url)


def _kept_files(folder: Path, names: tuple[str, ...]) -> list[str]:
    """The files of the bundle the site keeps: top-level `names` (files or folders) and the
    metadata index."""
    found = []
    for top in sorted(os.listdir(folder)):
        if not _kept(top, names):
            continue
        path = os.path.join(folder, top)
        if os.path.isdir(path):
            found += [os.path.join(path, name) for name in sorted(os.listdir(path))]
        else:
            found.append(path)
    return found


def _file_damage(name: str, data: bytes) -> str | None:
    if not data:
        return f"{name} is empty"
    if name.endswith(_COMPRESSED):
        gzip.decompress(data)
    elif name == "pagefind.js" and b"export{" not in data[-4096:]:
        return "pagefind.js is cut short"
    return None
