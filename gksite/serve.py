"""`gksite serve`: preview on 127.0.0.1 that rebuilds on every change and reloads itself.

The first build is a full one, into the normal output folder (atomically, with the
build cache). After that the site stays in memory (`live.LiveSite`): a change to
entries or the files beside them rewrites only the pages that show it, in a moment
even on a large site; any other change (site.yaml, layouts, assets, the phrase file)
makes a full build again. The server injects a small live-reload script into the HTML
it sends (never into the files), and tells open pages over Server-Sent Events when an
update has finished — or failed, in which case the page shows the errors and the last
good build stays served. Pages come first; the search index follows once the edits
pause.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import http.server
import json
import os
import re
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .build import build
from .config import load_config
from .live import LiveSite
from .livesearch import CatchUp
from .problems import ContentError
from .workers import collector_paused

EVENTS = "/__gksite/events"
SETTLE_SECONDS = 0.2                                # a single file unchanged this long is saved
_BASE = re.compile(r'<base href="[^"]*">')          # as 404.html writes it for the server's root
_FOLDER = re.compile(r"[A-Za-z0-9_-]+")             # a tree's folder (the mirror's prefix)
_RELOAD = """<script>(function(){var s=new EventSource("%s");s.onmessage=function(e){var d=JSON.parse(e.data);
if(d.ok){location.reload();return;}var b=document.getElementById("gksite-errors")||document.createElement("pre");
b.id="gksite-errors";b.setAttribute("role","alert");b.style.cssText="position:fixed;left:0;right:0;top:0;z-index:99;"+
"margin:0;padding:1em;max-height:60vh;overflow:auto;background:#fdecec;color:#8a1c1c;border-bottom:4px solid #8a1c1c;"+
"white-space:pre-wrap;font:14px/1.5 monospace";b.textContent="构建失败，仍显示上一次成功的结果：\\n"+d.errors.join("\\n");
document.body.appendChild(b);};})();</script>""" % EVENTS


@dataclass(frozen=True)
class BuildEvent:
    """The outcome of one rebuild, as open pages hear of it."""

    number: int
    ok: bool
    errors: tuple[str, ...] = ()


class Preview:
    """Builds the site, keeps it up to date, and wakes pages waiting for the next outcome."""

    def __init__(self, root: Path, today: date | None = None, future: bool = True, log=print):
        self.root, self.today, self.future, self.log = Path(root).resolve(), today, future, log
        self.output = load_config(self.root).output_dir
        self.event = BuildEvent(0, True)
        self.changed = threading.Condition()
        self.live: LiveSite | None = None
        self.pending: set[Path] = set()     # changes not yet shown: the update that read them failed
        self.search_behind = False          # pages changed since the search index was last built
        self.indexing: CatchUp | None = None     # the search shards being indexed meanwhile
        self.collect_owed = False           # an update ran with the cycle collector paused
        self._config_stamp = None           # site.yaml as `watched` last read it
        self._sources = (self.root / "content", None)   # the content folder and phrase file it names

    def start(self) -> BuildEvent:
        """The first build, pages and search index (quick when nothing changed since the
        last `gksite build`), then the site read into memory."""
        started = time.perf_counter()
        try:
            rendered = build(self.root, today=self.today, future=self.future, search=True).rendered
        except ContentError as exc:
            return self._failed(exc, set())
        self._load()
        self.log(f"已生成：渲染 {rendered} 个页面，用时 {time.perf_counter() - started:.2f} 秒。")
        return self._announce(True, ())

    def rebuild(self, paths=()) -> BuildEvent:
        """Bring the pages up to date with the changed `paths` (all of them when empty or
        when the change needs a full build) and tell open pages; the search index is left
        for `catch_up`."""
        started = time.perf_counter()
        paths = self.pending | {Path(p) for p in paths}
        try:
            if self._can_update(paths):
                with self._collector_paused():
                    rendered = self.live.update(paths).rendered
            else:
                self._stop_indexing()
                self.live = None
                rendered = build(self.root, today=self.today, future=self.future, search="keep").rendered
        except ContentError as exc:
            return self._failed(exc, paths)
        except Exception as exc:            # gksite's own fault, or the disk's: say so, keep watching
            self._stop_indexing()
            self.live, self.pending = None, paths       # the next change builds the whole site
            self.log(traceback.format_exc().rstrip())
            line = f"未能生成：{type(exc).__name__}: {exc}（详情见运行 gksite serve 的终端）"
            self.log(f"{line}，仍在提供上一次成功的结果。")
            return self._announce(False, (line,))
        self.pending, self.search_behind = set(), True
        self.log(f"已重新生成：渲染 {rendered} 个页面，用时 {time.perf_counter() - started:.2f} 秒。")
        return self._announce(True, ())

    def _failed(self, error: ContentError, paths: set[Path]) -> BuildEvent:
        """Report a failed build; its changes are read again with the next one."""
        self.pending = paths
        lines = tuple(p.format() for p in error.problems)
        for line in lines:
            self.log(line)
        self.log(f"构建失败（{len(lines)} 个问题），仍在提供上一次成功的结果。")
        return self._announce(False, lines)

    def catch_up(self) -> None:
        """Let the search index catch up with the pages, without holding up the next edit:
        after a full build, build the index and read the site into memory; otherwise start
        indexing the shards that changed, on a thread, and publish them once done."""
        try:
            if self.live is None and self.search_behind:
                build(self.root, today=self.today, future=self.future, search=True)
                self._load()
                self.search_behind = False
            elif self.indexing is not None and self.indexing.done():
                indexing, self.indexing = self.indexing, None
                bundles = self.live.finish_search(indexing)
                self.log(f"搜索索引已更新（{bundles} 个分片）。")
            elif self.indexing is None and self.live is not None and self.search_behind:
                self.indexing, self.search_behind = self.live.start_search(), False
        except ContentError:
            pass                # the content changed again meanwhile: the next rebuild reports it
        except Exception as error:          # Pagefind failed: say so, and try again later
            self.log(f"搜索索引未能更新：{error}")
            self._stop_indexing()
            self.search_behind = True

    def collect(self) -> None:
        """The collection the last update put off, now that the edits pause."""
        if self.collect_owed:
            self.collect_owed = False
            gc.collect()

    def _load(self) -> None:
        """Read the site into memory, and set what was read aside from the cycle collector:
        most of it lives until the next full build, and a full collection would otherwise
        go through all of it again and again. What the last load set aside is handed back
        first, so that a cycle left of it is collected then."""
        gc.unfreeze()
        self.live = LiveSite.load(self.root, self._day(), self.future)
        gc.collect()
        gc.freeze()

    @contextlib.contextmanager
    def _collector_paused(self):
        """Python's cycle collector held off during an update: on a site of ten thousand
        entries, a full collection falling inside one costs a third of a second, as much
        as half the update. It runs instead once the edits pause (`collect`)."""
        try:
            with collector_paused():
                yield
        finally:
            self.collect_owed = True

    def close(self) -> None:
        """Stop indexing (a Pagefind process must not outlive the preview) and hand what
        `_load` set aside back to the cycle collector."""
        self._stop_indexing()
        gc.unfreeze()

    def _stop_indexing(self) -> None:
        if self.indexing is not None:
            indexing, self.indexing = self.indexing, None
            indexing.cancel()

    def _can_update(self, paths: set[Path]) -> bool:
        return (self.live is not None and bool(paths) and self.live.covers(paths)
                and self.live.state.today == self._day())

    def _day(self) -> date:
        return self.today or date.today()

    def _announce(self, ok: bool, errors: tuple[str, ...]) -> BuildEvent:
        with self.changed:
            self.event = BuildEvent(self.event.number + 1, ok, errors)
            self.changed.notify_all()
            return self.event

    def wait(self, after: int, timeout: float) -> BuildEvent | None:
        """The first event numbered above `after`, or None after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.event.number > after, timeout)
            return self.event if self.event.number > after else None

    def watched(self) -> Watched:
        """What a change in triggers a rebuild, as it stands now: the folders (content,
        layouts, assets) that exist, and the stamp of site.yaml and of the phrase file."""
        stamp = _stamp(self.root / "site.yaml")
        if stamp != self._config_stamp:             # site.yaml names the content and the phrases
            self._config_stamp = stamp
            try:
                config = load_config(self.root)
                self._sources = (config.content_dir, config.mirror.phrases)
            except ContentError:
                pass                                # the rebuild says what is wrong; keep the last
        content, phrases = self._sources
        folders = tuple(p for p in (content, self.root / "layouts", self.root / "assets") if p.is_dir())
        files = {path: _stamp(path) for path in (self.root / "site.yaml", phrases) if path}
        return Watched(folders, files)

    def _settled(self, now: Watched) -> Watched:
        """`now` again once site.yaml and the phrase file have kept their stamps for a moment
        (as watchfiles waits for the folders): a save read half-way would fail the build."""
        while True:
            time.sleep(SETTLE_SECONDS)
            later = self.watched()
            if later == now:
                return now
            now = later

    def watch(self, stop: threading.Event) -> None:
        """Rebuild after every batch of changes until `stop` is set; between batches, once
        the edits pause, let the search index catch up.

        The folders go to watchfiles. site.yaml and the phrase file are looked at each time
        it yields instead (twice a second at least): a watch on a file itself is lost for good
        when an editor saves it by renaming a new file over it, as many do. So is whether a
        folder was made or removed (`layouts/` made to override a template): the watch then
        starts again over the folders there are, and the whole site is built once it has."""
        seen, everything = self.watched(), False
        while not stop.is_set():
            for changes in _batches(seen.folders, stop):
                now = self.watched()
                if now.folders != seen.folders:
                    seen, everything = now, True
                    break
                if seen.changed_files(now):
                    now = self._settled(now)
                paths = [Path(path) for _change, path in changes] + seen.changed_files(now)
                seen = now
                if everything:
                    everything = False
                    self.rebuild()
                elif paths:
                    self.rebuild(paths)
                else:
                    self.collect()
                    self.catch_up()


@dataclass(frozen=True)
class Watched:
    """The folders the preview watches, and its single files' stamps (see `Preview.watch`)."""

    folders: tuple[Path, ...]
    files: dict

    def changed_files(self, now: Watched) -> list[Path]:
        """The files whose stamp differs in `now` (made, changed, renamed over, removed)."""
        return [path for path in self.files.keys() | now.files.keys()
                if self.files.get(path) != now.files.get(path)]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from the next: time, size and inode (a file renamed
    over it has an inode of its own, even when written within the same tick)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def _batches(folders: tuple[Path, ...], stop: threading.Event):
    """watchfiles' batches of changes in `folders`, or an empty one when nothing changed
    for half a second; without a folder to watch, an empty one each half second."""
    if not folders:
        while not stop.wait(0.5):
            yield set()
        return
    import watchfiles
    yield from watchfiles.watch(*folders, stop_event=stop, debounce=400, step=50,
                                rust_timeout=500, yield_on_timeout=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith(EVENTS):
            return self._events()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._html(path)
        return super().do_GET() if self.command == "GET" else super().do_HEAD()

    def do_HEAD(self):
        """What GET would answer, without the body: a page's length with the reload script,
        the site's 404 page for a missing one (a link checker asks with HEAD)."""
        if self.path.startswith(EVENTS):
            return self.send_error(405, "Use GET for the reload events")
        return self.do_GET()

    def send_error(self, code, message=None, explain=None):
        """A page that is not there gets the site's own 404 page, as the web server shows
        it (and, with the reload script, the page itself once an edit makes it)."""
        found = self._not_found_page() if code == 404 and self.command in ("GET", "HEAD") else None
        if found is None:
            return super().send_error(code, message, explain)
        page, folder = found
        self._html(page, status=404, base=f"/{folder}/" if folder else "/")

    def _not_found_page(self) -> tuple[Path, str] | None:
        """404.html of the tree the request is in (the mirror's, under its folder, else the
        root's), and that tree's folder."""
        first = self.path.lstrip("/").split("/", 1)[0]
        for folder in ([first] if _FOLDER.fullmatch(first) else []) + [""]:
            page = Path(self.directory, folder, "404.html")
            if page.is_file():
                return page, folder
        return None

    def _html(self, path: Path, status: int = 200, base: str | None = None) -> None:
        text = path.read_text(encoding="utf-8")
        if base is not None:        # served at any depth, its links must hold from the tree's root
            text, found = _BASE.subn(f'<base href="{base}">', text, count=1)
            if not found:
                text = text.replace("<head>", f'<head><base href="{base}">', 1)
        body = text.replace("</body>", _RELOAD + "</body>", 1).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.preview.event.number
        if not self.preview.event.ok:      # a page opened while the site is broken shows why
            self._send(self.preview.event)
        try:
            while True:
                event = self.preview.wait(seen, timeout=15)
                if event is None:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    continue
                seen = event.number
                self._send(event)
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send(self, event: BuildEvent) -> None:
        data = json.dumps({"ok": event.ok, "errors": event.errors}, ensure_ascii=False)
        self.wfile.write(f"data: {data}\n\n".encode("utf-8"))
        self.wfile.flush()


def make_server(preview: Preview, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 serving the preview's output folder."""
    handler = type("PreviewHandler", (_Handler,), {"preview": preview})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             functools.partial(handler, directory=str(preview.output)))
    server.daemon_threads = True
    return server


def serve(root: Path, port: int = 8000, today: date | None = None, future: bool = True) -> None:
    """Build, serve and watch until interrupted (Ctrl+C)."""
    preview = Preview(root, today=today, future=future)
    preview.start()
    server = make_server(preview, port)
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    print(f"预览地址：http://127.0.0.1:{server.server_address[1]}/index.html（按 Ctrl+C 结束）")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        watcher.join(5)
        preview.close()
        server.server_close()


