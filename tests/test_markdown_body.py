"""The body converter's shortcut: text no inline pattern can match skips the inline processor,
and the HTML is exactly what Python-Markdown makes without the shortcut."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gksite.markdown_body import INLINE_PATTERNS, BodyConverter

SAMPLES = [
    "本报告依据《条例》编制。\n\n## 一、总体情况\n\n坚持公开为常态。",
    "| 办理结果 | 数量（件） |\n|---|---|\n| 予以公开 | 218 |\n| `代码` | **粗** |",
    "第一行  \n第二行\n第三行",
    "转义 \\* 星号，\\_ 下划线，A&B，&amp;，&#20013;，<b>粗</b>，<https://www.gov.cn/>",
    "脚注[^1]。\n\n[^1]: 注释内容。",
    "- 一\n- 二\n\n1. 甲\n2. 乙\n\n术语\n:   解释",
    "```\n原样 *不* 处理\n```\n\n    缩进代码 _x_",
    "[链接](a.md) ![图](a.png) [引用][r]\n\n[r]: https://www.gov.cn/",
    "# 标题 {: #part-1 .lead }\n\n段落 {: .note }",
    "> 引文 *强调* 与 __加粗__\n> 第二行",
    "<div>块级 HTML</div>\n\n正文 <!-- 注释 --> 结尾",
]


def converters():
    fast = BodyConverter(Path("."), {}, {})
    slow = BodyConverter(Path("."), {}, {})
    slow.md.treeprocessors.deregister("gksite_plain")
    return fast, slow


FAST, SLOW = converters()


def same(text: str) -> None:
    fast = FAST.convert(text, Path("a.md"), "/a/")[0]
    assert fast == SLOW.convert(text, Path("a.md"), "/a/")[0]
    assert FAST.md.toc == SLOW.md.toc


def test_the_shortcut_knows_every_inline_pattern():
    # A new extension brings new inline patterns: INLINE_MARK must then be read again.
    assert {item.name for item in FAST.md.inlinePatterns._priority} == INLINE_PATTERNS


@pytest.mark.parametrize("text", SAMPLES)
def test_the_shortcut_changes_no_output(text):
    same(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(
    list("政务公开第一条款表") + ["\n", "\n\n", "  \n", " ", "|", "---", "#", "- ", "1. ", ": ", "{: .a}",
                                 "*", "**", "_", "`", "\\", "[", "]", "(a.md)", "![", "<", ">", "&", "&amp;",
                                 "[^1]", "<b>", "</b>", "http://x.cn", "    ", ">", "```"]),
    max_size=40).map("".join))
def test_the_shortcut_changes_no_output_on_any_text(text):
    same(text)
