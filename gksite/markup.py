"""Light scans of a Markdown body, without rendering it: its links and its unsafe markup.

Python-Markdown passes raw HTML through and turns `{: key=value}` (attr_list) into
attributes, so a body can carry executable markup onto a page. The scan is meant to
be stricter than a browser: it reads every `<tag …>` the way a browser's tokenizer
does, and looks at every link address after decoding entities and dropping spaces.
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

# Tags that run code, load another document, or restyle/rewire the page.
UNSAFE_TAGS = frozenset({"script", "iframe", "object", "embed", "form", "style", "frame", "frameset",
                         "applet", "base", "meta", "link"})
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
INDEX_LINK = "索引号:"               # [文件](索引号:…) links to an entry by its index number

_TAG_START = re.compile(r"<(/?)([A-Za-z])")
_SPACE = "\t\n\f\r "
_MD_TARGET = re.compile(r"\]\s*\(\s*")                       # [text]( or ![alt](
_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*\n?[ \t]*", re.M)
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_PAIR = re.compile(r"([^\s=}]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s}]*)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_INLINE_LINK = re.compile(r"!?\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)")


@dataclass(frozen=True)
class Finding:
    """Something found in a body, at a 1-based line and column of the body."""

    line: int
    col: int
    code: str
    text: str


@dataclass(frozen=True)
class BodyLink:
    """A link address written in Markdown syntax, where the body writes it."""

    target: str
    line: int
    col: int


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def unsafe_markup(body: str, allowed_tags=()) -> list[Finding]:
    """Every tag, event attribute or script address in `body` that could run on the page."""
    allowed = {t.lower() for t in allowed_tags}
    found = []
    for offset, name, attrs in html_tags(body):
        if name in UNSAFE_TAGS and name not in allowed:
            found.append(Finding(*position(body, offset), "unsafe-html", f"<{name}>"))
        found += _attribute_findings(body, offset, attrs)
    for match in _ATTR_LIST.finditer(body):
        pairs = [(k.lower(), v.strip("\"'")) for k, v in _ATTR_PAIR.findall(match.group(1))]
        found += _attribute_findings(body, match.start(), pairs)
    for match in list(_MD_TARGET.finditer(body)) + list(_REF_DEF.finditer(body)):
        if is_unsafe_address(body[match.end():match.end() + 80]):
            found.append(Finding(*position(body, match.end()), "unsafe-url", body[match.end():].split()[0][:40]))
    return sorted(set(found), key=lambda f: (f.line, f.col, f.code))


def title_level_tags(body: str) -> list[Finding]:
    """Every `<h1>` written as raw HTML in `body`, outside code and comments: the page's one
    first-level heading is the entry's title. (A body's Markdown `#` headings are moved down
    a level when it is rendered; raw HTML is passed through as written.)"""
    if "<" not in body:
        return []
    text = without_comments(_without_code(body))
    return [Finding(*position(text, offset), "body-h1", "<h1>") for offset, name, _ in html_tags(text) if name == "h1"]


def without_comments(text: str) -> str:
    """`text` with its HTML comments blanked out, line and column kept."""
    return _COMMENT.sub(_blank, text) if "<!--" in text else text


def _blank(match: re.Match) -> str:
    """A match's text as spaces, its line breaks kept (lines and columns stay where they were)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _attribute_findings(body: str, offset: int, attrs) -> list[Finding]:
    found = []
    for name, value in attrs:
        if len(name) > 2 and name.startswith("on"):
            found.append(Finding(*position(body, offset), "unsafe-attribute", name))
        if value and is_unsafe_address(value, anywhere=True):
            found.append(Finding(*position(body, offset), "unsafe-url", value[:40]))
    return found


def is_unsafe_address(text: str, anywhere: bool = False) -> bool:
    """True when `text` (an href, src or any attribute value) starts a script or data address.

    Entities are decoded and spaces, control characters, backslashes and `<` dropped first,
    as a browser (or Markdown's unescaping) might; `anywhere` also finds `url(javascript:…)`."""
    flat = re.sub(r"[\x00-\x20\x7f\\<\u00a0\u3000]+", "", html.unescape(text)).lower()
    if flat.startswith(UNSAFE_SCHEMES):
        return True
    return anywhere and re.search(r"(javascript|vbscript):|[(=,;'\"]data:", flat) is not None


def html_tags(text: str):
    """(offset, lowercase name, [(attribute, value)]) for every start tag, tokenized as a browser does."""
    for match in _TAG_START.finditer(text):
        if match.group(1):
            continue
        yield match.start(), *_read_tag(text, match.start() + 1)


def _read_tag(text: str, i: int) -> tuple[str, list[tuple[str, str]]]:
    """The tag at text[i:] (just after `<`): its name and attributes, up to `>` or the end."""
    end = len(text)
    start = i
    while i < end and text[i] not in _SPACE + "/>":
        i += 1
    name, attrs = text[start:i].lower(), []
    while i < end and text[i] != ">":
        if text[i] in _SPACE + "/":
            i += 1
            continue
        start = i
        i += 1                      # a first "=" belongs to the name
        while i < end and text[i] not in _SPACE + "/>=":
            i += 1
        attr = text[start:i].lower()
        while i < end and text[i] in _SPACE:
            i += 1
        value = ""
        if i < end and text[i] == "=":
            value, i = _read_value(text, i + 1)
        attrs.append((attr, html.unescape(value)))
    return name, attrs


def _read_value(text: str, i: int) -> tuple[str, int]:
    end = len(text)
    while i < end and text[i] in _SPACE:
        i += 1
    if i < end and text[i] in "\"'":
        close = text.find(text[i], i + 1)
        close = end if close < 0 else close
        return text[i + 1:close], close + 1
    start = i
    while i < end and text[i] not in _SPACE + ">":
        i += 1
    return text[start:i], i


@functools.lru_cache(maxsize=65536)
def body_links(body: str) -> tuple[BodyLink, ...]:
    """Link addresses written as `[text](target)` or `[label]: target`, outside code.

    Remembered by body: the preview applies the rules to every entry after each edit."""
    if "](" not in body and "]:" not in body:
        return ()
    text = _without_code(body)
    links = []
    for match in _INLINE_LINK.finditer(text):
        links.append(BodyLink(match.group(2).strip("<>"), *position(text, match.start(2))))
    for match in _REF_DEF.finditer(text):
        if match.group(1).startswith("^"):
            continue                # a footnote, not a link
        target = text[match.end():].split(None, 1)
        if target:
            links.append(BodyLink(target[0].strip("<>"), *position(text, match.end())))
    return tuple(sorted((link for link in links if link.target), key=lambda link: (link.line, link.col)))


def _without_code(body: str) -> str:
    """`body` with fenced code blocks and code spans blanked out, line and column kept."""
    lines, fence = [], None
    for line in body.split("\n"):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
            lines.append("")
        elif fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            lines.append("")
        else:
            lines.append(line)
    text = "\n".join(lines)
    return _CODE_SPAN.sub(_blank, text)
