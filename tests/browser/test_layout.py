"""Phones and zoom: nothing wider than the screen, tables reflow; screenshots for a human to look at."""
from pathlib import Path

import pytest

from .portal import ELDER_ON, MODES, SCRIPTS, page_types

PAGES = ("home", "catalog", "section", "entry", "search", "stats", "404")
SCREENSHOTS = Path(__file__).parent / "screenshots"          # kept out of git by .gitignore
PHONE = {"width": 360, "height": 740}


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scrolling_at_360_px(open_page, portal, portal_server, name, mode):
    origin, base = portal_server
    page = open_page(base + page_types(portal)[name], origin=origin, init_script=MODES[mode], viewport=PHONE)
    assert _width(page) <= PHONE["width"]


@pytest.mark.parametrize("name", ("entry", "catalog"))
def test_traditional_pages_fit_360_px_in_elder_mode(open_page, portal, portal_server, name):
    origin, base = portal_server
    page = open_page(base + SCRIPTS["hant"] + page_types(portal)[name], origin=origin, init_script=ELDER_ON,
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
