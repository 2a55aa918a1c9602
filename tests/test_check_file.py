"""The entry file itself: encodings, line endings and broken front matter are clear errors."""
import re

import pytest

from gksite.content import MAX_ENTRY_BYTES

GOOD = ("---\ntitle: 甲\nindex_no: cszj/2025-0001\npublisher: 测试县财政局\ncategory: gknb\n"
        "date: 2025-01-02\n---\n正文\n")


def _write(site, data: bytes):
    path = site.root / "content" / "file.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [
    GOOD.encode("utf-8"),
    b"\xef\xbb\xbf" + GOOD.encode("utf-8"),
    GOOD.replace("\n", "\r\n").encode("utf-8"),
    b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf-8", "bom", "crlf", "bom+crlf"])
def test_utf8_with_or_without_bom_and_crlf_is_read(site, data):
    _write(site, data)
    assert site.check() == []


def test_crlf_keeps_line_numbers(site):
    text = GOOD.replace("date: 2025-01-02", "date: 2025-02-30").replace("\n", "\r\n")
    _write(site, b"\xef\xbb\xbf" + text.encode("utf-8"))
    [problem] = site.check()
    assert (problem.code, problem.line) == ("date", 6)


# (case, bytes, code, line, a word the message or hint must carry)
BROKEN = [
    ("gbk", GOOD.encode("gbk"), "encoding-gbk", 1, "iconv -f GB18030 -t UTF-8"),
    ("gb18030", GOOD.replace("甲", "𠀀").encode("gb18030"), "encoding-gbk", 1, "UTF-8"),
    ("full-width colon", GOOD.replace("title: 甲", "title：甲").encode(), "full-width-colon", 2, "半角冒号"),
    ("full-width colon in chinese key", GOOD.replace("date: ", "发布日期：").encode(), "full-width-colon", 6, "半角"),
    ("tab indent", GOOD.replace("title: 甲", "\ttitle: 甲").encode(), "yaml-tab", 2, "制表符"),
    ("tab after colon", GOOD.replace("title: 甲", "title:\t甲").encode(), "yaml-tab", 2, "制表符"),
    ("no closing fence", GOOD.replace("---\n正文", "正文").encode(), "front-matter-unclosed", 1, "---"),
    ("no front matter", "正文而已\n".encode(), "front-matter-missing", 1, "---"),
    ("empty", b"", "empty", 1, "gksite new"),
    ("only spaces", b"  \n\n", "empty", 1, "gksite new"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", 1, "UTF-8"),
    ("yaml bomb", ("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n---\n").encode(), "yaml", 2, "锚点"),
    ("deep nesting", ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n").encode(), "yaml", 2, "嵌套"),
    ("huge integer", ("---\ntitle: 1" + "0" * 6000 + "\n---\n").encode(), "yaml", 2, "引号"),
    ("not a mapping", b"---\n- a\n- b\n---\n", "front-matter", 2, "title"),
    ("duplicate key", GOOD.replace("date:", "title: 乙\ndate:").encode(), "yaml", 6, "写了两次"),
    ("too large", GOOD.encode() + b"x" * MAX_ENTRY_BYTES, "too-large", 1, "附件"),
]


@pytest.mark.parametrize("data, code, line, word", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_file_is_one_clear_error(site, data, code, line, word):
    _write(site, data)
    [problem] = site.check()
    assert (problem.path, problem.code, problem.line, problem.severity) == ("content/file.md", code, line, "error")
    assert word in problem.message + problem.hint


@pytest.mark.parametrize("lines, line, col", [
    ("attachments:\n  - file：fj1.pdf", 8, 9),
    ("attachments:\n- file: fj1.pdf\n  title：附件1", 9, 8),
    ("privacy_allow:\n  - value: '13812345678'\n    reason：值班电话", 9, 11),
])
def test_full_width_colon_after_a_nested_key_is_one_clear_error(site, lines, line, col):
    (site.root / "content").mkdir(parents=True)
    (site.root / "content" / "fj1.pdf").write_bytes(b"%PDF")
    _write(site, GOOD.replace("date: 2025-01-02", "date: 2025-01-02\n" + lines).encode())
    [problem] = site.check()
    assert (problem.code, problem.line, problem.col) == ("full-width-colon", line, col)


def test_full_width_colon_in_a_list_value_is_fine(site):
    _write(site, GOOD.replace("date: 2025-01-02", "date: 2025-01-02\nkeywords:\n  - 附件1：分工表").encode())
    assert site.check() == []


def test_full_width_colon_inside_a_value_is_fine(site):
    _write(site, GOOD.replace("title: 甲", "title: 关于：甲").encode())
    assert site.check() == []


def test_tab_inside_a_quoted_value_is_fine(site):
    _write(site, GOOD.replace("title: 甲", 'title: "甲\t乙"').encode())
    assert site.check() == []


def test_dangling_link_is_an_error_in_check_and_build(site):
    from gksite.cli import main
    site.entry("good")
    (site.root / "content" / "gone.md").symlink_to(site.root / "nowhere.md")
    [problem] = site.check()
    assert (problem.path, problem.code, problem.line) == ("content/gone.md", "unreadable", 1)
    assert "链接" in problem.message
    for _ in range(2):                       # the second build reads through the build cache
        assert main(["build", "--site", str(site.root), "--today", "2026-11-22", "--no-search"]) == 1
    assert not site.public.exists()


# (a broken title line, the line reported, a word of the message or hint)
YAML_MISTAKES = [
    ('title: "甲', 2, "引号没有闭合"),
    ("title: [甲, 乙", 2, "方括号"),
    ("title: 甲: 乙", 2, "引号括起来"),
    ("title: 甲\n  doc_no: 乙", 3, "缩进"),
    ("title: %甲", 2, "引号括起来"),
    ('title: "甲\\q"', 2, "反斜杠"),
    ("title: !foo 甲", 2, "标签"),
    ("title: 甲\nindex_no", 3, "冒号"),
]


@pytest.mark.parametrize("line, where, word", YAML_MISTAKES, ids=[m[0] for m in YAML_MISTAKES])
def test_yaml_mistakes_are_explained_in_plain_words(site, line, where, word):
    _write(site, GOOD.replace("title: 甲", line).encode())
    [problem] = site.check()
    assert (problem.code, problem.line) == ("yaml", where)
    assert word in problem.message + problem.hint
    assert not re.search(r"[a-z]{4,}", problem.message), "PyYAML's own English words"
