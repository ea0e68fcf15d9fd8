"""Structured JSON log lines, each carrying the request id of the request being served."""

from __future__ import annotations

import json
import logging
import time
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")

# The fields a record may carry beyond the standard ones (`extra=`), in output order.
_EXTRA = ("method", "path", "status", "duration_ms", "verdict", "cached")
_MISSING = object()
# json.dumps(out, ensure_ascii=False) builds this same encoder for every line.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object per line."""

    # The last whole second formatted, and its text: every request logs a line, and
    # gmtime + strftime for each was a tenth of the line's cost.
    _second: tuple[int, str] = (-1, "")

    def _stamp(self, created: float) -> str:
        whole = int(created)
        second, text = self._second
        if second != whole:
            text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
            self._second = (whole, text)
        return text

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "ts": self._stamp(record.created) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id.get(),
        }
        for key in _EXTRA:
            value = getattr(record, key, _MISSING)
            if value is not _MISSING:
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return _ENCODER.encode(out)


def configure(level: str) -> None:
    """Send the root logger's lines to stderr as JSON (once per process)."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        root.setLevel(level)
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root.handlers = [handler]
    root.setLevel(level)
