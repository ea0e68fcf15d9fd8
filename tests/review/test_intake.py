"""The verdict hook: what gets queued, and nothing lost while the database is locked or gone."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from service.db import open_database
from service.review.errors import ItemNotQueued
from service.review.intake import ReviewIntake
from service.review.models import ItemFilter
from service.review.sql import SqlReviewStore


def _answer(verdict: str = "block", vid: str = "vd_1") -> dict[str, Any]:
    return {
        "id": vid,
        "verdict": verdict,
        "score": 0.9,
        "language": "en",
        "spans": [],
        "reasons": [],
        "clean_text": "x",
        "versions": {"rules": "r-1", "model": "none"},
    }


def _store(path: Path) -> SqlReviewStore:
    store = SqlReviewStore(open_database(f"sqlite:///{path}"))
    store.ensure_schema()
    return store


def test_queues_review_and_block_and_samples_allow(tmp_path: Path) -> None:
    store = _store(tmp_path / "r.db")
    intake = ReviewIntake(store, 0.5, tmp_path, rng=iter([0.4, 0.6]).__next__)
    intake.schema_ready = True
    fields = {"text": "hello", "site": "s"}
    intake(fields, _answer("allow", "vd_a"))  # sampled: 0.4 < 0.5
    intake(fields, _answer("allow", "vd_b"))  # not sampled
    intake({**fields, "content_id": "c"}, _answer("review", "vd_c"))
    intake({**fields, "content_id": "c"}, _answer("block", "vd_d"))  # same content: updated
    items = store.list_items(ItemFilter()).items
    assert [(i.verdict_id, i.version) for i in items] == [("vd_a", 1), ("vd_d", 2)]


def test_locked_database_buffers_spools_and_catches_up(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    store = _store(db)
    intake = ReviewIntake(store, 0.0, tmp_path, retry_s=60)
    intake.schema_ready = True
    locker = sqlite3.connect(db)
    locker.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    intake({"text": "first", "content_id": "1"}, _answer(vid="vd_1"))
    intake({"text": "second", "content_id": "2"}, _answer(vid="vd_2"))
    assert time.monotonic() - started < 3, "the hook must not wait out the whole lock"
    assert intake.pending == 2
    spool = list(tmp_path.glob("review-spool-*.jsonl"))
    assert len(spool) == 1 and len(spool[0].read_text("utf-8").splitlines()) == 2
    locker.rollback()
    locker.close()
    assert intake.flush() == 2
    assert intake.pending == 0 and not list(tmp_path.glob("review-spool-*.jsonl"))
    assert store.list_items(ItemFilter()).total == 2


def test_spool_survives_a_restart_when_the_database_was_gone(tmp_path: Path) -> None:
    gone = SqlReviewStore(open_database("postgresql+psycopg2://nobody@127.0.0.1:9/none"))
    dead = ReviewIntake(gone, 0.0, tmp_path, retry_s=60)
    dead({"text": "kept", "content_id": "k"}, _answer(vid="vd_k"))
    assert dead.pending == 1
    # A new process (here: a new intake) on a working database adopts the spool.
    store = _store(tmp_path / "r.db")
    fresh = ReviewIntake(store, 0.0, tmp_path)
    fresh.schema_ready = True
    assert fresh.replay_spools() == 1
    assert fresh.flush() == 1
    [item] = store.list_items(ItemFilter()).items
    assert (item.text, item.content_id) == ("kept", "k")


def test_a_cached_repeat_of_a_written_verdict_skips_the_database(tmp_path: Path) -> None:
    store = _store(tmp_path / "r.db")
    intake = ReviewIntake(store, 0.0, tmp_path)
    intake.schema_ready = True
    calls: list[str] = []
    real = store.upsert

    def counting(item: Any) -> None:
        calls.append(item.verdict_id)
        real(item)

    store.upsert = counting  # type: ignore[method-assign]
    fields = {"text": "hello", "site": "s", "content_id": "c"}
    intake(fields, _answer("block", "vd_1"))
    intake(fields, {**_answer("block", "vd_1"), "cached": True})  # same verdict from cache
    intake(fields, {**_answer("block", "vd_2"), "cached": True})  # another verdict: written
    intake(fields, _answer("block", "vd_2"))  # fresh (not cached): always written
    assert calls == ["vd_1", "vd_2", "vd_2"]


def test_an_item_that_cannot_be_spooled_is_refused_not_dropped(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    store = _store(db)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the spool folder should be", "utf-8")
    intake = ReviewIntake(store, 0.0, blocker / "spool", retry_s=60)
    intake.schema_ready = True
    locker = sqlite3.connect(db)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        # Today the hook logged and went on: the caller got its verdict, the item was gone.
        with pytest.raises(ItemNotQueued):
            intake({"text": "first", "content_id": "1"}, _answer(vid="vd_1"))
        assert intake.pending == 0
    finally:
        locker.rollback()
        locker.close()


def test_an_item_the_store_cannot_take_is_refused(tmp_path: Path) -> None:
    intake = ReviewIntake(_store(tmp_path / "r.db"), 0.0, tmp_path, retry_s=60)
    intake.schema_ready = True
    # The web boundary refuses it first; the hook must still never swallow it.
    with pytest.raises(ItemNotQueued):
        intake({"text": "x", "content_id": "a\ud800"}, _answer(vid="vd_s"))
