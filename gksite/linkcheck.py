"""Every internal href/src of a page names a file of the build; nothing is fetched from elsewhere.

A page is checked where it is rendered, from its HTML in hand, against the files the
build is known to write before any page is (every page of the catalog, the assets,
the feeds, the files of the page's own entry). Only a link to some other file, which
just the whole build can decide, goes back to the parent (`Unsettled`), which settles
it once every file is written: a worker never sends a list of every link.
"""
from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .htmlscan import link_attributes
from .problems import ERROR, Problem

# Attributes whose target the browser fetches (rather than follows when clicked).
_FETCHED = {("img", "src"), ("script", "src"), ("source", "src"), ("audio", "src"),
            ("video", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data")}
_EXTERNAL_OK = ("http", "https", "mailto", "tel")

EXTERNAL_RESOURCE = "从外部网站加载资源，离线时无法显示，也会泄露访问记录"
BAD_SCHEME = "使用了不允许的地址类型"
ABSOLUTE = "是以 / 开头的绝对路径，放在子目录或从磁盘打开时会失效"
OUTSIDE = "指向输出目录之外"
FOLDER = "指向一个目录而不是文件（应以 index.html 结尾）"
MISSING = "指向的文件不存在"
MALFORMED = "不是一个能用的地址（例如方括号只能围住 IPv6 地址）"


@dataclass(frozen=True)
class LinkUse:
    """One link on one page: `<tag attr="link">`, its value stripped."""

    page: str
    tag: str
    attr: str
    link: str

    def dangling(self, message: str) -> Problem:
        """The problem this link is, said with `message`."""
        return Problem(self.page, 1, 1, ERROR, "dangling-link", f"<{self.tag} {self.attr}=\"{self.link}\"> {message}",
                       "改正模板或正文里的这个链接")


@dataclass(frozen=True)
class Unsettled:
    """A link to a file that is not known before the pages are written: its target URL."""

    target: str
    use: LinkUse


@dataclass(frozen=True)
class LinkReport:
    """What checking pages found: their dangling links, and the links left to the parent."""

    problems: tuple[Problem, ...] = ()
    unsettled: tuple[Unsettled, ...] = ()


def joined(reports) -> LinkReport:
    """One report of what many found (in the order given)."""
    reports = list(reports)
    return LinkReport(tuple(p for report in reports for p in report.problems),
                      tuple(u for report in reports for u in report.unsettled))


class LinkChecker:
    """Checks pages against `known`, the URLs the build writes whatever its pages say."""

    def __init__(self, known: frozenset[str]):
        self.known = known

    def check(self, page: str, html: str, beside: frozenset[str] = frozenset()) -> LinkReport:
        """Every link of the page at URL `page`; `beside` are more files it may link to."""
        problems, unsettled = [], []
        folder = posixpath.dirname(page)
        steps = folder.split("/") if folder else []
        # `bases[n]`: the folder n steps up from the root, with its "/": what a link climbing
        # to it starts from (most links of a page climb to the root, or to a sibling folder).
        bases = ["/".join(steps[:depth]) + "/" if depth else "" for depth in range(len(steps) + 1)]
        for tag, attr, value in link_attributes(html):
            link = value.strip()
            if not link or link[0] == "#":
                continue
            kind, rest, ups = _address(link)
            if kind == "path":
                if ups < 0:
                    target = posixpath.normpath(posixpath.join(folder, rest))
                else:
                    target = bases[len(steps) - ups] + rest if ups <= len(steps) else "../"
                if target == ".." or target.startswith("../"):
                    problems.append(LinkUse(page, tag, attr, link).dangling(OUTSIDE))
                elif target not in self.known and target not in beside:
                    unsettled.append(Unsettled(target, LinkUse(page, tag, attr, link)))
                continue
            message = _elsewhere(tag, attr, kind, rest)
            if message:
                problems.append(LinkUse(page, tag, attr, link).dangling(message))
        return LinkReport(tuple(problems), tuple(unsettled))


def _elsewhere(tag: str, attr: str, kind: str, scheme: str) -> str:
    """Why a link that is not a relative path is wrong, or "" when it is fine."""
    if kind == "malformed":
        return MALFORMED
    if kind == "absolute":
        return ABSOLUTE
    if (tag, attr) in _FETCHED or tag == "link":
        return EXTERNAL_RESOURCE
    return "" if scheme in _EXTERNAL_OK else BAD_SCHEME


@functools.lru_cache(maxsize=1 << 16)      # a 10,000-entry site has ~18,000 distinct links in 3,000 pages
def _address(link: str) -> tuple[str, str, int]:
    """What `link` is, whatever page it is on (most links recur on every page):
    ("external", its scheme, 0), ("absolute", "", 0), ("malformed", "", 0) when it cannot
    be read as an address at all, or ("path", what follows its leading `../`, how many there
    are) when no `.`, `..` or empty step follows them, else ("path", its whole decoded
    path, -1)."""
    try:
        parts = urlsplit(link)
    except ValueError:                 # `http://[x`: a bracket opened for an IPv6 host
        return "malformed", "", 0
    if parts.scheme or parts.netloc:
        return "external", parts.scheme, 0
    if link.startswith("/"):
        return "absolute", "", 0
    path = unquote(parts.path)
    steps = path.split("/")
    ups = next((i for i, step in enumerate(steps) if step != ".."), len(steps))
    if ups < len(steps) and all(step not in ("", ".", "..") for step in steps[ups:]):
        return "path", "/".join(steps[ups:]), ups
    return "path", path, -1


def settle(report: LinkReport, written: set[str]) -> list[Problem]:
    """Every dangling link of `report`, now that `written` holds every file of the build."""
    missing = [item for item in report.unsettled if item.target not in written]
    if not missing:
        return list(report.problems)
    folders = {posixpath.dirname(url) for url in written}
    folders |= {posixpath.dirname(f) for f in folders if f}
    return list(report.problems) + [
        item.use.dangling(FOLDER if item.target in folders or item.target == "."
                          or urlsplit(item.use.link).path.endswith("/") else MISSING)
        for item in missing]
