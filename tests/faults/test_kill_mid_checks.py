"""The whole service SIGKILLed while it answers review verdicts, some of them spooled because
the queue database is locked: after a restart every answered item is in the queue."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from gunicorn_server import GunicornServer
from samples import BLATANT

from faults.load import Load
from service.db import open_database
from service.review.models import ItemFilter
from service.review.sql import SqlReviewStore

pytestmark = pytest.mark.slow


def _body(n: int) -> dict[str, Any]:
    return {"text": f"{BLATANT} {n}", "content_id": f"kill-{n}", "site": "faults"}


def _queued(db: Path) -> set[str]:
    store = SqlReviewStore(open_database(f"sqlite:///{db}"))
    ids: set[str] = set()
    cursor = None
    while True:
        page = store.list_items(ItemFilter(), cursor, 200)
        ids.update(i.content_id or "" for i in page.items)
        cursor = page.next_cursor
        if cursor is None:
            return ids


def test_sigkill_mid_checks_loses_no_answered_item(tmp_path: Path) -> None:
    env = {"DARNEL_CACHE": "none", "DARNEL_INSTANCE_DIR": str(tmp_path)}
    srv = GunicornServer(env)
    db = tmp_path / "darnel.db"
    locker = sqlite3.connect(db, timeout=10)
    try:
        with Load(srv.url, body=_body) as load:
            load.wait_for(30)  # stored directly
            locker.execute("BEGIN EXCLUSIVE")  # the database stays locked: items spool
            load.wait_for(30)
            srv.kill()  # mid-request, while items wait in the spool
        locker.rollback()
    finally:
        locker.close()
        srv.stop()
    answered = {body["content_id"] for body, answer in load.answers
                if answer["verdict"] in ("review", "block")}  # fmt: skip
    srv = GunicornServer(env)  # the restart adopts the spools left behind
    try:
        deadline = time.monotonic() + 30
        while (lost := answered - _queued(db)) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        srv.stop()
    print(
        f"SIGKILL mid-checks: {load.done} requests, {len(load.failures)} non-2xx "
        f"(cut by the kill), {len(answered)} answered review items, {len(lost)} lost"
    )
    assert len(answered) >= 50
    # Only requests the kill cut off may fail: none answered with an error status.
    assert not [f for f in load.failures if f.startswith("HTTP ")], load.failures
    assert lost == set(), sorted(lost)[:10]
