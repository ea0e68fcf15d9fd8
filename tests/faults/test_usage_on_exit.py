"""Gunicorn stopped gracefully: the usage counts its workers still held reach the database."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from gunicorn_server import GunicornServer
from samples import HAM

from service.db import open_database
from service.keys.store import KeyStore
from service.keys.usage import current_month, month_calls

pytestmark = pytest.mark.slow
SECRET = "test-pepper-not-secret"


def test_a_graceful_stop_writes_the_waiting_usage_counts(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'darnel.db'}")
    key, plain = KeyStore(engine, lambda: SECRET).create("example.com")
    srv = GunicornServer(
        {"DARNEL_CACHE": "memory", "DARNEL_INSTANCE_DIR": str(tmp_path),
         "DARNEL_SECRET_KEY": SECRET},
        workers=1,
    )  # fmt: skip
    try:
        r = requests.post(
            f"{srv.url}/v1/check", json={"text": HAM}, headers={"X-Darnel-Key": plain}, timeout=30
        )
        assert r.status_code == 200
    finally:
        # Stopped at once, well inside the buffer's second: only the exit hook writes it.
        srv.stop()
    assert month_calls(engine, key.id, current_month()) == 1
