"""A small portal with every page type, for the accessibility, offline and layout tests.

Built once a session (mirror on, base URL set so the entry page carries its QR code)
and served from a web root where it lives under the base URL's sub-path, as an agency
would deploy it: the 404 page's `<base>` then resolves as it does in production.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

from sitekit import Site

SUB_PATH = "xxgk"
BASE_URL = f"https://www.example.gov.cn/{SUB_PATH}/"
POLICY = "11990000MB0000001A/2025-0001"
HANT = "zh-hant/"

POLICY_BODY = """\
为进一步规范城乡居民最低生活保障工作，切实保障困难群众基本生活，根据《社会救助暂行办法》等有关规定，结合本县实际，制定本办法。

[TOC]

## 一、保障对象

户籍在本县、共同生活的家庭成员人均收入低于当地最低生活保障标准，且财产状况符合本县有关规定的城乡居民，可以申请最低生活保障。

## 二、保障标准

| 区域 | 月人均保障标准（元） | 执行日期 |
|---|---|---|
| 城市 | 780 | 2025-05-01 |
| 农村 | 620 | 2025-05-01 |

![测试县各乡镇最低生活保障对象分布示意图](fenbu.png)

## 三、申请程序

1. 申请人向户籍所在地乡镇人民政府（街道办事处）提出书面申请；
2. 乡镇人民政府（街道办事处）自受理之日起 30 个工作日内完成审核；
3. 县民政局作出审批决定，并在村（居）民委员会公示 7 天。

办理地址和咨询电话见县政府门户网站：https://www.example.gov.cn/xxgk/bsfw/zuidishenghuobaozhang/banshizhinan/index.html 。

## 四、附则

本办法自 2025 年 5 月 1 日起施行，有效期 5 年。
"""


def tiny_png(width: int = 240, height: int = 90) -> bytes:
    """A small valid PNG (stripes in the portal's blue), written without an imaging library."""
    stripe = b"".join(bytes((11, 74, 139) if (x // 20) % 2 else (220, 230, 242)) for x in range(width))
    rows = (b"\x00" + stripe) * height          # each row: filter byte 0, then RGB pixels

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def build_portal(root: Path) -> Site:
    """Write and build the portal under `root`; returns the built site."""
    site = Site(root, mirror={"variant": "s2t"}, base_url=BASE_URL)
    path = site.entry(
        "policy", body=POLICY_BODY, title="测试县城乡居民最低生活保障实施办法", doc_no="测政规〔2025〕3号",
        written="2025-03-20", date="2025-04-01", topic="政务公开", keywords=["最低生活保障", "社会救助"],
        validity="有效", attachments=[{"file": "fj1.pdf", "title": "附件1：最低生活保障申请审批表"},
                                     {"file": "fj2.xls", "title": "附件2：2025年保障标准测算表"}])
    (path.parent / "fenbu.png").write_bytes(tiny_png())
    (path.parent / "fj1.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 2000)
    (path.parent / "fj2.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"x" * 5000)
    site.entry("jd", title="《测试县城乡居民最低生活保障实施办法》政策解读", category="fdzdgknr/zcjd",
               date="2025-04-02", interprets=POLICY, body="## 一、出台背景\n\n为回应群众关切，现将有关内容解读如下。")
    site.entry("old", title="测试县原城乡居民最低生活保障标准（已废止）", doc_no="测政发〔2019〕8号",
               date="2024-03-01", validity="废止", body="本标准已被新的实施办法取代。")
    site.entry("a", title="测试县关于进一步加强和改进临时救助工作的实施意见", doc_no="测政办规〔2025〕1号",
               date="2025-02-10")
    site.entry("b", title="测试县困难残疾人生活补贴和重度残疾人护理补贴实施细则", date="2025-01-15")
    site.entry("ys", title="测试县财政局2025年部门预算公开说明", publisher="测试县财政局", category="gknb",
               doc_no="测财预〔2025〕12号", date="2025-02-01", disclosure="删减后公开", topic="财政",
               body="本县二〇二五年部门预算已经县人民代表大会审议批准，现将预算收支情况公开如下。")
    site.build()
    return site


def web_root(site: Site) -> Path:
    """A folder that holds the built site at the base URL's sub-path (a link to public/)."""
    root = site.root.parent / "webroot"
    root.mkdir(exist_ok=True)
    link = root / SUB_PATH
    if not link.exists():
        link.symlink_to(site.public, target_is_directory=True)
    return root


def entry_page(site: Site) -> str:
    """The policy entry's page, relative to the site root."""
    return site.entry_url(POLICY)


def page_types(site: Site) -> dict[str, str]:
    """One page of every type, by name → URL relative to the site root (simplified)."""
    return {
        "home": "index.html",
        "catalog": "catalog/fdzdgknr/zcwj/gfxwj/index.html",
        "section": "catalog/index.html",
        "entry": entry_page(site),
        "search": "search.html",
        "stats": "stats/index.html",
        "stats-year": "stats/2025/index.html",
        "inforce": "inforce/index.html",
        "publisher": "publisher/11990000MB0000001A/index.html",
        "404": "404.html",
    }


ELDER_KEY = "gksite-elder"
# Run before any page script: the visitor chose 长者模式 on an earlier visit.
ELDER_ON = f"try {{ localStorage.setItem('{ELDER_KEY}', '1'); }} catch (e) {{}}"
MODES = {"normal": None, "elder": ELDER_ON}
SCRIPTS = {"hans": "", "hant": HANT}


def wait_for_search(page, query: str = "") -> None:
    """Wait until the search page is ready (Pagefind or the offline data); run `query` if given."""
    page.focus("#search-q")              # search loads what it needs when the visitor starts
    page.wait_for_function("document.getElementById('search-status').textContent.length > 0"
                           " || document.getElementById('search-filters').hidden === false")
    if query:
        page.fill("#search-q", query)
        page.click("#search-form button[type=submit]")
        page.wait_for_selector("#search-results li")
