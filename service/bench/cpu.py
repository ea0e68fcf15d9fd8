"""How much CPU other processes took while a scenario ran.

The targets are ratios against baselines measured in the same run, which cancels a slow
machine but not a shared one: a run during which another process took a core once showed
e1/c = 0.97 "met" (c fell to half its rate) where quiet runs gave 0.50. The bench counts
the machine's busy CPU time and its own (itself, the servers it started, wrk) around each
scenario; the difference is what other processes took.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def machine_busy_s() -> float:
    """Return the CPU seconds every core has spent busy since boot (/proc/stat)."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu "):
            v = [int(x) for x in line.split()[1:]]
            # user nice system idle iowait irq softirq steal: all but idle and iowait.
            return (v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)) / _TICK
    raise OSError("/proc/stat has no cpu line")


def stat_fields(pid: int) -> list[str] | None:
    """Return a process's /proc/<pid>/stat fields after its name (state, ppid, …, utime at
    11, stime, cutime, cstime), or None once it is gone."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces or parentheses; fields resume after the last ')'.
    return stat[stat.rfind(")") + 2 :].split()


def processes() -> dict[int, list[str]]:
    """Return every live process's stat fields, by pid (one scan of /proc)."""
    out: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            f = stat_fields(int(entry.name))
            if f is not None and len(f) > 14:
                out[int(entry.name)] = f
    return out


def process_cpu_s(pid: int) -> float:
    """Return a live process's own user + system CPU seconds; OSError once it is gone."""
    f = stat_fields(pid)
    if f is None:
        raise OSError(f"no process {pid}")
    return (int(f[11]) + int(f[12])) / _TICK


def _tree_s(table: dict[int, list[str]], root: int) -> float:
    """Return the CPU seconds of a process and everything it started: its own time, its
    reaped children's, and each live descendant's with the children it reaped."""
    if root == os.getpid():
        t = os.times()
        total = t.user + t.system + t.children_user + t.children_system
    elif root in table:
        total = sum(int(x) for x in table[root][11:15]) / _TICK  # utime stime cutime cstime
    else:
        total = 0.0
    kids: dict[int, list[int]] = {}
    for pid, f in table.items():
        kids.setdefault(int(f[1]), []).append(pid)
    stack = list(kids.get(root, []))
    while stack:
        pid = stack.pop()
        total += sum(int(x) for x in table[pid][11:15]) / _TICK
        stack += kids.get(pid, [])
    return total


def tree_cpu_s(root: int | None = None) -> float:
    """Return the CPU seconds of a process tree (this process's by default)."""
    return _tree_s(processes(), os.getpid() if root is None else root)


@dataclass(frozen=True)
class Reading:
    """The machine's busy CPU time and this process tree's, at one moment."""

    busy_s: float
    own_s: float


def read(also: tuple[int, ...] = ()) -> Reading:
    """Take a reading now; `also` names processes outside this tree whose CPU is the
    bench's too (a Redis server given with --redis-url)."""
    table = processes()
    own = sum(_tree_s(table, root) for root in (os.getpid(), *also))
    return Reading(machine_busy_s(), own)


def local_redis_pid(url: str) -> int | None:
    """Return the pid of the Redis server at `url` when it runs on this machine, else None
    (its CPU then counts as other processes')."""
    import redis

    try:
        pid = int(redis.Redis.from_url(url, socket_timeout=2).info("server")["process_id"])
        comm = (Path("/proc") / str(pid) / "comm").read_text().strip()
    except (redis.RedisError, OSError, KeyError, ValueError):
        return None
    return pid if comm.startswith("redis") else None


def other_cores(before: Reading, after: Reading, wall_s: float) -> float:
    """Return how many cores, on average, processes outside this tree kept busy between two
    readings (never below 0: the two clocks tick apart)."""
    if wall_s <= 0:
        return 0.0
    other = (after.busy_s - before.busy_s) - (after.own_s - before.own_s)
    return max(0.0, other / wall_s)
