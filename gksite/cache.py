"""The build cache: what the last build published, and from which inputs.

Keyed by source and dependency hashes: a page whose inputs hash to the key recorded
for it last time, and whose file in the published output is still the very file the
last build wrote (same size and modification time), is kept in the new build instead
of being rendered and converted again. Entries are re-read, and checked again, only
when their file or the day changed. A cache that cannot be read, or was written by
another version of gksite or for other settings, is ignored: the build is then cold,
never wrong.
"""
from __future__ import annotations

import datetime
import hashlib
import os
import pickle
from dataclasses import dataclass, field, fields, is_dataclass, replace
from importlib import metadata
from pathlib import Path

from . import __version__
from .catalog import Listing
from .config import CACHE_DIR, CatalogNode, Publisher, Topic
from .entry import Entry

FORMAT = 9                          # bump when what the manifest holds changes
_LASTING = (Entry, Listing, CatalogNode, Publisher, Topic)
_LIBRARIES = ("Markdown", "Jinja2", "OpenCC", "pagefind", "zxing-cpp", "lxml")


@dataclass
class Manifest:
    """Everything the cache remembers between two builds."""

    format: int = FORMAT
    version: str = __version__
    settings: str = ""
    output: str = ""
    files: dict = field(default_factory=dict)       # url → (key, size, mtime_ns)
    entries: dict = field(default_factory=dict)     # source path → (size, mtime_ns, day, entry, problems, hash)
    search: dict = field(default_factory=dict)      # lang → {url: (key, record without text)}
    copies: dict = field(default_factory=dict)      # entry URL → the files its page needs
    bundles: dict = field(default_factory=dict)     # Pagefind bundle folder → its key
    qr_masks: dict = field(default_factory=dict)    # page address → its QR code's data mask
    qr_library: str = ""                            # the zxing-cpp that chose them


class _Sealed:
    """Stands in a written manifest for a field written before it (`BuildCache.seal`)."""


SEALED = ("entries", "search")      # the manifest's bulk (34 of 40 MB at 10,000 entries), known early
MANIFEST = "manifest.pickle"


def _qr_library() -> str:
    try:
        return metadata.version("zxing-cpp")
    except metadata.PackageNotFoundError:
        return ""


def settings_key(root: Path, folders: list[Path], extra: str) -> str:
    """One hash over everything that shapes every page: site.yaml, templates, assets,
    the phrase file (in `extra`), gksite's and its libraries' versions."""
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{extra}".encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            pass
    digest.update((root / "site.yaml").read_bytes())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(*values, seen: dict | None = None) -> str:
    """A stable hash of plain values, dataclasses, dates and containers of them.

    `seen` keeps the hashes of dataclasses met before (pass one dict for a whole build:
    a listing shown on a thousand pages is hashed once)."""
    digest = hashlib.sha256()
    _feed(digest, values, {} if seen is None else seen)
    return digest.hexdigest()


def _feed(digest, value, seen: dict) -> None:
    if value is None or isinstance(value, (str, int, float, bool)):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, (datetime.date, Path)):
        digest.update(f"{type(value).__name__}:{value};".encode())
    elif isinstance(value, (list, tuple)):
        digest.update(b"[")
        for item in value:
            _feed(digest, item, seen)
        digest.update(b"]")
    elif isinstance(value, dict):
        digest.update(b"{")
        for key in sorted(value, key=str):
            _feed(digest, key, seen)
            _feed(digest, value[key], seen)
        digest.update(b"}")
    elif is_dataclass(value):
        digest.update(dataclass_hash(value, seen).encode())
    else:
        raise TypeError(f"cannot fingerprint {type(value).__name__}")


@dataclass(frozen=True)
class Snapshot:
    """What a rebuild with no change needs, small enough to read in a moment: a key over
    every input of the last build, what it reported, and each file it published."""

    format: int
    version: str
    inputs: str
    result: object                # the last build's BuildResult
    files: dict                   # url → (size, mtime_ns)


def inputs_key(settings: str, content_dir: Path, extra: str) -> str:
    """A hash over the settings, every file under `content_dir` (name, size, modification
    time: entries, attachments, images) and `extra` (the day, the build's options)."""
    digest = hashlib.sha256(f"{settings}|{extra}".encode())
    for folder, dirs, files in os.walk(content_dir):
        dirs.sort()
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{os.path.join(folder, name)}|{stat.st_size}|{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def dataclass_hash(value, seen: dict) -> str:
    """The hash of one dataclass as `fingerprint` feeds it.

    Entries, listings and config objects live the whole build and recur on many pages:
    each is hashed once and kept in `seen` by identity (only these: a short-lived object's
    id can be reused). An entry read from the cache brings its hash from the last build."""
    lasting = isinstance(value, _LASTING)
    known = seen.get(id(value)) if lasting else None
    if known is None:
        inner = hashlib.sha256(type(value).__name__.encode())
        for item in fields(value):
            if item.compare:
                _feed(inner, getattr(value, item.name), seen)
        known = inner.hexdigest()
        if lasting:
            seen[id(value)] = known
    return known


def _read_manifest(path: Path):
    """The manifest `save` wrote to `path`: its sealed fields first, if any, then itself."""
    values = []
    with open(path, "rb") as stream:
        while not values or not isinstance(values[-1], Manifest):
            values.append(pickle.load(stream))
    manifest, sealed = values[-1], iter(values[:-1])
    for name in SEALED:
        if isinstance(getattr(manifest, name), _Sealed):
            setattr(manifest, name, next(sealed))
    return manifest


class BuildCache:
    """The manifest of the last build, and the one this build is writing."""

    def __init__(self, root: Path, settings: str, output_dir: Path, enabled: bool = True):
        self.folder = root / CACHE_DIR
        self.output_dir = output_dir
        self.settings = settings
        self.new = Manifest(settings=settings, output=str(output_dir))
        self.enabled = enabled
        self.seen: dict = {}        # id(entry) → its hash (see `dataclass_hash`), for this build
        self._old: Manifest | None = None if enabled else Manifest()
        self._trusted = False
        self._sealed: dict[str, int] = {}         # SEALED field → its size when it was written

    @property
    def old(self) -> Manifest:
        """The last build's manifest (read on first use: a build with no change never needs it).

        Made with other settings (site.yaml, layouts, assets, phrases), it keeps only the
        search bundles and their files (a bundle's key is the digest of every record file it
        indexed and Pagefind's version, which no setting shapes but through those records)
        and the QR codes' masks (chosen for an address alone)."""
        if self._old is None:
            self._old, self._trusted = self._load(self.settings, self.output_dir)
        return self._old

    @property
    def builds_on_last(self) -> bool:
        """Whether this build can patch the last one: its manifest, made with these very
        settings, records files."""
        return bool(self.old.files) and self._trusted

    def unchanged(self, inputs: str):
        """The last build's result, when it was made from exactly `inputs` and every file it
        published is still there as it wrote it; otherwise None."""
        if not self.enabled:
            return None
        try:
            with open(self.folder / "snapshot.pickle", "rb") as stream:
                snapshot = pickle.load(stream)
            if not (isinstance(snapshot, Snapshot) and snapshot.format == FORMAT
                    and snapshot.version == __version__ and snapshot.inputs == inputs):
                return None
            for url, known in snapshot.files.items():
                stat = os.stat(self.output_dir / url)
                if (stat.st_size, stat.st_mtime_ns) != known:
                    return None
        except Exception:   # missing, corrupt, or a published file gone: build
            return None
        return snapshot.result

    def _load(self, settings: str, output_dir: Path) -> tuple[Manifest, bool]:
        """The last manifest and whether it is trusted whole (see `old`)."""
        try:
            manifest = _read_manifest(self.folder / MANIFEST)
            ours = (isinstance(manifest, Manifest) and manifest.format == FORMAT
                    and manifest.version == __version__ and manifest.output == str(output_dir))
        except Exception:   # corrupt, truncated, written by another version: start cold
            return Manifest(), False
        if not ours:
            return Manifest(), False
        if manifest.settings == settings:
            return manifest, True
        keys = set(manifest.bundles.values())
        return Manifest(bundles=manifest.bundles,
                        files={url: known for url, known in manifest.files.items() if known[0] in keys},
                        qr_masks=manifest.qr_masks, qr_library=manifest.qr_library), False

    def qr_masks(self) -> dict[str, int]:
        """The data masks the last build's QR codes were given, by address (none when another
        zxing-cpp chose them: this one might choose otherwise)."""
        return self.old.qr_masks if self.old.qr_library == _qr_library() else {}

    def keep_qr_masks(self, addresses, learned: dict[str, int]) -> None:
        """Remember the mask of the QR code of each of `addresses`: `learned` by this build,
        or as the last build knew it."""
        known = self.qr_masks()
        self.new.qr_library = _qr_library()
        self.new.qr_masks = {address: mask for address in sorted(addresses)
                             if (mask := learned.get(address, known.get(address))) is not None}

    def search_folder(self) -> Path:
        """Where the search record files (one an entry, for both scripts) persist between builds."""
        return self.folder / "search" / "records"

    def reusable(self, url: str, key: str) -> bool:
        """The published file at `url` was built from `key` and has not been touched since."""
        known = self.old.files.get(url)
        if known is None or known[0] != key:
            return False
        try:
            stat = (self.output_dir / url).stat()
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == known[1:]

    def carry(self, url: str) -> None:
        """Record a file kept from the last build as the last build recorded it (`reusable`
        has just found it unchanged)."""
        self.new.files[url] = self.old.files[url]

    def keep(self, url: str, staging) -> None:
        """Take the last build's file at `url`, found unchanged by `reusable`, into the
        build in `staging`, with its record."""
        staging.keep(url)
        self.carry(url)

    def remember(self, url: str, key: str, path: Path) -> None:
        """Record that this build's file at `url`, now at `path`, was made from `key`."""
        stat = path.stat()
        self.remember_stat(url, key, stat.st_size, stat.st_mtime_ns)

    def remember_stat(self, url: str, key: str, size: int, mtime_ns: int) -> None:
        """Record that this build's file at `url`, of `size` bytes written at `mtime_ns`, was
        made from `key`."""
        self.new.files[url] = (key, size, mtime_ns)

    def seal(self) -> None:
        """Write now, to the new manifest's file, its `SEALED` fields, which nothing changes
        later in the build: a build calls this while the cores are busy anyway, and `save`,
        at the end, with one of them idle, then writes the rest after them (0.2 s sooner at
        10,000 entries). Streamed, they hold no memory once written. A field whose size has
        changed since makes `save` write the whole manifest again."""
        if not self.enabled:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / f"{MANIFEST}.tmp", "wb") as stream:
            for name in SEALED:
                pickle.dump(getattr(self.new, name), stream, protocol=pickle.HIGHEST_PROTOCOL)
        self._sealed = {name: len(getattr(self.new, name)) for name in SEALED}

    def save(self, inputs: str, result) -> None:
        """Write the new manifest and the snapshot of this build (atomically: a half-written
        cache is never read)."""
        if not self.enabled:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        files = {url: known[1:] for url, known in self.new.files.items()}
        if self._sealed and all(len(getattr(self.new, name)) == size for name, size in self._sealed.items()) \
                and (self.folder / f"{MANIFEST}.tmp").is_file():
            self._write(MANIFEST, replace(self.new, **dict.fromkeys(SEALED, _Sealed())), after_sealed=True)
        else:
            self._write(MANIFEST, self.new)
        self._write("snapshot.pickle", Snapshot(FORMAT, __version__, inputs, result, files))

    def _write(self, name: str, value, after_sealed: bool = False) -> None:
        """Write `value` to the file `name` (after what `seal` wrote to it, when so told)."""
        temporary = self.folder / f"{name}.tmp"
        with open(temporary, "ab" if after_sealed else "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / name)
