"""The production server SIGKILLed while moderators decide items one by one, from several
clients: every answered decision is kept, none is duplicated or half-applied."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import requests
from gunicorn_server import GunicornServer
from review.factory import new_item

from service.db import open_database
from service.review.models import Status
from service.review.sql import SqlReviewStore
from service.users.models import Role
from service.users.store import UserStore

pytestmark = pytest.mark.slow
ITEMS = 2000
CLIENTS = 4


def _prepare(db: Path) -> None:
    engine = open_database(f"sqlite:///{db}")
    store, users = SqlReviewStore(engine), UserStore(engine)
    store.ensure_schema()
    users.ensure_schema()
    users.add("mod", "password123", frozenset({Role.MODERATOR}))
    store.upsert_many([new_item(content_id=f"d{n}") for n in range(ITEMS)])
    engine.dispose()


def test_sigkill_mid_decisions_loses_duplicates_and_halves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "darnel.db"
    _prepare(db)
    env = {"DARNEL_CACHE": "none", "DARNEL_INSTANCE_DIR": str(tmp_path),
           "DARNEL_SECRET_KEY": "k" * 40}  # fmt: skip
    srv = GunicornServer(env)
    answered: dict[int, str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def moderate(client: int) -> None:
        session = requests.Session()
        for item_id in range(1 + client, ITEMS + 1, CLIENTS):
            if stop.is_set():
                return
            action = "spam" if item_id % 2 else "ham"
            try:
                r = session.post(f"{srv.url}/v1/review/items/{item_id}/decision",
                                 auth=("mod", "password123"), timeout=30,
                                 json={"action": action, "version": 1})  # fmt: skip
            except requests.RequestException:
                return  # the server died under this request
            if r.status_code == 200:
                with lock:
                    answered[item_id] = action

    threads = [threading.Thread(target=moderate, args=(c,), daemon=True) for c in range(CLIENTS)]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(answered) < 150 and time.monotonic() < deadline:
            time.sleep(0.01)
        srv.kill()
        stop.set()
        for t in threads:
            t.join(timeout=30)
    finally:
        srv.stop()
    srv = GunicornServer(env)  # back up on the same database
    try:
        assert requests.get(f"{srv.url}/readyz", timeout=10).status_code == 200
    finally:
        srv.stop()
    store = SqlReviewStore(open_database(f"sqlite:///{db}"))
    lost = [i for i, action in answered.items() if store.get(i).status.value != action]
    duplicated = half = 0
    for item_id in range(1, ITEMS + 1):
        item, log = store.get(item_id), store.history(item_id)
        duplicated += len(log) > 1
        # Half-applied: a status without its logged decision, or a decision without its status.
        half += (item.status is Status.PENDING) != (not log)
    print(
        f"SIGKILL mid-decisions: {len(answered)} answered decisions, {len(lost)} lost, "
        f"{duplicated} duplicated, {half} half-applied"
    )
    assert len(answered) >= 150
    assert (lost, duplicated, half) == ([], 0, 0)
