"""GET /v1/verdicts/<id>: recent verdicts kept by id (bounded, expiring) for later lookup."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify

from service.cache.base import VerdictCache
from service.cache.memory import MemoryCache
from service.config import Settings
from service.web.errors import ApiError

bp = Blueprint("verdicts", __name__)
_PREFIX = "verdict:"


def make_verdict_store(settings: Settings) -> VerdictCache:
    """Return Redis when configured (so every worker finds every id), else process memory."""
    if settings.redis_url:
        from service.cache.redis import RedisCache, redis_client_from_url

        return RedisCache(
            redis_client_from_url(settings.redis_url),
            prefix="darnel:verdicts:",
            ttl=settings.cache_ttl,
        )
    return MemoryCache(max_entries=settings.cache_max_entries, ttl=settings.cache_ttl)


class VerdictLog:
    """Remember each answered verdict under its id; a verdict hook for run_check."""

    def __init__(self, store: VerdictCache) -> None:
        self.store = store

    def __call__(self, request_fields: dict[str, Any], answer: dict[str, Any]) -> None:
        """Store a fresh `answer` by its id.

        A cached answer carries the id of the fresh one, stored when that was answered and
        expiring with its cache entry (same TTL): writing it again would double the Redis
        traffic of every cache hit for nothing.
        """
        verdict_id = answer.get("id")
        if isinstance(verdict_id, str) and not answer.get("cached"):
            self.store.set(_PREFIX + verdict_id, answer)

    def get(self, verdict_id: str) -> dict[str, Any] | None:
        """Return the stored verdict, or None once it expired or was never seen."""
        return self.store.get(_PREFIX + verdict_id)


def verdict_log_of() -> VerdictLog:
    """Return the current app's verdict log."""
    log: VerdictLog = current_app.extensions["darnel.verdict_log"]
    return log


@bp.get("/v1/verdicts/<verdict_id>")
def get_verdict(verdict_id: str) -> Response:
    """Return a recent verdict by id (the Akismet `X-akismet-guid`); 404 once expired."""
    found = verdict_log_of().get(verdict_id)
    if found is None:
        raise ApiError(404, "verdict_not_found", f"no recent verdict with id {verdict_id!r}")
    return jsonify(found)
