"""Fuzz POST /v1/check through the Flask test client: never a 5xx, errors in one shape."""

from __future__ import annotations

import json

from flask import Flask
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from abuse.fuzz import FUZZ
from abuse.inputs import ANY_BODY, CHECK_BODY


def _assert_contract(r: TestResponse) -> None:
    assert r.status_code < 500, r.get_data(as_text=True)[:500]
    assert r.mimetype == "application/json"
    body = r.get_json()
    if r.status_code == 200:
        assert body["verdict"] in ("allow", "review", "block")
        return
    assert 400 <= r.status_code < 500
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str)


@FUZZ
@given(body=ANY_BODY)
def test_random_json_bodies(app: Flask, body: object) -> None:
    # allow_nan: Python's json accepts NaN/Infinity, so a hostile client may send them.
    data = json.dumps(body, ensure_ascii=False)
    r = app.test_client().post("/v1/check", data=data, content_type="application/json")
    _assert_contract(r)


@FUZZ
@given(body=CHECK_BODY)
def test_check_shaped_bodies(app: Flask, body: object) -> None:
    r = app.test_client().post("/v1/check", json=body)
    _assert_contract(r)


@FUZZ
@given(
    raw=st.binary(max_size=400),
    ctype=st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded",
         "application/problem+json", "", "application/json; charset=latin-1"]
    ),
)  # fmt: skip
def test_random_bytes_bodies(app: Flask, raw: bytes, ctype: str) -> None:
    r = app.test_client().post("/v1/check", data=raw, content_type=ctype)
    _assert_contract(r)
