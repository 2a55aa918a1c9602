"""Search records: what Pagefind indexes of each entry, the character maps, the fallback.

Pagefind's Chinese word segmentation misses many runs of characters a citizen types, so
a record is indexed not by its words but by tokens of our own, in ASCII that no segmenter
splits: every adjacent pair of Han characters (城乡: `b70u55t`, `b`, then each character's
place among the 28,096 Han characters `HAN` covers, in three base-36 digits), the last
character of a run paired with `zzz` where that character starts no pair of the record
(so a single character still finds it), and the lower-cased ASCII words.
`assets/search.js` covers a query with the same pairs, so any run of two or more
characters found in a document finds that document, and a single character finds every
pair it starts (Pagefind matches a query word as a prefix).

One index serves both scripts. Before its pairs are taken, every text (the simplified
page's, the traditional twin's, the visitor's query) is folded character by character to
one member of each set of characters OpenCC converts into one another (`folding_pairs`:
发 and 發 alike are 发), and a record holds the pairs of both its pages: the twin adds
almost nothing (1% more pairs on the benchmark corpus), where a bundle of its own per
script doubled Pagefind's work. A query typed in either script finds what it finds in
either page, since query and pages are folded alike.

The words of the pages are not indexed (no query would ever use them: they only cost
Pagefind memory); the simplified ones travel in the record's metadata, which the result
page cuts its excerpt from, and the traditional twin's as what differs from converting
them character by character (`script_difference`: two characters a page, on the benchmark
corpus, where the whole text would cost Pagefind about a fifth more time). Pagefind 1.5
indexes every metadata value as words too (for its own metadata ranking, which no query of
ours uses), so each value is stored in a form that holds no word (`hide_words`: a
private-use character for each UTF-16 unit), which search.js reads back: that indexing cost
about a quarter of Pagefind's time and a third of its index's bytes (docs/benchmarks.md).
Bundles are built from these records by `searchindex`.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

from lxml import etree

from .mirror import VARIANTS
from .output import remove_all_but, same_bytes

_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))    # 28,096 characters
HAN = "".join(f"\\u{start:04x}-\\u{end:04x}" for start, end in _HAN_RANGES)   # the same ranges as search.js
_FIRST_HAN = "\u3400"      # a run is Han from here up, ASCII letters and digits below
# At each Han character, it and the next (a pair) or, at a run's end, it alone; at the
# start of an ASCII word, the word: in the order they stand, overlapping.
_KEYS = re.compile(f"(?=([{HAN}][{HAN}]?|(?<![0-9A-Za-z])[0-9A-Za-z]+))")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
RUN_END = "zzz"             # pairs with a run's last character: no Han character has this code (46,655)


def han_code(char: str) -> str:
    """A Han character's place among those `HAN` covers, in three base-36 digits (mirrored
    in search.js): 7 characters a pair where hexadecimal code points took 11, which cost
    Pagefind about a tenth more time (and a result's fragment carries the tokens as its
    content)."""
    place, code = 0, ord(char)
    for start, end in _HAN_RANGES:
        if code <= end:
            place += code - start
            break
        place += end - start + 1
    return _DIGITS[place // 1296] + _DIGITS[place // 36 % 36] + _DIGITS[place % 36]


class _Tokens(dict):
    """The token of each pair of Han characters, run end or ASCII word (as `_KEYS` finds
    them), spelled once a process; forgotten when it grows past `LIMIT` (a few tens of MB)."""

    LIMIT = 200_000

    def __missing__(self, key: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        if key[0] < _FIRST_HAN:
            token = key.lower()
        elif len(key) == 2:
            token = f"b{han_code(key[0])}{han_code(key[1])}"
        else:
            token = f"b{han_code(key)}{RUN_END}"
        self[key] = token
        return token


_TOKENS = _Tokens()


@dataclass(frozen=True)
class SearchRecord:
    """One entry as the search index sees it."""

    url: str                  # relative to the root of its script's tree
    text: str                 # the words of the page a result excerpt is cut from
    meta: dict
    filters: dict             # filter name → (code, label)
    date: str
    digest: str = ""          # of its record file, all Pagefind reads of it ("" until written)

    def filter_tokens(self) -> list[str]:
        """`z{filter}_{code}`: filters are searched as words (Pagefind's own filters are not
        written in a stable order, and two identical builds must be byte-identical)."""
        return [filter_token(name, code) for name, (code, _label) in sorted(self.filters.items())]


def filter_token(name: str, code: str) -> str:
    """The word a record carries for one filter value (mirrored in search.js).

    Letters and digits only (Pagefind splits words at `_` and `-`), the code in hex and a
    closing `z`, so no token is the prefix of another."""
    return f"z{name}{code.encode('utf-8').hex()}z"


def record_words(records: list[SearchRecord], folding: FoldTable | None = None, twin_alike: bool = False) -> list[str]:
    """What Pagefind indexes of an entry (`records`: its page in each script): the tokens
    of their texts and facts, folded with `folding` (`fold_table()`), and their filters.
    A run-end token is left out where its character starts a pair of the record: the pair,
    matched as a prefix, finds the record already. `twin_alike`: the twin is known to fold
    to the simplified page's very words (`RecordWriter`), so only that page is read.

    One regular expression yields every pair, run end and ASCII word as the characters
    they are, and each unique one is spelled as its token once a process (`_TOKENS`)."""
    texts = [" ".join([r.text] + [str(v) for v in r.meta.values()]) for r in records[:1 if twin_alike else None]]
    if folding:
        texts = [folding.fold_few(texts[0])] + [text.translate(folding) for text in texts[1:]]
    # A twin that folds to the very text of the simplified page (94% on the benchmark corpus)
    # adds no pair: it is read once.
    seen = dict.fromkeys(_KEYS.findall(" ".join(dict.fromkeys(texts))))
    starts = {key[0] for key in seen if len(key) == 2 and key[0] >= _FIRST_HAN}
    filters = dict.fromkeys(token for r in records for token in r.filter_tokens())
    return list(dict.fromkeys([_TOKENS[key] for key in seen if key not in starts])) + list(filters)


def page_record(html: bytes, url: str) -> SearchRecord:
    """The search facts of an entry page, read from its marked elements (`data-search`).

    Reading the page, not the entry, means the traditional twin yields traditional facts.
    Only the page from its first marked element to `SEARCH_END` (or the end) is parsed: the
    header and navigation before would double the parser's work, and the attachments, QR
    code, neighbours and footer after it take half of it."""
    first = html.find(b"data-search")
    end = html.rfind(SEARCH_END)       # the last: a body that quotes it comes before the template's
    root = etree.fromstring(html[max(0, html.rfind(b"<", 0, first)):end if end > first else None], _parser())
    if SKIP_MARK in html:
        _drop_skipped(root)
    facts, texts, codes = {}, [], None
    for node in _MARKED(root):
        key = node.get("data-search")
        if key is not None:
            facts[key] = _text(node)
        if node.get("data-search-text") is not None:
            texts.append(_text(node) if key is None else facts[key])
        if codes is None and (found := node.get("data-search-codes")) is not None:
            codes = json.loads(found)
    meta = {key: facts.get(key, "") for key in ("title", "index_no", "doc_no", "publisher", "date", "validity")}
    meta = {key: value for key, value in meta.items() if value and value != "—"}
    path = [part.strip() for part in facts.get("category", "").split("/")]
    labels = {"top": path[0], "category": " / ".join(path), "publisher": meta.get("publisher", ""),
              "year": meta.get("date", "")[:4], "validity": facts.get("validity", "—")}
    filters = {name: (code, labels[name]) for name, code in (codes or {}).items() if code and labels.get(name)}
    return SearchRecord(url=url, text="\n".join(texts), meta=meta, filters=filters, date=meta.get("date", ""))


SEARCH_END = b"<!--/data-search-->"  # in a layout: no marked element follows (entry.html)
SKIP_MARK = b"data-search-skip"     # an element whose text is no fact (the 目录 of a body's [TOC])
_SKIPPED = etree.XPath("//*[@data-search-skip]")


def _drop_skipped(root) -> None:
    """Take the elements marked `data-search-skip` out of the page's tree, keeping the text
    that follows each: a search excerpt is then cut from the body, not from its 目录, which
    repeats every heading first."""
    for node in _SKIPPED(root):
        parent, before, tail = node.getparent(), node.getprevious(), node.tail or ""
        if before is not None:
            before.tail = (before.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(node)


# Compiled once (libxml2's XPath), as is the parser: making one for each page, and lxml's
# own path search, took half of `page_record`'s time. The marks' parents, in document
# order: a third of the time of testing every element for the three marks.
_MARKED = etree.XPath(".//@data-search/.. | .//@data-search-text/.. | .//@data-search-codes/..")


@functools.lru_cache(maxsize=1)
def _parser() -> etree.HTMLParser:
    """One HTML parser a process (a parser is reused, never shared between threads: the
    page workers are processes)."""
    return etree.HTMLParser(encoding="utf-8")


def filter_data(records: list[SearchRecord]) -> str:
    """`filters.js`: every filter's values (code, label, count), for the search form."""
    counts: dict[str, dict[tuple[str, str], int]] = {}
    for record in records:
        for name, value in record.filters.items():
            counts.setdefault(name, {}).setdefault(value, 0)
            counts[name][value] += 1
    data = {name: [[code, label, n] for (code, label), n in sorted(values.items(), key=_filter_order(name))]
            for name, values in sorted(counts.items())}
    return f"window.GKSITE_FILTERS={json.dumps(data, ensure_ascii=False, separators=(',', ':'))};\n"


def _filter_order(name: str):
    if name == "year":
        return lambda item: -int(item[0][0])
    return lambda item: item[0]


def _text(node) -> str:
    """The text of `node` and all within it, each run of white space one space (libxml2's
    text serializer and `str.split`, in C: a quarter of the time of `itertext` and a regex)."""
    return " ".join(etree.tostring(node, method="text", encoding="unicode", with_tail=False).split())


def record_name(url: str, day: str) -> str:
    """The file an entry's record is kept in: all in one folder (a folder costs as much to
    make as a file to write), named by month first, so a shard finds its months by name,
    then by the entry's address, `/` written `+` (search.js reads the address back)."""
    return f"{day[:7] or '0000-00'}+{url.replace('/', '+')}"


class RecordWriter:
    """Writes the record file of an entry, from its page in each script, for one site's
    OpenCC variant."""

    def __init__(self, variant: str):
        self.folding = fold_table()
        self.scripted = script_table(variant)
        self.folds_alike = folds_alike(self.scripted, self.folding)

    def write(self, records: list[SearchRecord], path: Path) -> list[SearchRecord]:
        """Write `records` (the simplified page's first) where Pagefind reads them; return
        them without their text (which lives in the file now) and with the digest of the
        file. A file that already says the same is left alone: after a layout change every
        page is rendered again, and its record rarely differs (comparing took 0.06 ms where
        writing took 0.47 on the benchmark machine; looking for a file that is not there, in
        a cold build, 0.02 ms)."""
        twin, alike = twin_facts(records, self.scripted, self.folding)
        # A twin that folds as its simplified page converted character by character (93%
        # of the benchmark corpus) adds no word to that page's: it is not read again.
        words = record_words(records, self.folding, twin_alike=self.folds_alike and alike)
        data = record_html(records, words, twin).encode("utf-8")
        if not same_bytes(path, data):
            with open(path, "wb") as stream:
                stream.write(data)
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        return [replace(record, text="", digest=digest) for record in records]


def sweep_records(folder: Path, names: set[str]) -> None:
    """Leave in `folder` no record file but those `names`: a shard indexes every file of its
    months, so a record of an entry no longer published must not survive any build, even
    one whose cache was lost. One listing of one folder costs a few milliseconds."""
    folder.mkdir(parents=True, exist_ok=True)
    remove_all_but(folder, names.__contains__)


def twin_facts(records: list[SearchRecord], scripted: dict, folding: dict | None = None) -> tuple[dict[str, str], bool]:
    """The facts and text of an entry's traditional twin (`records[1]`, if any) as the
    record keeps them: under the fact's name and `TWIN_SUFFIX`, its `script_difference`
    from the simplified page's converted with `scripted` (a `str.translate` table), where
    that conversion does not give it already; and whether each twin fact folds with
    `folding` as that conversion does (then, for a `scripted` that `folds_alike`, the twin
    folds to the simplified page's very words: 发 converted is 發, where the twin says 髮)."""
    found, alike = {}, folding is not None
    for first, twin in zip(records[:1], records[1:2]):
        simplified = {**first.meta, "text": first.text}
        for key, value in {**twin.meta, "text": twin.text}.items():
            guess, difference = _script_runs(simplified.get(key, ""), value, scripted)
            if difference is None:
                continue
            found[f"{key}{TWIN_SUFFIX}"] = _as_json(difference)
            alike = alike and isinstance(difference, list) and all(
                characters.translate(folding) == guess[at:at + len(characters)].translate(folding)
                for at, characters in difference)
    return found, alike


def folds_alike(scripted: dict, folding: dict) -> bool:
    """Whether each character and what `scripted` converts it to fold alike, so that a text
    converted with it folds to the very text it was converted from (true of every variant
    but s2twp, whose 15 chemical elements, 硅 → 矽, no other variant converts)."""
    keys = "".join(map(chr, scripted))
    return keys.translate(folding) == keys.translate(scripted).translate(folding)


def record_html(records: list[SearchRecord], words: list[str], twin: dict[str, str] | None = None) -> str:
    """An entry's record as Pagefind reads it: the facts and text of its simplified page
    (`records[0]`) as metadata, with those of its traditional twin as `twin_facts`, the
    sort key, and our tokens as the only indexed body."""
    first = records[0]
    meta = {**first.meta, "text": first.text, **(twin or {})}
    # Hidden, a value holds no character HTML would escape (no `<`, `&` or quote is left).
    tags = "".join(f'<p data-pagefind-meta="{key}">{hide_words(value)}</p>' for key, value in sorted(meta.items()))
    return (f'<!DOCTYPE html><html lang="zh"><body data-pagefind-sort="date:{html.escape(first.date)}">'
            f"{tags}<main data-pagefind-body><p>{' '.join(words)}</p></main></body></html>")


_HIDDEN_BASE = 0xF0000      # supplementary private use area A: 65,534 characters, none a word
_HIDDEN = re.compile(f"[{chr(_HIDDEN_BASE)}-{chr(_HIDDEN_BASE + 0xFFFF)}]+")


def hide_words(text: str) -> str:
    """`text` with no word in it for Pagefind to index: each of its UTF-16 units `u` (a
    character of the BMP, or half of one beyond) as the private-use character U+F0000 + u,
    which no word is made of. `show_words` and search.js (`showWords`) read it back.
    Done on bytes: 7 µs for a thousand characters, where `str.translate` took 37."""
    units = text.encode("utf-16-be")
    count = len(units) // 2
    wide = bytearray(4 * count)          # UTF-32-BE: 00 0F hi lo for each unit
    wide[1::4] = bytes([_HIDDEN_BASE >> 16]) * count
    wide[2::4] = units[0::2]
    wide[3::4] = units[1::2]
    return wide.decode("utf-32-be")


def show_words(text: str) -> str:
    """`text` with every run `hide_words` made turned back into what it was."""
    def shown(run) -> str:
        wide = run.group().encode("utf-32-be")
        units = bytearray(len(wide) // 2)
        units[0::2], units[1::2] = wide[2::4], wide[3::4]
        return units.decode("utf-16-be", "surrogatepass")
    return _HIDDEN.sub(shown, text)


_BMP = re.compile("[\u0000-\uffff]*")
TWIN_SUFFIX = "_t"          # a fact of the traditional twin, in metadata (read by search.js)


def script_difference(simplified: str, traditional: str, scripted: dict) -> str | None:
    """How to get `traditional` from `simplified` converted character by character with
    `scripted`: None when that is all it takes; else JSON, either the places where the
    two differ, `[[offset, "characters"], …]`, when they are as long, or the whole text.
    `search.js` does the reverse (`twinText`), counting in UTF-16 units: a text with a
    character beyond them is given whole."""
    return _as_json(_script_runs(simplified, traditional, scripted)[1])


def _as_json(difference: list | str | None) -> str | None:
    if difference is None:
        return None
    return json.dumps(difference, ensure_ascii=False, separators=(",", ":"))


def _script_runs(simplified: str, traditional: str, scripted: dict) -> tuple[str, list | str | None]:
    """`simplified` converted with `scripted`, and what `traditional` has otherwise: None,
    the runs `[[offset, "characters"], …]` where it differs, or itself (`script_difference`)."""
    guess = simplified.translate(scripted)
    if guess == traditional:
        return guess, None
    if len(guess) != len(traditional) or not _BMP.fullmatch(guess + traditional):
        return guess, traditional
    runs: list[list] = []
    # Compared a stretch at a time (in C), character by character only where a stretch
    # differs: a text differs in two or three places (script_difference took 30% less).
    for start in range(0, len(guess), _STRETCH):
        if guess[start:start + _STRETCH] == traditional[start:start + _STRETCH]:
            continue
        for at in range(start, min(start + _STRETCH, len(guess))):
            want = traditional[at]
            if guess[at] == want:
                continue
            if runs and runs[-1][0] + len(runs[-1][1]) == at:
                runs[-1][1] += want
            else:
                runs.append([at, want])
    return guess, runs


_STRETCH = 64


def fallback_data(records: list[SearchRecord]) -> str:
    """`search-data.js`: title, 索引号, 文号, publisher, date and address of every entry.

    Loaded with a `<script>` tag, so it works where `fetch` does not (a copy on disk)."""
    fields = ["title", "index_no", "doc_no", "publisher", "date", "url"]
    rows = [[r.meta.get(f, "") if f != "url" else r.url for f in fields]
            for r in sorted(records, key=lambda r: (r.date, r.url), reverse=True)]
    data = json.dumps({"fields": fields, "entries": rows}, ensure_ascii=False, separators=(",", ":"))
    return f"window.GKSITE_SEARCH_DATA={data};\n"


@functools.lru_cache(maxsize=8)
def script_pairs(variant: str) -> dict[str, str]:
    """The Han characters OpenCC's `variant` converts one to one, each to its converted form
    (both one UTF-16 unit, so search.js can read the pairs two characters at a time):
    shipped (`PAIRS_FILE`) for the variants a site may choose, else asked of OpenCC."""
    shipped = _shipped().get("scripts", {}).get(variant)
    return _pairs(shipped) if shipped is not None else _converted_pairs(variant)


def _converted_pairs(variant: str) -> dict[str, str]:
    import opencc
    converter = opencc.OpenCC(variant)
    chars = [chr(c) for start, end in _HAN_RANGES for c in range(start, end + 1)]
    converted = converter.convert("\n".join(chars)).split("\n")
    return {a: b for a, b in zip(chars, converted) if len(b) == 1 and a != b and ord(b) < 0x10000}


# Every conversion OpenCC makes between the scripts, whatever the site's variant: a visitor
# types 眾 (Taiwan), 衆 (OpenCC's standard, s2t) or 众 alike.
FOLDED_VARIANTS = ("s2t", "s2tw", "s2hk", "t2s", "tw2s", "hk2s")


@functools.lru_cache(maxsize=1)
def folding_pairs() -> dict[str, str]:
    """Each Han character that one of `FOLDED_VARIANTS` converts, or converts another into,
    to the one character that stands for all characters so linked (outside the
    compatibility ideographs, one that s2t converts: a simplified one), where that is not
    itself: 發 → 发, 眾 and 衆 → 众, 馀 and 餘 → 余, 理 (U+F9E4) → 理. Shipped (`PAIRS_FILE`)."""
    shipped = _shipped().get("folding")
    return _pairs(shipped) if shipped is not None else _folded(script_pairs)


def _folded(pairs_of) -> dict[str, str]:
    """`folding_pairs`, from `pairs_of(variant)` for each of `FOLDED_VARIANTS`."""
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    for variant in FOLDED_VARIANTS:
        for one, other in pairs_of(variant).items():
            a, b = root(one), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for char in set(parent) | set(parent.values()):
        members.setdefault(root(char), []).append(char)
    simplified = pairs_of("s2t")
    folded = {}
    for group in members.values():
        stands = min(group, key=lambda c: (c >= "\uf900", c not in simplified, c))
        folded.update({c: stands for c in group if c != stands})
    return dict(sorted(folded.items()))


# The pairs above as OpenCC gives them, made once (`python -m gksite.search`) and shipped:
# read in a few milliseconds, where loading OpenCC's dictionaries for six conversions took
# 0.13-0.22 s of every build before its first page. Used only with the OpenCC they were
# made with (any other is asked, as before).
PAIRS_FILE = Path(__file__).with_name("opencc_pairs.json")
SHIPPED_VARIANTS = VARIANTS     # the variants a site may choose


@functools.lru_cache(maxsize=1)
def _shipped() -> dict:
    """`PAIRS_FILE` when it was made with the installed OpenCC, else {}."""
    try:
        data = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("opencc") == _opencc_version() else {}


def _opencc_version() -> str:
    try:
        return metadata.version("opencc")
    except metadata.PackageNotFoundError:
        return ""


def _pairs(joined: str) -> dict[str, str]:
    return dict(zip(joined[0::2], joined[1::2]))


def write_shipped_pairs(path: Path = PAIRS_FILE) -> None:
    """Write `PAIRS_FILE` from the installed OpenCC."""
    def joined(pairs: dict[str, str]) -> str:
        return "".join(a + b for a, b in pairs.items())
    data = {"opencc": _opencc_version(), "folding": joined(_folded(_converted_pairs)),
            "scripts": {variant: joined(_converted_pairs(variant)) for variant in SHIPPED_VARIANTS}}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


class FoldTable(dict):
    """`folding_pairs` as a `str.translate` table, which also folds a text with few
    characters to fold (a simplified one) another, faster way (`fold_few`)."""

    def __init__(self, pairs: dict[str, str]):
        super().__init__(str.maketrans(pairs))
        self._characters = re.compile(f"[{''.join(map(re.escape, pairs))}]")
        self._folded = lambda found: pairs[found.group()]

    def fold_few(self, text: str) -> str:
        """`text` folded, its characters to fold found by a search (a simplified text has a
        few: 4.5 in 600 on the benchmark corpus, 3.4 µs where `str.translate` took 27; a
        traditional one, most of whose characters fold, is translated faster)."""
        return self._characters.sub(self._folded, text)


@functools.lru_cache(maxsize=1)
def fold_table() -> FoldTable:
    """`folding_pairs` as a `str.translate` table (a `FoldTable`)."""
    return FoldTable(folding_pairs())


@functools.lru_cache(maxsize=8)
def script_table(variant: str) -> dict[int, str]:
    """`script_pairs` as a `str.translate` table."""
    return str.maketrans(script_pairs(variant))


@functools.lru_cache(maxsize=8)
def character_map(variant: str, traditional: bool) -> str:
    """`charmap.js`: the folding of query characters (`folding_pairs`), and, for the
    traditional tree, the conversion its results are read back with (`script_pairs`)."""
    def pairs(mapping: dict[str, str]) -> str:
        return json.dumps("".join(a + b for a, b in mapping.items()), ensure_ascii=False)
    script = f"window.GKSITE_CHARMAP={pairs(folding_pairs())};\n"
    if traditional:
        script += f"window.GKSITE_SCRIPTMAP={pairs(script_pairs(variant))};\n"
    return script


if __name__ == "__main__":
    write_shipped_pairs()
