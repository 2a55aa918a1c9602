"""Rules that look across entries: unique index numbers, their form, interpretations."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from .config import SiteConfig
from .entry import Entry
from .problems import ERROR, Problem


def check_entries(config: SiteConfig, entries, today: date, future: bool = False) -> list[Problem]:
    """Every cross-entry rule over `entries` (all of them, withheld ones too)."""
    problems = []
    problems += _unique_index_numbers(entries)
    problems += [p for e in entries for p in index_number_problems(config, e)]
    problems += _interpretations(entries, today, future)
    return problems


def _unique_index_numbers(entries) -> list[Problem]:
    owners = defaultdict(list)
    for entry in entries:
        owners[entry.index_no].append(entry)
    problems = []
    for index_no, same in owners.items():
        for entry in same[1:] if len(same) > 1 else ():
            first = same[0]
            problems.append(Problem(entry.relpath, entry.line_of("index_no"), 1, ERROR, "index-duplicate",
                                    f"索引号 {index_no} 已被 {first.relpath} 使用",
                                    "每篇条目的索引号必须唯一；用 gksite new 取得下一个空号"))
            if first is same[0] and entry is same[1]:
                problems.append(Problem(first.relpath, first.line_of("index_no"), 1, ERROR, "index-duplicate",
                                        f"索引号 {index_no} 也被 {entry.relpath} 使用",
                                        "每篇条目的索引号必须唯一；用 gksite new 取得下一个空号"))
    return problems


def index_number_problems(config: SiteConfig, entry: Entry) -> list[Problem]:
    """索引号 must read `{publisher code}/{year of date}-{serial}` (or match the legacy pattern)."""
    number = entry.index_no
    if config.legacy_index_pattern and re.fullmatch(config.legacy_index_pattern, number):
        return []
    expected = f"{entry.publisher.code}/{entry.year}-{'0' * config.serial_width}"
    wrong = _wrong_part(number, entry, config.serial_width)
    if not wrong:
        return []
    return [Problem(entry.relpath, entry.line_of("index_no"), 1, ERROR, "index-format",
                    f"索引号 “{number}” 的{wrong}", f"应写成 {expected[:-config.serial_width]}"
                    f"{'1'.zfill(config.serial_width)} 这样的形式（机构代码/发布年份-{config.serial_width}位流水号）")]


def _wrong_part(number: str, entry: Entry, width: int) -> str:
    org, slash, rest = number.partition("/")
    if not slash:
        return "格式不对：缺少 “/”"
    if org != entry.publisher.code:
        return f"机构代码 “{org}” 不是发布机构 {entry.publisher.name} 的代码 {entry.publisher.code}"
    year, dash, serial = rest.partition("-")
    if not dash:
        return "格式不对：年份和流水号之间缺少 “-”"
    if year != str(entry.year):
        return f"年份 “{year}” 与发布日期的年份 {entry.year} 不一致"
    if not serial.isdigit() or not serial.isascii():
        return f"流水号 “{serial}” 应当只有数字"
    if len(serial) != width:
        return f"流水号 “{serial}” 应当是 {width} 位（不足的在前面补 0）"
    return ""


def _interpretations(entries, today: date, future: bool) -> list[Problem]:
    published = {e.index_no for e in entries if not e.withheld_reason(today, future)}
    everything = {e.index_no for e in entries}
    problems = []
    for entry in entries:
        if not entry.interprets or entry.withheld_reason(today, future):
            continue
        if entry.interprets not in everything:
            message, hint = f"解读的文件 {entry.interprets} 不存在", "填写被解读政策文件的索引号"
        elif entry.interprets not in published:
            message, hint = f"解读的文件 {entry.interprets} 没有公开", "解读只能指向已公开的政策文件"
        else:
            continue
        problems.append(Problem(entry.relpath, entry.line_of("interprets"), 1, ERROR, "interprets",
                                message, hint))
    return problems
