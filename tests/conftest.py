"""Session-wide pytest fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis_server import RedisServer, find_or_start, redis_required


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real Redis: DARNEL_TEST_REDIS_URL, else a private redis-server for this session.

    Without one, Redis tests fail in CI (CI or DARNEL_REQUIRE_REDIS=1) and skip elsewhere.
    """
    found = find_or_start()
    if isinstance(found, str):
        if redis_required():
            pytest.fail(f"Redis tests need a Redis server: {found}", pytrace=False)
        pytest.skip(f"Redis tests skipped: {found} (install redis-server to run them)")
    yield found
    found.close()


@pytest.fixture(scope="session")
def redis_url(redis_server: RedisServer) -> str:
    """The URL of the session's Redis server."""
    return redis_server.url
