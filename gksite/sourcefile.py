"""Reading a file an editor wrote: UTF-8 with or without BOM, any line endings.

Everything else (GBK/GB18030, binary content, a file too large or that cannot be
opened) becomes an `Unreadable` that says what is wrong and how to fix it, so that
site.yaml and every entry are read, and refused, the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Unreadable:
    """Why a file cannot be read as text, and the fix."""

    code: str
    message: str
    hint: str


def read_text(path: Path, limit: int) -> str | Unreadable:
    """The text of `path` with `\\n` line endings, or why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        if path.is_symlink() and not path.exists():
            return Unreadable("unreadable", "这是一个链接，指向的文件不存在", "删去这个链接，或换成文件本身")
        return Unreadable("unreadable", f"无法读取文件（{exc.strerror}）", "检查文件是否存在、权限是否允许读取")
    if len(raw) > limit:
        return Unreadable("too-large", f"文件有 {len(raw) // 1024} KB，超过 {limit // 1024} KB 的上限",
                          "大文件请作为附件（attachments）发布，正文只写摘要")
    if b"\x00" in raw:
        return Unreadable("binary", "这不是文本文件（含有二进制内容）", "必须是 UTF-8 编码的文本文件")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _not_utf8(raw, path.name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(raw: bytes, name: str) -> Unreadable:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return Unreadable("encoding", "文件不是 UTF-8 编码", "用编辑器另存为 UTF-8")
    return Unreadable("encoding-gbk", "文件是 GBK/GB18030 编码，不是 UTF-8",
                      f"转换后再提交：iconv -f GB18030 -t UTF-8 {name} -o {name}.utf8，或在编辑器里另存为 UTF-8")
