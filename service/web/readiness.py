"""Judge each part the answers depend on (rules, model, cache, queue database) for /readyz."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from service.review.errors import StoreUnavailable
from service.web.state import cache_of, runtime_of

UP, DEGRADED, DOWN = "up", "degraded", "down"


@dataclass
class Readiness:
    """The parts' states and why the service is not (fully) ready; `ready` decides 200/503."""

    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)  # each makes answers wrong: 503
    warnings: list[str] = field(default_factory=list)  # answers still correct: 200

    @property
    def ready(self) -> bool:
        """Say whether every answer is still the one a fully working service gives."""
        return not self.reasons


def _rules(app: Flask, out: Readiness) -> None:
    rt = runtime_of(app)
    rt.maybe_reload()
    state = rt.rules
    part: dict[str, Any] = {
        "state": UP,
        "version": rt.engine.ruleset.version,
        "rules": len(rt.engine.ruleset.rules),
        "source": state.source,
        "loaded_at": state.loaded_at or None,
        "last_error": state.last_error,
        "last_error_at": state.last_error_at,
    }
    if not state.ok:
        part["state"] = DOWN
        out.reasons.append(f"rules not loaded: {state.last_error}")
    elif state.source != "files":
        # The stored last good set answers exactly as the other workers' in-memory copy.
        part["state"] = DEGRADED
        out.warnings.append(
            f"rule files broken, serving the last good set: {state.fallback_reason}"
        )
    elif state.last_error:
        part["state"] = DEGRADED
        out.warnings.append(
            f"last rule reload rejected, serving the previous set: {state.last_error}"
        )
    out.parts["rules"] = part


def _model(app: Flask, out: Readiness) -> None:
    rt = runtime_of(app)
    loaded = rt.engine.classifier is not None
    out.parts["model"] = {
        "state": UP if loaded else DOWN,
        "version": rt.engine.model_version,
        "error": None if loaded else rt.model_error,
    }
    if not loaded:
        out.reasons.append(f"model not loaded: {rt.model_error}")


def _cache(app: Flask, out: Readiness) -> None:
    cache = cache_of(app)
    up = cache.ping()
    out.parts["cache"] = {"backend": cache.stats().backend, "state": UP if up else DEGRADED}
    if not up:
        # A cache outage counts as a miss: slower answers, never different ones.
        out.warnings.append("verdict cache unavailable: answering without it")


def _queue(app: Flask, out: Readiness) -> None:
    store = app.extensions.get("darnel.review_store")
    intake = app.extensions.get("darnel.review_intake")
    if store is None:
        return
    part: dict[str, Any] = {"state": UP, "pending": intake.pending if intake else 0}
    try:
        store.ping()
    except StoreUnavailable as exc:
        part["state"] = DEGRADED
        part["error"] = str(exc)
        # Items wait in the durable spool and are written once the database is back.
        out.warnings.append(f"review database unavailable, items spooled: {exc}")
    out.parts["queue_database"] = part


def readiness(app: Flask) -> Readiness:
    """Look at every part now."""
    out = Readiness()
    for judge in (_rules, _model, _cache, _queue):
        judge(app, out)
    return out
