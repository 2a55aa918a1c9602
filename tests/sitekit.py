"""Tiny fixture sites for tests: a site.yaml and a few entries in a temporary folder."""
from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

TODAY = date(2026, 11, 22)

BASE_CONFIG = {
    "site": {
        "name": "测试县人民政府信息公开",
        "owner": "测试县人民政府办公室",
        "site_code": "9900000001",
        "icp": "测ICP备00000001号",
        "psb": "测公网安备 00000000000001号",
        "contact": {"电话": "0000-1234567", "地址": "测试县人民路1号"},
    },
    "page_size": 3,
    "index_number": {"serial_width": 4},
    "catalog": [
        {"code": "fdzdgknr", "name": "法定主动公开内容", "children": [
            {"code": "zcwj", "name": "政策文件", "policy": True, "children": [
                {"code": "gfxwj", "name": "规范性文件", "policy": True},
                {"code": "qtwj", "name": "其他文件", "policy": True},
            ]},
            {"code": "zcjd", "name": "政策解读"},
        ]},
        {"code": "gknb", "name": "政府信息公开年报"},
    ],
    "publishers": [
        {"name": "测试县人民政府", "code": "11990000MB0000001A"},
        {"name": "测试县财政局", "code": "cszj"},
    ],
    "topics": [{"code": "zwgk", "name": "政务公开"}, {"code": "cz", "name": "财政"}],
    "mirror": False,
}

PUBLISHER_CODES = {"测试县人民政府": "11990000MB0000001A", "测试县财政局": "cszj"}


class Site:
    """A site folder being assembled by a test."""

    def __init__(self, root: Path, **config):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.config = {**copy.deepcopy(BASE_CONFIG), **config}
        self.serials: dict[tuple[str, int], int] = {}
        self.write_config()

    @classmethod
    def at(cls, root: Path) -> "Site":
        """A site folder that already exists, taken as it is (nothing is written)."""
        site = cls.__new__(cls)
        site.root, site.config, site.serials = root, {}, {}
        return site

    def write_config(self) -> None:
        (self.root / "site.yaml").write_text(yaml.safe_dump(self.config, allow_unicode=True), encoding="utf-8")

    def entry(self, name: str, body: str = "正文。", **fields) -> Path:
        """Write `content/<name>.md`; unspecified required keys get sensible values."""
        published = fields.setdefault("date", "2025-03-01")
        publisher = fields.setdefault("publisher", "测试县人民政府")
        fields.setdefault("title", f"关于{name}的通知")
        fields.setdefault("category", "fdzdgknr/zcwj/gfxwj")
        if "index_no" not in fields:
            year = int(str(published)[:4])
            key = (publisher, year)
            self.serials[key] = self.serials.get(key, 0) + 1
            fields["index_no"] = f"{PUBLISHER_CODES.get(publisher, 'x')}/{year}-{self.serials[key]:04d}"
        front = yaml.safe_dump({k: v for k, v in fields.items() if v is not None}, allow_unicode=True,
                               sort_keys=False)
        return self.raw(name, f"---\n{front}---\n{body}\n")

    def raw(self, name: str, text: str) -> Path:
        """Write `content/<name>.md` exactly as given."""
        path = self.root / "content" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    @property
    def public(self) -> Path:
        return self.root / "public"

    def build(self, **kwargs):
        from gksite.build import build
        kwargs.setdefault("today", TODAY)
        return build(self.root, **kwargs)

    def check(self, **kwargs) -> list:
        """Every problem `gksite check` finds in this site, sorted."""
        from gksite.build import check_site
        kwargs.setdefault("today", TODAY)
        return list(check_site(self.root, **kwargs).problems)

    def soup(self, url: str) -> BeautifulSoup:
        """The built page at `url`, parsed."""
        return BeautifulSoup((self.public / url).read_text(encoding="utf-8"), "html.parser")

    def entry_url(self, index_no: str) -> str:
        from gksite.entry import entry_folder
        return f"{entry_folder(index_no)}/index.html"


def read_content(config):
    """Every entry file of the site read (`content.read_entry`), unchecked, in the order of
    their files: what reading alone makes of them."""
    from gksite.content import collect, entry_files, read_entry
    return collect(read_entry(path, config) for path in entry_files(config.content_dir))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, for comparing two builds."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cell_text(soup: BeautifulSoup, selector: str) -> list[str]:
    return [el.get_text(" ", strip=True) for el in soup.select(selector)]


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of `path` that contains `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def with_code(problems, code: str) -> list:
    """The problems of one code."""
    return [p for p in problems if p.code == code]


REPO = Path(__file__).resolve().parent.parent


def build_sample(folder: Path, **kwargs) -> Site:
    """The repository's own sample site (青梧县), copied into `folder` and built there.

    A copy, so the test neither writes into the checkout nor shares its build cache."""
    root = folder / "sample"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    site = Site.at(root)
    kwargs.setdefault("search", False)
    site.build(**kwargs)
    return site
