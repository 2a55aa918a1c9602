"""`gksite serve`: a change rebuilds the site and open pages hear of it."""
import json
import os
import threading
import time
import urllib.error
import urllib.request

import pytest
import yaml

from gksite.resources import builtin_dir
from gksite.serve import EVENTS, Preview, make_server
from sitekit import TODAY, Site, tree_bytes

BUILTIN_LAYOUTS = builtin_dir("layouts")


@pytest.fixture
def preview(running):
    site, base, _preview = running
    return site, base


@pytest.fixture
def running(tmp_path):
    site = Site(tmp_path / "site")
    site.entry("a", title="原来的标题")
    preview = Preview(site.root, today=TODAY, log=lambda line: None)
    preview.start()
    server = make_server(preview, port=0)
    stop = threading.Event()
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=preview.watch, args=(stop,), daemon=True)]
    for thread in threads:
        thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    yield site, base, preview
    stop.set()
    server.shutdown()
    server.server_close()
    threads[1].join(10)
    preview.close()


def _next_event(base: str, timeout: float = 20, skip_failures: bool = False) -> dict:
    """The next event a page hears (with `skip_failures`, the next success: a page that
    connects while the site is broken is told so at once)."""
    with urllib.request.urlopen(base + EVENTS.lstrip("/"), timeout=timeout) as stream:
        for raw in stream:
            line = raw.decode("utf-8").strip()
            if line.startswith("data: "):
                event = json.loads(line[len("data: "):])
                if event["ok"] or not skip_failures:
                    return event
    raise AssertionError("no event")


def _events_after(base, action, skip_failures=False):
    box = {}
    listener = threading.Thread(target=lambda: box.setdefault("event", _next_event(base, skip_failures=skip_failures)))
    listener.start()
    threading.Event().wait(0.5)          # the listener is connected before the change
    action()
    listener.join(30)
    return box["event"]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_change_rebuilds_and_the_client_receives_a_reload_event(preview):
    site, base = preview
    url = base + site.entry_url("11990000MB0000001A/2025-0001")
    assert "原来的标题" in _get(url)
    event = _events_after(base, lambda: site.entry("a", title="改过的标题", index_no="11990000MB0000001A/2025-0001"))
    assert event == {"ok": True, "errors": []}
    page = _get(url)
    assert "改过的标题" in page
    assert EVENTS in page                          # the live-reload script is injected when served
    assert EVENTS not in (site.public / site.entry_url("11990000MB0000001A/2025-0001")).read_text()


def test_a_missing_page_gets_the_sites_own_404_page_with_its_links_from_the_root(preview):
    site, base = preview
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(base + "catalog/no/such/page.html")
    assert missing.value.code == 404
    page = missing.value.read().decode("utf-8")
    assert "页面未找到" in page and '<base href="/">' in page and EVENTS in page


def _head(url: str):
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_head_answers_as_get_does_without_a_body(preview):
    """A link checker asks with HEAD: a page's length is the length GET sends (reload script
    included), and a missing page is the site's own 404 page, not Python's."""
    site, base = preview
    url = base + site.entry_url("11990000MB0000001A/2025-0001")
    status, headers, body = _head(url)
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) == len(_get(url).encode("utf-8"))
    status, headers, body = _head(base + "catalog/no/such/page.html")
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(base + "catalog/no/such/page.html")
    assert (status, body) == (404, b"")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(missing.value.read())
    status, _headers, body = _head(base + "assets/gksite.css")
    assert (status, body) == (200, b"")


def test_content_error_reaches_the_page_and_the_last_good_build_stays(preview):
    site, base = preview
    url = base + site.entry_url("11990000MB0000001A/2025-0001")
    event = _events_after(base, lambda: site.raw("bad", "---\ntitle: 坏\ndate: 2025-02-30\n---\n"))
    assert event["ok"] is False
    assert any(line.startswith("content/bad.md:3:1: error [date]") for line in event["errors"])
    assert "原来的标题" in _get(url)


def test_site_yaml_change_rebuilds_the_whole_site(preview):
    site, base = preview
    site.config["site"]["name"] = "改名后的网站"
    event = _events_after(base, site.write_config)
    assert event == {"ok": True, "errors": []}
    assert "改名后的网站" in _get(base + "index.html")


def test_site_yaml_saved_by_renaming_a_new_file_over_it_is_seen_every_time(preview):
    site, base = preview

    def save(name):                              # as editors that save "safely" do
        site.config["site"]["name"] = name
        new = site.root / "site.yaml.new"
        new.write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")
        os.replace(new, site.root / "site.yaml")

    for name in ("第一次改名的网站", "第二次改名的网站"):
        assert _events_after(base, lambda: save(name)) == {"ok": True, "errors": []}
        assert name in _get(base + "index.html")


def test_a_layouts_folder_made_while_serving_is_watched_from_then_on(preview):
    site, base = preview
    layouts = site.root / "layouts"
    assert not layouts.exists()                  # the built-in templates, until the editor copies one
    builtin = (BUILTIN_LAYOUTS / "404.html").read_text(encoding="utf-8")

    def override(words):
        layouts.mkdir(exist_ok=True)
        (layouts / "404.html").write_text(builtin.replace("页面未找到", words), encoding="utf-8")

    assert _events_after(base, lambda: override("此页不存在"))["ok"]
    assert "此页不存在" in _get(base + "404.html")
    assert _events_after(base, lambda: override("没有这一页"))["ok"]     # and a later edit in it
    assert "没有这一页" in _get(base + "404.html")


def test_a_phrase_file_named_while_serving_is_watched_from_then_on(preview):
    site, base = preview
    url = base + "zh-hant/" + site.entry_url("11990000MB0000001A/2025-0001")
    phrases = site.root / "phrases.txt"
    phrases.write_text("原来 原來\n", encoding="utf-8")
    site.config["mirror"] = {"phrases": "phrases.txt"}
    assert _events_after(base, site.write_config)["ok"]
    assert "原來的標題" in _get(url)
    assert _events_after(base, lambda: phrases.write_text("原来的 元來的\n", encoding="utf-8"))["ok"]
    assert "元來的標題" in _get(url)


def test_a_template_error_reaches_the_page_and_fixing_it_rebuilds(preview):
    site, base = preview
    layouts = site.root / "layouts"
    layouts.mkdir()
    broken = _events_after(base, lambda: (layouts / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n', encoding="utf-8"))
    assert broken["ok"] is False
    assert any(line.startswith("layouts/404.html:3:1: error [template-syntax]") for line in broken["errors"])
    assert "页面未找到" in _get(base + "404.html")          # the last good build stays served
    fixed = _events_after(base, lambda: (layouts / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}<h1>修好了</h1>{% endblock %}\n', encoding="utf-8"),
        skip_failures=True)
    assert fixed == {"ok": True, "errors": []}
    assert "修好了" in _get(base + "404.html")


def test_an_unexpected_failure_is_shown_and_the_preview_keeps_watching(running, monkeypatch):
    site, base, preview = running
    update = preview.live.update

    def failing(paths):
        monkeypatch.setattr(preview.live, "update", update)
        raise RuntimeError("磁盘出了问题")

    monkeypatch.setattr(preview.live, "update", failing)
    edit = lambda title: site.entry("a", title=title, index_no="11990000MB0000001A/2025-0001")  # noqa: E731
    failed = _events_after(base, lambda: edit("第一次改"))
    assert failed["ok"] is False and "RuntimeError: 磁盘出了问题" in failed["errors"][0]
    assert _events_after(base, lambda: edit("第二次改"), skip_failures=True) == {"ok": True, "errors": []}
    assert "第二次改" in _get(base + site.entry_url("11990000MB0000001A/2025-0001"))


def test_a_fixed_error_shows_every_change_made_meanwhile(preview):
    site, base = preview
    url = base + site.entry_url("11990000MB0000001A/2025-0001")
    bad = site.root / "content" / "bad.md"
    failed = _events_after(base, lambda: site.raw("bad", "---\ntitle: 坏\ndate: 2025-02-30\n---\n"))
    assert failed["ok"] is False
    edited = _events_after(base, lambda: site.entry("a", title="出错期间改的标题", index_no="11990000MB0000001A/2025-0001"))
    assert edited["ok"] is False                  # bad.md is still wrong
    fixed = _events_after(base, bad.unlink, skip_failures=True)
    assert fixed == {"ok": True, "errors": []}
    assert "出错期间改的标题" in _get(url)


def test_search_index_follows_the_pages_once_the_edits_pause(running, tmp_path):
    site, base, preview = running
    event = _events_after(base, lambda: site.entry("a", title="原来的标题", body="琥珀色的灯笼。",
                                                   index_no="11990000MB0000001A/2025-0001"))
    assert event == {"ok": True, "errors": []}
    deadline = time.monotonic() + 60
    while preview.indexing is not None or preview.search_behind or preview.live.state.unindexed:
        assert time.monotonic() < deadline, "the search index did not catch up"
        time.sleep(0.2)
    cold = tmp_path / "cold"
    site.build(output_dir=cold, use_cache=False, future=True)
    assert tree_bytes(cold) == tree_bytes(site.public)


def test_an_update_runs_without_the_cycle_collector_and_collects_once_the_edits_pause(tmp_path, monkeypatch):
    import gc

    site = Site(tmp_path / "site")
    entry = site.entry("a", title="原来的标题")
    preview = Preview(site.root, today=TODAY, log=lambda line: None)
    preview.start()
    assert gc.get_freeze_count() > 0          # the site read into memory is set aside
    seen, update = [], preview.live.update
    monkeypatch.setattr(preview.live, "update", lambda paths: seen.append(gc.isenabled()) or update(paths))
    collections = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args) or 0)
    try:
        entry.write_text(entry.read_text(encoding="utf-8").replace("原来的标题", "新的标题"), encoding="utf-8")
        assert preview.rebuild([entry]).ok
        assert seen == [False] and gc.isenabled()
        assert collections == []                # not while the page waits for its reload
        preview.collect()
        preview.collect()
        assert len(collections) == 1            # once, when the edits pause
    finally:
        preview.close()
    assert gc.get_freeze_count() == 0
