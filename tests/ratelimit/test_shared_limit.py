"""Two app instances sharing one Redis enforce one rate limit per key; no Redis degrades."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import redis
from keys.support import cms_overrides, make_key
from live_server import LiveServer
from samples import HAM


@pytest.mark.redis
def test_limit_is_shared_across_live_servers(redis_url: str, tmp_path: Path) -> None:
    redis.Redis.from_url(redis_url).flushdb()
    overrides = cms_overrides(tmp_path, redis_url=redis_url)
    servers = [LiveServer(overrides), LiveServer(overrides)]
    try:
        key = make_key(overrides, rate_limit=4)
        headers = {"X-Darnel-Key": key}
        codes = [
            httpx.post(f"{servers[i % 2].url}/v1/check", json={"text": HAM}, headers=headers,
                       timeout=30).status_code
            for i in range(4)
        ]  # fmt: skip
        assert codes == [200, 200, 200, 200]
        for srv in servers:
            r = httpx.post(f"{srv.url}/v1/check", json={"text": HAM}, headers=headers, timeout=30)
            assert r.status_code == 429 and "Retry-After" in r.headers
            r = httpx.post(f"{srv.url}/1.1/comment-check", data={"api_key": key,
                           "comment_content": HAM}, timeout=30)  # fmt: skip
            assert r.status_code == 429 and r.text == "rate limited"
        # The verdict log is shared too: an id answered by one server is found by the other.
        other = make_key(overrides)
        r = httpx.post(f"{servers[0].url}/1.1/comment-check",
                       data={"api_key": other, "comment_content": HAM}, timeout=30)  # fmt: skip
        guid = r.headers["X-akismet-guid"]
        assert httpx.get(f"{servers[1].url}/v1/verdicts/{guid}", timeout=10).status_code == 200
    finally:
        for srv in servers:
            srv.stop()


def test_unreachable_redis_degrades_to_memory_limits(tmp_path: Path) -> None:
    # Port 1 on loopback refuses connections at once: Redis "down" from the start.
    overrides = cms_overrides(tmp_path, redis_url="redis://127.0.0.1:1/0")
    srv = LiveServer(overrides)
    try:
        headers = {"X-Darnel-Key": make_key(overrides, rate_limit=2)}
        codes = [
            httpx.post(
                f"{srv.url}/v1/check", json={"text": HAM}, headers=headers, timeout=30
            ).status_code
            for _ in range(3)
        ]
        assert codes == [200, 200, 429]
    finally:
        srv.stop()
