"""Withheld entries (草稿, 未到发布日期, 依申请公开, 不予公开) leave no trace in the output."""
import gzip
import io
import zipfile
import zlib

from gksite import report
from gksite.search import show_words
from sitekit import TODAY

WITHHELD = {
    "zxqdraftzxq": dict(draft=True),
    "zxqfuturezxq": dict(date="2027-02-01"),
    "zxqrequestzxq": dict(disclosure="依申请公开"),
    "zxqrefusedzxq": dict(disclosure="不予公开"),
}


def _withheld_site(site):
    site.config["mirror"] = {"variant": "s2t", "prefix": "zh-hant"}
    site.config["index_number"] = {"serial_width": 4, "legacy_pattern": "LEGACY-[a-z]+"}
    site.write_config()
    folder = site.root / "content"
    folder.mkdir(parents=True)
    for marker, fields in WITHHELD.items():
        (folder / f"{marker}.pdf").write_bytes(f"%PDF {marker}".encode())
        site.entry(marker, title=f"关于{marker}的通知", index_no=f"LEGACY-{marker}", doc_no=f"文号{marker}",
                   keywords=[marker], topic="财政", body=f"## {marker}\n\n正文 {marker} 的内容。",
                   attachments=[{"file": f"{marker}.pdf", "title": f"附件{marker}"}], **fields)
    with zipfile.ZipFile(folder / "public.xlsx", "w", zipfile.ZIP_DEFLATED) as sheet:
        sheet.writestr("xl/sharedStrings.xml", "<sst><si><t>公开表格里的文字</t></si></sst>")
    site.entry("public-one", title="公开的条目", body="公开的正文。", topic="财政",
               attachments=[{"file": "public.xlsx", "title": "附表"}])
    site.entry("public-two", title="另一篇公开的条目", category="gknb")


def _texts(folder):
    """Every file's name and bytes under `folder`, compressed ones (gzip, zlib, zip) decompressed,
    hidden words shown."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path.relative_to(folder).as_posix(), _shown(_plain(path.read_bytes())).lower()


def _shown(data: bytes) -> bytes:
    """`data` with the search records' metadata read back (stored with no word for Pagefind)."""
    return show_words(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")


def _plain(data: bytes) -> bytes:
    """`data` with every layer of compression taken off; a zip archive is its names and members."""
    if data[:2] == b"\x1f\x8b":
        return _plain(gzip.decompress(data))
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(name.encode() + b"\n" + _plain(archive.read(name)) for name in archive.namelist())
    if data[:1] == b"\x78" and data[1:2] in (b"\x01", b"\x5e", b"\x9c", b"\xda"):
        try:
            return _plain(zlib.decompress(data))
        except zlib.error:
            return data
    return data


def test_withheld_entry_leaves_no_trace(site):
    _withheld_site(site)
    result = site.build()
    assert (result.published, result.withheld) == (2, 4)
    files = dict(_texts(site.public))
    assert any(name.endswith(".pf_fragment") for name in files), "the Pagefind index was written"
    assert any("公开的正文".encode() in data for data in files.values())
    assert any("公开表格里的文字".encode() in data for data in files.values()), "zip members are read"
    for marker in WITHHELD:
        for name, data in files.items():
            assert marker not in name.lower(), name
            assert marker.encode() not in data, f"{marker} in {name}"


def test_check_counts_withheld_entries_by_reason(site):
    _withheld_site(site)
    result = report.check(site.root, today=TODAY)
    assert result.problems == ()
    assert (result.files, result.read, result.published) == (6, 6, 2)
    assert result.withheld == {"草稿": 1, "未到发布日期": 1, "依申请公开": 1, "不予公开": 1}
    assert report.check(site.root, today=TODAY, future=True).withheld == {"草稿": 1, "依申请公开": 1, "不予公开": 1}
