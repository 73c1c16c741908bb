"""A one-line progress bar on standard error, drawn only when it is a terminal.

Counts, rate, and (when the input's size is known) how far through and the time left. Problem
lines written while the bar is up clear it first, so they are never mixed with it.
"""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 20  # characters of the bar itself
EVERY = 0.1  # seconds between redraws


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Counts of decided and refused records, shown as a bar on `stream` when `shown`."""

    def __init__(self, stream: TextIO, shown: bool, size: int | None = None):
        self.stream, self.shown, self.size = stream, shown, size
        self.decided = self.refused = 0
        self.done = 0  # how far into the input, in the units of `size`
        self.start = self.drawn = time.monotonic()
        self.up = False

    def line(self, text: str) -> None:
        """Write a line of text (a problem), above the bar."""
        self._clear()
        self.stream.write(text + "\n")

    def advance(self, decided: int, refused: int, done: int) -> None:
        self.decided += decided
        self.refused += refused
        self.done = done
        if not self.shown:
            return
        now = time.monotonic()
        if now - self.drawn >= EVERY:
            self.drawn = now
            self.stream.write("\r" + self._bar(now - self.start) + "\x1b[K")
            self.stream.flush()
            self.up = True

    def close(self) -> None:
        self._clear()

    def _clear(self) -> None:
        if self.up:
            self.stream.write("\r\x1b[K")
            self.up = False

    def _bar(self, elapsed: float) -> str:
        count = self.decided + self.refused
        rate = count / elapsed if elapsed > 0 else 0.0
        parts = [f"{self.decided:,} decided", f"{self.refused:,} refused", f"{rate:,.0f}/s"]
        if self.size and self.done:
            share = min(self.done / self.size, 1.0)
            filled = round(share * WIDTH)
            left = elapsed * (1 - share) / share
            parts.insert(0, f"[{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%}")
            parts.append(f"{_clock(left)} left")
        else:
            parts.append(f"{_clock(elapsed)} so far")
        return " | ".join(parts)
