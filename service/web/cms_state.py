"""The CMS component's per-app state (settings, limiter, key and feedback stores) and its accessor.

The component's blueprints read it through `cms_of()`; `cms.py` creates it and registers them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import Engine

from service.config import Settings
from service.db import open_database
from service.keys.akismet_reports import FeedbackStore
from service.keys.store import KeyStore
from service.keys.usage_buffer import UsageBuffer
from service.ratelimit.base import RateLimiter
from service.secrets import secret_key


@dataclass
class Cms:
    """The component's per-app state; the database opens on first use, not at startup."""

    settings: Settings
    limiter: RateLimiter
    _engine: Engine | None = None
    _keys: KeyStore | None = None
    _feedback: FeedbackStore | None = None
    _usage: UsageBuffer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def database(self) -> Engine:
        """Return the SQL engine of settings.db_url, opening it once."""
        with self._lock:
            if self._engine is None:
                self._engine = open_database(self.settings.db_url)
            return self._engine

    def keys(self) -> KeyStore:
        """Return the key store (peppered with the instance secret)."""
        engine = self.database()
        with self._lock:
            if self._keys is None:
                settings = self.settings
                self._keys = KeyStore(engine, lambda: secret_key(settings))
            return self._keys

    def feedback(self) -> FeedbackStore:
        """Return the Akismet feedback store."""
        engine = self.database()
        with self._lock:
            if self._feedback is None:
                self._feedback = FeedbackStore(engine)
            return self._feedback

    def usage(self) -> UsageBuffer:
        """Return the buffer that counts calls and writes them to the database each second."""
        with self._lock:
            if self._usage is None:
                self._usage = UsageBuffer(self.database)
            return self._usage


def cms_of(app: Flask | None = None) -> Cms:
    """Return the CMS state of `app` (default: the current app)."""
    state: Cms = (app or current_app).extensions["darnel.cms"]
    return state
