"""Tests for the in-process caches: LRU bound, injected-clock TTL, thread safety."""

from __future__ import annotations

import threading

import pytest

from service.cache.memory import MemoryCache, NullCache


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_least_recently_used_entry_is_evicted_first() -> None:
    cache = MemoryCache(max_entries=3)
    for name in "abc":
        cache.set(name, {"k": name})
    assert cache.get("a") == {"k": "a"}  # "a" is now the most recently used
    cache.set("d", {"k": "d"})
    assert len(cache) == 3
    assert cache.get("b") is None
    assert [cache.get(name) for name in "acd"] == [{"k": "a"}, {"k": "c"}, {"k": "d"}]


def test_overwriting_refreshes_recency_without_growing() -> None:
    cache = MemoryCache(max_entries=2)
    cache.set("a", {"n": 1})
    cache.set("b", {"n": 1})
    cache.set("a", {"n": 2})
    cache.set("c", {"n": 1})
    assert len(cache) == 2
    assert cache.get("a") == {"n": 2}
    assert cache.get("b") is None


def test_ttl_follows_the_injected_clock_to_the_boundary() -> None:
    clock = FakeClock()
    cache = MemoryCache(ttl=10, clock=clock)
    cache.set("default", {"n": 1})
    cache.set("short", {"n": 2}, ttl=3)
    clock.now = 2.999
    assert cache.get("short") == {"n": 2}
    clock.now = 3.0
    assert cache.get("short") is None
    assert len(cache) == 1  # the expired entry was dropped, not just hidden
    clock.now = 9.999
    assert cache.get("default") == {"n": 1}
    clock.now = 10.0
    assert cache.get("default") is None


def test_resetting_a_key_restarts_its_ttl() -> None:
    clock = FakeClock()
    cache = MemoryCache(ttl=10, clock=clock)
    cache.set("k", {"n": 1})
    clock.now = 8.0
    cache.set("k", {"n": 2})
    clock.now = 15.0
    assert cache.get("k") == {"n": 2}


@pytest.mark.parametrize(("max_entries", "ttl"), [(0, 10), (10, 0)])
def test_rejects_nonsense_bounds(max_entries: int, ttl: int) -> None:
    with pytest.raises(ValueError):
        MemoryCache(max_entries=max_entries, ttl=ttl)


def test_concurrent_use_keeps_the_bound_and_the_counts() -> None:
    cache = MemoryCache(max_entries=50)
    threads, rounds = 8, 500
    start = threading.Barrier(threads)
    failures: list[BaseException] = []

    def work(worker: int) -> None:
        start.wait()
        try:
            for i in range(rounds):
                key = f"k{(worker * 7 + i) % 80}"
                cache.set(key, {"worker": worker, "i": i})
                value = cache.get(key)
                assert value is None or set(value) == {"worker", "i"}
                if i % 50 == 0:
                    cache.delete(key)
        except BaseException as exc:  # handed to the main thread, which fails the test
            failures.append(exc)

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert failures == []
    assert len(cache) <= 50
    stats = cache.stats()
    assert stats.hits + stats.misses == threads * rounds
    assert stats.errors == 0


def test_null_cache_stores_nothing_and_counts_misses() -> None:
    cache = NullCache()
    cache.set("k", {"n": 1})
    assert cache.get("k") is None
    cache.delete("k")
    cache.clear()
    stats = cache.stats()
    assert (stats.backend, stats.hits, stats.misses, stats.errors) == ("none", 0, 1, 0)
    assert cache.error_count() == 0
