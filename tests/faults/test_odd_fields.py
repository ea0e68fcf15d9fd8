"""A lone surrogate in every field of every endpoint, sent to the production server: each
answers 400 naming the field (a batch item: its own error), never a 500."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
import requests
from gunicorn_server import GunicornServer

pytestmark = pytest.mark.slow

FIELDS = ("text", "language", "content_id", "site", "author", "url", "ip")
AKISMET = ("comment_content", "comment_author", "comment_author_url", "user_ip", "blog",
           "comment_post_ID", "blog_lang", "user_agent", "permalink", "referrer")  # fmt: skip


def test_a_surrogate_in_every_field_is_a_400_naming_it(tmp_path: Path) -> None:
    srv = GunicornServer({"DARNEL_CACHE": "none", "DARNEL_INSTANCE_DIR": str(tmp_path)})
    statuses: list[int] = []
    try:
        for field in FIELDS:
            body = {"text": "Tea at four.", field: "a\ud800b"}
            r = requests.post(f"{srv.url}/v1/check", data=json.dumps(body), timeout=30,
                              headers={"Content-Type": "application/json"})  # fmt: skip
            statuses.append(r.status_code)
            assert r.status_code == 400 and f"'{field}'" in r.json()["error"]["message"], r.text
            items = [{"text": "Tea."}, body, {"text": "Tea again."}]
            r = requests.post(f"{srv.url}/v1/check/batch", timeout=30,
                              data=json.dumps({"items": items}),
                              headers={"Content-Type": "application/json"})  # fmt: skip
            statuses.append(r.status_code)
            results = r.json()["results"]
            assert r.status_code == 200 and "verdict" in results[0] and "verdict" in results[2]
            assert f"'{field}'" in results[1]["error"]["message"]
        for field in AKISMET:
            form = {"api_key": "k" * 12, "comment_content": "Tea.", field: "a\ud800b"}
            raw = "&".join(f"{k}={quote_from_bytes(v.encode('utf-7'))}" for k, v in form.items())
            r = requests.post(f"{srv.url}/1.1/comment-check", data=raw, timeout=30, headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-7"})  # fmt: skip
            statuses.append(r.status_code)
            assert r.status_code == 400 and f"'{field}'" in r.json()["error"]["message"], r.text
    finally:
        srv.stop()
    print(
        f"surrogate in every field: {len(statuses)} requests, "
        f"{sum(1 for s in statuses if s >= 500)} 5xx"
    )
