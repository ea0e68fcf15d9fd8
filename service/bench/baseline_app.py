"""The comparison endpoints: bare Flask, plus one Redis GET, plus langdetect only."""

from __future__ import annotations

import json
from typing import Any

import redis
from flask import Flask, Response, jsonify, request
from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException

# The key the /redis endpoint reads; it need not exist, a miss costs the same round trip.
PROBE_KEY = "darnel:bench:probe"


def _text() -> str:
    """Parse the JSON body as /v1/check does, so every baseline pays the same parse."""
    body: Any = json.loads(request.get_data(cache=False) or b"{}")
    text = body.get("text", "") if isinstance(body, dict) else ""
    return text if isinstance(text, str) else ""


def create_baseline_app(redis_url: str) -> Flask:
    """Build the baseline app; gunicorn calls this as `create_baseline_app("redis://...")`."""
    app = Flask(__name__)
    # Connects lazily, on the first request of each worker (after gunicorn's fork).
    client: redis.Redis[bytes] = redis.Redis.from_url(redis_url, socket_timeout=1.0)
    DetectorFactory.seed = 0

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify({"status": "ok"})

    @app.post("/bare")
    def bare() -> Response:
        _text()
        return jsonify({"verdict": "allow", "score": 0.0})

    @app.post("/redis")
    def redis_get() -> Response:
        _text()
        client.get(PROBE_KEY)
        return jsonify({"verdict": "allow", "score": 0.0})

    @app.post("/langdetect")
    def lang() -> Response:
        text = _text()
        try:
            code = detect(text)
        except LangDetectException:
            code = "und"
        return jsonify({"verdict": "allow", "language": code})

    return app
