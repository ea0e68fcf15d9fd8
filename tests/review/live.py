"""A live server with a private instance folder and three accounts, for review HTTP tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import requests
from live_server import LiveServer

from service.config import REPO_ROOT
from service.users.models import Role

SHANGHAI = (REPO_ROOT / "tests" / "data" / "shanghai-article.txt").read_text("utf-8")
PASSWORD = "correct horse battery"
ACCOUNTS = {"mod": {Role.MODERATOR}, "mod2": {Role.MODERATOR}, "adm": {Role.ADMIN}, "nobody": set()}


def start(instance: Path, **overrides: Any) -> LiveServer:
    """Start a server whose database lives in `instance`, with the ACCOUNTS created."""
    srv = LiveServer(
        {"instance_dir": instance, "secret_key": "t" * 48, "cache": "none", **overrides}
    )
    users = srv.app.extensions["darnel.users"]
    for name, roles in ACCOUNTS.items():
        users.add(name, PASSWORD, frozenset(roles))
    return srv


def submit(srv: LiveServer, text: str, content_id: str, site: str = "news") -> dict[str, Any]:
    """POST a text to /v1/check and return the verdict JSON."""
    r = requests.post(
        f"{srv.url}/v1/check",
        json={"text": text, "content_id": content_id, "site": site},
        timeout=30,
    )
    r.raise_for_status()
    body: dict[str, Any] = r.json()
    return body


def login(srv: LiveServer, name: str) -> tuple[requests.Session, str]:
    """Sign in through the form; return the session and its CSRF token."""
    s = requests.Session()
    page = s.get(f"{srv.url}/review/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    r = s.post(
        f"{srv.url}/review/login",
        timeout=10,
        allow_redirects=False,
        data={"username": name, "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert r.status_code == 302, r.text
    # The sign-in page shows the (rotated) token to any session, whatever its roles.
    page = s.get(f"{srv.url}/review/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    return s, token.group(1)
