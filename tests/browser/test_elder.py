"""长者模式: a switch in the header; large print, high contrast, big targets; remembered across pages."""
import pytest

from .portal import ELDER_KEY, ELDER_ON, HANT, page_types, wait_for_search

TAP = 44
# What a finger must hit: every link and control, but for links inside the running text of
# a document (WCAG 2.5.5 leaves inline links alone: enlarging them would break the lines).
TARGETS = "a, button, input, select, summary"
INLINE = ".entry-body p, .entry-body li, .entry-body td, .entry-body th, .entry-body blockquote"


def _url(portal, portal_server, name, script=""):
    origin, base = portal_server
    return origin, base + script + page_types(portal)[name]


def _reading_size(page) -> tuple[float, float]:
    """The body's computed font size (px) and line height as a multiple of it."""
    size, height = page.evaluate("""(() => { const s = getComputedStyle(document.body);
        return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; })()""")
    return size, height / size


def _small_targets(page) -> list[str]:
    return page.evaluate(f"""[...document.querySelectorAll({TARGETS!r})]
        .filter(el => el.offsetParent !== null && !el.closest({INLINE!r}))
        .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([_, box]) => box.width < {TAP} - 0.01 || box.height < {TAP} - 0.01)
        .map(([text, box]) => text + ' ' + Math.round(box.width) + 'x' + Math.round(box.height))""")


def _is_elder(page) -> bool:
    return page.evaluate("document.documentElement.classList.contains('elder')")


def test_switch_turns_elder_mode_on_and_it_survives_a_navigation(open_page, portal, portal_server):
    origin, url = _url(portal, portal_server, "entry")
    page = open_page(url, origin=origin)
    switch = page.locator(".elder-switch")
    assert switch.is_visible() and switch.get_attribute("aria-pressed") == "false"
    normal_size, _ = _reading_size(page)
    switch.click()
    assert _is_elder(page) and switch.get_attribute("aria-pressed") == "true"
    assert page.evaluate(f"localStorage.getItem('{ELDER_KEY}')") == "1"
    page.click(".breadcrumbs a >> nth=-1")                 # up to the entry's catalog page
    page.wait_for_selector("table.entries")
    # The switch is set by elder.js, a deferred script: the new page's table may be parsed before
    # it runs, and it has run once that page has loaded.
    page.wait_for_load_state()
    assert _is_elder(page)
    assert page.locator(".elder-switch").get_attribute("aria-pressed") == "true"
    size, leading = _reading_size(page)
    assert size >= 20 and size > normal_size and leading >= 1.5
    assert _small_targets(page) == []


def test_switch_turns_elder_mode_off_again_for_the_next_pages(open_page, portal, portal_server):
    origin, url = _url(portal, portal_server, "catalog")
    page = open_page(url, origin=origin)
    page.evaluate(ELDER_ON)
    page.reload()
    assert _is_elder(page)
    page.click(".elder-switch")
    assert not _is_elder(page)
    page.click(".main-nav a >> text=首页")
    page.wait_for_load_state()
    assert not _is_elder(page) and _reading_size(page)[0] < 20


@pytest.mark.parametrize("width", (1280, 360))
@pytest.mark.parametrize("script", ("", HANT))
@pytest.mark.parametrize("name", ("home", "catalog", "section", "entry", "search", "stats", "404"))
def test_elder_mode_text_and_targets_are_large_on_every_page_type(open_page, portal, portal_server, name, script,
                                                                   width):
    origin, url = _url(portal, portal_server, name, script)
    page = open_page(url, origin=origin, init_script=ELDER_ON, viewport={"width": width, "height": 800})
    if name == "search":
        wait_for_search(page, "救助")              # results and filters on screen too
    size, leading = _reading_size(page)
    assert size >= 20 and leading >= 1.5
    assert _small_targets(page) == []


def test_elder_mode_is_applied_by_the_head_before_any_script_file_loads(open_page, portal, portal_server):
    """No flash: the class comes from the line in <head>, not from the deferred elder.js."""
    origin, url = _url(portal, portal_server, "entry", HANT)
    page = open_page("about:blank", origin=origin, init_script=ELDER_ON)
    page.route("**/elder.js", lambda route: route.abort())
    page.goto(url)
    assert _is_elder(page) and _reading_size(page)[0] >= 20
    order = page.evaluate("""[...document.head.children].map(el => el.tagName + (el.src ? ':src' : ''))""")
    assert order.index("SCRIPT") < order.index("LINK")      # the inline line runs before the stylesheet


def test_switch_is_hidden_without_javascript(open_page, portal, portal_server):
    origin, url = _url(portal, portal_server, "entry")
    page = open_page(url, origin=origin, java_script_enabled=False)
    assert page.locator(".elder-switch").is_hidden()
    assert page.locator(".script-switch").is_visible()


def test_elder_mode_is_remembered_from_disk_too(open_page, portal):
    page = open_page((portal.public / "index.html").as_uri())
    page.click(".elder-switch")
    page.click(".main-nav a >> text=公开目录")
    page.wait_for_load_state()
    assert _is_elder(page)


def _contrast(page, selector: str) -> float:
    """The WCAG contrast ratio of the first `selector`'s text against the page's paper colour."""
    return page.evaluate("""selector => {
        const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const fg = getComputedStyle(document.querySelector(selector)).color;
        const bg = getComputedStyle(document.querySelector('#main')).backgroundColor;
        const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05); }""", selector)


@pytest.mark.parametrize("selector", ("#main", ".entry-meta", ".file-info", ".breadcrumbs-label"))
def test_elder_mode_raises_the_contrast_of_text(open_page, portal, portal_server, selector):
    origin, url = _url(portal, portal_server, "entry")
    normal = _contrast(open_page(url, origin=origin), selector)
    elder = _contrast(open_page(url, origin=origin, init_script=ELDER_ON), selector)
    assert elder >= 7 and elder >= normal
