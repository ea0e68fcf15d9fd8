"""POST /v1/check/batch: check many items in order, one bad item failing only itself."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify

from service.core.errors import InputError
from service.web.apikey import charge, native_key
from service.web.check import parse_check, read_json_object, run_check
from service.web.errors import ApiError
from service.web.fields import check_fields, check_string

bp = Blueprint("batch", __name__)


def max_items() -> int:
    """Return the configured batch size limit (DARNEL_BATCH_MAX_ITEMS)."""
    return int(current_app.extensions["darnel.settings"].batch_max_items)


def _item_id(item: Any, index: int) -> str | int:
    """Return the caller's id for an item when it is a string or number, else its index."""
    if isinstance(item, dict):
        given = item.get("id")
        if isinstance(given, int) and not isinstance(given, bool):
            return given
        if isinstance(given, str):
            try:
                check_string("id", given)
            except ApiError:
                return index  # an id that cannot be echoed back; the item's error says why
            return given
    return index


def _one(item: Any, index: int) -> dict[str, Any]:
    """Check one item; return its verdict, or an error object in the API's error shape."""
    item_id = _item_id(item, index)
    try:
        if not isinstance(item, dict):
            raise ApiError(400, "invalid_item", "each item must be a JSON object")
        req = parse_check(item)
        content_id = item.get("content_id")
        context = {
            "content_id": content_id if isinstance(content_id, str) else str(item_id),
            **{k: item.get(k) for k in ("author", "url", "ip")},
        }
        return {"item_id": item_id, **run_check(req, context)}
    except ApiError as exc:
        return {"item_id": item_id, "error": {"code": exc.code, "message": exc.message}}
    except InputError as exc:
        return {"item_id": item_id, "error": {"code": exc.code, "message": exc.message}}


@bp.post("/v1/check/batch")
def check_batch() -> Response:
    """Check up to N items (`{"items": [...]}`); answers `{"results": [...]}` in order.

    Each result is the item's verdict (as POST /v1/check answers) plus `item_id`, or
    `{"item_id", "error": {"code", "message"}}` when only that item was bad. More than
    N items answers 400 (too_many_items): the body is well-formed, its item count is not.
    """
    body = read_json_object()
    # Items are checked one by one in _one, so a bad item fails only itself.
    check_fields(body, skip=("items",))
    items = body.get("items")
    if not isinstance(items, list):
        raise ApiError(400, "invalid_items", "field 'items' must be a list")
    if not items:
        raise ApiError(400, "empty_batch", "field 'items' is empty")
    limit = max_items()
    if len(items) > limit:
        raise ApiError(
            400, "too_many_items", f"a batch holds at most {limit} items, not {len(items)}"
        )
    key = native_key()
    if key is not None and len(items) > 1:
        # The key check already counted the request as one; every item costs one.
        charge(key, len(items) - 1)
    return jsonify({"results": [_one(item, i) for i, item in enumerate(items)]})
