"""Shared helpers for CMS-component tests: isolated settings, keys, live servers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from service.config import load_settings
from service.db import open_database
from service.keys.store import KeyStore

SECRET = "test-pepper-not-secret"


def cms_overrides(tmp: Path, **extra: Any) -> dict[str, Any]:
    """Return settings overrides with a private database and a fixed secret (the pepper)."""
    return {
        "instance_dir": tmp,
        "database_url": f"sqlite:///{tmp / 'darnel.db'}",
        "secret_key": SECRET,
        "cache": "memory",
        **extra,
    }


def key_store(overrides: dict[str, Any]) -> KeyStore:
    """Return a store on the same database and pepper as a server built from `overrides`."""
    settings = load_settings(environ={}, overrides=overrides)
    return KeyStore(open_database(settings.db_url), lambda: SECRET)


def make_key(overrides: dict[str, Any], site: str = "example.com", **limits: int) -> str:
    """Create a key for `site` in the server's database and return its plaintext."""
    _key, plain = key_store(overrides).create(site, **limits)
    return plain


class RewriteTransport(httpx.BaseTransport):
    """Send every request to `base_url` instead, keeping path, query, body and Host.

    This is the test's stand-in for pointing rest.akismet.com's DNS at Darnel.
    """

    def __init__(self, base_url: str) -> None:
        self.target = httpx.URL(base_url)
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Rewrite scheme, host and port, then send."""
        request.url = request.url.copy_with(
            scheme=self.target.scheme, host=self.target.host, port=self.target.port
        )
        return self.inner.handle_request(request)

    def close(self) -> None:
        """Close the pooled connections."""
        self.inner.close()
