"""Every page type exists and shows what a disclosure portal must show."""
from sitekit import Site, cell_text


def test_home_shows_identity_tree_and_latest(site):
    site.entry("a", title="关于测试县政务公开工作的通知", date="2025-05-01")
    site.build()
    home = site.soup("index.html")
    assert home.h1.get_text(strip=True) == "测试县人民政府信息公开"
    tree_links = cell_text(home, ".tree a")
    assert tree_links[:4] == ["法定主动公开内容", "政策文件", "规范性文件", "其他文件"]
    assert "关于测试县政务公开工作的通知" in cell_text(home, "table.entries td.col-title a")
    footer = home.select_one("footer").get_text(" ", strip=True)
    for text in ("测试县人民政府办公室", "9900000001", "测ICP备00000001号", "测公网安备 00000000000001号", "0000-1234567"):
        assert text in footer


def test_list_rows_show_title_index_number_doc_number_and_date(site):
    site.entry("a", title="甲文件", doc_no="测政发〔2025〕1号", date="2025-04-02")
    site.build()
    page = site.soup("catalog/fdzdgknr/zcwj/gfxwj/index.html")
    headers = cell_text(page, "table.entries thead th")
    assert headers == ["标题", "索引号", "文号", "发布日期"]
    assert all(th["scope"] == "col" for th in page.select("table.entries thead th"))
    row = cell_text(page, "table.entries tbody tr td")
    assert row == ["甲文件", "11990000MB0000001A/2025-0001", "测政发〔2025〕1号", "2025-04-02"]


def test_entry_page_shows_metadata_table_body_and_breadcrumbs(site):
    site.entry("a", title="测试县财政资金管理办法", doc_no="测政规〔2025〕2号", date="2025-06-10",
               written="2025-06-01", topic="财政", keywords=["财政", "资金"],
               body="## 一、总则\n\n为规范财政资金管理，制定本办法。")
    site.build()
    page = site.soup(site.entry_url("11990000MB0000001A/2025-0001"))
    table = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True)
             for th in page.select("table.metadata th")}
    assert table["索引号"] == "11990000MB0000001A/2025-0001"
    assert table["信息分类"] == "法定主动公开内容 / 政策文件 / 规范性文件"
    assert table["发布机构"] == "测试县人民政府"
    assert table["成文日期"] == "2025-06-01"
    assert table["发布日期"] == "2025-06-10"
    assert table["文号"] == "测政规〔2025〕2号"
    assert table["有效性"] == "有效"
    assert table["公开属性"] == "主动公开"
    assert table["主题分类"] == "财政"
    assert page.h1.get_text(strip=True) == "测试县财政资金管理办法"
    assert len(page.find_all("h1")) == 1
    assert page.select_one(".entry-body h2").get_text(strip=True) == "一、总则"
    crumbs = cell_text(page, "nav.breadcrumbs li")
    assert crumbs == ["首页", "公开目录", "法定主动公开内容", "政策文件", "规范性文件", "正文"]


def test_publisher_year_and_topic_pages_list_their_entries(site):
    site.entry("a", title="甲", publisher="测试县财政局", date="2024-02-01", topic="财政")
    site.entry("b", title="乙", date="2025-02-01")
    site.build()
    assert cell_text(site.soup("publisher/cszj/index.html"), "td.col-title a") == ["甲"]
    assert cell_text(site.soup("year/2025/index.html"), "td.col-title a") == ["乙"]
    assert cell_text(site.soup("year/2024/index.html"), "td.col-title a") == ["甲"]
    assert cell_text(site.soup("topic/cz/index.html"), "td.col-title a") == ["甲"]
    assert "2024年" in cell_text(site.soup("year/index.html"), "main a")


def test_parent_node_lists_entries_of_its_descendants(site):
    site.entry("a", title="规范性甲", category="fdzdgknr/zcwj/gfxwj")
    site.entry("b", title="其他乙", category="法定主动公开内容/政策文件/其他文件")
    site.build()
    assert sorted(cell_text(site.soup("catalog/fdzdgknr/zcwj/index.html"), "td.col-title a")) == ["其他乙", "规范性甲"]
    assert sorted(cell_text(site.soup("catalog/fdzdgknr/index.html"), "td.col-title a")) == ["其他乙", "规范性甲"]
    assert cell_text(site.soup("catalog/fdzdgknr/zcwj/qtwj/index.html"), "td.col-title a") == ["其他乙"]


def test_lists_are_newest_first(site):
    site.entry("old", title="旧", date="2025-01-01")
    site.entry("new", title="新", date="2025-09-01")
    site.build()
    assert cell_text(site.soup("catalog/fdzdgknr/zcwj/gfxwj/index.html"), "td.col-title a") == ["新", "旧"]


def test_pagination_splits_lists_and_links_pages(site):
    for month in range(1, 8):  # page_size is 3: 7 entries take 3 pages
        site.entry(f"e{month}", title=f"第{month}号", date=f"2025-{month:02d}-01")
    site.build()
    first = site.soup("catalog/fdzdgknr/zcwj/gfxwj/index.html")
    assert cell_text(first, "td.col-title a") == ["第7号", "第6号", "第5号"]
    assert first.select_one(".pager a[rel=next]")["href"] == "page-2.html"
    second = site.soup("catalog/fdzdgknr/zcwj/gfxwj/page-2.html")
    assert cell_text(second, "td.col-title a") == ["第4号", "第3号", "第2号"]
    assert second.select_one(".pager a[rel=prev]")["href"] == "index.html"
    third = site.soup("catalog/fdzdgknr/zcwj/gfxwj/page-3.html")
    assert cell_text(third, "td.col-title a") == ["第1号"]
    assert third.select_one(".pager a[rel=next]") is None
    assert third.select_one(".pager [aria-current=page]").get_text() == "3"


def test_entry_links_to_neighbours_in_its_category(site):
    site.entry("a", title="一", date="2025-01-01")
    site.entry("b", title="二", date="2025-02-01")
    site.entry("c", title="三", date="2025-03-01")
    site.entry("x", title="别的目录", date="2025-02-15", category="gknb")
    site.build()
    middle = site.soup(site.entry_url("11990000MB0000001A/2025-0002"))
    assert middle.select_one(".neighbours a[rel=prev]").get_text() == "三"
    assert middle.select_one(".neighbours a[rel=next]").get_text() == "一"


def test_not_found_page_exists_and_links_home(site):
    site.build()
    page = site.soup("404.html")
    assert page.h1.get_text(strip=True) == "页面未找到"
    assert page.select_one("main a")["href"] == "index.html"


def test_not_found_page_uses_base_path_when_base_url_is_set(site):
    site.config["base_url"] = "https://www.example.gov.cn/xxgk"
    site.write_config()
    site.build()
    assert site.soup("404.html").base["href"] == "/xxgk/"


def test_attachments_are_listed_and_copied_next_to_the_entry(site):
    path = site.entry("a", attachments=[{"file": "fj1.pdf", "title": "附件1：分工表"}])
    (path.parent / "fj1.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 2000)
    site.build()
    url = site.entry_url("11990000MB0000001A/2025-0001")
    page = site.soup(url)
    link = page.select_one(".attachments a")
    assert link.get_text() == "附件1：分工表"
    assert "PDF" in page.select_one(".attachments .file-info").get_text()
    assert "2.0 KB" in page.select_one(".attachments .file-info").get_text()
    assert (site.public / url).parent.joinpath(link["href"]).read_bytes().startswith(b"%PDF")


def test_body_links_to_another_entry_by_file_and_by_index_number(site):
    site.entry("a", title="被引用的文件")
    site.entry("b", body="见[那份文件](a.md)和[同一份](索引号:11990000MB0000001A/2025-0001)。")
    site.build()
    page = site.soup(site.entry_url("11990000MB0000001A/2025-0002"))
    hrefs = [a["href"] for a in page.select(".entry-body a")]
    assert hrefs == ["../2025-0001/index.html", "../2025-0001/index.html"]


def test_toc_in_a_body_lists_its_headings_in_both_scripts(tmp_path):
    site = Site(tmp_path / "site", mirror={"variant": "s2t", "prefix": "zh-hant"})
    site.entry("a", body="[TOC]\n\n## 一、总体要求\n\n正文。\n\n### （一）发展目标\n\n目标。\n\n## 二、工作任务\n\n任务。")
    site.build()
    url = site.entry_url("11990000MB0000001A/2025-0001")
    for page_url, title, headings in (
            (url, "目录", ["一、总体要求", "（一）发展目标", "二、工作任务"]),
            (f"zh-hant/{url}", "目錄", ["一、總體要求", "（一）發展目標", "二、工作任務"])):
        page = site.soup(page_url)
        toc = page.select_one(".entry-body nav.toc")
        assert toc["aria-label"] == title and toc.select_one(".toctitle").get_text(strip=True) == title
        assert [a.get_text(strip=True) for a in toc.select("a")] == headings
        ids = [a["href"][1:] for a in toc.select("a")]
        assert [page.find(id=target).get_text(strip=True) for target in ids] == headings
        assert toc.select("ul ul a")[0].get_text(strip=True) == headings[1]    # 三级 under its 二级


def test_a_hash_heading_in_a_body_shows_under_the_title_and_in_the_toc(site):
    site.entry("a", title="测试县政务公开工作要点", body="[TOC]\n\n# 一、总体要求\n\n正文。\n\n## （一）目标\n\n目标。")
    site.build()
    page = site.soup(site.entry_url("11990000MB0000001A/2025-0001"))
    assert [h.get_text(strip=True) for h in page.find_all("h1")] == ["测试县政务公开工作要点"]
    assert [h.get_text(strip=True) for h in page.select(".entry-body h2, .entry-body h3")] == ["一、总体要求", "（一）目标"]
    assert page.select_one(".entry-body h3").get_text(strip=True) == "（一）目标"        # still under its section
    assert cell_text(page, ".toc a") == ["一、总体要求", "（一）目标"]
    assert cell_text(page, ".toc ul ul a") == ["（一）目标"]
