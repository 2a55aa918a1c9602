"""The traditional mirror (繁体): a rendered page's human text converted with OpenCC.

Only text runs and a few human attributes (`title`, `alt`, …) are converted; every
other byte of the page is kept. `textspans` finds where the convertible stretches are
(start, end), and the page is then spliced: markup is byte-identical by construction.
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

from .problems import ERROR, ContentError, Problem, relative_name
from .textspans import SpanScanner

VARIANTS = ("s2t", "s2tw", "s2hk", "s2twp")

MEMO_CHUNKS = 50_000            # chunks of pages remembered by one converter (a few MB)
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
        self._chunks: dict = {}       # what a chunk of a page became (`SpanScanner.chunks`)

    def convert_text(self, text: str) -> str:
        """Plain text (a feed title, a CSV file) in traditional characters."""
        return self._convert_all([text], self._plain)[0]

    def convert_html(self, html: str) -> str:
        """A whole page with its human text converted and every other byte kept.

        A chunk of the page met before in the same state (`SpanScanner.chunks`: the header,
        navigation and footer every page repeats) is taken as it was converted then: each
        text converts as if alone, so what a chunk becomes depends on nothing else."""
        scanner = SpanScanner(html, self._html.has_ascii_phrase)
        chunks = list(scanner.chunks(self._chunks))
        spans = scanner.spans
        converted = self._convert_all([html[start:end] for start, end in spans], self._html)
        pieces, pos, index = [], 0, 0
        for chunk in chunks:
            if chunk.known is not None:
                pieces.append(chunk.known)
                pos = chunk.end
                continue
            first = len(pieces)
            while index < len(spans) and spans[index][0] < chunk.end:
                start, end = spans[index]
                pieces += (html[pos:start], converted[index])
                pos, index = end, index + 1
            if pos < chunk.end:
                pieces.append(html[pos:chunk.end])
                pos = chunk.end
            if chunk.key is not None:
                self._remember(chunk.key, (chunk.stack, "".join(pieces[first:])))
        pieces.append(html[pos:])
        return "".join(pieces)

    def _remember(self, key: tuple, value: tuple) -> None:
        if len(self._chunks) >= MEMO_CHUNKS:
            self._chunks.clear()
        self._chunks[key] = value

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


class NoMirror:
    """Stands in for `Mirror` when the site has no traditional twin."""

    @staticmethod
    def convert_html(html: str) -> str:
        return html

    @staticmethod
    def convert_text(text: str) -> str:
        return text


def site_mirror(config) -> Mirror | NoMirror:
    """The traditional-Chinese converter for a site's pages (`config`: its SiteConfig)."""
    if not config.mirror.enabled:
        return NoMirror()
    phrases = config.mirror.phrases
    name = relative_name(phrases, config.root) if phrases else None
    return Mirror(config.mirror.variant, phrases, name)


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
