"""The moderator pages over real HTTP: sign-in, roles, CSRF on forms, highlighting, decisions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from live_server import LiveServer
from review.live import PASSWORD, SHANGHAI, login, start, submit


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    s = start(Path(tmp_path_factory.mktemp("review-pages")))
    submit(s, SHANGHAI, "sh-page-1")
    yield s
    s.stop()


def _first_item_id(session: requests.Session, srv: LiveServer) -> int:
    page = session.get(f"{srv.url}/review/?status=all", timeout=10).text
    found = re.search(r'data-item-id="(\d+)"', page)
    assert found, page
    return int(found.group(1))


def test_pages_redirect_to_sign_in_without_a_session(srv: LiveServer) -> None:
    r = requests.get(f"{srv.url}/review/", allow_redirects=False, timeout=10)
    assert r.status_code == 302 and "/review/login" in r.headers["Location"]


def test_wrong_password_is_refused(srv: LiveServer) -> None:
    s = requests.Session()
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', s.get(f"{srv.url}/review/login", timeout=10).text
    )
    assert token
    r = s.post(
        f"{srv.url}/review/login",
        timeout=10,
        data={"username": "mod", "password": "nope", "csrf_token": token.group(1)},
    )
    assert r.status_code == 401 and "Wrong user name or password" in r.text


def test_a_user_without_the_role_gets_403_everywhere(srv: LiveServer) -> None:
    s, token = login(srv, "nobody")
    for path in ("/review/", "/review/items/1", "/review/admin/rules"):
        assert s.get(f"{srv.url}{path}", timeout=10).status_code == 403, path
    for path in ("/review/items/1/decide", "/review/items/1/undo"):
        r = s.post(
            f"{srv.url}{path}",
            data={"csrf_token": token, "action": "spam", "version": 1},
            timeout=10,
        )
        assert r.status_code == 403, path
    mod, _ = login(srv, "mod")
    assert mod.get(f"{srv.url}/review/admin/rules", timeout=10).status_code == 403


def test_form_posts_without_the_csrf_token_are_refused(srv: LiveServer) -> None:
    s, _token = login(srv, "mod")
    item_id = _first_item_id(s, srv)
    r = s.post(
        f"{srv.url}/review/items/{item_id}/decide",
        data={"action": "spam", "version": 1},
        timeout=10,
    )
    assert r.status_code == 403 and "security token" in r.text
    fresh = requests.Session()
    fresh.get(f"{srv.url}/review/login", timeout=10)
    r = fresh.post(
        f"{srv.url}/review/login", data={"username": "mod", "password": PASSWORD}, timeout=10
    )
    assert r.status_code == 403
    page = s.get(f"{srv.url}/review/items/{item_id}", timeout=10).text
    assert 'id="item-status">pending<' in page


def test_item_page_highlights_spans_and_decides(srv: LiveServer) -> None:
    s, token = login(srv, "adm")
    item_id = _first_item_id(s, srv)
    page = s.get(f"{srv.url}/review/items/{item_id}", timeout=10)
    assert page.status_code == 200
    assert 'name="viewport"' in page.text and page.headers["X-Frame-Options"] == "DENY"
    marks = re.findall(r'<mark title="([^"]*)" data-span="\d+">([^<]+)</mark>', page.text)
    assert [m[1] for m in marks] == ["爱上海论坛", "新上海龙凤419会所", "上海夜网论坛"]
    assert all("FOREIGN_SCRIPT_ISLAND" in title for title, _ in marks)
    r = s.post(
        f"{srv.url}/review/items/{item_id}/decide",
        allow_redirects=False,
        timeout=10,
        data={"csrf_token": token, "action": "remove_spans", "version": "1"},
    )
    assert r.status_code == 302
    stale = s.post(
        f"{srv.url}/review/items/{item_id}/decide",
        timeout=10,
        data={"csrf_token": token, "action": "ham", "version": "1"},
    )
    assert stale.status_code == 409 and "changed this item first" in stale.text
    rules = s.get(f"{srv.url}/review/admin/rules", timeout=10).text
    assert "ZH_CITY_VENUE" in rules and "100.0 %" in rules
