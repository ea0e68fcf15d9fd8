"""Smoke-test the in-process profile of cache hits and its timing against the baselines."""

from __future__ import annotations

import pytest

from service.bench.profile import profile, timed

pytestmark = pytest.mark.redis


def test_profile_serves_hits_and_lists_the_top_entries(redis_url: str) -> None:
    out = profile(redis_url, count=50, unique=False, top=5)
    assert out.startswith("50 requests, 0 not 200")
    assert "tottime" in out and "cumulative" in out


def test_profile_with_an_api_key_runs_the_key_check(redis_url: str) -> None:
    out = profile(redis_url, count=50, unique=False, top=40, keyed=True)
    assert out.startswith("50 requests, 0 not 200")
    assert "charged_lookup" in out and "lookup" in out


def test_timed_measures_every_app(redis_url: str) -> None:
    t = timed(redis_url, count=20, rounds=1)
    assert set(t) == {
        "bare",
        "bare + Redis GET",
        "hit, memory cache",
        "hit, Redis cache",
        "hit, Redis, API key",
    }
    assert all(wall > 0 and cpu > 0 for wall, cpu in t.values())
