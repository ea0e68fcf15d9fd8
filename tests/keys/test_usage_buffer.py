"""Tests for the usage buffer: counts summed in memory, written by timer or flush, never lost."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from service.db import open_database
from service.keys.store import KeyStore
from service.keys.usage import month_calls, sites
from service.keys.usage_buffer import UsageBuffer

MONTH = "2026-12"


@pytest.fixture()
def engine(tmp_path: Path) -> Engine:
    engine = open_database(f"sqlite:///{tmp_path / 'k.db'}")
    KeyStore(engine, lambda: "pepper").ensure_schema()
    return engine


def test_counts_are_summed_and_written_in_one_flush(engine: Engine) -> None:
    buf = UsageBuffer(lambda: engine, interval=60, at_exit=False)
    for _ in range(3):
        buf.add(7, "a.example", MONTH, api_calls=1, spam=1)
    buf.add(7, "b.example", MONTH, api_calls=1, ham=1)
    # Nothing reaches the database before a flush: the calls cost no transaction.
    assert month_calls(engine, 7, MONTH) == 0 and buf.pending == 2
    assert buf.flush() is True
    assert month_calls(engine, 7, MONTH) == 4 and buf.pending == 0
    by_site = {r["site"]: r for r in sites(engine, 7, MONTH)}
    assert by_site["a.example"]["spam"] == 3 and by_site["b.example"]["ham"] == 1
    buf.close()


def test_the_timer_writes_waiting_counts(engine: Engine) -> None:
    buf = UsageBuffer(lambda: engine, interval=0.05, at_exit=False)
    buf.add(1, "a.example", MONTH, api_calls=1)
    deadline = time.monotonic() + 5
    while month_calls(engine, 1, MONTH) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert month_calls(engine, 1, MONTH) == 1 and buf.pending == 0
    buf.close()


def test_a_failed_write_keeps_the_counts_for_the_next(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A database without the usage table fails every write, as an unmigrated one would.
    broken = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    current = [broken]
    buf = UsageBuffer(lambda: current[0], interval=60, at_exit=False)
    with caplog.at_level(logging.WARNING, logger="service.keys.usage_buffer"):
        buf.add(2, "a.example", MONTH, api_calls=1)
        assert buf.flush() is False and buf.pending == 1
        buf.add(2, "a.example", MONTH, api_calls=1)
        assert buf.flush() is False and buf.pending == 1
        current[0] = engine
        assert buf.flush() is True
    assert month_calls(engine, 2, MONTH) == 2
    # One warning for the outage and one when it is over, not one per retry.
    messages = [r.getMessage() for r in caplog.records]
    assert sum("not written" in m for m in messages) == 1
    assert sum("written again" in m for m in messages) == 1
    buf.close()


def test_close_writes_what_waits(engine: Engine) -> None:
    buf = UsageBuffer(lambda: engine, interval=60, at_exit=False)
    buf.add(3, "a.example", MONTH, false_positives=1)
    buf.close()
    assert sites(engine, 3, MONTH)[0]["false_positives"] == 1


def test_unknown_counter_is_refused_at_the_call(engine: Engine) -> None:
    buf = UsageBuffer(lambda: engine, interval=60, at_exit=False)
    with pytest.raises(ValueError, match="unknown usage counters"):
        buf.add(4, "a.example", MONTH, bogus=1)
    assert buf.pending == 0
