"""`gksite init DIR`: a new site that checks clean and builds at once."""
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gksite import report
from gksite.build import build
from gksite.cli import main
from gksite.config import load_config
from gksite.pilot import PILOT_DOMAINS

SEED_DOMAINS = ["重大建设项目", "公共资源交易", "义务教育", "户籍管理", "社会救助", "养老服务", "公共法律服务", "财政预决算",
                "就业", "社会保险", "城乡规划", "农村集体土地征收", "生态环境", "保障性住房", "国有土地上房屋征收与补偿",
                "农村危房改造", "市政服务", "城市综合执法", "涉农补贴", "公共文化服务", "卫生健康", "安全生产", "救灾",
                "食品药品监管", "税收管理", "扶贫"]


def test_init_then_build_works_at_once(tmp_path, capsys):
    target = tmp_path / "newsite"
    assert main(["init", str(target)]) == 0
    assert main(["build", "--site", str(target)]) == 0
    assert "公开 3 篇" in capsys.readouterr().out
    home = BeautifulSoup((target / "public" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "示例县人民政府信息公开" in home.title.get_text()
    assert (target / "public" / "zh-hant" / "index.html").is_file()


@pytest.mark.parametrize("pilot", [False, True])
def test_new_site_has_no_problem_at_all(tmp_path, pilot):
    args = ["init", str(tmp_path / "s"), "--name", "青梧县人民政府信息公开"] + (["--with-pilot-domains"] if pilot else [])
    assert main(args) == 0
    result = report.check(tmp_path / "s")
    assert (result.problems, result.published) == ((), 4 if pilot else 3)
    assert load_config(tmp_path / "s").identity.name == "青梧县人民政府信息公开"


def test_pilot_domains_form_a_catalog_branch(tmp_path):
    target = tmp_path / "s"
    assert main(["init", str(target), "--with-pilot-domains"]) == 0
    [branch] = [n for n in load_config(target).catalog if n.code == "jcgk"]
    assert branch.name == "基层政务公开标准化"
    assert [c.name for c in branch.children] == SEED_DOMAINS
    assert len({c.code for c in branch.children}) == 26
    assert all(c.code.isascii() and c.code.isalpha() and c.code.islower() for c in branch.children)
    build(target, search=False)
    for code, name in PILOT_DOMAINS:
        page = target / "public" / "catalog" / "jcgk" / code / "index.html"
        assert name in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1.get_text()


def test_init_refuses_a_non_empty_folder(tmp_path, capsys):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("原有的文件", encoding="utf-8")
    assert main(["init", str(target)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "不是空目录" in err
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_init_accepts_an_existing_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == 0
    assert (Path(tmp_path / "empty") / "site.yaml").is_file()


@pytest.mark.parametrize("inside", ["content/inner", "content/fdzdgknr/inner", "public/x", "layouts/x", ".gksite-cache/x"])
def test_init_refuses_a_folder_that_another_sites_build_reads_or_replaces(tmp_path, capsys, inside):
    """Inside a site's content its sample entries would be published as that site's own;
    inside its output or cache, the site's next build would delete the new site."""
    outer = tmp_path / "portal"
    assert main(["init", str(outer)]) == 0
    capsys.readouterr()
    before = sorted(p.relative_to(outer) for p in outer.rglob("*"))
    assert main(["init", str(outer / inside)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and f"在站点 {outer.resolve()} 的" in err
    assert sorted(p.relative_to(outer) for p in outer.rglob("*")) == before


def test_init_beside_a_site_or_inside_its_other_folders_is_fine(tmp_path):
    outer = tmp_path / "portal"
    assert main(["init", str(outer)]) == 0
    assert main(["init", str(tmp_path / "other")]) == 0
    assert main(["init", str(outer / "drafts" / "trial")]) == 0     # not a folder its builds use
    assert main(["build", "--site", str(outer), "--no-search"]) == 0


def test_a_sites_own_content_dir_is_guarded_even_when_site_yaml_is_broken(tmp_path, capsys):
    outer = tmp_path / "portal"
    assert main(["init", str(outer)]) == 0
    (outer / "site.yaml").write_text("site: [unclosed\n", encoding="utf-8")
    assert main(["init", str(outer / "content" / "inner")]) == 1
    assert "的 content 里面" in capsys.readouterr().err
