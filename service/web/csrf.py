"""Demand a per-session CSRF token on every state-changing review request made from a session."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, Request, Response, render_template, request, session

from service.web.errors import ApiError

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_API = "/v1/review/"
_PAGES = "/review/"


def csrf_token() -> str:
    """Return the session's token, creating it on first use (templates call this)."""
    token = session.get(FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[FIELD] = token
    return token


def rotate() -> None:
    """Give the session a fresh token (after sign-in, so a planted token stops working)."""
    session[FIELD] = secrets.token_urlsafe(32)


def _uses_basic() -> bool:
    return request.headers.get("Authorization", "").lower().startswith("basic ")


def _protect() -> Response | tuple[str, int] | None:
    """Refuse unsafe review requests whose token is missing or wrong."""
    # Runs before every request: one proxy lookup, and the method (a plain attribute)
    # settles most of them.
    req: Request = request._get_current_object()  # type: ignore[attr-defined]
    if req.method not in _UNSAFE:
        return None
    path = req.path
    if not path.startswith((_API, _PAGES)):
        return None
    if path.startswith(_API) and (_uses_basic() or "uid" not in session):
        # Explicit credentials, or none at all, are no ambient authority to abuse (the API
        # then answers 401/403 itself); its JSON-only bodies also force a CORS preflight.
        return None
    expected = session.get(FIELD)
    given = request.headers.get(HEADER) or (
        request.form.get(FIELD) if request.mimetype != "application/json" else None
    )
    if isinstance(expected, str) and given and hmac.compare_digest(expected, given):
        return None
    if path.startswith(_API):
        raise ApiError(403, "csrf_failed", f"send the session's CSRF token in {HEADER}")
    body = render_template(
        "review/error.html",
        title="Form expired",
        message="The form was missing its security token. Go back, reload the page and retry.",
    )
    return body, 403


def init_app(app: Flask) -> None:
    """Expose csrf_token() to templates and check tokens before review requests."""
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(_protect)
