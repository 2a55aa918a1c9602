"""What makes a disclosure portal: validity, interpretations, feeds, statistics, QR, footer."""
import csv
import io
import random
import re
import string
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from bs4 import BeautifulSoup

from gksite.views import QrMasks, qr_best_mask, qr_svg
from sitekit import Site, cell_text

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SVG = "{http://www.w3.org/2000/svg}"


def _metadata(page):
    return {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True)
            for th in page.select("table.metadata th")}


def test_repealed_entry_shows_banner_state_and_list_badge(site):
    site.entry("a", title="已废止的办法", validity="废止")
    site.build()
    page = site.soup(site.entry_url("11990000MB0000001A/2025-0001"))
    assert "废止" in page.select_one(".banner").get_text()
    assert _metadata(page)["有效性"] == "废止"
    listing = site.soup("catalog/fdzdgknr/zcwj/gfxwj/index.html")
    assert listing.select_one("td.col-title .state").get_text() == "废止"


def test_repealed_entry_banner_gives_the_date_of_repeal(site):
    site.entry("a", title="已废止的办法", date="2024-01-01", validity="废止", expires="2025-06-30")
    site.build()
    banner = site.soup(site.entry_url("11990000MB0000001A/2024-0001")).select_one(".banner-repealed")
    assert banner.get_text(strip=True) == "废止本文件已废止（2025-06-30 起），仅供查阅，不再作为执行依据。"


def test_expires_in_the_past_reads_as_expired(site):
    site.entry("a", title="到期的办法", date="2024-01-01", expires="2026-06-30")
    site.build()
    page = site.soup(site.entry_url("11990000MB0000001A/2024-0001"))
    assert _metadata(page)["有效性"] == "失效"
    assert "2026-06-30" in page.select_one(".banner").get_text()


def test_in_force_page_lists_only_policy_documents_in_force(site):
    site.entry("a", title="有效的办法")
    site.entry("b", title="废止的办法", validity="废止")
    site.entry("c", title="过期的办法", expires="2026-01-01")
    site.entry("d", title="年报", category="gknb")
    site.build()
    assert cell_text(site.soup("inforce/index.html"), "td.col-title a") == ["有效的办法"]


def test_interpretation_and_policy_link_each_other(site):
    site.entry("policy", title="某某办法")
    site.entry("jd", title="《某某办法》解读", category="fdzdgknr/zcjd",
               interprets="11990000MB0000001A/2025-0001")
    site.build()
    policy_url = site.entry_url("11990000MB0000001A/2025-0001")
    jd_url = site.entry_url("11990000MB0000001A/2025-0002")
    policy = site.soup(policy_url)
    assert cell_text(policy, ".related a") == ["《某某办法》解读"]
    assert policy.select_one(".related a")["href"] == "../2025-0002/index.html"
    jd = site.soup(jd_url)
    assert cell_text(jd, ".related a") == ["某某办法"]


def test_atom_feed_lists_latest_entries_with_absolute_links(site):
    site.config["base_url"] = "https://www.example.gov.cn/xxgk/"
    site.write_config()
    site.entry("a", title="甲", date="2025-01-01")
    site.entry("b", title="乙", date="2025-02-01", doc_no="测政发〔2025〕2号")
    site.build()
    feed = ET.parse(site.public / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["乙", "甲"]
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link == "https://www.example.gov.cn/xxgk/doc/11990000MB0000001A/2025-0002/index.html"
    assert "测政发〔2025〕2号" in feed.find(f"{ATOM}entry/{ATOM}summary").text


def test_sitemap_lists_every_page_and_robots_points_at_it(site):
    site.config["base_url"] = "https://www.example.gov.cn/xxgk/"
    site.write_config()
    site.entry("a")
    site.build()
    urlset = ET.parse(site.public / "sitemap.xml").getroot()
    locs = {u.findtext(f"{SM}loc") for u in urlset.findall(f"{SM}url")}
    assert "https://www.example.gov.cn/xxgk/index.html" in locs
    assert "https://www.example.gov.cn/xxgk/doc/11990000MB0000001A/2025-0001/index.html" in locs
    assert not any(loc.endswith("404.html") for loc in locs)
    robots = (site.public / "robots.txt").read_text()
    assert "Sitemap: https://www.example.gov.cn/xxgk/sitemap.xml" in robots


def test_no_sitemap_without_base_url_and_a_warning_says_why(site):
    site.entry("a")
    result = site.build()
    assert not (site.public / "sitemap.xml").exists()
    assert any(w.code == "no-sitemap" and "base_url" in w.message for w in result.warnings)


def test_entry_page_has_qr_code_of_its_address_when_base_url_is_set(site):
    site.config["base_url"] = "https://www.example.gov.cn/xxgk/"
    site.write_config()
    site.entry("a")
    site.build()
    figure = site.soup(site.entry_url("11990000MB0000001A/2025-0001")).select_one("figure.qr-code")
    assert figure.figcaption.get_text() == "扫一扫在手机打开当前页"
    assert figure.svg["role"] == "img"
    assert "no-print" in figure["class"]


def test_no_qr_code_without_base_url(site):
    site.entry("a")
    site.build()
    assert site.soup(site.entry_url("11990000MB0000001A/2025-0001")).select_one("figure.qr-code") is None


def _stats_site(site):
    site.entry("a", date="2025-02-01", category="fdzdgknr/zcwj/gfxwj")
    site.entry("b", date="2025-03-01", category="fdzdgknr/zcjd", publisher="测试县财政局")
    site.entry("c", date="2025-04-01", category="gknb")
    site.entry("d", date="2024-05-01", category="fdzdgknr/zcwj/gfxwj", validity="废止", expires="2025-06-01")
    site.build()


def test_statistics_csv_counts_entries_per_category_and_publisher(site):
    _stats_site(site)
    rows = list(csv.reader(io.StringIO((site.public / "stats/2025/stats.csv").read_text(encoding="utf-8-sig"))))
    counts = {(r[1], r[2]): int(r[3]) for r in rows[1:]}
    assert counts[("公开目录", "法定主动公开内容")] == 2
    assert counts[("公开目录", "政府信息公开年报")] == 1
    assert counts[("发布机构", "测试县财政局")] == 1
    assert counts[("规范性文件·本年制发", "规范性文件")] == 1
    assert counts[("规范性文件·本年废止", "规范性文件")] == 1
    assert counts[("规范性文件·年末现行有效", "规范性文件")] == 1


def test_statistics_chart_has_one_bar_per_category_with_its_count(site):
    _stats_site(site)
    page = site.soup("stats/2025/index.html")
    svg = ET.fromstring(str(page.select_one("svg.chart")))
    bars = {bar.get("data-label"): int(bar.get("data-value")) for bar in svg.iter(f"{SVG}rect")}
    assert bars == {"法定主动公开内容": 2, "政府信息公开年报": 1}
    table = page.select("table.stats")[2]
    assert cell_text(table, "tbody tr")[0].split() == ["规范性文件", "1", "1", "1"]


def test_footer_identity_is_on_every_page(site):
    site.entry("a")
    site.build()
    for page in site.public.rglob("*.html"):
        text = site.soup(page.relative_to(site.public).as_posix()).select_one("footer").get_text()
        assert "9900000001" in text and "测ICP备00000001号" in text, page


def test_print_styles_hide_navigation(site):
    site.build()
    css = (site.public / "assets/gksite.css").read_text()
    print_block = css.split("@media print", 1)[1]
    for selector in (".site-header", ".breadcrumbs", ".site-footer", ".no-print"):
        assert selector in print_block


def _qr_modules(svg) -> set[tuple[int, int]]:
    """The dark modules (column, row) the SVG path draws: M/m move the pen, h draws a run."""
    x = y = 0.0
    dark = set()
    for command, dx, dy in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", svg.path["d"]):
        if command == "M":
            x, y = float(dx), float(dy)
        elif command == "m":
            x, y = x + float(dx), y + float(dy)
        else:
            dark |= {(int(x) + i, int(y)) for i in range(int(dx))}
            x += float(dx)
    return dark


def _decode_qr(svg, scale: int = 4) -> str:
    """What a scanner reads from the SVG: its modules drawn as a grey-scale image, decoded."""
    side = int(svg["viewbox"].split()[2])
    dark = _qr_modules(svg)
    rows = []
    for y in range(side):
        row = b"".join((b"\x00" if (x, y) in dark else b"\xff") * scale for x in range(side))
        rows += [row] * scale
    image = memoryview(b"".join(rows)).cast("B", (side * scale, side * scale))
    found = zxingcpp.read_barcode(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert found is not None, "no QR code found in the SVG"
    return found.text


@pytest.mark.parametrize("address", [
    "https://a.cn/", "https://www.example.gov.cn/xxgk/doc/2025/abc/index.html",
    "https://www.example.gov.cn/zh-hant/xxgk/zcwj/gfxwj/2023/0412-guanyu-yinfa-mou-mou-banfa-de-tongzhi/index.html",
    "https://www.example.gov.cn/" + "zh-hant/" * 40 + "index.html",
])
def test_qr_path_draws_exactly_the_dark_modules_of_the_code(address):
    # Every version's size: each run of each row, rows ending dark or light, the quiet zone.
    expected = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
        scale=1, add_quiet_zones=False)
    size = expected.shape[0]
    modules = bytes(memoryview(expected))
    dark = {(x + 2, y + 2) for y in range(size) for x in range(size) if modules[y * size + x] == 0}
    svg = BeautifulSoup(qr_svg(address), "html.parser").svg
    assert _qr_modules(svg) == dark
    assert _decode_qr(svg) == address
    runs = sum((x, y) in dark and (x - 1, y) not in dark for x, y in dark)
    assert svg.path["d"].count("h") == runs                 # one stroke a run: the path stays short


@pytest.mark.parametrize("address", [
    "https://a.cn/", "https://www.example.gov.cn/xxgk/doc/2025/abc/index.html",
    "https://www.example.gov.cn/zh-hant/xxgk/doc/11990000MB0000001A/2025-0001/index.html",
    "https://www.example.gov.cn/" + "zh-hant/" * 40 + "index.html",
])
def test_the_mask_zxing_chose_is_learned_and_gives_the_same_code_again(address):
    masks = QrMasks()
    chosen = qr_svg(address, masks)
    learned = masks.take()
    code = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(scale=4)
    assert learned == {address: zxingcpp.read_barcode(code).extra["DataMask"]}
    assert masks.take() == {}
    assert qr_svg(address, QrMasks(learned)) == chosen == qr_svg(address)


def _addresses(count: int, seed: int) -> list[str]:
    """Addresses of every length up to 500 characters (QR versions 1 to 17), some with Han."""
    rng = random.Random(seed)
    tail = string.ascii_letters + string.digits + "/:.-_?=&%~"
    found = ["https://" + "".join(rng.choice(tail) for _ in range(rng.randint(0, 490))) for _ in range(count)]
    return found + [f"https://政府.example.cn/{'城乡救助规定' * rng.randint(0, 20)}" for _ in range(count // 10)]


def test_the_mask_chosen_is_the_one_zxing_cpp_chooses_for_every_version():
    """ISO/IEC 18004's lowest penalty, scored on bit sets (`qr_best_mask`): the very code
    zxing-cpp makes when it chooses, for codes of every size from 21 to 85 modules."""
    sizes = set()
    for address in _addresses(1200, seed=18004):
        theirs = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
            scale=1, add_quiet_zones=False)
        mask = qr_best_mask(address)
        ours = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=mask).to_image(
            scale=1, add_quiet_zones=False)
        assert bytes(memoryview(ours)) == bytes(memoryview(theirs)), (address, mask)
        assert qr_svg(address) == qr_svg(address, QrMasks({address: mask}))    # drawn from the bit set, and from zxing-cpp
        sizes.add(theirs.shape[0])
    assert sizes >= set(range(21, 86, 4))


def test_qr_code_encodes_the_absolute_address_of_the_page_in_each_script(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"}, base_url="https://www.example.gov.cn/xxgk/")
    site.entry("a")
    site.build()
    url = site.entry_url("11990000MB0000001A/2025-0001")
    for here in (url, f"zh-hant/{url}"):
        figure = site.soup(here).select_one("figure.qr-code")
        assert _decode_qr(figure.svg) == f"https://www.example.gov.cn/xxgk/{here}"
        side = int(figure.svg["viewbox"].split()[2])
        assert {x for x, _ in _qr_modules(figure.svg)} | {y for _, y in _qr_modules(figure.svg)} <= set(range(2, side - 2))
        assert figure.figcaption.get_text() in ("扫一扫在手机打开当前页", "掃一掃在手機打開當前頁")


def test_footer_shows_the_whole_identity_on_every_page_in_both_scripts(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"})
    site.entry("a")
    site.build()
    hans = ["主办单位：测试县人民政府办公室", "网站标识码：9900000001", "ICP备案号：测ICP备00000001号",
            "公安备案号：测公网安备 00000000000001号", "电话：0000-1234567", "地址：测试县人民路1号"]
    hant = ["主辦單位：測試縣人民政府辦公室", "網站標識碼：9900000001", "電話：0000-1234567"]
    pages = sorted(site.public.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        url = page.relative_to(site.public).as_posix()
        footer = site.soup(url).select_one("footer")
        items = ["：".join(div.stripped_strings) for div in footer.select("dl.identity > div")]
        assert set(hant if url.startswith("zh-hant/") else hans) <= set(items), url
