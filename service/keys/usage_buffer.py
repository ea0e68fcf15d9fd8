"""Sum usage counts in memory and write them to the database at most once a second."""

from __future__ import annotations

import atexit
import logging
import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from service.keys.usage import COUNTERS, record

log = logging.getLogger(__name__)

# How long a counted call may wait in memory before it is written. Every native check with
# a key used to write its row in its own transaction (about 0.6 ms, more than the cache
# hit itself); one write a second per worker costs the same whatever the traffic.
FLUSH_SECONDS = 1.0

Row = tuple[int, str, str]  # (key id, site, month)


class UsageBuffer:
    """Usage increments waiting to be written, keyed by (key id, site, month).

    `add` only sums in memory and arms a timer; the timer (or a reader calling `flush`)
    writes every waiting row. A failed write keeps the counts for the next flush, so a
    database outage never fails the call being counted. Counts still waiting when the
    process exits are written by an exit hook; a worker killed with SIGKILL loses at most
    the last `interval` seconds of its counts.
    """

    def __init__(
        self,
        engine: Callable[[], Engine],
        interval: float = FLUSH_SECONDS,
        *,
        at_exit: bool = True,
    ) -> None:
        self._engine = engine
        self._interval = interval
        self._lock = threading.Lock()
        # Held for a whole write, so two flushes never add the same counts twice.
        self._writing = threading.Lock()
        self._pending: dict[Row, Counter[str]] = {}
        self._timer: threading.Timer | None = None
        self._failing = False  # inside a streak of failed writes: its warning is logged
        if at_exit:
            atexit.register(self.flush)

    @property
    def pending(self) -> int:
        """Return how many rows wait to be written."""
        with self._lock:
            return len(self._pending)

    def add(self, key_id: int, site: str, month: str, **increments: int) -> None:
        """Count `increments` (counter name -> amount) for one row; written within a second."""
        unknown = set(increments) - set(COUNTERS)
        if unknown:
            # Raised here, at the call that made the mistake, not later in the timer thread.
            raise ValueError(f"unknown usage counters: {sorted(unknown)}")
        with self._lock:
            self._pending.setdefault((key_id, site, month), Counter()).update(increments)
            if self._timer is None:
                self._timer = threading.Timer(self._interval, self._on_timer)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> bool:
        """Write every waiting row now; return False (keeping the counts) if the write failed."""
        with self._writing:
            with self._lock:
                taken, self._pending = self._pending, {}
            if not taken:
                return True
            engine = self._engine()
            done: list[Row] = []
            try:
                for (key_id, site, month), counts in taken.items():
                    record(engine, key_id, site, month, **{k: v for k, v in counts.items() if v})
                    done.append((key_id, site, month))
            except SQLAlchemyError as exc:
                with self._lock:
                    for row in done:
                        del taken[row]
                    for row, counts in taken.items():
                        self._pending.setdefault(row, Counter()).update(counts)
                if not self._failing:
                    # Once per outage: the timer retries every interval until it is over.
                    log.warning("usage counts not written, retrying every %.0f s: %s",
                                self._interval, exc)  # fmt: skip
                self._failing = True
                return False
            if self._failing:
                self._failing = False
                log.warning("usage counts written again")
            return True

    def close(self) -> None:
        """Write what waits and stop the timer (for tests and app teardown)."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        self.flush()
        atexit.unregister(self.flush)

    def _on_timer(self) -> None:
        with self._lock:
            self._timer = None
        if not self.flush():
            # The counts went back to the buffer: try again after another interval.
            with self._lock:
                if self._timer is None and self._pending:
                    self._timer = threading.Timer(self._interval, self._on_timer)
                    self._timer.daemon = True
                    self._timer.start()
