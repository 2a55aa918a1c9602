"""WCAG 2.1 AA on every page type, in both scripts and in 长者模式: axe-core and a few checks of our own."""
import pytest

from .harness import axe_violations
from .portal import HANT, MODES, SCRIPTS, page_types, wait_for_search

PAGES = ("home", "catalog", "section", "entry", "search", "stats", "stats-year", "inforce", "publisher", "404")


def _open(open_page, portal, portal_server, name, script="hans", mode="normal", **options):
    origin, base = portal_server
    url = base + SCRIPTS[script] + page_types(portal)[name]
    page = open_page(url, origin=origin, init_script=MODES[mode], **options)
    if name == "search":
        wait_for_search(page, "救助")
    return page


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_a_or_aa_violation(open_page, portal, portal_server, axe, name, script, mode):
    page = _open(open_page, portal, portal_server, name, script, mode)
    assert page.evaluate("document.documentElement.classList.contains('elder')") == (mode == "elder")
    assert axe_violations(page, axe) == []


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_language_one_h1_landmarks_and_a_skip_link(portal, name, script):
    page = portal.soup(SCRIPTS[script] + page_types(portal)[name])
    assert page.html["lang"] == ("zh-Hant" if script == "hant" else "zh-Hans")
    assert len(page.find_all("h1")) == 1
    for landmark in ("header", "main#main", "footer", "nav.main-nav"):
        assert page.select_one(landmark) is not None, landmark
    skip = page.body.find("a")
    assert skip["href"] == "#main" and "skip-link" in skip["class"]


@pytest.mark.parametrize("name", ("home", "catalog", "entry", "stats"))
def test_table_headers_carry_scope(portal, name):
    page = portal.soup(page_types(portal)[name])
    headers = [th for table in page.select("table.entries, table.metadata, table.stats, .entry-body table")
               for th in table.select("th")]
    assert headers and all(th.get("scope") in ("col", "row") for th in headers)


def test_images_and_graphics_have_text_alternatives(portal):
    page = portal.soup(page_types(portal)["entry"])
    images = page.select("img")
    assert images and all(img.get("alt", "").strip() for img in images)
    assert all(svg.get("aria-label") for svg in page.select("svg[role=img]"))


def test_every_control_has_a_label(open_page, portal, portal_server):
    page = _open(open_page, portal, portal_server, "search")
    unlabelled = page.evaluate("""[...document.querySelectorAll('input, select, button, textarea')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.outerHTML)""")
    assert unlabelled == []


def test_skip_link_is_first_and_moves_focus_to_the_content(open_page, portal, portal_server):
    page = _open(open_page, portal, portal_server, "entry")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0          # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("mode", MODES)
def test_keyboard_focus_is_visible(open_page, portal, portal_server, mode):
    page = _open(open_page, portal, portal_server, "catalog", mode=mode)
    page.keyboard.press("Tab")
    for _ in range(12):                       # the tools, the search box, the main navigation …
        page.keyboard.press("Tab")
        ring = page.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; })()""")
        assert ring[0] != "none" and ring[1] >= 2 and ring[2] != "none", ring


def test_traditional_twin_marks_its_script_and_converts_the_switch_label(portal):
    page = portal.soup(HANT + page_types(portal)["entry"])
    current = page.select_one(".script-switch [aria-current]")
    assert current["lang"] == "zh-Hant" and current.get_text() == "繁體"
    assert page.select_one(".elder-switch").get_text(strip=True) == "長者模式"
