"""Headless Debian Chromium through Playwright, against a site served on 127.0.0.1."""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Guard:
    """Records every request a page makes that does not go to the local site."""

    def __init__(self, allowed_origin: str | None):
        self.allowed = allowed_origin
        self.foreign: list[str] = []

    def attach(self, context) -> None:
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        local = parts.scheme in ("file", "data", "blob") or (
            self.allowed is not None and url.startswith(self.allowed))
        if local:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


def launch(playwright):
    """Chromium from Debian, headless, with no network of its own."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# axe-core comes from the npm registry, installed once into a cache folder that .gitignore keeps out.
AXE_CACHE = Path(__file__).parent / ".npm"
AXE_PACKAGE = "axe-core@4"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script(cache: Path = AXE_CACHE) -> Path:
    """The path of axe.min.js, installing axe-core with npm the first time."""
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        if shutil.which("npm") is None:
            raise RuntimeError("npm is missing: install Debian's npm package (.ci/run does)")
        subprocess.run(["npm", "install", "--prefix", str(cache), "--no-save", "--no-audit", "--no-fund",
                        "--loglevel=error", AXE_PACKAGE], check=True, timeout=300)
    return script


def axe_violations(page, script: Path) -> list[str]:
    """Run axe-core on `page` for WCAG 2.1 A and AA; one readable line per violating node."""
    page.add_script_tag(path=str(script))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {node['target']} — {node['failureSummary']}"
            for v in result["violations"] for node in v["nodes"]]
