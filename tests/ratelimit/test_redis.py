"""Tests for the Redis rate limiter: one window shared by every client."""

from __future__ import annotations

import pytest
import redis

from service.ratelimit.redis import RedisLimiter


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
