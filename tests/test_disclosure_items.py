"""公开事项 of a catalog node: read from site.yaml, shown on the node's index page."""
import pytest

from gksite.cli import main
from gksite.config import DisclosureItem, load_config
from gksite.pilot import PILOT_DOMAINS, PILOT_ITEMS
from gksite.problems import ContentError
from sitekit import cell_text, line_of

ENROLMENT = {"名称": "招生入学", "内容": "招生范围、报名时间", "依据": "《中华人民共和国义务教育法》",
             "时限": "招生工作开始前", "主体": "测试县教育局", "方式": "主动公开", "渠道": "政府网站", "对象": "全社会"}
ELEMENT_HEADS = ["公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开方式", "公开渠道", "公开对象"]


def _with_items(site, items):
    site.config["catalog"][0]["children"][1]["items"] = items      # fdzdgknr/zcjd
    site.write_config()


def test_items_are_read_in_chinese_or_english_keys(site):
    _with_items(site, [ENROLMENT, {"name": "学籍管理", "basis": "《中小学生学籍管理办法》"}])
    node = load_config(site.root).find_node("fdzdgknr/zcjd")
    assert node.items == (
        DisclosureItem("招生入学", "招生范围、报名时间", "《中华人民共和国义务教育法》", "招生工作开始前",
                       "测试县教育局", "主动公开", "政府网站", "全社会"),
        DisclosureItem("学籍管理", basis="《中小学生学籍管理办法》"))


@pytest.mark.parametrize("items, keypath, needle", [
    ([{"内容": "没有名称"}], "catalog[0].children[1].items[0].名称:", "内容: 没有名称"),
    ([{"名称": "甲", "依据X": "乙"}], "catalog[0].children[1].items[0].依据X:", "依据X:"),
    ([{"名称": "甲", "name": "乙"}], "catalog[0].children[1].items[0].名称:", "名称: 甲"),   # keys sorted: name first
    (["只写了名称"], "catalog[0].children[1].items[0]:", "- 只写了名称"),
    ({"名称": "不是列表"}, "catalog[0].children[1].items:", "items:"),
])
def test_item_mistakes_name_the_key_path_and_line(site, items, keypath, needle):
    _with_items(site, items)
    with pytest.raises(ContentError) as failure:
        load_config(site.root)
    [problem] = failure.value.problems
    assert problem.message.startswith(keypath)
    assert (problem.path, problem.line) == ("site.yaml", line_of(site.root / "site.yaml", needle))


def test_policy_flag_must_be_true_or_false(site):
    site.config["catalog"][0]["children"][0]["policy"] = "是"
    site.write_config()
    with pytest.raises(ContentError) as failure:
        load_config(site.root)
    [problem] = failure.value.problems
    assert problem.message.startswith("catalog[0].children[0].policy:")
    assert problem.line == line_of(site.root / "site.yaml", "policy: 是")


def test_items_are_shown_on_the_first_page_of_the_node_only(site):
    _with_items(site, [ENROLMENT])
    for month in range(1, 5):                      # page_size is 3: two pages
        site.entry(f"e{month}", category="fdzdgknr/zcjd", date=f"2025-{month:02d}-01")
    site.build(search=False)
    first = site.soup("catalog/fdzdgknr/zcjd/index.html")
    [table] = first.select("table.disclosure-items")
    assert cell_text(table, "thead th")[1:] == ELEMENT_HEADS
    assert cell_text(table, "tbody th") == ["招生入学"]
    assert cell_text(table, "tbody td") == [ENROLMENT[k] for k in ("内容", "依据", "时限", "主体", "方式", "渠道", "对象")]
    assert len(cell_text(first, "td.col-title a")) == 3
    assert site.soup("catalog/fdzdgknr/zcjd/page-2.html").select("table.disclosure-items") == []
    assert site.soup("catalog/fdzdgknr/index.html").select("table.disclosure-items") == []


def test_every_pilot_domain_shows_its_items_on_its_index_page(tmp_path):
    target = tmp_path / "s"
    assert main(["init", str(target), "--with-pilot-domains"]) == 0
    assert main(["build", "--site", str(target), "--no-search"]) == 0
    from bs4 import BeautifulSoup
    assert len(PILOT_DOMAINS) == 26
    for code, name in PILOT_DOMAINS:
        page = target / "public" / "catalog" / "jcgk" / code / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        [table] = soup.select("table.disclosure-items")
        item = PILOT_ITEMS[code]
        assert cell_text(table, "tbody th") == [item.name], name
        cells = cell_text(table, "tbody td")
        assert cells == [item.content, item.basis, item.deadline, item.agency, item.method, item.channel,
                         item.audience]
        assert all(cells), f"{name}: every element is given"
