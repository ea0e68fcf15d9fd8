"""One contract suite that every verdict-cache backend must pass."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from service.cache import VerdictCache, make_cache
from service.cache.memory import MemoryCache, NullCache
from service.cache.redis import RedisCache, redis_client_from_url

VERDICT = {
    "verdict": "block",
    "score": 0.97,
    "language": "en",
    "spans": [{"start": 3, "end": 8, "text": "爱上海论坛", "reasons": [{"id": "ZH_FORUM"}]}],
    "clean_text": "Café — naïve 🙂 Ελληνικά русский العربية",
    "partial": False,
    "extra": None,
}


@dataclass
class Backend:
    """A cache under test plus a way to let time pass for it."""

    cache: VerdictCache
    advance: Callable[[float], None]


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "memory":
        clock = FakeClock()
        yield Backend(MemoryCache(max_entries=100, ttl=60, clock=clock), clock.advance)
        return
    url: str = request.getfixturevalue("redis_url")
    client = redis_client_from_url(url)
    # A fresh prefix per test: tests never see each other's keys, even on a shared Redis.
    cache = RedisCache(client, prefix=f"darnel-test:{uuid.uuid4().hex}:", ttl=60)
    yield Backend(cache, time.sleep)  # Redis expires by its own clock
    cache.clear()
    client.close()


def test_absent_key_is_a_miss(backend: Backend) -> None:
    assert backend.cache.get("v1:absent") is None
    stats = backend.cache.stats()
    assert (stats.hits, stats.misses, stats.errors) == (0, 1, 0)


def test_set_then_get_round_trips_unicode_json(backend: Backend) -> None:
    backend.cache.set("v1:k", VERDICT)
    assert backend.cache.get("v1:k") == VERDICT


def test_unicode_keys_are_distinct(backend: Backend) -> None:
    backend.cache.set("v1:é", {"n": 1})
    backend.cache.set("v1:e\u0301", {"n": 2})  # same glyph, different code points
    assert backend.cache.get("v1:é") == {"n": 1}
    assert backend.cache.get("v1:e\u0301") == {"n": 2}


def test_returned_value_is_a_copy(backend: Backend) -> None:
    backend.cache.set("v1:k", {"spans": [1, 2]})
    first = backend.cache.get("v1:k")
    assert first is not None
    first["spans"].append(3)
    assert backend.cache.get("v1:k") == {"spans": [1, 2]}


def test_set_overwrites(backend: Backend) -> None:
    backend.cache.set("v1:k", {"n": 1})
    backend.cache.set("v1:k", {"n": 2})
    assert backend.cache.get("v1:k") == {"n": 2}


def test_delete_removes_one_key(backend: Backend) -> None:
    backend.cache.set("v1:a", {"n": 1})
    backend.cache.set("v1:b", {"n": 2})
    backend.cache.delete("v1:a")
    backend.cache.delete("v1:never-set")
    assert backend.cache.get("v1:a") is None
    assert backend.cache.get("v1:b") == {"n": 2}


def test_clear_removes_everything(backend: Backend) -> None:
    for i in range(10):
        backend.cache.set(f"v1:{i}", {"n": i})
    backend.cache.clear()
    assert all(backend.cache.get(f"v1:{i}") is None for i in range(10))


def test_entry_expires_after_its_ttl(backend: Backend) -> None:
    backend.cache.set("v1:short", {"n": 1}, ttl=1)
    backend.cache.set("v1:default", {"n": 2})  # the cache's default: 60 s
    assert backend.cache.get("v1:short") == {"n": 1}
    backend.advance(1.2)
    assert backend.cache.get("v1:short") is None
    assert backend.cache.get("v1:default") == {"n": 2}


def test_ttl_below_one_second_stores_nothing(backend: Backend) -> None:
    backend.cache.set("v1:k", {"n": 1}, ttl=0)
    assert backend.cache.get("v1:k") is None
    assert backend.cache.stats().errors == 0


@pytest.mark.parametrize("bad", [{"when": object()}, {"score": float("nan")}, ["not", "a", "dict"]])
def test_unstorable_value_is_counted_not_raised(backend: Backend, bad: object) -> None:
    backend.cache.set("v1:k", bad)  # type: ignore[arg-type]
    assert backend.cache.get("v1:k") is None
    assert backend.cache.stats().errors == 1
    assert backend.cache.error_count() == 1


def test_stats_count_hits_and_misses_and_name_the_backend(backend: Backend) -> None:
    backend.cache.set("v1:k", {"n": 1})
    backend.cache.get("v1:k")
    backend.cache.get("v1:k")
    backend.cache.get("v1:other")
    stats = backend.cache.stats()
    assert (stats.hits, stats.misses, stats.errors) == (2, 1, 0)
    assert backend.cache.error_count() == 0
    assert stats.backend == backend.cache.name
    assert stats.backend in {"memory", "redis"}


# make_cache builds the participants of this contract by name.


@pytest.mark.parametrize(("name", "kind"), [("none", NullCache), ("memory", MemoryCache)])
def test_make_cache_builds_local_backends(name: str, kind: type) -> None:
    cache = make_cache(name, redis_url=None, max_entries=5, ttl=30)
    assert isinstance(cache, kind)
    assert cache.stats().backend == name


def test_make_cache_builds_redis_without_connecting() -> None:
    # Nothing listens on port 1: building must still succeed, and a get is just a miss.
    cache = make_cache("redis", redis_url="redis://127.0.0.1:1/0", max_entries=5, ttl=30)
    assert isinstance(cache, RedisCache)
    assert cache.ttl == 30
    assert cache.get("v1:k") is None


@pytest.mark.parametrize(
    ("name", "url", "message"),
    [
        ("redis", None, "needs a Redis URL"),
        ("memcached", None, "choose one of: memory, none, redis"),
    ],
)
def test_make_cache_rejects_bad_configuration(name: str, url: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_cache(name, redis_url=url, max_entries=5, ttl=30)


def test_importing_the_package_does_not_import_redis() -> None:
    # Run in a fresh interpreter: this test session has imported redis-py already.
    code = "import sys, service.cache; sys.exit('redis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_entry_carries_the_stored_json(backend: Backend) -> None:
    assert backend.cache.get_entry("v1:absent") is None
    backend.cache.set("v1:k", VERDICT)
    entry = backend.cache.get_entry("v1:k")
    assert entry is not None and entry.value == VERDICT
    # The body is served as it is: UTF-8 JSON of the same object, not re-encoded text.
    assert json.loads(entry.body.decode("utf-8")) == VERDICT
    assert "爱上海论坛".encode() in entry.body
    stats = backend.cache.stats()
    assert (stats.hits, stats.misses) == (1, 1)
