"""Entry files read and checked in forked workers give what one process gives, problem for problem,
and the build cache keeps each file's checks until the file or the day changes."""
import gc
import os
from datetime import timedelta

import pytest

from gksite import build, workers
from gksite.build import check_site
from gksite.cache import BuildCache, dataclass_hash
from gksite.config import load_config
from gksite.problems import ContentError
from sitekit import TODAY, Site, with_code

ORG = "11990000MB0000001A"
BORN_TOMORROW = "510104" + (TODAY + timedelta(days=1)).strftime("%Y%m%d") + "1235"   # a valid 居民身份证号码
KINDS = {"index-duplicate", "index-format", "interprets", "broken-link", "privacy-mobile", "unsafe-html",
         "yaml-tab", "full-width-colon", "missing-key", "unknown-key", "attachment-missing", "encoding-gbk", "empty"}


@pytest.fixture
def mistaken(tmp_path) -> Site:
    """A site of 30 files with mistakes of every kind: in one file, and across files."""
    site = Site(tmp_path / "site")
    for number in range(12):
        site.entry(f"ok{number:02d}", body=f"第{number}条。[图表](chart.png)")
    (site.root / "content" / "chart.png").write_bytes(b"\x89PNG")
    site.entry("dup1", index_no=f"{ORG}/2025-0500")
    site.entry("dup2", index_no=f"{ORG}/2025-0500")
    site.entry("format", index_no=f"{ORG}/2024-0501")
    site.entry("interprets", interprets=f"{ORG}/2025-9999")
    site.entry("secret", draft=True)
    site.entry("links", body=f"见[甲](missing.md)、[乙](索引号:{ORG}/2025-9998)和[丙](secret.md)。")
    site.entry("mobile", body="联系人手机 13812345678。")
    site.entry("future", date="2027-01-05", body="值班手机 13912345678。")
    site.entry("script", body="<script>alert(1)</script>")
    site.entry("unknown", titel="多写的键")
    site.entry("attachment", attachments=[{"file": "nofile.pdf"}])
    site.entry("partial", publisher="", body="联系人手机 13712345678。<iframe src=x></iframe>")
    site.raw("tabbed", "---\ntitle:\t关于\n---\n正文\n")
    site.raw("colon", "---\ntitle：关于\n---\n正文\n")
    site.raw("empty", "")
    (site.root / "content" / "gbk.md").write_bytes("---\ntitle: 关于\n---\n正文\n".encode("gb18030"))
    return site


def _checked(site: Site, monkeypatch, parallel: bool, cache: BuildCache | None = None):
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2 if parallel else 10**9)
    monkeypatch.setattr(workers, "CHUNK", 4)
    return check_site(site.root, today=TODAY, cache=cache)


def _cold_cache(site: Site) -> BuildCache:
    config = load_config(site.root)
    return BuildCache(config.root, build._settings(config), config.output_dir)


def test_parallel_check_finds_what_a_serial_one_finds(mistaken, monkeypatch):
    serial = _checked(mistaken, monkeypatch, parallel=False)
    parallel = _checked(mistaken, monkeypatch, parallel=True)
    assert KINDS <= {p.code for p in serial.problems}
    assert parallel.problems == serial.problems
    assert parallel.entries == serial.entries
    assert [e.lines for e in parallel.entries] == [e.lines for e in serial.entries]
    assert parallel.catalog == serial.catalog


def test_one_job_reads_and_checks_in_this_process_alone(mistaken, monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workers, "CHUNK", 4)
    pids = []
    check_file = build.check_file
    monkeypatch.setattr(build, "check_file", lambda *args, **kw: pids.append(os.getpid()) or check_file(*args, **kw))
    check_site(mistaken.root, today=TODAY, jobs=1)
    assert pids and set(pids) == {os.getpid()}
    with pytest.raises(ContentError):
        mistaken.build(jobs=1, search=False)
    assert set(pids) == {os.getpid()}


def test_parallel_cached_read_records_what_a_serial_one_records(mistaken, monkeypatch):
    serial_cache, parallel_cache = _cold_cache(mistaken), _cold_cache(mistaken)
    serial = _checked(mistaken, monkeypatch, parallel=False, cache=serial_cache)
    parallel = _checked(mistaken, monkeypatch, parallel=True, cache=parallel_cache)
    assert parallel.problems == serial.problems and parallel.entries == serial.entries
    assert parallel_cache.new.entries == serial_cache.new.entries
    hashes = [parallel_cache.seen[id(entry)] for entry in parallel.entries]
    assert hashes == [serial_cache.seen[id(entry)] for entry in serial.entries]
    assert hashes == [dataclass_hash(entry, {}) for entry in serial.entries]


def test_forked_map_keeps_the_order_and_works_in_other_processes():
    done = workers.forked_map(lambda item: (item, os.getpid()), list(range(450)), jobs=2)
    assert [item for item, _ in done] == list(range(450))
    assert os.getpid() not in {pid for _, pid in done}


def test_workers_collect_cycles_but_never_walk_what_the_parent_holds():
    before = gc.get_freeze_count()
    with workers.collector_paused():
        held = [[] for _ in range(1000)]           # the parent's objects, shared with the workers
        done = workers.forked_map(lambda item: (gc.isenabled(), gc.get_freeze_count()), list(range(450)), jobs=2)
        assert not gc.isenabled() and gc.get_freeze_count() == before
    assert all(enabled and frozen > before + len(held) for enabled, frozen in done)


def test_what_the_parent_had_set_aside_stays_so_after_its_workers():
    # Asked of one object, not of the count of those set aside: an object frozen by an earlier
    # test and freed meanwhile (a finished pool's) lowered the count once, with nothing handed back.
    kept = [object()]
    gc.freeze()                                     # as `serve` sets its live site aside
    try:
        assert not _collected(kept)
        workers.forked_map(lambda item: item, list(range(450)), jobs=2)
        assert not _collected(kept)
    finally:
        gc.unfreeze()
    assert _collected(kept)


def _collected(value) -> bool:
    """Whether the cycle collector walks `value` (frozen objects it does not)."""
    return any(item is value for item in gc.get_objects())


def test_a_build_pauses_the_collector_of_its_process_alone(site, monkeypatch):
    site.entry("a")
    seen = []
    real = build.write_feeds
    monkeypatch.setattr(build, "write_feeds", lambda *args: seen.append(gc.isenabled()) or real(*args))
    assert gc.isenabled()
    site.build()
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        site.build(use_cache=False)
        assert not gc.isenabled()                   # left as it was found
    finally:
        gc.enable()


def test_rebuild_checks_only_the_file_that_changed(site, monkeypatch):
    for number in range(5):
        site.entry(f"e{number}", body=f"第{number}条。")
    site.build(search=False)
    checked = []
    real = build.check_file
    monkeypatch.setattr(build, "check_file", lambda path, *args: checked.append(path.name) or real(path, *args))
    site.entry("e3", body="改过的第3条。", index_no=f"{ORG}/2025-0004")
    site.build(search=False)
    assert checked == ["e3.md"]


def test_the_next_day_every_file_is_checked_again(site):
    site.entry("notice", body=f"申请人身份证号 {BORN_TOMORROW}。")
    site.build(search=False)            # today the number cannot be one: its holder is born tomorrow
    with pytest.raises(ContentError) as failed:
        site.build(search=False, today=TODAY + timedelta(days=1))
    assert with_code(failed.value.problems, "privacy-id-number")


def test_the_parent_does_not_stat_a_file_the_cache_has_no_record_of(mistaken, monkeypatch):
    """Its worker reads and stats it; the parent, looking for the cache's record, need not."""
    class Unstated(type(mistaken.root)):
        def stat(self, *args, **kwargs):
            raise AssertionError(f"{self} stat-ed")

    cache = _cold_cache(mistaken)
    assert build._read_cached(Unstated(mistaken.root / "content" / "ok01.md"), cache, TODAY) is None
