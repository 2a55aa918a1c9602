"""site.yaml: every mistake names its key path and line."""
import pytest

from gksite.config import load_config
from gksite.problems import ContentError
from sitekit import line_of


def _problems(site):
    site.write_config()
    with pytest.raises(ContentError) as failure:
        load_config(site.root)
    return failure.value.problems


def test_bad_catalog_code_names_the_key_path(site):
    site.config["catalog"][0]["children"][0]["code"] = "政策 文件"
    messages = [p.message for p in _problems(site)]
    assert any(m.startswith("catalog[0].children[0].code:") for m in messages)


def test_missing_publisher_code_names_the_key_path_and_line(site):
    del site.config["publishers"][1]["code"]
    problem = _problems(site)[0]
    assert problem.message.startswith("publishers[1].code:")
    assert problem.path == "site.yaml"
    text = (site.root / "site.yaml").read_text(encoding="utf-8").splitlines()
    assert "测试县财政局" in text[problem.line - 1]


def test_unknown_mirror_variant_lists_the_valid_ones(site):
    site.config["mirror"] = {"variant": "s2x"}
    problem = _problems(site)[0]
    assert problem.message.startswith("mirror.variant:")
    assert "s2t" in problem.hint and "s2twp" in problem.hint


def test_unknown_top_level_key_is_an_error(site):
    site.config["pagesize"] = 5
    assert any(p.message.startswith("pagesize:") for p in _problems(site))


def test_page_size_must_be_a_positive_integer(site):
    site.config["page_size"] = 0
    assert any(p.message.startswith("page_size:") for p in _problems(site))


def test_category_is_found_by_codes_or_by_chinese_names(site):
    config = load_config(site.root)
    assert config.find_node("fdzdgknr/zcwj/gfxwj") == config.find_node("法定主动公开内容/政策文件/规范性文件")
    assert config.find_node("fdzdgknr/zcwj/gfxwj").policy


@pytest.mark.parametrize("encode, code, word", [
    (lambda text: text.encode("gb18030"), "config-encoding-gbk", "iconv -f GB18030 -t UTF-8"),
    (lambda text: b"\x00\x01" + text.encode(), "config-binary", "UTF-8"),
])
def test_site_yaml_that_is_not_utf8_text_says_how_to_fix_it(site, encode, code, word):
    path = site.root / "site.yaml"
    path.write_bytes(encode(path.read_text(encoding="utf-8")))
    [problem] = _problems_of_file(site)
    assert (problem.path, problem.line, problem.code) == ("site.yaml", 1, code)
    assert word in problem.message + problem.hint


def test_site_yaml_with_bom_and_crlf_is_read(site):
    path = site.root / "site.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    assert load_config(site.root).identity.name == "测试县人民政府信息公开"


def _problems_of_file(site):
    with pytest.raises(ContentError) as failure:
        load_config(site.root)
    return failure.value.problems


@pytest.mark.parametrize("key, index, keypath", [
    ("publishers", 1, "publishers[1]:"), ("topics", 0, "topics[0]:"),
])
def test_list_item_of_the_wrong_shape_is_reported_at_its_own_line(site, key, index, keypath):
    site.config[key][index] = "只写了名字"
    [problem] = _problems(site)
    assert problem.message.startswith(keypath)
    assert problem.line == line_of(site.root / "site.yaml", "- 只写了名字")


def test_catalog_child_of_the_wrong_shape_is_reported_at_its_own_line(site):
    site.config["catalog"][0]["children"].append("规划信息")
    [problem] = _problems(site)
    assert problem.message.startswith("catalog[0].children[2]:")
    assert problem.line == line_of(site.root / "site.yaml", "- 规划信息")


@pytest.mark.parametrize("output", [".", "..", "content", "content/public", "layouts", ".gksite-cache", "phrases"])
def test_an_output_folder_that_holds_or_lies_in_the_sites_own_files_is_an_error_at_its_line(site, output):
    (site.root / "phrases").mkdir()
    (site.root / "phrases" / "词组.txt").write_text("于海 于海\n", encoding="utf-8")
    site.config["mirror"] = {"phrases": "phrases/词组.txt"}
    site.config["output_dir"] = output
    [problem] = _problems(site)
    assert problem.message.startswith("output_dir:") and problem.hint
    assert problem.line == line_of(site.root / "site.yaml", "output_dir:")


def test_an_output_folder_beside_the_sites_own_files_is_fine(site):
    site.config["output_dir"] = "../www/xxgk"
    site.write_config()
    assert load_config(site.root).output_dir == (site.root.parent / "www" / "xxgk").resolve()
