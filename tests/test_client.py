"""Tests for the typed Python client against a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keys.support import cms_overrides, key_store, make_key
from live_server import LiveServer
from samples import BLATANT

from service.client import Client, DarnelError


@pytest.fixture(scope="module")
def overrides(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return cms_overrides(tmp_path_factory.mktemp("client"))


@pytest.fixture(scope="module")
def srv(overrides: dict[str, object]) -> Iterator[LiveServer]:
    s = LiveServer(overrides)
    yield s
    s.stop()


def test_check_batch_verdict_health(srv: LiveServer, overrides: dict[str, object]) -> None:
    client = Client(srv.url, key=make_key(overrides))
    assert client.health()
    v = client.check(BLATANT, language="zh")
    assert v["verdict"] == "block" and v["spans"]
    assert client.verdict(v["id"])["id"] == v["id"]
    results = client.check_batch([{"id": "x", "text": "hello there, nice post"}, {"text": ""}])
    assert results[0]["item_id"] == "x" and "verdict" in results[0]
    assert "error" in results[1]


def test_errors_carry_status_code_and_retry_after(
    srv: LiveServer, overrides: dict[str, object]
) -> None:
    with pytest.raises(DarnelError) as err:
        Client(srv.url).verdict("vd_missing")
    assert err.value.status == 404 and err.value.code == "verdict_not_found"
    key = make_key(overrides)
    key_store(overrides).revoke(key)
    with pytest.raises(DarnelError) as err:
        Client(srv.url, key=key).check("hi")
    assert err.value.status == 403
    limited = Client(srv.url, key=make_key(overrides, rate_limit=1))
    limited.check("hi")
    with pytest.raises(DarnelError) as err:
        limited.check("hi")
    assert err.value.status == 429 and err.value.retry_after is not None


def test_health_false_when_nothing_listens(tmp_path: Path) -> None:
    assert Client("http://127.0.0.1:1", timeout=1).health() is False
