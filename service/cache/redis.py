"""Cache verdicts in Redis, degrading to misses while Redis is unreachable."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from service.cache.base import CacheStats, Counters, Entry, decode, encode_bytes_for_set

log = logging.getLogger(__name__)

# A cache lookup must cost less than the check it saves; past these a fresh check wins.
SOCKET_TIMEOUT = 0.25
CONNECT_TIMEOUT = 0.25
# PING a pooled connection idle this long before reusing it, so a connection cut while
# idle (Redis restarted, NAT timeout) is replaced instead of failing a request.
HEALTH_CHECK_INTERVAL = 30
# After a failure, skip Redis this long: a down Redis then costs nothing per request.
BREAKER_SECONDS = 1.0


def redis_client_from_url(url: str) -> redis.Redis[bytes]:
    """Build a client whose every failure is fast; connects lazily, on first use."""
    return redis.Redis.from_url(
        url,
        socket_timeout=SOCKET_TIMEOUT,
        socket_connect_timeout=CONNECT_TIMEOUT,
        health_check_interval=HEALTH_CHECK_INTERVAL,
        # redis-py retries 10 times with backoff by default: seconds per request while
        # Redis is down. The breaker below already decides when to try again.
        retry=Retry(NoBackoff(), 0),
    )


class Rider(Protocol):
    """Another store's one command, sent in a cache lookup's round trip."""

    def queue(self, pipe: Any) -> None:
        """Add the command to the pipeline."""
        ...

    def replied(self, reply: Any) -> None:
        """Take the command's reply (an exception instance if the command failed)."""
        ...

    def failed(self, exc: Exception) -> None:
        """Hear that the round trip failed; nothing was sent or nothing came back."""
        ...

    def alone(self) -> None:
        """Go without the cache: its breaker is open, so Redis is not being called."""
        ...


class RedisCache:
    """A cache shared by every worker and host that points at the same Redis.

    The client is injected so tests can pass a fake or a private server; build it with
    ``redis_client_from_url`` to get short timeouts. Every Redis error becomes a miss.
    The first failure of an outage logs one WARNING and opens a breaker; calls made
    within ``breaker_seconds`` skip Redis. The first success afterwards logs
    "Redis cache back". redis-py reconnects by itself, so nothing needs restarting.
    """

    name = "redis"

    def __init__(
        self,
        client: redis.Redis[Any],
        prefix: str = "darnel:v1:",
        ttl: int = 3600,
        breaker_seconds: float = BREAKER_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl < 1:
            raise ValueError(f"ttl must be at least 1 second, got {ttl}")
        self.client = client
        self.prefix = prefix
        self.ttl = ttl
        self.breaker_seconds = breaker_seconds
        self._clock = clock
        self._counters = Counters(self.name)
        self._state_lock = threading.Lock()
        self._down = False  # inside an outage: its warning is already logged
        self._retry_at = 0.0  # clock time before which Redis is not tried

    def get(self, key: str) -> dict[str, Any] | None:
        """Return the value for ``key``, or None on a miss or any Redis problem."""
        entry = self.get_entry(key)
        return None if entry is None else entry.value

    def get_entry(self, key: str) -> Entry | None:
        """Return the value with its stored bytes, or None on a miss or any Redis problem."""
        if not self._may_try():
            self._counters.miss()
            return None
        try:
            raw = self.client.get(self.prefix + key)
        except redis.RedisError as exc:
            self._failed(exc)
            self._counters.miss()
            return None
        self._succeeded()
        return self._entry_from(key, raw)

    def get_entry_riding(self, key: str, rider: Rider) -> Entry | None:
        """Return get_entry's answer, sending the rider's command in the same round trip.

        The rider hears how its command fared (`replied`, `failed`, or `alone` when the
        breaker skips Redis); the cache counts and degrades exactly as get_entry does.
        """
        if not self._may_try():
            rider.alone()
            self._counters.miss()
            return None
        try:
            pipe = self.client.pipeline(transaction=False)
            rider.queue(pipe)
            pipe.get(self.prefix + key)
            reply, raw = pipe.execute(raise_on_error=False)
        except redis.RedisError as exc:
            rider.failed(exc)
            self._failed(exc)
            self._counters.miss()
            return None
        rider.replied(reply)
        if isinstance(raw, redis.RedisError):
            self._failed(raw)
            self._counters.miss()
            return None
        self._succeeded()
        return self._entry_from(key, raw)

    def _entry_from(self, key: str, raw: Any) -> Entry | None:
        """Decode a GET reply into an entry; None (and the entry dropped) when corrupt."""
        if raw is None:
            self._counters.miss()
            return None
        try:
            value = decode(raw)
        except ValueError as exc:
            # One bad entry is not an outage: drop it so it is not read again.
            self._counters.error()
            self._counters.miss()
            log.warning("Redis cache: dropping corrupt entry %s: %s", key, exc)
            self.delete(key)
            return None
        self._counters.hit()
        return Entry(value, raw if isinstance(raw, bytes) else raw.encode("utf-8"))

    def set(self, key: str, value: dict[str, Any], ttl: int | None = None) -> None:
        """Store ``value`` with an expiry; on any problem log, count and carry on."""
        seconds = self.ttl if ttl is None else ttl
        if seconds < 1:
            return
        body = encode_bytes_for_set(value, key, self._counters, log, "Redis cache")
        if body is None:
            return
        if not self._may_try():
            return
        try:
            # SET .. EX is SETEX in one atomic command; redis-py 8 deprecates setex().
            self.client.set(self.prefix + key, body, ex=seconds)
        except redis.RedisError as exc:
            self._failed(exc)
            return
        self._succeeded()

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        if not self._may_try():
            return
        try:
            self.client.delete(self.prefix + key)
        except redis.RedisError as exc:
            self._failed(exc)
            return
        self._succeeded()

    def clear(self) -> None:
        """Remove the keys under this cache's prefix; other data in the db is kept."""
        if not self._may_try():
            return
        try:
            batch: list[Any] = []
            for name in self.client.scan_iter(match=_glob_escape(self.prefix) + "*", count=500):
                batch.append(name)
                if len(batch) >= 500:
                    self.client.delete(*batch)
                    batch.clear()
            if batch:
                self.client.delete(*batch)
        except redis.RedisError as exc:
            self._failed(exc)
            return
        self._succeeded()

    def stats(self) -> CacheStats:
        """Return the current counters."""
        return self._counters.snapshot()

    def error_count(self) -> int:
        """Return the error count alone (stats().errors without the snapshot)."""
        return self._counters.errors()

    def ping(self) -> bool:
        """Ask Redis for PONG; while the breaker is open, answer False without asking."""
        if not self._may_try():
            return False
        try:
            self.client.ping()
        except redis.RedisError as exc:
            self._failed(exc)
            return False
        self._succeeded()
        return True

    def _may_try(self) -> bool:
        """Say whether to call Redis now; while the breaker is open, only one probe passes."""
        # Unlocked read on the hot path: a stale answer costs at most one extra try.
        if not self._down:
            return True
        with self._state_lock:
            now = self._clock()
            if now < self._retry_at:
                return False
            # This caller is the probe; concurrent callers keep skipping until it reports.
            self._retry_at = now + self.breaker_seconds
            return True

    def _failed(self, exc: redis.RedisError) -> None:
        self._counters.error()
        with self._state_lock:
            self._retry_at = self._clock() + self.breaker_seconds
            if self._down:
                return
            self._down = True
        log.warning(
            "Redis cache unavailable (%s: %s); serving without it, retrying every %.1f s",
            type(exc).__name__,
            exc,
            self.breaker_seconds,
        )

    def _succeeded(self) -> None:
        if not self._down:
            return
        with self._state_lock:
            if not self._down:
                return
            self._down = False
        log.warning("Redis cache back")


def _glob_escape(text: str) -> str:
    """Escape Redis glob metacharacters so a prefix matches only itself."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)
