"""Build the configured verdict cache by name ("none", "memory" or "redis")."""

from __future__ import annotations

from collections.abc import Callable

from service.cache.base import CacheStats, Entry, VerdictCache
from service.cache.memory import MemoryCache, NullCache

__all__ = ["BACKENDS", "CacheStats", "Entry", "VerdictCache", "make_cache"]


def _none(redis_url: str | None, max_entries: int, ttl: int) -> VerdictCache:
    return NullCache()


def _memory(redis_url: str | None, max_entries: int, ttl: int) -> VerdictCache:
    return MemoryCache(max_entries=max_entries, ttl=ttl)


def _redis(redis_url: str | None, max_entries: int, ttl: int) -> VerdictCache:
    if not redis_url:
        raise ValueError("the redis cache needs a Redis URL (DARNEL_REDIS_URL)")
    # Imported here so that deployments without Redis never import redis-py.
    from service.cache.redis import RedisCache, redis_client_from_url

    # The client connects on first use, so building the cache opens no connection.
    return RedisCache(redis_client_from_url(redis_url), ttl=ttl)


BACKENDS: dict[str, Callable[[str | None, int, int], VerdictCache]] = {
    "none": _none,
    "memory": _memory,
    "redis": _redis,
}


def make_cache(name: str, *, redis_url: str | None, max_entries: int, ttl: int) -> VerdictCache:
    """Return a new cache of the named backend.

    Raises ValueError for an unknown name or for "redis" without a URL: both are
    configuration mistakes that should stop startup, not degrade silently.
    """
    try:
        build = BACKENDS[name]
    except KeyError:
        choices = ", ".join(sorted(BACKENDS))
        raise ValueError(f"unknown cache backend {name!r}; choose one of: {choices}") from None
    return build(redis_url, max_entries, ttl)
