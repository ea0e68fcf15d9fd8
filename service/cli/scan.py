"""The `darnel scan FILE [--queue URL]` and `darnel worker` sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from service.cli.output import output
from service.scan.check import flagged, scan
from service.scan.export import ScanError, ScanItem, read_export
from service.scan.progress import Progress, no_progress, text_progress
from service.scan.report import write_report
from service.scan.summary import Summary


def _redis_url(given: str | None) -> str | None:
    if given:
        return given
    from service.config import load_settings

    return load_settings().redis_url


def _queued_rows(args: argparse.Namespace, items: list[ScanItem], progress: Progress) -> Any:
    """Run the scan through the queue; return its rows, or an exit status if interrupted."""
    import redis

    from service.scan.coordinator import QueuedScan, QueueOptions, scan_id_for

    options = QueueOptions(batch_size=args.batch, window=args.window, lease_s=args.lease)
    client: redis.Redis[Any] = redis.Redis.from_url(args.queue)
    sid = args.scan_id or scan_id_for(Path(args.file), args.batch)
    job = QueuedScan(client, sid, items, options)
    done = job.start(str(args.file), restart=args.restart)
    print(f"scan {sid}: {job.total} items in {job.batches} batches on {args.queue}"
          f"{f', {done} already done' if done else ''}", file=sys.stderr)  # fmt: skip
    if not _workers_listening(client):
        # Not an error: workers may start later, on other hosts. But say why nothing moves.
        print(f"no darnel worker is listening yet; start one with "
              f"`darnel worker --queue {args.queue}`", file=sys.stderr)  # fmt: skip
    try:
        while done < job.total:
            progress(done, job.total)
            time.sleep(args.poll)
            done = job.step()
    except KeyboardInterrupt:
        print(f"\ninterrupted at {job.done()}/{job.total}; the workers go on, and the same "
              "command resumes (and reports) where it is", file=sys.stderr)  # fmt: skip
        return 130
    progress(done, job.total)
    job.finish()
    return job.rows()


def _workers_listening(client: Any) -> bool:
    from rq import Worker

    return bool(Worker.count(connection=client))


def _write(args: argparse.Namespace, rows: Any, out: TextIO, summary: Summary) -> int:
    chosen = (r for r in summary.tap(rows) if args.all or flagged(r))
    return write_report(chosen, out, args.report)


def _cmd_scan(args: argparse.Namespace) -> int:
    try:
        items = read_export(Path(args.file))
    except ScanError as exc:
        print(f"darnel: {exc}", file=sys.stderr)
        return 2
    progress = no_progress if args.quiet else text_progress()
    summary = Summary()
    if args.queue:
        import redis

        if min(args.batch, args.window, args.lease) < 1:
            print("darnel: --batch, --window and --lease must be at least 1", file=sys.stderr)
            return 2
        try:
            rows = _queued_rows(args, items, progress)
            if isinstance(rows, int):
                return rows
            with output(args.out) as out:
                written = _write(args, rows, out, summary)
        except ScanError as exc:
            print(f"darnel: {exc} (--restart starts it afresh)", file=sys.stderr)
            return 2
        except redis.RedisError as exc:
            print(f"darnel: Redis at {args.queue}: {exc}; the same command resumes",
                  file=sys.stderr)  # fmt: skip
            return 1
    else:
        from service.config import load_settings
        from service.runtime.runtime import Runtime

        engine = Runtime.start(load_settings()).engine
        rows = scan(items, engine, progress, everything=True)
        with output(args.out) as out:
            written = _write(args, rows, out, summary)
    print(summary.render(), end="", file=sys.stderr)
    if args.summary:
        # Kept out of the rows file, whose every line is one item.
        Path(args.summary).write_text(
            json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
    flagged_count = summary.total - summary.verdicts["allow"]
    print(f"{flagged_count} of {len(items)} items flagged ({written} rows written)",
          file=sys.stderr)  # fmt: skip
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    from service.scan.worker import run_worker

    url = _redis_url(args.queue)
    if not url:
        print("darnel: worker needs --queue redis://… (or DARNEL_REDIS_URL)", file=sys.stderr)
        return 2
    import redis

    try:
        run_worker(url, burst=args.burst, name=args.name)
    except redis.RedisError as exc:
        print(f"darnel: Redis at {url}: {exc}", file=sys.stderr)
        return 1
    return 0


def add_parser(sub: Any) -> None:
    """Register `scan` and `worker` on the `darnel` command's sub-parsers."""
    s = sub.add_parser("scan", help="check a JSONL or WordPress WXR export and report flags")
    s.add_argument("file")
    s.add_argument("--out", default="-", help="report file (default: stdout)")
    s.add_argument("--report", choices=("jsonl", "markdown"), default="jsonl")
    s.add_argument("--all", action="store_true", help="report allowed items too")
    s.add_argument("--summary", metavar="FILE", help="also write the summary as JSON")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    q = s.add_argument_group("queued scans (run `darnel worker` to work them)")
    q.add_argument("--queue", metavar="URL", help="Redis URL: queue the scan on RQ")
    q.add_argument("--batch", type=int, default=100, help="items per job")
    q.add_argument("--window", type=int, default=200, help="batches queued at once")
    q.add_argument("--lease", type=int, default=30,
                   help="seconds before a silent worker's batch is re-queued")  # fmt: skip
    q.add_argument("--poll", type=float, default=0.5, help="seconds between progress updates")
    q.add_argument("--scan-id", default=None, help="default: from the file's content")
    q.add_argument("--restart", action="store_true", help="drop earlier results of this scan")
    s.set_defaults(func=_cmd_scan)

    w = sub.add_parser("worker", help="work queued scan batches (any number, any host)")
    w.add_argument("--queue", metavar="URL", help="Redis URL (default: DARNEL_REDIS_URL)")
    w.add_argument("--burst", action="store_true", help="exit once the queue is empty")
    w.add_argument("--name", default=None, help="worker name shown by RQ")
    w.set_defaults(func=_cmd_worker)
