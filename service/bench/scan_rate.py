"""Measure queued-scan throughput: items per second for 1, 2, … `darnel worker` processes.

Also counts the Redis commands the scan costs per item (INFO commandstats before and
after), the figure docs/scaling.md plans the queue's limits with.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import redis

from service.bench.cpu import process_cpu_s
from service.bench.texts import LANGUAGES, sentences
from service.config import REPO_ROOT


def write_export(path: Path, count: int, per_item: int = 3) -> None:
    """Write ``count`` JSONL items of ``per_item`` real sentences, languages in turn."""
    pools = {lang: sentences(lang) for lang in LANGUAGES}
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            lang = LANGUAGES[i % len(LANGUAGES)]
            pool = pools[lang]
            start = (i // len(LANGUAGES)) * per_item
            text = " ".join(pool[(start + k) % len(pool)] for k in range(per_item))
            f.write(json.dumps({"id": f"i{i}", "text": text}, ensure_ascii=False) + "\n")


def _commands(client: redis.Redis[Any]) -> int:
    stats = client.info("commandstats")
    return sum(int(v["calls"]) for v in stats.values() if isinstance(v, dict))


def _wait_listening(client: redis.Redis[Any], count: int, timeout: float = 120) -> None:
    from rq import Worker

    deadline = time.monotonic() + timeout
    while Worker.count(connection=client) < count:
        if time.monotonic() > deadline:
            raise RuntimeError("workers did not start")
        time.sleep(0.2)


def queued_rate(url: str, export: Path, workers: int, batch: int) -> dict[str, float]:
    """Scan ``export`` with ``workers`` fresh worker processes; return items/s and ops/item."""
    from service.scan.coordinator import QueuedScan, QueueOptions
    from service.scan.export import read_export

    client: redis.Redis[Any] = redis.Redis.from_url(url)
    items = read_export(export)
    env = {**os.environ, "DARNEL_LOG_LEVEL": "WARNING"}
    cmd = [sys.executable, "-m", "service", "worker", "--queue", url]
    null = subprocess.DEVNULL
    procs = [
        subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdin=null, stdout=null, stderr=null)
        for _ in range(workers)
    ]
    try:
        _wait_listening(client, workers)
        job = QueuedScan(client, uuid.uuid4().hex[:16], items, QueueOptions(batch_size=batch))
        ops_before = _commands(client)
        cpu_before = sum(process_cpu_s(p.pid) for p in procs)
        start = time.perf_counter()
        job.start(str(export))
        while job.step() < job.total:
            time.sleep(0.2)
        took = time.perf_counter() - start
        # The workers' own CPU per item: what a core yields when no other process wants it.
        cpu = sum(process_cpu_s(p.pid) for p in procs) - cpu_before
        ops = _commands(client) - ops_before
        client.delete(*job.keys.all_fixed())
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)
    return {
        "items_per_s": len(items) / took,
        "worker_cpu_ms_per_item": cpu / len(items) * 1000,
        "redis_ops_per_item": ops / len(items),
    }


def inprocess_rate(export: Path) -> float:
    """Scan ``export`` in this process (`darnel scan` without --queue); return items/s."""
    from service.config import load_settings
    from service.runtime.runtime import Runtime
    from service.scan.check import scan
    from service.scan.export import read_export

    items = read_export(export)
    engine = Runtime.start(load_settings()).engine
    start = time.perf_counter()
    for _ in scan(items, engine, everything=True):
        pass
    return len(items) / (time.perf_counter() - start)


def main(argv: Sequence[str] | None = None) -> int:
    """Print items/s in-process and for each worker count, measured in one run."""
    p = argparse.ArgumentParser(prog="python -m service.bench.scan_rate", description=__doc__)
    p.add_argument("--redis-url", required=True)
    p.add_argument("--items", type=int, default=2000)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="darnel-scan-rate-") as tmp:
        export = Path(tmp) / "items.jsonl"
        write_export(export, args.items)
        print(f"in-process: {inprocess_rate(export):.1f} items/s", flush=True)
        for n in args.workers:
            r = queued_rate(args.redis_url, export, n, args.batch)
            print(f"{n} worker(s): {r['items_per_s']:.1f} items/s, "
                  f"{r['worker_cpu_ms_per_item']:.1f} worker CPU ms per item, "
                  f"{r['redis_ops_per_item']:.2f} Redis commands per item", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
