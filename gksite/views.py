"""Values computed for templates: list rows, the metadata table, pagination.

Kept apart from `render` so templates receive ready-made, plain values and hold
layout only.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import date

import zxingcpp

from .catalog import Listing
from .entry import Entry


@dataclass(frozen=True)
class ListingView:
    """What a page shows of a listing: never its entries, only how many there are."""

    title: str
    url: str
    count: int
    description: str
    children: tuple["ListingView", ...]


@dataclass(frozen=True)
class EntryLink:
    """What a page shows of another entry: a link, its 文号 and date."""

    title: str
    url: str
    doc_no: str
    date: str


def listing_view(listing: Listing) -> ListingView:
    """The shown part of `listing` and of its children."""
    return ListingView(listing.title, listing.url, len(listing.entries),
                       listing.node.description if listing.node else "",
                       tuple(listing_view(child) for child in listing.children))


def entry_link(entry: Entry | None) -> EntryLink | None:
    """The shown part of another entry."""
    if entry is None:
        return None
    return EntryLink(entry.title, entry.url, entry.doc_no, entry.date.isoformat())


VALIDITY_CODES = {"有效": "valid", "失效": "expired", "废止": "repealed"}


@dataclass(frozen=True)
class Row:
    """One row of an index page: 标题, 索引号, 文号, 发布日期 (and 有效性 when it matters)."""

    title: str
    url: str
    index_no: str
    doc_no: str
    date: str
    validity: str


@dataclass(frozen=True)
class Field:
    """One cell pair of the metadata table: a label and its value."""

    label: str
    value: str
    wide: bool = False
    key: str = ""             # what search reads from this cell (`data-search`)


@dataclass(frozen=True)
class PageLink:
    """One link of a pager."""

    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """Pagination of a list: numbered pages and the previous/next page."""

    number: int
    count: int
    pages: tuple[PageLink, ...]
    previous: str
    next: str


@dataclass(frozen=True)
class EntryView:
    """What an entry page shows above its body."""

    title: str
    index_no: str
    doc_no: str
    date: str
    publisher: str
    validity: str
    banner: str
    redacted: bool
    attachments: tuple
    search_codes: str         # JSON: the entry's filter codes, for the search index


def entry_row(entry: Entry, today: date) -> Row:
    """An entry's row in a list."""
    return Row(entry.title, entry.url, entry.index_no, entry.doc_no, entry.date.isoformat(),
               _shown_validity(entry, today))


def _shown_validity(entry: Entry, today: date) -> str:
    state = entry.validity_on(today)
    return state if state in ("失效", "废止") else ""


def day_facts(entry: Entry, today: date) -> tuple[str, bool]:
    """All that an entry's page shows of the day (`entry_view`, `metadata_rows`): its validity
    then, and whether its 失效日期 has come (the banner then says since when)."""
    return entry.validity_on(today), bool(entry.expires and entry.expires <= today)


def metadata_rows(entry: Entry, today: date) -> list[Field]:
    """The metadata table as disclosure portals show it (seeds: 索引号, 信息分类 …)."""
    state, _expired = day_facts(entry, today)
    fields = [
        Field("索引号", entry.index_no, key="index_no"),
        Field("信息分类", " / ".join(entry.category.names), key="category"),
        Field("发布机构", entry.publisher.name, key="publisher"),
        Field("成文日期", entry.written.isoformat() if entry.written else "—"),
        Field("发布日期", entry.date.isoformat(), key="date"),
        Field("文号", entry.doc_no or "—", key="doc_no"),
        Field("有效性", state or "—", key="validity"),
        Field("公开属性", entry.disclosure),
    ]
    if entry.topic:
        fields.append(Field("主题分类", entry.topic.name))
    if entry.expires:
        fields.append(Field("失效日期", entry.expires.isoformat()))
    if entry.keywords:
        fields.append(Field("主题词", "　".join(entry.keywords), wide=True))
    fields.append(Field("标题", entry.title, wide=True))
    return fields


def entry_view(entry: Entry, today: date) -> EntryView:
    """The entry's heading values and its validity banner."""
    state, expired = day_facts(entry, today)
    banner = ""
    if state in ("废止", "失效"):
        since = f"（{entry.expires.isoformat()} 起）" if expired else ""
        banner = f"本文件已{state}{since}，仅供查阅，不再作为执行依据。"
    return EntryView(
        title=entry.title, index_no=entry.index_no, doc_no=entry.doc_no, date=entry.date.isoformat(),
        publisher=entry.publisher.name, validity=state, banner=banner,
        redacted=entry.disclosure == "删减后公开",
        attachments=tuple((a.name, a.title, a.kind, human_size(a.size)) for a in entry.attachments),
        search_codes=json.dumps({
            "top": entry.category.path[0], "category": entry.category.slug, "publisher": entry.publisher.code,
            "year": str(entry.year), "validity": VALIDITY_CODES.get(state, ""),
        }, sort_keys=True),
    )


def human_size(size: int) -> str:
    """1536 → “1.5 KB”: sizes as a reader expects them."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def pagination(listing: Listing, number: int, count: int) -> Pager:
    """Links to every page of `listing` (a window around the current one for long lists)."""
    wanted = {1, count} | set(range(max(1, number - 2), min(count, number + 2) + 1))
    links = []
    for page in sorted(wanted):
        if links and page - int(links[-1].label) > 1:
            links.append(PageLink("…", ""))
        links.append(PageLink(str(page), listing.page_url(page), page == number))
    return Pager(
        number=number, count=count, pages=tuple(links),
        previous=listing.page_url(number - 1) if number > 1 else "",
        next=listing.page_url(number + 1) if number < count else "",
    )


QR_SCALE = 3               # CSS pixels a module
QR_BORDER = 2              # quiet zone, in modules


class QrMasks:
    """The data mask of each address's QR code: those an earlier build chose (`known`, kept
    by the build cache) and those chosen since (`learned`, until `take`n for the cache).

    zxing-cpp chooses a mask as ISO/IEC 18004 asks, trying all eight and keeping the one
    with the lowest penalty (long runs, blocks, finder-like patterns, imbalance): 83% of the
    time it takes to encode a code, 7.7 of the 64 s of user CPU time of a cold build of the
    benchmark corpus. The choice depends on the address alone, so a later build that renders
    the page again (every page, after a change to a layout) gives the mask chosen then and
    gets the very same code at once."""

    def __init__(self, known: dict[str, int] | None = None):
        self.known = dict(known or {})
        self.learned: dict[str, int] = {}

    def get(self, address: str) -> int | None:
        return self.known.get(address)

    def learn(self, address: str, mask: int) -> None:
        self.learned[address] = self.known[address] = mask

    def take(self) -> dict[str, int]:
        """The masks learned since the last call."""
        learned, self.learned = self.learned, {}
        return learned


def qr_svg(address: str, masks: QrMasks | None = None) -> str:
    """An inline SVG QR code of `address` (error correction M), labelled for screen readers;
    with the mask `masks` knows for the address, else the best one (then told to `masks`).

    zxing-cpp encodes it (compiled: a pure-Python encoder cost a quarter of a cold
    build). The path is one pen going through the rows: `h` draws a run of dark modules,
    `m` steps over a light run or back to the start of the next row (`_qr_strokes`)."""
    mask = masks.get(address) if masks is not None else None
    known = {} if mask is None else {"data_mask": mask}
    code = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M", **known)
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    modules = bytes(memoryview(image)).decode("latin-1")        # a character a module, "\0" is dark
    if mask is None and masks is not None:
        chosen = qr_mask(modules, size)
        if chosen is not None:
            masks.learn(address, chosen)
    rows = "\n".join([modules[row * size:(row + 1) * size] for row in range(size)]).rstrip("\xff")
    path = "".join(map(_qr_strokes(size).__getitem__, _QR_RUNS.findall(rows)))
    side = size + 2 * QR_BORDER
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="本页地址的二维码" class="qr" '
            f'width="{side * QR_SCALE}" height="{side * QR_SCALE}" viewBox="0 0 {side} {side}">'
            f'<path stroke="#000" d="M{QR_BORDER} {QR_BORDER}.5{path}"/></svg>')


def qr_mask(modules: str, size: int) -> int | None:
    """The data mask of a code of error correction M (`modules`: its rows, a character a
    module, "\0" dark), read from its format information beside the top-left finder."""
    bits = "".join("1" if modules[row * size + column] == "\0" else "0" for row, column in _FORMAT_MODULES)
    return _MASK_OF_FORMAT.get(int(bits, 2))


def _format_information(mask: int) -> int:
    """The 15 bits a code of error correction M and data mask `mask` says so with: the
    five data bits (level M is 00), their BCH(15,5) remainder, the whole masked with 0x5412."""
    data = mask
    remainder = data << 10
    for bit in range(14, 9, -1):
        if remainder >> bit & 1:
            remainder ^= 0b10100110111 << (bit - 10)
    return (data << 10 | remainder) ^ 0b101010000010010


# Where the format information's bits lie, the first (bit 14) first: along row 8 left of
# the timing column, then up column 8.
_FORMAT_MODULES = [(8, c) for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [(r, 8) for r in (7, 5, 4, 3, 2, 1, 0)]
_MASK_OF_FORMAT = {_format_information(mask): mask for mask in range(8)}


# A run of dark modules; a light run that ends its row, with the step to the next ("\n"),
# or that step alone after a dark end; a light run within a row.
_QR_RUNS = re.compile("\x00+|\xff*\n|\xff+")


@functools.lru_cache(maxsize=None)
def _qr_strokes(size: int) -> dict[str, str]:
    """What each run of modules of a `size`-wide code becomes in the path (`_QR_RUNS`
    finds them, in C, and the strokes are looked up in C: a loop over the several hundred
    runs of a code in Python cost three times as much)."""
    strokes = {"\xff" * length + "\n": f"m{length - size} 1" for length in range(size + 1)}
    strokes.update({"\x00" * length: f"h{length}" for length in range(1, size + 1)})
    strokes.update({"\xff" * length: f"m{length} 0" for length in range(1, size + 1)})
    return strokes
