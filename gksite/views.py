"""Values computed for templates: list rows, the metadata table, pagination.

Kept apart from `render` so templates receive ready-made, plain values and hold
layout only.
"""
from __future__ import annotations

import functools
import json
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

    Choosing one (`qr_best_mask`) takes almost half the time of a code. It depends on
    the address alone, so a later build that renders the page again (every page, after a
    change to a layout) gives the mask chosen then and gets the very same code at once."""

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
    if mask is None:
        mask, size, modules = _qr_best(address)
        if masks is not None:
            masks.learn(address, mask)
    else:
        size, modules = _qr_modules(address, mask)
    rows = "\n".join(_rows(modules, size)).rstrip("0")
    path = "".join(map(_qr_strokes(size).__getitem__, _qr_runs(rows)))
    side = size + 2 * QR_BORDER
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="本页地址的二维码" class="qr" '
            f'width="{side * QR_SCALE}" height="{side * QR_SCALE}" viewBox="0 0 {side} {side}">'
            f'<path stroke="#000" d="M{QR_BORDER} {QR_BORDER}.5{path}"/></svg>')


def _qr_image(address: str, mask: int):
    """zxing-cpp's code of `address`, error correction M and data mask `mask`: a module a byte, 0 dark."""
    code = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=mask)
    return code.to_image(scale=1, add_quiet_zones=False)


def qr_best_mask(address: str) -> int:
    """The data mask ISO/IEC 18004 has an encoder give the QR code of `address`: of the
    eight, the first whose symbol scores the lowest penalty (`_QrGrid.penalty`).

    zxing-cpp chooses the same one (tested against it), building and scoring each of the
    eight symbols module by module: 0.21 of the 0.25 ms it took to encode a code of the
    benchmark corpus. Here the code is encoded with mask 0 (0.035 ms); each mask's symbol is
    that one with the modules where the two masks differ flipped (the same modules for every
    code of a size: `_QrGrid.flips`), and it is scored a whole row at once, rows and columns
    as bit sets in Python's integers: 0.12 ms in all, then 0.035 to encode the chosen one."""
    return _qr_best(address)[0]


def _qr_best(address: str) -> tuple[int, int, str]:
    """`qr_best_mask`, with the size and modules ("1" dark) of the code in that mask: those
    of mask 0 with the mask's flips, which is the code zxing-cpp makes with that mask."""
    size, modules = _qr_modules(address, 0)
    grid = _QR_GRIDS.get(size) or _QrGrid.learned_from(address, size, modules)
    across, down = grid.pack(_rows(modules, size)), grid.pack(_columns(modules, size))
    mask = min(range(8), key=lambda mask: grid.penalty(across ^ grid.flips[mask][0], down ^ grid.flips[mask][1]))
    return mask, size, grid.unpack(across ^ grid.flips[mask][0]) if mask else modules


_DARK_ONES = bytes.maketrans(b"\0\xff", b"10")


def _qr_modules(address: str, mask: int) -> tuple[int, str]:
    """The size of the code of `address` with data mask `mask`, and its modules row after
    row, "1" dark (turned so as bytes: 1 µs, where `str.translate` took 27)."""
    image = _qr_image(address, mask)
    return image.shape[0], memoryview(image).tobytes().translate(_DARK_ONES).decode("latin-1")


def _rows(modules: str, size: int) -> list[str]:
    return [modules[row * size:(row + 1) * size] for row in range(size)]


def _columns(modules: str, size: int) -> list[str]:
    return [modules[column::size] for column in range(size)]


class _QrGrid:
    """A QR symbol of one size as bit sets: module (row, column) at bit `row * stride +
    column + 4`, four light modules beside each row (the quiet zone, which N3 counts as
    light); a symbol's columns are packed alike, as the rows of its transpose."""

    def __init__(self, size: int):
        self.size, self.stride = size, size + 8
        self.right = self._area(size - 2)             # modules with one to their right
        self.five = self._area(size - 5)              # … that start a run of five
        self.seven = self._area(size - 7)             # … that start a finder-like pattern
        self.square = self._area(size - 2, size - 2)  # … and one below
        self.rows = self._area(size + 3, size - 1, first=-4)     # rows with their quiet zone
        self.flips: list[tuple[int, int]] = []        # each mask's difference from mask 0, across and down

    @classmethod
    def learned_from(cls, address: str, size: int, modules: str) -> "_QrGrid":
        """The grid of codes of `size`, its flips read from the code of `address` (whose
        `modules` with mask 0 are given) in each mask: the data modules a mask turns, and
        the format information it is written with."""
        grid = cls(size)
        across, down = grid.pack(_rows(modules, size)), grid.pack(_columns(modules, size))
        for mask in range(8):
            other = _qr_modules(address, mask)[1] if mask else modules
            grid.flips.append((across ^ grid.pack(_rows(other, size)), down ^ grid.pack(_columns(other, size))))
        _QR_GRIDS[size] = grid
        return grid

    def _area(self, last_column: int, last_row: int | None = None, first: int = 0) -> int:
        """The bits of columns `first` to `last_column` of rows 0 to `last_row` (the last)."""
        row = sum(1 << (column + 4) for column in range(first, last_column + 1))
        last_row = self.size - 1 if last_row is None else last_row
        return sum(row << (number * self.stride) for number in range(last_row + 1))

    def pack(self, lines: list[str]) -> int:
        """`lines` ("1" dark) as a bit set, the first module the lowest bit."""
        return int(("0000" + "00000000".join(lines) + "0000")[::-1], 2)

    def unpack(self, across: int) -> str:
        """The modules of the symbol `across`, row after row, "1" dark (`pack` undone)."""
        bits = format(across, f"0{self.size * self.stride}b")[::-1]
        return "".join([bits[start:start + self.size] for start in range(4, self.size * self.stride, self.stride)])

    def penalty(self, across: int, down: int) -> int:
        """ISO/IEC 18004's penalty of the symbol `across` (its rows; `down`, its columns):
        N1 = 3 (+1 a module past five) for each run of five or more modules of a colour in a
        row or column; N2 = 3 for each 2×2 block of a colour; N3 = 40 for each dark-light-
        dark-dark-dark-light-dark in a row or column with four light modules before or
        after it; N4 = 10 for each whole 5% the dark modules are away from half of all."""
        same = ~(across ^ across >> 1) & self.right
        blocks = same & ~(across ^ across >> self.stride) & same >> self.stride & self.square
        dark = across.bit_count()
        balance = abs(2 * dark - self.size ** 2) * 10 // self.size ** 2
        return (self._runs(same) + self._runs(~(down ^ down >> 1) & self.right) + 3 * blocks.bit_count()
                + 40 * (self._finders(across) + self._finders(down)) + 10 * balance)

    def _runs(self, same: int) -> int:
        """N1 of the lines whose `same` bits say a module is the colour of the next one: a
        run of n ≥ 5 holds n − 4 windows of five and scores n − 2."""
        windows = same & same >> 1 & same >> 2 & same >> 3 & self.five
        return windows.bit_count() + 2 * (windows & ~(windows << 1)).bit_count()

    def _finders(self, dark: int) -> int:
        light = ~dark & self.rows
        found = dark & light >> 1 & dark >> 2 & dark >> 3 & dark >> 4 & light >> 5 & dark >> 6 & self.seven
        if not found:
            return 0
        before = light << 1 & light << 2 & light << 3 & light << 4
        after = light >> 7 & light >> 8 & light >> 9 & light >> 10
        return (found & (before | after)).bit_count()


_QR_GRIDS: dict[int, _QrGrid] = {}


def _qr_runs(rows: str) -> list[str]:
    """The runs of `rows` ("\n" between them, "1" a dark module, "0" a light one): a run
    of dark modules; a light run that ends its row, with the step to the next ("\n"), or
    that step alone after a dark end; a light run within a row. Cut where a run ends by
    `str.replace` and `split`, in C: 60–69 µs for the 867 runs of a code of the benchmark
    corpus, where a regular expression's `findall` took 70–90."""
    return rows.replace("10", "1|0").replace("01", "0|1").replace("1\n", "1|\n").replace("\n", "\n|").split("|")


@functools.lru_cache(maxsize=None)
def _qr_strokes(size: int) -> dict[str, str]:
    """What each run of modules of a `size`-wide code becomes in the path (`_qr_runs`
    finds them, in C, and the strokes are looked up in C: a loop over the several hundred
    runs of a code in Python cost three times as much)."""
    strokes = {"0" * length + "\n": f"m{length - size} 1" for length in range(size + 1)}
    strokes.update({"1" * length: f"h{length}" for length in range(1, size + 1)})
    strokes.update({"0" * length: f"m{length} 0" for length in range(1, size + 1)})
    return strokes
