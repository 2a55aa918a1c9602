"""The link check reads a page's link attributes without a tree, as a browser's tokenizer does."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from gksite.htmlscan import LINK_ATTRIBUTES, link_attributes

# libxml2 tokenizes HTML as HTML5 says from 2.14 on (lxml 6), which the scanner follows.
HTML5_LXML = etree.LIBXML_VERSION >= (2, 14, 0)


def lxml_links(page: str) -> list[tuple[str, str, str]]:
    """The links the check read from lxml's tree before it read the text itself."""
    root = etree.fromstring(page.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    if root is None:
        return []
    return [(element.tag, LINK_ATTRIBUTES[element.tag], element.get(LINK_ATTRIBUTES[element.tag]))
            for element in root.getroottree().iter(etree.Element)
            if element.tag in LINK_ATTRIBUTES and element.get(LINK_ATTRIBUTES[element.tag]) is not None]


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>页</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("body, links", [
    ('<a href="a.html" class="x">', [("a", "href", "a.html")]),
    ("<A HREF='B.html'>", [("a", "href", "B.html")]),
    ('<a href="?x=1&amp;y=2#f">', [("a", "href", "?x=1&y=2#f")]),
    ('<a href="?a=1&copy=2&copy;&lt">', [("a", "href", "?a=1&copy=2©<")]),
    ('<a href="&#x4e2d;&#25991;&#128;">', [("a", "href", "中文€")]),
    ('<a href="%E4%B8%AD.html">', [("a", "href", "%E4%B8%AD.html")]),
    ('<a title="a>b" href="c">', [("a", "href", "c")]),
    ("<a title=don't href=d>", [("a", "href", "d")]),
    ('<a href="first" HREF="second">', [("a", "href", "first")]),
    ('<a href>', [("a", "href", "")]),
    ('<img src="i.png"><link href="s.css"><script src="j.js"></script>',
     [("img", "src", "i.png"), ("link", "href", "s.css"), ("script", "src", "j.js")]),
    ('<form action="f"><object data="o"></object><area href="r"><base href="b">',
     [("form", "action", "f"), ("object", "data", "o"), ("area", "href", "r")]),
    ('<!-- <a href="commented"> --><a href="after">', [("a", "href", "after")]),
    ('<script>var s = \'<a href="in-script">\';</script><a href="after">', [("a", "href", "after")]),
    ('<script><!--<script></script><a href="double"></script>--></script><a href="after">',
     [("a", "href", "after")]),
    ('<textarea><a href="in-textarea"></textarea><style><img src="x"></style>', []),
    ('<div title="<a href=\'in-value\'>"></div>', []),
    ('<p>1 < 2 <a href="ok">', [("a", "href", "ok")]),
    ('<a href="cut', []),
])
def test_link_attributes_are_read_as_a_browser_reads_them(body, links):
    assert link_attributes(page(body)) == links


@pytest.mark.skipif(not HTML5_LXML, reason="lxml before 6 tokenizes HTML the old libxml2 way")
@pytest.mark.parametrize("body", ['<a href="x&#1;&#xFFFE;&#0;">', '<a href="x\r\ny\0">', '<svg><a href="s"/></svg>',
                                  '<!--> <a href="empty-comment">', '<a/href="slash"><a href = "spaced">'])
def test_scanner_agrees_with_lxml_on_oddities(body):
    assert link_attributes(page(body)) == lxml_links(page(body))


def test_links_after_a_stray_html_end_tag_are_still_read():
    """libxml2 drops everything after an early `</html>`; a browser shows it, so it is checked."""
    assert link_attributes(page('</html><a href="after">')) == [("a", "href", "after")]


PIECES = ['<a ', '<A ', '<img ', 'href', 'HREF', 'src', '=', '"', "'", '>', '<', '/', ' ', '\n', '\r', 'x', '中',
          '&amp;', '&copy', '&#65', '&lt', '&', '#', '?', '-', '!', '<!--', '-->', '--!>', '<!', '<?', '</',
          '</a>', '<script>', '</script>', '<title>', '</title>', '<style>', '</style>', '<textarea>',
          '<iframe src="f">', '</iframe>', '<svg>', '<![CDATA[', ']]>', '<link href="l">', '<form action=f>',
          '<object data=o>', '<div title="', '<p>', 'data', '<xmp>', '<noscript>', '<a href="ok">', '<a href=ok3>',
          '<base href=b>', '<plaintext>', '<SCRIPT>', '</Script >', '<TiTle>', '<Form ACTION="F">']


@pytest.mark.skipif(not HTML5_LXML, reason="lxml before 6 tokenizes HTML the old libxml2 way")
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_scanner_finds_what_lxml_finds(pieces):
    html = page("".join(pieces))
    assert link_attributes(html) == lxml_links(html)
