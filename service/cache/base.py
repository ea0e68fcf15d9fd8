"""Define the verdict-cache contract that every cache backend implements."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class CacheStats:
    """A snapshot of one cache's counters since it was built."""

    backend: str
    hits: int
    misses: int
    errors: int


@dataclass(frozen=True)
class Entry:
    """A stored value and the UTF-8 JSON it is stored as, to serve without encoding again."""

    value: dict[str, Any]
    body: bytes


class VerdictCache(Protocol):
    """Store JSON verdicts by key; a cache problem is never the caller's problem.

    Miss semantics: ``get`` returns None for an absent key, an expired entry and any
    backend failure (unreachable server, timeout, corrupt entry). No method raises
    because the backend failed; failures are logged and counted in ``stats().errors``.
    A failed ``get`` counts as both a miss and an error.
    """

    name: str

    def get(self, key: str) -> dict[str, Any] | None:
        """Return the stored value for ``key``, or None on a miss."""
        ...

    def get_entry(self, key: str) -> Entry | None:
        """Return the stored value with its stored JSON bytes, or None on a miss.

        Counts and fails exactly as ``get`` does; the body is what ``set`` stored, so a
        server can answer with it as it is.
        """
        ...

    def set(self, key: str, value: dict[str, Any], ttl: int | None = None) -> None:
        """Store ``value`` (a JSON object) for ``ttl`` seconds (None: the cache's default).

        A ``ttl`` below 1 stores nothing. A value that is not JSON-serialisable is
        logged, counted as an error and not stored.
        """
        ...

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        ...

    def clear(self) -> None:
        """Remove every entry this cache owns (and nothing else)."""
        ...

    def stats(self) -> CacheStats:
        """Return the current counters."""
        ...

    def error_count(self) -> int:
        """Return ``stats().errors`` alone, without building the snapshot (every check reads it)."""
        ...

    def ping(self) -> bool:
        """Say whether the backend answers now (always True for in-process backends)."""
        ...


class Counters:
    """Count hits, misses and errors safely from many request threads."""

    def __init__(self, backend: str) -> None:
        self._backend = backend
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0
        self._errors = 0

    def hit(self) -> None:
        """Count one hit."""
        with self._lock:
            self._hits += 1

    def miss(self) -> None:
        """Count one miss."""
        with self._lock:
            self._misses += 1

    def error(self) -> None:
        """Count one backend error."""
        with self._lock:
            self._errors += 1

    def errors(self) -> int:
        """Return the error count; one int read needs no lock."""
        return self._errors

    def snapshot(self) -> CacheStats:
        """Return the counters as an immutable value."""
        with self._lock:
            return CacheStats(self._backend, self._hits, self._misses, self._errors)


def encode(value: dict[str, Any]) -> str:
    """Serialise a cache value to canonical JSON; raise TypeError/ValueError if it can't."""
    if not isinstance(value, dict):
        raise TypeError(f"cache values are JSON objects, not {type(value).__name__}")
    # allow_nan=False: NaN is not JSON, and another reader of a shared Redis would choke.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_for_set(
    value: dict[str, Any], key: str, counters: Counters, logger: logging.Logger, label: str
) -> str | None:
    """Serialise a value about to be stored; if it is not JSON, count, log and return None."""
    try:
        return encode(value)
    except (TypeError, ValueError) as exc:
        counters.error()
        logger.warning("%s: value for %s is not storable as JSON: %s", label, key, exc)
        return None


def encode_bytes_for_set(
    value: dict[str, Any], key: str, counters: Counters, logger: logging.Logger, label: str
) -> bytes | None:
    """Serialise a value about to be stored to UTF-8 bytes, as encode_for_set does."""
    text = encode_for_set(value, key, counters, logger, label)
    return None if text is None else text.encode("utf-8")


def decode(raw: str | bytes) -> dict[str, Any]:
    """Parse a stored value; raise ValueError if it is not a JSON object."""
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError(f"cached value is a JSON {type(value).__name__}, not an object")
    return value
