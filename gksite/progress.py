"""Progress of a long build: a bar on a terminal, a plain line every tenth otherwise (CI logs)."""
from __future__ import annotations

import sys
import time


class Progress:
    """Call with (done, total) as work completes; `close()` ends the line."""

    def __init__(self, label: str, stream=None, width: int = 30, minimum: int = 0):
        self.label, self.stream, self.width = label, stream or sys.stderr, width
        self.minimum = minimum          # work of fewer steps than this is quick: nothing is shown
        self.terminal = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started: float | None = None     # the first report, not construction: stages start late
        self._last_tenth = -1
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if total <= 0 or total < self.minimum:
            return
        if self.started is None:
            self.started = time.perf_counter()
        if self.terminal:
            filled = self.width * done // total
            bar = "█" * filled + "░" * (self.width - filled)
            self.stream.write(f"\r{self.label} {bar} {done}/{total}")
            self._drawn = True
            if done >= total:           # finished: the next stage's bar starts on a line of its own
                self.close()
            self.stream.flush()
            return
        tenth = 10 * done // total
        if tenth != self._last_tenth:
            self._last_tenth = tenth
            seconds = time.perf_counter() - self.started
            self.stream.write(f"{self.label}：{done}/{total}（{10 * tenth}%，{seconds:.1f} 秒）\n")
            self.stream.flush()

    def close(self) -> None:
        """Finish the bar's line."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
