"""Cache verdicts inside this process (or, with NullCache, not at all)."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from service.cache.base import CacheStats, Counters, Entry, decode, encode_bytes_for_set

log = logging.getLogger(__name__)


class MemoryCache:
    """A size-bounded, TTL-expiring, thread-safe LRU cache local to one process.

    Values are stored as UTF-8 JSON, so a caller mutating a returned dict cannot
    change the cached copy and the memory backend accepts exactly what Redis accepts.
    """

    name = "memory"

    def __init__(
        self,
        max_entries: int = 10_000,
        ttl: int = 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries}")
        if ttl < 1:
            raise ValueError(f"ttl must be at least 1 second, got {ttl}")
        self.max_entries = max_entries
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        # key -> (expires_at, UTF-8 JSON); order is least to most recently used.
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._counters = Counters(self.name)

    def get(self, key: str) -> dict[str, Any] | None:
        """Return the value for ``key``, or None when absent or expired."""
        entry = self.get_entry(key)
        return None if entry is None else entry.value

    def get_entry(self, key: str) -> Entry | None:
        """Return the value for ``key`` with its stored JSON, or None when absent or expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] <= self._clock():
                del self._entries[key]
                entry = None
            if entry is None:
                self._counters.miss()
                return None
            self._entries.move_to_end(key)
        self._counters.hit()
        # Decoding outside the lock: it is the slow part and needs no shared state.
        return Entry(decode(entry[1]), entry[1])

    def set(self, key: str, value: dict[str, Any], ttl: int | None = None) -> None:
        """Store ``value``, evicting the least recently used entries beyond the bound."""
        seconds = self.ttl if ttl is None else ttl
        if seconds < 1:
            return
        text = encode_bytes_for_set(value, key, self._counters, log, "memory cache")
        if text is None:
            return
        with self._lock:
            self._entries[key] = (self._clock() + seconds, text)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Remove every entry."""
        with self._lock:
            self._entries.clear()

    def stats(self) -> CacheStats:
        """Return the current counters."""
        return self._counters.snapshot()

    def error_count(self) -> int:
        """Return the error count alone (stats().errors without the snapshot)."""
        return self._counters.errors()

    def ping(self) -> bool:
        """Return True: process memory is always there."""
        return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class NullCache:
    """A cache that stores nothing: every get is a miss (for DARNEL_CACHE=none)."""

    name = "none"

    def __init__(self) -> None:
        self._counters = Counters(self.name)

    def get(self, key: str) -> dict[str, Any] | None:
        """Return None: nothing is ever stored."""
        self._counters.miss()
        return None

    def get_entry(self, key: str) -> Entry | None:
        """Return None: nothing is ever stored."""
        self._counters.miss()
        return None

    def set(self, key: str, value: dict[str, Any], ttl: int | None = None) -> None:
        """Do nothing."""

    def delete(self, key: str) -> None:
        """Do nothing."""

    def clear(self) -> None:
        """Do nothing."""

    def stats(self) -> CacheStats:
        """Return the current counters (misses only)."""
        return self._counters.snapshot()

    def error_count(self) -> int:
        """Return the error count alone (stats().errors without the snapshot)."""
        return self._counters.errors()

    def ping(self) -> bool:
        """Return True: there is nothing to be down."""
        return True
