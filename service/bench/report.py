"""Turn a benchmark run into ratios, target verdicts, a printed table and a JSON record."""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.bench.runner import BenchRun, Outcome

# The targets. They are reported, never asserted: timings vary by machine.
TARGET_D_OVER_B = 0.85
TARGET_E1_OVER_C = 0.8
TARGET_P99_MS = 1000.0
TARGET_RSS_MB = 250.0
# Per-KB cost of a longer text relative to 1 KB; above 1.0 cost grows faster than length.
TARGET_GROWTH = 1.0
# Cores other processes may keep busy during a scenario before the run is called shared:
# an idle machine shows about 0.02.
SHARED_CORES = 0.2


@dataclass(frozen=True)
class Target:
    """One target: what is measured, the bound, and whether this run met it."""

    name: str
    value: float | None
    bound: str
    met: bool | None  # None: not measurable in this run (a scenario failed)


def _by_key(run: BenchRun) -> dict[str, Outcome]:
    return {o.scenario.key: o for o in run.outcomes}


def _ratio(a: Outcome | None, b: Outcome | None) -> float | None:
    if a is None or b is None or b.result.rps == 0:
        return None
    return a.result.rps / b.result.rps


def per_kb_ms(o: Outcome) -> float | None:
    """Return server time per request per KB of text (1000 / rps / KB), None if nothing done."""
    if o.result.rps == 0:
        return None
    return 1000.0 / o.result.rps / o.scenario.size_kb


def _target(name: str, value: float | None, bound: str, ok: Callable[[float], bool]) -> Target:
    return Target(name, value, bound, None if value is None else ok(value))


def targets(run: BenchRun) -> list[Target]:
    """Judge the run against every target."""
    got = _by_key(run)
    out = [
        _target(
            "d/b (cached check vs bare + Redis GET)",
            _ratio(got.get("d"), got.get("b")),
            f">= {TARGET_D_OVER_B}",
            lambda v: v >= TARGET_D_OVER_B,
        ),
        _target(
            "dk/b (the same with an API key)",
            _ratio(got.get("dk"), got.get("b")),
            f">= {TARGET_D_OVER_B}",
            lambda v: v >= TARGET_D_OVER_B,
        ),
        _target(
            "e(1 KB)/c (uncached check vs langdetect only)",
            _ratio(got.get("e1"), got.get("c")),
            f">= {TARGET_E1_OVER_C}",
            lambda v: v >= TARGET_E1_OVER_C,
        ),
        _target(
            "worst p99 latency, ms",
            max((o.result.p99_ms for o in run.outcomes), default=None),
            f"< {TARGET_P99_MS:g}",
            lambda v: v < TARGET_P99_MS,
        ),
        _target(
            "peak RSS per worker, MB",
            max((o.peak_rss_mb for o in run.outcomes), default=None),
            f"< {TARGET_RSS_MB:g}",
            lambda v: v < TARGET_RSS_MB,
        ),
    ]
    base = per_kb_ms(got["e1"]) if "e1" in got else None
    longer = [o for o in run.outcomes if o.scenario.key.startswith("e") and o.scenario.size_kb > 1]
    for o in longer:
        cost = per_kb_ms(o)
        out.append(
            _target(
                f"per-KB cost {o.scenario.key} / e1",
                cost / base if cost is not None and base else None,
                f"<= {TARGET_GROWTH:g} (linear)",
                lambda v: v <= TARGET_GROWTH,
            )
        )
    return out


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def table(run: BenchRun) -> str:
    """Render the scenarios and targets as plain-text tables."""
    head = (
        f"darnel bench: {run.workers} sync gunicorn workers, {run.connections} connections, "
        f"{run.duration_s:g} s per scenario, Redis {run.redis}"
    )
    columns = f"{'':4}{'scenario':34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    rows = [head, "", columns + f"{'peak RSS MB':>13}{'errors':>8}{'ms/KB':>8}{'other CPU':>11}"]
    for o in run.outcomes:
        r = o.result
        errors = sum(r.errors.values())
        rows.append(
            f"{o.scenario.key:4}{o.scenario.label:34}{r.rps:9.1f}{r.p50_ms:9.1f}{r.p99_ms:9.1f}"
            f"{o.peak_rss_mb:13.1f}{errors:8d}{_fmt(per_kb_ms(o)):>8}{o.other_cores:11.2f}"
        )
    rows += ["", f"{'target':50}{'value':>9}  {'bound':22}result"]
    for t in targets(run):
        verdict = "n/a" if t.met is None else ("met" if t.met else "NOT MET")
        rows.append(f"{t.name:50}{_fmt(t.value):>9}  {t.bound:22}{verdict}")
    warning = shared_warning(run)
    if warning:
        rows += ["", warning]
    return "\n".join(rows)


def shared_warning(run: BenchRun) -> str | None:
    """Say which scenarios ran while other processes kept the machine busy, or None."""
    shared = [o for o in run.outcomes if o.other_cores > SHARED_CORES]
    if not shared:
        return None
    which = ", ".join(f"{o.scenario.key} ({o.other_cores:.2f} cores)" for o in shared)
    text = (
        f"SHARED MACHINE: other processes kept the cores busy during {which}. A ratio whose "
        "baseline was slowed this way can read as met: rerun on a quiet machine."
    )
    if not run.redis_counted:
        text += (
            " (The Redis given with --redis-url runs elsewhere or could not be found: its"
            " CPU counts as other.)"
        )
    return text


def to_json(run: BenchRun) -> dict[str, Any]:
    """Return the run as a JSON-ready record."""
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "workers": run.workers,
        "connections": run.connections,
        "duration_s": run.duration_s,
        "redis": run.redis,
        "scenarios": [
            {
                "key": o.scenario.key,
                "label": o.scenario.label,
                "path": o.scenario.path,
                "size_kb": o.scenario.size_kb,
                "unique_bodies": o.scenario.unique,
                "requests": o.result.requests,
                "rps": round(o.result.rps, 2),
                "p50_ms": o.result.p50_ms,
                "p99_ms": o.result.p99_ms,
                "errors": o.result.errors,
                "peak_rss_mb": round(o.peak_rss_mb, 1),
                "workers_seen": o.workers,
                "other_cpu_cores": round(o.other_cores, 3),
            }
            for o in run.outcomes
        ],
        "targets": [
            {"name": t.name, "value": t.value, "bound": t.bound, "met": t.met} for t in targets(run)
        ],
        "shared_machine": shared_warning(run),
    }


def write_json(run: BenchRun, path: Path) -> None:
    """Write the run's record to `path`, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_json(run), indent=2) + "\n", encoding="utf-8")
