"""A queued scan survives a SIGKILLed worker: every item reported once, as in-process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from service.config import load_settings
from service.runtime.runtime import Runtime
from service.scan import read_export, scan

from .items import write_items

ITEMS = 2000
ROOT = Path(__file__).resolve().parents[2]


def _darnel(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def _wait_for_lease(client: redis.Redis[bytes], scan_id: str, pid: int) -> int:
    """Return a batch that the worker with ``pid`` holds once it has done some work."""
    deadline = time.monotonic() + 120
    pattern = f"darnel:scan:{scan_id}:lease:*"
    while time.monotonic() < deadline:
        if client.hlen(f"darnel:scan:{scan_id}:rows") > 0:
            for key in client.scan_iter(match=pattern):
                if (client.get(key) or b"").endswith(f":{pid}".encode()):
                    return int(key.rsplit(b":", 1)[1])
        time.sleep(0.02)
    raise AssertionError("the worker never held a batch")


@pytest.mark.redis
@pytest.mark.slow
def test_sigkilled_worker_loses_no_item(
    tmp_path: Path, redis_url: str, procs: list[subprocess.Popen[bytes]]
) -> None:
    export = tmp_path / "items.jsonl"
    ids = write_items(export, ITEMS)
    expected = {
        row["id"]: row["verdict"]
        for row in scan(
            read_export(export),
            Runtime.start(load_settings(environ={})).engine,
            everything=True,
        )
    }

    env = {**os.environ, "DARNEL_INSTANCE_DIR": str(tmp_path / "instance")}
    env.pop("DARNEL_REDIS_URL", None)
    scan_id = uuid.uuid4().hex[:16]
    report = tmp_path / "report.jsonl"
    coordinator = _darnel(
        ["scan", str(export), "--queue", redis_url, "--all", "--out", str(report),
         "--batch", "25", "--lease", "3", "--poll", "0.2", "--scan-id", scan_id,
         "--summary", str(tmp_path / "summary.json")],
        env, tmp_path / "scan.log",
    )  # fmt: skip
    procs.append(coordinator)
    workers = [
        _darnel(["worker", "--queue", redis_url], env, tmp_path / f"worker{n}.log") for n in (1, 2)
    ]
    procs.extend(workers)

    client: redis.Redis[bytes] = redis.Redis.from_url(redis_url)
    victim = workers[0]
    batch = _wait_for_lease(client, scan_id, victim.pid)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)

    assert coordinator.wait(timeout=300) == 0, (tmp_path / "scan.log").read_text()
    rows = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(ids)  # each item exactly once
    assert {r["id"]: r["verdict"] for r in rows} == expected
    # The killed worker's batch was handed on, not finished by a ghost.
    retried = client.hget(f"darnel:scan:{scan_id}:jobs", str(batch))
    assert retried is not None and not retried.endswith(b"-0")
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))["summary"]
    assert summary["items"] == ITEMS
    assert summary["verdicts"]["block"] == sum(v == "block" for v in expected.values()) > 0
    workers[1].terminate()
    assert workers[1].wait(timeout=30) == 0
