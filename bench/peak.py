"""Wall time and peak memory of a command's whole process tree (Linux, no psutil).

    from bench.peak import measure
    m = measure([".venv/bin/gksite", "build"], cwd=site)
    print(m.seconds, m.peak_rss_bytes / 2**20, m.returncode)

or from a shell:

    .venv/bin/python bench/peak.py [--cwd DIR] -- COMMAND [ARGS …]

The command runs in a session of its own; every ~50 ms the sampler sums the resident set
size (/proc/<pid>/statm) of every live process in that session or descended from the command
(so a Pagefind binary started by the build counts, and so does a grandchild whose parent
already exited). Sampling is every 5 ms during the first second, then every `interval`.
`peak_rss_bytes` is the largest such sum, or the kernel's exact high-water mark of the largest
single process (ru_maxrss from wait4, also given as `peak_single_rss_bytes`) if that is higher —
sampling can miss a spike shorter than the interval. When the command exits, whatever is left
of its process group is killed.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
INTERVAL = 0.05


@dataclass(frozen=True)
class Measurement:
    """What one run of a command cost."""

    seconds: float               # wall time from start to exit of the command
    peak_rss_bytes: int          # largest sampled sum of RSS over the process tree
    returncode: int
    stdout: str
    stderr: str
    peak_single_rss_bytes: int = 0   # kernel ru_maxrss: the largest single process (exact)
    samples: int = 0


class TreeSampler:
    """Sums RSS over the process tree of `root`, reading /proc once per sample.

    A process that was outside the tree when first seen can never join it (a parent only
    changes to a reaper, a session only by setsid), so its /proc entry is not read again;
    that keeps a sample cheap on a machine with many processes (the set is emptied now and
    then, in case a pid is reused).
    """

    def __init__(self, root: int):
        self.root = root
        self.foreign: set[int] = set()
        self.scans = 0

    def pids(self) -> list[int]:
        """`root` and every live process descended from it or in its session."""
        self.scans += 1
        if self.scans % 50 == 0:      # pid_max can be as low as 32768: forget pids that may be reused
            self.foreign.clear()
        table = {}
        for name in os.listdir("/proc"):
            if not name.isdigit() or int(name) in self.foreign:
                continue
            entry = _stat(int(name))
            if entry:
                table[int(name)] = entry
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        found = {pid for pid, (_, session) in table.items() if session == self.root}
        stack = [self.root] if self.root in table else []
        while stack:
            pid = stack.pop()
            found.add(pid)
            stack.extend(c for c in children.get(pid, ()) if c not in found)
        self.foreign.update(pid for pid in table if pid not in found)
        return sorted(found)

    def rss(self) -> int:
        """Sum of RSS over the tree now."""
        return sum(rss_bytes(pid) for pid in self.pids())


def _stat(pid: int) -> tuple[int, int] | None:
    """(ppid, session id) of a live process; None for a zombie or a process already gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    # comm (field 2) may hold spaces and parentheses: split after its last ')'.
    fields = stat[stat.rindex(b")") + 2:].split()
    if fields[0] == b"Z":             # a zombie holds no memory
        return None
    return int(fields[1]), int(fields[3])


def rss_bytes(pid: int) -> int:
    """Resident set size of one process, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def measure(argv: list[str], cwd: Path, env=None, timeout: float | None = None,
            interval: float = INTERVAL) -> Measurement:
    """Run `argv` in `cwd`; return wall seconds, peak tree RSS, exit code and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   start_new_session=True)
        sampler = TreeSampler(process.pid)
        peak, samples, status, usage = 0, 0, None, None
        while status is None:
            peak = max(peak, sampler.rss())
            samples += 1
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = wait_status
                break
            if timeout is not None and time.perf_counter() - started > timeout:
                _kill_session(process.pid)
            # Sample fast while the command is young, so a short run still shows its peak.
            time.sleep(min(interval, 0.005) if time.perf_counter() - started < 1 else interval)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)   # we reaped it, tell Popen
        _kill_session(process.pid)                               # leftovers of the tree, if any
        out.seek(0), err.seek(0)
        text = dict(encoding="utf-8", errors="replace")
        single = usage.ru_maxrss * 1024
        # The tree's sum is never below its largest process, so that exact figure bounds a missed spike.
        return Measurement(seconds=seconds, peak_rss_bytes=max(peak, single), returncode=process.returncode,
                           stdout=out.read().decode(**text), stderr=err.read().decode(**text),
                           peak_single_rss_bytes=single, samples=samples)


def _kill_session(session: int) -> None:
    try:
        os.killpg(session, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Wall time and peak RSS of a command's process tree.")
    parser.add_argument("--cwd", type=Path, default=Path.cwd())
    parser.add_argument("--interval", type=float, default=INTERVAL, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command after --")
    m = measure(command, args.cwd, interval=args.interval)
    sys.stderr.write(m.stderr)
    print(json.dumps({"seconds": round(m.seconds, 3), "peak_rss_mb": round(m.peak_rss_bytes / 2**20, 1),
                      "peak_single_rss_mb": round(m.peak_single_rss_bytes / 2**20, 1),
                      "returncode": m.returncode, "samples": m.samples}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
