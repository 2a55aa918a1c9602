"""Search in a real browser: Pagefind over HTTP, the metadata fallback from disk."""
import pytest

from sitekit import Site

from .harness import serve
from .portal import SUB_PATH, web_root

MIRROR = {"variant": "s2t"}
BODY_A = "为进一步规范城乡居民临时救助工作，切实保障困难群众基本生活，结合本县实际，制定本办法。"
BODY_B = "本县二〇二五年部门预算已经县人民代表大会审议批准，现将预算收支情况公开如下。"
BODY_C = "理发店从业人员上岗前应当取得健康证明，工作时头发应当束起，工具应当每日消毒。"   # 髮, not 發


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("search") / "site", mirror=MIRROR)
    site.entry("jz", title="测试县城乡居民临时救助办法", doc_no="测政规〔2025〕3号", body=BODY_A,
               date="2025-04-01", validity="有效")
    site.entry("ys", title="测试县2025年部门预算公开说明", publisher="测试县财政局", category="gknb",
               doc_no="测财预〔2025〕12号", body=BODY_B, date="2025-02-01")
    site.entry("old", title="测试县旧的救助标准", body="原有的临时救助标准同时废止。", date="2024-03-01",
               validity="废止")
    site.entry("draft", title="草稿条目", body="保密标记词青龙白虎朱雀玄武。", draft=True)
    site.entry("lf", title="测试县理发店卫生管理规定", body=BODY_C, date="2025-03-01")
    site.build()
    return site


def _search(page, query: str) -> list[str]:
    page.fill("#search-q", query)
    page.click("#search-form button[type=submit]")
    page.wait_for_function("document.getElementById('search-status').textContent.indexOf('正在') < 0 "
                           "&& document.getElementById('search-status').textContent.length > 0")
    return page.locator("#search-results .result-title a").all_inner_texts()


@pytest.fixture(scope="module")
def server(search_site):
    with serve(search_site.public) as base:
        yield base


def _open_search(open_page, server, path="search.html"):
    page = open_page(server + path, origin=server)
    page.focus("#search-q")              # search loads what it needs when the visitor starts
    page.wait_for_function("document.getElementById('search-filters').hidden === false")
    return page


def test_word_from_the_body_finds_the_entry(open_page, server):
    page = _open_search(open_page, server)
    assert _search(page, "困难群众") == ["测试县城乡居民临时救助办法"]


def test_document_number_finds_its_entry(open_page, server):
    page = _open_search(open_page, server)
    assert _search(page, "测财预〔2025〕12号") == ["测试县2025年部门预算公开说明"]


def test_run_across_a_word_boundary_finds_the_entry(open_page, server):
    page = _open_search(open_page, server)
    assert _search(page, "算已经县人") == ["测试县2025年部门预算公开说明"]


def test_traditional_query_on_the_simplified_site_finds_the_entry(open_page, server):
    page = _open_search(open_page, server)
    assert _search(page, "臨時救助辦法") == ["测试县城乡居民临时救助办法"]


def test_simplified_query_on_the_traditional_site_finds_the_entry(open_page, server):
    page = _open_search(open_page, server, "zh-hant/search.html")
    assert _search(page, "临时救助办法") == ["測試縣城鄉居民臨時救助辦法"]


def test_a_traditional_result_reads_as_the_traditional_page_does(open_page, server):
    page = _open_search(open_page, server, "zh-hant/search.html")
    assert _search(page, "頭髮") == ["測試縣理髮店衛生管理規定"]      # OpenCC's phrases, not 理發 and 頭發
    excerpt = page.locator("#search-results .result-excerpt").first
    assert excerpt.locator("mark").inner_text() == "頭髮"
    assert "理髮店從業人員上崗前應當取得健康證明，工作時頭髮應當束起" in excerpt.inner_text()
    assert _search(page, "头发") == ["測試縣理髮店衛生管理規定"]       # typed in the other script


def test_a_query_in_the_other_script_marks_the_text_as_the_page_writes_it(open_page, server):
    page = _open_search(open_page, server)
    assert _search(page, "困難群眾") == ["测试县城乡居民临时救助办法"]
    assert page.locator("#search-results .result-excerpt mark").first.inner_text() == "困难群众"
    assert "困難群眾" in page.inner_text("#search-status")           # as the visitor typed it


def test_filter_narrows_the_results(open_page, server):
    page = _open_search(open_page, server)
    assert sorted(_search(page, "救助")) == ["测试县城乡居民临时救助办法", "测试县旧的救助标准"]
    page.select_option("#filter-validity", "repealed")
    assert _search(page, "救助") == ["测试县旧的救助标准"]


def test_result_shows_index_number_document_number_date_and_marked_excerpt(open_page, server):
    page = _open_search(open_page, server)
    _search(page, "困难群众")
    result = page.locator("#search-results li").first
    facts = result.locator(".result-facts").inner_text()
    assert "11990000MB0000001A/2025-0001" in facts and "测政规〔2025〕3号" in facts and "2025-04-01" in facts
    assert result.locator(".result-excerpt mark").inner_text() == "困难群众"


def test_excerpt_reads_the_text_as_written_around_the_query(open_page, server):
    page = _open_search(open_page, server)
    _search(page, "公开说明")
    excerpt = page.locator("#search-results .result-excerpt").first.inner_text()
    assert "测试县2025年部门预算公开说明 本县二〇二五年部门预算已经县人民代表大会审议批准，现将" in excerpt
    assert page.locator("#search-results .result-excerpt mark").first.inner_text() == "公开说明"


def test_query_in_the_address_runs_on_load(open_page, server):
    page = open_page(server + "search.html?q=%E5%9B%B0%E9%9A%BE%E7%BE%A4%E4%BC%97", origin=server)
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-results .result-title a").all_inner_texts() == ["测试县城乡居民临时救助办法"]


def test_withheld_entry_marker_finds_nothing(open_page, server):
    page = _open_search(open_page, server)
    assert _search(page, "青龙白虎朱雀玄武") == []
    assert "没有找到" in page.inner_text("#search-status")


def test_fallback_from_disk_finds_by_document_number_and_title(open_page, search_site):
    page = open_page((search_site.public / "search.html").as_uri())
    page.focus("#search-q")
    page.wait_for_function("document.getElementById('search-status').textContent.indexOf('离线') >= 0")
    assert _search(page, "测财预〔2025〕12号") == ["测试县2025年部门预算公开说明"]
    assert _search(page, "临时救助办法") == ["测试县城乡居民临时救助办法"]
    page.click("#search-results .result-title a")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "测试县城乡居民临时救助办法"


@pytest.fixture(scope="module")
def sharded_server(tmp_path_factory):
    """A site indexed in shards of about two entries: ten entries over ten months of 2025, one of 2024."""
    from gksite import searchindex
    site = Site(tmp_path_factory.mktemp("sharded") / "site", mirror=MIRROR)
    for month in range(1, 11):
        site.entry(f"m{month}", title=f"第{month}月的临时救助资金发放情况", date=f"2025-{month:02d}-15",
                   body=f"本月共发放临时救助资金{month}万元，惠及困难群众。")
    site.entry("old", title="2024年的临时救助标准", date="2024-06-01", body="临时救助标准如下。")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "SHARD_BYTES", 2 * (searchindex.RECORD_BYTES + 40 * searchindex.CHAR_BYTES))
        site.build()
    shards = (site.public / "search" / "shards.js").read_text(encoding="utf-8")
    assert shards.count(",") >= 3, shards           # several shards, or this test proves nothing
    with serve(web_root(site)) as origin:
        yield f"{origin}{SUB_PATH}/"                # hosted under a sub-path, as agencies do


def test_a_query_finds_entries_in_every_shard(open_page, sharded_server):
    page = _open_search(open_page, sharded_server)
    assert len(_search(page, "临时救助资金")) == 10


def test_sort_by_date_orders_results_across_shards(open_page, sharded_server):
    page = _open_search(open_page, sharded_server)
    page.select_option("#search-sort", "date")
    first = _search(page, "临时救助")
    assert first == [f"第{month}月的临时救助资金发放情况" for month in range(10, 0, -1)]
    page.click("#search-more")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 11")
    assert page.locator("#search-results .result-title a").all_inner_texts() == first + ["2024年的临时救助标准"]


def test_filter_narrows_results_across_shards(open_page, sharded_server):
    page = _open_search(open_page, sharded_server)
    _search(page, "救助")
    assert "共找到 11 条结果" in page.inner_text("#search-status")
    page.select_option("#filter-year", "2025")
    _search(page, "救助")
    assert "共找到 10 条结果" in page.inner_text("#search-status")


def test_a_word_missing_from_a_shard_does_not_widen_its_results(open_page, sharded_server):
    page = _open_search(open_page, sharded_server)
    assert _search(page, "资金7万元") == ["第7月的临时救助资金发放情况"]
    assert _search(page, "救助 不存在的词语") == []


def test_a_filter_value_missing_from_a_shard_does_not_widen_its_results(open_page, sharded_server):
    page = _open_search(open_page, sharded_server)
    page.select_option("#filter-year", "2024")
    assert _search(page, "临时救助") == ["2024年的临时救助标准"]


def test_results_link_to_their_entries_under_a_sub_path(open_page, sharded_server):
    page = _open_search(open_page, sharded_server)
    assert _search(page, "2024年的临时救助标准") == ["2024年的临时救助标准"]
    page.click("#search-results .result-title a")
    page.wait_for_load_state()
    assert page.url.startswith(sharded_server + "doc/")
    assert page.locator("h1").inner_text() == "2024年的临时救助标准"


def test_a_query_needs_its_characters_side_by_side(open_page, server):
    page = _open_search(open_page, server)
    # 临时 and 标准 both stand in 测试县旧的救助标准's body ("原有的临时救助标准"), but never 时标.
    assert _search(page, "临时标准") == []
    assert _search(page, "救助标准") == ["测试县旧的救助标准"]


def test_a_repealed_result_is_marked(open_page, server):
    page = _open_search(open_page, server)
    _search(page, "救助")
    marks = {item.locator(".result-title a").inner_text(): item.locator(".state").all_inner_texts()
             for item in page.locator("#search-results li").all()}
    assert marks == {"测试县城乡居民临时救助办法": [], "测试县旧的救助标准": ["废止"]}
