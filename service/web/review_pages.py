"""Server-rendered moderator pages: the queue, one item with its spans, and rule precision."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response as WzResponse

from service.review.errors import ItemNotFound, NothingToUndo, StoreUnavailable, VersionConflict
from service.review.models import Action, DecisionRequest, ReviewItem, SpanJson, Status
from service.users.models import User
from service.web.auth import current_user
from service.web.errors import ApiError
from service.web.review import iso, parse_filter, store_of

bp = Blueprint(
    "review_pages",
    __name__,
    url_prefix="/review",
    template_folder="templates",
    static_folder="static",
)
FILTER_KEYS = ("status", "site", "language", "verdict", "rule", "since", "until")
PageResult = WzResponse | tuple[str, int] | str


class _Refused(Exception):
    """Stop a page request with a rendered answer (sign-in redirect or a 403 page)."""

    def __init__(self, answer: PageResult) -> None:
        super().__init__("refused")
        self.answer = answer


def _error(title: str, message: str, status: int) -> tuple[str, int]:
    return render_template("review/error.html", title=title, message=message), status


def _moderator(admin: bool = False) -> User:
    user = current_user()
    if user is None:
        raise _Refused(redirect(url_for("review_auth.login", next=request.full_path)))
    if not user.can_moderate or (admin and not user.is_admin):
        role = "admin" if admin else "moderator"
        raise _Refused(_error("Not allowed", f"This page needs the {role} role.", 403))
    return user


@bp.errorhandler(_Refused)
def _refused(exc: _Refused) -> PageResult:
    return exc.answer


@bp.errorhandler(ItemNotFound)
def _missing(exc: ItemNotFound) -> tuple[str, int]:
    return _error("No such item", str(exc), 404)


@bp.errorhandler(StoreUnavailable)
def _down(exc: StoreUnavailable) -> tuple[str, int]:
    return _error("Queue unavailable", "The review database is unavailable; retry shortly.", 503)


@bp.errorhandler(ApiError)
def _bad(exc: ApiError) -> tuple[str, int]:
    return _error("Bad request", exc.message, exc.status)


@bp.after_request
def _headers(resp: Response) -> Response:
    # Decision buttons must not be framed (clickjacking); no inline script is ever needed.
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'"
    )
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _filter_args() -> dict[str, str]:
    """Return the queue filters of this request, status defaulting to pending."""
    args = {k: request.values.get(k, "") for k in FILTER_KEYS}
    args["status"] = args["status"] or Status.PENDING.value
    return {k: v for k, v in args.items() if v}


def segments(text: str, spans: tuple[SpanJson, ...]) -> list[tuple[str, SpanJson | None, int]]:
    """Cut the text into plain and flagged pieces; overlapping spans keep the first one."""
    out: list[tuple[str, SpanJson | None, int]] = []
    pos = 0
    ordered = sorted(enumerate(spans), key=lambda p: (int(p[1].get("start", 0)), p[0]))
    for n, span in ordered:
        a, b = int(span.get("start", 0)), int(span.get("end", 0))
        if a < pos or not 0 <= a < b <= len(text):
            continue
        if a > pos:
            out.append((text[pos:a], None, -1))
        out.append((text[a:b], span, n))
        pos = b
    if pos < len(text):
        out.append((text[pos:], None, -1))
    return out


def reason_title(span: SpanJson) -> str:
    """Return a span's reasons as one line for the highlight's tooltip."""
    return "; ".join(
        f"{r.get('id')}: {r.get('detail')}" if r.get("detail") else str(r.get("id"))
        for r in span.get("reasons", [])
    )


@bp.get("/")
def queue() -> PageResult:
    """The queue: filters, one page of items, keyboard selection."""
    user = _moderator()
    args = _filter_args()
    page = store_of(current_app).list_items(parse_filter(args), request.args.get("cursor"), 50)
    return render_template(
        "review/queue.html",
        user=user,
        page=page,
        args=args,
        qs=urlencode(args),
        iso=iso,
        statuses=["all", *[s.value for s in Status]],
        last=session.get("review_last"),
    )


def _render_item(
    user: User,
    item: ReviewItem,
    args: dict[str, str],
    status: int = 200,
    conflict: str | None = None,
) -> tuple[str, int]:
    store = store_of(current_app)
    prev_id, next_id = store.neighbours(item.id, parse_filter(args))
    page = render_template(
        "review/item.html",
        user=user,
        item=item,
        args=args,
        qs=urlencode(args),
        iso=iso,
        pieces=segments(item.text, item.spans),
        reason_title=reason_title,
        history=store.history(item.id),
        prev_id=prev_id,
        next_id=next_id,
        conflict=conflict,
        last=session.get("review_last"),
    )
    return page, status


@bp.get("/items/<int:item_id>")
def item(item_id: int) -> PageResult:
    """One item: highlighted spans with reasons, clean text, decision buttons, history."""
    user = _moderator()
    return _render_item(user, store_of(current_app).get(item_id), _filter_args())


def _version() -> int:
    try:
        return int(request.form.get("version", ""))
    except ValueError as exc:
        raise ApiError(400, "missing_version", "the form lost the item version") from exc


def _query(args: dict[str, str]) -> str:
    return "?" + urlencode(args) if args else ""


def _after(item_id: int, args: dict[str, str]) -> WzResponse:
    """Go to the next item of the queue, or back to the queue when none is left."""
    _prev, nxt = store_of(current_app).neighbours(item_id, parse_filter(args))
    if nxt is not None:
        return redirect(url_for("review_pages.item", item_id=nxt) + _query(args))
    return redirect(url_for("review_pages.queue") + _query(args))


@bp.post("/items/<int:item_id>/decide")
def decide(item_id: int) -> PageResult:
    """Apply the button's decision; a stale version re-renders the item with a 409."""
    user = _moderator()
    args = _filter_args()
    try:
        action = Action(request.form.get("action", ""))
    except ValueError as exc:
        raise ApiError(400, "invalid_action", "unknown decision") from exc
    return _apply(user, DecisionRequest(item_id, action, _version()), args)


@bp.post("/items/<int:item_id>/undo")
def undo(item_id: int) -> PageResult:
    """Revert the item's last decision and show it again."""
    user = _moderator()
    return _apply(user, DecisionRequest(item_id, Action.UNDO, _version()), _filter_args())


def _apply(user: User, req: DecisionRequest, args: dict[str, str]) -> PageResult:
    store = store_of(current_app)
    try:
        done = store.decide(req, user.name)
    except VersionConflict as exc:
        who = exc.current.decided_by or "someone"
        msg = f"{who} changed this item first; it is now '{exc.current.status.value}'."
        return _render_item(user, exc.current, args, 409, msg)
    except NothingToUndo:
        return _render_item(user, store.get(req.item_id), args, 409, "Nothing to undo.")
    if req.action is Action.UNDO:
        session.pop("review_last", None)
        flash(f"Item #{done.id} is '{done.status.value}' again.")
        return redirect(url_for("review_pages.item", item_id=done.id) + _query(args))
    flash(f"Item #{done.id} marked '{done.status.value}'.")
    # The next page offers to undo this decision (key u) without going back to the item.
    session["review_last"] = [done.id, done.version]
    return _after(done.id, args)


@bp.get("/admin/rules")
def rules() -> PageResult:
    """Admin: precision of each rule over moderator decisions."""
    user = _moderator(admin=True)
    stats: Any = store_of(current_app).rule_stats()
    return render_template("review/rules.html", user=user, stats=stats)
