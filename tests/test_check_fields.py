"""Each front-matter rule: a failing entry reports code, file and line; a passing one does not."""
import os

import pytest

from sitekit import line_of, with_code

# (rule id, fields of the failing entry, the code, text on the reported line or None for line 1,
#  fields of a passing entry)
RULES = [
    ("required key", dict(title=None), "missing-key", None, dict(title="有标题")),
    ("required key empty", dict(date="", index_no="cszj/2025-0001"), "missing-key", "date:",
     dict(date="2025-03-01")),
    ("date that does not exist", dict(date="2024-02-30"), "date", "date:", dict(date="2024-02-29")),
    ("date in another form", dict(date="2024/02/03"), "date", "date:", dict(date="2024-02-03")),
    ("ISO week date", dict(written="2025-W01-1"), "date", "written:", dict(written="2025-01-01")),
    ("text that is a list", dict(doc_no=["测政", "1号"]), "type", "doc_no:", dict(doc_no="测政〔2025〕1号")),
    ("text that is binary", dict(doc_no=b"\x00\x01"), "type", "doc_no:", dict(doc_no="测政〔2025〕1号")),
    ("keywords with a boolean", dict(keywords=["财政", True]), "type", "keywords:", dict(keywords=["财政", 2025])),
    ("keywords as a mapping", dict(keywords={"a": 1}), "type", "keywords:", dict(keywords=["财政", "预算"])),
    ("draft not a boolean", dict(draft="是"), "type", "draft:", dict(draft=False)),
    ("both spellings of a key", {"标题": "又一个标题"}, "duplicate-key", "title:", {}),
    ("unknown publisher", dict(publisher="测试县财政", index_no="cszj/2025-0001"), "unknown-publisher",
     "publisher:", dict(publisher="测试县财政局", index_no="cszj/2025-0001")),
    ("unknown category", dict(category="fdzdgknr/zcwj/gfxw"), "unknown-category", "category:",
     dict(category="法定主动公开内容/政策文件/规范性文件")),
    ("unknown topic", dict(topic="政务"), "unknown-topic", "topic:", dict(topic="zwgk")),
    ("validity value", dict(validity="永久"), "bad-validity", "validity:", dict(validity="废止")),
    ("disclosure value", dict(disclosure="公开"), "bad-disclosure", "disclosure:", dict(disclosure="删减后公开")),
    ("expires not after date", dict(expires="2025-03-01"), "expires-before-date", "expires:",
     dict(expires="2025-03-02")),
    ("privacy_allow without reason", dict(privacy_allow=[{"value": "13812345678"}]), "privacy-allow",
     "privacy_allow:", dict(body="电话13812345678", privacy_allow=[{"value": "13812345678", "reason": "单位公开的值班手机"}])),
]


@pytest.mark.parametrize("bad, code, needle, good", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_front_matter_rule_fails_and_passes(site, bad, code, needle, good):
    path = site.entry("bad", **bad)
    found = with_code(site.check(), code)
    assert [(p.path, p.line, p.severity) for p in found] == [
        ("content/bad.md", line_of(path, needle) if needle else 1, "error")]
    assert found[0].hint
    path.unlink()
    site.entry("good", **good)
    assert site.check() == []


def test_unknown_key_is_a_warning_naming_the_nearest_key(site):
    path = site.entry("bad", titel="拼错的键")
    [problem] = site.check()
    assert (problem.code, problem.severity, problem.path, problem.line) == (
        "unknown-key", "warning", "content/bad.md", line_of(path, "titel:"))
    assert "title" in problem.hint


@pytest.mark.parametrize("wrong, near", [("fdzdgknr/zcwj/gfxw", "fdzdgknr/zcwj/gfxwj"), ("测试县财政", "测试县财政局"),
                                         ("政务", "政务公开")])
def test_unknown_name_suggests_the_closest_one(site, wrong, near):
    key = {"测试县财政": "publisher", "政务": "topic"}.get(wrong, "category")
    site.entry("bad", **{key: wrong, "index_no": "cszj/2025-0001"})
    [problem] = site.check()
    assert f"“{near}”" in problem.hint


def test_interprets_names_an_existing_entry(site):
    path = site.entry("reading", category="fdzdgknr/zcjd", interprets="11990000MB0000001A/2025-0099")
    [problem] = site.check()
    assert (problem.code, problem.path, problem.line) == ("interprets", "content/reading.md",
                                                          line_of(path, "interprets:"))
    site.entry("policy", index_no="11990000MB0000001A/2025-0099")
    assert site.check() == []


def test_interprets_a_withheld_entry_is_an_error(site):
    site.entry("policy", index_no="11990000MB0000001A/2025-0099", draft=True)
    path = site.entry("reading", category="fdzdgknr/zcjd", interprets="11990000MB0000001A/2025-0099")
    [problem] = site.check()
    assert (problem.code, problem.path, problem.line) == ("interprets", "content/reading.md",
                                                          line_of(path, "interprets:"))
    assert "没有公开" in problem.message


def _attachment_site(site, file):
    (site.root / "content").mkdir(parents=True, exist_ok=True)
    (site.root / "content" / "fj1.pdf").write_bytes(b"%PDF-1.4 test")
    return site.entry("bad", attachments=[{"file": file, "title": "附件1"}])


@pytest.mark.parametrize("file, code", [
    ("missing.pdf", "attachment-missing"),
    ("../site.yaml", "attachment-outside"),
    ("/etc/hostname", "attachment-outside"),
    ("outside-link.pdf", "attachment-outside"),
    ("folder.pdf", "attachment-missing"),
    ("run.exe", "attachment-type"),
    ("page.html", "attachment-type"),
    ("", "attachment"),
])
def test_attachment_must_be_an_allowed_file_inside_content(site, tmp_path, file, code):
    content = site.root / "content"
    content.mkdir(parents=True)
    (tmp_path / "secret.pdf").write_bytes(b"%PDF secret")
    os.symlink(tmp_path / "secret.pdf", content / "outside-link.pdf")
    (content / "folder.pdf").mkdir()
    (content / "run.exe").write_bytes(b"MZ")
    (content / "page.html").write_text("<script></script>")
    path = _attachment_site(site, file)
    found = with_code(site.check(), code)
    assert [(p.path, p.line) for p in found] == [("content/bad.md", line_of(path, "attachments:"))]


def test_attachment_next_to_the_entry_passes(site):
    _attachment_site(site, "fj1.pdf")
    assert site.check() == []


def test_attachment_link_inside_content_passes(site):
    content = site.root / "content"
    (content / "files").mkdir(parents=True)
    (content / "files" / "real.pdf").write_bytes(b"%PDF")
    os.symlink(content / "files" / "real.pdf", content / "alias.pdf")
    _attachment_site(site, "alias.pdf")
    assert site.check() == []
