"""Tests for a batch's lease: taken with a TTL, renewed while held, gone after."""

from __future__ import annotations

import time
import uuid

import pytest
import redis

from service.scan.jobs import Lease, holder


@pytest.mark.redis
def test_the_lease_is_renewed_while_held(redis_url: str) -> None:
    client: redis.Redis[bytes] = redis.Redis.from_url(redis_url)
    key = f"darnel-test:{uuid.uuid4().hex}:lease"
    with Lease(client, key, seconds=1):
        assert client.get(key) == holder().encode()
        time.sleep(1.5)  # past the first TTL: only a renewal keeps it
        assert client.exists(key)
    time.sleep(1.1)
    assert not client.exists(key)
    client.close()
