"""Tests for the native key check over real HTTP: the limit charged with the cache lookup."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from keys.support import cms_overrides, key_store, make_key
from live_server import LiveServer
from redis_server import RedisServer
from samples import HAM

from service.keys.usage import current_month, month_calls


def _check(srv: LiveServer, key: str, **kw: Any) -> httpx.Response:
    kw.setdefault("json", {"text": HAM})
    return httpx.post(f"{srv.url}/v1/check", headers={"X-Darnel-Key": key}, timeout=30, **kw)


@pytest.mark.redis
def test_cached_checks_with_a_key_are_limited_through_redis(redis_url: str, tmp_path: Path) -> None:
    redis.Redis.from_url(redis_url).flushdb()
    overrides = cms_overrides(tmp_path, cache="redis", redis_url=redis_url)
    srv = LiveServer(overrides)
    try:
        key = make_key(overrides, rate_limit=3)
        answers = [_check(srv, key) for _ in range(4)]
        assert [r.status_code for r in answers] == [200, 200, 200, 429]
        assert [r.json().get("cached") for r in answers[:3]] == [False, True, True]
        assert 1 <= int(answers[3].headers["Retry-After"]) <= 60
        # The window lives in Redis, where every worker and host sees it.
        kid = key_store(overrides).lookup(key)
        assert kid is not None
        assert redis.Redis.from_url(redis_url).get(f"darnel:rl:key:{kid.id}") == b"4"
    finally:
        srv.stop()


@pytest.mark.redis
def test_a_bad_body_is_charged_and_a_spent_key_gets_429_first(
    redis_url: str, tmp_path: Path
) -> None:
    redis.Redis.from_url(redis_url).flushdb()
    overrides = cms_overrides(tmp_path, cache="redis", redis_url=redis_url)
    srv = LiveServer(overrides)
    try:
        key = make_key(overrides, rate_limit=2)
        r = _check(srv, key, content=b"{not json")
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"
        assert _check(srv, key).status_code == 200
        r = _check(srv, key, content=b"{not json")
        assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
        # The two allowed calls are counted (the refused one is not), bad body included.
        srv.app.extensions["darnel.cms"].usage().flush()
        stored = key_store(overrides).lookup(key)
        assert stored is not None
        assert month_calls(key_store(overrides).engine, stored.id, current_month()) == 2
    finally:
        srv.stop()


def test_redis_down_still_answers_and_limits_per_worker(tmp_path: Path) -> None:
    # Port 1 on loopback refuses connections: the cache misses, the limit is kept in memory.
    overrides = cms_overrides(tmp_path, cache="redis", redis_url="redis://127.0.0.1:1/0")
    srv = LiveServer(overrides)
    try:
        key = make_key(overrides, rate_limit=2)
        assert [_check(srv, key).status_code for _ in range(3)] == [200, 200, 429]
    finally:
        srv.stop()


@pytest.mark.redis
def test_a_redis_restart_fails_no_keyed_check_and_the_limit_returns_to_redis(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    if not redis_server.owned:
        pytest.skip("Redis comes from DARNEL_TEST_REDIS_URL; this test must stop and start it")
    redis.Redis.from_url(redis_server.url).flushdb()
    overrides = cms_overrides(tmp_path, cache="redis", redis_url=redis_server.url)
    srv = LiveServer(overrides)
    try:
        key = make_key(overrides, rate_limit=1000)
        codes = [_check(srv, key).status_code for _ in range(5)]
        redis_server.stop()
        try:
            codes += [_check(srv, key).status_code for _ in range(5)]
        finally:
            redis_server.start()
        # The restarted Redis has lost the limiter's script: the first ride gets NOSCRIPT
        # and loads it again. Past the breaker's second, the window is Redis's again.
        time.sleep(1.2)
        codes += [_check(srv, key).status_code for _ in range(5)]
        assert codes == [200] * 15
        stored = key_store(overrides).lookup(key)
        assert stored is not None
        window = redis.Redis.from_url(redis_server.url).get(f"darnel:rl:key:{stored.id}")
        assert window is not None and int(window) >= 1
    finally:
        srv.stop()
