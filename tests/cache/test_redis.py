"""Tests for the Redis cache: real-server storage, outages, breaker and client timeouts."""

from __future__ import annotations

import logging
import socket
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from redis_server import RedisServer

from service.cache.redis import RedisCache, redis_client_from_url

LOGGER = "service.cache.redis"


def warnings_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == 30]


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis[bytes]]:
    client = redis_client_from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def prefix() -> str:
    return f"darnel-test:{uuid.uuid4().hex}:"


@pytest.mark.redis
def test_values_are_stored_as_json_with_an_expiry(client: redis.Redis[bytes], prefix: str) -> None:
    cache = RedisCache(client, prefix=prefix, ttl=120)
    cache.set("v1:k", {"text": "爱上海论坛", "score": 0.5})
    raw = client.get(prefix + "v1:k")
    assert raw == '{"text":"爱上海论坛","score":0.5}'.encode()  # JSON, never pickle
    assert 110 < client.ttl(prefix + "v1:k") <= 120
    cache.set("v1:k", {"n": 1}, ttl=5)
    assert 0 < client.ttl(prefix + "v1:k") <= 5
    cache.clear()


@pytest.mark.redis
def test_clear_leaves_other_keys_alone(client: redis.Redis[bytes], prefix: str) -> None:
    # "[" in the prefix would be a glob class if clear() did not escape it.
    cache = RedisCache(client, prefix=prefix + "[x]:")
    cache.set("v1:mine", {"n": 1})
    client.set(prefix + "x:other", b"keep")
    client.set(prefix + "other", b"keep")
    cache.clear()
    assert cache.get("v1:mine") is None
    assert client.get(prefix + "x:other") == b"keep"
    assert client.get(prefix + "other") == b"keep"
    client.delete(prefix + "x:other", prefix + "other")


@pytest.mark.redis
def test_corrupt_entry_is_a_miss_and_is_dropped(
    client: redis.Redis[bytes], prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache = RedisCache(client, prefix=prefix)
    client.set(prefix + "v1:bad", b"\x80not json")
    client.set(prefix + "v1:list", b"[1, 2]")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert cache.get("v1:bad") is None
        assert cache.get("v1:list") is None
    assert client.exists(prefix + "v1:bad", prefix + "v1:list") == 0
    assert cache.stats().errors == 2 and cache.error_count() == 2
    assert len(warnings_in(caplog)) == 2
    cache.set("v1:ok", {"n": 1})  # a corrupt entry is not an outage: caching goes on
    assert cache.get("v1:ok") == {"n": 1}
    cache.clear()


@pytest.mark.redis
def test_outage_costs_little_warns_once_and_heals_itself(
    redis_server: RedisServer, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    if not redis_server.owned:
        pytest.skip("needs a redis-server this session started (not DARNEL_TEST_REDIS_URL)")
    client = redis_client_from_url(redis_server.url)
    cache = RedisCache(client, prefix=prefix, breaker_seconds=0.3)
    cache.set("v1:k", {"n": 1})
    assert cache.get("v1:k") == {"n": 1}  # a pooled connection now exists

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        redis_server.stop()
        try:
            durations = []
            for _ in range(20):
                started = time.perf_counter()
                assert cache.get("v1:k") is None
                cache.set("v1:k", {"n": 2})
                durations.append(time.perf_counter() - started)
            # Past the breaker interval, so Redis is really tried (and fails) again.
            time.sleep(0.35)
            started = time.perf_counter()
            assert cache.get("v1:k") is None
            durations.append(time.perf_counter() - started)
            assert warnings_in(caplog) == [warnings_in(caplog)[0]]
            assert "Redis cache unavailable" in warnings_in(caplog)[0]
            assert cache.stats().errors >= 2
        finally:
            redis_server.start()

        deadline = time.monotonic() + 5
        while cache.get("v1:k") != {"n": 1}:
            # The restarted server is empty; each round re-stores until a set sticks.
            assert time.monotonic() < deadline, "caching did not resume after Redis came back"
            cache.set("v1:k", {"n": 1})
            time.sleep(0.05)
    print(f"outage call durations: max {max(durations) * 1000:.1f} ms")
    assert max(durations) < 0.5
    assert sum(durations) < 2.0
    assert warnings_in(caplog)[-1] == "Redis cache back"
    assert len(warnings_in(caplog)) == 2
    cache.clear()
    client.close()


def test_unresponsive_redis_is_cut_off_by_the_socket_timeout(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A listening socket that never answers: like a hung or overloaded Redis.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        cache = RedisCache(redis_client_from_url(f"redis://127.0.0.1:{port}/0"))
        started = time.perf_counter()
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            for _ in range(20):
                assert cache.get("v1:k") is None
        elapsed = time.perf_counter() - started
    assert elapsed < 1.0  # one 0.25 s timeout, then the breaker skips Redis
    assert len(warnings_in(caplog)) == 1
    assert cache.stats().errors == 1
    assert cache.stats().misses == 20


class FailingClient:
    """Stands in for redis.Redis: every command fails, and calls are counted."""

    def __init__(self) -> None:
        self.calls = 0
        self.healthy = False
        self.data: dict[str, Any] = {}

    def _call(self) -> None:
        self.calls += 1
        if not self.healthy:
            raise redis.ConnectionError("Connection refused")

    def get(self, name: str) -> Any:
        self._call()
        return self.data.get(name)

    def set(self, name: str, value: Any, ex: int) -> None:
        self._call()
        self.data[name] = value


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_breaker_skips_redis_then_lets_one_probe_through(caplog: pytest.LogCaptureFixture) -> None:
    fake, clock = FailingClient(), Clock()
    cache = RedisCache(fake, breaker_seconds=1.0, clock=clock)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert cache.get("k") is None
        assert fake.calls == 1
        for _ in range(50):
            cache.get("k")
            cache.set("k", {"n": 1})
        assert fake.calls == 1  # open breaker: Redis not touched
        clock.now = 1.0
        cache.get("k")
        assert fake.calls == 2  # one probe, which fails and re-opens the breaker
        cache.get("k")
        assert fake.calls == 2
        fake.healthy = True
        clock.now = 2.0
        cache.set("k", {"n": 1})
        assert cache.get("k") == {"n": 1}
    assert warnings_in(caplog) == [warnings_in(caplog)[0], "Redis cache back"]
    assert cache.stats().errors == 2


def test_client_from_url_fails_fast_and_connects_lazily() -> None:
    client = redis_client_from_url("redis://127.0.0.1:1/3")
    kwargs = client.connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] == 0.25
    assert kwargs["socket_connect_timeout"] == 0.25
    assert kwargs["health_check_interval"] > 0
    assert kwargs["retry"].get_retries() == 0
    assert kwargs["db"] == 3
    started = time.perf_counter()
    with pytest.raises(redis.ConnectionError):
        client.ping()
    assert time.perf_counter() - started < 0.5
