"""GET /healthz (the process serves) and GET /readyz (every part the answers need)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from service.web.readiness import readiness

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """Answer 200 while the process serves."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Answer 200 while answers are correct (even without the cache), else 503.

    `parts` shows rules (version, source, last error), model, cache (backend, up or
    degraded) and the queue database; `status` is `ready`, `degraded` (200: a part is
    down but answers are unchanged) or `unready` (503, with `reasons`).
    """
    found = readiness(current_app)
    rules = found.parts["rules"]
    status = "unready" if not found.ready else ("degraded" if found.warnings else "ready")
    body = {
        "status": status,
        "reasons": found.reasons,
        "warnings": found.warnings,
        "parts": found.parts,
        "versions": {"rules": rules["version"], "model": found.parts["model"]["version"]},
        "rules_last_error": rules["last_error"],
    }
    return jsonify(body), 200 if found.ready else 503
