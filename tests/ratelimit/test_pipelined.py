"""Tests for a rate-limit hit riding in the cache GET's round trip, against a real Redis."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from service.cache.redis import RedisCache, redis_client_from_url
from service.ratelimit.fallback import FallbackLimiter
from service.ratelimit.memory import MemoryLimiter
from service.ratelimit.pipelined import pipelined_hit
from service.ratelimit.redis import RedisLimiter


def _pair(url: str) -> tuple[RedisCache, FallbackLimiter]:
    """A cache and a limiter on one client, as the app builds them."""
    client = redis_client_from_url(url)
    cache = RedisCache(client, prefix="darnel:test-ride:")
    limiter = FallbackLimiter(
        RedisLimiter(client, prefix="darnel:test-ride-rl:"), MemoryLimiter(), (redis.RedisError,)
    )
    return cache, limiter


def _calls(client: redis.Redis[Any], command: str) -> int:
    stats = client.info("commandstats").get(f"cmdstat_{command}")
    return int(stats["calls"]) if isinstance(stats, dict) else 0


@pytest.mark.redis
def test_the_hit_rides_the_get_and_enforces_the_limit(redis_url: str) -> None:
    plain: redis.Redis[Any] = redis.Redis.from_url(redis_url)
    plain.flushdb()
    cache, limiter = _pair(redis_url)
    cache.set("k", {"verdict": "allow"})
    exists_before = _calls(plain, "script|exists")
    outcomes = []
    for _ in range(3):
        hit = pipelined_hit(limiter, "key:1", 2)
        assert hit is not None
        entry = cache.get_entry_riding("k", hit)
        assert entry is not None and entry.value == {"verdict": "allow"}
        assert hit.decision is not None
        outcomes.append((hit.decision.allowed, hit.decision.count))
    assert outcomes == [(True, 1), (True, 2), (False, 3)]
    # A registered script in a pipeline would ask SCRIPT EXISTS first: a second round trip.
    assert _calls(plain, "script|exists") == exists_before
    assert 0 < plain.pttl("darnel:test-ride-rl:key:1") <= 60_000


@pytest.mark.redis
def test_a_flushed_script_is_loaded_again(redis_url: str) -> None:
    plain: redis.Redis[Any] = redis.Redis.from_url(redis_url)
    plain.flushdb()
    cache, limiter = _pair(redis_url)
    limiter.hit("key:2", 5)
    plain.script_flush()
    hit = pipelined_hit(limiter, "key:2", 5)
    assert hit is not None
    assert cache.get_entry_riding("absent", hit) is None
    assert hit.decision is not None and hit.decision.count == 2 and hit.decision.allowed


def test_an_unreachable_redis_decides_in_memory() -> None:
    # Port 1 on loopback refuses connections at once.
    cache, limiter = _pair("redis://127.0.0.1:1/0")
    decisions = []
    for _ in range(3):
        hit = pipelined_hit(limiter, "key:3", 2)
        if hit is None:
            # The breaker is open after the first failure: the hit is local, no round trip.
            decisions.append(limiter.hit("key:3", 2).allowed)
            continue
        assert cache.get_entry_riding("k", hit) is None
        assert hit.decision is not None
        decisions.append(hit.decision.allowed)
    assert decisions == [True, True, False]
    assert not limiter.shared_usable() and cache.stats().errors == 1


def test_a_memory_limiter_never_rides() -> None:
    assert pipelined_hit(MemoryLimiter(), "key:4", 2) is None
