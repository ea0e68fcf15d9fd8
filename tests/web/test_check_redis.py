"""Tests for the check endpoint with a real Redis cache: hits, invalidation, outages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from live_server import LiveServer
from redis_server import RedisServer

from service.config import REPO_ROOT

pytestmark = pytest.mark.redis
SHANGHAI = (REPO_ROOT / "tests" / "data" / "shanghai-article.txt").read_text("utf-8")


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped rules that a test may edit."""
    dst = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", dst, ignore=shutil.ignore_patterns("local"))
    (dst / "local").mkdir()
    return dst


@pytest.fixture()
def redis_live(redis_server: RedisServer, rules_copy: Path) -> Iterator[LiveServer]:
    import redis

    redis.Redis.from_url(redis_server.url).flushdb()
    srv = LiveServer(
        {
            "cache": "redis",
            "redis_url": redis_server.url,
            "rules_dir": rules_copy,
            "local_rules_dir": rules_copy / "local",
            "rules_poll_s": 0.0,
        }
    )
    yield srv
    srv.stop()


def _check(srv: LiveServer, text: str) -> dict[str, object]:
    r = requests.post(f"{srv.url}/v1/check", json={"text": text}, timeout=30)
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def test_second_request_is_a_redis_hit(redis_live: LiveServer) -> None:
    first = _check(redis_live, SHANGHAI)
    second = _check(redis_live, SHANGHAI)
    assert first["cached"] is False and second["cached"] is True
    assert {**first, "cached": True} == second


def test_rule_change_makes_the_next_request_miss(redis_live: LiveServer, rules_copy: Path) -> None:
    text = "Tea at the Peace Hotel, then a slow walk along the river."
    before = _check(redis_live, text)
    assert before["cached"] is False
    assert _check(redis_live, text)["cached"] is True
    (rules_copy / "local" / "extra.toml").write_text(
        '[[rule]]\nid = "LOCAL_TEST_PHRASE"\ndescription = "A phrase an operator added."\n'
        'score = 0.2\nlanguages = ["*"]\ngroup = "scam"\nkeywords = ["zzqqxx unusual"]\n'
        '[rule.examples]\nmatch = ["zzqqxx unusual"]\nno_match = ["tea at the hotel"]\n',
        encoding="utf-8",
    )
    after = _check(redis_live, text)
    assert after["cached"] is False
    assert after["versions"]["rules"] != before["versions"]["rules"]
    assert _check(redis_live, text)["cached"] is True


def test_redis_stopped_mid_run_still_answers(
    redis_live: LiveServer, redis_server: RedisServer
) -> None:
    texts = [SHANGHAI, "A quiet afternoon walk along the Bund.", SHANGHAI]
    expected = [_check(redis_live, t)["verdict"] for t in texts]
    redis_server.stop()
    try:
        for t, want in zip(texts * 3, expected * 3, strict=True):
            body = _check(redis_live, t)
            assert body["verdict"] == want
            assert body["cached"] is False
    finally:
        redis_server.start()
    # Caching resumes by itself once Redis is back (after the breaker's pause).
    import time

    deadline = time.monotonic() + 10
    cached = False
    while time.monotonic() < deadline and not cached:
        _check(redis_live, texts[1])
        cached = bool(_check(redis_live, texts[1])["cached"])
        time.sleep(0.3)
    assert cached


def test_model_change_makes_the_next_request_miss(
    redis_server: RedisServer, rules_copy: Path
) -> None:
    import redis

    redis.Redis.from_url(redis_server.url).flushdb()
    text = "Dinner in the French Concession, then a late film."
    base = {
        "cache": "redis",
        "redis_url": redis_server.url,
        "rules_dir": rules_copy,
        "local_rules_dir": rules_copy / "local",
    }
    with_model = LiveServer(base)
    try:
        assert _check(with_model, text)["cached"] is False
        assert _check(with_model, text)["cached"] is True
    finally:
        with_model.stop()
    rules_only = LiveServer({**base, "model_dir": None})
    try:
        body = _check(rules_only, text)
        assert body["cached"] is False
        assert body["versions"]["model"] == "none"  # type: ignore[index]
    finally:
        rules_only.stop()


def test_a_hit_is_served_as_stored(redis_live: LiveServer, redis_server: RedisServer) -> None:
    import redis

    first = _check(redis_live, "A quiet walk along the Bund, then tea.")
    client = redis.Redis.from_url(redis_server.url)
    (key,) = client.keys("darnel:v1:*")
    stored = client.get(key)
    r = requests.post(
        f"{redis_live.url}/v1/check",
        json={"text": "A quiet walk along the Bund, then tea."},
        timeout=30,
    )
    # The stored entry is already the hit's answer: no decoding and encoding again.
    assert r.content == stored and r.headers["Content-Type"] == "application/json"
    assert r.json() == {**first, "cached": True}


def test_an_entry_stored_by_an_older_release_is_marked_cached(
    redis_live: LiveServer, redis_server: RedisServer
) -> None:
    import json

    import redis

    first = _check(redis_live, "Tea by the river.")
    client = redis.Redis.from_url(redis_server.url)
    (key,) = client.keys("darnel:v1:*")
    client.set(key, json.dumps(first))  # as older releases stored it: "cached": false
    assert _check(redis_live, "Tea by the river.") == {**first, "cached": True}
