"""The traditional mirror of a whole site: twins, switch links, lang, hreflang, untouched codes."""
import posixpath
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from gksite.problems import ContentError
from sitekit import Site


@pytest.fixture
def mirrored(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t", "prefix": "zh-hant"})
    site.entry("a", title="关于头发与发展的通知", doc_no="测政发〔2025〕1号",
               body="后台干部一只。\n\n```\n头发 code 后台\n```\n\n见[附件](索引号:11990000MB0000001A/2025-0002)。")
    site.entry("b", title="第二份文件")
    return site


def _pages(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_has_a_traditional_twin_and_the_switch_links_resolve_both_ways(mirrored):
    mirrored.build()
    public = mirrored.public
    simplified = [p for p in _pages(public) if not p.startswith("zh-hant/")]
    assert len(simplified) > 20
    for url in simplified:
        twin = f"zh-hant/{url}"
        assert (public / twin).is_file(), twin
        switch = _soup(public / url).select_one(".script-switch a[hreflang=zh-Hant]")["href"]
        assert posixpath.normpath(posixpath.join(posixpath.dirname(url), switch)) == twin
        back = _soup(public / twin).select_one(".script-switch a[hreflang=zh-Hans]")["href"]
        assert posixpath.normpath(posixpath.join(posixpath.dirname(twin), back)) == url


def test_lang_and_hreflang_alternates_are_right(mirrored):
    mirrored.build()
    url = mirrored.entry_url("11990000MB0000001A/2025-0001")
    hans, hant = _soup(mirrored.public / url), _soup(mirrored.public / "zh-hant" / url)
    assert hans.html["lang"] == "zh-Hans" and hant.html["lang"] == "zh-Hant"
    for page, here in ((hans, url), (hant, f"zh-hant/{url}")):
        alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}
        resolved = {lang: posixpath.normpath(posixpath.join(posixpath.dirname(here), href))
                    for lang, href in alternates.items()}
        assert resolved == {"zh-Hans": url, "zh-Hant": f"zh-hant/{url}"}


def test_text_is_converted_but_urls_index_numbers_and_code_are_not(mirrored):
    mirrored.build()
    url = mirrored.entry_url("11990000MB0000001A/2025-0001")
    hans, hant = _soup(mirrored.public / url), _soup(mirrored.public / "zh-hant" / url)
    assert hant.h1.get_text() == "關於頭髮與發展的通知"
    assert "後臺幹部一隻" in hant.select_one(".entry-body").get_text()
    assert hans.pre.get_text() == hant.pre.get_text() == "头发 code 后台\n"
    links = lambda page: [a["href"] for a in page.select("a:not([hreflang])")]  # noqa: E731
    assert len(links(hans)) > 10 and links(hans) == links(hant)
    index_cell = lambda page: page.select_one("td[data-search=index_no]").get_text()  # noqa: E731
    assert index_cell(hans) == index_cell(hant) == "11990000MB0000001A/2025-0001"


def test_site_phrase_file_wins_over_opencc(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t", "phrases": "phrases.txt"})
    (site.root / "phrases.txt").write_text("# 人名\n于海\t于海\n", encoding="utf-8")
    site.entry("a", title="于海同志任职通知")
    site.build()
    hant = _soup(site.public / "zh-hant" / site.entry_url("11990000MB0000001A/2025-0001"))
    assert hant.h1.get_text() == "于海同志任職通知"


def test_malformed_phrase_line_fails_the_build_naming_the_line(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t", "phrases": "phrases.txt"})
    (site.root / "phrases.txt").write_text("于海\t于海\n只有一列\n", encoding="utf-8")
    site.entry("a")
    with pytest.raises(ContentError) as failure:
        site.build()
    problem = failure.value.problems[0]
    assert (problem.path, problem.line, problem.code) == ("phrases.txt", 2, "mirror-phrases")
    assert not site.public.exists()


def test_variant_changes_the_mirror(tmp_path):
    results = {}
    for variant in ("s2t", "s2twp"):
        site = Site(tmp_path / variant, mirror={"variant": variant})
        site.entry("a", title="软件和鼠标的信息")
        site.build()
        results[variant] = _soup(site.public / "zh-hant" / site.entry_url("11990000MB0000001A/2025-0001")).h1.get_text()
    assert results["s2t"] == "軟件和鼠標的信息"
    assert results["s2twp"] == "軟體和滑鼠的資訊"


def test_traditional_feed_and_statistics_exist(mirrored):
    mirrored.build()
    feed = (mirrored.public / "zh-hant/feed.xml").read_text(encoding="utf-8")
    assert "關於頭髮與發展的通知" in feed
    assert (mirrored.public / "zh-hant/stats/2025/stats.csv").is_file()
    assert (mirrored.public / "pagefind/runtime/pagefind.js").is_file()      # one index serves both scripts
    assert "GKSITE_SCRIPTMAP" in (mirrored.public / "zh-hant/search/charmap.js").read_text(encoding="utf-8")


def test_no_convert_markdown_attribute_keeps_a_paragraph_simplified(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"})
    site.entry("a", body="头发发展。\n\n干部名单：于海\n{: .no-convert }\n\n## 后台 {: .no-convert }")
    site.build()
    body = _soup(site.public / "zh-hant" / site.entry_url("11990000MB0000001A/2025-0001")).select_one(".entry-body")
    assert [p.get_text() for p in body.select("p")] == ["頭髮發展。", "干部名单：于海"]
    assert body.h2.get_text() == "后台"


def test_interpretation_and_policy_link_each_other_in_the_traditional_twin(mirrored):
    mirrored.entry("jd", title="《发展办法》解读", category="fdzdgknr/zcjd", interprets="11990000MB0000001A/2025-0001")
    mirrored.build()
    policy = _soup(mirrored.public / "zh-hant" / mirrored.entry_url("11990000MB0000001A/2025-0001"))
    reading = _soup(mirrored.public / "zh-hant" / mirrored.entry_url("11990000MB0000001A/2025-0003"))
    assert [(a.get_text(), a["href"]) for a in policy.select(".related a")] == [("《發展辦法》解讀", "../2025-0003/index.html")]
    assert [(a.get_text(), a["href"]) for a in reading.select(".related a")] == [("關於頭髮與發展的通知", "../2025-0001/index.html")]
    assert policy.select_one(".related h2").get_text() == "相關解讀"


def test_attachment_is_copied_into_the_twin_with_the_same_bytes_and_name(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"})
    path = site.entry("a", attachments=[{"file": "fj-发展.pdf", "title": "附件1：发展规划"}], body="![头发照片](tu.png)")
    (path.parent / "fj-发展.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 3_000_000)
    (path.parent / "tu.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site.build()
    url = site.entry_url("11990000MB0000001A/2025-0001")
    hans, hant = _soup(site.public / url), _soup(site.public / "zh-hant" / url)
    for page, folder in ((hans, (site.public / url).parent), (hant, (site.public / "zh-hant" / url).parent)):
        link = page.select_one(".attachments a")
        assert link["href"] == "fj-发展.pdf" and link.has_attr("download")
        assert (folder / link["href"]).read_bytes() == (path.parent / "fj-发展.pdf").read_bytes()
        assert page.select_one(".file-info").get_text() == "（PDF，2.9 MB）"
    assert (hans.img["alt"], hant.img["alt"]) == ("头发照片", "頭髮照片")
    assert hans.img["src"] == hant.img["src"] == "tu.png"
    assert hant.select_one(".attachments a").get_text() == "附件1：發展規劃"


def test_traditional_feed_parses_and_links_to_traditional_pages(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"}, base_url="https://www.example.gov.cn/xxgk/")
    site.entry("a", title="关于头发与发展的通知")
    site.build()
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site.public / "zh-hant/feed.xml").getroot()
    assert feed.findtext(f"{atom}title") == "測試縣人民政府信息公開"
    [entry] = feed.findall(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == "關於頭髮與發展的通知"
    assert entry.find(f"{atom}link").get("href") == \
        "https://www.example.gov.cn/xxgk/zh-hant/doc/11990000MB0000001A/2025-0001/index.html"
    assert "11990000MB0000001A/2025-0001" in entry.findtext(f"{atom}summary")
    assert feed.find(f"{atom}link[@rel='self']").get("href") == "https://www.example.gov.cn/xxgk/zh-hant/feed.xml"


def test_sitemap_gives_every_page_its_twin_as_alternate(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t"}, base_url="https://www.example.gov.cn/xxgk/")
    site.entry("a")
    site.build()
    base, sm = "https://www.example.gov.cn/xxgk/", "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = ET.parse(site.public / "sitemap.xml").getroot().findall(f"{sm}url")
    pages = {p for p in _pages(site.public) if p not in ("404.html", "zh-hant/404.html")}
    assert {u.findtext(f"{sm}loc") for u in urls} == {base + p for p in pages}
    for url in urls:
        loc = url.findtext(f"{sm}loc")[len(base):]
        simplified = loc.removeprefix("zh-hant/")
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("{http://www.w3.org/1999/xhtml}link")}
        assert alternates == {"zh-Hans": base + simplified, "zh-Hant": base + "zh-hant/" + simplified}


def test_check_reports_a_malformed_phrase_line_too(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t", "phrases": "phrases.txt"})
    (site.root / "phrases.txt").write_text("于海\t于海\n只有一列\n", encoding="utf-8")
    site.entry("a")
    [problem] = site.check()
    assert (problem.path, problem.line, problem.code, problem.severity) == ("phrases.txt", 2, "mirror-phrases", "error")
