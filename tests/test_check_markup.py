"""Unsafe markup: script in a body is an error with its line; front-matter text reaches pages escaped."""
import html as htmllib
import re

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gksite.markdown_body import BodyConverter
from gksite.markup import unsafe_markup
from gksite.problems import ContentError
from sitekit import line_of

# (case, body line, code, text that starts the reported column)
ATTEMPTS = [
    ("script", "<script>alert(1)</script>", "unsafe-html", "<script"),
    ("script upper case", "<SCRIPT SRC=//x.example/a.js></SCRIPT>", "unsafe-html", "<SCRIPT"),
    ("iframe", '<iframe src="https://x.example/"></iframe>', "unsafe-html", "<iframe"),
    ("object", '<object data="a.swf"></object>', "unsafe-html", "<object"),
    ("embed", '<embed src="a.swf">', "unsafe-html", "<embed"),
    ("form", '<form action="https://x.example/"><input name=a></form>', "unsafe-html", "<form"),
    ("style", "<style>body{display:none}</style>", "unsafe-html", "<style"),
    ("event attribute", '<img src="a.png" onerror="alert(1)">', "unsafe-attribute", "<img"),
    ("event after slash", '<img/src="x"/onerror=alert(1)>', "unsafe-attribute", "<img"),
    ("event after quote", '<p title="a>b"onclick=alert(1)>x</p>', "unsafe-attribute", "<p"),
    ("event behind a quote in a value", '<img src=x title=a"b onerror=alert(1)>', "unsafe-attribute", "<img"),
    ("javascript href", '<a href="javascript:alert(1)">x</a>', "unsafe-url", "<a"),
    ("entity-encoded javascript", '<a href="jav&#x61;script:alert(1)">x</a>', "unsafe-url", "<a"),
    ("vbscript", "<a href='vbscript:msgbox(1)'>x</a>", "unsafe-url", "<a"),
    ("data address", '<img src="data:image/svg+xml;base64,PHN2Zz4=">', "unsafe-url", "<img"),
    ("markdown link", "[点这里](javascript:alert(1))", "unsafe-url", "javascript:"),
    ("markdown link with spaces", "[点这里]( JavaScript :alert(1))", "unsafe-url", "JavaScript"),
    ("markdown link with entity", "[点这里](java&#115;cript:alert(1))", "unsafe-url", "java&"),
    ("markdown link with escape", "[点这里](javascript\\:alert(1))", "unsafe-url", "javascript"),
    ("markdown image", "![图](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-url", "data:"),
    ("reference definition", "[r]: javascript:alert(1)", "unsafe-url", "javascript:"),
    ("attr_list event", "{: onclick=\"alert(1)\" }", "unsafe-attribute", "{:"),
    ("attr_list href", "[x](a.md){: href=javascript:alert(1)}", "unsafe-url", "{:"),
]


@pytest.mark.parametrize("attempt, code, needle", [a[1:] for a in ATTEMPTS], ids=[a[0] for a in ATTEMPTS])
def test_unsafe_markup_in_the_body_is_an_error_at_its_line(site, attempt, code, needle):
    path = site.entry("bad", body=f"第一段。\n\n{attempt}\n")
    found = [p for p in site.check() if p.code == code]
    line = line_of(path, needle)
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert [(p.path, p.line, p.col, p.severity) for p in found][:1] == [
        ("content/bad.md", line, text.index(needle) + 1, "error")]


@pytest.mark.parametrize("body", [
    "| 项目 | 金额 |\n|---|---|\n| 甲 | 1 |",
    '第一行<br>第二行，<span style="color:#c00">红字</span>，<sup>1</sup>',
    '<table><tr><td colspan="2">合并</td></tr></table>',
    '<a href="https://www.gov.cn/" title="中国政府网">链接</a>，[邮件](mailto:zwgk@example.gov.cn)',
    "数据：见下表；metadata: 1；on=1；{: .note }",
    "# 标题 {: #part-1 .lead }",
    # an <h1> that is shown, not written as HTML, and headings under the title
    "```html\n<h1>示例</h1>\n```",
    "写成 `<h1>` 的是一级标题。",
    "<!-- <h1>旧标题</h1> -->\n\n正文。",
    "示例：\n\n    <h1>缩进四格的代码</h1>\n\n正文。",
    "- 列表\n\n        <h1>列表里的代码</h1>",
    "<h2>一、总体要求</h2>",
    "# 一、总体要求",
])
def test_ordinary_markup_passes(site, body):
    site.entry("good", body=body)
    assert site.check() == []


def test_a_site_may_allow_named_tags(site):
    site.config["allow_html_tags"] = ["iframe"]
    site.write_config()
    site.entry("video", body='<iframe src="https://video.example.gov.cn/1"></iframe>')
    assert site.check() == []
    site.entry("video", body='<iframe src="https://video.example.gov.cn/1" onload="x()"></iframe><script></script>')
    assert sorted(p.code for p in site.check()) == ["unsafe-attribute", "unsafe-html"]


def test_build_refuses_a_body_with_script(site):
    site.entry("bad", body="<script>alert(1)</script>")
    with pytest.raises(ContentError) as failure:
        site.build(search=False)
    assert [p.code for p in failure.value.problems] == ["unsafe-html"]
    assert not site.public.exists()


def executable_markup(page: str, own_scripts: bool = False) -> list[str]:
    """What in an HTML page could run script: foreign <script>, on* attributes, script addresses.

    With `own_scripts`, the site's own scripts pass: a local `.js` file, or inline code of the
    templates (the payloads below all call `alert`)."""
    found = []
    for element in lxml.html.fromstring(page).iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in RUNNABLE and not (own_scripts and _own_script(element)):
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{name}=")
            if re.sub(r"[\x00-\x20]", "", value).lower().startswith(("javascript:", "vbscript:", "data:")):
                found.append(f"{name}={value}")
    return found


def _own_script(element) -> bool:
    src, code = element.get("src"), element.text or ""
    if element.tag != "script" or "alert" in code:
        return False
    return src is None or (src.endswith(".js") and ":" not in src and not src.startswith("/") and not code.strip())


RUNNABLE = {"script", "iframe", "object", "embed", "frame", "applet", "base"}
PAYLOAD = '<script>alert(1)</script>" onmouseover="alert(2)" \'><img src=x onerror=alert(3)> javascript:alert(4)'


def test_front_matter_text_reaches_every_page_escaped(site):
    (site.root / "content").mkdir(parents=True)
    (site.root / "content" / "fj1.pdf").write_bytes(b"%PDF")
    site.entry("attack", title=f"标题{PAYLOAD}", doc_no=f"文号{PAYLOAD}", keywords=[PAYLOAD, "词"],
               attachments=[{"file": "fj1.pdf", "title": f"附件{PAYLOAD}"}], topic="政务公开")
    site.entry("plain", title="普通条目")
    site.build(search=False)
    pages = sorted(site.public.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert executable_markup(text, own_scripts=True) == [], page
    entry_page = site.public / site.entry_url("11990000MB0000001A/2025-0001")
    assert site.soup(entry_page.relative_to(site.public).as_posix()).h1.get_text() == f"标题{PAYLOAD}"


# Attempts built from pieces, in varied Markdown contexts: whenever Markdown's own output
# is executable, the check must have flagged the body.
def _mixed_case(word):
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flips: "".join(c.upper() if f else c for c, f in zip(word, flips)))


def _obscured(word):
    """`word` with entities, tabs or newlines slipped in, as attackers write it."""
    return st.tuples(_mixed_case(word), st.integers(0, len(word)), st.sampled_from(["", "\t", "\n", "&#x09;", "&#10;"]),
                     st.booleans()).map(lambda t: (t[0][:t[1]] + t[2] + t[0][t[1]:]).replace(
                         "a", "&#97;" if t[3] else "a", 1))


_SCHEME = st.sampled_from(["javascript:", "vbscript:", "data:"]).flatmap(_obscured)
_EVENT = st.sampled_from(["onclick", "onerror", "onload", "onmouseover", "onfocus"]).flatmap(_mixed_case)
_QUOTED = st.sampled_from(['"{}"', "'{}'", "{}"])
_SEP = st.sampled_from([" ", "/", "\n", "\t", '"/'])
_TAG = st.sampled_from(["a", "img", "p", "div", "svg", "details", "script", "iframe", "embed", "object"]).flatmap(_mixed_case)

_HTML_ATTEMPT = st.builds(
    lambda tag, sep, event, scheme, quote, which: f"<{tag}{sep}" + (
        f"{event}={quote.format('alert(1)')}" if which else f"href={quote.format(scheme + 'alert(1)')}") + ">x",
    _TAG, _SEP, _EVENT, _SCHEME, _QUOTED, st.booleans())
_MD_ATTEMPT = st.builds(
    lambda bang, space, scheme, angle: f"{bang}[x](" + space + ("<" if angle else "") + scheme + "alert(1)" +
    (">" if angle else "") + ")", st.sampled_from(["", "!"]), st.sampled_from(["", " ", "\n"]), _SCHEME,
    st.booleans())
_REF_ATTEMPT = st.builds(lambda scheme, nl: f"[x][r]\n\n[r]:{nl}{scheme}alert(1)", _SCHEME,
                         st.sampled_from([" ", "\n  "]))
_ATTR_ATTEMPT = st.builds(lambda text, event, quote: f"{text}{{: {event}={quote.format('alert(1)')} }}",
                          st.sampled_from(["段落\n", "# 标题 ", "[x](a.md)"]), _EVENT, _QUOTED)
_CONTEXT = st.sampled_from(["", "文字 ", "> ", "- ", "1. ", "    ", "| a |\n|---|\n| ", "<div>", "**", "`"])


def _renders_executable(body: str, root) -> list[str]:
    converter = BodyConverter(root, {}, {})
    html, _ = converter.convert(body, root / "x.md", "doc/x/index.html")
    return executable_markup(f"<div>{html}</div>")


@settings(max_examples=300, deadline=None)
@given(_CONTEXT, st.one_of(_HTML_ATTEMPT, _MD_ATTEMPT, _REF_ATTEMPT, _ATTR_ATTEMPT), _CONTEXT)
def test_every_body_that_renders_executable_markup_is_caught(tmp_path_factory, before, attempt, after):
    body = before + attempt + after
    if _renders_executable(body, tmp_path_factory.getbasetemp()):
        assert unsafe_markup(body), body


def test_escaped_text_is_not_markup():
    assert unsafe_markup(htmllib.escape(PAYLOAD)) == []


def test_a_raw_h1_in_the_body_is_a_warning_at_its_line(site):
    path = site.entry("h1", body="第一段。\n\n<div class=\"part\">\n<h1 class=\"big\">一、总体要求</h1>\n</div>\n")
    found = site.check()
    line = line_of(path, "<h1")
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert [(p.path, p.line, p.col, p.severity, p.code) for p in found] == [
        ("content/h1.md", line, text.index("<h1") + 1, "warning", "body-h1")]
    site.build(search=False)          # a warning: the page is still built
    assert (site.public / "index.html").is_file()
