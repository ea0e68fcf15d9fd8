"""Sign moderators in and out and tell who is asking: a session or HTTP Basic credentials."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.exc import DBAPIError
from werkzeug.wrappers import Response as WzResponse

from service.users.models import User
from service.users.store import UserStore
from service.web import csrf
from service.web.errors import ApiError
from service.web.sessions import SessionInterface

bp = Blueprint("review_auth", __name__, url_prefix="/review")
SESSION_HOURS = 12


def users_of(app: Flask) -> UserStore:
    """Return the app's account store."""
    return cast(UserStore, app.extensions["darnel.users"])


def current_user() -> User | None:
    """Return the signed-in or Basic-authenticated account of this request, once per request."""
    if "darnel_user" in g:
        return cast(User | None, g.darnel_user)
    users = users_of(current_app)
    user: User | None = None
    try:
        basic = request.authorization
        if basic is not None and basic.type == "basic":
            user = users.authenticate(basic.username or "", basic.password or "")
        elif isinstance(session.get("uid"), int):
            user = users.get(session["uid"])
    except DBAPIError as exc:
        raise ApiError(503, "accounts_unavailable", "the account database is unavailable") from exc
    g.darnel_user = user
    return user


def require_moderator_api(admin: bool = False) -> User:
    """Return the caller if it may use the review API; raise 401 or 403 as JSON otherwise."""
    user = current_user()
    if user is None:
        raise ApiError(401, "unauthorized", "sign in, or send HTTP Basic credentials")
    if not user.can_moderate or (admin and not user.is_admin):
        need = "admin" if admin else "moderator"
        raise ApiError(403, "forbidden", f"the {need} role is required")
    return user


def session_is_admin() -> bool:
    """Say whether the request comes from an admin (admin endpoints call this)."""
    user = current_user()
    return user is not None and user.is_admin


def _safe_next(target: str | None) -> str:
    # Only our own pages: an open redirect after sign-in would help phishing.
    if target and target.startswith("/review") and not target.startswith("//"):
        return target
    return url_for("review_pages.queue")


@bp.route("/login", methods=["GET", "POST"])
def login() -> WzResponse | tuple[str, int] | str:
    """Show the sign-in form; on a good name and password start a session."""
    error = None
    if request.method == "POST":
        try:
            user = users_of(current_app).authenticate(
                request.form.get("username", ""), request.form.get("password", "")
            )
        except DBAPIError:
            user, error = None, "The account database is unavailable; try again shortly."
        if user is not None:
            session.clear()
            session["uid"] = user.id
            session.permanent = True
            csrf.rotate()
            return redirect(_safe_next(request.form.get("next")))
        error = error or "Wrong user name or password."
    page = render_template("review/login.html", error=error, next=request.values.get("next", ""))
    return (page, 401) if error else page


@bp.post("/logout")
def logout() -> WzResponse:
    """End the session and go back to the sign-in form."""
    session.clear()
    return redirect(url_for("review_auth.login"))


def init_app(app: Flask, secret: str) -> None:
    """Sign sessions with the instance secret and register the sign-in pages."""
    app.secret_key = secret
    app.session_interface = SessionInterface()
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=SESSION_HOURS)
    app.extensions["darnel.is_admin"] = session_is_admin
    app.register_blueprint(bp)
