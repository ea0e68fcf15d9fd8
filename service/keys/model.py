"""Define an API key's value type and how plaintext keys are made and hashed."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

# WordPress's Akismet plugin only accepts 12 lowercase letters and digits.
KEY_LENGTH = 12
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_KEY_RE = re.compile(r"[a-z0-9]{12}")


@dataclass(frozen=True)
class ApiKey:
    """One stored key: never the plaintext, only its hash and a short prefix to show."""

    id: int
    site: str
    prefix: str
    rate_limit: int | None  # requests per minute; None: the service default
    monthly_limit: int | None  # reported by usage-limit; None: unlimited
    created_at: str
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        """Say whether the key has been revoked."""
        return self.revoked_at is not None


def generate_key() -> str:
    """Return a new random plaintext key (12 characters, about 62 bits)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(KEY_LENGTH))


def looks_like_key(text: str) -> bool:
    """Say whether `text` has the shape of a key (it may still be unknown)."""
    return _KEY_RE.fullmatch(text) is not None


def hash_key(pepper: str, key: str) -> str:
    """Return the stored form of a key: HMAC-SHA256 under the instance's secret pepper.

    The pepper lives outside the database, so a leaked table alone cannot be
    brute-forced through the (small) 12-character key space.
    """
    return hmac.new(pepper.encode("utf-8"), key.encode("utf-8"), hashlib.sha256).hexdigest()
