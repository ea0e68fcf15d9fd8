"""A verdict that queues an item is answered only once the item is stored or durably spooled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from prometheus_client import REGISTRY
from redis_server import _free_port
from samples import BLATANT, HAM

from service import create_app
from service.review.models import ItemFilter


def _app(instance: Path, **overrides: Any) -> Flask:
    # The queue database is a PostgreSQL nobody listens for: down for the whole test.
    return create_app({
        "instance_dir": instance, "secret_key": "s" * 48, "cache": "none",
        "database_url": f"postgresql+psycopg2://u@127.0.0.1:{_free_port()}/q", **overrides,
    })  # fmt: skip


def _spooled() -> float:
    return REGISTRY.get_sample_value("darnel_review_items_spooled_total") or 0.0


def test_database_down_spools_the_item_before_answering(tmp_path: Path) -> None:
    before = _spooled()
    r = (
        _app(tmp_path)
        .test_client()
        .post("/v1/check", json={"text": BLATANT, "content_id": "c-1", "site": "news"})
    )
    assert r.status_code == 200 and r.get_json()["verdict"] == "block"
    (spool,) = tmp_path.glob("review-spool-*.jsonl")
    item = json.loads(spool.read_text("utf-8").splitlines()[-1])
    assert (item["content_id"], item["verdict_id"]) == ("c-1", r.get_json()["id"])
    assert _spooled() == before + 1


def test_database_down_and_spool_unwritable_answers_503_not_a_lost_item(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", "utf-8")
    client = _app(tmp_path / "file" / "instance").test_client()
    r = client.post("/v1/check", json={"text": BLATANT, "content_id": "c-2"})
    # Today: 200 block, and the item existed only in this process's memory.
    assert r.status_code == 503, r.get_data(as_text=True)
    assert r.get_json()["error"]["code"] == "review_queue_unavailable"
    # A verdict that queues nothing is answered as usual.
    assert client.post("/v1/check", json={"text": HAM}).status_code == 200
    batch = client.post("/v1/check/batch", json={"items": [{"text": HAM}, {"text": BLATANT}]})
    results = batch.get_json()["results"]
    assert batch.status_code == 200 and "verdict" in results[0]
    assert results[1]["error"]["code"] == "review_queue_unavailable"


def test_a_surrogate_content_id_is_refused_before_any_verdict(tmp_path: Path) -> None:
    client = _app(tmp_path, database_url=None).test_client()
    body = json.dumps({"text": BLATANT, "content_id": "c-\ud800"})
    r = client.post("/v1/check", data=body, content_type="application/json")
    # Today: 200 block while the intake hook failed and dropped the item.
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid_content_id"
    store = client.application.extensions["darnel.review_store"]
    assert store.list_items(ItemFilter()).total == 0
