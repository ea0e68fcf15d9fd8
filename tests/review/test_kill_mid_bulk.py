"""SIGKILL the service during a large bulk decision: committed decisions stay, none half-apply."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from review.factory import new_item
from service.config import REPO_ROOT
from service.db import open_database
from service.review.models import Action, DecisionRequest, ItemFilter, Status
from service.review.sql import SqlReviewStore
from service.users.models import Role
from service.users.store import UserStore

N = 10_000


def _write_locked(db: Path) -> bool:
    """Say whether another connection holds the write lock (the bulk's open transaction)."""
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def test_sigkill_during_bulk_decision(tmp_path: Path) -> None:
    db = tmp_path / "darnel.db"
    engine = open_database(f"sqlite:///{db}")
    store = SqlReviewStore(engine)
    store.ensure_schema()
    users = UserStore(engine)
    users.ensure_schema()
    users.add("mod", "password123", frozenset({Role.MODERATOR}))
    store.upsert_many([new_item(content_id=f"c{n}") for n in range(N + 5)])
    engine.dispose()

    env = {
        **os.environ,
        "DARNEL_INSTANCE_DIR": str(tmp_path),
        "DARNEL_SECRET_KEY": "k" * 40,
        "DARNEL_CACHE": "none",
        "PYTHONPATH": str(REPO_ROOT),
    }
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("serve_app.py"))],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = f"http://127.0.0.1:{int(proc.stdout.readline())}/v1/review"
        auth = ("mod", "password123")
        # Five decisions committed one by one before the crash.
        for item_id in range(1, 6):
            r = requests.post(
                f"{url}/items/{item_id}/decision",
                auth=auth,
                timeout=30,
                json={"action": "spam", "version": 1},
            )
            assert r.status_code == 200, r.text
        bulk = [{"id": i, "action": "ham", "version": 1} for i in range(6, N + 6)]

        def send() -> None:
            try:
                requests.post(f"{url}/decisions", auth=auth, json={"decisions": bulk}, timeout=60)
            except requests.RequestException:
                pass  # the server dies under it, as intended

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        deadline = time.monotonic() + 30
        while not _write_locked(db):
            assert time.monotonic() < deadline, "the bulk decision never started writing"
            time.sleep(0.002)
        time.sleep(0.05)  # let it get well into the batch
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        sender.join(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    reopened = SqlReviewStore(open_database(f"sqlite:///{db}"))
    for item_id in range(1, 6):
        assert reopened.get(item_id).status is Status.SPAM
        assert [d.action for d in reopened.history(item_id)] == [Action.SPAM]
    ham = reopened.list_items(ItemFilter(status=Status.HAM), limit=1).total
    pending = reopened.list_items(ItemFilter(status=Status.PENDING), limit=1).total
    print(f"after SIGKILL: {ham} ham, {pending} pending")
    assert (ham, pending) in ((0, N), (N, 0)), f"half-applied bulk: {ham} ham, {pending} pending"
    with reopened.engine.connect() as conn:
        logged = conn.exec_driver_sql("SELECT COUNT(*) FROM review_decisions").scalar()
    assert logged == 5 + ham
    # The store still works after the crash.
    item = reopened.decide(DecisionRequest(N + 5, Action.SPAM, reopened.get(N + 5).version), "mod")
    assert item.status is Status.SPAM
