"""Derive a verdict's cache key from the request and the rule and model versions."""

from __future__ import annotations

import hashlib
import json
from typing import Any

# Fields that only label the item. Every other field is hashed, including ones this
# module has never heard of: a field we do not know may steer the verdict, and a
# needless miss is cheaper than serving a verdict computed for a different request.
IGNORED_FIELDS = frozenset({"content_id"})

KEY_VERSION = "v1"

# json.dumps with these options builds the same encoder on every call; one is enough.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


def cache_key(normalized_request: dict[str, Any], rules_version: str, model_version: str) -> str:
    """Return "v1:" + the sha256 hex of the verdict-relevant request and both versions.

    ``normalized_request`` must already have defaults filled in, so that an omitted
    field and its default produce the same key; a None value counts as omitted.
    Raises TypeError if a field value is not JSON-serialisable.
    """
    fields = {
        name: value
        for name, value in normalized_request.items()
        if name not in IGNORED_FIELDS and value is not None
    }
    # The versions are part of the hashed document, so a rules reload or a new model
    # yields new keys and old entries simply age out.
    document = {"request": fields, "rules": rules_version, "model": model_version}
    canonical = _CANONICAL.encode(document)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{KEY_VERSION}:{digest}"
