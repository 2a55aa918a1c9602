"""Links in a body to other entries and files resolve, checked without rendering a page."""
import pytest

from gksite.problems import ContentError
from sitekit import line_of, with_code

ORG = "11990000MB0000001A"


@pytest.fixture
def linked(site):
    """A site with a published target entry, a draft one and a file next to them."""
    site.entry("target", index_no=f"{ORG}/2025-0091")
    site.entry("secret", index_no=f"{ORG}/2025-0092", draft=True)
    (site.root / "content" / "chart.png").write_bytes(b"\x89PNG")
    return site


@pytest.mark.parametrize("body", [
    "见[另一篇](target.md)。",
    "见[另一篇](target.md#part)。",
    f"见[另一篇](索引号:{ORG}/2025-0091)。",
    "见[图](chart.png)和![图](chart.png)。",
    "见[参考][r]。\n\n[r]: target.md \"标题\"",
    "外部链接[政府网](https://www.gov.cn/)和[邮件](mailto:a@example.gov.cn)，[本页](#top)。",
    "代码里的不算：`[x](missing.md)`\n\n```\n[x](missing.md)\n```",
    "脚注不是链接[^1]。\n\n[^1]: 见附件说明",
])
def test_resolving_link_passes(linked, body):
    linked.entry("source", body=body)
    assert linked.check() == []


@pytest.mark.parametrize("body, needle, word", [
    ("第一行\n\n见[另一篇](missing.md)。", "missing.md", "找不到"),
    ("见[另一篇](../outside.md)。", "outside.md", "找不到"),
    (f"见[另一篇](索引号:{ORG}/2025-0099)。", "2025-0099", "没有这个索引号"),
    (f"见[另一篇](索引号：{ORG}/2025-0091)。", "索引号：", "半角"),
    ("见[草稿](secret.md)。", "secret.md", "不公开"),
    (f"见[草稿](索引号:{ORG}/2025-0092)。", "2025-0092", "不公开"),
    ("见[参考][r]。\n\n[r]: missing.md", "[r]: missing.md", "找不到"),
    ("见![图](missing.png)。", "missing.png", "找不到"),
])
def test_broken_link_is_reported_with_its_body_line(linked, body, needle, word):
    path = linked.entry("source", body=body)
    found = with_code(linked.check(), "broken-link")
    assert [(p.path, p.line, p.severity) for p in found] == [("content/source.md", line_of(path, needle), "error")]
    assert word in found[0].message


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "tool.js", "noext"])
def test_linked_file_must_be_of_a_type_that_may_be_published(linked, name):
    (linked.root / "content" / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    path = linked.entry("source", body=f"见[文件]({name})。")
    found = with_code(linked.check(), "link-file-type")
    assert [(p.path, p.line) for p in found] == [("content/source.md", line_of(path, name))]


def test_draft_may_link_to_another_draft(linked):
    linked.entry("source", body="见[草稿](secret.md)。", draft=True)
    assert linked.check() == []


def test_build_refuses_a_broken_link_before_rendering(linked):
    linked.entry("source", body="见[另一篇](missing.md)。")
    with pytest.raises(ContentError) as failure:
        linked.build(search=False)
    assert [p.code for p in failure.value.problems] == ["broken-link"]
    assert not linked.public.exists()
