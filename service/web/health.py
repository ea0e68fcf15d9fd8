"""GET /healthz (the process serves) and GET /readyz (rules and model loaded)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from service.web.state import runtime_of

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """Answer 200 while the process serves."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Answer 200 when rules and model are loaded, else 503 with the reasons."""
    rt = runtime_of(current_app)
    rt.maybe_reload()
    reasons = []
    if not rt.rules.ok:
        reasons.append(f"rules not loaded: {rt.rules.last_error}")
    if rt.engine.classifier is None:
        reasons.append(f"model not loaded: {rt.model_error}")
    body = {
        "status": "ready" if not reasons else "degraded",
        "reasons": reasons,
        "versions": {"rules": rt.engine.ruleset.version, "model": rt.engine.model_version},
        "rules_last_error": rt.rules.last_error,
    }
    return jsonify(body), 200 if not reasons else 503
