"""The traditional mirror: OpenCC conversion of human text only, markup kept byte for byte."""
from __future__ import annotations

import opencc
import pytest
from bs4 import BeautifulSoup

from gksite.mirror import VARIANTS, Mirror, _candidates, load_phrases
from gksite.problems import ContentError

INDEX_NO = "11519900MB0000001A/2025-0000003"

PAGE = """<!DOCTYPE html>
<html lang="zh-Hant">
<head>
<meta charset="utf-8">
<title>关于后台管理的通知 - 测试县人民政府</title>
<meta name="description" content="测试县发展和改革局">
<meta name="keywords" content="发展,头发">
<meta name="generator" content="gksite 发">
<link rel="alternate" hreflang="zh-Hans" href="../发展/index.html">
<style>.发 { content: "头发"; }</style>
</head>
<body class="page-entry 发展">
<!-- 注释：头发 -->
<nav class="tools" aria-label="简体与繁体"><ul class="script-switch">
<li><a href="../../index.html" hreflang="zh-Hans" lang="zh-Hans">简体</a></li>
<li><span lang="zh-Hant" aria-current="page">繁體</span></li></ul></nav>
<main id="发展" class="wrap">
<h1 title="头发" data-search="title">关于干部头发的通知</h1>
<table><tr><th>索引号</th><td class="index-no">11519900MB0000001A/2025-0000003</td></tr></table>
<p>一只猫在后台。<img src="图片/头发.png" alt="头发照片"><br>下一行</p>
<p><a href="附件/发展规划.pdf" download>发展规划.pdf</a></p>
<input id="q" name="q" type="search" placeholder="标题、发文号">
<pre>头发 &lt;pre&gt;</pre><p>代码<code>发展()</code>后</p>
<p><kbd>头发</kbd><samp>发展</samp></p>
<div class="note no-convert">头发<span title="头发">发展</span></div>
<p translate="no">头发<b>发展</b></p>
<p lang="zh-Hans">头发</p>
<p>这里&lt;script&gt;头发&amp;发展&nbsp;&#21457;</p>
<script>var s = "头发 < 发展";</script>
</main>
</body>
</html>
"""


@pytest.fixture(scope="module")
def mirror() -> Mirror:
    return Mirror("s2t")


@pytest.fixture(scope="module")
def page(mirror) -> BeautifulSoup:
    return BeautifulSoup(mirror.convert_html(PAGE), "html.parser")


def write_phrases(tmp_path, text: str):
    path = tmp_path / "phrases.txt"
    path.write_text(text, encoding="utf-8")
    return path


# --- conversion ------------------------------------------------------------------

@pytest.mark.parametrize("simplified, traditional", [
    ("头发", "頭髮"), ("发展", "發展"), ("一只", "一隻"), ("后台", "後臺"), ("干部", "幹部"),
])
def test_s2t_converts_common_words(mirror, simplified, traditional):
    assert mirror.convert_text(simplified) == traditional
    assert mirror.convert_html(f"<p>{simplified}</p>") == f"<p>{traditional}</p>"


def test_each_variant_gives_its_own_result():
    text = "里面说着后台软件的信息"
    results = {variant: Mirror(variant).convert_text(text) for variant in VARIANTS}
    assert results == {
        "s2t": "裏面說着後臺軟件的信息",
        "s2tw": "裡面說著後臺軟件的信息",
        "s2hk": "裏面説着後台軟件的信息",
        "s2twp": "裡面說著後臺軟體的資訊",
    }


def test_unknown_variant_is_refused():
    with pytest.raises(ValueError):
        Mirror("t2s")


def test_each_text_converts_as_if_alone(mirror):
    # One OpenCC call a page must not let neighbouring texts become one word (头|发 ≠ 头发).
    html = "<p>头</p><p>发</p><p>一</p>只<b>干</b>部"
    converter = opencc.OpenCC("s2t")
    texts = BeautifulSoup(html, "html.parser").find_all(string=True)
    converted = BeautifulSoup(mirror.convert_html(html), "html.parser").find_all(string=True)
    assert [str(t) for t in converted] == [converter.convert(t) for t in texts] == list("頭發一只幹部")


def test_text_nodes_and_title_are_converted(page):
    assert page.title.string == "關於後臺管理的通知 - 測試縣人民政府"
    assert page.h1.string == "關於幹部頭髮的通知"
    assert page.find("br").next_sibling.string == "下一行"


def test_human_attributes_are_converted(page):
    assert page.h1["title"] == "頭髮"
    assert page.find("img")["alt"] == "頭髮照片"
    assert page.find("input")["placeholder"] == "標題、發文號"
    assert page.find("nav")["aria-label"] == "簡體與繁體"
    assert page.find("meta", attrs={"name": "description"})["content"] == "測試縣發展和改革局"
    assert page.find("meta", attrs={"name": "keywords"})["content"] == "發展,頭髮"


def test_data_label_shown_by_css_is_converted(mirror):
    html = '<td data-label="索引号" class="index-no">x</td>'
    assert mirror.convert_html(html) == '<td data-label="索引號" class="index-no">x</td>'


def test_a_start_tag_met_again_converts_where_it_stands_now(mirror):
    # What a start tag holds is read once (a list page repeats each cell's tag), but its
    # values are converted wherever the tag is met again, and a marked tag keeps its text.
    row = '<td data-label="发布日期" title="头发">发</td><td class="no-convert" title="头发">发</td>'
    html = f'<p>发</p><table><tr>{row}</tr><tr>{row}</tr></table><p lang="zh-Hans" title="头发">发</p>'
    converted = row.replace('"发布日期" title="头发">发', '"發佈日期" title="頭髮">發', 1)
    assert mirror.convert_html(html) == (f'<p>發</p><table><tr>{converted}</tr><tr>{converted}</tr></table>'
                                         '<p lang="zh-Hans" title="头发">发</p>')


# --- what stays -------------------------------------------------------------------

def test_structural_attributes_stay(page):
    assert page.body["class"] == ["page-entry", "发展"]
    assert page.main["id"] == "发展"
    assert page.find("img")["src"] == "图片/头发.png"
    assert page.find("link", hreflang="zh-Hans")["href"] == "../发展/index.html"
    assert page.find("a", download=True)["href"] == "附件/发展规划.pdf"
    assert page.find("meta", attrs={"name": "generator"})["content"] == "gksite 发"
    assert page.html["lang"] == "zh-Hant"


def test_index_number_stays(page):
    assert page.find("td", class_="index-no").string == INDEX_NO


@pytest.mark.parametrize("tag, text", [
    ("pre", "头发 <pre>"), ("code", "发展()"), ("kbd", "头发"), ("samp", "发展"),
    ("style", '.发 { content: "头发"; }'), ("script", 'var s = "头发 < 发展";'),
])
def test_code_elements_stay(page, tag, text):
    assert page.find(tag).string == text


def test_text_around_code_is_converted(page):
    assert page.find("code").parent.get_text() == "代碼发展()後"


def test_no_convert_class_keeps_its_subtree(page):
    note = page.find("div", class_="no-convert")
    assert note.get_text() == "头发发展"
    assert note.span["title"] == "头发"


def test_translate_no_keeps_its_subtree(page):
    assert page.find("p", translate="no").get_text() == "头发发展"


def test_simplified_lang_keeps_its_subtree(page):
    assert page.find("p", lang="zh-Hans").string == "头发"
    assert page.find("a", lang="zh-Hans").string == "简体"


def test_root_html_lang_does_not_stop_conversion():
    html = '<html lang="zh-Hans"><body><p>头发</p></body></html>'
    assert Mirror().convert_html(html) == '<html lang="zh-Hans"><body><p>頭髮</p></body></html>'


def test_conversion_resumes_after_kept_element(mirror):
    html = '<div><p class="no-convert">头发</p><p>头发</p></div><p>后台</p>'
    assert mirror.convert_html(html) == '<div><p class="no-convert">头发</p><p>頭髮</p></div><p>後臺</p>'


def test_implied_end_tag_closes_kept_paragraph(mirror):
    html = '<div><p translate="no">头发<div>头发</div></div>'
    assert mirror.convert_html(html) == '<div><p translate="no">头发<div>頭髮</div></div>'


def test_comments_stay(page):
    assert "<!-- 注释：头发 -->" in str(page)


def test_entities_survive(mirror):
    html = "<p>这里&lt;script&gt;头发&amp;发展&nbsp;&#21457;</p>"
    assert mirror.convert_html(html) == "<p>這裏&lt;script&gt;頭髮&amp;發展&nbsp;&#21457;</p>"


def test_entities_in_attributes_survive(mirror):
    html = '<img alt="头发 &quot;发展&quot; &amp; &lt;后台&gt;" src="a.png">'
    assert mirror.convert_html(html) == '<img alt="頭髮 &quot;發展&quot; &amp; &lt;後臺&gt;" src="a.png">'


def test_page_differs_only_in_converted_text(mirror):
    converted = mirror.convert_html(PAGE)
    assert len(converted) == len(PAGE)  # s2t converts these one character to one
    changed = [(a, b) for a, b in zip(PAGE, converted) if a != b]
    assert changed and all(not a.isascii() and not b.isascii() for a, b in changed)


ASCII_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset=utf-8><title>A &amp; B</title>
<script>if (a < b && c > d) { document.write("</p>"); }</script>
<style>p > a { color: red }</style></head>
<body class='x  y' data-x="a > b"><!----><!--->--><!-- a -- b --><![CDATA[ x ]]><?php echo 1 ?>
<p title="T" ALT=x>1 < 2 &lt; 3<br/><br><img src=a.png alt=A/><hr />
<UL><li>one<li>two</UL></p></div>
<svg viewBox="0 0 1 1"><path d="M0 0"/><title>T</title></svg>
<textarea>a <b> c</textarea>
</body></html>
"""


def test_ascii_page_comes_back_byte_identical(mirror):
    assert mirror.convert_html(ASCII_PAGE) == ASCII_PAGE


def test_raw_text_and_comments_keep_chinese(mirror):
    html = '<script>s = "<p>头发</p>";</script><!-- <p>头发</p> --><textarea>头发<b></textarea><p>头发</p>'
    expected = '<script>s = "<p>头发</p>";</script><!-- <p>头发</p> --><textarea>頭髮<b></textarea><p>頭髮</p>'
    assert mirror.convert_html(html) == expected


def test_lone_less_than_is_text(mirror):
    assert mirror.convert_html("<p>头发 < 发展 <3 后台</p>") == "<p>頭髮 < 發展 <3 後臺</p>"


def test_void_and_self_closing_tags_do_not_swallow_text(mirror):
    html = '<p class="no-convert">头发</p><br/><img src="x.png"><p>头发</p>'
    assert mirror.convert_html(html) == '<p class="no-convert">头发</p><br/><img src="x.png"><p>頭髮</p>'


def test_nul_does_not_cut_the_text():
    # OpenCC's multi-stage configs (s2twp) stop at NUL; the mirror must not.
    assert Mirror("s2twp").convert_text("头发\x00后台\x00软件") == "頭髮\x00後臺\x00軟體"


def test_page_containing_the_usual_separators_still_converts(mirror):
    text = "头发\x1f发展\x1e后台\x1d一只\x1c干部\U0010FFFD"
    assert mirror.convert_text(text) == "頭髮\x1f發展\x1e後臺\x1d一隻\x1c幹部\U0010FFFD"


@pytest.mark.parametrize("variant", VARIANTS)
def test_opencc_passes_separator_candidates_and_ascii_through(variant):
    spare = "".join(c for _, c in zip(range(64), _candidates()))
    ascii_text = "".join(map(chr, range(1, 128)))
    converter = opencc.OpenCC(variant)
    assert converter.convert(spare) == spare
    assert converter.convert(ascii_text) == ascii_text


def test_empty_page_and_text(mirror):
    assert mirror.convert_html("") == ""
    assert mirror.convert_text("") == ""


# --- the phrase file ------------------------------------------------------------------

def test_phrase_file_overrides_opencc(tmp_path):
    path = write_phrases(tmp_path, "# 人名\n于海\t于海\n\n余秋雨  余秋雨\n")
    mirror = Mirror("s2t", path, "phrases.txt")
    assert Mirror("s2t").convert_text("于海见余秋雨") == "於海見餘秋雨"
    assert mirror.convert_text("于海见余秋雨") == "于海見余秋雨"
    assert mirror.convert_html('<p title="于海">于海见余秋雨</p>') == '<p title="于海">于海見余秋雨</p>'


def test_longest_phrase_wins(tmp_path):
    path = write_phrases(tmp_path, "干将 干將\n干将路 幹將路\n")
    mirror = Mirror("s2t", path, "phrases.txt")
    assert mirror.convert_text("干将路和干将") == "幹將路和干將"


def test_phrase_is_not_context_for_its_neighbours(tmp_path):
    mirror = Mirror("s2t", write_phrases(tmp_path, "头 頭\n"), "phrases.txt")
    assert mirror.convert_text("头发") == "頭發"  # 发 alone, not 头发 → 頭髮


def test_phrases_in_kept_elements_stay(tmp_path):
    mirror = Mirror("s2t", write_phrases(tmp_path, "于海 于海\n"), "phrases.txt")
    assert mirror.convert_html("<code>于海</code><p>于海</p>") == "<code>于海</code><p>于海</p>"


def test_load_phrases_reads_columns_and_skips_comments(tmp_path):
    path = write_phrases(tmp_path, "\ufeff# 注释\n\n干将路\t干將路\r\n于海 \t 于海\n")
    assert load_phrases(path, "phrases.txt") == {"干将路": "干將路", "于海": "于海"}


@pytest.mark.parametrize("line", ["干将路", "干将路\t", "干将路 干將路 苏州", "干将路 干將路 # 苏州"])
def test_malformed_phrase_line_names_file_and_line(tmp_path, line):
    path = write_phrases(tmp_path, f"# 词组\n于海 于海\n{line}\n")
    with pytest.raises(ContentError) as caught:
        Mirror("s2t", path, "mirror/phrases.txt")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.col) == ("mirror/phrases.txt", 3, 1)
    assert (problem.severity, problem.code) == ("error", "mirror-phrases")
    assert problem.hint


def test_every_malformed_line_is_reported(tmp_path):
    path = write_phrases(tmp_path, "甲\n乙 乙\n丙 丙 丙\n")
    with pytest.raises(ContentError) as caught:
        load_phrases(path, "phrases.txt")
    assert [p.line for p in caught.value.problems] == [1, 3]


def test_conflicting_duplicate_phrase_is_an_error(tmp_path):
    path = write_phrases(tmp_path, "于海 于海\n于海 於海\n于海 于海\n")
    with pytest.raises(ContentError) as caught:
        load_phrases(path, "phrases.txt")
    [problem] = caught.value.problems
    assert problem.line == 2 and "第 1 行" in problem.message


def test_phrase_file_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "phrases.txt"
    path.write_bytes("于海 于海\n".encode() + "干将路 干將路\n".encode("gbk"))
    with pytest.raises(ContentError) as caught:
        load_phrases(path, "phrases.txt")
    assert caught.value.problems[0].line == 2


def test_missing_phrase_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_phrases(tmp_path / "nope.txt", "nope.txt")
    assert caught.value.problems[0].path == "nope.txt"


# A converter remembers what it found in each chunk of a page (a run of lines ending
# with a tag), so that the header and footer every page repeats are read once.
_SHARED_LINES = '<nav aria-label="主导航">\n<a href="a.html">发布机构</a>\n</nav>\n'
_PAGES_SHARING_LINES = [
    f"<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<body>\n{_SHARED_LINES}<p>头发</p>\n</body>\n</html>\n",
    # the same lines inside an element whose text stays: nothing in them may be converted
    f"<body>\n<div class=\"no-convert\">\n{_SHARED_LINES}</div>\n{_SHARED_LINES}</body>\n",
    f"<body>\n<pre>\n{_SHARED_LINES}</pre>\n{_SHARED_LINES}</body>\n",
    # a paragraph left open by one page and closed by the next tag on another
    f"<body>\n<p class=\"no-convert\">发\n{_SHARED_LINES}</body>\n",
    # a quote that a later line closes, or never does: the chunk's tags depend on what follows
    '<div>头发 <a title="发>\n头发" >发</a></div>\n<p>发</p>\n',
    '<div>头发 <a title="发>\n头发</div>\n<p>发</p>\n',
    '<div>头发 <a href="发<b>\n头发</b></div>\n',
    '<div>头发 <a href="发<b>\n头发" >发</a></div>\n',
    "<div>头发<!-- 发>\n发 -->\n发</div>\n<p>发</p>\n",
    "<div>头发<script>\nvar a = '发>\n';</script>\n<p>发</p>\n",
]


def test_a_page_converts_alike_whatever_the_converter_read_before():
    shared = Mirror("s2t")
    for _ in range(2):
        for page in _PAGES_SHARING_LINES:
            assert shared.convert_html(page) == Mirror("s2t").convert_html(page), page


def test_shared_lines_stay_inside_an_element_that_keeps_its_text():
    mirror = Mirror("s2t")
    mirror.convert_html(_PAGES_SHARING_LINES[0])
    kept = mirror.convert_html(_PAGES_SHARING_LINES[1])
    assert kept.count("发布机构") == 1 and kept.count("發佈機構") == 1
    assert kept.count('aria-label="主导航"') == 1 and kept.count('aria-label="主導航"') == 1
