"""`gksite check`: one sorted line a problem, a summary, exit 1 on error, JSON for tools."""
import json

from gksite.cli import main


def _run(site, capsys, *extra):
    code = main(["check", "--site", str(site.root), "--today", "2026-11-22", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_site_exits_zero_with_a_summary(site, capsys):
    site.entry("a")
    site.entry("b", draft=True)
    code, out, _ = _run(site, capsys)
    assert code == 0
    assert out.splitlines() == ["条目文件 2 个；公开 1 篇，不公开 1 篇（草稿 1 篇）", "错误 0 个，警告 0 个。"]


def test_problems_are_printed_one_a_line_sorted_then_the_summary(site, capsys):
    site.entry("b", date="2025-02-30", index_no="cszj/2025-0001")
    site.entry("a", validity="永久", titel="x")
    site.raw("c", "")
    code, out, err = _run(site, capsys)
    lines = out.splitlines()
    assert code == 1
    assert [line.split(" [")[0] for line in lines[:4]] == [
        "content/a.md:2:1: error", "content/a.md:3:1: warning", "content/b.md:2:1: error", "content/c.md:1:1: error"]
    assert "[bad-validity]" in lines[0] and "[unknown-key]" in lines[1] and "[date]" in lines[2]
    assert all(" — " in line for line in lines[:4])
    assert lines[4] == "条目文件 3 个，其中 3 个有错误未能读取；公开 0 篇，不公开 0 篇"
    assert lines[5].startswith("错误 3 个，警告 1 个")
    assert "Traceback" not in out + err


def test_warnings_alone_exit_zero(site, capsys):
    site.entry("a", titel="x")
    code, out, _ = _run(site, capsys)
    assert code == 0
    assert "[unknown-key]" in out


def test_json_format_for_tools(site, capsys):
    site.entry("a", date="2025-02-30", index_no="cszj/2025-0001")
    site.entry("b", disclosure="依申请公开")
    code, out, _ = _run(site, capsys, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["problems"] == [{"path": "content/a.md", "line": 2, "col": 1, "severity": "error", "code": "date",
                                 "message": data["problems"][0]["message"], "hint": data["problems"][0]["hint"]}]
    assert data["summary"] == {"checked": True, "files": 2, "read": 1, "published": 0, "withheld": {"依申请公开": 1},
                               "errors": 1, "warnings": 0}


def test_broken_site_yaml_is_reported_not_raised(site, capsys):
    (site.root / "site.yaml").write_text("site: [\n", encoding="utf-8")
    code, out, err = _run(site, capsys)
    assert code == 1
    assert out.startswith("site.yaml:")
    assert out.splitlines()[-2:] == ["site.yaml 有错误，条目还没有检查；改正后再运行 gksite check",
                                     "错误 1 个，警告 0 个；有错误时 gksite build 不会生成网站。"]
    assert "Traceback" not in out + err
    _, out, _ = _run(site, capsys, "--format", "json")
    assert json.loads(out)["summary"]["checked"] is False


def test_future_flag_counts_future_entries_as_published(site, capsys):
    site.entry("later", date="2027-01-01")
    _, out, _ = _run(site, capsys)
    assert "未到发布日期 1 篇" in out
    _, out, _ = _run(site, capsys, "--future")
    assert "公开 1 篇，不公开 0 篇" in out


def test_output_cut_short_by_a_pipe_is_no_traceback(site):
    import subprocess
    import sys
    site.raw("many", "---\n" + "".join(f"key{i}: 1\n" for i in range(3000)) + "---\n")
    reader = subprocess.Popen([sys.executable, "-m", "gksite", "check", "--site", str(site.root)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.readline()
    reader.stdout.close()                     # like `gksite check | head -1`
    err = reader.stderr.read().decode()
    assert reader.wait() == 1
    assert "Traceback" not in err and "Error" not in err, err


def test_a_folder_that_cannot_be_written_is_one_line_not_a_traceback(site, tmp_path, capsys):
    site.entry("a")
    blocker = tmp_path / "a-file"
    blocker.write_text("不是目录", encoding="utf-8")
    for args in (["init", str(blocker / "newsite")],
                 ["build", "--site", str(site.root), "--output", str(blocker / "public"), "--no-search"]):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert err.startswith("错误：") and "写入权限" in err
        assert "Traceback" not in err
