"""The `darnel bench` sub-command: benchmark the served stack and print the table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from service.cli.serve import DEFAULT_WORKERS
from service.config import REPO_ROOT

DEFAULT_DURATION_S = 10.0
QUICK_DURATION_S = 2.0
DEFAULT_OUTPUT = REPO_ROOT / "test-artifacts" / "bench.json"


def _cmd_bench(args: argparse.Namespace) -> int:
    from service.bench.report import table, write_json
    from service.bench.runner import run_bench
    from service.bench.servers import ServerError
    from service.bench.wrk import WrkError

    duration = args.duration or (QUICK_DURATION_S if args.quick else DEFAULT_DURATION_S)
    workers = args.workers or DEFAULT_WORKERS  # as production: `darnel serve`'s default
    try:
        run = run_bench(
            duration, args.connections, workers, args.redis_url,
            progress=lambda msg: print(f"bench: {msg}", file=sys.stderr, flush=True),
        )  # fmt: skip
    except (ServerError, WrkError, FileNotFoundError) as exc:
        print(f"darnel bench: {exc}", file=sys.stderr)
        return 2
    print(table(run))
    write_json(run, Path(args.output))
    print(f"\nwritten to {args.output}")
    return 0


def _cmd_bench_html(args: argparse.Namespace) -> int:
    from training.measure.html_eval import bench_main

    return bench_main([])


def add_parser(subparsers: Any) -> None:
    """Register `darnel bench` on the main command's sub-parsers."""
    h = subparsers.add_parser(
        "bench-html", help="time the largest real page of ../shared/data/html (one core)"
    )
    h.set_defaults(func=_cmd_bench_html)
    b = subparsers.add_parser("bench", help="benchmark the served stack against baselines (wrk)")
    b.add_argument("--quick", action="store_true", help=f"{QUICK_DURATION_S:g} s per scenario")
    b.add_argument("--duration", type=float, default=None,
                   help=f"seconds per scenario (default {DEFAULT_DURATION_S:g})")  # fmt: skip
    b.add_argument("--connections", type=int, default=16, help="concurrent connections")
    b.add_argument("--workers", type=int, default=None,
                   help="gunicorn workers (default: as `darnel serve`)")  # fmt: skip
    b.add_argument("--redis-url", default=None,
                   help="use this Redis instead of starting a private redis-server")  # fmt: skip
    b.add_argument("--output", default=str(DEFAULT_OUTPUT), help="where to write the JSON")
    b.set_defaults(func=_cmd_bench)
    m = subparsers.add_parser(
        "bench-matching", help="time rule matching for 100 / 1,000 / 10,000 rules vs a loop"
    )
    m.set_defaults(func=_cmd_bench_matching)


def _cmd_bench_matching(_args: argparse.Namespace) -> int:
    from service.bench.rule_matching import main as matching_main

    matching_main()
    return 0
