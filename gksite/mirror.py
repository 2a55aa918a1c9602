"""The traditional mirror (繁体): a rendered page's human text converted with OpenCC.

Only text runs and a few human attributes (`title`, `alt`, …) are converted; every
other byte of the page is kept. So the page goes through a small HTML tokenizer that
only records where the convertible stretches are (start, end), and the page is then
spliced: markup is byte-identical by construction. A parser would not do: lxml and
BeautifulSoup re-serialize (attribute quoting and order, `<br />`, entities), and
`html.parser` decodes entities and reports places as line/column. The tokenizer
follows the HTML rules that matter for our renderer's output — quoted `>` inside
attributes, comments, doctype, CDATA, raw-text `<script>`/`<style>`, RCDATA
`<title>`/`<textarea>` — and tracks just enough nesting (void elements, implied
`</p>`/`</li>` …) to know which text lies inside an element that must stay as it is.
Entities are never decoded: OpenCC leaves ASCII alone, so `&lt;` and `&amp;` come
through untouched (and a CJK character written as `&#21457;` stays unconverted).

Speed: one OpenCC converter a build and one OpenCC call a page. The page's text
stretches are joined with a separator character that occurs nowhere in them (and
that OpenCC passes through), converted at once and split back. Phrases from the
site's phrase file are replaced by a marker character before OpenCC sees the text,
so OpenCC neither converts them nor reads them as context; the traditional phrase
is put back afterwards, the longest phrase winning.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import NamedTuple

import opencc

from .problems import ERROR, ContentError, Problem

VARIANTS = ("s2t", "s2tw", "s2hk", "s2twp")

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

# Characters OpenCC passes through unchanged (tests check every variant); the
# converter borrows three that a page does not contain as separator and markers.
_SPARE_CHARACTERS = "\x1f\x1e\x1d\x1c"
_SPARE_PRIVATE_USE = range(0x10FFFD, 0xFFFFF, -1)  # plane 16, 私用区


class Mirror:
    """Converts pages and text to traditional characters for one site's build."""

    def __init__(self, variant: str = "s2t", phrases: Path | None = None,
                 phrases_name: str | None = None):
        if variant not in VARIANTS:
            raise ValueError(f"unknown OpenCC variant {variant!r}; expected one of {VARIANTS}")
        self.variant = variant
        self._converter = opencc.OpenCC(variant)
        table = load_phrases(phrases, phrases_name or str(phrases)) if phrases else {}
        self._plain = _PhraseTable.of(table)
        self._html = _PhraseTable.of({escape(simplified, quote=False): escape(traditional)
                                      for simplified, traditional in table.items()})
        self._reserved = set("".join(table) + "".join(table.values()))

    def convert_text(self, text: str) -> str:
        """Plain text (a feed title, a CSV file) in traditional characters."""
        return self._convert_all([text], self._plain)[0]

    def convert_html(self, html: str) -> str:
        """A whole page with its human text converted and every other byte kept."""
        spans = _Scanner(html, self._html.has_ascii_phrase).scan()
        converted = self._convert_all([html[start:end] for start, end in spans], self._html)
        return _splice(html, spans, converted)

    def _convert_all(self, segments: list[str], phrases: _PhraseTable) -> list[str]:
        """Every segment converted, with a single OpenCC call for all of them."""
        if not segments:
            return []
        separator, mark, nul = self._spare_characters("".join(segments))
        text, found = phrases.protect(separator.join(segments), mark)
        # OpenCC's multi-stage variants (s2twp) cut the text at NUL.
        converted = self._converter.convert(text.replace("\x00", nul)).replace(nul, "\x00")
        converted = _PhraseTable.restore(converted, mark, found)
        result = converted.split(separator)
        if len(result) != len(segments):
            raise RuntimeError(f"OpenCC changed the segment separator {separator!r}")
        return result

    def _spare_characters(self, text: str) -> tuple[str, str, str]:
        """Three characters neither in `text` nor in a phrase, for OpenCC to pass through."""
        spare = (c for c in _candidates() if c not in self._reserved and c not in text)
        return next(spare), next(spare), next(spare)


def _candidates() -> Iterator[str]:
    """Characters that may serve as separator or marker, best first."""
    yield from _SPARE_CHARACTERS
    yield from map(chr, _SPARE_PRIVATE_USE)


class _PhraseTable(NamedTuple):
    """Site phrases (简体 → 繁体) kept away from OpenCC; the longest match wins."""

    pattern: re.Pattern | None
    values: dict[str, str]
    has_ascii_phrase: bool

    @classmethod
    def of(cls, table: dict[str, str]) -> _PhraseTable:
        """The table for {简体: 繁体}; one regular expression finds every phrase."""
        if not table:
            return cls(None, {}, False)
        longest_first = sorted(table, key=lambda s: (-len(s), s))
        pattern = re.compile("|".join(map(re.escape, longest_first)))
        return cls(pattern, table, any(s.isascii() for s in table))

    def protect(self, text: str, mark: str) -> tuple[str, list[str]]:
        """`text` with each phrase replaced by `mark`, and the phrases' traditional forms in order."""
        if self.pattern is None:
            return text, []
        found: list[str] = []

        def hide(match: re.Match) -> str:
            found.append(self.values[match.group()])
            return mark

        return self.pattern.sub(hide, text), found

    @staticmethod
    def restore(text: str, mark: str, found: list[str]) -> str:
        """The inverse of `protect`, on converted text."""
        if not found:
            return text
        pieces = text.split(mark)
        return pieces[0] + "".join(value + piece for value, piece in zip(found, pieces[1:]))


# --- the phrase file ---------------------------------------------------------------

def load_phrases(path: Path, name: str) -> dict[str, str]:
    """The site's phrase file as {简体: 繁体}; every malformed line is a ContentError."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ContentError([_phrase_problem(name, 1, f"读不到词组文件：{error.strerror}",
                                            "检查 site.yaml 中 mirror.phrases 的路径")]) from None
    except UnicodeDecodeError as error:
        line = Path(path).read_bytes()[:error.start].count(b"\n") + 1
        raise ContentError([_phrase_problem(name, line, "这一行不是 UTF-8 编码",
                                            "用 UTF-8 编码保存词组文件")]) from None
    table: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    problems = []
    # split("\n"), not splitlines(): that also breaks at \x1c, \u2028 …, and line numbers must match the editor's.
    for number, line in enumerate(text.split("\n"), start=1):
        problem = _read_phrase(line, number, name, table, first_seen)
        if problem:
            problems.append(problem)
    if problems:
        raise ContentError(problems)
    return table


def _read_phrase(line: str, number: int, name: str, table: dict[str, str],
                 first_seen: dict[str, int]) -> Problem | None:
    """Add one line's phrase to `table`, or say what is wrong with the line."""
    columns = line.split()
    if not columns or columns[0].startswith("#"):
        return None
    if len(columns) == 1:
        return _phrase_problem(name, number, f"“{columns[0]}” 缺少繁体写法",
                               "每行写“简体 繁体”两栏，用制表符或空格隔开，例如：干将路\t干將路")
    if len(columns) > 2:
        return _phrase_problem(name, number, f"这一行有 {len(columns)} 栏，应为两栏",
                               "每行只写一个词组：“简体 繁体”；词组内部不能有空格")
    simplified, traditional = columns
    if simplified in table and table[simplified] != traditional:
        return _phrase_problem(name, number, f"“{simplified}” 已在第 {first_seen[simplified]} 行"
                               f"写作“{table[simplified]}”", "删去其中一行")
    table[simplified] = traditional
    first_seen.setdefault(simplified, number)
    return None


def _phrase_problem(name: str, line: int, message: str, hint: str) -> Problem:
    """A mistake in the phrase file, at the start of `line`."""
    return Problem(path=name, line=line, col=1, severity=ERROR, code="mirror-phrases",
                   message=message, hint=hint)


# --- the page ------------------------------------------------------------------

class _Attribute(NamedTuple):
    """One attribute of a start tag; `start`/`end` locate its value in the page."""

    name: str
    value: str
    start: int
    end: int


class _Scanner:
    """Finds the stretches of a page that are human text, in document order.

    Only their (start, end) places are recorded; everything between them is copied
    from the page as it is, which is what keeps the markup byte-identical.
    """

    def __init__(self, html: str, convert_ascii: bool):
        self.html = html
        self.convert_ascii = convert_ascii  # some phrase is plain ASCII
        self.spans: list[tuple[int, int]] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, text stays as written)

    def scan(self) -> list[tuple[int, int]]:
        """The places of every text run and human attribute value to convert."""
        html, pos, text_start = self.html, 0, 0
        while pos < len(html):
            token = _TOKEN.match(html, pos)
            kind = token.lastgroup
            if kind == "lone":  # a "<" that starts no tag is text
                pos = token.end()
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
        return self.spans

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
            self.stack.pop()
        attrs = token["attrs"]
        skipped = self.skipping() or tag in UNCONVERTED_TAGS
        if not skipped and (self.convert_ascii or not _inert(attrs)):
            attributes = _attributes(attrs, token.start("attrs"))
            skipped = _marked(tag, attributes)
            for attribute in [] if skipped else _human(tag, attributes):
                self.text(attribute.start, attribute.end, False)
        if tag not in VOID_TAGS and not attrs.rstrip(_WS).endswith("/"):
            self.stack.append((tag, skipped))
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
                del self.stack[depth:]
                return


def _inert(attrs: str) -> bool:
    """A cheap proof that no attribute marks the element or holds text to convert."""
    if not attrs.isascii():
        return False
    lowered = attrs.lower()
    return NO_CONVERT_CLASS not in lowered and "translate" not in lowered and "lang" not in lowered


def _attributes(attrs: str, offset: int) -> list[_Attribute]:
    """A start tag's attributes; `offset` is where `attrs` starts in the page."""
    found = []
    for attribute in _ATTRIBUTE.finditer(attrs):
        group = next((g for g in ("dq", "sq", "uq") if attribute[g] is not None), None)
        start, end = attribute.span(group) if group else (attribute.end(), attribute.end())
        found.append(_Attribute(attribute["name"].lower(), attribute[group] if group else "",
                                start + offset, end + offset))
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


def _splice(html: str, spans: list[tuple[int, int]], replacements: list[str]) -> str:
    """`html` with each span replaced, in order."""
    pieces, pos = [], 0
    for (start, end), replacement in zip(spans, replacements):
        pieces += (html[pos:start], replacement)
        pos = end
    pieces.append(html[pos:])
    return "".join(pieces)
