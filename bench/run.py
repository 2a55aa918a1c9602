"""The build benchmark of issue 7: what a cold build, a rebuild and a first search cost at size N.

    .venv/bin/python bench/run.py --entries 1000 10000 [--out DIR] [--json FILE] [--no-browser]

For each N the corpus of `bench/corpus.py` (seed 1) is generated into a scratch folder, and the
real `gksite build` runs in a subprocess (through `cli_timed.py`), its wall time and the peak RSS of
its whole process tree (Pagefind's own binary and the forked workers included) measured by
`peak.py`:

1. cold full build (mirror + search), no cache, no public/;
2. cold build with `--no-search` (cache and public/ removed first);
3. a full rebuild with nothing changed (the cache of a full build present);
4. a full rebuild after one sentence was appended to one published entry's body.

Then, on the full build's output: the size of public/ (every file once, however many hard links
it has), of every `pagefind/` folder (one serves both scripts) and of the fallback `search-data.js`; the
seconds Pagefind took (timed inside the build, and as cold-with-search minus cold-without); the
rate at which `gksite.mirror.Mirror` converts the simplified pages, as the build does, page by page
in one process; and, in headless Chromium, the bytes a browser fetches for a first search query
and for a second, different one. See docs/benchmarks.md for what each number means.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.append(str(ROOT))       # for tests.browser.harness; gksite itself comes from the venv or PYTHONPATH

import yaml  # noqa: E402

from corpus import generate  # noqa: E402
from peak import measure  # noqa: E402

MB = 2 ** 20
SENTENCE = "本条目在基准测试中追加了一句话，用于测量修改一篇条目后的重新生成时间。"
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
PUBLISHED = ("主动公开", "删减后公开")


# -- the machine --------------------------------------------------------------------------------------
def machine() -> dict:
    """CPU model, cores, RAM, Python and gksite versions of this machine."""
    import gksite
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor() or "unknown")
    ram = next((int(line.split()[1]) * 1024 for line in _lines("/proc/meminfo")
                if line.startswith("MemTotal:")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(ram / 2 ** 30, 1),
            "python": platform.python_version(), "gksite": gksite.__version__,
            "gksite_source": source_state(Path(gksite.__file__).resolve().parent.parent),
            "system": f"{platform.system()} {platform.release()}",
            "load_average": [round(x, 1) for x in os.getloadavg()]}


def source_state(folder: Path) -> str:
    """Where gksite was imported from, and its commit (`-dirty` with uncommitted changes) if a checkout."""
    try:
        described = subprocess.run(["git", "-C", str(folder), "describe", "--always", "--dirty"],
                                    capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return str(folder)
    return f"{folder} @ {described.stdout.strip()}" if described.returncode == 0 else str(folder)


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


# -- one command -------------------------------------------------------------------------------------
def measure_cpu(argv: list[str], cwd: Path):
    """`peak.measure(argv)`, plus the CPU seconds (user + system) of the command's whole tree,
    and of those the system's (the kernel's: files made and written, memory mapped).

    peak.py reaps the command, which has reaped its own children (workers, Pagefind), so their
    time lands in this process's RUSAGE_CHILDREN. Unlike wall time, CPU time hardly changes when
    other work shares the machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = measure(argv, cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    system = after.ru_stime - before.ru_stime
    return result, (after.ru_utime - before.ru_utime) + system, system


# -- one build ----------------------------------------------------------------------------------------
@dataclass
class BuildRun:
    """One `gksite build` in a subprocess: wall seconds, peak RSS of its tree, and what it reported."""

    seconds: float
    peak_mb: float
    pages: int
    rendered: int
    cpu_seconds: float = 0.0
    system_seconds: float = 0.0
    timings: dict = field(default_factory=dict)
    published: int = 0
    withheld: int = 0
    broken_search_files: list = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        """HTML pages written (both scripts) per wall second."""
        return self.pages / self.seconds if self.seconds else 0.0


def gksite_build(site: Path, search: bool = True) -> BuildRun:
    """Run `gksite build --site SITE [--no-search]` as a command; raise if it fails."""
    report = site / ".bench-build.json"
    report.unlink(missing_ok=True)
    argv = [sys.executable, str(BENCH / "cli_timed.py"), str(report), "build", "--site", str(site)]
    result, cpu, system = measure_cpu(argv + ([] if search else ["--no-search"]), cwd=site)
    if result.returncode != 0 or not report.exists():
        raise RuntimeError(f"gksite build failed ({result.returncode}):\n{result.stderr[-3000:]}")
    facts = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    return BuildRun(seconds=result.seconds, peak_mb=result.peak_rss_bytes / MB, pages=facts["pages"],
                    rendered=facts["rendered"], cpu_seconds=cpu, system_seconds=system, timings=facts.get("timings", {}),
                    published=facts["published"], withheld=facts["withheld"],
                    broken_search_files=broken_search_files(site / "public"))


def make_cold(site: Path, trash: Path) -> None:
    """Move the build cache and every output folder into `trash`, so the next build starts from
    nothing; `empty_trash` deletes them once every build was measured.

    Not deleted here: on an ext4 file system without a journal (this benchmark's machine), an
    inode freed in the last 5 seconds, or 5 minutes while its table block is unwritten, is not
    given out again, and each new file walks past every such inode. Right after deleting the
    70,000 files of a 10,000-entry build, a file cost up to 1 ms more to create: the cold
    build measured the deletion before it, not itself."""
    for path in [site / ".gksite-cache", site / "public", site / ".public.staging", *site.glob(".public.old*")]:
        to_trash(path, trash)


def to_trash(path: Path, trash: Path) -> None:
    """Move `path`, if it is there, into `trash` under a name no earlier one took."""
    if path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        os.replace(path, trash / f"{len(list(trash.iterdir()))}{path.name}")


def empty_trash(trash: Path) -> None:
    """Delete what `make_cold` and `to_trash` moved away."""
    shutil.rmtree(trash, ignore_errors=True)


# -- the corpus ---------------------------------------------------------------------------------------
# Every Chinese spelling of a front-matter key (README "An entry"), to its English key.
CHINESE_KEYS = {"标题": "title", "索引号": "index_no", "发布机构": "publisher", "公开目录": "category",
                "信息分类": "category", "发布日期": "date", "成文日期": "written", "文号": "doc_no",
                "主题分类": "topic", "主题词": "keywords", "有效性": "validity", "失效日期": "expires",
                "公开属性": "disclosure", "解读文件": "interprets", "附件": "attachments", "草稿": "draft"}


@dataclass(frozen=True)
class SourceEntry:
    """An entry file of the corpus: its front matter, every key in English, and its body."""

    path: Path
    front: dict
    body: str

    def published(self, today: date | None = None) -> bool:
        """Whether gksite publishes it: no draft, 主动公开 or 删减后公开, dated today or earlier."""
        front = self.front
        return (not front.get("draft") and front.get("disclosure", "主动公开") in PUBLISHED
                and as_date(front["date"]) <= (today or date.today()))


def as_date(value) -> date:
    """A front-matter date, whether YAML read it as a date or as text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def read_entry(path: Path) -> SourceEntry:
    """One corpus file: front matter (YAML, Chinese key names made English) and body."""
    match = FRONT.match(path.read_text(encoding="utf-8"))
    front = yaml.safe_load(match[1]) or {}
    return SourceEntry(path, {CHINESE_KEYS.get(key, key): value for key, value in front.items()}, match[2])


def published_entries(site: Path, count: int, seed: int = 1) -> list[SourceEntry]:
    """`count` published entries of the corpus, chosen at random but the same for every run."""
    files = sorted((site / "content").rglob("*.md"))
    rng = random.Random(seed)
    chosen: list[SourceEntry] = []
    for path in rng.sample(files, len(files)):
        entry = read_entry(path)
        if entry.published():
            chosen.append(entry)
            if len(chosen) == count:
                return chosen
    raise RuntimeError(f"the corpus has fewer than {count} published entries")


def edit_one_entry(entry: SourceEntry) -> None:
    """Append one sentence to the body of `entry` (what an editor's small fix looks like)."""
    with open(entry.path, "a", encoding="utf-8") as stream:
        stream.write(f"\n{SENTENCE}\n")


def query_word(entry: SourceEntry, avoid: set[str] = frozenset()) -> str:
    """A 2–4 character Chinese word of the entry's body: one of its 主题词 when the body uses one,
    else a phrase standing between punctuation (a heading such as 发展基础), else a run's start."""
    keywords = [str(word) for word in entry.front.get("keywords") or []]
    runs = HAN_RUN.findall(entry.body)
    candidates = ([w for w in keywords if HAN_WORD.fullmatch(w) and w in entry.body]
                  + [run for run in runs if HAN_WORD.fullmatch(run)] + [run[:4] for run in runs if len(run) >= 4])
    for word in candidates:
        if word not in avoid:
            return word
    raise RuntimeError(f"{entry.path}: no Chinese word to search for")


def entries_containing(site: Path, word: str) -> int:
    """How many published entries hold `word` in their title, 文号, publisher or body: what a
    search for it should find."""
    count = 0
    for path in sorted((site / "content").rglob("*.md")):
        entry = read_entry(path)
        front = entry.front
        text = " ".join(str(front.get(key, "")) for key in ("title", "doc_no", "publisher")) + entry.body
        count += word in text and entry.published()
    return count


# -- sizes --------------------------------------------------------------------------------------------
def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`, each file counted once however many hard links it has."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in folder.rglob("*"):
        stat = path.lstat()
        if path.is_file() and (stat.st_dev, stat.st_ino) not in seen:
            seen.add((stat.st_dev, stat.st_ino))
            total += stat.st_size
    return total, len(seen)


def search_index_folders(public: Path) -> list[Path]:
    """Every `pagefind/` folder of the output (one, for both scripts, since the shards share it)."""
    found = sorted(p for p in public.rglob("pagefind") if p.is_dir())
    return [p for p in found if not any(other in p.parents for other in found)]


def broken_search_files(public: Path) -> list[str]:
    """Files of the Pagefind bundles that are empty or unreadable: a JSON file that does not parse,
    a gzip file (all but Pagefind's JS, CSS and JSON) that does not decompress. A truncated
    `wasm.unknown.pagefind` or `pagefind-entry.json` leaves search unable to start."""
    broken = []
    for folder in search_index_folders(public):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not _readable(path):
                broken.append(f"{path.relative_to(public)} ({path.stat().st_size} bytes)")
    return broken


def _readable(path: Path) -> bool:
    data = path.read_bytes()
    try:
        if path.suffix == ".json":
            json.loads(data)
        elif path.suffix not in (".js", ".css"):
            data = gzip.decompress(data)
    except (ValueError, OSError, EOFError, zlib.error):
        return False
    return bool(data)


def html_pages(public: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    """The HTML files of the output, outside the folders in `skip`."""
    return sorted(p for p in public.rglob("*.html")
                  if p.is_file() and not any(folder in p.parents for folder in skip))


def output_sizes(site: Path) -> dict:
    """Sizes of public/, of its search index folders and of the fallback data file."""
    public = site / "public"
    public_bytes, public_files = tree_size(public)
    indexes = [tree_size(folder) for folder in search_index_folders(public)]
    fallback = public / "search-data.js"
    cache_bytes, _ = tree_size(site / ".gksite-cache") if (site / ".gksite-cache").is_dir() else (0, 0)
    return {"public_mb": public_bytes / MB, "public_files": public_files,
            "index_mb": sum(b for b, _ in indexes) / MB, "index_files": sum(n for _, n in indexes),
            "index_folders": len(indexes),
            "fallback_kb": fallback.stat().st_size / 1024 if fallback.exists() else 0.0,
            "cache_mb": cache_bytes / MB}


# -- the mirror ---------------------------------------------------------------------------------------
def conversion_rate(site: Path) -> dict:
    """MB/s of simplified HTML converted to traditional, page by page, by the build's own `Mirror`;
    and, for comparison, OpenCC alone on the same pages (markup included)."""
    import opencc

    from gksite.mirror import site_mirror
    from gksite.config import load_config
    config = load_config(site)
    mirror = site_mirror(config)
    public = site / "public"
    pages = html_pages(public, (public / config.mirror.prefix, *search_index_folders(public)))
    converter = opencc.OpenCC(config.mirror.variant)
    size = mirror_seconds = opencc_seconds = 0.0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        size += len(html.encode("utf-8"))
        started = time.perf_counter()
        mirror.convert_html(html)
        mirror_seconds += time.perf_counter() - started
        started = time.perf_counter()
        converter.convert(html)
        opencc_seconds += time.perf_counter() - started
    return {"pages": len(pages), "mb": size / MB, "mirror_seconds": mirror_seconds,
            "mirror_mb_s": size / MB / mirror_seconds if mirror_seconds else 0.0,
            "opencc_mb_s": size / MB / opencc_seconds if opencc_seconds else 0.0}


# -- a first search in the browser --------------------------------------------------------------------
# The status line (layouts/search.html, assets/search.js) names the query once results are shown,
# or says that search could not start (Pagefind failed to load, or the metadata fallback took over).
ANSWERED = """word => {
  const text = document.getElementById('search-status').textContent;
  return (text.indexOf('“' + word + '”') >= 0 && text.indexOf('正在') < 0)
      || text.indexOf('无法使用') >= 0 || text.indexOf('离线查找') >= 0;
}"""


def fetched(responses: list, base: str) -> dict:
    """Bytes and count of the responses, split into the search's own (the page, pagefind/,
    search/) and everything else (CSS, search.js …)."""
    tally = {"search_bytes": 0, "search_requests": 0, "all_bytes": 0, "all_requests": 0}
    for response in responses:
        path = response.url[len(base):].split("?")[0] if response.url.startswith(base) else response.url
        try:
            size = len(response.body())
        except Exception:          # a redirect or an aborted request has no body
            size = 0
        tally["all_bytes"] += size
        tally["all_requests"] += 1
        parts = path.split("/")
        if "pagefind" in parts[:-1] or "search" in parts[:-1] or parts[-1] == "search.html":
            tally["search_bytes"] += size
            tally["search_requests"] += 1
    return tally


def search_costs(public: Path, words: tuple[str, str]) -> dict:
    """Serve `public/`, open search.html?q=<first word>, then search the second word on the same
    page; what each query fetched, its result count and the milliseconds until results showed."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import launch, serve
    costs = {}
    with serve(public) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        responses: list = []
        page.on("response", lambda response: responses.append(response))
        started = time.perf_counter()
        page.goto(f"{base}search.html?q={quote(words[0])}")
        costs["first"] = _answer(page, words[0], started, responses, base)
        responses.clear()
        started = time.perf_counter()
        page.fill("#search-q", words[1])
        page.click("#search-form button[type=submit]")
        costs["second"] = _answer(page, words[1], started, responses, base)
        browser.close()
    return costs


def _answer(page, word: str, started: float, responses: list, base: str) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(ANSWERED, arg=word, timeout=120_000)
    except PlaywrightTimeout:       # the status line never named the query: reported as a failure
        pass
    milliseconds = (time.perf_counter() - started) * 1000
    page.wait_for_load_state("networkidle")
    status = page.inner_text("#search-status")
    found = re.search(r"共找到 (\d+) 条", status)
    return {"word": word, "results": int(found[1]) if found else 0, "ms": milliseconds, "status": status,
            "answered": f"“{word}”" in status, **fetched(list(responses), base)}


# -- one size -----------------------------------------------------------------------------------------
def bench_size(entries: int, folder: Path, browser: bool = True, seed: int = 1, log=print) -> dict:
    """Every measurement for a corpus of `entries` entries, generated into `folder`/site."""
    site = folder / "site"
    generate(site, entries=entries, seed=seed)
    log(f"[N={entries}] corpus written to {site}")
    builds, trash = {}, folder / "trash"
    make_cold(site, trash)
    builds["cold_no_search"] = gksite_build(site, search=False)
    make_cold(site, trash)
    builds["cold_full"] = gksite_build(site, search=True)
    result = {"entries": entries, "published": builds["cold_full"].published,
              "withheld": builds["cold_full"].withheld, "sizes": output_sizes(site),
              "html_files": len(html_pages(site / "public", tuple(search_index_folders(site / "public"))))}
    edited_entry, other = published_entries(site, 2, seed)
    if browser:     # on the cold build's output, before any rebuild
        first = query_word(other)
        words = (first, query_word(edited_entry, {first}))
        result["search"] = search_costs(site / "public", words)
        for which, word in zip(("first", "second"), words):
            result["search"][which]["expected"] = entries_containing(site, word)
    builds["rebuild_unchanged"] = gksite_build(site, search=True)
    edit_one_entry(edited_entry)
    builds["rebuild_edited"] = gksite_build(site, search=True)
    for name, run in builds.items():
        log(f"[N={entries}] {name}: {run.seconds:.1f} s, {run.peak_mb:.0f} MB")
    result["conversion"] = conversion_rate(site)
    result["builds"] = {name: {**asdict(run), "pages_per_second": run.pages_per_second}
                        for name, run in builds.items()}
    result["pagefind_seconds"] = builds["cold_full"].timings.get("search")
    result["pagefind_difference_seconds"] = builds["cold_full"].seconds - builds["cold_no_search"].seconds
    return result


# -- the table ----------------------------------------------------------------------------------------
def _row(label: str, results: list[dict], show) -> str:
    cells = []
    for result in results:
        try:
            cells.append(show(result))
        except (KeyError, TypeError):
            cells.append("—")
    return f"| {label} | " + " | ".join(cells) + " |"


def table(results: list[dict]) -> str:
    """The results as one Markdown table: a row a measurement, a column a corpus size."""
    b = lambda r, name: r["builds"][name]  # noqa: E731
    rows = [
        ("entries (published / withheld)", lambda r: f"{r['entries']} ({r['published']} / {r['withheld']})"),
        ("HTML pages written, both scripts", lambda r: f"{b(r, 'cold_full')['pages']}"),
        ("1. cold full build (mirror + search): s", lambda r: f"{b(r, 'cold_full')['seconds']:.1f}"),
        ("1. cold full build: CPU s (user + sys, whole tree)", lambda r: f"{b(r, 'cold_full')['cpu_seconds']:.1f}"),
        ("1. cold full build: of which system CPU s", lambda r: f"{b(r, 'cold_full')['system_seconds']:.1f}"),
        ("1. cold full build: pages/s", lambda r: f"{b(r, 'cold_full')['pages_per_second']:.0f}"),
        ("1. cold full build: peak RSS, MB", lambda r: f"{b(r, 'cold_full')['peak_mb']:.0f}"),
        ("2. cold build, --no-search: s", lambda r: f"{b(r, 'cold_no_search')['seconds']:.1f}"),
        ("2. cold build, --no-search: CPU s", lambda r: f"{b(r, 'cold_no_search')['cpu_seconds']:.1f}"),
        ("2. cold build, --no-search: of which system CPU s",
         lambda r: f"{b(r, 'cold_no_search')['system_seconds']:.1f}"),
        ("2. cold build, --no-search: pages/s", lambda r: f"{b(r, 'cold_no_search')['pages_per_second']:.0f}"),
        ("2. cold build, --no-search: peak RSS, MB", lambda r: f"{b(r, 'cold_no_search')['peak_mb']:.0f}"),
        ("3. rebuild, no change: s", lambda r: f"{b(r, 'rebuild_unchanged')['seconds']:.2f}"),
        ("3. rebuild, no change: CPU s", lambda r: f"{b(r, 'rebuild_unchanged')['cpu_seconds']:.2f}"),
        ("3. rebuild, no change: peak RSS, MB", lambda r: f"{b(r, 'rebuild_unchanged')['peak_mb']:.0f}"),
        ("3. rebuild, no change: pages rendered", lambda r: f"{b(r, 'rebuild_unchanged')['rendered']}"),
        ("4. rebuild, one entry edited: s", lambda r: f"{b(r, 'rebuild_edited')['seconds']:.2f}"),
        ("4. rebuild, one entry edited: CPU s", lambda r: f"{b(r, 'rebuild_edited')['cpu_seconds']:.2f}"),
        ("4. rebuild, one entry edited: peak RSS, MB", lambda r: f"{b(r, 'rebuild_edited')['peak_mb']:.0f}"),
        ("4. rebuild, one entry edited: pages rendered", lambda r: f"{b(r, 'rebuild_edited')['rendered']}"),
        ("5. public/, MB (hard-linked files once) / files",
         lambda r: f"{r['sizes']['public_mb']:.1f} / {r['sizes']['public_files']}"),
        ("5. search index (every pagefind/ folder), MB / files",
         lambda r: f"{r['sizes']['index_mb']:.1f} / {r['sizes']['index_files']} in {r['sizes']['index_folders']}"),
        ("5. search-data.js (simplified), KB", lambda r: f"{r['sizes']['fallback_kb']:.0f}"),
        ("5. build cache (.gksite-cache), MB", lambda r: f"{r['sizes']['cache_mb']:.1f}"),
        ("6. indexing, s (timed in the build)", lambda r: f"{r['pagefind_seconds']:.1f}"),
        ("6. indexing, s (cold full − cold --no-search)", lambda r: f"{r['pagefind_difference_seconds']:.1f}"),
        ("7. OpenCC via Mirror.convert_html, MB/s", lambda r: f"{r['conversion']['mirror_mb_s']:.1f}"),
        ("7. OpenCC alone on the same pages, MB/s", lambda r: f"{r['conversion']['opencc_mb_s']:.1f}"),
        ("8. first query: KB fetched (page, pagefind/, search/) / requests",
         lambda r: _query(r["search"]["first"])),
        ("8. first query: KB fetched, all requests / requests",
         lambda r: f"{r['search']['first']['all_bytes'] / 1024:.0f} / {r['search']['first']['all_requests']}"),
        ("8. second query: extra KB / requests", lambda r: _query(r["search"]["second"])),
        ("search bundle intact after every build", _intact),
    ]
    head = "| measure | " + " | ".join(f"N = {r['entries']:,}" for r in results) + " |"
    rule = "|---|" + "---:|" * len(results)
    return "\n".join([head, rule] + [_row(label, results, show) for label, show in rows])


def _query(costs: dict) -> str:
    if not costs["answered"]:
        return f"search failed: {costs['status']}"
    return (f"{costs['search_bytes'] / 1024:.0f} / {costs['search_requests']} (“{costs['word']}”: "
            f"{costs['results']} results, {costs.get('expected', '?')} entries hold it; {costs['ms']:.0f} ms)")


def _intact(result: dict) -> str:
    broken = {name: build["broken_search_files"] for name, build in result["builds"].items()
              if build["broken_search_files"]}
    return "yes" if not broken else "NO: " + "; ".join(f"{name}: {', '.join(files[:3])}"
                                                        for name, files in broken.items())


def machine_line(info: dict) -> str:
    """The machine, in one line for the top of the table."""
    return (f"{info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM, {info['system']}, "
            f"Python {info['python']}, gksite {info['gksite']} ({info['gksite_source']}), "
            f"load average {' '.join(map(str, info['load_average']))}")


# -- the command --------------------------------------------------------------------------------------
def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Measure every size asked for; print the machine and the table."""
    parser = argparse.ArgumentParser(description="Benchmark gksite builds on generated corpora.")
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--out", type=Path, help="keep the generated sites here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="skip the search queries in Chromium")
    args = parser.parse_args(argv)
    info = machine()
    print(f"machine: {machine_line(info)}", flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="gksite-bench-")) if args.out is None else args.out.resolve()
    results = []
    try:
        for entries in args.entries:
            results.append(bench_size(entries, scratch / f"n{entries}", not args.no_browser, args.seed, _log))
    finally:       # only now: deleting files slows the creation of files for minutes (make_cold)
        if args.out is None:
            shutil.rmtree(scratch, ignore_errors=True)
        for entries in args.entries:
            empty_trash(scratch / f"n{entries}" / "trash")
    info["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    print(table(results))
    print(f"load average at the end: {' '.join(map(str, info['load_average_after']))}")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, ensure_ascii=False, indent=2),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
