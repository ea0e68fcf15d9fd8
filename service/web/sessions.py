"""Sign session cookies with one serializer per secret, built once instead of per request."""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, reusing the signing serializer while the keys hold.

    Flask opens the session on every request, API calls included, and builds a new
    serializer each time: about 10 µs a request here, for API calls that never use it.
    """

    def __init__(self) -> None:
        self._made: tuple[tuple[object, ...], URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Return the serializer for the app's current secret key and fallbacks."""
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made = self._made
        if made is None or made[0] != keys:
            # A changed key (or fallback list) builds a new one, as Flask would.
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]
