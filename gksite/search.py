"""Search: a Pagefind index per script, a character map, and a metadata fallback.

Pagefind's Chinese word segmentation misses many runs of characters a citizen types, so
each record also carries tokens of our own: every Han character (`u04e00`) and every
adjacent pair (`b04e0004e01`) in ASCII, which no segmenter splits, plus lower-cased
ASCII words. `assets/search.js` turns a query into the same tokens, so any run of two
or more characters found in a document finds that document.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"    # the same ranges as search.js
_RUNS = re.compile(f"[{HAN}]+|[0-9A-Za-z]+")
_IS_HAN = re.compile(f"[{HAN}]")
TOKENS_MARK = "\u2063"        # separates a record's text from its search tokens


@dataclass(frozen=True)
class SearchRecord:
    """One entry as the search index sees it."""

    url: str                  # relative to the root of its script's tree
    text: str                 # the words of the page a result excerpt is cut from
    meta: dict
    filters: dict             # filter name → (code, label)
    date: str

    def filter_tokens(self) -> list[str]:
        """`z{filter}_{code}`: filters are searched as words (Pagefind's own filters are not
        written in a stable order, and two identical builds must be byte-identical)."""
        return [filter_token(name, code) for name, (code, _label) in sorted(self.filters.items())]


def tokens(text: str) -> list[str]:
    """The search tokens of `text`, unique, in first-seen order (mirrored in search.js)."""
    seen: dict[str, None] = {}
    for run in _RUNS.findall(text):
        if not _IS_HAN.match(run):
            seen.setdefault(run.lower(), None)
            continue
        codes = [f"{ord(c):05x}" for c in run]
        for i, code in enumerate(codes):
            seen.setdefault(f"u{code}", None)
            if i + 1 < len(codes):
                seen.setdefault(f"b{code}{codes[i + 1]}", None)
    return list(seen)


def filter_token(name: str, code: str) -> str:
    """The word a record carries for one filter value (mirrored in search.js).

    Letters and digits only (Pagefind splits words at `_` and `-`), the code in hex and a
    closing `z`, so no token is the prefix of another."""
    return f"z{name}{code.encode('utf-8').hex()}z"


def record_content(record: SearchRecord) -> str:
    """What Pagefind indexes: the text, then our tokens after a separator."""
    searchable = " ".join([record.text] + [str(v) for v in record.meta.values()])
    words = tokens(searchable) + record.filter_tokens()
    return f"{record.text}\n{TOKENS_MARK}\n{' '.join(words)}"


def page_record(html: bytes, url: str) -> SearchRecord:
    """The search facts of an entry page, read from its marked elements (`data-search`).

    Reading the page, not the entry, means the traditional twin yields traditional facts."""
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    facts = {node.get("data-search"): _text(node) for node in root.iterfind(".//*[@data-search]")}
    codes = json.loads(root.find(".//*[@data-search-codes]").get("data-search-codes"))
    meta = {key: facts.get(key, "") for key in ("title", "index_no", "doc_no", "publisher", "date")}
    meta = {key: value for key, value in meta.items() if value and value != "—"}
    path = [part.strip() for part in facts.get("category", "").split("/")]
    labels = {"top": path[0], "category": " / ".join(path), "publisher": meta.get("publisher", ""),
              "year": meta.get("date", "")[:4], "validity": facts.get("validity", "—")}
    filters = {name: (code, labels[name]) for name, code in codes.items() if code and labels.get(name)}
    text = "\n".join(_text(node) for node in root.iterfind(".//*[@data-search-text]"))
    return SearchRecord(url=url, text=text, meta=meta, filters=filters, date=meta.get("date", ""))


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
    return re.sub(r"\s+", " ", "".join(node.itertext())).strip()


def write_record_file(record: SearchRecord, folder: Path) -> None:
    """Write `record` where `write_index` will find it."""
    target = folder / record.url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(record_html(record), encoding="utf-8")


def prune_records(folder: Path, keep: set[str]) -> None:
    """Delete record files of entries that are no longer published."""
    if not folder.is_dir():
        return
    for path in folder.rglob("*.html"):
        if path.relative_to(folder).as_posix() not in keep:
            path.unlink()


def write_index(records_dir: Path, output: Path) -> None:
    """Build one Pagefind bundle from the record files under `records_dir` into `output`.

    Records go to Pagefind as small HTML files indexed with one `add_directory` call:
    its Python client waits 0.1 s for every reply, so a call per record would take
    minutes on a large site."""
    _run(_write_index(records_dir, output))


def record_html(record: SearchRecord) -> str:
    """One record as Pagefind reads it: metadata and sort key outside the indexed body."""
    meta = "".join(f'<p data-pagefind-meta="{key}">{html.escape(value)}</p>'
                   for key, value in sorted(record.meta.items()))
    return (f'<!DOCTYPE html><html lang="zh"><body data-pagefind-sort="date:{html.escape(record.date)}">'
            f"{meta}<main data-pagefind-body><p>{html.escape(record_content(record))}</p></main></body></html>")


def _run(coroutine) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    # Called from code that runs its own event loop: Pagefind's client gets a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


async def _write_index(records_dir: Path, output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex
    config = IndexConfig(output_path=str(output), keep_index_url=True, force_language="zh")
    async with PagefindIndex(config=config) as index:
        await index.add_directory(path=str(records_dir), glob="**/*.html")


def fallback_data(records: list[SearchRecord]) -> str:
    """`search-data.js`: title, 索引号, 文号, publisher, date and address of every entry.

    Loaded with a `<script>` tag, so it works where `fetch` does not (a copy on disk)."""
    fields = ["title", "index_no", "doc_no", "publisher", "date", "url"]
    rows = [[r.meta.get(f, "") if f != "url" else r.url for f in fields]
            for r in sorted(records, key=lambda r: (r.date, r.url), reverse=True)]
    data = json.dumps({"fields": fields, "entries": rows}, ensure_ascii=False, separators=(",", ":"))
    return f"window.GKSITE_SEARCH_DATA={data};\n"


@functools.lru_cache(maxsize=8)
def character_map(config_name: str) -> str:
    """`charmap.js`: the characters OpenCC's `config_name` converts one to one, as pairs."""
    import opencc
    converter = opencc.OpenCC(config_name)
    chars = [chr(c) for start, end in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
             for c in range(start, end + 1)]
    converted = converter.convert("\n".join(chars)).split("\n")
    # One UTF-16 unit each, so search.js can read the pairs two characters at a time.
    pairs = "".join(a + b for a, b in zip(chars, converted) if len(b) == 1 and a != b and ord(b) < 0x10000)
    return f"window.GKSITE_CHARMAP={json.dumps(pairs, ensure_ascii=False)};\n"
