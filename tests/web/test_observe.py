"""Tests for /metrics, request ids and JSON log lines."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from live_server import LiveServer

from service.telemetry.logs import JsonFormatter, request_id


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    srv = LiveServer({"cache": "memory"})
    yield srv
    srv.stop()


def test_metrics_count_requests_verdicts_cache_and_versions(live: LiveServer) -> None:
    body = {"text": "爱上海论坛 Venture capital keeps flowing into Shanghai.", "site": "blog"}
    for _ in range(2):
        assert requests.post(f"{live.url}/v1/check", json=body, timeout=30).status_code == 200
    requests.post(f"{live.url}/v1/check", json={"text": ""}, timeout=30)
    r = requests.get(f"{live.url}/metrics", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain")
    text = r.text
    assert 'darnel_http_requests_total{endpoint="/v1/check",status="200"}' in text
    assert 'darnel_http_requests_total{endpoint="/v1/check",status="400"}' in text
    assert "darnel_http_request_seconds_bucket" in text
    assert 'darnel_verdicts_total{language="en",site="blog",verdict="block"}' in text
    assert 'darnel_cache_requests_total{result="hit"}' in text
    assert 'darnel_cache_requests_total{result="miss"}' in text
    assert "darnel_redis_errors_total" in text
    assert "darnel_rule_reload_failures_total" in text
    assert "darnel_rules_version_info{" in text and "darnel_model_version_info{" in text
    assert "darnel_review_queue_depth" in text


def test_request_id_is_echoed_or_made(live: LiveServer) -> None:
    r = requests.get(f"{live.url}/healthz", headers={"X-Request-Id": "abc-123"}, timeout=5)
    assert r.headers["X-Request-Id"] == "abc-123"
    made = requests.get(f"{live.url}/healthz", headers={"X-Request-Id": "bad id;x"}, timeout=5)
    assert made.headers["X-Request-Id"] != "bad id;x" and len(made.headers["X-Request-Id"]) == 32


def test_log_lines_are_json_with_the_request_id() -> None:
    token = request_id.set("rid-42")
    try:
        record = logging.LogRecord(
            "darnel.access", logging.INFO, __file__, 1, "GET %s", ("/x",), None
        )
        record.status = 200
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "rid-42" and line["msg"] == "GET /x" and line["status"] == 200
    assert line["level"] == "INFO" and line["ts"].endswith("Z")


def test_log_timestamps_follow_each_record_across_seconds() -> None:
    # The formatter reuses the text of the last whole second; every record must still get
    # its own second and milliseconds, also when the clock goes back (a stepped clock).
    fmt = JsonFormatter()
    stamps = []
    for created in (1796601600.25, 1796601600.75, 1796601601.5, 1796601599.0):
        record = logging.LogRecord("darnel.access", logging.INFO, __file__, 1, "x", (), None)
        record.created, record.msecs = created, (created % 1) * 1000
        stamps.append(json.loads(fmt.format(record))["ts"])
    assert stamps == [
        "2026-12-07T00:00:00.250Z",
        "2026-12-07T00:00:00.750Z",
        "2026-12-07T00:00:01.500Z",
        "2026-12-06T23:59:59.000Z",
    ]


def test_the_access_line_is_the_record_log_info_made(
    live: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    # The hook makes its record itself (no walk up the stack); it must carry what
    # log.info would have: the message, the fields, and _finish as the caller.
    with caplog.at_level(logging.INFO, logger="darnel.access"):
        requests.get(f"{live.url}/healthz", headers={"X-Request-Id": "rid-7"}, timeout=5)
    (record,) = [r for r in caplog.records if r.name == "darnel.access"]
    assert record.getMessage() == "GET /healthz 200" and record.levelno == logging.INFO
    assert (record.method, record.path, record.status) == ("GET", "/healthz", 200)  # type: ignore[attr-defined]
    assert isinstance(record.duration_ms, float)  # type: ignore[attr-defined]
    assert record.funcName == "_finish" and record.pathname.endswith("observe.py")
    assert record.filename == "observe.py" and record.module == "observe" and record.lineno > 0
    line = json.loads(JsonFormatter().format(record))
    assert list(line) == [
        "ts", "level", "logger", "msg", "request_id", "method", "path", "status", "duration_ms"
    ]  # fmt: skip


def test_made_request_ids_have_uuid4_form() -> None:
    import uuid

    from service.web.observe import new_request_id

    for _ in range(200):
        rid = new_request_id()
        parsed = uuid.UUID(hex=rid)
        assert parsed.hex == rid and parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_the_access_hook_leaves_no_reference_cycle(tmp_path: Path) -> None:
    # A cycle through the hook's frame kept each request's objects (request, response,
    # log record) alive until the collector's next pass: garbage on every request.
    import gc

    from service import create_app

    client = create_app({"cache": "memory", "instance_dir": tmp_path}).test_client()
    client.get("/healthz")
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(5):
            client.get("/healthz")
        gc.collect()
        kept = [o for o in gc.garbage if isinstance(o, logging.LogRecord)]
        frames = [o for o in gc.garbage if type(o).__name__ == "frame"]
        finish = [f for f in frames if f.f_code.co_name == "_finish"]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert kept == [] and finish == []
