"""The benchmark drivers in bench/ keep working: run.py's measurements on a 30-entry corpus (no
browser), and baseline.py's conversion of the corpus into a Hugo site."""
import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parent.parent / "bench"
ROWS = ("1. cold full build (mirror + search): s", "2. cold build, --no-search: s", "3. rebuild, no change: s",
        "4. rebuild, one entry edited: s", "5. public/, MB", "5. search index", "5. search-data.js",
        "6. indexing, s", "7. OpenCC via Mirror.convert_html, MB/s", "8. first query", "8. second query")


def _load(name: str):
    """A script of bench/ as a module (bench/ is not a package)."""
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module         # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run():
    return _load("run")


@pytest.fixture(scope="module")
def baseline():
    return _load("baseline")


@pytest.fixture(scope="module")
def measured(run, tmp_path_factory):
    """Every measurement of bench/run.py for 30 entries, the browser part left out."""
    return run.bench_size(30, tmp_path_factory.mktemp("bench"), browser=False, log=lambda text: None)


def test_every_build_is_timed_and_measured(measured):
    for name in ("cold_full", "cold_no_search", "rebuild_unchanged", "rebuild_edited"):
        build = measured["builds"][name]
        assert build["seconds"] > 0 and build["cpu_seconds"] > 0 and build["peak_mb"] > 0 and build["pages"] > 0, name
        assert 0 <= build["system_seconds"] <= build["cpu_seconds"], name
        assert isinstance(build["broken_search_files"], list), name


def test_a_cold_build_starts_from_nothing_but_nothing_is_deleted_before_it(run, tmp_path):
    site, trash = tmp_path / "site", tmp_path / "trash"
    for name in ("public/index.html", ".gksite-cache/manifest", ".public.staging/a.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name)
    (site / "content").mkdir()
    for _ in range(2):
        run.make_cold(site, trash)
        assert sorted(p.name for p in site.iterdir()) == ["content"]
        (site / "public").mkdir()
        (site / "public/index.html").write_text("again")
    kept = sorted(trash.iterdir())
    assert [p.name for p in kept] == ["0.gksite-cache", "1public", "2.public.staging", "3public"]
    assert (trash / "3public/index.html").read_text() == "again"
    run.empty_trash(trash)
    assert not trash.exists()


def test_pages_counted_are_the_html_files_written(measured):
    assert measured["published"] > 0 and measured["withheld"] > 0
    assert measured["builds"]["cold_full"]["pages"] == measured["html_files"]


def test_rebuilds_render_less_than_a_cold_build(measured):
    builds = measured["builds"]
    assert builds["rebuild_unchanged"]["rendered"] < builds["rebuild_edited"]["rendered"]
    assert builds["rebuild_edited"]["rendered"] < builds["cold_full"]["rendered"]


def test_indexing_seconds_come_from_the_build(measured):
    assert measured["pagefind_seconds"] > 0


def test_sizes_and_conversion_rate_are_positive(measured):
    sizes, conversion = measured["sizes"], measured["conversion"]
    assert sizes["public_mb"] > sizes["index_mb"] > 0 and sizes["index_folders"] == 1    # one for both scripts
    assert sizes["fallback_kb"] > 0
    assert conversion["pages"] > 0 and conversion["mirror_mb_s"] > 0 and conversion["opencc_mb_s"] > 0


def test_table_has_a_row_for_every_measurement(run, measured):
    lines = run.table([measured]).splitlines()
    assert lines[0] == "| measure | N = 30 |"
    for label in ROWS:
        assert any(line.startswith(f"| {label}") for line in lines), label
    assert "| — |" in next(line for line in lines if line.startswith("| 8. first query"))


def test_hard_linked_file_is_counted_once(run, tmp_path):
    (tmp_path / "a.html").write_bytes(b"x" * 100)
    os.link(tmp_path / "a.html", tmp_path / "b.html")
    (tmp_path / "c.html").write_bytes(b"y" * 10)
    assert run.tree_size(tmp_path) == (110, 2)


def test_empty_or_truncated_search_files_are_reported(run, tmp_path):
    import gzip
    bundle = tmp_path / "public" / "pagefind"
    bundle.mkdir(parents=True)
    (bundle / "pagefind.js").write_text("export {}")
    (bundle / "pagefind-entry.json").write_text("")
    whole = gzip.compress(bytes(range(256)) * 64)
    (bundle / "wasm.unknown.pagefind").write_bytes(whole[:40])
    (bundle / "zh_1.pf_meta").write_bytes(whole)
    assert run.broken_search_files(tmp_path / "public") == [
        "pagefind/pagefind-entry.json (0 bytes)", "pagefind/wasm.unknown.pagefind (40 bytes)"]


def test_query_word_is_a_short_chinese_word_of_the_body(run, tmp_path):
    site = tmp_path / "site"
    run.generate(site, entries=30)
    for entry in run.published_entries(site, 3):
        word = run.query_word(entry)
        assert 2 <= len(word) <= 4 and word in entry.body


def test_hugo_site_has_english_keys_and_catalog_codes(run, baseline, tmp_path):
    site = tmp_path / "site"
    run.generate(site, entries=300)
    sources = [run.read_entry(path) for path in sorted((site / "content").rglob("*.md"))]
    raw = [path.read_text(encoding="utf-8") for path in sorted((site / "content").rglob("*.md"))]
    assert any("\n索引号:" in text for text in raw) and any("\ncategory: 法定主动公开内容" in text for text in raw)
    written = baseline.write_hugo_site(site, tmp_path / "hugo")
    assert written == sum(entry.published() for entry in sources)
    facts = baseline.site_facts(site)
    bundles = sorted((tmp_path / "hugo" / "content").rglob("index.md"))
    assert len(bundles) == written
    for bundle in bundles:
        front = yaml.safe_load(bundle.read_text(encoding="utf-8").split("---\n")[1])
        assert not any("\u4e00" <= key[0] <= "\u9fff" for key in front), bundle
        assert front["category"] in facts.node_names and front["title"] and front["index_no"]


def test_mirror_converts_every_page_to_traditional(baseline, tmp_path):
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "index.html").write_text('<html lang="zh-Hans"><p>头发</p></html>', encoding="utf-8")
    assert baseline.mirror_pages(tmp_path) == (1, len('<html lang="zh-Hans"><p>头发</p></html>'.encode()))
    assert (tmp_path / "zh-hant" / "doc" / "index.html").read_text(encoding="utf-8") == \
        '<html lang="zh-Hant"><p>頭髮</p></html>'


def test_hugo_renders_the_metadata_table(run, baseline, tmp_path):
    assert shutil.which("hugo"), "the baseline needs Hugo: apt-get install -y hugo (.ci/run installs it)"
    site = tmp_path / "site"
    run.generate(site, entries=30)
    baseline.write_hugo_site(site, tmp_path / "hugo")
    public = tmp_path / "hugo" / "public"
    baseline.timed("hugo", ["hugo", "--source", str(tmp_path / "hugo"), "--destination", str(public), "--quiet"],
                   tmp_path)
    entry = next(iter(run.published_entries(site, 1)))
    page = next(p for p in public.rglob("index.html") if entry.front["index_no"] in p.read_text(encoding="utf-8")
                and "data-pagefind-body" in p.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    assert entry.front["title"] in text and "索引号" in text and "发布机构" in text


def test_preview_driver_times_a_reload(tmp_path):
    """bench/preview.py starts gksite serve, saves an edit and hears the reload."""
    from sitekit import Site
    preview = _load("preview")
    site = Site(tmp_path / "site")
    entry = site.entry("a", title="预览测试")
    process, base = preview.serve(site.root)
    try:
        seconds = preview.reload_seconds(base, entry, 1)
    finally:
        process.terminate()
        process.wait(30)
    assert 0 < seconds < 60
    assert "本条第1次补充说明" in entry.read_text(encoding="utf-8")


def test_the_baseline_moves_its_last_site_and_output_away_instead_of_deleting_them(run, baseline, tmp_path):
    site, hugo, trash = tmp_path / "site", tmp_path / "hugo", tmp_path / "trash"
    run.generate(site, entries=30)
    baseline.write_hugo_site(site, hugo, trash=trash)
    (hugo / "public").mkdir()
    (hugo / "public" / "index.html").write_text("last", encoding="utf-8")
    first = {p.relative_to(hugo) for p in hugo.rglob("*")}
    baseline.write_hugo_site(site, hugo, trash=trash)           # the next run: the old one is moved
    moved = next(trash.iterdir())
    assert {p.relative_to(moved) for p in moved.rglob("*")} == first
    (hugo / "public").mkdir()
    baseline._clear(hugo / "public", trash)                    # what run_baseline does before Hugo
    assert not (hugo / "public").exists() and len(list(trash.iterdir())) == 2
