"""Tests for POST /v1/check over real HTTP: the contract, errors, and the memory cache."""

from __future__ import annotations

import requests
from live_server import LiveServer

from service.config import REPO_ROOT

SHANGHAI = (REPO_ROOT / "tests" / "data" / "shanghai-article.txt").read_text("utf-8")


def _post(server: LiveServer, body: object) -> requests.Response:
    return requests.post(f"{server.url}/v1/check", json=body, timeout=30)


def _post_raw(server: LiveServer, raw: bytes) -> requests.Response:
    """POST bytes as they are, labelled JSON: for bodies no JSON encoder would produce."""
    return requests.post(
        f"{server.url}/v1/check",
        data=raw,
        headers={"Content-Type": "application/json"},
        timeout=5,
    )


def test_shanghai_answer_follows_the_contract(server: LiveServer) -> None:
    r = _post(server, {"text": SHANGHAI, "content_id": "post-1", "site": "news"})
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert body["verdict"] in ("review", "block")
    assert body["id"].startswith("vd_")
    assert body["language"] == "en"
    assert [s["text"] for s in body["spans"]] == ["爱上海论坛", "新上海龙凤419会所", "上海夜网论坛"]
    for s in body["spans"]:
        assert SHANGHAI[s["start"] : s["end"]] == s["text"]
        assert s["reasons"] and all({"kind", "id", "detail"} <= set(x) for x in s["reasons"])
    assert set(body["versions"]) == {"rules", "model"}
    assert body["cached"] is False
    assert sum(x["share"] for x in body["languages"]) > 0.99


def test_identical_request_is_served_from_memory_cache(server: LiveServer) -> None:
    body = {"text": "A quiet afternoon walk along the Bund, then tea with friends."}
    first = _post(server, body).json()
    second = _post(server, body).json()
    assert first["cached"] is False and second["cached"] is True
    assert {**first, "cached": True} == second


def test_health_and_ready(server: LiveServer) -> None:
    assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200
    r = requests.get(f"{server.url}/readyz", timeout=5)
    assert r.status_code == 200, r.json()


def _assert_error(r: requests.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] == code and err["message"]


def test_not_json(server: LiveServer) -> None:
    r = _post_raw(server, b"{not json")
    _assert_error(r, 400, "invalid_json")


def test_form_body_is_refused(server: LiveServer) -> None:
    r = requests.post(f"{server.url}/v1/check", data={"text": "hi"}, timeout=5)
    _assert_error(r, 415, "unsupported_media_type")


def test_missing_and_non_string_text(server: LiveServer) -> None:
    _assert_error(_post(server, {"format": "text"}), 400, "missing_text")
    _assert_error(_post(server, {"text": 42}), 400, "invalid_text")
    _assert_error(_post(server, {"text": ["a"]}), 400, "invalid_text")
    _assert_error(_post(server, ["text"]), 400, "invalid_json")


def test_empty_text_and_empty_body(server: LiveServer) -> None:
    _assert_error(_post(server, {"text": ""}), 400, "empty_text")
    r = _post_raw(server, b"")
    _assert_error(r, 400, "empty_body")


def test_body_over_limit(server: LiveServer) -> None:
    r = _post(server, {"text": "a" * 400_000})
    _assert_error(r, 413, "body_too_large")


def test_text_over_character_limit(server: LiveServer) -> None:
    _assert_error(_post(server, {"text": "ab " * 20_000}), 413, "text_too_long")


def test_invalid_utf8(server: LiveServer) -> None:
    r = _post_raw(server, b'{"text": "\xff\xfe bad"}')
    _assert_error(r, 400, "invalid_utf8")


def test_unknown_format_and_bad_optional_field(server: LiveServer) -> None:
    _assert_error(_post(server, {"text": "hello", "format": "pdf"}), 400, "unknown_format")
    _assert_error(_post(server, {"text": "hello", "site": 3}), 400, "invalid_site")


def test_lone_surrogate_escape_is_refused(server: LiveServer) -> None:
    r = _post_raw(server, b'{"text": "a\\ud800b"}')
    _assert_error(r, 400, "invalid_text")


def test_unknown_route_and_method(server: LiveServer) -> None:
    _assert_error(requests.get(f"{server.url}/nope", timeout=5), 404, "not_found")
    _assert_error(requests.get(f"{server.url}/v1/check", timeout=5), 405, "method_not_allowed")
