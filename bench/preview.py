"""How long `gksite serve` takes to reload a page after an editor saves an entry.

    .venv/bin/python bench/preview.py SITE [--edits 3] [--settle 30]

SITE is a built site (for instance `bench/run.py --out DIR` leaves DIR/n10000/site). The script
starts `gksite serve --port 0` there, waits for its first build, listens to the live-reload
events as an open page does, then appends a sentence to an entry's body, several times, and
prints the seconds from each save to the reload event (the preview puts pages first and lets
the search index catch up afterwards; that second build is not part of the figure). The
entry is restored at the end.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

EVENTS = "__gksite/events"


def serve(site: Path) -> tuple[subprocess.Popen, str]:
    """A running preview of `site`, and its base URL once its first build is done."""
    process = subprocess.Popen([sys.executable, "-m", "gksite", "serve", "--site", str(site), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, found.group()
    raise RuntimeError("gksite serve stopped before it served")


def next_event(base: str, connected: threading.Event) -> dict:
    """The next live-reload event, as a page listening to it would get it."""
    with urllib.request.urlopen(base + EVENTS, timeout=600) as stream:
        connected.set()
        for raw in stream:
            line = raw.decode("utf-8").strip()
            if line.startswith("data: "):
                return json.loads(line[len("data: "):])
    raise RuntimeError("the event stream ended")


def reload_seconds(base: str, entry: Path, number: int) -> float:
    """Seconds from saving an edit of `entry` to the reload event."""
    connected, box = threading.Event(), {}
    listener = threading.Thread(target=lambda: box.setdefault("event", next_event(base, connected)))
    listener.start()
    connected.wait(30)
    time.sleep(0.5)
    started = time.perf_counter()
    with open(entry, "a", encoding="utf-8") as stream:
        stream.write(f"\n本条第{number}次补充说明。\n")
    listener.join(600)
    seconds = time.perf_counter() - started
    if not box.get("event", {}).get("ok"):
        raise RuntimeError(f"the rebuild failed: {box}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--settle", type=float, default=30,
                        help="seconds to wait after each reload, for the search build that follows it")
    args = parser.parse_args()
    entry = sorted((args.site / "content").rglob("*.md"))[len(list((args.site / "content").rglob("*.md"))) // 2]
    original = entry.read_bytes()
    process, base = serve(args.site)
    try:
        times = []
        for number in range(1, args.edits + 1):
            times.append(reload_seconds(base, entry, number))
            time.sleep(args.settle)          # the search build that follows each reload
    finally:
        entry.write_bytes(original)
        process.terminate()
        process.wait(30)
    print(json.dumps({"entry": str(entry.relative_to(args.site)), "reload_seconds": [round(t, 2) for t in times],
                      "median": round(statistics.median(times), 2)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
