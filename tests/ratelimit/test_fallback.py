"""Tests for falling back from a failing shared limiter to memory."""

from __future__ import annotations

import logging

import pytest
import redis

from ratelimit.clock import Clock
from service.ratelimit.base import Decision
from service.ratelimit.fallback import FallbackLimiter
from service.ratelimit.memory import MemoryLimiter


class Broken:
    name = "redis"

    def hit(self, key: str, limit: int, cost: int = 1) -> Decision:
        raise redis.ConnectionError("down")


def test_fallback_degrades_to_memory_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    lim = FallbackLimiter(Broken(), MemoryLimiter(clock=clock), (redis.RedisError,), clock=clock)
    with caplog.at_level(logging.WARNING):
        results = [lim.hit("k", 2).allowed for _ in range(3)]
        clock.now += 5
        lim.hit("j", 2)
    assert results == [True, True, False]
    assert sum("unavailable" in r.getMessage() for r in caplog.records) == 1
