"""Where the human text of an HTML page is: the stretches the mirror converts.

A small HTML tokenizer that only records where the convertible stretches are (start,
end): text runs, and the values of a few human attributes (`title`, `alt`, …). A
parser would not do: lxml and BeautifulSoup re-serialize (attribute quoting and order,
`<br />`, entities), and `html.parser` decodes entities and reports places as
line/column. The tokenizer follows the HTML rules that matter for our renderer's
output — quoted `>` inside attributes, comments, doctype, CDATA, raw-text
`<script>`/`<style>`, RCDATA `<title>`/`<textarea>` — and tracks just enough nesting
(void elements, implied `</p>`/`</li>` …) to know which text lies inside an element
that must stay as it is.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

# Text inside these elements is code, data or machine output, never prose.
UNCONVERTED_TAGS = frozenset({"code", "pre", "script", "style", "kbd", "samp"})
# Attributes a reader sees or hears; every other attribute is structure.
# `data-label` is shown by gksite.css (`content: attr(data-label)`) on narrow screens.
HUMAN_ATTRIBUTES = frozenset({"title", "alt", "aria-label", "placeholder", "data-label"})
# `<meta name=… content=…>` whose content is prose.
HUMAN_META = frozenset({"description", "keywords"})
NO_CONVERT_CLASS = "no-convert"

VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
})
RAW_TEXT_TAGS = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"})
RCDATA_TAGS = frozenset({"title", "textarea"})
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "dd",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "table", "ul",
})
# A start tag that ends the open element before it (HTML's implied end tags).
_IMPLIED_END = {
    "p": _CLOSES_P,
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
    "td": frozenset({"td", "th", "tr", "tbody", "thead", "tfoot"}),
    "th": frozenset({"td", "th", "tr", "tbody", "thead", "tfoot"}),
    "tr": frozenset({"tr", "tbody", "thead", "tfoot"}),
    "option": frozenset({"option", "optgroup"}),
}

_WS = "\t\n\f\r "
# One token: the text up to the next "<", then what that "<" starts.
_TOKEN = re.compile(r"""
    [^<]*(?:
    (?P<comment> <!--(?:>|->|.*?(?:--!?>|\Z)))
  | (?P<cdata>   <!\[CDATA\[.*?(?:\]\]>|\Z))
  | (?P<bogus>   <[!?].*?(?:>|\Z) | </(?![a-zA-Z]).*?(?:>|\Z))
  | (?P<end>     </(?P<endname>[a-zA-Z][^\t\n\f\r\ />]*)(?:"[^"]*"|'[^']*'|[^'">])*>)
  | (?P<start>   <(?P<name>[a-zA-Z][^\t\n\f\r\ />]*)(?P<attrs>(?:"[^"]*"|'[^']*'|[^'">])*)>)
  | (?P<lone>    <)
  | (?P<text>    \Z))
""", re.S | re.X)
_ATTRIBUTE = re.compile(r"""
    (?P<name>[^\t\n\f\r\ />"'=][^\t\n\f\r\ />"'=]*)
    (?:[\t\n\f\r\ ]*=[\t\n\f\r\ ]*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\t\n\f\r\ >]+)))?
""", re.X)
_RAW_END = {tag: re.compile(rf"</{tag}(?=[\t\n\f\r />])", re.I)
            for tag in RAW_TEXT_TAGS | RCDATA_TAGS}


class _Attribute(NamedTuple):
    """One attribute of a start tag; `start`/`end` locate its value in the tag's attributes."""

    name: str
    value: str
    start: int
    end: int


class Chunk(NamedTuple):
    """A run of a page, from where the last ended to `end`: a tag that ends a line (or past it)."""

    end: int
    key: tuple | None           # how to remember what it becomes, or None when it cannot be
    stack: tuple                # the open elements after it
    known: object = None        # what was remembered for it (`SpanScanner.chunks`)


class SpanScanner:
    """Finds the stretches of a page that are human text, in document order.

    Only their (start, end) places are recorded; everything between them is copied
    from the page as it is, which is what keeps the markup byte-identical.
    """

    def __init__(self, html: str, convert_ascii: bool = False):
        self.html = html
        self.convert_ascii = convert_ascii  # some phrase is plain ASCII
        self.spans: list[tuple[int, int]] = []
        self.stack: tuple[tuple[str, bool], ...] = ()  # open elements: (tag, text stays as written)

    def chunks(self, memo: dict):
        """The page in chunks, each ending with a tag that ends a line; their spans go to
        `spans` as they are read.

        A chunk met before in the same state (the header, navigation and footer every page
        repeats) is looked up in `memo`, not read again: what scanning a chunk finds depends
        only on the open elements and the chunk's own text, as long as the chunk holds
        nothing but tags and text and ends where a tag ends (`tokens`). Such a chunk comes
        with its `key`; the caller remembers it as `memo[key] = (stack, what it became)`,
        and a chunk found there comes as `known`, with no spans read. No span lies across
        a chunk that has a key or is known."""
        html, end = self.html, len(self.html)
        pos = text_start = 0
        while pos < end:
            stop = html.find(">\n", pos) + 1 or end
            key = (self.stack, html[pos:stop]) if pos == text_start else None
            known = memo.get(key) if key else None
            if known is not None:
                self.stack = known[0]
                yield Chunk(stop, None, self.stack, known[1])
                pos = text_start = stop
                continue
            pos, text_start, plain = self.tokens(pos, text_start, stop)
            yield Chunk(pos, key if plain and pos == stop else None, self.stack)

    def tokens(self, pos: int, text_start: int, stop: int) -> tuple[int, int, bool]:
        """Tokenize from `pos` until `stop` or past it; return where that left the scan
        (position, start of pending text) and whether every token was a start or end tag
        (a comment, a lone "<" … may depend on text after `stop`: never memoized)."""
        html, plain = self.html, True
        while pos < stop:
            token = _TOKEN.match(html, pos)
            kind = token.lastgroup
            if kind == "lone":  # a "<" that starts no tag is text
                pos, plain = token.end(), False
                continue
            text_end = token.start(kind) if kind != "text" else token.end()
            if text_end > text_start:
                self.text(text_start, text_end)
            if kind == "start":
                pos = self.start_tag(token)
            else:
                if kind == "end":
                    self.close(token["endname"].lower())
                pos = token.end()
            text_start = pos
            plain = plain and kind in ("start", "end")
        return pos, text_start, plain

    def skipping(self) -> bool:
        """Whether the current element's text stays as written."""
        return bool(self.stack) and self.stack[-1][1]

    def text(self, start: int, end: int, skipped: bool | None = None) -> None:
        """Record html[start:end] for conversion, unless it stays or has nothing to convert."""
        if self.skipping() if skipped is None else skipped:
            return
        if self.convert_ascii or not self.html[start:end].isascii():
            self.spans.append((start, end))

    def start_tag(self, token: re.Match) -> int:
        """Note a start tag's human attributes and open its element; return where text resumes."""
        tag = token["name"].lower()
        while self.stack and tag in _IMPLIED_END.get(self.stack[-1][0], ()):
            self.stack = self.stack[:-1]
        attrs = token["attrs"]
        skipped = self.skipping() or tag in UNCONVERTED_TAGS
        if not skipped and (self.convert_ascii or not _inert(attrs)):
            skipped, human = _start_tag_text(tag, attrs)
            offset = token.start("attrs")
            for start, end in human:
                self.text(offset + start, offset + end, False)
        if tag not in VOID_TAGS and not attrs.rstrip(_WS).endswith("/"):
            self.stack += ((tag, skipped),)
        return self.raw_text(tag, token.end(), skipped) if tag in _RAW_END else token.end()

    def raw_text(self, tag: str, start: int, skipped: bool) -> int:
        """The content of `<script>`, `<title>` …, in which "<" starts no tag; return its end."""
        end = _RAW_END[tag].search(self.html, start)
        content_end = end.start() if end and tag != "plaintext" else len(self.html)
        if tag in RCDATA_TAGS:
            self.text(start, content_end, skipped)
        return content_end

    def close(self, tag: str) -> None:
        """Pop up to the nearest open `tag`; an end tag with nothing open to close is ignored."""
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                self.stack = self.stack[:depth]
                return


def _inert(attrs: str) -> bool:
    """A cheap proof that no attribute marks the element or holds text to convert."""
    if not attrs.isascii():
        return False
    lowered = attrs.lower()
    return NO_CONVERT_CLASS not in lowered and "translate" not in lowered and "lang" not in lowered


@functools.lru_cache(maxsize=4096)
def _start_tag_text(tag: str, attrs: str) -> tuple[bool, tuple[tuple[int, int], ...]]:
    """Whether a start tag marks its element's text to stay as written, and else where, in
    `attrs`, its human attribute values are. A page repeats most such tags (the `data-label`
    of every table cell): parsing each again cost a third of converting a list page."""
    attributes = _attributes(attrs)
    if _marked(tag, attributes):
        return True, ()
    return False, tuple((attribute.start, attribute.end) for attribute in _human(tag, attributes))


def _attributes(attrs: str) -> list[_Attribute]:
    """A start tag's attributes, their values located in `attrs`."""
    found = []
    for attribute in _ATTRIBUTE.finditer(attrs):
        group = next((g for g in ("dq", "sq", "uq") if attribute[g] is not None), None)
        start, end = attribute.span(group) if group else (attribute.end(), attribute.end())
        found.append(_Attribute(attribute["name"].lower(), attribute[group] if group else "",
                                start, end))
    return found


def _marked(tag: str, attributes: list[_Attribute]) -> bool:
    """Whether the element's attributes say its text must stay as written."""
    values = _first_values(attributes)
    if NO_CONVERT_CLASS in values.get("class", "").split():
        return True
    if values.get("translate", "").strip(_WS).lower() == "no":
        return True
    # <html lang="zh-Hans"> only names the page's language; any other element so
    # marked is simplified on purpose (the 简体 switch label).
    lang = values.get("lang", "").strip(_WS).lower()
    return tag != "html" and (lang == "zh-hans" or lang.startswith("zh-hans-"))


def _human(tag: str, attributes: list[_Attribute]) -> list[_Attribute]:
    """The attributes whose values are human text, in page order."""
    human = [a for a in attributes if a.name in HUMAN_ATTRIBUTES]
    if tag == "meta" and _first_values(attributes).get("name", "").strip(_WS).lower() in HUMAN_META:
        human += [a for a in attributes if a.name == "content"]
    return sorted(human, key=lambda a: a.start)


def _first_values(attributes: list[_Attribute]) -> dict[str, str]:
    """Attribute name → value; the first of a repeated attribute counts, as in HTML."""
    values: dict[str, str] = {}
    for attribute in attributes:
        values.setdefault(attribute.name, attribute.value)
    return values
