"""Tests for the rate limiters: memory windows, Redis windows, and falling back."""

from __future__ import annotations

import logging

import pytest
import redis

from service.ratelimit import Decision, FallbackLimiter, MemoryLimiter
from service.ratelimit.redis import RedisLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_memory_window_allows_limit_then_refuses_until_reset() -> None:
    clock = Clock()
    lim = MemoryLimiter(window=60, clock=clock)
    assert [lim.hit("k", 2).allowed for _ in range(3)] == [True, True, False]
    clock.now += 30
    assert lim.hit("k", 2).retry_after == 30
    assert lim.hit("other", 2).allowed
    clock.now += 31
    assert lim.hit("k", 2) == Decision(True, 1, 2, 60)


def test_cost_counts_several_hits() -> None:
    lim = MemoryLimiter(clock=Clock())
    assert lim.hit("k", 5, cost=5).allowed
    assert not lim.hit("k", 5).allowed


class Broken:
    name = "redis"

    def hit(self, key: str, limit: int, cost: int = 1) -> Decision:
        raise redis.ConnectionError("down")


def test_fallback_degrades_to_memory_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    lim = FallbackLimiter(Broken(), MemoryLimiter(clock=clock), (redis.RedisError,), clock=clock)
    with caplog.at_level(logging.WARNING):
        results = [lim.hit("k", 2).allowed for _ in range(3)]
        clock.now += 5
        lim.hit("j", 2)
    assert results == [True, True, False]
    assert sum("unavailable" in r.getMessage() for r in caplog.records) == 1


@pytest.mark.redis
def test_redis_limiter_shares_one_window(redis_url: str) -> None:
    client: redis.Redis[bytes] = redis.Redis.from_url(redis_url)
    prefix = "darnel:test-rl:"
    for name in client.scan_iter(match=prefix + "*"):
        client.delete(name)
    a = RedisLimiter(client, prefix=prefix)
    b = RedisLimiter(redis.Redis.from_url(redis_url), prefix=prefix)
    assert a.hit("k", 3).allowed and b.hit("k", 3).allowed and a.hit("k", 3).allowed
    refused = b.hit("k", 3)
    assert not refused.allowed and refused.count == 4 and 1 <= refused.retry_after <= 60
    assert 0 < client.pttl(prefix + "k") <= 60_000
