"""Tests for service.bench.cpu: the bench tells its own CPU from other processes'."""

from __future__ import annotations

import subprocess
import sys
import time

from service.bench import cpu
from service.bench.report import SHARED_CORES, shared_warning, table
from service.bench.runner import BenchRun, Outcome, scenarios
from service.bench.wrk import WrkResult

BUSY = "import time\nend = time.monotonic() + {s}\nwhile time.monotonic() < end: pass\n"


def test_a_child_s_cpu_is_the_bench_s_own() -> None:
    before = cpu.read()
    subprocess.run([sys.executable, "-c", BUSY.format(s=1.0)], check=True)
    after = cpu.read()
    # The reaped child's second of CPU is counted as the tree's own.
    assert after.own_s - before.own_s >= 0.8
    assert after.busy_s - before.busy_s >= 0.8


def test_a_process_outside_the_tree_counts_as_other() -> None:
    # Started through a shell that exits at once: the busy loop is reparented, no longer
    # a descendant of the bench, as any other program on the machine would be.
    code = BUSY.format(s=1.5)
    subprocess.run(["sh", "-c", f"'{sys.executable}' -c '{code}' >/dev/null 2>&1 &"], check=True)
    before, t0 = cpu.read(), time.monotonic()
    time.sleep(1.0)
    other = cpu.other_cores(before, cpu.read(), time.monotonic() - t0)
    assert other >= 0.5


def _run(other: dict[str, float]) -> BenchRun:
    run = BenchRun(1.0, 16, 3, "private")
    for sc in scenarios():
        result = WrkResult(1000, 1.0, 5.0, 9.0, {})
        run.outcomes.append(Outcome(sc, result, 100.0, 3, other.get(sc.key, 0.01)))
    return run


def test_a_shared_run_is_called_shared_and_a_quiet_one_is_not() -> None:
    assert shared_warning(_run({})) is None
    warning = shared_warning(_run({"c": SHARED_CORES + 0.7}))
    assert warning is not None and "c (0.90 cores)" in warning
    assert "SHARED MACHINE" in table(_run({"c": 0.9}))
    assert "SHARED MACHINE" not in table(_run({}))


def test_a_given_local_redis_is_counted_as_the_bench_s_own(redis_url: str) -> None:
    import redis

    # The tests' Redis is a child of this process; the bench's --redis-url one usually is
    # not, and is found by the pid it reports.
    pid = cpu.local_redis_pid(redis_url)
    assert pid is not None
    assert cpu.local_redis_pid("redis://127.0.0.1:1/0") is None
    # Its CPU is read from its pid: work sent to it shows there.
    client = redis.Redis.from_url(redis_url)
    # (The clock ticks in hundredths of a second: keep it busy until one passes, at most 10 s.)
    before = cpu.tree_cpu_s(pid)
    deadline = time.monotonic() + 10
    while cpu.tree_cpu_s(pid) <= before and time.monotonic() < deadline:
        client.mget([f"k{i}" for i in range(2000)] * 10)
    assert cpu.tree_cpu_s(pid) > before
