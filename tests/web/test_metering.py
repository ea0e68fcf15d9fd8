"""Tests for metric children remembered by label values."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter

from service.web.metering import child


def test_children_are_looked_up_once_and_count() -> None:
    metric = Counter("t_total", "test", ["a", "b"], registry=CollectorRegistry())
    first = child(metric, "x", "y")
    assert child(metric, "x", "y") is first and child(metric, "x", "z") is not first
    first.inc()
    child(metric, "x", "y").inc()
    assert metric.labels("x", "y")._value.get() == 2
