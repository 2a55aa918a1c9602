"""The output as a whole: relative links, stable URLs, determinism, atomic publishing."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from gksite import output
from gksite.cli import main
from gksite.problems import ContentError
from sitekit import tree_bytes


def _links(page_path):
    soup = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(["a", "link", "img", "script"]):
        for attr in ("href", "src"):
            if tag.get(attr):
                yield tag.name, tag[attr]


def test_every_internal_link_is_relative_names_a_file_and_resolves(site):
    for i in range(5):
        site.entry(f"e{i}", date=f"2025-0{i + 1}-01", topic="政务公开")
    site.build()
    pages = sorted(site.public.rglob("*.html"))
    assert len(pages) > 20
    checked = 0
    for page in pages:
        for tag, link in _links(page):
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "tel") or link.startswith("#"):
                continue
            assert not link.startswith("/"), f"{page}: {link}"
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), f"{page.relative_to(site.public)}: {tag} {link} does not resolve"
            checked += 1
    assert checked > 200


def test_entry_address_depends_only_on_its_index_number(site):
    site.entry("a", title="原标题", index_no="11990000MB0000001A/2025-0007")
    site.build()
    url = site.entry_url("11990000MB0000001A/2025-0007")
    assert url == "doc/11990000MB0000001A/2025-0007/index.html"
    assert (site.public / url).is_file()
    site.entry("a", title="改过的标题", category="gknb", index_no="11990000MB0000001A/2025-0007")
    site.build()
    assert site.soup(url).h1.get_text(strip=True) == "改过的标题"


def test_two_builds_of_the_same_input_are_byte_identical(site, tmp_path):
    for i in range(4):
        site.entry(f"e{i}", date=f"2025-0{i + 1}-01", body=f"## 标题{i}\n\n| 项目 | 金额 |\n|---|---|\n| 甲 | {i} |\n")
    site.build()
    first = tree_bytes(site.public)
    site.build(output_dir=tmp_path / "second")
    assert tree_bytes(tmp_path / "second") == first


def test_broken_entry_fails_the_build_and_keeps_the_old_output(site):
    site.entry("good", title="好的条目")
    site.build()
    before = tree_bytes(site.public)
    site.raw("bad", "---\ntitle: 坏条目\nindex_no: 11990000MB0000001A/2025-0002\npublisher 测试县人民政府\n---\n正文\n")
    with pytest.raises(ContentError) as failure:
        site.build()
    problem = failure.value.problems[0]
    assert problem.path == "content/bad.md"
    assert problem.line == 4  # the line missing its colon
    assert tree_bytes(site.public) == before
    assert not any(p.name.startswith(".public") for p in site.root.iterdir())


def _superseded(site) -> list:
    return sorted(p.name for p in site.root.iterdir() if p.name.startswith(".public.old"))


def _gone_soon(site, seconds: float = 30) -> bool:
    """Whether every superseded tree is deleted within `seconds` (by the process left to it)."""
    end = time.monotonic() + seconds
    while _superseded(site) and time.monotonic() < end:
        time.sleep(0.05)
    return not _superseded(site)


def test_a_new_tree_goes_live_at_once_and_the_old_one_is_deleted_after(site, monkeypatch):
    handed, run = [], output.subprocess.run
    monkeypatch.setattr(output.subprocess, "run", lambda args, **kwargs: handed.append(args) or run(args, **kwargs))
    site.entry("a", title="旧标题")
    site.build()
    assert handed == []                              # nothing to delete after the first build
    old_inode = site.public.stat().st_ino
    site.entry("a", title="新标题")
    site.build(use_cache=False)                      # a whole new tree, renamed over the old one
    [args] = handed                                  # the old tree went to a process of its own
    assert args[0] == "sh" and [a for a in args if ".public.old-" in a]
    assert site.public.stat().st_ino != old_inode
    home = (site.public / "index.html").read_text(encoding="utf-8")
    assert "新标题" in home and "旧标题" not in home
    assert _gone_soon(site), _superseded(site)


def test_a_superseded_tree_left_behind_is_removed_by_the_next_full_build(site):
    site.entry("a")
    for name in (".public.old", ".public.old-1-2"):         # an older gksite's, and one cut short
        (site.root / name / "doc").mkdir(parents=True)
        (site.root / name / "doc" / "index.html").write_text("旧", encoding="utf-8")
    site.build()
    assert (site.public / "index.html").is_file()
    assert _gone_soon(site), _superseded(site)


def test_without_a_process_to_delete_it_the_old_tree_is_deleted_before_the_build_returns(site, monkeypatch):
    def no_process(*args, **kwargs):
        raise OSError("no processes left")
    monkeypatch.setattr(output.subprocess, "run", no_process)
    site.entry("a")
    site.build()
    site.build(use_cache=False)
    assert (site.public / "index.html").is_file() and _superseded(site) == []


def test_a_folder_holding_files_no_build_wrote_is_never_replaced(site, tmp_path):
    site.entry("a")
    www = tmp_path / "www"
    www.mkdir()
    (www / "通知.docx").write_bytes(b"an office's own file")
    with pytest.raises(ContentError) as failure:
        site.build(output_dir=www)
    [problem] = failure.value.problems
    assert (problem.code, problem.path) == ("output-dir", str(www)) and "gksite" in problem.message
    assert [p.name for p in www.iterdir()] == ["通知.docx"]
    (www / "通知.docx").unlink()                 # an empty folder is fine, and then it is ours
    site.build(output_dir=www)
    site.build(output_dir=www, use_cache=False)  # replaced whole again
    assert (www / "index.html").is_file()


def test_an_output_written_before_feeds_named_their_generator_is_still_recognised(site):
    site.entry("a")
    site.build()
    feed = site.public / "feed.xml"
    feed.write_text("".join(line for line in feed.read_text(encoding="utf-8").splitlines(True)
                            if "<generator" not in line), encoding="utf-8")
    site.build(use_cache=False)                  # its pages still name gksite
    assert "<generator" in feed.read_text(encoding="utf-8")


@pytest.mark.parametrize("output", [".", "content"])
def test_cli_output_that_would_replace_the_site_is_refused(site, capsys, output, monkeypatch):
    entry = site.entry("a")
    monkeypatch.chdir(site.root)
    assert main(["build", "--output", output, "--today", "2026-11-22"]) == 1
    err = capsys.readouterr().err
    assert "error [output-dir]" in err and "Traceback" not in err
    assert entry.is_file() and (site.root / "site.yaml").is_file()


def test_a_large_failed_build_and_a_killed_ones_staging_are_deleted_meanwhile(site, monkeypatch):
    handed, run = [], output.subprocess.run
    monkeypatch.setattr(output.subprocess, "run", lambda args, **kwargs: handed.append(args) or run(args, **kwargs))
    monkeypatch.setattr(output, "LATER_FROM", 1)
    site.entry("a")
    _layout(site, "404.html", '{% extends "base.html" %}{% block main %}<a href="{{ href(\'nowhere.html\') }}">x</a>{% endblock %}')
    with pytest.raises(ContentError):              # found by the link check, once every page is staged
        site.build()
    assert not (site.root / ".public.staging").exists() and len(handed) == 1
    assert handed[0][-1].startswith(str(site.root / ".public.old-"))
    assert _gone_soon(site)
    killed = site.root / ".public.staging" / "doc"          # a build killed half-way
    killed.mkdir(parents=True)
    (killed / "index.html").write_text("旧的", encoding="utf-8")
    (site.root / "layouts" / "404.html").unlink()
    site.build()
    assert len(handed) == 2 and handed[1][-1].startswith(str(site.root / ".public.old-"))
    assert _gone_soon(site) and (site.public / "index.html").is_file()


def test_ctrl_c_during_a_build_says_so_and_leaves_the_last_output(site, capsys, monkeypatch):
    from gksite import build as build_module
    site.entry("a")
    site.build()
    before = tree_bytes(site.public)
    site.entry("a", title="改过的标题")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_write_pages", interrupted)
    assert main(["build", "--site", str(site.root), "--today", "2026-11-22"]) == 130
    err = capsys.readouterr().err
    assert "已中断；上一次的输出保持不变。" in err and "Traceback" not in err
    assert tree_bytes(site.public) == before and not (site.root / ".public.staging").exists()


def test_cli_reports_path_and_line_and_exits_non_zero(site, capsys):
    site.raw("bad", "---\ntitle: 坏条目\ndate: 2025-02-30\n---\n")
    code = main(["build", "--site", str(site.root), "--today", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 1
    assert "content/bad.md:3:1: error [date]" in err
    assert "content/bad.md:1:1: error [missing-key]" in err
    assert "Traceback" not in err
    assert not site.public.exists()


def test_site_layout_overrides_the_builtin_template_file_by_file(site):
    site.entry("a")
    layouts = site.root / "layouts"
    layouts.mkdir()
    (layouts / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>本站自己的404</h1>{% endblock %}', encoding="utf-8")
    site.build()
    assert site.soup("404.html").h1.get_text() == "本站自己的404"
    assert site.soup("index.html").select_one(".tree") is not None  # other templates stay built in


def _layout(site, name: str, text: str) -> None:
    path = site.root / "layouts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_template_syntax_errors_are_all_reported_at_their_lines_and_the_old_output_stays(site, capsys):
    site.entry("a")
    site.build()
    before = tree_bytes(site.public)
    _layout(site, "404.html", '{% extends "base.html" %}\n{% block main %}\n<h1>x</h1>\n{% if %}\n{% endblock %}\n')
    _layout(site, "list.html", '{% extends "base.html" %}\n{% block main %}{{ rows | }}{% endblock %}\n')
    with pytest.raises(ContentError) as failure:
        site.build()
    assert [(p.path, p.line, p.code) for p in failure.value.problems] == [
        ("layouts/404.html", 4, "template-syntax"), ("layouts/list.html", 2, "template-syntax")]
    assert tree_bytes(site.public) == before
    assert main(["check", "--site", str(site.root), "--today", "2026-11-22"]) == 1   # a pre-commit hook sees it
    assert "layouts/404.html:4:1: error [template-syntax]" in capsys.readouterr().out
    assert main(["build", "--site", str(site.root), "--today", "2026-11-22"]) == 1
    err = capsys.readouterr().err
    assert "layouts/list.html:2:1: error [template-syntax]" in err and "Traceback" not in err


def test_a_template_no_page_uses_is_only_a_warning_and_one_a_page_imports_is_an_error(site, capsys):
    site.entry("a")
    _layout(site, "old/entry-2024.html", "{% if %}\n")                  # an old copy kept aside
    site.build()
    assert main(["check", "--site", str(site.root), "--today", "2026-11-22"]) == 0
    assert "layouts/old/entry-2024.html:1:1: warning [template-syntax]" in capsys.readouterr().out
    _layout(site, "_macros.html", "{% macro entry_table(rows, caption) %}\n{{ rows | }}\n{% endmacro %}\n")
    with pytest.raises(ContentError) as failure:                     # list.html imports it
        site.build()
    assert [(p.path, p.line, p.severity) for p in failure.value.problems] == [
        ("layouts/_macros.html", 2, "error"), ("layouts/old/entry-2024.html", 1, "warning")]


def test_every_page_template_is_one_a_page_is_made_from(site):
    from gksite.render import PAGE_TEMPLATES, Renderer
    from gksite.build import check_site
    site.entry("a")
    checked = check_site(site.root)
    renderer = Renderer(checked.config, checked.catalog)
    specs = list(renderer.list_specs()) + [renderer.entry_spec(e) for e in checked.catalog.entries]
    assert {spec.template for spec in specs} == set(PAGE_TEMPLATES)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_template_failing_while_it_renders_names_its_line_in_workers_too(tmp_path, jobs):
    from sitekit import Site
    site = Site(tmp_path / "site", mirror={"variant": "s2t"})
    for i in range(12):
        site.entry(f"e{i:02d}", date=f"2025-{i % 12 + 1:02d}-01")
    _layout(site, "entry.html", '{% extends "base.html" %}\n{% block main %}\n'
                                '<h1>{{ entry.title }}</h1>\n<p>{{ entry.no_such_field.year }}</p>\n{% endblock %}\n')
    with pytest.raises(ContentError) as failure:
        site.build(jobs=jobs)
    [problem] = failure.value.problems
    assert (problem.path, problem.line, problem.code) == ("layouts/entry.html", 4, "template")
    assert "no_such_field" in problem.message and problem.hint
    assert not site.public.exists()


def test_a_template_extending_one_that_does_not_exist_names_the_line_and_the_name(site):
    site.entry("a")
    _layout(site, "404.html", '{# 本站的 404 #}\n{% extends "base-old.html" %}\n')
    with pytest.raises(ContentError) as failure:
        site.build()
    [problem] = failure.value.problems
    assert (problem.path, problem.line, problem.code) == ("layouts/404.html", 2, "template")
    assert "base-old.html" in problem.message


def test_content_errors_travel_between_processes_whole():
    import pickle
    from gksite.problems import Problem
    error = ContentError([Problem("layouts/a.html", 3, 1, "error", "template", "坏了", "改好")])
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problems, str(copy)) == (error.problems, "layouts/a.html:3:1: error [template] 坏了 — 改好")


def test_site_asset_overrides_the_builtin_file_by_file(site):
    assets = site.root / "assets"
    assets.mkdir()
    (assets / "gksite.css").write_text("body { color: black; }", encoding="utf-8")
    (assets / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    site.build()
    assert (site.public / "assets/gksite.css").read_text() == "body { color: black; }"
    assert (site.public / "assets/logo.svg").is_file()


def test_dangling_link_in_a_template_fails_the_build_naming_the_page(site):
    layouts = site.root / "layouts"
    layouts.mkdir()
    (layouts / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<a href="{{ href(\'nowhere.html\') }}">x</a>{% endblock %}',
        encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        site.build()
    assert [(p.path, p.code) for p in failure.value.problems] == [("404.html", "dangling-link")]


def test_external_resource_in_a_body_fails_the_build(site):
    site.entry("a", body="![图](https://cdn.example.com/a.png)")
    with pytest.raises(ContentError) as failure:
        site.build()
    assert failure.value.problems[0].code == "dangling-link"


def test_body_link_to_a_missing_entry_is_an_error_with_its_file(site):
    site.entry("a", body="见[不存在的文件](nothing.md)。")
    with pytest.raises(ContentError) as failure:
        site.build()
    problem = failure.value.problems[0]
    assert (problem.path, problem.code) == ("content/a.md", "broken-link")


def test_parallel_and_serial_builds_are_byte_identical(tmp_path):
    from sitekit import Site
    site = Site(tmp_path / "site", mirror={"variant": "s2t"})
    for i in range(12):
        site.entry(f"e{i:02d}", date=f"2025-{i % 12 + 1:02d}-01", body=f"## 第{i}节\n\n发展规划第{i}条。")
    site.build(jobs=1, output_dir=tmp_path / "serial")
    site.build(jobs=2, output_dir=tmp_path / "parallel")
    serial, parallel = tree_bytes(tmp_path / "serial"), tree_bytes(tmp_path / "parallel")
    assert len(serial) > 50
    assert parallel == serial


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    """600 entries of the benchmark corpus, built once: its pages take seconds, on two
    processes, and its search index several Pagefind runs."""
    root = tmp_path_factory.mktemp("corpus") / "site"
    bench = Path(__file__).resolve().parents[1] / "bench" / "corpus.py"
    subprocess.run([sys.executable, str(bench), str(root), "--entries", "600"], check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "gksite", "build", "--today", "2026-11-22"], cwd=root, check=True,
                   capture_output=True)
    return root


@pytest.mark.parametrize("stop, code", [("ctrl-c", 130), ("sigterm", 143)])
def test_a_build_stopped_half_way_ends_at_once_quietly_and_leaves_the_last_output(corpus_site, stop, code):
    """Ctrl-C (SIGINT to every process of the command, as a terminal sends it) or SIGTERM to
    the command alone (`kill`, a CI timeout): the build stops within seconds, says so, exits
    130 or 143, leaves no page worker or Pagefind process behind, prints no traceback (page
    workers printed theirs), and the last output stays as it was. Before, SIGTERM killed the
    build on the spot, and a Ctrl-C while Pagefind ran left the build waiting for ever."""
    root = corpus_site
    before = tree_bytes(root / "public")
    shutil.rmtree(root / ".gksite-cache")              # the next build renders every page again
    # Ctrl-C as a terminal's: a suite started in the background by a shell (`make test &`)
    # hands its children SIGINT ignored, which Python then leaves ignored.
    build = subprocess.Popen([sys.executable, "-m", "gksite", "build", "--today", "2026-11-22"], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    staged = root / ".public.staging" / "doc"
    end = time.monotonic() + 60
    while time.monotonic() < end and build.poll() is None and sum(1 for _ in staged.rglob("index.html")) < 100:
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before it could be stopped"
    if stop == "ctrl-c":
        os.killpg(build.pid, signal.SIGINT)
    else:
        build.send_signal(signal.SIGTERM)
    try:
        _out, err = build.communicate(timeout=30)
    finally:
        build.kill()
    err = err.decode("utf-8")
    assert build.returncode == code, err
    assert "已中断；上一次的输出保持不变。" in err and "Traceback" not in err, err
    with pytest.raises(ProcessLookupError):             # nothing of the command's is left running
        for _ in range(100):
            os.killpg(build.pid, 0)
            time.sleep(0.1)
    assert tree_bytes(root / "public") == before
    assert not (root / ".public.staging").exists()
