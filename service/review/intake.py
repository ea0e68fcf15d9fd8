"""Turn check verdicts into review items, buffering them durably while the database is down."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import random
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from service.review.base import ReviewStore
from service.review.errors import ItemNotQueued, StoreUnavailable
from service.review.models import NewItem
from service.review.rows import item_key
from service.telemetry import metrics

log = logging.getLogger(__name__)
SPOOL_GLOB = "review-spool-*.jsonl"
_WRITTEN_MAX = 10_000


def item_from_check(fields: Mapping[str, Any], answer: Mapping[str, Any], now_ms: int) -> NewItem:
    """Build the review item for one check request and its verdict JSON."""
    site = fields.get("site") or None
    content_id = fields.get("content_id") or None
    versions = answer.get("versions") or {}
    return NewItem(
        key=item_key(site, content_id, str(answer["id"])),
        site=site,
        content_id=content_id,
        verdict_id=str(answer["id"]),
        text=str(fields["text"]),
        language=str(answer.get("language") or "und"),
        verdict=str(answer["verdict"]),
        score=float(answer.get("score") or 0.0),
        spans=tuple(answer.get("spans") or ()),
        reasons=tuple(answer.get("reasons") or ()),
        clean_text=str(answer.get("clean_text", fields["text"])),
        rules_version=str(versions.get("rules") or ""),
        model_version=str(versions.get("model") or ""),
        received_ms=now_ms,
    )


def _load(line: str) -> NewItem:
    raw = json.loads(line)
    raw["spans"] = tuple(raw["spans"])
    raw["reasons"] = tuple(raw["reasons"])
    return NewItem(**raw)


class ReviewIntake:
    """The verdict hook: queue review/block verdicts and a sample of allows, never failing.

    When the store is locked or gone the item waits in a bounded in-process buffer, mirrored
    to an append-only spool file (one per process) so a restart replays it; a timer retries.
    """

    def __init__(
        self,
        store: ReviewStore,
        sample_allow: float = 0.0,
        spool_dir: Path | None = None,
        *,
        rng: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
        max_buffer: int = 10_000,
        retry_s: float = 5.0,
    ) -> None:
        self.store = store
        self.sample_allow = sample_allow
        self._spool_dir = spool_dir
        self._spool = spool_dir / f"review-spool-{os.getpid()}.jsonl" if spool_dir else None
        self._rng = rng
        self._clock = clock
        self._buffer: deque[NewItem] = deque(maxlen=max_buffer)
        self._overflowed = False
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._retry_s = retry_s
        self._timer: threading.Timer | None = None
        self.schema_ready = False
        # (item key -> verdict id) written by this process: a cached verdict for the same
        # content changes nothing, and re-writing it on every cache hit would make each hit
        # cost a database transaction.
        self._written: OrderedDict[str, str] = OrderedDict()

    @property
    def pending(self) -> int:
        """Return how many items wait for the database."""
        return len(self._buffer)

    def wants(self, answer: Mapping[str, Any]) -> bool:
        """Say whether a verdict goes to the queue: review/block always, allow by sample."""
        if answer.get("verdict") in ("review", "block"):
            return True
        return self.sample_allow > 0 and self._rng() < self.sample_allow

    def __call__(self, fields: Mapping[str, Any], answer: Mapping[str, Any]) -> None:
        """Queue one verdict: stored, or buffered and durably spooled when the database fails.

        Returns only once the item is stored or spooled (fsynced); raises ItemNotQueued
        when it can be neither, so the verdict is not answered without its item.
        """
        if not self.wants(answer):
            return
        item = item_from_check(fields, answer, int(self._clock() * 1000))
        with self._lock:
            if answer.get("cached") and self._written.get(item.key) == item.verdict_id:
                self._written.move_to_end(item.key)
                return
        if self._buffer or not self.schema_ready:
            # Older buffered versions of the same content must be written first.
            self._hold(item, "earlier items are still waiting for the database")
            self.flush()
            return
        try:
            self.store.upsert(item)
        except StoreUnavailable as exc:
            self._hold(item, str(exc))
            return
        except Exception as exc:
            # Not an outage (those are StoreUnavailable): retrying would fail the same way,
            # so the item is refused rather than buffered forever or dropped.
            log.exception("review item %s could not be stored", item.key)
            raise ItemNotQueued(f"review item could not be stored: {exc}") from exc
        with self._lock:
            self._written[item.key] = item.verdict_id
            self._written.move_to_end(item.key)
            if len(self._written) > _WRITTEN_MAX:
                self._written.popitem(last=False)

    def _hold(self, item: NewItem, why: str, replayed: bool = False) -> None:
        """Spool an item (fsynced), then buffer it for the retry timer."""
        line = json.dumps(dataclasses.asdict(item), ensure_ascii=False)
        with self._lock:
            # Before the buffer: an item that cannot be made durable is refused whole.
            self._spool_line(line)
            if not replayed:  # an adopted item was counted by the process that spooled it
                metrics.REVIEW_SPOOLED.inc()
            if len(self._buffer) == self._buffer.maxlen:
                self._overflowed = True
                log.error("review buffer full: oldest item dropped from memory (still spooled)")
            self._buffer.append(item)
            metrics.REVIEW_PENDING.set(len(self._buffer))
        log.warning("review item %s buffered (%d waiting): %s", item.key, len(self._buffer), why)
        self._schedule()

    def _spool_line(self, line: str) -> None:
        """Append and fsync one item; raises ItemNotQueued when the spool cannot take it."""
        if self._spool is None:
            return
        try:
            self._spool.parent.mkdir(parents=True, exist_ok=True)
            with self._spool.open("a", encoding="utf-8") as f:
                f.write(line + "\n")
                f.flush()
                os.fsync(f.fileno())
        except (OSError, UnicodeEncodeError) as exc:
            log.exception("could not append to the review spool %s", self._spool)
            raise ItemNotQueued(
                f"review database unavailable and the spool {self._spool} cannot be written"
            ) from exc

    def _schedule(self) -> None:
        with self._lock:
            if self._timer is not None or not self._buffer:
                return
            self._timer = threading.Timer(self._retry_s, self._retry)
            self._timer.daemon = True
            self._timer.start()

    def _retry(self) -> None:
        with self._lock:
            self._timer = None
        self.flush()
        self._schedule()

    def flush(self) -> int:
        """Write buffered items if the database is back; return how many were written."""
        if not self._flushing.acquire(blocking=False):
            return 0  # another thread is already writing them
        try:
            with self._lock:
                batch = list(self._buffer)
            if not self.schema_ready:
                self.store.ensure_schema()
                self.schema_ready = True
            if batch:
                self.store.upsert_many(batch)
        except StoreUnavailable as exc:
            log.warning("review database still unavailable, %d items wait: %s", len(batch), exc)
            return 0
        finally:
            self._flushing.release()
        with self._lock:
            for item in batch:
                if self._buffer and self._buffer[0] is item:
                    self._buffer.popleft()
            metrics.REVIEW_PENDING.set(len(self._buffer))
            metrics.REVIEW_SPOOL_WRITTEN.inc(len(batch))
            if not self._buffer and not self._overflowed and self._spool is not None:
                self._spool.unlink(missing_ok=True)
        if batch:
            log.info("wrote %d buffered review items", len(batch))
        return len(batch)

    def replay_spools(self) -> int:
        """Adopt spool files left by stopped processes into this buffer; return the count."""
        if self._spool_dir is None or not self._spool_dir.is_dir():
            return 0
        adopted = 0
        for path in sorted(self._spool_dir.glob(SPOOL_GLOB)):
            # Our own name too: a restarted container often reuses the old pid.
            claimed = path.with_suffix(f".replaying-{os.getpid()}")
            try:
                path.rename(claimed)  # atomic: only one worker adopts each file
            except OSError:
                continue
            lines = [x for x in claimed.read_text("utf-8").splitlines() if x.strip()]
            try:
                for line in lines:
                    self._hold(_load(line), f"replayed from {path.name}", replayed=True)
                    adopted += 1
            except ItemNotQueued:
                # Our own spool cannot take them: leave the file for the next start.
                claimed.rename(path)
                log.error("could not adopt %s; it stays for the next start", path.name)
                break
            claimed.unlink()
        return adopted
