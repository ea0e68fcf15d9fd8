"""Find the per-app runtime and cache that create_app attached."""

from __future__ import annotations

from typing import cast

from flask import Flask

from service.cache.base import VerdictCache
from service.runtime.runtime import Runtime


def runtime_of(app: Flask) -> Runtime:
    """Return the app's detection runtime."""
    return cast(Runtime, app.extensions["darnel.runtime"])


def cache_of(app: Flask) -> VerdictCache:
    """Return the app's verdict cache."""
    return cast(VerdictCache, app.extensions["darnel.cache"])
