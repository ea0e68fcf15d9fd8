"""The moderator review API under /v1/review: list, read, decide, bulk-decide, undo, history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, cast

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from service.review.base import ReviewStore
from service.review.errors import ItemNotFound, NothingToUndo, StoreUnavailable, VersionConflict
from service.review.models import (
    Action,
    Decision,
    DecisionRequest,
    ItemFilter,
    ReviewItem,
    Status,
)
from service.web.auth import require_moderator_api
from service.web.check import read_json_object
from service.web.errors import ApiError
from service.web.fields import check_fields

bp = Blueprint("review_api", __name__, url_prefix="/v1/review")
MAX_LIMIT = 200


def store_of(app: Flask) -> ReviewStore:
    """Return the app's review store."""
    return cast(ReviewStore, app.extensions["darnel.review_store"])


def iso(ms: int | None) -> str | None:
    """Render epoch milliseconds as an ISO 8601 UTC timestamp."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def _time_arg(args: Mapping[str, str], name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ApiError(400, f"invalid_{name}", f"'{name}' must be an ISO 8601 date") from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp() * 1000)


def parse_filter(args: Mapping[str, str], default_status: Status | None = None) -> ItemFilter:
    """Build an ItemFilter from query arguments; status `all` lifts the status filter."""
    raw_status = (args.get("status") or "").strip()
    status = default_status
    if raw_status == "all":
        status = None
    elif raw_status:
        try:
            status = Status(raw_status)
        except ValueError as exc:
            raise ApiError(400, "invalid_status", "unknown status filter") from exc
    return ItemFilter(
        status=status,
        site=args.get("site") or None,
        language=args.get("language") or None,
        verdict=args.get("verdict") or None,
        rule_id=args.get("rule") or None,
        since_ms=_time_arg(args, "since"),
        until_ms=_time_arg(args, "until"),
    )


def item_json(item: ReviewItem) -> dict[str, Any]:
    """Render an item for the API."""
    return {
        "id": item.id,
        "status": item.status.value,
        "version": item.version,
        "site": item.site,
        "content_id": item.content_id,
        "verdict_id": item.verdict_id,
        "verdict": item.verdict,
        "score": item.score,
        "language": item.language,
        "text": item.text,
        "spans": list(item.spans),
        "reasons": list(item.reasons),
        "clean_text": item.clean_text,
        "rule_ids": list(item.rule_ids),
        "versions": {"rules": item.rules_version, "model": item.model_version},
        "received_at": iso(item.received_ms),
        "updated_at": iso(item.updated_ms),
        "decided_by": item.decided_by,
        "decided_at": iso(item.decided_ms),
    }


def decision_json(d: Decision) -> dict[str, Any]:
    """Render one audit-log row for the API."""
    return {
        "id": d.id,
        "item_id": d.item_id,
        "action": d.action.value,
        "moderator": d.moderator,
        "at": iso(d.at_ms),
        "status_before": d.status_before.value,
        "status_after": d.status_after.value,
        "item_version": d.item_version,
        "batch_id": d.batch_id,
        "undoes": d.undoes,
    }


def parse_decision(obj: object, item_id: int | None = None, undo: bool = False) -> DecisionRequest:
    """Validate one decision object: {"id"?, "action", "version"}."""
    if not isinstance(obj, dict):
        raise ApiError(400, "invalid_decision", "each decision must be a JSON object")
    iid = item_id if item_id is not None else obj.get("id")
    version = obj.get("version")
    action = "undo" if undo else obj.get("action")
    if not isinstance(iid, int) or isinstance(iid, bool):
        raise ApiError(400, "invalid_decision", "'id' must be an item id (integer)")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ApiError(400, "missing_version", "'version' (the item version you saw) is required")
    try:
        return DecisionRequest(iid, Action(str(action)), version)
    except ValueError as exc:
        raise ApiError(
            400, "invalid_action", "'action' must be spam, ham, remove_spans or undo"
        ) from exc


def _json_body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    body = read_json_object()
    check_fields(body)
    return body


@bp.before_request
def _auth() -> None:
    require_moderator_api()


@bp.errorhandler(VersionConflict)
def _conflict(exc: VersionConflict) -> tuple[Response, int]:
    body = {"code": "version_conflict", "message": str(exc), "current": item_json(exc.current)}
    return jsonify({"error": body}), 409


@bp.errorhandler(ItemNotFound)
def _missing(exc: ItemNotFound) -> tuple[Response, int]:
    return jsonify({"error": {"code": "item_not_found", "message": str(exc)}}), 404


@bp.errorhandler(NothingToUndo)
def _nothing(exc: NothingToUndo) -> tuple[Response, int]:
    return jsonify({"error": {"code": "nothing_to_undo", "message": str(exc)}}), 409


@bp.errorhandler(StoreUnavailable)
def _down(exc: StoreUnavailable) -> tuple[Response, int]:
    body = {"code": "review_store_unavailable", "message": "the review database is unavailable"}
    return jsonify({"error": body}), 503


@bp.get("/items")
def list_items() -> Response:
    """List items: filters status (default all), site, language, verdict, rule, since, until;
    pages of `limit` (max 200) continued with `cursor` = the previous `next_cursor`."""
    check_fields(request.args.to_dict())
    filt = parse_filter(request.args)
    try:
        limit = min(max(int(request.args.get("limit", "50")), 1), MAX_LIMIT)
    except ValueError as exc:
        raise ApiError(400, "invalid_limit", "'limit' must be an integer") from exc
    try:
        page = store_of(current_app).list_items(filt, request.args.get("cursor"), limit)
    except ValueError as exc:
        raise ApiError(400, "invalid_cursor", str(exc)) from exc
    return jsonify(
        {
            "items": [item_json(i) for i in page.items],
            "next_cursor": page.next_cursor,
            "total": page.total,
        }
    )


@bp.get("/items/<int:item_id>")
def get_item(item_id: int) -> Response:
    """Return one item with its spans, reasons, status and version."""
    return jsonify(item_json(store_of(current_app).get(item_id)))


@bp.get("/items/<int:item_id>/history")
def history(item_id: int) -> Response:
    """Return the item's decisions (undos included), oldest first."""
    rows = store_of(current_app).history(item_id)
    return jsonify({"item_id": item_id, "decisions": [decision_json(d) for d in rows]})


@bp.post("/items/<int:item_id>/decision")
def decide(item_id: int) -> Response:
    """Decide one item: {"action": "spam"|"ham"|"remove_spans", "version": n}; 409 if stale."""
    user = require_moderator_api()
    req = parse_decision(_json_body(), item_id)
    return jsonify(item_json(store_of(current_app).decide(req, user.name)))


@bp.post("/items/<int:item_id>/undo")
def undo(item_id: int) -> Response:
    """Revert the item's last effective decision: {"version": n}; 409 if stale or none left."""
    user = require_moderator_api()
    req = parse_decision(_json_body(), item_id, undo=True)
    return jsonify(item_json(store_of(current_app).decide(req, user.name)))


@bp.post("/decisions")
def decide_many() -> Response:
    """Apply {"decisions": [{"id", "action", "version"}, ...]} all-or-nothing in one transaction."""
    user = require_moderator_api()
    body = _json_body()
    raw = body.get("decisions")
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, "invalid_decisions", "'decisions' must be a non-empty list")
    reqs = [parse_decision(d) for d in raw]
    try:
        done = store_of(current_app).decide_many(reqs, user.name)
    except ValueError as exc:
        raise ApiError(400, "invalid_decisions", str(exc)) from exc
    return jsonify({"applied": len(done), "items": [item_json(i) for i in done]})


@bp.get("/rules")
def rule_stats() -> Response:
    """Admin: per-rule decided spam and ham counts and precision."""
    require_moderator_api(admin=True)
    stats = store_of(current_app).rule_stats()
    return jsonify(
        {
            "rules": [
                {"rule_id": s.rule_id, "spam": s.spam, "ham": s.ham, "precision": s.precision}
                for s in stats
            ]
        }
    )
