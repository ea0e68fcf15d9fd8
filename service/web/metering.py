"""Hand out Prometheus metric children by label values, each looked up once per process."""

from __future__ import annotations

from typing import Any

# (metric identity, label values) -> child. prometheus_client's labels() validates and locks
# on every call; a hot request path pays that a few times per request for the same few
# children. Every label value here comes from a bounded set (endpoints, statuses, the
# capped site labels, languages, verdicts), so the map stays small.
_children: dict[tuple[int, tuple[str, ...]], Any] = {}


def child(metric: Any, *labels: str) -> Any:
    """Return ``metric.labels(*labels)``, remembered for the next request."""
    key = (id(metric), labels)
    found = _children.get(key)
    if found is None:
        found = _children[key] = metric.labels(*labels)
    return found
