"""The /v1/review API over real HTTP: roles, CSRF, listing, decisions, conflicts, bulk, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from live_server import LiveServer
from review.live import PASSWORD, SHANGHAI, login, start, submit

API = "/v1/review"


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    s = start(Path(tmp_path_factory.mktemp("review-api")))
    yield s
    s.stop()


def _as(name: str) -> tuple[str, str]:
    return (name, PASSWORD)


def _item_for(srv: LiveServer, content_id: str, text: str = SHANGHAI) -> dict[str, object]:
    submit(srv, text, content_id)
    r = requests.get(
        f"{srv.url}{API}/items", auth=_as("mod"), timeout=10, params={"status": "all", "limit": 200}
    )
    return next(i for i in r.json()["items"] if i["content_id"] == content_id)


def test_block_verdict_becomes_an_item_with_spans_and_versions(srv: LiveServer) -> None:
    item = _item_for(srv, "sh-api-1")
    assert item["status"] == "pending" and item["version"] == 1 and item["site"] == "news"
    assert [s["text"] for s in item["spans"]] == ["爱上海论坛", "新上海龙凤419会所", "上海夜网论坛"]  # type: ignore[index, union-attr]
    assert set(item["versions"]) == {"rules", "model"}  # type: ignore[arg-type]
    assert item["text"] == SHANGHAI and item["clean_text"] != SHANGHAI
    again = _item_for(srv, "sh-api-1")
    assert again["id"] == item["id"] and again["version"] == 2


def test_clean_text_is_not_queued(srv: LiveServer) -> None:
    submit(srv, "A quiet afternoon walk along the Bund, then tea.", "clean-1")
    r = requests.get(f"{srv.url}{API}/items", auth=_as("mod"), params={"status": "all"}, timeout=10)
    assert "clean-1" not in {i["content_id"] for i in r.json()["items"]}


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/items"),
        ("get", "/items/1"),
        ("get", "/items/1/history"),
        ("post", "/items/1/decision"),
        ("post", "/items/1/undo"),
        ("post", "/decisions"),
        ("get", "/rules"),
    ],
)
def test_every_endpoint_needs_the_moderator_role(srv: LiveServer, method: str, path: str) -> None:
    one = {"id": 1, "action": "spam", "version": 1}
    body = {"action": "spam", "version": 1, "decisions": [one]}
    r = requests.request(method, f"{srv.url}{API}{path}", auth=_as("nobody"), json=body, timeout=10)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = requests.request(method, f"{srv.url}{API}{path}", json=body, timeout=10)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    r = requests.request(
        method, f"{srv.url}{API}{path}", auth=("mod", "wrong-password"), json=body, timeout=10
    )
    assert r.status_code == 401


def test_rule_table_is_admin_only(srv: LiveServer) -> None:
    assert requests.get(f"{srv.url}{API}/rules", auth=_as("mod"), timeout=10).status_code == 403
    r = requests.get(f"{srv.url}{API}/rules", auth=_as("adm"), timeout=10)
    assert r.status_code == 200 and isinstance(r.json()["rules"], list)


def test_decide_conflict_undo_and_history(srv: LiveServer) -> None:
    item = _item_for(srv, "sh-api-2")
    url = f"{srv.url}{API}/items/{item['id']}"
    r = requests.post(
        f"{url}/decision",
        auth=_as("mod"),
        timeout=10,
        json={"action": "remove_spans", "version": item["version"]},
    )
    assert r.status_code == 200 and r.json()["status"] == "remove_spans"
    late = requests.post(
        f"{url}/decision",
        auth=_as("mod2"),
        timeout=10,
        json={"action": "ham", "version": item["version"]},
    )
    assert late.status_code == 409
    err = late.json()["error"]
    assert err["code"] == "version_conflict" and err["current"]["status"] == "remove_spans"
    assert err["current"]["decided_by"] == "mod"
    r = requests.post(
        f"{url}/undo", auth=_as("mod2"), json={"version": err["current"]["version"]}, timeout=10
    )
    assert r.status_code == 200 and r.json()["status"] == "pending"
    hist = requests.get(f"{url}/history", auth=_as("mod"), timeout=10).json()["decisions"]
    assert [(d["action"], d["moderator"]) for d in hist] == [
        ("remove_spans", "mod"),
        ("undo", "mod2"),
    ]


def test_bad_requests_use_the_error_shape(srv: LiveServer) -> None:
    item = _item_for(srv, "sh-api-3")
    url = f"{srv.url}{API}/items/{item['id']}/decision"
    cases = [
        ({"action": "spam"}, "missing_version"),
        ({"action": "maybe", "version": 1}, "invalid_action"),
    ]
    for body, code in cases:
        r = requests.post(url, auth=_as("mod"), json=body, timeout=10)
        assert r.status_code == 400 and r.json()["error"]["code"] == code
    r = requests.post(
        url, auth=_as("mod"), data="action=spam", timeout=10, headers={"Content-Type": "text/plain"}
    )
    assert r.status_code == 415
    r = requests.get(f"{srv.url}{API}/items/999999", auth=_as("mod"), timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "item_not_found"
    r = requests.get(f"{srv.url}{API}/items", auth=_as("mod"), params={"since": "soon"}, timeout=10)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_since"


def test_bulk_is_all_or_nothing_over_http(srv: LiveServer) -> None:
    items = [_item_for(srv, f"bulk-{n}", SHANGHAI + f" ({n})") for n in range(4)]
    bad = [{"id": i["id"], "action": "spam", "version": i["version"]} for i in items]
    bad[-1]["version"] = 99
    r = requests.post(
        f"{srv.url}{API}/decisions", auth=_as("mod"), json={"decisions": bad}, timeout=10
    )
    assert r.status_code == 409
    for i in items:
        now = requests.get(f"{srv.url}{API}/items/{i['id']}", auth=_as("mod"), timeout=10).json()
        assert now["status"] == "pending" and now["version"] == i["version"]
    bad[-1]["version"] = items[-1]["version"]
    r = requests.post(
        f"{srv.url}{API}/decisions", auth=_as("mod"), json={"decisions": bad}, timeout=10
    )
    assert r.status_code == 200 and r.json()["applied"] == 4


def test_session_calls_need_the_csrf_header(srv: LiveServer) -> None:
    item = _item_for(srv, "sh-api-4")
    session, token = login(srv, "mod")
    url = f"{srv.url}{API}/items/{item['id']}/decision"
    body = {"action": "spam", "version": item["version"]}
    assert session.get(f"{srv.url}{API}/items", timeout=10).status_code == 200
    r = session.post(url, json=body, timeout=10)
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    r = session.post(url, json=body, headers={"X-CSRF-Token": "forged"}, timeout=10)
    assert r.status_code == 403
    r = session.post(url, json=body, headers={"X-CSRF-Token": token}, timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "spam"
