"""Reading entries: both key spellings, every problem with path:line, nothing raised."""
from gksite.config import load_config
from sitekit import read_content


def _read(site):
    return read_content(load_config(site.root))


def test_chinese_key_names_read_like_english_ones(site):
    site.raw("zh", "---\n标题: 中文键的条目\n索引号: cszj/2025-0001\n发布机构: 测试县财政局\n"
                   "公开目录: 法定主动公开内容/政策文件/其他文件\n发布日期: 2025-03-03\n文号: 测财〔2025〕1号\n---\n正文\n")
    result = _read(site)
    assert result.problems == ()
    entry = result.entries[0]
    assert (entry.title, entry.doc_no, entry.category.slug) == ("中文键的条目", "测财〔2025〕1号", "fdzdgknr/zcwj/qtwj")


def test_english_and_chinese_spelling_of_one_key_is_an_error(site):
    site.entry("both", **{"标题": "又一个标题"})
    problem = _read(site).problems[0]
    assert (problem.code, problem.path) == ("duplicate-key", "content/both.md")


def test_every_problem_of_a_file_is_reported_at_once(site):
    site.raw("bad", "---\ntitle: 题目\nindex_no: x/2025-1\npublisher: 不存在的局\ncategory: nowhere\n"
                    "date: 2025-13-01\nvalidity: 永久\n---\n")
    codes = sorted((p.line, p.code) for p in _read(site).problems)
    assert codes == [(4, "unknown-publisher"), (5, "unknown-category"), (6, "date"), (7, "bad-validity")]


def test_unknown_publisher_suggests_the_closest_name(site):
    site.entry("a", publisher="测试县财政")
    problem = _read(site).problems[0]
    assert "测试县财政局" in problem.hint


def test_missing_closing_fence_is_reported(site):
    site.raw("open", "---\ntitle: 没有结束\n")
    problem = _read(site).problems[0]
    assert problem.code == "front-matter-unclosed"


def test_crlf_and_bom_are_read(site):
    path = site.root / "content" / "crlf.md"
    path.parent.mkdir(parents=True)
    text = "---\r\ntitle: 甲\r\nindex_no: cszj/2025-0001\r\npublisher: 测试县财政局\r\ncategory: gknb\r\ndate: 2025-01-02\r\n---\r\n正文\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = _read(site)
    assert result.problems == ()
    assert result.entries[0].body.strip() == "正文"


def test_gbk_file_is_an_error_that_says_how_to_convert(site):
    path = site.root / "content" / "gbk.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("---\ntitle: 中文标题\n---\n".encode("gbk"))
    problem = _read(site).problems[0]
    assert problem.code == "encoding-gbk"
    assert "iconv" in problem.hint
