"""`gksite check`: every rule over the whole site, as lines for people or JSON for tools."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .build import check_site
from .content import entry_files
from .problems import ERROR, WARNING, ContentError, Problem

WITHHELD_ORDER = ("草稿", "未到发布日期", "依申请公开", "不予公开")


@dataclass(frozen=True)
class CheckReport:
    """What `gksite check` found: every problem and the counts of the summary."""

    problems: tuple[Problem, ...]
    files: int = 0                   # entry files found under content/
    read: int = 0                    # of them, read into an entry
    published: int = 0
    withheld: dict = field(default_factory=dict)   # reason → count
    checked: bool = True             # False: site.yaml could not be read, so no entry was

    @property
    def errors(self) -> int:
        """How many problems stop a build."""
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        """How many problems are only warnings."""
        return sum(1 for p in self.problems if p.severity == WARNING)


def check(root: Path, today: date | None = None, future: bool = False) -> CheckReport:
    """Read and check the site at `root`; a broken site.yaml becomes problems too."""
    try:
        site = check_site(Path(root), today, future)
    except ContentError as exc:
        return CheckReport(problems=tuple(exc.problems), checked=False)
    reasons = Counter(w.reason for w in site.catalog.withheld)
    ordered = {r: reasons[r] for r in WITHHELD_ORDER if reasons[r]}
    ordered |= {r: n for r, n in sorted(reasons.items()) if r not in ordered}
    return CheckReport(problems=tuple(sorted(site.problems)), files=len(entry_files(site.config.content_dir)),
                       read=len(site.entries), published=len(site.catalog.entries), withheld=ordered)


def as_text(report: CheckReport) -> str:
    """One line a problem, sorted, then the summary."""
    lines = [p.format() for p in report.problems]
    withheld = sum(report.withheld.values())
    reasons = "，".join(f"{reason} {count} 篇" for reason, count in report.withheld.items())
    unread = report.files - report.read
    if not report.checked:
        lines.append("site.yaml 有错误，条目还没有检查；改正后再运行 gksite check")
    else:
        lines.append(f"条目文件 {report.files} 个" + (f"，其中 {unread} 个有错误未能读取" if unread else "")
                     + f"；公开 {report.published} 篇，不公开 {withheld} 篇" + (f"（{reasons}）" if reasons else ""))
    lines.append(f"错误 {report.errors} 个，警告 {report.warnings} 个" +
                 ("；有错误时 gksite build 不会生成网站。" if report.errors else "。"))
    return "\n".join(lines)


def as_json(report: CheckReport) -> str:
    """The problems and the summary as one JSON document."""
    return json.dumps({
        "problems": [p.as_dict() for p in report.problems],
        "summary": {"checked": report.checked, "files": report.files, "read": report.read,
                    "published": report.published, "withheld": report.withheld,
                    "errors": report.errors, "warnings": report.warnings},
    }, ensure_ascii=False, indent=2)
