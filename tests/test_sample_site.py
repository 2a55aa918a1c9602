"""The sample site of this repository (青梧县) shows every portal feature and has a complete mirror."""
import csv
import io
import posixpath
import xml.etree.ElementTree as ET

import pytest

from sitekit import build_sample

SVG = "{http://www.w3.org/2000/svg}"
HANT = "zh-hant/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_sample(tmp_path_factory.mktemp("sample"))


def _files(sample) -> set[str]:
    return {p.relative_to(sample.public).as_posix() for p in sample.public.rglob("*") if p.is_file()}


def _entry_pages(sample):
    return [p.relative_to(sample.public).as_posix() for p in sample.public.glob("doc/*/*/index.html")]


def _resolve(here: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(here), href))


def test_every_simplified_page_feed_and_table_has_its_traditional_twin(sample):
    files = _files(sample)
    own = {f for f in files if not f.startswith((HANT, "assets/")) and f not in ("sitemap.xml", "robots.txt")}
    assert len(own) > 80
    assert {HANT + f for f in own} - files == set()
    assert {f for f in files if f.startswith(HANT)} == {HANT + f for f in own}


def test_every_switch_link_and_hreflang_alternate_goes_to_the_twin_and_back(sample):
    pages = [f for f in _files(sample) if f.endswith(".html") and not f.startswith(HANT)]
    for url in pages:
        page, twin = sample.soup(url), sample.soup(HANT + url)
        assert (page.html["lang"], twin.html["lang"]) == ("zh-Hans", "zh-Hant"), url
        forth = page.select_one(".script-switch a[hreflang=zh-Hant]")["href"]
        back = twin.select_one(".script-switch a[hreflang=zh-Hans]")["href"]
        if url != "404.html":                       # the 404 page's links hang from its <base>
            assert (_resolve(url, forth), _resolve(HANT + url, back)) == (HANT + url, url)
            for here, soup in ((url, page), (HANT + url, twin)):
                alternates = {link["hreflang"]: _resolve(here, link["href"])
                              for link in soup.select("link[rel=alternate][hreflang]")}
                assert alternates == {"zh-Hans": url, "zh-Hant": HANT + url}, here


def test_sample_has_a_repealed_and_an_expired_entry_with_banners_and_badges(sample):
    states = {}
    for url in _entry_pages(sample):
        banner = sample.soup(url).select_one(".banner-repealed, .banner-expired")
        if banner:
            states.setdefault(banner.strong.get_text(), url)
    assert set(states) == {"废止", "失效"}
    lists = [p.relative_to(sample.public).as_posix() for p in sample.public.glob("catalog/**/*.html")]
    badges = {span.get_text() for url in lists for span in sample.soup(url).select("table.entries td .state")}
    assert badges == {"废止", "失效"}


def test_sample_has_an_interpreted_policy_linked_both_ways(sample):
    policies = [url for url in _entry_pages(sample) if sample.soup(url).select_one("#interpretations-heading")]
    assert policies
    policy = sample.soup(policies[0])
    reading = _resolve(policies[0], policy.select_one(".related a")["href"])
    back = sample.soup(reading).select_one(".related a")["href"]
    assert _resolve(reading, back) == policies[0]


def test_sample_has_an_attachment_that_downloads(sample):
    found = [(url, a["href"]) for url in _entry_pages(sample) for a in sample.soup(url).select(".attachments a")]
    assert found
    for url, href in found:
        assert (sample.public / _resolve(url, href)).stat().st_size > 0
        assert (sample.public / HANT / _resolve(url, href)).is_file()


def test_sample_has_two_years_of_statistics_with_tables_csv_and_charts(sample):
    years = [p.parent.name for p in sample.public.glob("stats/*/index.html")]
    assert len(years) >= 2
    for year in years:
        page = sample.soup(f"stats/{year}/index.html")
        charts = [ET.fromstring(str(svg)) for svg in page.select("svg.chart")]
        assert len(charts) == 3 and all(list(chart.iter(f"{SVG}rect")) for chart in charts)
        rows = list(csv.reader(io.StringIO((sample.public / f"stats/{year}/stats.csv").read_text(encoding="utf-8-sig"))))
        assert rows[0] == ["年份", "统计项", "名称", "数量"] and len(rows) > 10


def test_sample_lists_policies_in_force(sample):
    assert len(sample.soup("inforce/index.html").select("table.entries tbody tr")) >= 3
