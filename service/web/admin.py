"""Admin endpoints: reload the rules now and show the rule set's status."""

from __future__ import annotations

import hmac
import os

from flask import Blueprint, Response, current_app, jsonify, request

from service.web.errors import ApiError
from service.web.state import runtime_of

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _require_admin() -> None:
    """Allow a request bearing DARNEL_ADMIN_TOKEN, or an admin's signed-in session."""
    settings = current_app.extensions["darnel.settings"]
    token = settings.admin_token
    auth = request.headers.get("Authorization", "")
    if token and auth.startswith("Bearer ") and hmac.compare_digest(auth[7:], token):
        return
    is_admin = current_app.extensions.get("darnel.is_admin")
    if is_admin is not None and is_admin():
        return
    raise ApiError(403, "forbidden", "admin token or admin session required")


def _status() -> dict[str, object]:
    rt = runtime_of(current_app)
    return {
        "pid": os.getpid(),  # which worker answered: each reloads on its own
        "version": rt.engine.ruleset.version,
        "rules": len(rt.engine.ruleset.rules),
        "ok": rt.rules.ok,
        "loaded_at": rt.rules.loaded_at,
        "last_error": rt.rules.last_error,
        "last_error_at": rt.rules.last_error_at,
        "reload_failures": rt.rules.reload_failures,
    }


@bp.get("/rules")
def rules_status() -> Response:
    """Show the serving rules version and the last rejected reload, if any."""
    _require_admin()
    return jsonify(_status())


@bp.post("/rules/reload")
def rules_reload() -> tuple[Response, int]:
    """Reload the rules in this worker now (others follow within DARNEL_RULES_POLL_S).

    Answers 200 with the status when the files are valid, 422 with the error when they are
    not; in both cases the last good rule set keeps serving.
    """
    _require_admin()
    rt = runtime_of(current_app)
    rt.reload(force=True)
    status = _status()
    if rt.rules.last_error:
        return jsonify(
            {"error": {"code": "rules_invalid", "message": rt.rules.last_error}, **status}
        ), 422
    return jsonify(status), 200
