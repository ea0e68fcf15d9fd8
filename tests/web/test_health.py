"""Tests for GET /readyz: each part's state, 200 while answers are right, 503 when not."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from redis_server import _free_port

from service import create_app
from service.config import REPO_ROOT

pytestmark = pytest.mark.redis


def _app(tmp_path: Path, **overrides: Any) -> Flask:
    rules = tmp_path / "rules"
    if not rules.exists():
        shutil.copytree(REPO_ROOT / "rules", rules, ignore=shutil.ignore_patterns("local"))
        (rules / "local").mkdir()
    return create_app({
        "rules_dir": rules, "local_rules_dir": rules / "local", "instance_dir": tmp_path / "i",
        "rules_poll_s": 0.0, **overrides,
    })  # fmt: skip


def test_every_part_up(tmp_path: Path, redis_url: str) -> None:
    r = _app(tmp_path, cache="redis", redis_url=redis_url).test_client().get("/readyz")
    body = r.get_json()
    assert r.status_code == 200 and body["status"] == "ready", body
    parts = body["parts"]
    assert parts["rules"]["state"] == "up" and parts["rules"]["version"].startswith("r-")
    assert parts["rules"]["source"] == "files" and parts["rules"]["last_error"] is None
    assert parts["model"]["state"] == "up"
    assert parts["cache"] == {"backend": "redis", "state": "up"}
    assert parts["queue_database"]["state"] == "up"


def test_redis_down_is_degraded_but_ready(tmp_path: Path) -> None:
    # Today /readyz said nothing about the cache; answers without it are still right.
    app = _app(tmp_path, cache="redis", redis_url=f"redis://127.0.0.1:{_free_port()}/0")
    r = app.test_client().get("/readyz")
    body = r.get_json()
    assert r.status_code == 200 and body["status"] == "degraded", body
    assert body["parts"]["cache"] == {"backend": "redis", "state": "degraded"}
    assert any("cache" in w for w in body["warnings"])


def test_queue_database_down_is_degraded_but_ready(tmp_path: Path) -> None:
    app = _app(tmp_path, database_url=f"postgresql+psycopg2://u@127.0.0.1:{_free_port()}/q")
    body = app.test_client().get("/readyz").get_json()
    assert body["parts"]["queue_database"]["state"] == "degraded", body
    assert body["status"] == "degraded"


def test_no_model_is_unready(tmp_path: Path) -> None:
    r = _app(tmp_path, model_dir=None).test_client().get("/readyz")
    body = r.get_json()
    assert r.status_code == 503 and body["status"] == "unready"
    assert body["parts"]["model"]["state"] == "down"


def test_a_worker_on_the_last_good_set_says_so(tmp_path: Path) -> None:
    _app(tmp_path)  # a good load stores the set
    (tmp_path / "rules" / "local" / "broken.toml").write_text("[[rule]\n", "utf-8")
    r = _app(tmp_path).test_client().get("/readyz")
    body = r.get_json()
    assert r.status_code == 200, body
    rules = body["parts"]["rules"]
    assert rules["state"] == "degraded" and rules["source"] == "last-good"
    assert "broken.toml" in rules["last_error"]
    assert rules["version"] != "r-empty"
