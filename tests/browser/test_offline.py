"""Offline-friendly: pages read without JavaScript, browse from disk, and load little code."""
import pytest

from .portal import HANT, page_types

BUDGET = 30 * 1024          # CSS + JS a page loads, uncompressed
# Generated per site by the build: the search page's data, not code (measured apart, see page_weight).
SEARCH_DATA = ("search/",)


def page_weight(site, url: str) -> tuple[int, int]:
    """(code, data): bytes of the stylesheets and scripts `url` references, inline ones included."""
    page = site.soup(url)
    folder = (site.public / url).parent
    code = data = 0
    files = [link["href"] for link in page.select("link[rel~=stylesheet]")]
    files += [script["src"] for script in page.select("script[src]")]
    for ref in files:
        path = (folder / ref).resolve()
        size = path.stat().st_size
        if path.relative_to(site.public.resolve()).as_posix().startswith(SEARCH_DATA):
            data += size
        else:
            code += size
    code += sum(len(tag.get_text().encode()) for tag in page.select("script:not([src]), style"))
    return code, data


@pytest.mark.parametrize("name", ("home", "catalog", "section", "entry", "search", "stats", "404"))
def test_css_and_js_of_each_page_type_stay_within_budget(portal, name):
    url = page_types(portal)[name]
    code, data = page_weight(portal, url)
    print(f"{name}: code {code} B, data {data} B")
    assert code <= BUDGET
    if name != "search":
        assert data == 0


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
