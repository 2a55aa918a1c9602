"""Annual-report statistics: numbers that add up, a chart for every table, an overview of every year."""
import csv
import io
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def _kind_counts(site, year):
    """{measure: count} of 规范性文件 in the year's CSV."""
    text = (site.public / f"stats/{year}/stats.csv").read_text(encoding="utf-8-sig")
    return {row[1].split("·")[1]: int(row[3]) for row in csv.reader(io.StringIO(text)) if row[1].startswith("规范性文件·")}


def _bars(svg) -> dict[str, int]:
    root = ET.fromstring(str(svg))
    return {bar.get("data-label"): int(bar.get("data-value")) for bar in root.iter(f"{SVG}rect")}


def test_repealed_document_without_a_date_is_counted_as_repealed_and_the_years_add_up(site):
    site.entry("a", date="2025-02-01")
    site.entry("b", date="2025-03-01", validity="废止")          # no 失效日期
    site.entry("c", date="2026-04-01")
    site.build()
    last, this = _kind_counts(site, 2025), _kind_counts(site, 2026)
    assert this["本年废止"] == 1
    assert last["年末现行有效"] + this["本年制发"] - this["本年废止"] == this["年末现行有效"] == 2


def test_dated_repeal_counts_in_its_own_year(site):
    site.entry("a", date="2024-02-01", validity="废止", expires="2025-06-01")
    site.entry("b", date="2025-03-01")
    site.build()
    assert _kind_counts(site, 2024)["年末现行有效"] == 1
    assert _kind_counts(site, 2025) == {"本年制发": 1, "本年废止": 1, "年末现行有效": 1}


def test_regulation_table_has_its_bar_chart(site):
    site.entry("a", date="2025-02-01")
    site.entry("b", date="2025-03-01", validity="废止", expires="2025-09-01")
    site.build()
    section = site.soup("stats/2025/index.html").select_one("section[aria-labelledby=by-kind]")
    assert _bars(section.select_one("svg.chart")) == {
        "规范性文件·本年制发": 2, "规范性文件·本年废止": 1, "规范性文件·年末现行有效": 1}


def test_overview_counts_every_category_and_publisher_in_every_year(site):
    site.entry("a", date="2025-02-01")
    site.entry("b", date="2025-03-01", category="gknb", publisher="测试县财政局")
    site.entry("c", date="2026-04-01", category="gknb")
    site.build()
    tables = {}
    for table in site.soup("stats/index.html").select("table.stats-years"):
        years = [th.get_text() for th in table.select("thead th")[1:]]
        tables[table.select_one("thead th").get_text()] = {
            row.th.get_text(): dict(zip(years, (int(td.get_text()) for td in row.select("td"))))
            for row in table.select("tbody tr")}
    assert tables["公开目录"] == {"法定主动公开内容": {"2026年": 0, "2025年": 1},
                                  "政府信息公开年报": {"2026年": 1, "2025年": 1}}
    assert tables["发布机构"]["测试县财政局"] == {"2026年": 0, "2025年": 1}
    assert tables["信息内容"]["规范性文件·本年制发"] == {"2026年": 0, "2025年": 1}


def test_kind_counts_agree_with_their_definition_year_by_year(site):
    """Issued in the year, repealed in the year (`_ended_on`), in force at its end: issued by
    then and not ended by then; for documents ended before, in or after their own year."""
    import dataclasses
    import random
    from datetime import date, timedelta

    from gksite.build import check_site
    from gksite.stats import _ended_on, year_stats
    from sitekit import TODAY

    for number in range(12):
        site.entry(f"e{number:02d}", date=f"{2019 + number % 7}-0{1 + number % 9}-15")
    checked = check_site(site.root, today=TODAY)
    rng = random.Random(5)
    for _ in range(40):
        entries = tuple(dataclasses.replace(
            e, validity=rng.choice(["有效", "失效", "废止", ""]),
            expires=rng.choice([None, e.date + timedelta(days=rng.randint(-800, 2500))])) for e in checked.catalog.entries)
        today = date(rng.randint(2019, 2030), rng.randint(1, 12), 1)
        catalog = dataclasses.replace(checked.catalog, entries=entries, today=today)
        kind = [e for e in entries if "规范性文件" in e.category.names]
        assert kind
        for stats in year_stats(checked.config, catalog):
            end = date(stats.year, 12, 31)
            [counts] = [k for k in stats.kinds if k.kind == "规范性文件"]
            ended = {e: _ended_on(e, today) for e in kind}
            assert counts.issued == sum(e.year == stats.year for e in kind)
            assert counts.repealed == sum(bool(ended[e]) and ended[e].year == stats.year for e in kind)
            assert counts.in_force == sum(e.date <= end and (ended[e] is None or ended[e] > end) for e in kind)
