"""Hash and verify passwords with scrypt (werkzeug.security), never storing them plainly."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

# Verified against when the account does not exist, so timing does not reveal user names.
_DUMMY = generate_password_hash("not-a-real-password", method="scrypt")


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of `password`."""
    return generate_password_hash(password, method="scrypt")


def verify_password(stored: str | None, password: str) -> bool:
    """Say whether `password` matches the stored hash (None: spend the same time, say no)."""
    if stored is None:
        check_password_hash(_DUMMY, password)
        return False
    return check_password_hash(stored, password)
