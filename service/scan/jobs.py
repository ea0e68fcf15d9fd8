"""Work one batch of a queued scan inside a `darnel worker` (the RQ job function)."""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from typing import Any

import redis

from service.scan.check import check_item
from service.scan.export import ScanItem
from service.scan.keys import ScanKeys

log = logging.getLogger(__name__)

# The runtime the worker loaded before taking jobs; built on first use when a plain
# `rq worker` runs the job instead (slower start, same rows).
_runtime: Any = None


def use_runtime(runtime: Any) -> None:
    """Make jobs in this process check with ``runtime`` (a service.runtime.runtime.Runtime)."""
    global _runtime
    _runtime = runtime


def _engine() -> Any:
    global _runtime
    if _runtime is None:
        from service.config import load_settings
        from service.runtime.runtime import Runtime

        _runtime = Runtime.start(load_settings())
    # A rule edit reaches a long scan's later batches, as it reaches the HTTP workers.
    _runtime.maybe_reload()
    return _runtime.engine


def holder() -> str:
    """Return what a lease records about its holder: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Lease:
    """Hold ``key`` for ``seconds``, renewed by a thread until released.

    A SIGKILLed worker stops renewing, the key expires, and the coordinator hands the
    batch to another worker; RQ's own notice of a dead worker takes minutes.
    """

    def __init__(self, client: redis.Redis[Any], key: str, seconds: int) -> None:
        self._client, self._key, self._seconds = client, key, seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"lease {key}", daemon=True)

    def __enter__(self) -> Lease:
        self._client.set(self._key, holder(), ex=self._seconds)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _renew(self) -> None:
        while not self._stop.wait(self._seconds / 3):
            try:
                self._client.set(self._key, holder(), ex=self._seconds)
            except redis.RedisError as exc:
                # The batch goes on; at worst the lease lapses and a second worker
                # repeats it, which writes the same rows under the same keys.
                log.warning("scan: could not renew %s: %s", self._key, exc)


def run_batch(scan_id: str, batch: int, items: list[list[Any]], lease_s: int) -> int:
    """Check a batch's items and write their rows; return how many rows were written.

    ``items`` are ``[index, id, text, format, where]``. Rows go into the scan's rows hash
    under each item's index, with the batch's "done" mark, in one transaction: a batch
    is either fully written or not at all, and writing it again changes nothing.
    """
    from rq import get_current_job

    job = get_current_job()
    client: redis.Redis[Any] = job.connection if job is not None else _no_job()
    keys = ScanKeys(scan_id)
    if client.sismember(keys.done, batch):
        return 0  # an earlier attempt finished it after this one was queued
    with Lease(client, keys.lease(batch), lease_s):
        engine = _engine()  # inside the lease: a first load takes seconds
        rows: dict[str | bytes, bytes | float | int | str] = {
            str(index): json.dumps(
                check_item(ScanItem(str(item_id), text, fmt, where), engine), ensure_ascii=False
            )
            for index, item_id, text, fmt, where in items
        }
    # Written after the lease thread has stopped, so it cannot re-create the lease.
    pipe = client.pipeline(transaction=True)
    if rows:
        pipe.hset(keys.rows, mapping=rows)
    pipe.sadd(keys.done, batch)
    pipe.delete(keys.lease(batch))
    pipe.execute()
    return len(rows)


def _no_job() -> redis.Redis[Any]:
    raise RuntimeError("run_batch runs inside an RQ worker (darnel worker)")
