"""GET /openapi.json: the OpenAPI 3.1 description of the native API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from service.web.batch import max_items
from service.web.fields import LIMITS

bp = Blueprint("openapi", __name__)

_STR = {"type": "string"}
_PRINTABLE = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
_SCORE = {"type": "number", "minimum": 0, "maximum": 1}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    text = {
        400: "Bad input (the error code says what)",
        401: "Missing or unknown API key",
        403: "Revoked API key",
        404: "Not found",
        413: "Body, text or batch too large",
        415: "Body is not JSON",
        429: "Rate limit reached; see the Retry-After header",
    }
    return {str(s): _json(_ref("Error"), text[s]) for s in statuses}


def schemas(batch_max: int) -> dict[str, Any]:
    """Return the component schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses)."""
    reason = {
        "type": "object",
        "required": ["kind", "id", "detail"],
        "properties": {"kind": _STR, "id": _STR, "detail": _STR},
    }
    span = {
        "type": "object",
        "required": ["start", "end", "text", "language", "score", "reasons"],
        "properties": {
            "start": {
                "type": "integer",
                "minimum": 0,
                "description": "Code-point offset into the submitted text",
            },
            "end": {"type": "integer", "minimum": 0, "description": "Exclusive end offset"},
            "text": _STR,
            "language": _STR,
            "score": _SCORE,
            "reasons": {"type": "array", "items": _ref("Reason")},
        },
    }
    verdict = {
        "type": "object",
        "required": [
            "id",
            "verdict",
            "score",
            "language",
            "languages",
            "spans",
            "reasons",
            "clean_text",
            "cached",
            "versions",
        ],
        "properties": {
            "id": {"type": "string", "pattern": "^vd_[0-9A-Z]{26}$"},
            "verdict": {"enum": ["allow", "review", "block"]},
            "score": _SCORE,
            "language": _STR,
            "languages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["language", "share"],
                    "properties": {"language": _STR, "share": _SCORE},
                },
            },
            "spans": {"type": "array", "items": _ref("Span")},
            "reasons": {"type": "array", "items": _ref("Reason")},
            "clean_text": _STR,
            "cached": {"type": "boolean"},
            "partial": {"type": "boolean", "description": "The deadline cut the check short"},
            "versions": {
                "type": "object",
                "required": ["rules", "model"],
                "properties": {"rules": _STR, "model": _STR},
            },
        },
    }
    check_request = {
        "type": "object",
        "required": ["text"],
        "properties": {
            # At least one visible character: whitespace alone is refused (empty_text).
            "text": {"type": "string", "minLength": 1, "pattern": "\\S"},
            "format": {"enum": ["text", "html"], "default": "text"},
            # null is taken as absent, which is what form-filling clients tend to send.
            # Identifiers: printable and bounded (service/web/fields.py refuses the rest).
            **{
                name: {"type": ["string", "null"], "maxLength": LIMITS[name], "pattern": _PRINTABLE}
                for name in ("language", "content_id", "site", "author", "url", "ip")
            },
        },
    }
    item_id = {
        "type": ["string", "integer"],
        "description": "The item's `id`, else its index in `items`",
    }
    error_body = {
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": _STR, "message": _STR},
    }
    return {
        "Reason": reason,
        "Span": span,
        "Verdict": verdict,
        "CheckRequest": check_request,
        "BatchRequest": {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": batch_max,
                    # Any value is accepted here: an item that is not a valid CheckRequest
                    # gets an error in its own result, never fails the whole batch.
                    "items": {
                        "description": "A CheckRequest plus an optional `id` (string or "
                        "integer; any other id is ignored and the item's index used). An "
                        "invalid item gets an `error` result of its own.",
                    },
                }
            },
        },
        "BatchResult": {
            "oneOf": [
                {
                    "allOf": [
                        _ref("Verdict"),
                        {"required": ["item_id"], "properties": {"item_id": item_id}},
                    ]
                },
                {
                    "type": "object",
                    "required": ["item_id", "error"],
                    "additionalProperties": False,
                    "properties": {"item_id": item_id, "error": error_body},
                },
            ]
        },
        "BatchResponse": {
            "type": "object",
            "required": ["results"],
            "properties": {"results": {"type": "array", "items": _ref("BatchResult")}},
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {"error": error_body},
        },
        "Health": {
            "type": "object",
            "required": ["status"],
            "properties": {"status": {"const": "ok"}},
        },
        "Ready": {
            "type": "object",
            "required": ["status", "reasons", "warnings", "parts", "versions"],
            "properties": {
                # degraded: a part is down but answers are unchanged (200); unready: 503.
                "status": {"enum": ["ready", "degraded", "unready"]},
                "reasons": {"type": "array", "items": _STR},
                "warnings": {"type": "array", "items": _STR},
                "parts": {
                    "type": "object",
                    "description": "rules, model, cache, queue_database: each with a state",
                },
                "versions": {"type": "object"},
                "rules_last_error": {"type": ["string", "null"]},
            },
        },
    }


def document(batch_max: int = 100) -> dict[str, Any]:
    """Return the whole OpenAPI 3.1 document."""
    keyed: list[dict[str, list[str]]] = [
        {"darnelKey": []},
        {},
    ]  # the key is optional unless the server requires it
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Darnel check API",
            "version": "1",
            "description": "Find spam spliced into legitimate text. See API.md.",
        },
        "paths": {
            "/v1/check": {
                "post": {
                    "operationId": "check",
                    "summary": "Check one text",
                    "security": keyed,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("CheckRequest")}},
                    },
                    "responses": {
                        "200": _json(_ref("Verdict"), "The verdict"),
                        **_errors(400, 401, 403, 413, 415, 429),
                    },
                }
            },
            "/v1/check/batch": {
                "post": {
                    "operationId": "checkBatch",
                    "summary": "Check many texts in order",
                    "security": keyed,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("BatchRequest")}},
                    },
                    "responses": {
                        "200": _json(_ref("BatchResponse"), "One result per item"),
                        **_errors(400, 401, 403, 413, 415, 429),
                    },
                }
            },
            "/v1/verdicts/{id}": {
                "get": {
                    "operationId": "verdict",
                    "summary": "Fetch a recent verdict by id",
                    "security": keyed,
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                    "responses": {
                        "200": _json(_ref("Verdict"), "The stored verdict"),
                        **_errors(401, 403, 404, 429),
                    },
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "The process serves",
                    "responses": {"200": _json(_ref("Health"), "Serving")},
                }
            },
            "/readyz": {
                "get": {
                    "operationId": "ready",
                    "summary": "Every part the answers need, part by part",
                    "responses": {
                        "200": _json(_ref("Ready"), "Ready"),
                        "503": _json(_ref("Ready"), "Answers would be wrong"),
                    },
                }
            },
        },
        "components": {
            "schemas": schemas(batch_max),
            "securitySchemes": {
                "darnelKey": {"type": "apiKey", "in": "header", "name": "X-Darnel-Key"}
            },
        },
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """Return this server's OpenAPI document."""
    return jsonify(document(max_items()))
