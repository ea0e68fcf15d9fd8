"""Tests for POST /v1/check/batch over real HTTP."""

from __future__ import annotations

import httpx
from live_server import LiveServer
from samples import BLATANT, HAM


def _batch(server: LiveServer, body: object) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/check/batch", json=body, timeout=60)


def test_results_come_in_order_and_bad_items_fail_alone(server: LiveServer) -> None:
    items = [
        {"id": "a", "text": HAM},
        {"id": "b", "text": BLATANT, "content_id": "c-9"},
        {"id": "c", "text": 42},
        {"text": "<p>Hello <b>there</b>, nice post.</p>", "format": "html"},
        "not an object",
        {"id": 7, "text": ""},
    ]
    r = _batch(server, {"items": items})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["item_id"] for x in results] == ["a", "b", "c", 3, 4, 7]
    assert results[0]["verdict"] == "allow" and results[1]["verdict"] == "block"
    assert results[2]["error"]["code"] == "invalid_text"
    assert results[3]["verdict"] == "allow"
    assert results[4]["error"]["code"] == "invalid_item"
    assert results[5]["error"]["code"] == "empty_text"


def test_batch_verdicts_match_single_checks(server: LiveServer) -> None:
    single = httpx.post(f"{server.url}/v1/check", json={"text": BLATANT}, timeout=30).json()
    batched = _batch(server, {"items": [{"text": BLATANT}]}).json()["results"][0]
    for field in ("verdict", "score", "spans", "language"):
        assert batched[field] == single[field]


def test_too_many_items_and_bad_shapes(server: LiveServer) -> None:
    r = _batch(server, {"items": [{"text": "x"}] * 101})
    assert r.status_code == 400 and r.json()["error"]["code"] == "too_many_items"
    assert _batch(server, {"items": []}).json()["error"]["code"] == "empty_batch"
    assert _batch(server, {"items": "x"}).status_code == 400
    assert _batch(server, [1]).status_code == 400
