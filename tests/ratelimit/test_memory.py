"""Tests for the in-memory rate limiter: fixed windows, costs, resets."""

from __future__ import annotations

from ratelimit.clock import Clock
from service.ratelimit.base import Decision
from service.ratelimit.memory import MemoryLimiter


def test_memory_window_allows_limit_then_refuses_until_reset() -> None:
    clock = Clock()
    lim = MemoryLimiter(window=60, clock=clock)
    assert [lim.hit("k", 2).allowed for _ in range(3)] == [True, True, False]
    clock.now += 30
    assert lim.hit("k", 2).retry_after == 30
    assert lim.hit("other", 2).allowed
    clock.now += 31
    assert lim.hit("k", 2) == Decision(True, 1, 2, 60)


def test_cost_counts_several_hits() -> None:
    lim = MemoryLimiter(clock=Clock())
    assert lim.hit("k", 5, cost=5).allowed
    assert not lim.hit("k", 5).allowed
