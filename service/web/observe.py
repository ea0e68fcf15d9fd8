"""Give every request an id, an access log line and metrics; serve GET /metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Blueprint, Flask, Response, g, request

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


def register(app: Flask) -> None:
    """Install the before/after hooks on the app."""

    @app.before_request
    def _start() -> None:
        rid = request.headers.get("X-Request-Id", "")
        rid = rid if _RID.match(rid) else uuid.uuid4().hex
        g.request_id = rid
        g.started = time.perf_counter()
        request_id.set(rid)

    @app.after_request
    def _finish(resp: Response) -> Response:
        rid = getattr(g, "request_id", "-")
        resp.headers["X-Request-Id"] = rid
        elapsed = time.perf_counter() - getattr(g, "started", time.perf_counter())
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        child(metrics.REQUESTS, endpoint, str(resp.status_code)).inc()
        child(metrics.LATENCY, endpoint).observe(elapsed)
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            resp.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": resp.status_code,
                "duration_ms": round(elapsed * 1000, 2),
            },
        )
        return resp
