"""Every link of a built page resolves: checked in the workers, the rest settled by the parent."""
import pytest

import gksite.build
from gksite.linkcheck import LinkChecker, settle
from gksite.problems import ContentError

ORG = "11990000MB0000001A"
PAGE = f"doc/{ORG}/2025-0001/index.html"       # the first entry's page
HINT = "改正模板或正文里的这个链接"


def dangling(site, **build) -> list[tuple[str, str]]:
    """(page, message) of every dangling link the build stops on, in the order reported."""
    with pytest.raises(ContentError) as failure:
        site.build(search=False, **build)
    assert {(p.code, p.hint, p.line) for p in failure.value.problems} == {("dangling-link", HINT, 1)}
    assert not site.public.exists()
    return [(p.path, p.message) for p in failure.value.problems]


@pytest.fixture
def reports(monkeypatch) -> list:
    """Every `LinkReport` the workers send the parent to settle, as the build settles it."""
    seen = []

    def spy(report, written):
        seen.append(report)
        return settle(report, written)

    monkeypatch.setattr(gksite.build, "settle", spy)
    return seen


# Decided in the worker that renders the page: the link alone says it is wrong.
@pytest.mark.parametrize("html, message", [
    ('<img src="https://cdn.example.com/a.png">',
     '<img src="https://cdn.example.com/a.png"> 从外部网站加载资源，离线时无法显示，也会泄露访问记录'),
    ('<a href="ftp://files.example.com/a.pdf">x</a>', '<a href="ftp://files.example.com/a.pdf"> 使用了不允许的地址类型'),
    ('<a href="/xxgk/index.html">x</a>', '<a href="/xxgk/index.html"> 是以 / 开头的绝对路径，放在子目录或从磁盘打开时会失效'),
    ('<a href="../../../../other.html">x</a>', '<a href="../../../../other.html"> 指向输出目录之外'),
    ('<a href="http://[x">x</a>', '<a href="http://[x"> 不是一个能用的地址（例如方括号只能围住 IPv6 地址）'),
])
@pytest.mark.parametrize("jobs", [1, 2])
def test_wrong_link_is_found_where_the_page_is_rendered(site, reports, html, message, jobs):
    site.entry("a", body=f"见{html}。")
    assert dangling(site, jobs=jobs) == [(PAGE, message)]
    [report] = reports
    assert [(p.path, p.message) for p in report.problems] == [(PAGE, message)] and report.unsettled == ()


# Left to the parent: only every file written says whether the target is there.
@pytest.mark.parametrize("html, target, message", [
    ('<a href="gone.pdf">x</a>', f"doc/{ORG}/2025-0001/gone.pdf", '<a href="gone.pdf"> 指向的文件不存在'),
    ('<a href="../../../catalog/">x</a>', "catalog",
     '<a href="../../../catalog/"> 指向一个目录而不是文件（应以 index.html 结尾）'),
    ('<a href="../../../catalog">x</a>', "catalog",
     '<a href="../../../catalog"> 指向一个目录而不是文件（应以 index.html 结尾）'),
    ('<a href="?page=2">x</a>', f"doc/{ORG}/2025-0001",
     '<a href="?page=2"> 指向一个目录而不是文件（应以 index.html 结尾）'),
    # A folder, yet "missing": as before, only the two folders above a written file count as folders.
    ('<a href="../../../doc">x</a>', "doc", '<a href="../../../doc"> 指向的文件不存在'),
])
@pytest.mark.parametrize("jobs", [1, 2])
def test_link_to_a_file_nobody_wrote_is_found_by_the_parent(site, reports, html, target, message, jobs):
    site.entry("a", body=f"见{html}。")
    assert dangling(site, jobs=jobs) == [(PAGE, message)]
    [report] = reports
    assert report.problems == () and [item.target for item in report.unsettled] == [target]


def test_dangling_link_of_a_template_is_reported_for_every_page_in_order(site):
    (site.root / "layouts").mkdir()
    (site.root / "layouts" / "search.html").write_text(
        '{% extends "base.html" %}{% block main %}<a href="{{ href(\'nowhere.html\') }}">x</a>'
        '<a href="https://example.com/" rel="x"></a><link href="//cdn.example.com/a.css">{% endblock %}',
        encoding="utf-8")
    site.config["mirror"] = {"variant": "s2t"}
    site.write_config()
    site.entry("a")
    assert dangling(site) == [
        ("search.html", '<a href="nowhere.html"> 指向的文件不存在'),
        ("search.html", '<link href="//cdn.example.com/a.css"> 从外部网站加载资源，离线时无法显示，也会泄露访问记录'),
        ("zh-hant/search.html", '<a href="nowhere.html"> 指向的文件不存在'),
        ("zh-hant/search.html", '<link href="//cdn.example.com/a.css"> 从外部网站加载资源，离线时无法显示，也会泄露访问记录'),
    ]


def test_parallel_build_reports_exactly_what_a_serial_one_does(tmp_path):
    from sitekit import Site
    reports = []
    for jobs in (1, 2):
        site = Site(tmp_path / f"jobs{jobs}", mirror={"variant": "s2t"})
        for i in range(60):                                  # more than one task of entries
            body = ['正文。', '<a href="gone.pdf">x</a>', '<img src="http://a.example.com/x.png">',
                    '<a href="/abs.html">x</a> <a href="../../../catalog/">y</a>'][i % 4]
            site.entry(f"e{i:02d}", date=f"2025-{i % 12 + 1:02d}-01", body=f"## 第{i}节\n\n{body}")
        with pytest.raises(ContentError) as failure:
            site.build(search=False, jobs=jobs)
        reports.append(failure.value.problems)
    assert len(reports[0]) == 120            # 15 pages a kind of body, 2 scripts, 1 or 2 links
    assert reports[1] == reports[0]


def test_worker_leaves_the_parent_no_link_to_a_page_asset_feed_or_own_file(site, reports):
    """Every page links the assets and the feed; entry pages their attachments and images."""
    site.config["mirror"] = {"variant": "s2t"}
    site.write_config()
    for i in range(3):
        path = site.entry(f"e{i}", attachments=[{"file": f"fj{i}.pdf", "title": "附件"}],
                          body=f'![图](chart{i}.png)，见<a href="../../../stats/stats.csv">统计表</a>。')
        (path.parent / f"fj{i}.pdf").write_bytes(b"%PDF-1.4")
        (path.parent / f"chart{i}.png").write_bytes(b"\x89PNG")
    site.build(search=False, jobs=2)
    assert [(report.problems, report.unsettled) for report in reports] == [((), ())]


def test_link_to_another_entrys_file_is_settled_by_the_parent(site, reports):
    path = site.entry("a", attachments=[{"file": "fj1.pdf", "title": "附件"}])
    (path.parent / "fj1.pdf").write_bytes(b"%PDF-1.4")
    site.entry("b", body='见<a href="../2025-0001/fj1.pdf">另一份文件的附件</a>。')
    site.build(search=False, jobs=2)
    assert [item.target for item in reports[0].unsettled] == [f"doc/{ORG}/2025-0001/fj1.pdf"]
    assert (site.public / f"doc/{ORG}/2025-0001/fj1.pdf").is_file()


def test_page_kept_from_the_cache_is_not_checked_again(site, monkeypatch):
    site.entry("a")
    site.build(search=False)
    site.entry("b", category="gknb")                     # not a neighbour of a
    checked = []
    check = LinkChecker.check
    monkeypatch.setattr(LinkChecker, "check", lambda self, page, *args: checked.append(page) or check(self, page, *args))
    site.build(search=False, jobs=1)
    assert PAGE not in checked and f"doc/{ORG}/2025-0002/index.html" in checked


def test_preview_edit_that_adds_a_wrong_link_is_refused(site):
    from gksite.live import LiveSite
    from sitekit import TODAY
    site.entry("a")
    site.build(search=False)
    live = LiveSite.load(site.root, TODAY, False)
    before = (site.public / PAGE).read_bytes()
    path = site.entry("a", body='见<a href="/abs.html">x</a>。', index_no=f"{ORG}/2025-0001")
    with pytest.raises(ContentError) as failure:
        live.update([path])
    assert [(p.path, p.code) for p in failure.value.problems] == [(PAGE, "dangling-link")]
    assert (site.public / PAGE).read_bytes() == before


def test_preview_edit_that_drops_a_linked_attachment_is_refused(site):
    """The entry's old files are not taken as known: the edit may remove them."""
    from gksite.live import LiveSite
    from sitekit import TODAY
    body = '见<a href="fj1.pdf">附件</a>。'
    path = site.entry("a", body=body, attachments=[{"file": "fj1.pdf", "title": "附件"}])
    (path.parent / "fj1.pdf").write_bytes(b"%PDF-1.4")
    site.build(search=False)
    live = LiveSite.load(site.root, TODAY, False)
    site.entry("a", body=body, index_no=f"{ORG}/2025-0001")
    with pytest.raises(ContentError) as failure:
        live.update([path])
    assert [(p.path, p.message) for p in failure.value.problems] == [(PAGE, '<a href="fj1.pdf"> 指向的文件不存在')]
    assert (site.public / f"doc/{ORG}/2025-0001/fj1.pdf").is_file()
