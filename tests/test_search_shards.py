"""The search index in shards: runs of months within a memory budget, rebuilt only when changed."""
import asyncio
import gzip
import json
import random
import re
import shutil
import string
import tempfile
import threading
from pathlib import Path

import pytest

from gksite import bundles, search, searchindex
from gksite.cache import BuildCache
from gksite.cli import main
from gksite.output import Staging
from gksite.problems import ERROR, ContentError, Problem
from gksite.resources import builtin_dir
from gksite.mirror import Mirror
from gksite.search import (HAN, RecordWriter, SearchRecord, fold_table, folding_pairs, folds_alike, page_record,
                           record_html, record_words, script_difference, script_pairs, script_table, twin_facts)
from gksite.searchindex import ShardMember, plan_shards
from sitekit import TODAY, Site, tree_bytes


def _record(url: str, day: str, chars: int = 100) -> ShardMember:
    return ShardMember(url=url, date=day, chars=chars)


def _cost(records: int, chars: int = 100) -> int:
    return records * (searchindex.RECORD_BYTES + searchindex.CHAR_BYTES * chars)


_MARKED_PAGE = """<!DOCTYPE html><html lang="zh-Hans"><head><title>不读</title></head><body>
<nav><a href="x.html">导航不读</a></nav>
<article data-search-codes='{"top": "1", "publisher": "p7", "year": "2024", "validity": ""}'>
<h1 data-search="title" data-search-text>关于  城乡
救助的通知</h1>
<table><tr><td data-search="index_no">0001/2024-0001</td></tr><tr><td data-search="doc_no">—</td></tr>
<tr><td data-search="publisher">民政局</td></tr><tr><td data-search="date">2024-03-02</td></tr>
<tr><td data-search="category">主动公开 / 政策文件</td></tr></table>
<div class="entry-body" data-search-text><p>第一段　正文。</p><ul><li>一</li><li>二</li></ul></div>
<p data-search-codes='{"top": "9"}'>不算</p>
</article><footer>页脚不读</footer></body></html>"""


def test_a_page_record_reads_the_marked_elements_of_the_page():
    record = page_record(_MARKED_PAGE.encode("utf-8"), "doc/a/index.html")
    assert record.text == "关于 城乡 救助的通知\n第一段 正文。一二"
    assert record.meta == {"title": "关于 城乡 救助的通知", "index_no": "0001/2024-0001", "publisher": "民政局",
                           "date": "2024-03-02"}
    assert record.filters == {"top": ("1", "主动公开"), "publisher": ("p7", "民政局"), "year": ("2024", "2024")}
    assert (record.url, record.date) == ("doc/a/index.html", "2024-03-02")


def test_a_page_record_reads_no_marked_element_after_the_search_end_mark():
    page = _MARKED_PAGE.replace("<p data-search-codes='{\"top\": \"9\"}'>不算</p>",
                                "<!--/data-search--><p data-search-text>标记之后</p><td data-search=\"doc_no\">后</td>")
    assert "标记之后" in page
    record = page_record(page.encode("utf-8"), "doc/a/index.html")
    assert record.text == "关于 城乡 救助的通知\n第一段 正文。一二" and "doc_no" not in record.meta
    # The last mark counts: one quoted earlier (a body that shows it) cuts nothing.
    early = page.replace("<p>第一段　正文。</p>", "<p>第一段　正文。</p><!--/data-search-->", 1)
    assert page_record(early.encode("utf-8"), "doc/a/index.html") == record


def test_the_entry_layout_ends_its_search_facts_after_every_marked_element(tmp_path):
    """Where entry.html puts the end mark, nothing page_record reads is left out: every page
    reads as it does whole, with attachments, related entries, a QR code and neighbours after it."""
    site = Site(tmp_path / "site", mirror={"variant": "s2t"}, base_url="https://www.example.gov.cn/xxgk/")
    (site.root / "content").mkdir(parents=True)
    (site.root / "content" / "附件.pdf").write_bytes(b"%PDF-1.4 test")
    site.entry("a", title="关于发展规划的通知", date="2025-03-01", body="## 一、总体要求\n\n[TOC]\n\n发展规划正文。",
               attachments=[{"file": "附件.pdf", "title": "附件一"}])
    site.entry("b", title="第二篇通知", date="2025-03-02", body="第二篇的正文，乾坤。")
    site.build(search=False)
    pages = [p for p in site.public.rglob("index.html") if "data-search-codes" in p.read_text(encoding="utf-8")]
    assert len(pages) == 4
    for path in pages:
        html = path.read_bytes()
        assert html.count(search.SEARCH_END) == 1 and b"figure" in html.split(search.SEARCH_END)[1]
        whole = html.replace(search.SEARCH_END, b"")
        assert page_record(html, "x") == page_record(whole, "x"), path


def test_a_page_without_filter_codes_still_gives_its_record():
    page = re.sub(r"data-search-codes='[^']*'", "", _MARKED_PAGE).encode("utf-8")
    record = page_record(page, "doc/a/index.html")
    assert record.filters == {} and record.meta["title"] == "关于 城乡 救助的通知"


def test_a_marked_skip_leaves_its_text_out_and_keeps_what_follows_it():
    page = _MARKED_PAGE.replace("<p>第一段　正文。</p>",
                                "前<nav data-search-skip><b>目录</b>不读</nav>后<p>第一段　正文。</p>")
    record = page_record(page.encode("utf-8"), "doc/a/index.html")
    assert record.text == "关于 城乡 救助的通知\n前后第一段 正文。一二"


def test_the_toc_of_a_body_is_no_search_text_in_either_script(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t", "prefix": "zh-hant"})
    site.entry("a", body="[TOC]\n\n## 一、总体要求\n\n发展。\n\n## 二、工作任务\n\n任务。")
    site.build(search=False)
    url = site.entry_url("11990000MB0000001A/2025-0001")
    for page, heading in ((url, "一、总体要求"), (f"zh-hant/{url}", "一、總體要求")):
        text = page_record((site.public / page).read_bytes(), url).text
        assert text.count(heading) == 1 and "目" not in text, text


def test_shards_are_runs_of_whole_months_newest_first_within_the_budget():
    records = [_record(f"d{m}-{i}.html", f"2024-{m:02d}-{i + 1:02d}") for m in range(1, 7) for i in range(3)]
    shards = plan_shards(records, budget=_cost(7))
    assert [s.name for s in shards] == ["2024-05", "2024-03", "2024-01"]
    assert [len(s.urls) for s in shards] == [6, 6, 6]
    assert sorted(u for s in shards for u in s.urls) == sorted(r.url for r in records)


def test_a_month_larger_than_the_budget_is_a_shard_of_its_own():
    records = [_record(f"a{i}.html", "2024-01-05") for i in range(10)] + [_record("b.html", "2024-02-01")]
    shards = plan_shards(records, budget=_cost(3))
    assert [(s.name, len(s.urls)) for s in shards] == [("2024-02", 1), ("2024-01", 10)]


def test_a_small_site_is_one_shard():
    records = [_record(f"d{y}.html", f"{y}-06-01") for y in range(2015, 2027)]
    assert [s.name for s in plan_shards(records)] == ["2015-06"]


def test_new_entries_change_only_the_newest_shard():
    before = [_record(f"d{m}-{i}.html", f"2024-{m:02d}-{i + 1:02d}") for m in range(1, 10) for i in range(4)]
    after = before + [_record("new.html", "2024-09-30")]
    budget = _cost(9)
    old, new = plan_shards(before, budget), plan_shards(after, budget)
    assert new[1:] == old[1:]
    assert set(new[0].urls) == set(old[0].urls) | {"new.html"}


def test_text_is_indexed_as_pairs_of_characters_and_the_end_of_each_run():
    record = SearchRecord("a.html", "城乡，救助 No.5", {}, {}, "")
    assert record_words([record]) == ["b70u55t", "b55tzzz", "b9ox609", "b609zzz", "no", "5"]


def _place(char: str) -> str:
    """A Han character's place among HAN's characters, three base-36 digits, counted here
    the slow way: every character of the ranges in order."""
    return _PLACES[char]


_DIGITS = string.digits + string.ascii_lowercase
_PLACES = {chr(c): f"{_DIGITS[i // 1296]}{_DIGITS[i // 36 % 36]}{_DIGITS[i % 36]}" for i, c in enumerate(
    c for start, end in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in range(start, end + 1))}


def _tokens(text: str) -> list[str]:
    """The tokens as search.js spells a query: each pair of Han characters of a run, and its
    last character with zzz; each ASCII word, lower-cased; unique, in first-seen order."""
    seen: dict[str, None] = {}
    for run in re.findall(f"[{HAN}]+|[0-9A-Za-z]+", text):
        if not re.match(f"[{HAN}]", run):
            seen.setdefault(run.lower(), None)
            continue
        codes = [_place(c) for c in run] + ["zzz"]
        for first, second in zip(codes, codes[1:]):
            seen.setdefault(f"b{first}{second}", None)
    return list(seen)


def test_a_record_is_indexed_by_its_tokens_less_the_run_ends_a_pair_already_finds():
    rng = random.Random(7)
    alphabet = list("城乡救助政务公开一丁，。 \nabcXYZ019") + ["\u3400", "\u4dbf", "\u9fff", "\uf900", "\ufaff"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        record = SearchRecord("a.html", text, {"title": "政务公开", "doc_no": "No.5"}, {"top": ("1", "主动公开")}, "")
        words = _tokens(" ".join([text, "政务公开", "No.5"]))
        starts = {w[1:4] for w in words if len(w) == 7 and w[0] == "b" and not w.endswith("zzz")}
        expected = [w for w in words if not (w.endswith("zzz") and w[1:4] in starts)] + record.filter_tokens()
        assert record_words([record]) == expected, text


def test_folding_sends_a_character_and_what_it_converts_to_to_one_character():
    table = fold_table()
    for variant in ("s2t", "s2tw", "s2hk", "t2s"):
        for one, other in script_pairs(variant).items():
            assert one.translate(table) == other.translate(table), variant
    folded = folding_pairs()
    assert not set(folded.values()) & set(folded)           # folding twice changes nothing more
    assert "發展".translate(table) == "发展" and "余".translate(table) == "余"
    assert "餘".translate(table) == "馀".translate(table) == "余"   # two simplified characters, one traditional
    assert "\uf9e4".translate(table) == "理"                           # a compatibility ideograph
    assert "眾".translate(table) == "衆".translate(table) == "众"        # Taiwan's and OpenCC's standard


def test_one_record_holds_the_pairs_of_both_scripts_folded():
    hans = SearchRecord("a.html", "理发师说头发很干燥", {"title": "发展"}, {"top": ("1", "主动公开")}, "")
    hant = SearchRecord("a.html", "理髮師說頭髮很乾燥", {"title": "發展"}, {"top": ("1", "主動公開")}, "")
    table = fold_table()
    words = record_words([hans, hant], table)
    texts = ["理发师说头发很干燥", "发展", "理髮師說頭髮很乾燥", "發展"]
    folded = _tokens(" ".join(text.translate(table) for text in texts))
    starts = {w[1:4] for w in folded if len(w) == 7 and not w.endswith("zzz")}
    assert words == [w for w in folded if not (w.endswith("zzz") and w[1:4] in starts)] + hans.filter_tokens()
    assert words == record_words([hans], table)                # here the twin folds to the very same pairs
    assert record_words([hans], table) != record_words([hant])  # which, unfolded, it does not


def test_a_twin_that_folds_as_its_converted_page_is_not_read_again():
    table = fold_table()
    hans = SearchRecord("a.html", "理发师说头发很干燥", {"title": "发展"}, {}, "")
    hant = SearchRecord("a.html", "理髮師說頭髮很乾燥", {"title": "發展"}, {}, "")
    facts, alike = twin_facts([hans, hant], script_table("s2t"), table)
    assert facts and alike                      # 髮 and 乾 are not what 发 and 干 convert to, yet fold alike
    other = SearchRecord("a.html", "軟體很乾燥", {"title": "發展"}, {}, "")
    assert not twin_facts([SearchRecord("a.html", "软件很干燥", {"title": "发展"}, {}, ""), other],
                          script_table("s2t"), table)[1]                 # 體 is no form of 件
    assert not twin_facts([hans, hant], script_table("s2t"))[1]          # nothing is alike unfolded
    # Not read: what it says beyond its page's words is not indexed.
    extra = SearchRecord("a.html", "理髮師 城鄉", {"title": "發展"}, {}, "")
    assert record_words([hans, extra], table, twin_alike=True) == record_words([hans], table)
    assert record_words([hans, extra], table) != record_words([hans], table)


def test_a_text_folded_by_search_is_the_text_translated():
    table, rng = fold_table(), random.Random(3)
    folded = list(folding_pairs()) + list(folding_pairs().values())
    plain = list("城乡救助信息公开，。 No.5 𠀀\n")
    for _ in range(300):
        text = "".join(rng.choice(folded if rng.random() < 0.3 else plain) for _ in range(rng.randint(0, 40)))
        assert table.fold_few(text) == text.translate(table), text
    assert table.fold_few("头發展眾") == "头发展众"


def test_each_variant_but_s2twp_converts_characters_into_ones_that_fold_alike():
    table = fold_table()
    assert [v for v in ("s2t", "s2tw", "s2hk", "s2twp") if folds_alike(script_table(v), table)] == ["s2t", "s2tw", "s2hk"]


@pytest.mark.parametrize("variant", ["s2t", "s2tw", "s2hk", "s2twp"])
def test_a_record_holds_the_words_of_both_pages_whether_or_not_the_twin_is_read(tmp_path, variant):
    rng = random.Random(5)
    words = ["头发", "理发", "干燥", "干部", "乾隆", "后来", "面条", "发展", "只有", "一只", "软件", "硅谷", "信息",
             "公开", "里面", "余下", "台风", "。", "，", "No.5", "𠀀"]
    mirror, writer, table = Mirror(variant), RecordWriter(variant), fold_table()
    for number in range(200):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        title = "".join(rng.choice(words) for _ in range(rng.randint(0, 4)))
        hans = SearchRecord("a.html", text, {"title": title}, {"top": ("1", "主动公开")}, "2024-01-02")
        hant = SearchRecord("a.html", mirror.convert_text(text), {"title": mirror.convert_text(title)},
                            {"top": ("1", "主動公開")}, "2024-01-02")
        path = tmp_path / f"{number}.html"
        writer.write([hans, hant], path)
        expected = record_html([hans, hant], record_words([hans, hant], table),
                               twin_facts([hans, hant], script_table(variant))[0])
        assert path.read_text(encoding="utf-8") == expected, (variant, text, title)


def _twin_text(simplified: str, difference: str | None, scripted) -> str:
    """What search.js's twinText does with a record's fact and its difference."""
    guess = simplified.translate(scripted)
    if difference is None:
        return guess
    found = json.loads(difference)
    if isinstance(found, str):
        return found
    for at, characters in found:
        guess = guess[:at] + characters + guess[at + len(characters):]
    return guess


def test_the_traditional_text_is_read_back_from_the_simplified_and_what_differs():
    rng = random.Random(11)
    words = ["头发", "理发", "干燥", "干部", "乾隆", "皇后", "后来", "面条", "发展", "只有", "一只", "。", "，",
             "公开", "信息", "里面", "a&b<c>", "\"引号\"", "𠀀", "余下", "台风"]
    scripted = str.maketrans(script_pairs("s2t"))
    for variant in ("s2t", "s2tw", "s2twp", "s2hk"):
        mirror, scripted = Mirror(variant), str.maketrans(script_pairs(variant))
        for _ in range(300):
            text = "".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
            twin = mirror.convert_text(text)
            assert _twin_text(text, script_difference(text, twin, scripted), scripted) == twin, (variant, text)
    assert script_difference("头发很长", "頭髮很長", str.maketrans(script_pairs("s2t"))) == '[[1,"髮"]]'


@pytest.fixture
def small_shards(monkeypatch):
    """Shards of about three entries, so a tiny site has several."""
    monkeypatch.setattr(searchindex, "SHARD_BYTES", _cost(3, 40))


def _sharded_site(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"})
    for month in range(1, 10):
        site.entry(f"e{month}", title=f"第{month}号文件", date=f"2025-{month:02d}-10", body=f"发展规划第{month}条。")
    return site


def _inodes(site, tree="") -> dict:
    """Each search-index file of one script's tree → its inode (a kept file keeps it)."""
    return {p: p.stat().st_ino for p in (site.public / tree / "pagefind").rglob("*") if p.is_file()}


def _shards_of(site, tree=""):
    script = (site.public / tree / "search" / "shards.js").read_text(encoding="utf-8")
    return json.loads(script.split("=", 1)[1].rstrip(";\n"))


def test_a_larger_site_is_indexed_in_several_shards_that_serve_both_scripts(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    site.build()
    names = _shards_of(site)
    assert len(names) >= 3 and names == sorted(names, reverse=True)
    assert _shards_of(site, "zh-hant") == names and not (site.public / "zh-hant" / "pagefind").exists()
    bundle = site.public / "pagefind"
    assert (bundle / "runtime" / "pagefind.js").is_file() and (bundle / "runtime" / "pagefind-worker.js").is_file()
    for name in names:
        files = {p.name for p in (bundle / name).iterdir()}
        assert "pagefind-entry.json" in files and any(f.endswith(".pf_meta") for f in files)
        assert not files & {"pagefind.js", "pagefind-ui.js", "wasm.unknown.pagefind"}   # the runtime has them
    form = site.soup("zh-hant/search.html").select_one("#search-form")
    assert form["data-pagefind"] == "../pagefind/"


def test_editing_one_entry_rebuilds_only_its_shard(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    site.build()
    names = _shards_of(site)
    before = _inodes(site)
    site.entry("e1", title="第1号文件（修订）", date="2025-01-10", body="发展规划第1条，已修订。",
               index_no="11990000MB0000001A/2025-0001")
    site.build()
    assert _shards_of(site) == names
    after = _inodes(site)
    changed = {p.relative_to(site.public / "pagefind").parts[0] for p in after if before.get(p) != after[p]}
    assert changed == {names[-1]}                    # the oldest shard holds January; the rest were linked


def test_only_a_build_that_patches_the_last_indexes_beside_its_page_workers(tmp_path, small_shards, monkeypatch):
    limits = []
    real = bundles.BundleRunner.__init__
    monkeypatch.setattr(bundles.BundleRunner, "__init__", lambda self, root, limit: limits.append(limit) or real(self, root, limit))
    site = _sharded_site(tmp_path)
    site.build()
    site.entry("e1", title="第1号文件（修订）", date="2025-01-10", index_no="11990000MB0000001A/2025-0001")
    site.build()
    # A cold build's workers keep both cores busy; a patch's mostly link the pages they keep.
    assert limits == [searchindex.WHILE_PAGES, searchindex.PATCH_WHILE_PAGES] and limits[1] > 0


def test_sharded_cached_build_is_byte_identical_to_a_cold_one(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    site.build()
    site.entry("late", title="新增的文件", date="2025-10-01")
    site.build()
    site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_a_layout_change_renders_every_page_and_indexes_no_shard_again(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    first = site.build()
    before = _inodes(site)
    layouts = site.root / "layouts"
    layouts.mkdir()
    (layouts / "404.html").write_text('{% extends "base.html" %}{% block main %}<h1>改了</h1>{% endblock %}',
                                      encoding="utf-8")
    records = {p: p.stat().st_mtime_ns for p in _records_folder(site).iterdir()}
    again = site.build()
    assert again.rendered == first.rendered
    assert _inodes(site) == before                   # every bundle file linked from the last build
    assert {p: p.stat().st_mtime_ns for p in _records_folder(site).iterdir()} == records   # none rewritten
    site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_a_setting_that_changes_some_records_indexes_their_shards_alone(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    site.entry("e1", title="第1号文件", date="2025-01-10", body="于海同志说，里面的着装。",
               index_no="11990000MB0000001A/2025-0001")
    site.build()
    before = _inodes(site)
    (site.root / "phrases.txt").write_text("于海\t于海\n", encoding="utf-8")   # a name: not 於海
    config = site.root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("variant: s2t", "variant: s2t\n  phrases: phrases.txt"),
                      encoding="utf-8")
    site.build()
    assert "于海同志說" in site.soup(f"zh-hant/{site.entry_url('11990000MB0000001A/2025-0001')}").get_text()
    after = _inodes(site)
    changed = {p.relative_to(site.public / "pagefind").parts[0] for p in after if before.get(p) != after[p]}
    assert changed == {_shards_of(site)[-1]}     # the oldest shard holds January
    site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_a_variant_that_converts_no_record_otherwise_indexes_nothing_again(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    site.entry("e1", title="第1号文件", date="2025-01-10", body="为了规划，里面的着装。",   # s2t and s2tw differ
               index_no="11990000MB0000001A/2025-0001")
    site.build()
    before, charmap = _inodes(site), (site.public / "zh-hant/search/charmap.js").read_text(encoding="utf-8")
    config = site.root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("s2t", "s2tw"), encoding="utf-8")
    site.build()
    assert "裡面的著裝" in site.soup(f"zh-hant/{site.entry_url('11990000MB0000001A/2025-0001')}").get_text()
    assert _inodes(site) == before     # the record holds the simplified text and what the script map misses
    assert (site.public / "zh-hant/search/charmap.js").read_text(encoding="utf-8") != charmap   # s2tw's map
    site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_a_build_without_search_makes_no_record_files_and_the_next_indexes_everything(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    first = site.build(search=False)
    assert not list(_records_folder(site).iterdir()) and not (site.public / "pagefind").exists()
    assert "第1号文件" in (site.public / "search-data.js").read_text(encoding="utf-8")
    site.entry("e2", title="第2号文件（修订）", date="2025-02-10", body="发展规划第2条，已修订。",
               index_no="11990000MB0000001A/2025-0002")
    edited = site.build(search=False)
    assert 0 < edited.rendered < first.rendered / 2          # the cache holds without record files
    indexed = site.build()
    assert indexed.rendered == 9                             # each entry again, for its record; no list
    assert len(list(_records_folder(site).iterdir())) == 9
    site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_an_edit_built_without_search_is_indexed_by_the_next_build_with_it(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    site.build()
    site.entry("e2", title="第2号文件", date="2025-02-10", body="发展规划第2条，改成了新的说法。",
               index_no="11990000MB0000001A/2025-0002")
    site.build(search=False)                 # its record file still says what the first build wrote
    site.build()
    record = next(p for p in _records_folder(site).iterdir() if p.name.startswith("2025-02+"))
    assert "改成了新的说法" in search.show_words(record.read_text(encoding="utf-8"))
    site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_a_damaged_bundle_is_found(tmp_path):
    site = Site(tmp_path / "site")
    site.entry("a")
    site.build()
    runtime = site.public / "pagefind" / "runtime"
    names = bundles.RUNTIME_FILES + bundles.INDEX_PARTS
    assert bundles.bundle_damage(runtime, names) is None
    meta = next(runtime.glob("*.pf_meta"))
    meta.write_bytes(meta.read_bytes()[:-8])                       # cut short
    assert bundles.bundle_damage(runtime, names).startswith("EOFError")
    (runtime / "wasm.unknown.pagefind").write_bytes(b"")
    meta.unlink()
    assert bundles.bundle_damage(runtime, names) == "wasm.unknown.pagefind is empty"


def test_a_bundle_pagefind_damaged_is_written_again(tmp_path, monkeypatch):
    site = Site(tmp_path / "site")
    site.entry("a")
    real, damaged = bundles.index_records, []

    async def flaky(job, output):
        await real(job, output)
        if not damaged:                                          # the first bundle, once
            damaged.append(job.folder)
            (output / "pagefind-entry.json").write_bytes(b"")
    monkeypatch.setattr(bundles, "index_records", flaky)
    site.build()
    assert damaged
    entry = site.public / damaged[0] / "pagefind-entry.json"
    assert json.loads(entry.read_text(encoding="utf-8"))["languages"]


def test_a_bundle_damaged_every_time_fails_the_build_with_a_message(tmp_path, monkeypatch, capsys):
    site = Site(tmp_path / "site")
    site.entry("a")
    real = bundles.index_records

    async def damaging(job, output):
        await real(job, output)
        (output / "pagefind-entry.json").write_bytes(b"")
    monkeypatch.setattr(bundles, "index_records", damaging)
    assert main(["build", "--site", str(site.root), "--today", TODAY.isoformat()]) == 1
    err = capsys.readouterr().err
    assert f"Pagefind 连续 {bundles.ATTEMPTS} 次写坏了搜索索引 pagefind/" in err and "Traceback" not in err
    assert "没有生成网站；上一次的输出保持不变。" in err and not site.public.exists()


def _fake_pagefind(tmp_path, monkeypatch, script: str):
    """Pagefind's binary replaced by a shell script."""
    binary = tmp_path / "pagefind"
    binary.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setattr(bundles, "pagefind_binary", lambda: binary)


def test_a_pagefind_process_that_dies_fails_the_build_instead_of_hanging(tmp_path, monkeypatch, capsys):
    """Killed by the system short of memory, or by a Ctrl-C that reaches it too."""
    site = Site(tmp_path / "site")
    site.entry("a")
    site.build()
    before = tree_bytes(site.public)
    site.entry("a", title="改过的标题")
    _fake_pagefind(tmp_path, monkeypatch, "kill -9 $$")
    ended = {}
    thread = threading.Thread(target=lambda: ended.setdefault("code", main(
        ["build", "--site", str(site.root), "--today", TODAY.isoformat()])), daemon=True)
    thread.start()
    thread.join(60)
    assert ended.get("code") == 1
    err = capsys.readouterr().err
    assert "Pagefind 在生成搜索索引 pagefind/" in err and "时意外退出（被信号 9 终止）" in err
    assert "没有生成网站；上一次的输出保持不变。" in err and "Traceback" not in err
    assert tree_bytes(site.public) == before and not (site.root / ".public.staging").exists()


def test_a_pagefind_that_fails_says_why(tmp_path, monkeypatch, capsys):
    site = Site(tmp_path / "site")
    site.entry("a")
    _fake_pagefind(tmp_path, monkeypatch, "echo 'Indexing 1 page'; echo 'Error: the disk is full' >&2; exit 3")
    assert main(["build", "--site", str(site.root), "--today", TODAY.isoformat()]) == 1
    err = capsys.readouterr().err
    assert "时意外退出（退出码 3）：Error: the disk is full" in err and "Traceback" not in err
    assert not site.public.exists()


def test_no_pagefind_setting_around_the_build_changes_its_index(tmp_path, monkeypatch):
    """Pagefind reads `PAGEFIND_*` variables and a pagefind.yml where it runs: neither is ours."""
    site = _sharded_site(tmp_path)
    site.build()
    before = tree_bytes(site.public)
    shutil.rmtree(site.public)
    shutil.rmtree(site.root / ".gksite-cache")
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "nav")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "main")
    (site.root / "pagefind.yml").write_text("root_selector: nav\n", encoding="utf-8")
    monkeypatch.chdir(site.root)
    site.build()
    assert tree_bytes(site.public) == before


def test_a_preview_build_keeps_the_index_and_the_next_build_reindexes_one_shard(tmp_path, small_shards):
    site = _sharded_site(tmp_path)
    site.build()
    names = _shards_of(site)
    first = _inodes(site)
    site.entry("e1", title="第1号文件（修订）", date="2025-01-10", body="发展规划第1条，已修订。",
               index_no="11990000MB0000001A/2025-0001")
    site.build(search="keep")                                    # what `gksite serve` does first
    kept = _inodes(site)
    assert kept == first and _shards_of(site) == names
    assert site.soup(site.entry_url("11990000MB0000001A/2025-0001")).h1.get_text() == "第1号文件（修订）"
    site.build()                                                 # then the index catches up
    after = _inodes(site)
    changed = {p.relative_to(site.public / "pagefind").parts[0] for p in after if first.get(p) != after[p]}
    assert changed == {names[-1]}


def _records_folder(site):
    return site.root / ".gksite-cache" / "search" / "records"


def test_record_files_lie_in_one_folder_named_by_month_and_address(tmp_path):
    site = Site(tmp_path / "site")
    site.entry("a", date="2025-03-01")
    site.build()
    names = [p.name for p in _records_folder(site).iterdir()]
    assert names == ["2025-03+doc+11990000MB0000001A+2025-0001+index.html"]


def test_a_record_file_left_from_an_unpublished_entry_is_never_indexed(tmp_path):
    site = Site(tmp_path / "site")
    site.entry("a", date="2025-03-01")
    site.build()
    stale = _records_folder(site) / "2025-03+doc+11990000MB0000001A+2025-0099+index.html"
    text = SearchRecord(url="doc/x/index.html", text="zxqstalezxq 保密", meta={}, filters={}, date="2025-03-02")
    stale.write_text(record_html([text], record_words([text])), encoding="utf-8")
    (site.root / ".gksite-cache" / "manifest.pickle").unlink()     # even when the cache is lost
    site.entry("b", date="2025-03-05")                               # and the month's shard is indexed again
    site.build()
    assert not stale.exists()
    for path in (site.public / "pagefind").rglob("*"):
        data = path.read_bytes() if path.is_file() else b""
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        assert "zxqstalezxq" not in search.show_words(data.decode("utf-8", "surrogateescape")), path


def _fresh_pair_tables():
    for cached in (search._shipped, search.script_pairs, search.folding_pairs, search.fold_table, search.script_table):
        cached.cache_clear()


def test_the_shipped_character_pairs_are_what_opencc_gives_and_spare_its_dictionaries(monkeypatch):
    """opencc_pairs.json (remade by `python -m gksite.search`) is read for the OpenCC it was
    made with, without loading a dictionary, and says what that OpenCC says."""
    converted = {variant: search._converted_pairs(variant) for variant in search.SHIPPED_VARIANTS}
    folded = search._folded(search._converted_pairs)
    shipped = json.loads(search.PAIRS_FILE.read_text(encoding="utf-8"))

    def no_dictionaries(variant):
        raise AssertionError(f"OpenCC's {variant} dictionaries were loaded")

    _fresh_pair_tables()
    if shipped["opencc"] == search._opencc_version():       # else (a newer OpenCC) they are asked of it
        monkeypatch.setattr("opencc.OpenCC", no_dictionaries)
    try:
        assert search.folding_pairs() == folded and list(search.folding_pairs()) == list(folded)
        for variant, pairs in converted.items():
            assert search.script_pairs(variant) == pairs and list(search.script_pairs(variant)) == list(pairs)
        assert search.character_map.__wrapped__("s2twp", True)      # the charmap of a traditional tree
    finally:
        _fresh_pair_tables()


def test_character_pairs_made_with_another_opencc_are_not_read(monkeypatch):
    monkeypatch.setattr(search, "_opencc_version", lambda: "0.0.1")
    _fresh_pair_tables()
    try:
        assert search._shipped() == {}
        assert search.script_pairs("s2t")["发"] == "發" and search.folding_pairs()["發"] == "发"
    finally:
        monkeypatch.undo()
        _fresh_pair_tables()


def test_hidden_words_hold_no_word_and_read_back_as_written():
    for text in ["白沙镇2016年全域旅游 工作情况。", "", "a&<b>\"c\"\n", "𠀀😀 astral", "\uffff\ufffe\u0000", "紮覈"]:
        hidden = search.hide_words(text)
        assert len(hidden) == len(text.encode("utf-16-le")) // 2
        assert not re.search(r"\w", hidden), text          # Pagefind drops what is not \w from a word
        assert search.show_words(hidden) == text
    assert search.show_words("前" + search.hide_words("中间") + "后") == "前中间后"


def _unzipped(folder: Path, suffix: str) -> bytes:
    return b"".join(gzip.decompress(p.read_bytes()) for p in sorted(folder.rglob(f"*{suffix}")))


def test_a_bundle_indexes_no_word_of_the_metadata_and_keeps_it_for_results(tmp_path):
    """Pagefind 1.5 indexes every metadata value as words: the record's text and facts
    would all be in the index (a third of its bytes), where only our tokens are searched."""
    record = SearchRecord(url="doc/a/index.html", text="龙泉驿区青白江临时救助", date="2024-03-02",
                          meta={"title": "关于邛崃市救助的通知", "publisher": "郫都区民政局", "date": "2024-03-02"},
                          filters={})
    _write_records(tmp_path / "records", [record])
    _bundle(tmp_path / "records", ("2024-03",), tmp_path / "out")
    index = _unzipped(tmp_path / "out", ".pf_index")
    for word in ["龙泉驿", "青白江", "邛崃", "郫都"]:
        assert word.encode() not in index, word
    assert search.han_code("龙").encode() in index          # what is indexed: our tokens
    fragment = search.show_words(_unzipped(tmp_path / "out", ".pf_fragment").decode("utf-8", "surrogatepass"))
    meta = json.loads(fragment[fragment.index("{"):])["meta"]
    assert {key: meta[key] for key in ("title", "publisher", "date", "text")} == {**record.meta, "text": record.text}


class _Runner:
    """Stands in for `bundles.BundleRunner`: keeps the jobs it is given."""

    def __init__(self, root, limit):
        self.jobs, self.futures, self.limit = [], [], limit

    def submit(self, job):
        self.jobs.append(job)

    def widen(self, limit):
        self.limit = max(limit, self.limit)

    def close(self):
        pass


def test_a_shard_goes_to_pagefind_as_soon_as_its_last_record_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "BundleRunner", _Runner)
    shards = plan_shards([_record(f"d{m}.html", f"2024-{m:02d}-01") for m in (1, 2, 3, 4)], budget=_cost(2))
    cache = BuildCache(tmp_path, "settings", tmp_path / "public", enabled=False)
    with Staging(tmp_path / "public") as staging:
        indexing = searchindex.ShardIndexing(cache, staging, shards, tmp_path / "records")
        indexing.record_written("d4.html", "k4")                # pages come newest first
        assert indexing.runner.jobs == []
        indexing.record_written("d3.html", "k3")
        assert [(job.folder, job.months) for job in indexing.runner.jobs] == [
            ("pagefind/runtime/", ()), ("pagefind/2024-03/", ("2024-03", "2024-04"))]
        indexing.record_written("d2.html", "k2")
        assert len(indexing.runner.jobs) == 2


def test_pagefind_may_run_every_process_once_the_last_record_is_written(tmp_path, monkeypatch):
    # The list pages come after the entries: Pagefind need not wait for them.
    monkeypatch.setattr(searchindex, "BundleRunner", _Runner)
    monkeypatch.setattr(searchindex.os, "cpu_count", lambda: 2)
    shards = plan_shards([_record(f"d{m}.html", f"2024-{m:02d}-01") for m in (1, 2, 3, 4)], budget=_cost(2))
    cache = BuildCache(tmp_path, "settings", tmp_path / "public", enabled=False)
    with Staging(tmp_path / "public") as staging:
        indexing = searchindex.ShardIndexing(cache, staging, shards, tmp_path / "records")
        for url in ("d4.html", "d3.html", "d2.html"):
            indexing.record_written(url, "k")
        assert indexing.runner.limit == searchindex.WHILE_PAGES == 0
        indexing.record_written("d1.html", "k")
        assert indexing.runner.limit == 2 and len(indexing.runner.jobs) == 3


def test_a_runner_holds_a_core_for_each_job_it_may_run_until_the_job_ends(tmp_path, monkeypatch):
    release = threading.Event()

    async def held(job, root):
        while not release.is_set():
            await asyncio.sleep(0.005)
        return []
    monkeypatch.setattr(bundles, "build_bundle", held)
    runner = bundles.BundleRunner(tmp_path, 0)
    try:
        for number in range(3):
            runner.submit(bundles.BundleJob(tmp_path, (), f"pagefind/{number}/", ""))
        assert runner.busy() == 0           # none may start: the page workers have the cores
        runner.widen(2)
        assert runner.busy() == 2
        release.set()
        while runner.busy():
            runner.wait()
        assert all(future.done() for _job, future in runner.futures)
        runner.wait()                       # nothing left: returns at once
    finally:
        runner.close()


def _write_records(folder, records):
    folder.mkdir()
    for record in records:
        text = record_html([record], record_words([record]))
        (folder / search.record_name(record.url, record.date)).write_text(text, encoding="utf-8")


def _bundle(records_dir, months, output):
    """The bundle of the records of `months` in `records_dir`, made as a build makes it."""
    runner = bundles.BundleRunner(output, 1)
    runner.submit(bundles.BundleJob(records_dir, months, "pagefind/x/", ""))
    try:
        runner.futures[0][1].result()
    finally:
        runner.close()
    return tree_bytes(output)


def _records(day: str, count: int) -> list[SearchRecord]:
    return [SearchRecord(url=f"doc/{day}-{n}/index.html", text=f"第{n}号文件，发展规划。", meta={"title": f"第{n}号"},
                         filters={}, date=day) for n in range(count)]


def test_a_shard_reads_its_months_alone(tmp_path):
    _write_records(tmp_path / "records", _records("2024-02-01", 2) + _records("2024-03-01", 3) + _records("2024-04-01", 4))
    bundle = _bundle(tmp_path / "records", ("2024-03", "2024-04"), tmp_path / "out")
    assert sum(name.endswith(".pf_fragment") for name in bundle) == 7
    assert not (tmp_path / "indexing").exists() or not any((tmp_path / "indexing").iterdir())


def test_a_bundle_does_not_depend_on_the_order_its_records_were_written_in(tmp_path):
    """Pagefind numbers pages in the order it lists them, and on tmpfs or btrfs that is the
    order they were made in, which page workers race for (ext4 lists by hash: in memory, so
    the test can see it, where there is /dev/shm)."""
    records = _records("2025-03-01", 12)
    try:
        base = Path(tempfile.mkdtemp(dir="/dev/shm"))
    except OSError:             # no /dev/shm, or not writable
        base = tmp_path
    try:
        _write_records(base / "one", records)
        _write_records(base / "other", records[::-1])
        assert _bundle(base / "one", ("2025-03",), base / "a") == _bundle(base / "other", ("2025-03",), base / "b")
    finally:
        if base != tmp_path:
            shutil.rmtree(base)


def test_a_build_that_fails_while_its_shards_are_indexed_leaves_nothing_behind(tmp_path, small_shards, monkeypatch):
    from gksite import build as build_module
    site = _sharded_site(tmp_path)
    dangling = Problem("index.html", 1, 1, ERROR, "dangling-link", "<a href> 指向的文件不存在", "改正")
    with monkeypatch.context() as patch:
        patch.setattr(build_module, "settle", lambda *args: [dangling])
        with pytest.raises(ContentError):
            site.build()
    assert not site.public.exists() and not (site.root / ".public.staging").exists()
    site.build()                                                  # the next build indexes every shard
    assert len(_shards_of(site)) >= 3 and (site.public / "pagefind" / _shards_of(site)[0]).is_dir()


def test_a_build_that_fails_while_its_pages_are_written_stops_with_shards_still_queued(tmp_path, small_shards,
                                                                                    monkeypatch):
    import threading
    from gksite import pipeline
    monkeypatch.setattr(pipeline, "CHUNK", 2)       # tasks of two entries: newer shards are done before it fails
    site = _sharded_site(tmp_path)
    entry = (builtin_dir("layouts") / "entry.html").read_text(encoding="utf-8")
    (site.root / "layouts").mkdir()
    (site.root / "layouts" / "entry.html").write_text(entry.replace(   # the oldest entry's page, rendered last, fails
        "{% block main %}", '{% block main %}{% if title == "第1号文件" %}{{ nosuch.x }}{% endif %}', 1), encoding="utf-8")
    outcome = []

    def build():
        try:
            site.build(jobs=1)
        except ContentError as error:
            outcome.append(error)

    builder = threading.Thread(target=build, daemon=True)
    builder.start()
    builder.join(60)          # newer shards were queued for Pagefind before it failed: none may hold it up
    assert not builder.is_alive(), "the build hung after its pages failed"
    assert [p.code for p in outcome[0].problems] == ["template"]
    assert not site.public.exists() and not (site.root / ".public.staging").exists()


def test_search_js_spells_the_han_ranges_places_and_twin_suffix_of_search_py():
    """search.js cannot import search.py: the constants it repeats are read back from it here,
    so a change on one side alone fails (the browser tests only find what a query misses)."""
    script = (builtin_dir("assets") / "search.js").read_text(encoding="utf-8")
    spelled = "".join(f"\\u{start:04x}-\\u{end:04x}" for start, end in search._HAN_RANGES)
    assert f"var HAN = /[{spelled}]/;" in script
    assert f"var RUNS = /[{spelled}]+|[0-9A-Za-z]+/g;" in script
    # code(): each range's first character counts from the characters of the ranges below it.
    body = re.search(r"function code\(ch\) \{(.*?)\n  \}", script, re.S).group(1)
    found = re.search(r"n = (.*?);", body).group(1)
    expected, before = [], 0
    for start, end in search._HAN_RANGES:
        expected.append((start, before))
        before += end - start + 1
    terms = [f"c >= 0x{start:04x} ? c - 0x{start:04x} + {offset} : " for start, offset in reversed(expected[1:])]
    assert found == "".join(terms) + f"c - 0x{expected[0][0]:04x}"
    for start, offset in expected:          # and search.py places those characters alike
        assert search.han_code(chr(start)) == "".join(_DIGITS[offset // 36 ** k % 36] for k in (2, 1, 0))
    assert 'return ("00" + n.toString(36)).slice(-3);' in body
    assert f'meta[key + "{search.TWIN_SUFFIX}"]' in script
    high = 0xD800 + ((search._HIDDEN_BASE - 0x10000) >> 10)      # showWords reads U+F0000 + u as surrogates
    assert f"/[\\u{high:X}-\\u{high + 0x3F:X}][\\uDC00-\\uDFFF]/g" in script
    assert f"(p.charCodeAt(0) - 0x{high:X} << 10) + p.charCodeAt(1) - 0xDC00" in script
