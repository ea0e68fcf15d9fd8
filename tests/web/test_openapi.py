"""The OpenAPI document is valid 3.1 and real responses (success and error) match it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from keys.support import cms_overrides, key_store, make_key
from live_server import LiveServer
from samples import BLATANT


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, Any]]]:
    overrides = cms_overrides(tmp_path_factory.mktemp("openapi"))
    srv = LiveServer(overrides)
    yield srv, overrides
    srv.stop()


@pytest.fixture(scope="module")
def doc(setup: tuple[LiveServer, dict[str, Any]]) -> dict[str, Any]:
    r = httpx.get(f"{setup[0].url}/openapi.json", timeout=10)
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def _check(doc: dict[str, Any], path: str, method: str, r: httpx.Response) -> None:
    """Validate a real response against the schema the document gives for its status."""
    responses = doc["paths"][path][method]["responses"]
    assert str(r.status_code) in responses, f"{method} {path} answered undocumented {r.status_code}"
    media = responses[str(r.status_code)]["content"]
    assert r.headers["Content-Type"].split(";")[0] in media
    schema = {**media["application/json"]["schema"], "components": doc["components"]}
    Draft202012Validator(schema).validate(r.json())


def test_document_is_openapi_31_with_valid_schemas(doc: dict[str, Any]) -> None:
    assert doc["openapi"].startswith("3.1")
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)  # raises, naming the bad keyword
    assert {"/v1/check", "/v1/check/batch", "/v1/verdicts/{id}", "/healthz", "/readyz"} <= set(
        doc["paths"]
    )


def test_real_responses_match(
    setup: tuple[LiveServer, dict[str, Any]], doc: dict[str, Any]
) -> None:
    srv, overrides = setup
    u = srv.url
    ok = httpx.post(f"{u}/v1/check", json={"text": BLATANT}, timeout=30)
    _check(doc, "/v1/check", "post", ok)
    _check(doc, "/v1/check", "post", httpx.post(f"{u}/v1/check", json={"text": 1}, timeout=30))
    _check(doc, "/v1/check", "post", httpx.post(f"{u}/v1/check", content=b"x", timeout=30))
    _check(
        doc,
        "/v1/check",
        "post",
        httpx.post(
            f"{u}/v1/check", json={"text": "hi"}, headers={"X-Darnel-Key": "unknown"}, timeout=30
        ),
    )
    revoked = make_key(overrides)
    key_store(overrides).revoke(revoked)
    _check(
        doc,
        "/v1/check",
        "post",
        httpx.post(
            f"{u}/v1/check", json={"text": "hi"}, headers={"X-Darnel-Key": revoked}, timeout=30
        ),
    )
    limited = {"X-Darnel-Key": make_key(overrides, rate_limit=1)}
    httpx.post(f"{u}/v1/check", json={"text": "hi"}, headers=limited, timeout=30)
    _check(
        doc,
        "/v1/check",
        "post",
        httpx.post(f"{u}/v1/check", json={"text": "hi"}, headers=limited, timeout=30),
    )
    batch = httpx.post(
        f"{u}/v1/check/batch", json={"items": [{"text": "hi"}, {"text": 3}]}, timeout=30
    )
    _check(doc, "/v1/check/batch", "post", batch)
    _check(
        doc,
        "/v1/check/batch",
        "post",
        httpx.post(f"{u}/v1/check/batch", json={"items": [{"text": "x"}] * 101}, timeout=30),
    )
    _check(
        doc, "/v1/verdicts/{id}", "get", httpx.get(f"{u}/v1/verdicts/{ok.json()['id']}", timeout=10)
    )
    _check(doc, "/v1/verdicts/{id}", "get", httpx.get(f"{u}/v1/verdicts/vd_nothing", timeout=10))
    _check(doc, "/healthz", "get", httpx.get(f"{u}/healthz", timeout=10))
    _check(doc, "/readyz", "get", httpx.get(f"{u}/readyz", timeout=10))
