"""`gksite new`: a draft entry in the right folder with the next free 索引号."""
import threading
from datetime import date

import pytest

from gksite import scaffold
from gksite.cli import main
from gksite.config import load_config
from gksite.content import read_entry

ORG = "11990000MB0000001A"


def _new(site, capsys, title="关于测试的通知", *extra):
    code = main(["new", title, "--publisher", "测试县人民政府", "--category", "fdzdgknr/zcwj/gfxwj",
                 "--date", "2025-06-01", "--site", ".", *extra])
    out = capsys.readouterr()
    return code, out.out.strip(), out.err


def test_new_writes_a_draft_with_every_required_key(site, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    code, out, _ = _new(site, capsys, "关于“测试”: 引号和冒号的通知")
    assert code == 0
    assert out == f"content/fdzdgknr/zcwj/gfxwj/{ORG.lower()}-2025-0001.md"
    entry, problems = read_entry(site.root / out, load_config(site.root))
    assert problems == []
    assert (entry.title, entry.index_no, entry.publisher.name, entry.category.slug, entry.date, entry.draft) == (
        "关于“测试”: 引号和冒号的通知", f"{ORG}/2025-0001", "测试县人民政府", "fdzdgknr/zcwj/gfxwj",
        date(2025, 6, 1), True)
    assert site.check() == []


def test_next_serial_counts_withheld_and_unreadable_files(site, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    site.entry("published", index_no=f"{ORG}/2025-0003")
    site.entry("draft", index_no=f"{ORG}/2025-0005", draft=True, category="gknb")
    site.raw("broken", f"---\n索引号: \"{ORG}/2025-0007\"\ntitle: [没有闭合\n---\n")
    site.entry("other-year", index_no=f"{ORG}/2024-0042", date="2024-05-01")
    site.entry("other-publisher", publisher="测试县财政局", index_no="cszj/2025-0050")
    _, out, _ = _new(site, capsys)
    assert out.endswith(f"{ORG.lower()}-2025-0008.md")


def test_two_news_in_a_row_take_two_numbers(site, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    first = _new(site, capsys)[1]
    second = _new(site, capsys)[1]
    assert (first[-7:], second[-7:]) == ("0001.md", "0002.md")


def test_a_taken_file_name_moves_on_to_the_next_number(site, monkeypatch):
    monkeypatch.setattr(scaffold, "next_serial", lambda *args: 1)
    folder = site.root / "content" / "gknb"
    folder.mkdir(parents=True)
    (folder / f"{ORG.lower()}-2025-0001.md").write_text("被占用", encoding="utf-8")
    path = scaffold.new_entry(site.root, "标题", "测试县人民政府", "gknb", date(2025, 6, 1))
    assert path.name == f"{ORG.lower()}-2025-0002.md"
    assert (folder / f"{ORG.lower()}-2025-0001.md").read_text(encoding="utf-8") == "被占用"


def test_concurrent_news_never_share_a_number(site):
    paths, categories = [], ["gknb", "fdzdgknr/zcjd", "fdzdgknr/zcwj/qtwj", "fdzdgknr/zcwj/gfxwj"] * 3

    def run(category):
        paths.append(scaffold.new_entry(site.root, "标题", "测试县人民政府", category, date(2025, 6, 1)))

    threads = [threading.Thread(target=run, args=(c,)) for c in categories]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    serials = sorted(p.stem.rsplit("-", 1)[1] for p in paths)
    assert serials == [f"{n:04d}" for n in range(1, 13)]
    assert site.check() == []


@pytest.mark.parametrize("option, wrong, near", [("--publisher", "测试县财政", "测试县财政局"),
                                                 ("--category", "fdzdgknr/zcwj/gfxw", "fdzdgknr/zcwj/gfxwj")])
def test_unknown_name_is_one_clear_line(site, capsys, monkeypatch, option, wrong, near):
    monkeypatch.chdir(site.root)
    args = {"--publisher": "测试县人民政府", "--category": "gknb", option: wrong}
    code = main(["new", "标题", "--publisher", args["--publisher"], "--category", args["--category"]])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert f"“{wrong}”" in err and f"“{near}”" in err
    assert not (site.root / "content").exists()


def test_publisher_code_and_chinese_category_path_work(site, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    code = main(["new", "标题", "--publisher", "cszj", "--category", "法定主动公开内容/政策解读", "--date", "2025-01-02"])
    assert code == 0
    assert capsys.readouterr().out.strip() == "content/fdzdgknr/zcjd/cszj-2025-0001.md"
