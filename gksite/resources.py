"""Where the built-in layouts/ and assets/ live: inside the wheel, or in the source tree."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """The built-in `layouts` or `assets` folder (package data, else the repo's own)."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"gksite is installed without its {name}/ folder")


def overlay(site_dir: Path, name: str) -> list[Path]:
    """The folders to look in for `name`, the site's own first."""
    own = site_dir / name
    builtin = builtin_dir(name)
    return [own, builtin] if own.is_dir() and own.resolve() != builtin.resolve() else [builtin]
