"""A typed Python client for Darnel's native check API (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any, Literal, NotRequired, TypedDict, cast
from urllib.parse import quote


class Reason(TypedDict):
    """Why a span or the whole text was flagged."""

    kind: str
    id: str
    detail: str


class Span(TypedDict):
    """A flagged run of the text; `text[start:end]` in code points."""

    start: int
    end: int
    text: str
    language: str
    score: float
    reasons: list[Reason]


class Verdict(TypedDict):
    """The answer to one check (see API.md)."""

    id: str
    verdict: Literal["allow", "review", "block"]
    score: float
    language: str
    languages: list[dict[str, Any]]
    spans: list[Span]
    reasons: list[Reason]
    clean_text: str
    cached: bool
    versions: dict[str, str]
    partial: NotRequired[bool]
    item_id: NotRequired[str | int]


class Item(TypedDict, total=False):
    """One batch item; only `text` is required."""

    id: str | int
    text: str
    format: Literal["text", "html"]
    language: str
    site: str
    content_id: str


class ItemError(TypedDict):
    """A batch item that could not be checked."""

    item_id: str | int
    error: dict[str, str]


class DarnelError(Exception):
    """The server refused a request; carries the status, the error code and Retry-After."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after


class Client:
    """Talk to one Darnel server: `Client("https://darnel.example", key="...")`."""

    def __init__(self, base_url: str, key: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.timeout = timeout

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json; charset=utf-8")
        if self.key:
            req.add_header("X-Darnel-Key", self.key)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            raise _error_from(exc) from None

    def check(
        self, text: str, *, format: Literal["text", "html"] = "text", **fields: str
    ) -> Verdict:
        """Check one text; `fields` are the optional contract fields (language, site, ...)."""
        return cast(
            Verdict, self._call("POST", "/v1/check", {"text": text, "format": format, **fields})
        )

    def check_batch(self, items: Iterable[Item]) -> list[Verdict | ItemError]:
        """Check many items in one request; results come back in the items' order."""
        body = self._call("POST", "/v1/check/batch", {"items": list(items)})
        return cast(list[Verdict | ItemError], body["results"])

    def verdict(self, verdict_id: str) -> Verdict:
        """Fetch a recent verdict by id (for example an Akismet X-akismet-guid)."""
        return cast(Verdict, self._call("GET", f"/v1/verdicts/{quote(verdict_id, safe='')}"))

    def health(self) -> bool:
        """Say whether the server answers /healthz with 200."""
        try:
            self._call("GET", "/healthz")
        except (DarnelError, OSError):
            return False
        return True


def _error_from(exc: urllib.error.HTTPError) -> DarnelError:
    """Turn an HTTP error answer into DarnelError, reading the JSON error shape if present."""
    raw = exc.read()
    code, message = "http_error", raw.decode("utf-8", "replace")[:200]
    try:
        err = json.loads(raw)["error"]
        code, message = str(err["code"]), str(err["message"])
    except (ValueError, KeyError, TypeError):
        pass
    retry = exc.headers.get("Retry-After")
    return DarnelError(exc.code, code, message, int(retry) if retry and retry.isdigit() else None)
