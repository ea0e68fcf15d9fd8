"""Count rate-limit windows in this process: exact for one worker, per-worker for several."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from service.ratelimit.base import WINDOW_SECONDS, Decision


class MemoryLimiter:
    """Windows kept in this process: exact for one worker, per-worker for several."""

    name = "memory"

    def __init__(
        self, window: int = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (window end, count)

    def hit(self, key: str, limit: int, cost: int = 1) -> Decision:
        """Add `cost` hits for `key` in its window and decide."""
        now = self._clock()
        with self._lock:
            end, count = self._windows.get(key, (0.0, 0))
            if end <= now:
                end, count = now + self.window, 0
                # Drop expired windows now and then so idle keys do not pile up.
                if len(self._windows) > 10_000:
                    self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
            count += cost
            self._windows[key] = (end, count)
        retry = max(1, math.ceil(end - now))
        return Decision(count <= limit, count, limit, retry)
