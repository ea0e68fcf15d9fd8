"""Property tests: a lone surrogate, a control character or an over-long value in any field of
any endpoint's body answers 400 naming the field (a batch item: its own error), never a 500."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
from abuse.fuzz import FUZZ
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from keys.support import cms_overrides, make_key

from service import create_app
from service.users.models import Role
from service.web.fields import LIMITS

PASSWORD = "correct horse battery"
# Values a client really sends, one strategy per field of the request schemas.
CHECK_FIELDS: dict[str, st.SearchStrategy[str]] = {
    "text": st.sampled_from(["A quiet walk by the river.", "爱上海论坛 上海夜网论坛", "Привет!"]),
    "language": st.sampled_from(["en", "zh", "zh-Hant-TW"]),
    "site": st.sampled_from(["news", "forum.example", "新闻"]),
    "content_id": st.sampled_from(["post-1", "c/42", "评论7"]),
    "author": st.sampled_from(["Ann", "李雷", "O'Brien"]),
    "url": st.sampled_from(["https://example.com/a?b=1", "http://例子.cn/"]),
    "ip": st.sampled_from(["192.0.2.1", "2001:db8::1"]),
}
AKISMET_FIELDS: dict[str, st.SearchStrategy[str]] = {
    "comment_content": CHECK_FIELDS["text"],
    "blog": st.just("https://example.com"),
    "user_ip": CHECK_FIELDS["ip"],
    "user_agent": st.just("Mozilla/5.0"),
    "comment_author": CHECK_FIELDS["author"],
    "comment_author_url": CHECK_FIELDS["url"],
    "comment_post_ID": st.sampled_from(["7", "post-9"]),
    "blog_lang": st.sampled_from(["en_us", "zh_cn"]),
}
SURROGATES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
CONTROLS = st.sampled_from(["\x00", "\x07", "\n", "\x1b", "\x7f", "\x85"])


def _bad(field: str) -> st.SearchStrategy[tuple[str, str]]:
    """Return (kind, piece) that the field must refuse; content fields refuse surrogates only."""
    kinds = [st.tuples(st.just("surrogate"), SURROGATES)]
    if field in LIMITS:
        kinds.append(st.tuples(st.just("control"), CONTROLS))
        kinds.append(st.tuples(st.just("long"), st.integers(1, 40).map(
            lambda n: "x" * (LIMITS[field] + n))))  # fmt: skip
    return st.one_of(kinds)


@st.composite
def spoiled(
    draw: st.DrawFn, fields: dict[str, st.SearchStrategy[str]]
) -> tuple[dict[str, str], str]:
    """Draw a valid body, then spoil one of its fields; return the body and that field."""
    body = {name: draw(strategy) for name, strategy in fields.items()
            if name in ("text", "comment_content") or draw(st.booleans())}  # fmt: skip
    field = draw(st.sampled_from(sorted(fields)))
    good = draw(fields[field])
    _kind, piece = draw(_bad(field))
    at = draw(st.integers(0, len(good)))
    body[field] = piece if len(piece) > 1000 else good[:at] + piece + good[at:]
    return body, field


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    overrides = cms_overrides(tmp_path_factory.mktemp("fields"))
    flask_app = create_app(overrides)
    flask_app.extensions["darnel.users"].add("mod", PASSWORD, frozenset({Role.MODERATOR}))
    flask_app.config["darnel.test_key"] = make_key(overrides)
    yield flask_app


def _post_json(client: FlaskClient, path: str, body: object, **kw: Any) -> Any:
    # json.dumps escapes a lone surrogate as \ud800, exactly what a hostile client sends.
    return client.post(path, data=json.dumps(body), content_type="application/json", **kw)


def _names_field(r: Any, field: str) -> None:
    assert r.status_code == 400, (r.status_code, r.get_data(as_text=True)[:300])
    error = r.get_json()["error"]
    assert f"'{field}'" in error["message"], error


@FUZZ
@given(case=spoiled(CHECK_FIELDS))
def test_check_names_the_bad_field(app: Flask, case: tuple[dict[str, str], str]) -> None:
    body, field = case
    _names_field(_post_json(app.test_client(), "/v1/check", body), field)


@FUZZ
@given(case=spoiled(CHECK_FIELDS), good=st.sampled_from(["A quiet walk.", "Tea at four."]),
       position=st.integers(0, 3))  # fmt: skip
def test_a_bad_batch_item_fails_alone(
    app: Flask, case: tuple[dict[str, str], str], good: str, position: int
) -> None:
    body, field = case
    items: list[dict[str, Any]] = [{"id": f"ok-{i}", "text": good} for i in range(3)]
    items.insert(position, {"id": "bad", **body})
    r = _post_json(app.test_client(), "/v1/check/batch", {"items": items})
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    results = r.get_json()["results"]
    assert [x["item_id"] for x in results] == [x["id"] for x in items]
    bad = results[position]
    assert set(bad) == {"item_id", "error"} and f"'{field}'" in bad["error"]["message"]
    assert all("verdict" in x for i, x in enumerate(results) if i != position)


@FUZZ
@given(piece=SURROGATES)
def test_a_batch_item_id_that_cannot_be_echoed_becomes_its_index(app: Flask, piece: str) -> None:
    items = [{"id": "ok", "text": "Tea."}, {"id": "x" + piece, "text": "Tea."}]
    r = _post_json(app.test_client(), "/v1/check/batch", {"items": items})
    assert r.status_code == 200
    assert r.get_json()["results"][1]["item_id"] == 1


@FUZZ
@given(piece=SURROGATES, where=st.sampled_from(["action", "extra", "key"]))
def test_review_decision_bodies_name_the_bad_field(app: Flask, piece: str, where: str) -> None:
    decision: dict[str, Any] = {"id": 1, "action": "spam", "version": 1}
    if where == "key":
        decision["x" + piece] = 1
    else:
        decision[where] = "spam" + piece
    auth = base64.b64encode(f"mod:{PASSWORD}".encode()).decode()
    r = _post_json(app.test_client(), "/v1/review/decisions", {"decisions": [decision]},
                   headers={"Authorization": f"Basic {auth}"})  # fmt: skip
    assert r.status_code == 400, r.get_data(as_text=True)[:300]
    assert "decisions[0]" in r.get_json()["error"]["message"]


@FUZZ
@given(case=spoiled(AKISMET_FIELDS))
def test_akismet_forms_name_the_bad_field(app: Flask, case: tuple[dict[str, str], str]) -> None:
    body, field = case
    body["api_key"] = app.config["darnel.test_key"]
    # UTF-7, a charset a client may declare, is how a form body decodes to a lone surrogate.
    raw = b"&".join(
        quote_from_bytes(k.encode("utf-7")).encode() + b"="
        + quote_from_bytes(v.encode("utf-7")).encode()
        for k, v in body.items()
    )  # fmt: skip
    r = app.test_client().post(
        "/1.1/comment-check", data=raw,
        content_type="application/x-www-form-urlencoded; charset=utf-7",
    )  # fmt: skip
    _names_field(r, field)


def test_akismet_form_without_bad_fields_still_answers(app: Flask) -> None:
    body = {"api_key": app.config["darnel.test_key"], "comment_content": "Tea at four.",
            "blog": "https://example.com", "user_ip": "192.0.2.1"}  # fmt: skip
    r = app.test_client().post("/1.1/comment-check", data=body)
    assert (r.status_code, r.get_data(as_text=True)) == (200, "false")


def test_a_surrogate_in_site_or_language_was_a_500(app: Flask, tmp_path: Path) -> None:
    # The rows of the issue: each of these answered 500 (UnicodeEncodeError in cache_key).
    client = app.test_client()
    for field in ("site", "language", "content_id", "author", "url", "ip"):
        r = _post_json(client, "/v1/check", {"text": "Tea.", field: "a\ud800"})
        _names_field(r, field)


@pytest.mark.parametrize(("name", "value"), [("site", "a\x00b"), ("language", "x" * 40)])
def test_review_list_filters_name_the_bad_field(app: Flask, name: str, value: str) -> None:
    auth = base64.b64encode(f"mod:{PASSWORD}".encode()).decode()
    r = app.test_client().get("/v1/review/items", query_string={name: value},
                              headers={"Authorization": f"Basic {auth}"})  # fmt: skip
    _names_field(r, name)
