"""Coordinate one queued scan, from its first batch on the RQ queue to its last row.

Redis holds all of a scan's state (see keys.py), so the coordinator can be stopped and
run again at any time: it picks up what is done and queues only what is not.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from rq import Queue
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from service.scan.export import ScanError, ScanItem
from service.scan.keys import QUEUE_NAME, ScanKeys, job_id

log = logging.getLogger(__name__)

JOB_FUNC = "service.scan.jobs.run_batch"
# Statuses of a job that is still on its way to a worker: nothing to do but wait.
_WAITING = {
    JobStatus.CREATED,
    JobStatus.QUEUED,
    JobStatus.DEFERRED,
    JobStatus.SCHEDULED,
    JobStatus.READY_TO_ENQUEUE,
}


@dataclass(frozen=True)
class QueueOptions:
    """How a queued scan cuts, paces and guards its work."""

    batch_size: int = 100
    # Batches in Redis at once: bounds Redis memory to window * batch_size item texts.
    window: int = 200
    lease_s: int = 30
    max_attempts: int = 3
    sweep_s: float = 1.0
    keep_s: int = 7 * 86400
    # Per item; a batch's job timeout is this times its size, past the engine's deadline.
    item_timeout_s: float = 10.0


def scan_id_for(path: Path, batch_size: int) -> str:
    """Name a scan by its export's content and batch size, so a rerun resumes it."""
    digest = hashlib.sha256(f"{batch_size}:".encode())
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:16]


class QueuedScan:
    """One scan's coordinator: its items, its keys in Redis and its queue."""

    def __init__(
        self,
        client: redis.Redis[Any],
        scan_id: str,
        items: list[ScanItem],
        options: QueueOptions = QueueOptions(),
    ) -> None:
        self.client = client
        self.keys = ScanKeys(scan_id)
        self.items = items
        self.options = options
        self.queue = Queue(QUEUE_NAME, connection=client, serializer=JSONSerializer)
        size = options.batch_size
        self.batches = (len(items) + size - 1) // size
        self._jobs: dict[int, str] = {}
        self._suspect: set[int] = set()
        self._next_sweep = 0.0

    @property
    def total(self) -> int:
        """How many items the scan has."""
        return len(self.items)

    def start(self, source: str, restart: bool = False) -> int:
        """Record the scan in Redis (or find it there); return how many items are done.

        Raises ScanError when Redis holds a scan of the same id with another item count.
        """
        if restart:
            self.client.delete(*self.keys.all_fixed())
        meta = self.client.hgetall(self.keys.meta)
        if meta and int(meta.get(b"total", -1)) != self.total:
            raise ScanError(f"scan {self.keys.scan_id} in Redis has another item count")
        self.client.hset(
            self.keys.meta,
            mapping={"total": self.total, "batch_size": self.options.batch_size,
                     "source": source},
        )  # fmt: skip
        for key in self.keys.all_fixed():
            self.client.persist(key)  # a finished scan rerun is kept alive again
        self._jobs = {int(b): j.decode() for b, j in self.client.hgetall(self.keys.jobs).items()}
        return self.done()

    def done(self) -> int:
        """Return how many items have their row written (one HLEN)."""
        return int(self.client.hlen(self.keys.rows))

    def step(self, now: float | None = None) -> int:
        """Top up the queue and re-queue lost batches when a sweep is due; return done."""
        now = time.monotonic() if now is None else now
        if now >= self._next_sweep:
            self._next_sweep = now + self.options.sweep_s
            self.sweep()
        return self.done()

    def sweep(self) -> None:
        """Re-queue batches whose worker died, then queue new batches up to the window."""
        finished = {int(b) for b in self.client.smembers(self.keys.done)}
        outstanding = sorted(b for b in self._jobs if b not in finished)
        self._suspect &= set(outstanding)
        for batch in self._lost(outstanding):
            self._retry(batch)
        room = self.options.window - len(outstanding)
        for batch in range(self.batches):
            if room <= 0:
                break
            if batch not in self._jobs and batch not in finished:
                self._enqueue(batch, 0)
                room -= 1

    def _lost(self, batches: list[int]) -> list[int]:
        """Return the batches seen without a lease or a waiting job on two sweeps running."""
        if not batches:
            return []
        pipe = self.client.pipeline(transaction=False)
        for batch in batches:
            pipe.exists(self.keys.lease(batch))
        leased = pipe.execute()
        jobs = Job.fetch_many(
            [self._jobs[b] for b in batches], connection=self.client, serializer=JSONSerializer
        )
        lost: list[int] = []
        for batch, has_lease, job in zip(batches, leased, jobs, strict=True):
            waiting = job is not None and job.get_status(refresh=False) in _WAITING
            if has_lease or waiting:
                self._suspect.discard(batch)
            elif batch in self._suspect:
                # Twice in a row: not a job caught between dequeue and taking its lease.
                self._suspect.discard(batch)
                lost.append(batch)
            else:
                self._suspect.add(batch)
        return lost

    def _retry(self, batch: int) -> None:
        attempt = int(self._jobs[batch].rsplit("-", 1)[1]) + 1
        if attempt < self.options.max_attempts:
            log.warning("scan: batch %d lost its worker; queueing attempt %d", batch, attempt + 1)
            self._enqueue(batch, attempt)
            return
        # A batch that kills every worker it meets would otherwise loop for ever.
        log.error("scan: batch %d failed %d times; reporting its items as errors", batch, attempt)
        rows = {
            str(index): json.dumps(
                {"id": item.id, "where": item.where,
                 "error": f"not checked: its batch failed {attempt} times"},
                ensure_ascii=False,
            )
            for index, item in self._batch(batch)
        }  # fmt: skip
        pipe = self.client.pipeline(transaction=True)
        for field, row in rows.items():
            pipe.hsetnx(self.keys.rows, field, row)  # a row a worker did write stays
        pipe.sadd(self.keys.done, batch)
        pipe.execute()

    def _batch(self, batch: int) -> Iterator[tuple[int, ScanItem]]:
        size = self.options.batch_size
        start = batch * size
        yield from enumerate(self.items[start : start + size], start=start)

    def _enqueue(self, batch: int, attempt: int) -> None:
        payload = [[i, it.id, it.text, it.format, it.where] for i, it in self._batch(batch)]
        jid = job_id(self.keys.scan_id, batch, attempt)
        self.queue.enqueue_call(
            JOB_FUNC,
            args=(self.keys.scan_id, batch, payload, self.options.lease_s),
            job_id=jid,
            timeout=int(self.options.item_timeout_s * len(payload)) + 60,
            result_ttl=0,  # the rows are the result; RQ need not keep a copy
            failure_ttl=self.options.keep_s,
            description=f"darnel scan {self.keys.scan_id} batch {batch}",
        )
        # Recorded after the job exists: a crash in between re-queues, never loses, it.
        self.client.hset(self.keys.jobs, str(batch), jid)
        self._jobs[batch] = jid

    def rows(self, chunk: int = 1000) -> Iterator[dict[str, Any]]:
        """Yield every written row in export order (a few HMGETs per thousand items)."""
        for start in range(0, self.total, chunk):
            fields = [str(i) for i in range(start, min(start + chunk, self.total))]
            for raw in self.client.hmget(self.keys.rows, fields):
                if raw is not None:
                    row: dict[str, Any] = json.loads(raw)
                    yield row

    def finish(self) -> None:
        """Let the finished scan's keys expire after the keep period."""
        pipe = self.client.pipeline(transaction=False)
        for key in self.keys.all_fixed():
            pipe.expire(key, self.options.keep_s)
        pipe.execute()
