"""Profile the check endpoint in one process with cProfile: cached hits or unique texts."""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from werkzeug.test import EnvironBuilder

from service.bench.texts import corpus


def _environs(
    texts: list[str], count: int, unique: bool, path: str = "/v1/check", api_key: str = ""
) -> list[dict[str, Any]]:
    """Build the WSGI environs ahead of time, so the profile holds only the app's work."""
    headers = [("X-Darnel-Key", api_key)] if api_key else []
    out = []
    for i in range(count):
        text = texts[i % len(texts)]
        if unique:
            text = f"{text} {i}"
        body = json.dumps({"text": text}).encode()
        out.append(
            EnvironBuilder(
                path=path,
                method="POST",
                data=body,
                content_type="application/json",
                headers=headers,
            ).get_environ()
        )
    return out


def _drain(chunks: Iterable[bytes]) -> None:
    for _ in chunks:
        pass


def _serve(app: Any, environs: list[dict[str, Any]], prof: cProfile.Profile | None) -> list[str]:
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        statuses.append(status)
        return lambda data: None

    if prof is not None:
        prof.enable()
    for env in environs:
        _drain(app(env, start_response))
    if prof is not None:
        prof.disable()
    return statuses


def _api_key(app: Any) -> str:
    """Create an API key (limit far above the run) in the app's database; return it."""
    from service.web.cms_state import cms_of

    _key, plain = cms_of(app).keys().create("bench.example", rate_limit=10**9)
    return plain


def timed(redis_url: str, count: int, rounds: int = 7) -> dict[str, tuple[float, float]]:
    """Return (wall, CPU) µs per request, best of ``rounds``, for hits and the baselines.

    Every app runs in this process with the same harness, interleaved round by round, so
    the differences are the apps' own work, free of wrk's and gunicorn's share. The
    memory-cache hit against bare Flask isolates the check's overhead from Redis's
    round trip, the noisiest part on a shared machine; this process's CPU time leaves
    out both Redis's work and the time other processes take the core.
    """
    from service.app import build_app
    from service.bench.baseline_app import create_baseline_app

    text = corpus((1,))[1][0]
    best: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="darnel-profile-") as instance:
        base = create_baseline_app(redis_url)
        hit_app = build_app(_overrides(redis_url, instance))
        key = _api_key(hit_app)
        apps = {
            "bare": (base, "/bare", ""),
            "bare + Redis GET": (base, "/redis", ""),
            "hit, memory cache": (build_app(_overrides(None, instance)), "/v1/check", ""),
            "hit, Redis cache": (hit_app, "/v1/check", ""),
            "hit, Redis, API key": (hit_app, "/v1/check", key),
        }
        for _ in range(rounds):
            for name, (app, path, api_key) in apps.items():
                environs = _environs([text], count + 20, False, path, api_key)
                _serve(app, environs[:20], None)
                start, cpu = time.perf_counter(), time.process_time()
                _serve(app, environs[20:], None)
                wall = (time.perf_counter() - start) / count * 1e6
                used = (time.process_time() - cpu) / count * 1e6
                old = best.get(name, (wall, used))
                best[name] = (min(old[0], wall), min(old[1], used))
    return best


def _overrides(redis_url: str | None, instance: str) -> dict[str, Any]:
    cache = {"cache": "redis", "redis_url": redis_url} if redis_url else {"cache": "memory"}
    return {**cache, "instance_dir": Path(instance), "log_level": "WARNING"}


def profile(redis_url: str, count: int, unique: bool, top: int, keyed: bool = False) -> str:
    """Serve ``count`` checks through the WSGI app under cProfile; return the top entries.

    ``keyed`` sends an API key with each check, so the key check and rate limit run too.
    """
    from service.app import build_app

    texts = corpus((1,))[1][:1] if not unique else corpus((1,))[1]
    with tempfile.TemporaryDirectory(prefix="darnel-profile-") as instance:
        app = build_app(_overrides(redis_url, instance))
        key = _api_key(app) if keyed else ""
        # Warm: cache filled, state loaded, database open.
        _serve(app, _environs(texts, 20, unique, api_key=key), None)
        prof = cProfile.Profile()
        statuses = _serve(app, _environs(texts, count, unique, api_key=key), prof)
    bad = [s for s in statuses if not s.startswith("200")]
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    out.write(f"{count} requests, {len(bad)} not 200; total {stats.total_tt:.3f} s, "  # type: ignore[attr-defined]
              f"{stats.total_tt / count * 1e6:.0f} µs per request\n")  # type: ignore[attr-defined]  # fmt: skip
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the profile from the command line and print it."""
    p = argparse.ArgumentParser(prog="python -m service.bench.profile", description=__doc__)
    p.add_argument("--redis-url", required=True)
    p.add_argument("--requests", type=int, default=5000)
    p.add_argument("--uncached", action="store_true", help="unique texts instead of cache hits")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--api-key", action="store_true", help="send an API key with each check")
    p.add_argument("--timed", action="store_true", help="time hit vs bare + GET, no profile")
    args = p.parse_args(argv)
    if args.timed:
        t = timed(args.redis_url, args.requests)
        print(f"{'':20} {'wall µs':>8} {'CPU µs':>8}")
        for name, (wall, cpu) in t.items():
            print(f"{name:20} {wall:8.0f} {cpu:8.0f}")
        base = t["bare + Redis GET"]
        for name in ("hit, Redis cache", "hit, Redis, API key"):
            hit = t[name]
            beyond = hit[1] - base[1]
            print(
                f"(bare + GET) / {name}: wall {base[0] / hit[0]:.2f}, "
                f"CPU {base[1] / hit[1]:.2f}; CPU beyond bare + GET: {beyond:.0f} µs"
            )
        return 0
    print(profile(args.redis_url, args.requests, args.uncached, args.top, args.api_key))
    return 0


if __name__ == "__main__":
    sys.exit(main())
