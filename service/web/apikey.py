"""Check the native API's X-Darnel-Key header and charge the key's rate limit."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response, g, jsonify, request

from service.cache.base import Entry, VerdictCache
from service.keys.model import ApiKey
from service.keys.usage import current_month
from service.ratelimit.pipelined import pipelined_hit
from service.web.cms_state import cms_of
from service.web.errors import ApiError

HEADER = "X-Darnel-Key"
_ENVIRON_KEY = "HTTP_" + HEADER.upper().replace("-", "_")
# The check API proper; review and admin endpoints have their own token roles.
_EXACT = frozenset({"/v1/check", "/v1/check/batch"})
_PREFIXES = ("/v1/verdicts/",)
# Charged in the cache lookup's round trip instead of before the view (see charged_lookup).
_DEFERRED = "/v1/check"


class RateLimited(ApiError):
    """429: the key spent its window; carries the seconds until it resets."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(429, "rate_limited", f"rate limit reached; retry in {retry_after} s")
        self.retry_after = retry_after


def charge(key: ApiKey, cost: int = 1) -> None:
    """Count `cost` requests against the key's per-minute limit; raise RateLimited past it."""
    cms = cms_of()
    limit = key.rate_limit or cms.settings.rate_limit_per_minute
    decision = cms.limiter.hit(f"key:{key.id}", limit, cost)
    if not decision.allowed:
        raise RateLimited(decision.retry_after)


def charged_lookup(cache: VerdictCache, cache_key: str) -> Entry | None:
    """Look up a cached verdict, charging the request's deferred key in the same round trip.

    A cached check with a key used to pay two Redis round trips, the rate-limit script
    and the cache GET. When both live on one Redis client the script rides in the GET's
    pipeline. Raises RateLimited past the limit (the entry is then not served), and
    counts the call otherwise, as `_authenticate` does for other native requests.
    """
    key: ApiKey | None = g.pop("darnel_deferred_charge", None)
    if key is None:
        return cache.get_entry(cache_key)
    cms = cms_of()
    limit = key.rate_limit or cms.settings.rate_limit_per_minute
    hit = pipelined_hit(cms.limiter, f"key:{key.id}", limit)
    riding: Any = getattr(cache, "get_entry_riding", None)
    if hit is not None and riding is not None and getattr(cache, "client", None) is hit.client:
        entry: Entry | None = riding(cache_key, hit)
        decision = hit.decision
        if decision is None:
            raise RuntimeError("the cache returned without deciding the rate limit")
        if not decision.allowed:
            raise RateLimited(decision.retry_after)
    else:
        charge(key)
        entry = cache.get_entry(cache_key)
    count_call(key)
    return entry


def charge_deferred() -> None:
    """Charge a deferred key now: its request ends before the cache lookup (a bad body)."""
    key: ApiKey | None = g.pop("darnel_deferred_charge", None)
    if key is not None:
        charge(key)
        count_call(key)


def count_call(key: ApiKey, site: str | None = None, **extra: int) -> None:
    """Add one API call (plus `extra` counters) to the key's monthly usage (written within 1 s)."""
    cms_of().usage().add(key.id, site or key.site, current_month(), api_calls=1, **extra)


def native_key() -> ApiKey | None:
    """Return the key the current native request authenticated with, if any."""
    key: ApiKey | None = g.get("darnel_key")
    return key


def _is_native(path: str) -> bool:
    return path in _EXACT or path.startswith(_PREFIXES)


def _authenticate() -> None:
    """Refuse unknown and revoked keys; demand one when the settings say so."""
    # Runs before every request: the request proxy is resolved once.
    req: Request = request._get_current_object()  # type: ignore[attr-defined]
    path = req.path
    if not _is_native(path):
        return
    cms = cms_of()
    # The environ key EnvironHeaders.get(HEADER) reads.
    given = req.environ.get(_ENVIRON_KEY, "").strip()
    if not given:
        if cms.settings.require_api_key:
            raise ApiError(401, "missing_api_key", f"send your API key in the {HEADER} header")
        return
    key = cms.keys().lookup(given)
    if key is None:
        raise ApiError(401, "invalid_api_key", "the API key is not known")
    if key.revoked:
        raise ApiError(403, "revoked_api_key", "the API key has been revoked")
    g.darnel_key = key
    if path == _DEFERRED and req.method == "POST":
        # web/check.py charges it in the cache lookup, or charge_deferred on a bad body.
        g.darnel_deferred_charge = key
        return
    charge(key)
    count_call(key)


def register(app: Flask) -> None:
    """Install the key check before native requests and the 429 answer with Retry-After."""
    app.before_request(_authenticate)

    @app.errorhandler(RateLimited)
    def _limited(exc: RateLimited) -> tuple[Response, int, dict[str, str]]:
        body = jsonify({"error": {"code": exc.code, "message": exc.message}})
        return body, 429, {"Retry-After": str(exc.retry_after)}
