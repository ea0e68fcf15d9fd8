"""Tests for the Akismet-compatible endpoints over real HTTP: protocol details and keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote_from_bytes

import httpx
import pytest
from keys.support import cms_overrides, key_store, make_key
from live_server import LiveServer
from samples import BLATANT, HAM


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, Any]]]:
    overrides = cms_overrides(tmp_path_factory.mktemp("akismet-web"))
    srv = LiveServer(overrides)
    yield srv, overrides
    srv.stop()


def _post(srv: LiveServer, path: str, data: dict[str, str], **kw: Any) -> httpx.Response:
    return httpx.post(f"{srv.url}{path}", data=data, timeout=30, **kw)


def _encoded(fields: dict[str, str], charset: str) -> bytes:
    return b"&".join(
        quote_from_bytes(k.encode(charset)).encode()
        + b"="
        + quote_from_bytes(v.encode(charset)).encode()
        for k, v in fields.items()
    )


def test_verify_key_by_form_and_by_host(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, overrides = setup
    key = make_key(overrides)
    r = _post(srv, "/1.1/verify-key", {"key": key, "blog": "https://example.com"})
    assert (r.status_code, r.text) == (200, "valid")
    assert r.headers["Content-Type"].startswith("text/plain")
    r = _post(
        srv,
        "/1.1/verify-key",
        {"blog": "https://example.com"},
        headers={"Host": f"{key}.rest.akismet.com"},
    )
    assert r.text == "valid"
    r = _post(srv, "/1.1/verify-key", {"key": "nosuchkey123"})
    assert r.text == "invalid" and r.headers["X-akismet-debug-help"]


def test_missing_key_is_invalid_with_debug_help(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, _ = setup
    r = _post(srv, "/1.1/comment-check", {"comment_content": HAM, "user_ip": "1.2.3.4"})
    assert (r.status_code, r.text) == (200, "invalid")
    assert "api_key" in r.headers["X-akismet-debug-help"]


def test_spam_answers_true_with_guid_and_discard(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, overrides = setup
    key = make_key(overrides)
    r = _post(
        srv,
        "/1.1/comment-check",
        {"api_key": key, "user_ip": "1.2.3.4", "comment_content": BLATANT, "no_such_field": "x"},
    )
    assert r.text == "true"
    assert r.headers["X-akismet-pro-tip"] == "discard"
    guid = r.headers["X-akismet-guid"]
    detail = httpx.get(f"{srv.url}/v1/verdicts/{guid}", timeout=10)
    assert detail.status_code == 200 and detail.json()["verdict"] == "block"
    r = _post(srv, "/1.1/comment-check", {"api_key": key, "comment_content": HAM})
    assert r.text == "false" and "X-akismet-pro-tip" not in r.headers


def test_empty_content_is_false_and_author_fields_are_used(
    setup: tuple[LiveServer, dict[str, Any]],
) -> None:
    srv, overrides = setup
    key = make_key(overrides)
    r = _post(srv, "/1.1/comment-check", {"api_key": key, "comment_content": ""})
    assert (r.status_code, r.text) == (200, "false")
    r = _post(srv, "/1.1/comment-check", {"api_key": key, "comment_author": BLATANT})
    assert r.text == "true"


@pytest.mark.parametrize(
    ("charset", "text"), [("iso-8859-1", "Café crème à la Défense"), ("gbk", BLATANT)]
)
def test_declared_charset_decodes_the_form(
    setup: tuple[LiveServer, dict[str, Any]], charset: str, text: str
) -> None:
    srv, overrides = setup
    body = _encoded({"api_key": make_key(overrides), "comment_content": text}, charset)
    r = httpx.post(
        f"{srv.url}/1.1/comment-check",
        content=body,
        timeout=30,
        headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}"},
    )
    detail = httpx.get(f"{srv.url}/v1/verdicts/{r.headers['X-akismet-guid']}", timeout=10).json()
    if text == BLATANT:
        assert r.text == "true" and detail["spans"][0]["text"].startswith("爱上海论坛")
    else:
        assert r.text == "false" and detail["clean_text"] == text


def test_blog_charset_field_is_honoured(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, overrides = setup
    text = "Café crème à la Défense"
    body = _encoded(
        {"api_key": make_key(overrides), "blog_charset": "ISO-8859-1", "comment_content": text},
        "latin-1",
    )
    r = httpx.post(
        f"{srv.url}/1.1/comment-check",
        content=body,
        timeout=30,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    detail = httpx.get(f"{srv.url}/v1/verdicts/{r.headers['X-akismet-guid']}", timeout=10).json()
    assert detail["clean_text"] == text


def test_submit_answers_thanks(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, overrides = setup
    key = make_key(overrides)
    for path in ("/1.1/submit-spam", "/1.1/submit-ham"):
        r = _post(srv, path, {"api_key": key, "comment_content": HAM, "is_test": "1"})
        assert r.text == "Thanks for making the web a better place."


def test_key_sites_and_usage_limit(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, overrides = setup
    key = make_key(overrides, site="blog.example")
    _post(
        srv,
        "/1.1/comment-check",
        {"api_key": key, "blog": "https://www.blog.example/", "comment_content": HAM},
    )
    sites = httpx.get(f"{srv.url}/1.2/key-sites", params={"api_key": key}, timeout=10).json()
    month = next(k for k in sites if k not in ("limit", "offset", "total"))
    by_site = {row["site"]: row for row in sites[month]}
    assert (
        by_site["www.blog.example"]["api_calls"] == "1"
        and by_site["www.blog.example"]["ham"] == "1"
    )
    assert "blog.example" in by_site and sites["total"] == 2
    usage = httpx.get(f"{srv.url}/1.2/usage-limit", params={"api_key": key}, timeout=10).json()
    assert usage == {"limit": "none", "usage": 1, "percentage": "0.00", "throttled": False}


def test_revoked_key_is_refused_everywhere(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, overrides = setup
    key = make_key(overrides)
    key_store(overrides).revoke(key)
    for path, field in (
        ("/1.1/verify-key", "key"),
        ("/1.1/comment-check", "api_key"),
        ("/1.1/submit-spam", "api_key"),
        ("/1.1/submit-ham", "api_key"),
    ):
        r = _post(srv, path, {field: key, "comment_content": HAM})
        assert r.text == "invalid" and "revoked" in r.headers["X-akismet-debug-help"], path
    for path in ("/1.2/usage-limit", "/1.2/key-sites"):
        assert httpx.get(f"{srv.url}{path}", params={"api_key": key}, timeout=10).text == "invalid"
    headers = {"X-Darnel-Key": key}
    r = httpx.post(f"{srv.url}/v1/check", json={"text": HAM}, headers=headers, timeout=30)
    assert r.status_code == 403 and r.json()["error"]["code"] == "revoked_api_key"
    r = httpx.post(
        f"{srv.url}/v1/check/batch", json={"items": [{"text": HAM}]}, headers=headers, timeout=30
    )
    assert r.status_code == 403
    r = httpx.get(f"{srv.url}/v1/verdicts/vd_x", headers=headers, timeout=30)
    assert r.status_code == 403


def test_native_unknown_key_is_401(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, _ = setup
    r = httpx.post(
        f"{srv.url}/v1/check", json={"text": HAM}, headers={"X-Darnel-Key": "nope"}, timeout=30
    )
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key"


def test_rate_limit_answers_429_json_and_text(setup: tuple[LiveServer, dict[str, Any]]) -> None:
    srv, overrides = setup
    key = make_key(overrides, rate_limit=2)
    headers = {"X-Darnel-Key": key}
    for _ in range(2):
        assert (
            httpx.post(
                f"{srv.url}/v1/check", json={"text": HAM}, headers=headers, timeout=30
            ).status_code
            == 200
        )
    r = httpx.post(f"{srv.url}/v1/check", json={"text": HAM}, headers=headers, timeout=30)
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    r = _post(srv, "/1.1/comment-check", {"api_key": key, "comment_content": HAM})
    assert r.status_code == 429 and r.headers["Content-Type"].startswith("text/plain")
    assert int(r.headers["Retry-After"]) >= 1


def test_required_key(tmp_path_factory: pytest.TempPathFactory) -> None:
    overrides = cms_overrides(tmp_path_factory.mktemp("required"), require_api_key=True)
    srv = LiveServer(overrides)
    try:
        r = httpx.post(f"{srv.url}/v1/check", json={"text": HAM}, timeout=30)
        assert r.status_code == 401 and r.json()["error"]["code"] == "missing_api_key"
        r = httpx.post(
            f"{srv.url}/v1/check",
            json={"text": HAM},
            timeout=30,
            headers={"X-Darnel-Key": make_key(overrides)},
        )
        assert r.status_code == 200
        assert httpx.get(f"{srv.url}/healthz", timeout=10).status_code == 200
    finally:
        srv.stop()
