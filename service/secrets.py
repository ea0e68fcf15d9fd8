"""Provide the session-signing secret: from settings, else generated once per instance."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from service.config import Settings


def secret_key(settings: Settings) -> str:
    """Return the configured secret, or the instance's generated one (file mode 0600).

    A built-in default would let anyone forge moderator sessions, so none exists; the first
    start writes a random key into the instance folder and logs where.
    """
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.instance_dir / "secret_key"
    if path.exists():
        return path.read_text("utf-8").strip()
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key)
    import logging

    logging.getLogger(__name__).warning(
        "generated a secret key in %s; set DARNEL_SECRET_KEY in production", path
    )
    return key
