"""Fixtures for fault tests: a production gunicorn server in a private instance folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gunicorn_server import GunicornServer


@pytest.fixture()
def gunicorn(tmp_path: Path) -> Iterator[GunicornServer]:
    """`darnel serve` with 2 sync workers and the in-memory cache."""
    srv = GunicornServer({"DARNEL_CACHE": "memory", "DARNEL_INSTANCE_DIR": str(tmp_path)})
    yield srv
    srv.stop()
