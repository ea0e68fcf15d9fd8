"""Assemble the Flask app: settings, runtime, cache, blueprints, error handlers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from service.cache import make_cache
from service.config import load_settings
from service.runtime.runtime import Runtime
from service.telemetry.logs import configure as configure_logs
from service.web import admin, check, errors, health, observe, review_component
from service.web import cms as cms_component


class DarnelFlask(Flask):
    """Flask, remembering which of its functions are plain ``def``s.

    Flask asks ``ensure_sync`` about every hook and view on every request (six times
    for a check), and each answer inspects the function's code flags anew. A function
    once found synchronous is remembered; the set is bounded, so functions made per
    request (``after_this_request``) cannot grow it past a few hundred.
    """

    _KNOWN_SYNC_MAX = 512

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known_sync: set[Callable[..., Any]] = set()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Return Flask's answer: the function itself if it is synchronous, else a wrapper."""
        try:
            if func in self._known_sync:
                return func
        except TypeError:  # an unhashable callable: asked anew each time
            return super().ensure_sync(func)
        out = super().ensure_sync(func)
        if out is func and len(self._known_sync) < self._KNOWN_SYNC_MAX:
            self._known_sync.add(func)
        return out


def build_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Create a Flask app; `overrides` replace settings read from the environment."""
    settings = load_settings(overrides=overrides)
    configure_logs(settings.log_level)
    app = DarnelFlask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["darnel.settings"] = settings
    app.extensions["darnel.runtime"] = Runtime.start(settings)
    app.extensions["darnel.cache"] = make_cache(
        settings.cache,
        redis_url=settings.redis_url,
        max_entries=settings.cache_max_entries,
        ttl=settings.cache_ttl,
    )
    # Callables (request fields, answer JSON) run after every check; see web/check.py.
    app.extensions["darnel.verdict_hooks"] = []
    errors.register(app)
    observe.register(app)
    app.register_blueprint(observe.bp)
    app.register_blueprint(check.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(admin.bp)
    # Components that bring their own routes, stores and hooks attach here, one line each.
    review_component.init_app(app, settings)
    cms_component.init_app(app, settings)
    return app
