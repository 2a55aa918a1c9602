"""Relative links between output files, so `public/` works under any path and from disk."""
from __future__ import annotations

import posixpath


def relative(from_url: str, to_url: str) -> str:
    """The link from the page at `from_url` to the file at `to_url` (both root-relative)."""
    target, _, fragment = to_url.partition("#")
    base = posixpath.dirname(from_url) or "."
    link = posixpath.relpath(target or from_url, base)
    return f"{link}#{fragment}" if fragment else link


def depth_prefix(from_url: str) -> str:
    """`../` repeated once for each folder above `from_url`; "" at the root."""
    return "../" * from_url.count("/")
