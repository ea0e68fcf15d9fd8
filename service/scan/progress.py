"""Draw a scan's live progress line: items done, rate and time left."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[int, int], None]


def _duration(seconds: float) -> str:
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


def text_progress(
    stream: TextIO | None = None,
    width: int = 30,
    clock: Callable[[], float] = time.monotonic,
) -> Progress:
    """Return a callback drawing `scanning [####   ] 12/40 3.1 items/s ETA 0:09` on stderr.

    The rate counts only items done since the first call, so a resumed scan (which starts
    with many items already done) does not report their instant arrival as speed.
    """
    out = stream or sys.stderr
    first: list[float] = []  # (time, done) of the first call

    def draw(done: int, total: int) -> None:
        now = clock()
        if not first:
            first.extend((now, float(done)))
        elapsed = now - first[0]
        rate = (done - first[1]) / elapsed if elapsed > 0 else 0.0
        eta = _duration((total - done) / rate) if rate > 0 else "?"
        filled = width * done // max(total, 1)
        out.write(
            f"\rscanning [{'#' * filled}{' ' * (width - filled)}] {done}/{total} "
            f"{rate:.1f} items/s ETA {eta} "
        )
        if done >= total:
            out.write("\n")
        out.flush()

    return draw


def no_progress(done: int, total: int) -> None:
    """Draw nothing (`--quiet`)."""
