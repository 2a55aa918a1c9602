"""Offline-friendly: pages read without JavaScript, browse from disk, and load little code."""
import pytest

from .portal import HANT, page_types

BUDGET = 30 * 1024          # CSS + JS a page loads, uncompressed
# What is counted: every stylesheet and script a page loads (as the browser fetches them,
# generated ones such as search/charmap.js included) and its inline <script> and <style>.
# What a page loads when it opens: the search page's character map, filter values and
# Pagefind come only once the visitor starts to search (see assets/search.js), and are not
# counted; `test_search_loads_its_engine_only_when_the_visitor_starts` checks that they wait.
SEARCH_ENGINE = "/pagefind/"


def page_weight(page, url: str) -> int:
    """Bytes of CSS and JS the browser loads for `url`, inline code included, the search engine left out."""
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    files = sum(len(request.response().body()) for request in loaded
                if request.resource_type in ("script", "stylesheet") and SEARCH_ENGINE not in request.url)
    inline = page.evaluate("""[...document.querySelectorAll('script:not([src]), style')]
        .reduce((sum, el) => sum + new TextEncoder().encode(el.textContent).length, 0)""")
    return files + inline


def test_search_loads_its_engine_only_when_the_visitor_starts(open_page, portal_server):
    origin, base = portal_server
    page = open_page("about:blank", origin=origin)
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto(base + "search.html")
    page.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "/search/" in url or SEARCH_ENGINE in url]
    page.focus("#search-q")
    page.wait_for_function("document.getElementById('search-filters').hidden === false")
    assert any("/search/charmap.js" in url for url in loaded) and any(SEARCH_ENGINE in url for url in loaded)


@pytest.mark.parametrize("script", ("", HANT))
@pytest.mark.parametrize("name", ("home", "catalog", "section", "entry", "search", "stats", "404"))
def test_css_and_js_a_page_loads_stay_within_30_kb(open_page, portal, portal_server, name, script):
    origin, base = portal_server
    weight = page_weight(open_page("about:blank", origin=origin), base + script + page_types(portal)[name])
    print(f"{script}{name}: {weight} B of CSS and JS")
    assert 0 < weight <= BUDGET


@pytest.mark.parametrize("script", ("", HANT))
def test_entry_body_and_metadata_read_without_javascript(open_page, portal, portal_server, script):
    origin, base = portal_server
    page = open_page(base + script + page_types(portal)["entry"], origin=origin, java_script_enabled=False)
    assert page.locator("h1").is_visible()
    assert page.locator("table.metadata").is_visible()
    assert page.locator("table.metadata th").count() >= 8
    assert page.locator(".entry-body").is_visible() and "最低生活保障" in page.inner_text(".entry-body")
    assert page.locator(".attachments a").first.is_visible()
    assert page.locator(".entry-body img").evaluate("img => img.complete && img.naturalWidth > 0")


@pytest.mark.parametrize("name", ("home", "catalog"))
def test_catalog_lists_read_without_javascript(open_page, portal, portal_server, name):
    origin, base = portal_server
    page = open_page(base + page_types(portal)[name], origin=origin, java_script_enabled=False)
    assert page.locator("table.entries tbody tr").count() >= 3
    assert page.locator("table.entries tbody tr").first.is_visible()
    if name == "home":
        assert page.locator(".tree a").first.is_visible()


def test_search_page_without_javascript_points_to_the_catalog(open_page, portal, portal_server):
    origin, base = portal_server
    page = open_page(base + "search.html", origin=origin, java_script_enabled=False)
    assert page.locator("noscript a, .banner a").first.is_visible()
    assert page.locator("#search-form").is_hidden()        # a form that could do nothing is not shown


def test_site_browses_from_disk_home_catalog_entry_and_back(open_page, portal):
    page = open_page((portal.public / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != \
        "rgba(0, 0, 0, 0)"                                  # the stylesheet loaded from disk
    page.click(".tree a >> text=规范性文件")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "规范性文件"
    assert page.url.startswith("file://") and page.url.endswith("/index.html")
    page.click("table.entries a >> text=测试县城乡居民最低生活保障实施办法")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "测试县城乡居民最低生活保障实施办法"
    assert page.locator(".entry-body img").evaluate("img => img.naturalWidth > 0")
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "规范性文件"
    page.click(".script-switch a")                          # to the traditional twin, still on disk
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "規範性文件"


def test_search_page_loads_nothing_from_elsewhere(open_page, portal, portal_server):
    """Pagefind's own files come from the site too (the open_page guard fails on anything else)."""
    origin, base = portal_server
    loaded = []
    page = open_page("about:blank", origin=origin)
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto(base + "search.html?q=%E6%95%91%E5%8A%A9")
    page.wait_for_selector("#search-results li")
    assert loaded and all(url.startswith(base) for url in loaded)


def test_sample_site_mirror_browses_from_disk_without_javascript(open_page, sample):
    """The built sample: 简体 home → 繁體 twin → its catalog → an entry → back, all from file:// with JS off."""
    page = open_page((sample.public / "index.html").as_uri(), java_script_enabled=False)
    page.click(".script-switch a[hreflang=zh-Hant]")
    page.wait_for_load_state()
    assert page.url.endswith("/zh-hant/index.html")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert page.locator("h1").inner_text() == "青梧縣人民政府信息公開"
    page.click(".tree a >> text=規範性文件")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "規範性文件"
    first = page.locator("table.entries tbody a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert "/zh-hant/doc/" in page.url and page.locator("h1").inner_text() == title
    assert page.locator("table.metadata").is_visible() and page.locator(".entry-body").is_visible()
    page.click(".script-switch a[hreflang=zh-Hans]")
    page.wait_for_load_state()
    assert "/zh-hant/" not in page.url and page.evaluate("document.documentElement.lang") == "zh-Hans"
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
