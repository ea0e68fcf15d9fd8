"""Run every benchmark scenario against freshly started servers and collect the figures."""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from service.bench import cpu
from service.bench.servers import Served, start_baseline, start_darnel, start_redis
from service.bench.texts import LANGUAGES, corpus
from service.bench.wrk import WrkResult, run_wrk

CHECK = "/v1/check"


@dataclass(frozen=True)
class Scenario:
    """One load shape: which server, which path, which bodies, cached or unique."""

    key: str
    label: str
    server: str  # "baseline" or "darnel"
    path: str
    texts: list[str]
    unique: bool
    size_kb: int
    # Sent with an API key, as CMS plugins send it: the key check and rate limit run too.
    api_key: bool = False


@dataclass(frozen=True)
class Outcome:
    """One scenario's figures, with the serving workers' peak memory after it."""

    scenario: Scenario
    result: WrkResult
    peak_rss_mb: float
    workers: int
    # Cores that processes outside the bench kept busy meanwhile (`cpu.other_cores`).
    other_cores: float = 0.0


@dataclass
class BenchRun:
    """Everything one run measured, plus how it was set up."""

    duration_s: float
    connections: int
    workers: int
    redis: str
    outcomes: list[Outcome] = field(default_factory=list)
    # Whether Redis's CPU is counted as the bench's own (always for a private one).
    redis_counted: bool = True


def scenarios() -> list[Scenario]:
    """Return the scenarios in run order: the baselines, then the check endpoint."""
    texts = corpus()
    one_kb = texts[1]
    out = [
        Scenario("a", "bare Flask, small JSON", "baseline", "/bare", one_kb, False, 1),
        Scenario("b", "bare + one Redis GET", "baseline", "/redis", one_kb, False, 1),
        Scenario("c", "bare + langdetect.detect", "baseline", "/langdetect", one_kb, False, 1),
        Scenario("d", "/v1/check, cached", "darnel", CHECK, one_kb[:1], False, 1),
        Scenario("dk", "/v1/check, cached, API key", "darnel", CHECK, one_kb[:1], False, 1, True),
    ]
    for kb in sorted(texts):
        label = f"/v1/check, uncached {kb} KB"
        out.append(Scenario(f"e{kb}", label, "darnel", CHECK, texts[kb], True, kb))
    return out


def _warm(server: Served, path: str, texts: list[str], connections: int) -> None:
    """Load lazily built state (langdetect profiles, the model) in every worker first."""
    run_wrk(server.url, path, texts, unique=True, duration_s=1, connections=connections)


def _bench_key(env: dict[str, str]) -> str:
    """Create an API key in the served instance's database, its limit far above any run."""
    from service.config import load_settings
    from service.db import open_database
    from service.keys.store import KeyStore

    settings = load_settings(environ=env)
    secret = env["DARNEL_SECRET_KEY"]
    _key, plain = KeyStore(open_database(settings.db_url), lambda: secret).create(
        "bench.example", rate_limit=10**9
    )
    return plain


def run_bench(
    duration_s: float,
    connections: int,
    workers: int,
    redis_url: str | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
) -> BenchRun:
    """Start Redis (unless given), the baseline app and Darnel; run each scenario once."""
    plan = scenarios()
    run = BenchRun(duration_s, connections, workers, "given" if redis_url else "private")
    started: list[Served] = []
    if redis_url is None:
        own_redis = start_redis()
        started.append(own_redis)
        redis_url = f"redis://127.0.0.1:{own_redis.port}/0"
    url = redis_url
    # A given Redis is not the bench's child: name its process so its CPU counts as ours.
    also: tuple[int, ...] = ()
    if run.redis == "given":
        pid = cpu.local_redis_pid(url)
        also = (pid,) if pid is not None else ()
        run.redis_counted = pid is not None
    try:
        with tempfile.TemporaryDirectory(prefix="darnel-bench-") as instance:
            progress(f"starting servers ({workers} sync workers each)")
            baseline = start_baseline(workers, url)
            started.append(baseline)
            # Production settings, with the cache that makes d/b compare like with like.
            env = {"DARNEL_CACHE": "redis", "DARNEL_REDIS_URL": url,
                   "DARNEL_INSTANCE_DIR": instance,
                   "DARNEL_SECRET_KEY": secrets.token_urlsafe(32)}  # fmt: skip
            darnel = start_darnel(workers, env)
            started.append(darnel)
            key_headers = {"X-Darnel-Key": _bench_key(env)}
            servers = {"baseline": baseline, "darnel": darnel}
            _warm(baseline, "/langdetect", plan[2].texts, connections)
            _warm(darnel, CHECK, plan[2].texts, connections)
            for sc in plan:
                progress(f"{sc.key}: {sc.label} ({duration_s:g} s)")
                server = servers[sc.server]
                before, t0 = cpu.read(also), time.monotonic()
                result = run_wrk(
                    server.url, sc.path, sc.texts,
                    unique=sc.unique, duration_s=duration_s, connections=connections,
                    headers=key_headers if sc.api_key else None,
                )  # fmt: skip
                other = cpu.other_cores(before, cpu.read(also), time.monotonic() - t0)
                peaks = server.worker_peaks_kb()
                peak = max(peaks.values(), default=0) / 1024
                run.outcomes.append(Outcome(sc, result, peak, len(peaks), other))
    finally:
        for served in reversed(started):
            served.stop()
    return run


__all__ = ["LANGUAGES", "BenchRun", "Outcome", "Scenario", "run_bench", "scenarios"]
