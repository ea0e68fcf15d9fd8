"""Send one rate-limit hit in another Redis caller's round trip and decide from its reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from service.ratelimit.base import Decision, RateLimiter
from service.ratelimit.fallback import FallbackLimiter

if TYPE_CHECKING:
    # Only for types: deployments without Redis never import redis-py (see __init__.py).
    from service.ratelimit.redis import RedisLimiter


class PipelinedHit:
    """A hit that rides in the verdict cache's GET (see RedisCache.get_entry_riding).

    A cached check with an API key used to pay two round trips, the rate-limit script and
    the cache GET; riding makes it one. The outcome is the limiter's own: a failed or
    skipped Redis falls back to the local window exactly as FallbackLimiter.hit does, and
    `decision` is set once the cache calls one of `replied`, `failed` or `alone`.
    """

    def __init__(
        self, limiter: FallbackLimiter, shared: RedisLimiter, key: str, limit: int, cost: int
    ) -> None:
        self.client = shared.client
        self._limiter = limiter
        self._shared = shared
        self._key = key
        self._limit = limit
        self._cost = cost
        self.decision: Decision | None = None

    def queue(self, pipe: Any) -> None:
        """Add the hit's one command to the cache's pipeline."""
        self._shared.queue_hit(pipe, self._key, self._cost)

    def replied(self, reply: Any) -> None:
        """Decide from the command's reply (an exception instance when it failed)."""
        import redis

        if isinstance(reply, redis.exceptions.NoScriptError):
            # The script is gone (Redis restarted or flushed): hit() loads it again.
            self.alone()
        elif isinstance(reply, redis.RedisError):
            self.failed(reply)
        else:
            self._limiter.succeeded()
            self.decision = self._shared.decide(reply, self._limit)

    def failed(self, exc: Exception) -> None:
        """The round trip failed: open the limiter's breaker and decide locally."""
        self._limiter.failed(exc)
        self.decision = self._limiter.local.hit(self._key, self._limit, self._cost)

    def alone(self) -> None:
        """Decide without riding (the cache skipped Redis), as a plain hit would."""
        self.decision = self._limiter.hit(self._key, self._limit, self._cost)


def pipelined_hit(limiter: RateLimiter, key: str, limit: int, cost: int = 1) -> PipelinedHit | None:
    """Return a hit that can ride another Redis round trip, or None when it cannot.

    None for a limiter without a shared Redis backend, and while the shared backend's
    breaker is open (the hit is then local and needs no round trip at all).
    """
    if not isinstance(limiter, FallbackLimiter) or limiter.shared.name != "redis":
        return None
    if not limiter.shared_usable():
        return None
    shared: RedisLimiter = limiter.shared  # type: ignore[assignment]
    return PipelinedHit(limiter, shared, key, limit, cost)
