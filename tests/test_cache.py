"""The build cache: unchanged pages are not rendered again, and a cached build equals a cold one."""
from datetime import date

import pytest

from gksite import cache as build_cache
from gksite import render, views
from gksite.cache import CACHE_DIR
from gksite.render import Renderer
from gksite.problems import ContentError
from sitekit import Site, tree_bytes


def _site(tmp_path, entries=8):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"})
    for i in range(entries):
        site.entry(f"e{i}", title=f"第{i}号文件", date=f"2025-0{i % 9 + 1}-01", body=f"发展规划第{i}条。")
    return site


def test_rebuild_with_no_change_renders_nothing(tmp_path):
    site = _site(tmp_path)
    first = site.build()
    assert first.rendered > 20
    again = site.build()
    assert again.rendered == 0
    assert again.pages == first.pages


def test_editing_one_entry_renders_only_what_shows_it(tmp_path):
    site = _site(tmp_path)
    first = site.build()
    site.entry("e3", title="改过标题的第3号文件", date="2025-04-01", body="发展规划第3条。",
               index_no="11990000MB0000001A/2025-0004")
    again = site.build()
    assert 0 < again.rendered < first.rendered / 2
    page = site.soup(site.entry_url("11990000MB0000001A/2025-0004"))
    assert page.h1.get_text() == "改过标题的第3号文件"


def test_editing_one_entry_prepares_no_other_entry_page(tmp_path, monkeypatch):
    site = _site(tmp_path)
    site.build()
    prepared = []
    real = Renderer.entry_spec
    monkeypatch.setattr(Renderer, "entry_spec", lambda self, entry: prepared.append(entry.title) or real(self, entry))
    site.entry("e3", title="第3号文件", date="2025-04-01", body="发展规划第3条，已修改。",
               index_no="11990000MB0000001A/2025-0004")
    assert site.build().rendered == 1
    assert prepared == ["第3号文件"]          # the other pages are known unchanged without being prepared


def test_a_new_day_renders_again_what_it_changes(tmp_path):
    site = _site(tmp_path)
    site.entry("repealed", title="已废止的办法", date="2025-01-15", validity="废止", expires="2026-11-23",
               index_no="11990000MB0000001A/2025-0101")
    site.entry("expiring", title="到期的办法", date="2025-01-20", expires="2026-11-23",
               index_no="11990000MB0000001A/2025-0102")
    site.build(today=date(2026, 11, 22))
    for day in (date(2026, 11, 23), date(2026, 11, 24)):
        cached = site.build(today=day)
        cold = tmp_path / f"cold-{day}"
        assert cached.rendered < site.build(today=day, output_dir=cold, use_cache=False).rendered
        assert tree_bytes(cold) == tree_bytes(site.public)
    repealed = site.soup(site.entry_url("11990000MB0000001A/2025-0101"))
    assert "（2026-11-23 起）" in repealed.get_text()            # the banner says since when, from that day on
    expired = site.soup(site.entry_url("11990000MB0000001A/2025-0102"))
    assert expired.select_one('[data-search="validity"]').get_text() == "失效"


def test_cached_build_is_byte_identical_to_a_cold_one(tmp_path):
    site = _site(tmp_path)
    site.build()
    site.entry("e5", title="新标题", date="2025-06-01", body="新的正文。", index_no="11990000MB0000001A/2025-0006")
    site.entry("new", title="新增的文件", date="2025-10-01")
    cached = site.build()
    assert cached.rendered < 40
    cold = site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert cold.rendered > cached.rendered
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_template_change_rebuilds_every_page(tmp_path):
    site = _site(tmp_path)
    first = site.build()
    layouts = site.root / "layouts"
    layouts.mkdir()
    (layouts / "404.html").write_text('{% extends "base.html" %}{% block main %}<h1>改了</h1>{% endblock %}',
                                      encoding="utf-8")
    assert site.build().rendered == first.rendered


def _qr_site(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"}, base_url="https://www.example.gov.cn/xxgk/")
    for i in range(6):
        site.entry(f"e{i}", title=f"第{i}号文件", date=f"2025-0{i + 1}-01")
    return site


def _encodings(monkeypatch) -> list[bool]:
    """For each QR code drawn from now on, whether its mask had to be chosen."""
    drawn, chosen = [], []
    choose, draw = views._qr_best, render.qr_svg
    monkeypatch.setattr(views, "_qr_best", lambda address: chosen.append(address) or choose(address))

    def qr_svg(address, masks=None):
        before = len(chosen)
        svg = draw(address, masks)
        drawn.append(len(chosen) > before)
        return svg
    monkeypatch.setattr(render, "qr_svg", qr_svg)
    return drawn


def test_a_layout_change_gives_each_qr_code_the_mask_chosen_before(tmp_path, monkeypatch):
    site = _qr_site(tmp_path)
    site.build()
    chose = _encodings(monkeypatch)
    (site.root / "layouts").mkdir()
    (site.root / "layouts" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>改了</h1>{% endblock %}', encoding="utf-8")
    site.build()
    assert chose == [False] * 12                    # six entries in two scripts, each code as it was
    site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert chose[12:] == [True] * 12
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_qr_masks_chosen_by_another_zxing_cpp_are_not_used(tmp_path, monkeypatch):
    site = _qr_site(tmp_path)
    site.build()
    monkeypatch.setattr(build_cache, "_qr_library", lambda: "0.0-another")
    chose = _encodings(monkeypatch)
    site.config["site"]["name"] = "改名后的网站"
    site.write_config()
    site.build()
    assert chose == [True] * 12
    site.build(output_dir=tmp_path / "cold", use_cache=False)
    assert tree_bytes(tmp_path / "cold") == tree_bytes(site.public)


def test_config_change_rebuilds_every_page(tmp_path):
    site = _site(tmp_path)
    first = site.build()
    site.config["site"]["name"] = "改名后的网站"
    site.write_config()
    assert site.build().rendered == first.rendered
    assert site.soup("index.html").h1.get_text() == "改名后的网站"


@pytest.mark.parametrize("damaged", ["manifest.pickle", "snapshot.pickle"])
def test_corrupt_cache_is_ignored_and_rebuilt(tmp_path, damaged):
    site = _site(tmp_path)
    first = site.build()
    for name in ("manifest.pickle", "snapshot.pickle"):
        if name == damaged:
            (site.root / CACHE_DIR / name).write_bytes(b"\x80\x04not a pickle at all")
    site.entry("e0", title="第0号文件（改）", date="2025-01-01", body="发展规划第0条。",
               index_no="11990000MB0000001A/2025-0001")
    again = site.build()
    if damaged == "manifest.pickle":
        assert again.rendered == first.rendered            # cold: nothing of the old cache trusted
    else:
        assert 0 < again.rendered < first.rendered         # the manifest still serves
    assert site.soup(site.entry_url("11990000MB0000001A/2025-0001")).h1.get_text() == "第0号文件（改）"
    assert site.build().rendered == 0


def test_build_with_no_change_touches_nothing(tmp_path):
    site = _site(tmp_path)
    site.build()
    files = {p: p.stat().st_mtime_ns for p in site.public.rglob("*") if p.is_file()}
    # The snapshot alone decides: the big manifest is not even read (broken, it would mean a cold build).
    (site.root / CACHE_DIR / "manifest.pickle").write_bytes(b"unreadable")
    again = site.build()
    assert again.rendered == 0 and again.pages > 0 and again.files == len(files)
    assert {p: p.stat().st_mtime_ns for p in site.public.rglob("*") if p.is_file()} == files


def test_a_changed_attachment_alone_is_noticed(tmp_path):
    site = Site(tmp_path / "site")
    path = site.entry("a", attachments=[{"file": "fj.pdf", "title": "附件"}])
    (path.parent / "fj.pdf").write_bytes(b"%PDF-1.4 x")
    site.build()
    (path.parent / "fj.pdf").write_bytes(b"%PDF-1.4 a longer, newer version")
    site.build()
    assert (site.public / site.entry_url("11990000MB0000001A/2025-0001")).parent.joinpath("fj.pdf").read_bytes() \
        == b"%PDF-1.4 a longer, newer version"


def test_hand_edited_output_file_is_not_trusted(tmp_path):
    site = _site(tmp_path)
    site.build()
    page = site.public / site.entry_url("11990000MB0000001A/2025-0001")
    original = page.read_bytes()
    page.write_bytes(b"tampered")
    site.build()
    assert page.read_bytes() == original


def test_removed_attachment_is_noticed_although_the_entry_did_not_change(tmp_path):
    site = Site(tmp_path / "site")
    path = site.entry("a", attachments=[{"file": "fj.pdf", "title": "附件"}])
    (path.parent / "fj.pdf").write_bytes(b"%PDF-1.4 x")
    site.build()
    (path.parent / "fj.pdf").unlink()
    import pytest
    from gksite.problems import ContentError
    with pytest.raises(ContentError) as failure:
        site.build()
    assert failure.value.problems[0].code == "attachment-missing"


def test_cached_build_patches_the_output_in_place(tmp_path):
    site = _site(tmp_path)
    site.build()
    home = site.public / "index.html"
    kept = site.public / "assets" / "gksite.css"
    inode, folder = kept.stat().st_ino, site.public.stat().st_ino
    old_url = site.entry_url("11990000MB0000001A/2025-0008")
    site.raw("e7", "")                                   # e7 is withdrawn: its file is emptied …
    (site.root / "content" / "e7.md").unlink()           # … and deleted
    site.build()
    assert site.public.stat().st_ino == folder           # the same folder, not a new tree renamed over it
    assert kept.stat().st_ino == inode                   # untouched, not copied
    assert not (site.public / old_url).exists()          # the withdrawn entry's page is gone
    assert not (site.public / old_url).parent.exists()   # and its folder
    assert "第7号文件" not in home.read_text(encoding="utf-8")


def test_failed_patch_build_leaves_the_output_untouched(tmp_path):
    site = _site(tmp_path)
    site.build()
    before = tree_bytes(site.public)
    site.raw("bad", "---\ntitle: 坏\n---\n")
    with pytest.raises(ContentError):
        site.build()
    assert tree_bytes(site.public) == before


def test_the_manifest_fields_sealed_early_are_read_back_and_one_changed_since_is_written_again(tmp_path):
    site = _site(tmp_path)
    site.build()

    def saved(change) -> build_cache.Manifest:
        cache = build_cache.BuildCache(site.root, "settings", site.public)
        cache.new.entries = {"a.md": (1, 2, date(2026, 11, 22), None, (), "h")}
        cache.new.search = {"zh-Hans": {"a.html": ("key", None)}}
        cache.new.files = {"a.html": ("key", 1, 2)}
        cache.seal()
        change(cache.new)
        cache.save("inputs", None)
        return cache.new

    for change in (lambda new: None, lambda new: new.entries.update({"b.md": (3, 4, date(2026, 11, 22), None, (), "i")})):
        new = saved(change)
        read = build_cache.BuildCache(site.root, "settings", site.public).old
        assert (read.entries, read.search, read.files) == (new.entries, new.search, new.files)
        assert not (site.root / CACHE_DIR / "manifest.pickle.tmp").exists()


def test_a_build_seals_the_entries_and_their_search_records_before_its_list_pages(tmp_path, monkeypatch):
    from gksite import pipeline
    site = _site(tmp_path)
    order = []
    real_seal, real_run = build_cache.BuildCache.seal, pipeline.PageWriter.run
    monkeypatch.setattr(build_cache.BuildCache, "seal", lambda self: order.append("seal") or real_seal(self))
    monkeypatch.setattr(pipeline.PageWriter, "run", lambda self, task: order.append(task[0]) or real_run(self, task))
    first = site.build()
    assert order.index("seal") == order.index("specs") - 1 and order.count("seal") == 1 and "entries" in order
    again = site.build()                                      # what was sealed serves the next build
    assert again.rendered == 0 and again.pages == first.pages
