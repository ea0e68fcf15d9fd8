"""Limit requests per API key in fixed one-minute windows, in memory or through Redis."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Decision:
    """The outcome of one hit: allowed or not, and when the window resets."""

    allowed: bool
    count: int
    limit: int
    retry_after: int  # whole seconds until the window resets (at least 1)


class RateLimiter(Protocol):
    """Count hits per name in the current window and say whether they stay within limit."""

    name: str

    def hit(self, key: str, limit: int, cost: int = 1) -> Decision:
        """Add `cost` hits for `key` and decide; never raises because a backend failed."""
        ...


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


class FallbackLimiter:
    """Use a shared limiter, switching to a local one while the shared one fails.

    The shared backend (Redis) signals failure by raising; this wrapper logs one warning
    per outage, skips the backend for `breaker_seconds` and answers from memory, so a
    Redis outage loosens limits to per-worker ones instead of failing requests.
    """

    def __init__(
        self,
        shared: RateLimiter,
        local: RateLimiter,
        errors: tuple[type[Exception], ...],
        breaker_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shared = shared
        self.local = local
        self.name = shared.name
        self._errors = errors
        self._breaker = breaker_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self._down = False

    def hit(self, key: str, limit: int, cost: int = 1) -> Decision:
        """Decide through the shared backend, or locally while it is unavailable."""
        if self._clock() >= self._retry_at:
            try:
                decision = self.shared.hit(key, limit, cost)
            except self._errors as exc:
                self._failed(exc)
            else:
                if self._down:
                    with self._lock:
                        self._down = False
                    log.warning("rate limiter: %s back", self.shared.name)
                return decision
        return self.local.hit(key, limit, cost)

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            self._retry_at = self._clock() + self._breaker
            first = not self._down
            self._down = True
        if first:
            log.warning(
                "rate limiter: %s unavailable (%s: %s); limiting per worker in memory",
                self.shared.name,
                type(exc).__name__,
                exc,
            )


def make_limiter(redis_url: str | None) -> RateLimiter:
    """Return the Redis-backed limiter (with memory fallback) when a URL is set, else memory."""
    if not redis_url:
        return MemoryLimiter()
    # Imported here so that deployments without Redis never import redis-py.
    import redis

    from service.cache.redis import redis_client_from_url
    from service.ratelimit.redis import RedisLimiter

    shared = RedisLimiter(redis_client_from_url(redis_url))
    return FallbackLimiter(shared, MemoryLimiter(), (redis.RedisError,))
