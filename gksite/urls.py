"""Relative links between output files, so `public/` works under any path and from disk."""
from __future__ import annotations


def relative(from_url: str, to_url: str) -> str:
    """The link from the page at `from_url` to the file at `to_url` (both root-relative,
    normalised: no `.`, `..` or doubled `/`). Called tens of times a page, so it walks the
    two paths itself rather than through `posixpath.relpath`, which resolves both first."""
    target, _, fragment = to_url.partition("#")
    here = from_url.split("/")[:-1]
    there = (target or from_url).split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return f"{link}#{fragment}" if fragment else link


def depth_prefix(from_url: str) -> str:
    """`../` repeated once for each folder above `from_url`; "" at the root."""
    return "../" * from_url.count("/")
