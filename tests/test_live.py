"""The preview's in-memory site: an edit rewrites only what shows it, and the output is
always what a full build of the same files writes."""
import os

import pytest

from gksite import searchindex
from gksite.live import LiveSite
from gksite.problems import ContentError
from sitekit import TODAY, Site, tree_bytes

BASE_URL = "https://www.example.gov.cn/xxgk/"


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"}, base_url=BASE_URL)
    for i in range(7):
        site.entry(f"e{i}", title=f"第{i}号文件", date=f"2025-0{i + 1}-01", body=f"发展规划第{i}条。")
    site.entry("jd", title="第5号文件的解读", date="2025-08-01", category="fdzdgknr/zcjd",
               interprets="11990000MB0000001A/2025-0006", body="见[原文](索引号:11990000MB0000001A/2025-0006)。")
    site.build(search=False)
    return site


def _live(site, future=False) -> LiveSite:
    return LiveSite.load(site.root, TODAY, future)


def _same_as_a_full_build(site, tmp_path, future=False):
    cold = tmp_path / "cold"
    site.build(output_dir=cold, use_cache=False, search=False, future=future)
    built, live = tree_bytes(cold), tree_bytes(site.public)
    assert sorted(built) == sorted(live)
    assert [url for url in built if built[url] != live[url]] == []


def _touch(path):
    """Change a file's time as an editor's save would, even within one clock tick."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_body_edit_renders_only_the_entry_page_in_each_script(site, tmp_path):
    live = _live(site)
    path = site.entry("e3", title="第3号文件", date="2025-04-01", body="发展规划第3条。补充一句。",
                      index_no="11990000MB0000001A/2025-0004")
    update = live.update([path])
    url = site.entry_url("11990000MB0000001A/2025-0004")
    assert update.rendered == 2
    assert {url, f"zh-hant/{url}"} <= set(update.written)
    assert "补充一句" in (site.public / url).read_text(encoding="utf-8")
    assert "補充一句" in (site.public / "zh-hant" / url).read_text(encoding="utf-8")
    _same_as_a_full_build(site, tmp_path)


def test_title_edit_rewrites_the_lists_and_neighbours_that_show_it(site, tmp_path):
    live = _live(site)
    path = site.entry("e3", title="改过标题的第3号文件", date="2025-04-01", body="发展规划第3条。",
                      index_no="11990000MB0000001A/2025-0004")
    update = live.update([path])
    neighbour = site.entry_url("11990000MB0000001A/2025-0005")
    assert neighbour in update.written
    assert site.entry_url("11990000MB0000001A/2025-0001") not in update.written
    assert "feed.xml" not in update.written or "改过标题" in (site.public / "feed.xml").read_text(encoding="utf-8")
    assert 2 < update.rendered < 40
    _same_as_a_full_build(site, tmp_path)


def test_new_entry_appears_everywhere_a_full_build_shows_it(site, tmp_path):
    live = _live(site)
    path = site.entry("new", title="新增的文件", date="2025-10-01", category="gknb", publisher="测试县财政局")
    live.update([path])
    _same_as_a_full_build(site, tmp_path)


def test_deleted_entry_leaves_nothing_behind(site, tmp_path):
    live = _live(site)
    url = site.entry_url("11990000MB0000001A/2025-0002")
    path = site.root / "content" / "e1.md"
    path.unlink()
    update = live.update([path])
    assert url in update.removed and f"zh-hant/{url}" in update.removed
    assert not (site.public / url).exists()
    _same_as_a_full_build(site, tmp_path)


def test_entry_made_a_draft_is_withdrawn(site, tmp_path):
    live = _live(site)
    path = site.entry("e6", title="第6号文件", date="2025-07-01", body="发展规划第6条。", draft=True,
                      index_no="11990000MB0000001A/2025-0007")
    live.update([path])
    assert "第6号文件" not in (site.public / "search-data.js").read_text(encoding="utf-8")
    _same_as_a_full_build(site, tmp_path)


def test_renumbered_policy_relinks_the_bodies_that_name_it(site, tmp_path):
    site.entry("see", title="参见第5号文件", date="2025-09-01", category="gknb", body="参见[第5号文件](e5.md)。")
    site.build(search=False)
    live = _live(site)
    old = site.root / "content" / "e5.md"
    path = site.entry("e5", title="第5号文件", date="2025-06-01", body="发展规划第5条。",
                      index_no="11990000MB0000001A/2025-0016")
    interpretation = site.entry("jd", title="第5号文件的解读", date="2025-08-01", category="fdzdgknr/zcjd",
                                interprets="11990000MB0000001A/2025-0016",
                                body="见[原文](索引号:11990000MB0000001A/2025-0016)。",
                                index_no="11990000MB0000001A/2025-0008")
    live.update([old, path, interpretation])
    _same_as_a_full_build(site, tmp_path)


def test_content_error_changes_nothing_and_is_applied_once_fixed(site, tmp_path):
    live = _live(site)
    before = tree_bytes(site.public)
    bad = site.raw("bad", "---\ntitle: 坏\ndate: 2025-02-30\n---\n")
    edited = site.entry("e2", title="第2号文件（修订）", date="2025-03-01", index_no="11990000MB0000001A/2025-0003")
    with pytest.raises(ContentError) as error:
        live.update([bad, edited])
    assert any(p.path == "content/bad.md" and p.code == "date" for p in error.value.problems)
    assert tree_bytes(site.public) == before
    bad.unlink()
    live.update([bad, edited])
    assert "第2号文件（修订）" in (site.public / site.entry_url("11990000MB0000001A/2025-0003")).read_text(encoding="utf-8")
    _same_as_a_full_build(site, tmp_path)


def test_duplicate_index_number_is_reported_on_both_files(site):
    live = _live(site)
    twin = site.entry("twin", index_no="11990000MB0000001A/2025-0002", date="2025-02-01")
    with pytest.raises(ContentError) as error:
        live.update([twin])
    assert {p.path for p in error.value.problems if p.code == "index-duplicate"} == {"content/e1.md", "content/twin.md"}


def test_changed_attachment_is_copied_again_with_its_new_size(site, tmp_path):
    (site.root / "content" / "plan.pdf").write_bytes(b"%PDF-1.4 first")
    path = site.entry("e4", title="第4号文件", date="2025-05-01", index_no="11990000MB0000001A/2025-0005",
                      attachments=[{"file": "plan.pdf", "title": "规划文本"}])
    site.build(search=False)
    live = _live(site)
    attachment = site.root / "content" / "plan.pdf"
    attachment.write_bytes(b"%PDF-1.4 second, longer")
    _touch(attachment)
    live.update([attachment])
    folder = site.entry_url("11990000MB0000001A/2025-0005").rsplit("/", 1)[0]
    assert (site.public / folder / "plan.pdf").read_bytes() == b"%PDF-1.4 second, longer"
    assert path.exists()
    _same_as_a_full_build(site, tmp_path)


def test_moved_folder_is_read_again(site, tmp_path):
    folder = site.root / "content" / "y2025"
    folder.mkdir()
    moved = site.entry("y2025/e7", title="第7号文件", date="2025-09-01")
    site.build(search=False)
    live = _live(site)
    folder.rename(site.root / "content" / "_archive")
    live.update([folder, site.root / "content" / "_archive"])
    assert not moved.exists()
    _same_as_a_full_build(site, tmp_path)


def test_future_entries_follow_the_future_flag(site, tmp_path):
    site.build(search=False, future=True)
    live = _live(site, future=True)
    path = site.entry("later", title="明年的文件", date="2027-01-05")
    live.update([path])
    _same_as_a_full_build(site, tmp_path, future=True)


def test_only_content_changes_are_covered(site):
    live = _live(site)
    assert live.covers([site.root / "content" / "e1.md", site.root / "content" / "sub" / "x.pdf"])
    assert not live.covers([site.root / "site.yaml"])
    assert not live.covers([site.root / "content" / "e1.md", site.root / "layouts" / "base.html"])


def test_search_index_catches_up_with_only_the_shards_that_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "SHARD_BYTES", 2 * (searchindex.RECORD_BYTES + 60 * searchindex.CHAR_BYTES))
    site = Site(tmp_path / "site", mirror={"variant": "s2t"})
    for i in range(6):
        site.entry(f"e{i}", title=f"第{i}号文件", date=f"202{i % 3 + 3}-0{i + 1}-01", body=f"发展规划第{i}条。")
    site.build()
    live = _live(site)
    assert len(live.state.shards) == 3
    path = site.entry("e4", title="第4号文件", date="2024-05-01", body="发展规划第4条。琥珀色的灯笼。",
                      index_no="11990000MB0000001A/2024-0002")
    live.update([path])
    assert live.state.unindexed
    assert live.refresh_search() == 1            # the shard of 2024, which serves both scripts
    assert live.refresh_search() == 0
    cold = tmp_path / "cold"
    site.build(output_dir=cold, use_cache=False)
    assert tree_bytes(cold) == tree_bytes(site.public)


def test_search_catch_up_moves_in_only_the_files_that_differ(tmp_path):
    site = Site(tmp_path / "site")
    for i in range(6):
        site.entry(f"e{i}", title=f"第{i}号文件", date=f"2025-0{i + 1}-01", body=f"发展规划第{i}条。")
    site.build()
    live = _live(site)
    before = {p: p.stat().st_mtime_ns for p in (site.public / "pagefind").rglob("*") if p.is_file()}
    fragments = [p for p in before if p.suffix == ".pf_fragment"]
    path = site.entry("e2", title="第2号文件", date="2025-03-01", body="发展规划第2条。琥珀色的灯笼。",
                      index_no="11990000MB0000001A/2025-0003")
    live.update([path])
    assert live.refresh_search() == 1
    after = {p: p.stat().st_mtime_ns for p in (site.public / "pagefind").rglob("*") if p.is_file()}
    untouched = [p for p in fragments if after.get(p) == before[p]]
    assert len(untouched) == len(fragments) - 1          # the other entries' fragments stay as they were
    cold = tmp_path / "cold"
    site.build(output_dir=cold, use_cache=False)
    assert tree_bytes(cold) == tree_bytes(site.public)
