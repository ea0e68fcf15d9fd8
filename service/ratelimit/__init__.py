"""Limit requests per API key in fixed one-minute windows, in memory or through Redis.

`base.py` holds what the backends share (the window, `Decision`, the `RateLimiter`
protocol); `memory.py` and `redis.py` are the two backends and `fallback.py` degrades from
Redis to memory during an outage. Neither backend imports the other.
"""

from __future__ import annotations

from typing import Any

from service.ratelimit.base import RateLimiter
from service.ratelimit.fallback import FallbackLimiter
from service.ratelimit.memory import MemoryLimiter


def make_limiter(redis_url: str | None, client: Any = None) -> RateLimiter:
    """Return the Redis-backed limiter (with memory fallback) when a URL is set, else memory.

    `client`, when given, is a redis-py client for that URL to share (the cache's).
    """
    if not redis_url:
        return MemoryLimiter()
    # Imported here so that deployments without Redis never import redis-py.
    import redis

    from service.cache.redis import redis_client_from_url
    from service.ratelimit.redis import RedisLimiter

    shared = RedisLimiter(client if client is not None else redis_client_from_url(redis_url))
    return FallbackLimiter(shared, MemoryLimiter(), (redis.RedisError,))
