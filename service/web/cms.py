"""Attach the CMS component (keys, rate limits, Akismet, batch, OpenAPI) to an app."""

from __future__ import annotations

from flask import Flask

from service.config import Settings
from service.ratelimit import make_limiter
from service.web import akismet, apikey, batch, openapi, verdicts
from service.web.cms_state import Cms


def init_app(app: Flask, settings: Settings) -> None:
    """Register the key check, the verdict log hook and the component's blueprints."""
    # One client for the cache and the limiter lets a keyed check's rate-limit hit ride
    # in its cache GET's round trip (web/apikey.py, charged_lookup).
    cache = app.extensions.get("darnel.cache")
    shared = getattr(cache, "client", None) if getattr(cache, "name", "") == "redis" else None
    limiter = make_limiter(settings.redis_url, client=shared)
    app.extensions["darnel.cms"] = Cms(settings=settings, limiter=limiter)
    log = verdicts.VerdictLog(verdicts.make_verdict_store(settings))
    app.extensions["darnel.verdict_log"] = log
    app.extensions.setdefault("darnel.verdict_hooks", []).append(log)
    apikey.register(app)
    for bp in (akismet.bp, batch.bp, openapi.bp, verdicts.bp):
        app.register_blueprint(bp)
