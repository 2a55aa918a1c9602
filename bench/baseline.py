"""The comparison target of issue 7: Hugo, then OpenCC, then Pagefind, one after the other.

    .venv/bin/python bench/baseline.py --entries 1000 10000 [--out DIR] [--json FILE]

"gksite's cold full build must be no slower than rendering the same corpus with Hugo, converting
it with OpenCC and indexing it with Pagefind one after the other." For each N this script
generates the corpus of `bench/corpus.py` (seed 1, as `bench/run.py` does), turns it into a Hugo
site in a scratch folder (untimed), then times three commands, each with the peak RSS of its
whole process tree (`peak.py`):

1. `hugo` renders the site with the layouts in `bench/baseline_hugo/` (our own: the metadata
   table, the body, attachments, previous/next; paginated catalog, publisher, year and topic
   lists; a home page with the catalog tree), into `public/`;
2. a Python process converts every HTML file Hugo wrote to traditional characters with the
   `opencc` binding (s2t, one converter, one call per file, markup included) into
   `public/zh-hant/`;
3. `python -m pagefind --site public` (the venv's extended binary, which segments Chinese)
   indexes both scripts; only entry pages carry `data-pagefind-body`, as in gksite.

It prints each step, their sum and the largest peak. Hugo is Debian's package: `apt-get install
-y hugo`. Only entries gksite would publish are given to Hugo (drafts, 依申请公开, 不予公开 and
future-dated entries are left out); Chinese key spellings and Chinese category paths are
normalised to the English keys and catalog codes.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import yaml  # noqa: E402

from corpus import generate  # noqa: E402
from run import (MB, as_date, empty_trash, html_pages, machine, machine_line, measure_cpu,  # noqa: E402
                 read_entry, to_trash)

LAYOUTS = BENCH / "baseline_hugo"
MIRROR_PREFIX = "zh-hant"
INSTALL_HINT = "hugo is not installed: on Debian, `apt-get install -y hugo` (the extended build, v0.111 or later)"


# -- the gksite site, as the conversion needs it ------------------------------------------------------
@dataclass(frozen=True)
class SiteFacts:
    """What site.yaml says about names: catalog paths, publishers, topics, and the site identity."""

    identity: dict
    node_names: dict        # code path "a/b/c" → its names, "甲 / 乙 / 丙"
    node_codes: dict        # names path "甲/乙/丙" or code path → code path
    policy: frozenset       # code paths of 政策文件 nodes
    publishers: dict        # name → code
    topics: dict            # name → code


def site_facts(site: Path) -> SiteFacts:
    """Read `site/site.yaml`."""
    data = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    names, codes, policy = {}, {}, set()

    def walk(nodes, path=(), labels=()):
        for node in nodes or ():
            here, shown = path + (str(node["code"]),), labels + (node["name"],)
            names["/".join(here)] = " / ".join(shown)
            codes["/".join(here)] = codes["/".join(shown)] = "/".join(here)
            if node.get("policy"):
                policy.add("/".join(here))
            walk(node.get("children"), here, shown)

    walk(data["catalog"])
    return SiteFacts(identity=data["site"], node_names=names, node_codes=codes, policy=frozenset(policy),
                     publishers={p["name"]: str(p["code"]) for p in data["publishers"]},
                     topics={t["name"]: str(t["code"]) for t in data.get("topics", ())})


# -- entries → Hugo page bundles ----------------------------------------------------------------------
@dataclass(frozen=True)
class HugoEntry:
    """One published entry as a Hugo leaf bundle: `content/<catalog path>/<stem>/index.md`."""

    bundle: str
    front: dict
    body: str
    files: tuple[Path, ...]


def validity_on(front: dict, category: str, facts: SiteFacts, today: date) -> str:
    """有效/失效/废止 as the entry page shows it today (an `expires` in the past reads 失效)."""
    validity = front.get("validity", "")
    if validity in ("失效", "废止"):
        return validity
    if front.get("expires") and as_date(front["expires"]) < today:
        return "失效"
    return validity or ("有效" if category in facts.policy else "")


def hugo_entry(path: Path, facts: SiteFacts, bundles: dict, today: date) -> HugoEntry | None:
    """The Hugo bundle of one corpus file, or None when gksite would not publish it."""
    entry = read_entry(path)
    if not entry.published(today):
        return None
    front = entry.front
    category = facts.node_codes[str(front["category"]).strip("/")]
    day = as_date(front["date"])
    hugo = {"title": front["title"], "date": day.isoformat(), "index_no": front["index_no"],
            "publisher": front["publisher"], "category": category, "category_names": facts.node_names[category],
            "written": str(front.get("written", "")), "doc_no": front.get("doc_no", ""),
            "validity": validity_on(front, category, facts, today),
            "disclosure": front.get("disclosure", "主动公开"), "keywords": list(front.get("keywords", [])),
            "publishers": [facts.publishers[front["publisher"]]], "years": [str(day.year)],
            "attachments": list(front.get("attachments", []))}
    if front.get("topic"):
        hugo["topics"] = [facts.topics[front["topic"]]]
    if front.get("interprets") in bundles:
        hugo["interprets_page"] = "/" + bundles[front["interprets"]]
    files = tuple(path.parent / str(item["file"]) for item in hugo["attachments"])
    return HugoEntry(bundles[front["index_no"]], hugo, entry.body, files)


def bundle_paths(content: Path) -> dict:
    """索引号 → the bundle folder of its entry (its catalog path, then its file's stem)."""
    paths = {}
    for path in sorted(content.rglob("*.md")):
        folder = path.parent.relative_to(content).as_posix()
        paths[str(read_entry(path).front["index_no"])] = f"{folder}/{path.stem}"
    return paths


def write_hugo_site(site: Path, target: Path, today: date | None = None, trash: Path | None = None) -> int:
    """Turn the gksite corpus at `site` into a Hugo site at `target`; return the entries written.
    A Hugo site already there is moved into `trash` (deleted, without one)."""
    today = today or date.today()
    facts = site_facts(site)
    _clear(target, trash)
    shutil.copytree(LAYOUTS, target)
    (target / "config.toml").write_text(hugo_config(facts), encoding="utf-8")
    content = target / "content"
    _write_list_pages(content, facts)
    bundles = bundle_paths(site / "content")
    written = 0
    for path in sorted((site / "content").rglob("*.md")):
        entry = hugo_entry(path, facts, bundles, today)
        if entry is not None:
            _write_bundle(content / entry.bundle, entry)
            written += 1
    return written


def _write_bundle(folder: Path, entry: HugoEntry) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(entry.front, allow_unicode=True, sort_keys=False)
    (folder / "index.md").write_text(f"---\n{front}---\n{entry.body}", encoding="utf-8")
    for source in entry.files:
        shutil.copyfile(source, folder / source.name)


def _write_list_pages(content: Path, facts: SiteFacts) -> None:
    """An `_index.md` for every catalog node, publisher and topic, so each list page has its name."""
    pages = {path: names.split(" / ")[-1] for path, names in facts.node_names.items()}
    pages.update({f"publishers/{code}": name for name, code in facts.publishers.items()})
    pages.update({f"topics/{code}": name for name, code in facts.topics.items()})
    pages.update({"publishers": "发布机构", "topics": "主题分类", "years": "发布年份"})
    for path, title in pages.items():
        folder = content / path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f"---\n{yaml.safe_dump({'title': title}, allow_unicode=True)}---\n",
                                          encoding="utf-8")


def hugo_config(facts: SiteFacts) -> str:
    """Hugo's config.toml: relative URLs, CJK word counts, 20 rows a list page, the site identity."""
    identity = {key: value for key, value in facts.identity.items() if key != "name"}
    return "\n".join([
        'baseURL = "/"', 'languageCode = "zh-Hans"', f"title = {json.dumps(facts.identity['name'], ensure_ascii=False)}",
        "relativeURLs = true", "hasCJKLanguage = true", "paginate = 20", "enableRobotsTXT = true",
        "[taxonomies]", 'publisher = "publishers"', 'topic = "topics"', 'year = "years"',
        "[outputs]", 'home = ["HTML", "RSS"]', 'section = ["HTML"]', 'taxonomy = ["HTML"]', 'term = ["HTML"]',
        "[params]", *(f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in identity.items()
                      if not isinstance(value, dict)),
        "[params.contact]", *(f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(str(v), ensure_ascii=False)}"
                              for k, v in (identity.get("contact") or {}).items()),
        ""])


# -- step 2: the mirror -------------------------------------------------------------------------------
def mirror_pages(public: Path, prefix: str = MIRROR_PREFIX, variant: str = "s2t") -> tuple[int, int]:
    """Convert every HTML file under `public` (outside `prefix/`) into `public/prefix/`, whole, with
    one OpenCC converter; return (files, bytes converted)."""
    import opencc
    converter = opencc.OpenCC(variant)
    target = public / prefix
    files = size = 0
    for page in html_pages(public, (target,)):
        html = page.read_text(encoding="utf-8")
        converted = converter.convert(html).replace('lang="zh-Hans"', 'lang="zh-Hant"', 1)
        out = target / page.relative_to(public)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(converted, encoding="utf-8")
        files, size = files + 1, size + len(html.encode("utf-8"))
    return files, size


# -- the three steps ----------------------------------------------------------------------------------
@dataclass
class Step:
    """One timed command."""

    name: str
    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0
    system_seconds: float = 0.0
    note: str = ""


def timed(name: str, argv: list[str], cwd: Path) -> tuple[Step, str]:
    """Run `argv`, raise if it fails; the step and the command's output."""
    result, cpu, system = measure_cpu(argv, cwd)
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return Step(name, result.seconds, result.peak_rss_bytes / MB, cpu, system), result.stdout + result.stderr


def _clear(path: Path, trash: Path | None) -> None:
    """Take `path` out of the way: into `trash`, to be deleted after every size is measured
    (as `run.make_cold` does, and for the same reason: on this machine's disk, files made
    right after many were deleted cost up to 1 ms more each), or deleted now without one."""
    if trash is not None:
        to_trash(path, trash)
    elif path.exists():
        shutil.rmtree(path)


def run_baseline(hugo_site: Path, trash: Path | None = None) -> list[Step]:
    """Hugo, then OpenCC, then Pagefind over `hugo_site`; every step from a clean output
    (the last one moved into `trash`)."""
    public = hugo_site / "public"
    _clear(public, trash)
    _clear(hugo_site / "resources", trash)
    hugo, _ = timed("hugo", ["hugo", "--source", str(hugo_site), "--destination", str(public), "--quiet"], hugo_site)
    hugo.note = f"{len(html_pages(public))} HTML pages"
    report = hugo_site / "mirror.json"
    mirror, _ = timed("OpenCC s2t", [sys.executable, str(Path(__file__).resolve()), "--mirror", str(public),
                                     "--report", str(report)], hugo_site)
    files, size = json.loads(report.read_text(encoding="utf-8"))
    mirror.note = f"{files} pages, {size / MB:.1f} MB, {size / MB / mirror.seconds:.1f} MB/s (process included)"
    pagefind, output = timed("pagefind", [sys.executable, "-m", "pagefind", "--site", str(public)], hugo_site)
    pagefind.note = " ".join(line.strip() for line in output.splitlines() if "Indexed" in line)[:200]
    return [hugo, mirror, pagefind]


def bench_size(entries: int, folder: Path, seed: int = 1, log=print) -> dict:
    """The baseline for a corpus of `entries` entries, generated into `folder`."""
    site, hugo_site, trash = folder / "site", folder / "hugo", folder / "trash"
    generate(site, entries=entries, seed=seed)
    written = write_hugo_site(site, hugo_site, trash=trash)
    log(f"[N={entries}] Hugo site of {written} entries at {hugo_site}")
    steps = run_baseline(hugo_site, trash)
    for step in steps:
        log(f"[N={entries}] {step.name}: {step.seconds:.1f} s, {step.peak_mb:.0f} MB")
    return {"entries": entries, "published": written, "steps": [asdict(s) for s in steps],
            "total_seconds": sum(s.seconds for s in steps), "total_cpu_seconds": sum(s.cpu_seconds for s in steps),
            "total_system_seconds": sum(s.system_seconds for s in steps),
            "largest_peak_mb": max(s.peak_mb for s in steps)}


def table(results: list[dict]) -> str:
    """The steps of every size as one Markdown table."""
    lines = ["| N | step | seconds | CPU s (user + sys) | of which sys | peak RSS, MB | |",
             "|---:|---|---:|---:|---:|---:|---|"]
    for result in results:
        for step in result["steps"]:
            lines.append(f"| {result['entries']:,} | {step['name']} | {step['seconds']:.1f} | "
                         f"{step['cpu_seconds']:.1f} | {step['system_seconds']:.1f} | {step['peak_mb']:.0f} | "
                         f"{step['note']} |")
        lines.append(f"| {result['entries']:,} | **sum** | **{result['total_seconds']:.1f}** | "
                     f"**{result['total_cpu_seconds']:.1f}** | **{result['total_system_seconds']:.1f}** | "
                     f"**{result['largest_peak_mb']:.0f}** (largest) | "
                     f"{result['published']} entries published |")
    return "\n".join(lines)


def hugo_version() -> str:
    """`hugo version`, or exit with how to install it."""
    if shutil.which("hugo") is None:
        raise SystemExit(INSTALL_HINT)
    return subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True).stdout.strip()


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the baseline for every size asked for (or, with the hidden --mirror, only step 2)."""
    parser = argparse.ArgumentParser(description="Hugo + OpenCC + Pagefind on the benchmark corpus.")
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--out", type=Path, help="keep the generated sites here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mirror", type=Path, help=argparse.SUPPRESS)     # step 2, run as its own process
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mirror:
        args.report.write_text(json.dumps(mirror_pages(args.mirror)), encoding="utf-8")
        return 0
    info = {**machine(), "hugo": hugo_version()}
    print(f"machine: {machine_line(info)}\n{info['hugo']}", flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="gksite-baseline-")) if args.out is None else args.out.resolve()
    results = []
    try:
        for entries in args.entries:
            results.append(bench_size(entries, scratch / f"n{entries}", args.seed, _log))
    finally:
        for entries in args.entries:
            empty_trash(scratch / f"n{entries}" / "trash")
        if args.out is None:
            shutil.rmtree(scratch, ignore_errors=True)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, ensure_ascii=False, indent=2),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
