"""POST /v1/check: validate the request, answer from the cache or the engine."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from service.cache.keys import cache_key
from service.review.errors import ItemNotQueued
from service.runtime.verdict_json import new_verdict_id, verdict_to_json
from service.telemetry import metrics
from service.web.apikey import charge_deferred, charged_lookup
from service.web.errors import ApiError
from service.web.fields import check_fields
from service.web.metering import child
from service.web.state import cache_of, runtime_of

log = logging.getLogger(__name__)
bp = Blueprint("check", __name__)

_STRING_FIELDS = ("language", "content_id", "site", "author", "url", "ip")
_KNOWN = {"text", "format", *_STRING_FIELDS}


def read_json_object() -> dict[str, Any]:
    """Return the request body as a JSON object, or raise ApiError saying what is wrong."""
    ctype = (request.mimetype or "").lower()
    if ctype and ctype != "application/json" and not ctype.endswith("+json"):
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    raw = request.get_data(cache=False)
    if not raw:
        raise ApiError(400, "empty_body", "the request body is empty; send a JSON object")
    try:
        body_text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400, "invalid_utf8", f"the body is not valid UTF-8 (byte {exc.start})"
        ) from exc
    try:
        body = json.loads(body_text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ApiError(400, "invalid_json", f"the body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "the body must be a JSON object")
    return body


def parse_check(body: dict[str, Any]) -> dict[str, Any]:
    """Validate the contract's fields and return the ones that decide the verdict."""
    text = body.get("text")
    if text is None:
        raise ApiError(400, "missing_text", "field 'text' is required")
    if not isinstance(text, str):
        raise ApiError(400, "invalid_text", "field 'text' must be a string")
    fmt = body.get("format", "text")
    if fmt not in ("text", "html"):
        raise ApiError(400, "unknown_format", "field 'format' must be 'text' or 'html'")
    for name in _STRING_FIELDS:
        if name in body and body[name] is not None and not isinstance(body[name], str):
            raise ApiError(400, f"invalid_{name}", f"field '{name}' must be a string")
    # Past this point every string is encodable and every identifier short and printable.
    check_fields(body, content=("text",))
    return {
        "text": text,
        "format": fmt,
        "language": body.get("language") or None,
        "site": body.get("site") or None,
    }


def run_check(req: dict[str, Any], context: dict[str, Any] | None = None) -> dict[str, Any]:
    """Answer one parsed check request from the cache, or compute and cache it.

    `context` (content_id, author, url, ip, ...) does not change the verdict; it is handed
    with the answer to the app's verdict hooks (the review queue).
    """
    return answer_check(req, context)[0]


def answer_check(
    req: dict[str, Any], context: dict[str, Any] | None = None
) -> tuple[dict[str, Any], bytes | None]:
    """Return run_check's answer and, for a cache hit, its JSON exactly as it is served."""
    out, body = _verdict_for(req)
    for hook in current_app.extensions.get("darnel.verdict_hooks", []):
        try:
            hook({**(context or {}), **req}, out)
        except ItemNotQueued as exc:
            # Answering would hand out a verdict whose review item nobody will ever see.
            metrics.REVIEW_NOT_QUEUED.inc()
            raise ApiError(
                503, "review_queue_unavailable",
                "the verdict's review item could not be stored; retry shortly",
            ) from exc  # fmt: skip
        except Exception:
            # Other hooks (the verdict log) are conveniences: never worth the answer.
            log.exception("verdict hook %r failed", hook)
    return out, body


def _verdict_for(req: dict[str, Any]) -> tuple[dict[str, Any], bytes | None]:
    """Return the cached verdict for a request with its stored JSON, or a fresh one."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    rt = runtime_of(app)
    rt.maybe_reload()
    engine = rt.engine
    cache = cache_of(app)
    rules_version = engine.ruleset.version
    key = cache_key(req, rules_version, engine.model_version)
    errors_before = cache.error_count()
    entry = charged_lookup(cache, key)
    body: bytes | None = None
    if entry is not None:
        out = entry.value
        # Entries are stored as they are served on a hit; one stored before that (by an
        # older release) is marked here and encoded again.
        if out.get("cached") is True:
            body = entry.body
        out["cached"] = True
        child(metrics.CACHE, "hit").inc()
    else:
        child(metrics.CACHE, "miss").inc()
        verdict = engine.check(
            req["text"], fmt=req["format"], language_hint=req["language"], site=req["site"]
        )
        out = verdict_to_json(verdict, new_verdict_id())
        # A reload between the key and the check (a threaded server) made this verdict with
        # other rules than the key names: stored, it would answer for the old ones.
        if not verdict.partial and verdict.rules_version == rules_version:
            cache.set(key, {**out, "cached": True})
    failed = cache.error_count() - errors_before
    if failed > 0:
        metrics.REDIS_ERRORS.inc(failed)
    site = metrics.site_label(req["site"])
    child(metrics.VERDICTS, site, out["language"], out["verdict"]).inc()
    shadow = next((r for r in out["reasons"] if r.get("id") == "SHADOW"), None)
    if shadow is not None:
        # Shadow mode: the verdict is not enforced, so the log is where operators see it.
        log.info("shadow verdict for site %s: %s (%s)", req["site"], shadow["detail"], out["id"])
    return out, body


@bp.post("/v1/check")
def check() -> Response:
    """Check one text; answers the contract's verdict JSON (see API.md)."""
    try:
        body = read_json_object()
        req = parse_check(body)
    except Exception:
        # A refused body is still a call with a key: charged and counted as before, so
        # a key past its limit still gets 429 rather than the body's error.
        charge_deferred()
        raise
    context = {k: body.get(k) for k in ("content_id", "author", "url", "ip")}
    out, cached_body = answer_check(req, context)
    if cached_body is not None:
        # A hit is served as stored: encoding the same verdict again cost 13-18 µs for a
        # 1 KB text here, a tenth of a hit's work beyond its Redis GET.
        return Response(cached_body, mimetype="application/json")
    return jsonify(out)
