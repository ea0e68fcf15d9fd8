"""Tests for the queued-scan coordinator against a real Redis and an in-process RQ worker."""

from __future__ import annotations

import signal
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from rq import Queue
from rq.job import Job
from rq.serializers import JSONSerializer

from service.config import load_settings
from service.runtime.runtime import Runtime
from service.scan.coordinator import QueuedScan, QueueOptions, scan_id_for
from service.scan.export import ScanItem, read_export
from service.scan.jobs import use_runtime
from service.scan.keys import QUEUE_NAME, ScanKeys
from service.scan.worker import ScanWorker

from .items import write_items


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis[bytes]]:
    client: redis.Redis[bytes] = redis.Redis.from_url(redis_url)
    Queue(QUEUE_NAME, connection=client).empty()
    yield client
    Queue(QUEUE_NAME, connection=client).empty()
    client.close()


@pytest.fixture
def items(tmp_path: Path) -> list[ScanItem]:
    path = tmp_path / "items.jsonl"
    write_items(path, 30)
    return read_export(path)


@pytest.fixture(scope="module", autouse=True)
def runtime() -> None:
    use_runtime(Runtime.start(load_settings(environ={})))


def _work(client: redis.Redis[Any]) -> None:
    queue = Queue(QUEUE_NAME, connection=client, serializer=JSONSerializer)
    # The worker takes over SIGINT and SIGTERM; give them back, or a later SIGTERM to the
    # test session asks a finished RQ worker for a warm shutdown instead of stopping it.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        ScanWorker([queue], connection=client, serializer=JSONSerializer).work(burst=True)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.mark.redis
def test_a_scan_runs_and_a_rerun_resumes_it(
    client: redis.Redis[bytes], items: list[ScanItem]
) -> None:
    sid = uuid.uuid4().hex[:16]
    job = QueuedScan(client, sid, items, QueueOptions(batch_size=8, window=2))
    assert job.start("items.jsonl") == 0 and job.batches == 4
    job.sweep()
    assert Queue(QUEUE_NAME, connection=client).count == 2  # the window holds back the rest
    while job.done() < job.total:
        _work(client)
        job.sweep()
    assert [r["id"] for r in job.rows()] == [i.id for i in items]
    again = QueuedScan(client, sid, items, QueueOptions(batch_size=8, window=2))
    assert again.start("items.jsonl") == len(items)
    again.sweep()
    assert Queue(QUEUE_NAME, connection=client).count == 0  # nothing left to queue
    job.finish()
    assert 0 < client.ttl(ScanKeys(sid).rows) <= QueueOptions().keep_s


@pytest.mark.redis
def test_a_lost_batch_is_requeued_then_reported_as_errors(
    client: redis.Redis[bytes], items: list[ScanItem]
) -> None:
    sid = uuid.uuid4().hex[:16]
    job = QueuedScan(client, sid, items[:5], QueueOptions(batch_size=5, max_attempts=2))
    job.start("items.jsonl")
    job.sweep()
    first = client.hget(ScanKeys(sid).jobs, "0")
    assert first is not None
    # A worker took the job and died before taking its lease: the job is gone.
    Job.fetch(first.decode(), connection=client, serializer=JSONSerializer).delete()
    job.sweep()  # suspected once: perhaps caught between dequeue and lease
    assert client.hget(ScanKeys(sid).jobs, "0") == first
    job.sweep()
    second = client.hget(ScanKeys(sid).jobs, "0")
    assert second is not None and second.endswith(b"-1")
    Job.fetch(second.decode(), connection=client, serializer=JSONSerializer).delete()
    job.sweep()
    job.sweep()  # the last attempt is lost too: its items become error rows
    rows = list(job.rows())
    assert len(rows) == 5 and all("failed 2 times" in r["error"] for r in rows)


def test_the_scan_id_follows_content_and_batch_size(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"text": "x"}\n', "utf-8")
    b.write_text('{"text": "x"}\n', "utf-8")
    assert scan_id_for(a, 100) == scan_id_for(b, 100) != scan_id_for(a, 50)
