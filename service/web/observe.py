"""Give every request an id, an access log line and metrics; serve GET /metrics."""

from __future__ import annotations

import logging
import os
import re
import sys
import time

from flask import Blueprint, Flask, Request, Response, g, request

from service.telemetry import metrics
from service.telemetry.logs import request_id
from service.web.metering import child

log = logging.getLogger("darnel.access")
bp = Blueprint("observe", __name__)
_RID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@bp.get("/metrics")
def metrics_endpoint() -> Response:
    """Prometheus text format: requests, latency, verdicts, cache, versions, queue depth."""
    from flask import current_app

    for name, provider in current_app.extensions.get("darnel.gauges", {}).items():
        if name == "queue_depth":
            try:
                metrics.QUEUE_DEPTH.set(provider())
            except Exception:
                log.exception("queue depth unavailable")
    body, ctype = metrics.exposition()
    return Response(body, content_type=ctype)


def new_request_id() -> str:
    """Return a random id in uuid4().hex's form (version 4, RFC 4122 variant), built directly.

    uuid.uuid4() builds a UUID object around the same 16 random bytes; the id is all a
    request needs of it.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return raw.hex()


def register(app: Flask) -> None:
    """Install the before/after hooks on the app."""

    # Both hooks run on every request: each resolves Flask's request and g proxies once
    # instead of at every use.
    @app.before_request
    def _start() -> None:
        req: Request = request._get_current_object()  # type: ignore[attr-defined]
        ctx_g = g._get_current_object()
        # The environ key EnvironHeaders.get("X-Request-Id") reads.
        rid = req.environ.get("HTTP_X_REQUEST_ID", "")
        rid = rid if _RID.match(rid) else new_request_id()
        ctx_g.request_id = rid
        ctx_g.started = time.perf_counter()
        request_id.set(rid)

    @app.after_request
    def _finish(resp: Response) -> Response:
        req: Request = request._get_current_object()  # type: ignore[attr-defined]
        ctx_g = g._get_current_object()
        rid = getattr(ctx_g, "request_id", "-")
        resp.headers["X-Request-Id"] = rid
        now = time.perf_counter()
        elapsed = now - getattr(ctx_g, "started", now)
        rule = req.url_rule
        endpoint = rule.rule if rule else "unmatched"
        status = resp.status_code
        child(metrics.REQUESTS, endpoint, str(status)).inc()
        child(metrics.LATENCY, endpoint).observe(elapsed)
        if log.isEnabledFor(logging.INFO):
            method, path = req.method, req.path
            extra = {
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
            }
            # log.info's record, made without its walk up the stack for the caller:
            # this frame is the caller it would find (unless caller lookup is off).
            if logging._srcfile:
                frame = sys._getframe()
                fn, lno, func = frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name
                # A frame held in its own locals is a reference cycle: it would keep this
                # request's objects alive until the garbage collector's next pass.
                del frame
            else:
                fn, lno, func = "(unknown file)", 0, "(unknown function)"
            record = log.makeRecord(
                log.name, logging.INFO, fn, lno, "%s %s %s", (method, path, status), None,
                func, extra,
            )  # fmt: skip
            log.handle(record)
        return resp
