"""Prometheus metrics shared by every gunicorn worker (multiprocess mode when configured)."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _mp

REQUESTS = Counter(
    "darnel_http_requests_total", "HTTP requests by endpoint and status", ["endpoint", "status"]
)
LATENCY = Histogram(
    "darnel_http_request_seconds",
    "HTTP request latency by endpoint",
    ["endpoint"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
VERDICTS = Counter(
    "darnel_verdicts_total",
    "Verdicts by site, language and action",
    ["site", "language", "verdict"],
)
CACHE = Counter("darnel_cache_requests_total", "Verdict cache lookups", ["result"])
REDIS_ERRORS = Counter("darnel_redis_errors_total", "Redis operations that failed")
RULE_RELOAD_FAILURES = Counter("darnel_rule_reload_failures_total", "Rejected rule reloads")
RULES_VERSION = Gauge(
    "darnel_rules_version_info",
    "Rules version serving (1)",
    ["version"],
    multiprocess_mode="liveall",
)
MODEL_VERSION = Gauge(
    "darnel_model_version_info",
    "Model version serving (1)",
    ["version"],
    multiprocess_mode="liveall",
)
RULES_LAST_GOOD = Gauge(
    "darnel_rules_last_good_serving",
    "1 while a worker serves the stored last good rule set because the files are broken",
    multiprocess_mode="liveall",
)
REVIEW_SPOOLED = Counter(
    "darnel_review_items_spooled_total",
    "Review items spooled to disk because the queue database was unavailable",
)
REVIEW_SPOOL_WRITTEN = Counter(
    "darnel_review_items_spool_written_total", "Spooled review items written to the database"
)
REVIEW_PENDING = Gauge(
    "darnel_review_items_pending",
    "Review items spooled and waiting for the queue database",
    multiprocess_mode="livesum",
)
REVIEW_NOT_QUEUED = Counter(
    "darnel_review_items_refused_total",
    "Verdicts answered 503 because their review item could be neither stored nor spooled",
)
QUEUE_DEPTH = Gauge(
    "darnel_review_queue_depth", "Review items awaiting a decision", multiprocess_mode="mostrecent"
)

# Label values that callers choose (site) are capped so a hostile caller cannot grow the
# metric set without bound.
_MAX_SITES = 200
_sites: set[str] = set()


def site_label(site: str | None) -> str:
    """Return a bounded label value for a caller-chosen site name."""
    if not site:
        return "none"
    if site in _sites:
        return site
    if len(_sites) < _MAX_SITES and len(site) <= 64:
        _sites.add(site)
        return site
    return "other"


def exposition() -> tuple[bytes, str]:
    """Render every metric (of all workers in multiprocess mode) in the text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        _mp.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
