"""Fixtures for HTTP tests: a live server on the shipped rules and model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from live_server import LiveServer


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    """A live server with the in-memory cache and a small body limit."""
    srv = LiveServer({"cache": "memory", "max_body_bytes": 300_000, "max_chars": 50_000})
    yield srv
    srv.stop()
