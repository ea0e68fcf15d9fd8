"""Tests for the scan-throughput bench: its export, and one small queued run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.bench.scan_rate import queued_rate, write_export


def test_the_export_has_distinct_items_in_every_language(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    write_export(path, 20)
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(rows) == 20 and len({r["text"] for r in rows}) == 20
    assert len({r["id"] for r in rows}) == 20


@pytest.mark.redis
@pytest.mark.slow
def test_a_queued_run_reports_rate_and_redis_commands(tmp_path: Path, redis_url: str) -> None:
    path = tmp_path / "items.jsonl"
    write_export(path, 30)
    result = queued_rate(redis_url, path, workers=1, batch=10)
    assert result["items_per_s"] > 0 and result["redis_ops_per_item"] > 0
    assert result["worker_cpu_ms_per_item"] > 0
