"""The `darnel serve` sub-command: run the app under gunicorn (production) or Flask (--dev)."""

from __future__ import annotations

import argparse
from typing import Any

from flask import Flask

# gunicorn sync workers: cores + 1. `darnel bench` serves with the same number.
DEFAULT_WORKERS = 3


def add_parser(subparsers: Any) -> None:
    """Register `darnel serve` on the main command's sub-parsers."""
    s = subparsers.add_parser("serve", help="run the HTTP service")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                   help="gunicorn sync workers (cores + 1)")  # fmt: skip
    s.add_argument("--timeout", type=int, default=30, help="worker timeout in seconds")
    s.add_argument("--dev", action="store_true", help="Flask's development server instead")
    s.set_defaults(func=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    serve(args.host, args.port, args.workers, args.timeout, args.dev)
    return 0


def serve(host: str, port: int, workers: int, timeout: int, dev: bool) -> None:
    """Serve until stopped: sync gunicorn workers, which were the steadiest on 2 cores."""
    import os
    import shutil
    import sys
    import tempfile

    # Workers fork from this process, so the metrics directory must be set before
    # prometheus_client is first imported (it picks its storage at import time).
    own_dir = None
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR") and not dev:
        own_dir = tempfile.mkdtemp(prefix="darnel-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_dir
    from service import create_app
    from service.config import load_settings
    from service.runtime.runtime import RulesUnavailable, preflight

    try:
        preflight(load_settings())
    except RulesUnavailable as exc:
        # Never serve without rules: a text only a rule catches would be allowed.
        print(f"darnel serve: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
    if dev:
        create_app().run(host=host, port=port, threaded=True)
        return
    from gunicorn.app.base import BaseApplication

    class _App(BaseApplication):  # type: ignore[misc]
        def __init__(self, options: dict[str, Any]) -> None:
            self.options = options
            super().__init__()

        def load_config(self) -> None:
            for key, value in self.options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return create_app()

    _App(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "timeout": timeout,
            "graceful_timeout": timeout,
            "keepalive": 5,
            "accesslog": None,
            "child_exit": _child_exit,
        }
    ).run()
    if own_dir:
        shutil.rmtree(own_dir, ignore_errors=True)


def _child_exit(_server: Any, worker: Any) -> None:
    """Drop a dead worker's live gauges so /metrics does not report it forever."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
