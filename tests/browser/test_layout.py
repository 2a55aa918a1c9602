"""Phones and zoom: nothing wider than the screen, tables reflow; screenshots for a human to look at."""
from pathlib import Path

import pytest

from .portal import MODES, SCRIPTS, page_types

PAGES = ("home", "catalog", "section", "entry", "search", "stats", "stats-year", "inforce", "publisher", "404")
SCREENSHOTS = Path(__file__).parent / "screenshots"          # kept out of git by .gitignore
PHONE = {"width": 360, "height": 740}


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scrolling_at_360_px(open_page, portal, portal_server, name, script, mode):
    origin, base = portal_server
    page = open_page(base + SCRIPTS[script] + page_types(portal)[name], origin=origin, init_script=MODES[mode],
                     viewport=PHONE)
    assert _width(page) <= PHONE["width"]


@pytest.mark.parametrize("name", PAGES)
def test_page_zooms_to_200_percent_without_javascript(open_page, portal, portal_server, name):
    """200% zoom of a 1280 px window is a 640 px wide layout."""
    origin, base = portal_server
    page = open_page(base + page_types(portal)[name], origin=origin, java_script_enabled=False,
                     viewport={"width": 1280, "height": 800}, device_scale_factor=2)
    page.set_viewport_size({"width": 640, "height": 400})
    assert _width(page) <= 640


def test_list_rows_and_metadata_reflow_into_one_column_on_a_phone(open_page, portal, portal_server):
    origin, base = portal_server
    page = open_page(base + page_types(portal)["catalog"], origin=origin, viewport=PHONE)
    cells = page.locator("table.entries tbody tr").first.locator("td")
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert all(b["y"] < later["y"] for b, later in zip(boxes, boxes[1:]))        # stacked, not side by side
    assert "索引号" in cells.nth(1).evaluate("td => getComputedStyle(td, '::before').content")
    assert page.locator("table.entries caption").bounding_box()["width"] > 300      # a line, not a column
    page.goto(base + page_types(portal)["entry"])
    rows = page.locator("table.metadata tr")
    assert rows.nth(0).bounding_box()["x"] == rows.nth(1).bounding_box()["x"]   # one pair a line


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", (1280, 360))
def test_entry_page_screenshot(open_page, portal, portal_server, mode, width):
    origin, base = portal_server
    page = open_page(base + page_types(portal)["entry"], origin=origin, init_script=MODES[mode],
                     viewport={"width": width, "height": 900})
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"entry-{mode}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000


def test_traditional_404_page_is_styled_and_links_into_its_own_tree(open_page, portal, portal_server):
    """The 404 page is served at any depth; its <base> must point at the traditional folder."""
    origin, base = portal_server
    page = open_page(base + SCRIPTS["hant"] + page_types(portal)["404"], origin=origin)
    assert page.evaluate("document.querySelector('.site-name a').href") == base + SCRIPTS["hant"] + "index.html"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != \
        "rgba(0, 0, 0, 0)"


# Where a cell's text starts a new line: the offsets, in the cell's text, of the first character of each later line.
LINE_STARTS = """cell => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const starts = []; let offset = 0, top = null, node;
    while ((node = walker.nextNode())) {
        for (let i = 0; i < node.length; i++, offset++) {
            const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) continue;
            if (top !== null && rect.top > top + rect.height / 2) starts.push(offset);
            top = rect.top;
        }
    }
    return starts; }"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", (1280, 900, 360))
@pytest.mark.parametrize("name", ("catalog", "entry"))
def test_index_numbers_wrap_only_at_their_separators(open_page, portal, portal_server, name, width, mode):
    origin, base = portal_server
    page = open_page(base + page_types(portal)[name], origin=origin, init_script=MODES[mode],
                     viewport={"width": width, "height": 800})
    cells = page.locator("td.index-no")
    assert cells.count() >= 1
    for i in range(cells.count()):
        text = cells.nth(i).inner_text()
        assert all(text[start - 1] in "/-" for start in cells.nth(i).evaluate(LINE_STARTS)), text


@pytest.mark.parametrize("mode", MODES)
def test_a_short_page_ends_in_the_footer_colour_not_a_band_of_background(open_page, portal, portal_server, mode):
    origin, base = portal_server
    page = open_page(base + page_types(portal)["404"], origin=origin, init_script=MODES[mode],
                     viewport={"width": 1280, "height": 1600})
    assert page.evaluate("document.querySelector('footer').getBoundingClientRect().bottom") < 1500
    colour_at_bottom = page.evaluate("""(() => {
        let el = document.elementFromPoint(5, innerHeight - 2);
        while (el && getComputedStyle(el).backgroundColor === 'rgba(0, 0, 0, 0)') el = el.parentElement;
        return el ? getComputedStyle(el).backgroundColor : 'none'; })()""")
    assert colour_at_bottom == page.evaluate("getComputedStyle(document.querySelector('footer')).backgroundColor")


def test_entry_prints_as_a_clean_document_with_its_metadata_and_no_navigation(open_page, portal, portal_server):
    origin, base = portal_server
    page = open_page(base + page_types(portal)["entry"], origin=origin)
    page.emulate_media(media="print")
    for hidden in (".site-header", ".main-nav", ".breadcrumbs", ".site-footer", ".neighbours", "figure.qr-code",
                   ".elder-switch", ".script-switch", ".toc"):
        assert page.locator(hidden).is_hidden(), hidden
    for shown in ("h1", "table.metadata", ".entry-body", ".attachments"):
        assert page.locator(shown).is_visible(), shown
    assert page.locator("table.metadata th").count() >= 8
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("mode", MODES)
def test_chart_text_stays_readable_on_a_phone(open_page, portal, portal_server, mode):
    origin, base = portal_server
    page = open_page(base + page_types(portal)["stats-year"], origin=origin, init_script=MODES[mode], viewport=PHONE)
    heights = page.evaluate("[...document.querySelectorAll('svg.chart text')].map(t => t.getBoundingClientRect().height)")
    assert heights and min(heights) >= 11
