"""Use a shared (Redis) limiter, answering from a local one while the shared one fails."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from service.ratelimit.base import Decision, RateLimiter

log = logging.getLogger(__name__)


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
        if self.shared_usable():
            try:
                decision = self.shared.hit(key, limit, cost)
            except self._errors as exc:
                self.failed(exc)
            else:
                self.succeeded()
                return decision
        return self.local.hit(key, limit, cost)

    def shared_usable(self) -> bool:
        """Say whether to try the shared backend now (False while its breaker is open)."""
        return self._clock() >= self._retry_at

    def succeeded(self) -> None:
        """Note a shared answer that came by another path (a pipelined hit)."""
        if self._down:
            with self._lock:
                self._down = False
            log.warning("rate limiter: %s back", self.shared.name)

    def failed(self, exc: Exception) -> None:
        """Note a shared failure: log once per outage and skip the backend for a while."""
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
