"""One JSON error shape for every failure, mapped from domain errors to status codes."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from service.core.errors import InputError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answer with a status, a machine code and a human message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: str, message: str) -> tuple[Response, int]:
    """Build the error body `{"error": {"code", "message"}}` with its status."""
    return jsonify({"error": {"code": code, "message": message}}), status


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def register(app: Flask) -> None:
    """Install the handlers so no error leaves the app in another shape."""

    @app.errorhandler(ApiError)
    def _api(exc: ApiError) -> tuple[Response, int]:
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(InputError)
    def _input(exc: InputError) -> tuple[Response, int]:
        status = 413 if exc.code == "text_too_long" else 400
        return error_response(status, exc.code, exc.message)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> tuple[Response, int]:
        status = exc.code or 500
        resp, code = error_response(
            status, _HTTP_CODES.get(status, "http_error"), exc.description or ""
        )
        # Keep the headers the exception carries (Allow on a 405, as RFC 9110 requires).
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp, code

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("unhandled error")
        return error_response(500, "internal_error", "the server failed; the error was logged")
