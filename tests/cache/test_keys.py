"""Tests for cache-key derivation."""

from __future__ import annotations

import re

import pytest

from service.cache.keys import cache_key

REQUEST = {"text": "Buy cheap 爱上海论坛 now", "format": "text", "language": "en", "site": "blog"}


def test_key_is_versioned_sha256_hex() -> None:
    assert re.fullmatch(r"v1:[0-9a-f]{64}", cache_key(REQUEST, "r-1", "m-1"))


def test_key_is_pinned() -> None:
    # Changing how keys are derived orphans every cached entry: do it on purpose, with
    # a new "v2:" prefix, not by accident.
    assert cache_key({"text": "héllo"}, "r-1", "m-1") == (
        "v1:907ffa5bddac148419d14fbf7dfc8895032d25677e6d72e1284dd5fd34435c78"
    )


def test_field_order_does_not_matter() -> None:
    reordered = dict(reversed(list(REQUEST.items())))
    assert cache_key(reordered, "r-1", "m-1") == cache_key(REQUEST, "r-1", "m-1")


def test_item_labels_and_none_do_not_change_the_key() -> None:
    base = cache_key(REQUEST, "r-1", "m-1")
    assert cache_key({**REQUEST, "content_id": "post-42"}, "r-1", "m-1") == base
    assert cache_key({**REQUEST, "author": None}, "r-1", "m-1") == base


@pytest.mark.parametrize(
    "change",
    [
        {"text": "Buy cheap 爱上海论坛 now!"},
        {"text": "buy cheap 爱上海论坛 now"},
        {"format": "html"},
        {"language": "zh"},
        {"site": "shop"},
        {"author": "mallory"},
        {"url": "https://example.com/"},
        {"ip": "192.0.2.1"},
        {"some_future_field": 1},
    ],
)
def test_every_other_field_changes_the_key(change: dict[str, object]) -> None:
    assert cache_key({**REQUEST, **change}, "r-1", "m-1") != cache_key(REQUEST, "r-1", "m-1")


def test_rules_or_model_version_changes_the_key() -> None:
    base = cache_key(REQUEST, "r-1", "m-1")
    assert cache_key(REQUEST, "r-2", "m-1") != base
    assert cache_key(REQUEST, "r-1", "m-2") != base


def test_versions_cannot_be_confused_with_each_other() -> None:
    assert cache_key(REQUEST, "a", "b") != cache_key(REQUEST, "b", "a")
