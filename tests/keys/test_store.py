"""Tests for the SQL key store: shape, hashing, lookup, listing and revocation."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from service.db import open_database
from service.keys.model import looks_like_key
from service.keys.store import KeyStore


@pytest.fixture()
def store(tmp_path: Path) -> KeyStore:
    return KeyStore(open_database(f"sqlite:///{tmp_path / 'k.db'}"), lambda: "pepper")


def test_created_key_is_twelve_lowercase_alphanumerics(store: KeyStore) -> None:
    key, plain = store.create("Example.com", rate_limit=10)
    assert looks_like_key(plain) and len(plain) == 12
    assert key.site == "example.com" and key.rate_limit == 10 and not key.revoked
    assert store.lookup(plain) == key


def test_only_a_peppered_hash_is_stored(store: KeyStore, tmp_path: Path) -> None:
    _key, plain = store.create("example.com")
    with store.engine.connect() as conn:
        dumped = repr(conn.execute(text("SELECT * FROM api_keys")).all())
    assert plain not in dumped
    other = KeyStore(store.engine, lambda: "another pepper")
    assert other.lookup(plain) is None


def test_unknown_and_malformed_keys(store: KeyStore) -> None:
    assert store.lookup("abcdefghijkl") is None
    assert store.lookup("ABC") is None and store.lookup("") is None


def test_revoke_by_key_and_by_id(store: KeyStore) -> None:
    a, plain_a = store.create("a.example")
    b, _ = store.create("b.example")
    revoked = store.revoke(plain_a)
    assert revoked is not None and revoked.revoked
    assert store.lookup(plain_a) is not None and store.lookup(plain_a).revoked  # type: ignore[union-attr]
    by_id = store.revoke(str(b.id))
    assert by_id is not None and by_id.revoked
    assert store.revoke("999") is None and store.revoke("zzzzzzzzzzzz") is None
    assert [k.id for k in store.list()] == [a.id, b.id]


def test_bad_create_arguments(store: KeyStore) -> None:
    with pytest.raises(ValueError):
        store.create(" ")
    with pytest.raises(ValueError):
        store.create("x.example", rate_limit=0)
