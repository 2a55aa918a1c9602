"""Annual-report statistics (政府信息公开工作年度报告, 主动公开 part).

For each year: entries published per top-level catalog node and per publisher, and for
规范性文件 and 规章 the number issued that year, repealed that year and in force at year
end. Each table is also a CSV file and an SVG bar chart that needs no JavaScript.
"""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from .catalog import Catalog
from .config import SiteConfig
from .entry import Entry

# The 年报 counts these document kinds separately (its table 二, 主动公开政府信息情况).
REPORTED_KINDS = ("规章", "规范性文件")
KIND_MEASURES = ("本年制发", "本年废止", "年末现行有效")


@dataclass(frozen=True)
class Count:
    """One row of a statistics table."""

    label: str
    value: int


@dataclass(frozen=True)
class KindCount:
    """规章 or 规范性文件 in one year: issued, repealed, in force at year end."""

    kind: str
    issued: int
    repealed: int
    in_force: int


@dataclass(frozen=True)
class YearStats:
    """Everything the statistics page of one year shows."""

    year: int
    total: int
    by_category: tuple[Count, ...]
    by_publisher: tuple[Count, ...]
    kinds: tuple[KindCount, ...]

    @property
    def folder(self) -> str:
        return f"stats/{self.year}"

    @property
    def kind_counts(self) -> tuple[Count, ...]:
        """The 规章/规范性文件 numbers as rows, for the chart and the CSV."""
        return tuple(Count(f"{kind.kind}·{measure}", value) for kind in self.kinds
                     for measure, value in zip(KIND_MEASURES, (kind.issued, kind.repealed, kind.in_force)))


@dataclass(frozen=True)
class CrossTable:
    """One count of every year side by side (the overview): a row a category, publisher or kind."""

    caption: str
    heading: str
    years: tuple[int, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]


def year_stats(config: SiteConfig, catalog: Catalog) -> tuple[YearStats, ...]:
    """Statistics of every year that has published entries, newest first."""
    by_year = defaultdict(list)
    for entry in catalog.entries:
        by_year[entry.year].append(entry)
    names = {node.name for node in config.nodes()}
    kinds = [_KindYears.of(kind, [e for e in catalog.entries if kind in e.category.names], catalog.today)
             for kind in REPORTED_KINDS if kind in names]
    return tuple(_one_year(config, year, by_year[year], kinds) for year in sorted(by_year, reverse=True))


def _one_year(config: SiteConfig, year: int, members: list[Entry], kinds: list[_KindYears]) -> YearStats:
    tops = Counter(e.category.path[0] for e in members)
    publishers = Counter(e.publisher for e in members)
    by_category = tuple(Count(node.name, tops[node.code]) for node in config.catalog)
    by_publisher = tuple(Count(p.name, publishers[p]) for p in config.publishers)
    return YearStats(year, len(members), by_category, by_publisher, tuple(kind.count(year) for kind in kinds))


@dataclass(frozen=True)
class _KindYears:
    """One kind's documents counted by year, once for every year (the preview counts again
    after each edit): issued and repealed in each year, and the years their force begins
    and ends. A document is in force at the end of year Y when it was issued by then and
    ends in a later year (`_ended_on`), so the count at Y is the documents begun by Y less
    those of them ended by Y."""

    kind: str
    issued: Counter
    repealed: Counter
    begun: Counter            # issued in that year, and in force at its end
    ended: Counter            # of those, ended (at the latest) in that year

    @classmethod
    def of(cls, kind: str, entries: list[Entry], today: date) -> _KindYears:
        issued, repealed, begun, ended = Counter(), Counter(), Counter(), Counter()
        for entry in entries:
            year, end = entry.year, _ended_on(entry, today)
            issued[year] += 1
            if end is None:
                begun[year] += 1
                continue
            repealed[end.year] += 1
            if end.year > year:
                begun[year] += 1
                ended[end.year] += 1
        return cls(kind, issued, repealed, begun, ended)

    def count(self, year: int) -> KindCount:
        in_force = (sum(n for begun, n in self.begun.items() if begun <= year)
                    - sum(n for ended, n in self.ended.items() if ended <= year))
        return KindCount(kind=self.kind, issued=self.issued[year], repealed=self.repealed[year], in_force=in_force)


def _ended_on(entry: Entry, today: date) -> date | None:
    """The day a document stopped (or will stop) being in force; None while it has no end.

    Its 失效日期 when it has one. A document marked 失效 or 废止 without that date
    ended on a day nobody wrote down: it is counted as ending in the year of the build,
    so that each year's numbers add up (in force at the last year end + issued −
    repealed = in force at this year end). Give 失效日期 to date it exactly."""
    if entry.expires and (entry.validity not in ("失效", "废止") or entry.expires <= today):
        return entry.expires
    if entry.validity in ("失效", "废止"):
        return today.replace(month=1, day=1)
    return None


def counts_csv(stats: YearStats) -> str:
    """The year's tables as one CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["年份", "统计项", "名称", "数量"])
    for row in stats.by_category:
        writer.writerow([stats.year, "公开目录", row.label, row.value])
    for row in stats.by_publisher:
        writer.writerow([stats.year, "发布机构", row.label, row.value])
    for row in stats.kind_counts:
        writer.writerow([stats.year, row.label, row.label.split("·")[0], row.value])
    return "\ufeff" + out.getvalue()


def overview_csv(all_stats: tuple[YearStats, ...]) -> str:
    """Every year's tables in one CSV."""
    parts = [counts_csv(s).lstrip("\ufeff") for s in all_stats]
    header = parts[0].split("\r\n", 1)[0] + "\r\n" if parts else "年份,统计项,名称,数量\r\n"
    return "\ufeff" + header + "".join(p.split("\r\n", 1)[1] for p in parts)


def cross_tables(all_stats: tuple[YearStats, ...]) -> tuple[CrossTable, ...]:
    """The overview's tables: per category, per publisher and per kind, one column a year."""
    years = tuple(s.year for s in all_stats)

    def table(caption: str, heading: str, rows_of) -> CrossTable:
        labels = [row.label for row in rows_of(all_stats[0])] if all_stats else []
        values = [{row.label: row.value for row in rows_of(s)} for s in all_stats]
        return CrossTable(caption, heading, years,
                          tuple((label, tuple(v.get(label, 0) for v in values)) for label in labels))

    return (table("各年度按公开目录统计的主动公开信息数", "公开目录", lambda s: s.by_category),
            table("各年度按发布机构统计的主动公开信息数", "发布机构", lambda s: s.by_publisher),
            table("各年度规章和规范性文件制发、废止和现行有效件数", "信息内容", lambda s: s.kind_counts))


def bar_chart(rows: tuple[Count, ...], title: str) -> str:
    """A bar chart as inline SVG: one bar a row, its label above it and its count beside it.

    Labels sit above the bars, not beside them, so the chart stays narrow and its text
    readable when a phone scales it down to the width of the screen."""
    width, bar_width, row_height = 360, 300, 44
    top = max((r.value for r in rows), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{escape(title)}" '
             f'viewBox="0 0 {width} {row_height * len(rows) + 4}" width="100%">',
             f"<title>{escape(title)}</title>"]
    for i, row in enumerate(rows):
        y = i * row_height
        length = round(bar_width * row.value / top, 1)
        parts.append(f'<text x="0" y="{y + 16}" class="chart-label">{escape(row.label)}</text>')
        parts.append(f'<rect class="bar" x="0" y="{y + 22}" width="{length}" height="16" '
                     f'data-label="{escape(row.label)}" data-value="{row.value}"/>')
        parts.append(f'<text x="{length + 6}" y="{y + 35}" class="chart-value">{row.value}</text>')
    parts.append("</svg>")
    return "".join(parts)
