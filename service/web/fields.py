"""Refuse caller strings no field may hold, naming the field: the one boundary every endpoint uses.

A lone surrogate (JSON allows `"\\ud800"`, UTF-7 form bodies decode to one) cannot be
encoded as UTF-8: past this boundary it broke the cache key, the review store and the
JSON answer itself (HTTP 500, or a verdict whose queue item was dropped). Control
characters and unbounded lengths have no place in identifiers such as `site` or `ip`,
which end up in cache keys, metrics labels, logs and the review queue. Content fields
(`text`, a comment's body) may hold control characters: they are what is being judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from service.web.errors import ApiError

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_PLAIN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")

# Longest accepted value of each identifier-like field, in characters. Generous: they
# bound abuse (a megabyte `site` in every cache key), not what real callers send.
LIMITS: dict[str, int] = {
    "format": 16,
    "language": 35,  # the longest BCP 47 tags in use
    "site": 253,  # a DNS name
    "content_id": 512,
    "author": 512,
    "url": 4096,
    "ip": 64,  # IPv6 with a zone index
    "id": 512,  # a batch item's id
    "action": 32,
    # Akismet form fields
    "api_key": 128,
    "key": 128,
    "blog": 4096,
    "blog_lang": 64,
    "blog_charset": 64,
    "user_ip": 64,
    "user_agent": 4096,
    "referrer": 4096,
    "permalink": 4096,
    "comment_type": 64,
    "comment_author": 512,
    "comment_author_email": 512,
    "comment_author_url": 4096,
    "comment_post_ID": 512,
    "month": 16,
    "filter": 253,
    "limit": 32,
    "offset": 32,
    "is_test": 16,
}


def label(name: str) -> str:
    """Return a field name fit to quote in an error message, whatever bytes it holds."""
    return name.encode("ascii", "backslashreplace").decode("ascii")[:120]


def _code(name: str) -> str:
    """Return the error code for a field: `invalid_<name>` for a plain name."""
    return f"invalid_{name}" if _PLAIN_NAME.match(name) else "invalid_field"


def check_string(name: str, value: str, *, content: bool = False) -> None:
    """Raise ApiError (400) naming `name` when `value` may not be held by that field.

    Every field refuses lone surrogates; a field with a LIMITS entry (an identifier)
    also refuses control characters and values longer than its limit.
    """
    if not value.isascii():  # a surrogate is never ASCII: skip the search for most values
        m = _SURROGATE.search(value)
        if m is not None:
            raise ApiError(
                400, _code(name),
                f"field '{label(name)}' contains an unpaired surrogate "
                f"(U+{ord(m.group()):04X}) at index {m.start()}",
            )  # fmt: skip
    if content or name not in LIMITS:
        return
    m = _CONTROL.search(value)
    if m is not None:
        raise ApiError(
            400, _code(name),
            f"field '{label(name)}' contains a control character "
            f"(U+{ord(m.group()):04X}) at index {m.start()}",
        )  # fmt: skip
    if len(value) > LIMITS[name]:
        raise ApiError(
            400, _code(name),
            f"field '{label(name)}' is {len(value)} characters long; at most "
            f"{LIMITS[name]} are accepted",
        )  # fmt: skip


def check_tree(value: object, path: str) -> None:
    """Refuse a lone surrogate anywhere in a JSON value, object keys included."""
    if isinstance(value, str):
        if not value.isascii() and _SURROGATE.search(value):
            check_string(path, value, content=True)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_tree(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            check_tree(str(key), inner)
            check_tree(item, inner)


def check_fields(
    fields: Mapping[str, object], content: Iterable[str] = (), skip: Iterable[str] = ()
) -> None:
    """Check every field of a request body or form: the boundary each endpoint calls.

    `content` names fields holding the text to judge (surrogates refused, nothing else);
    `skip` names fields checked later one by one (a batch's items, each with its own
    error result).
    """
    content, skip = frozenset(content), frozenset(skip)
    for name, value in fields.items():
        check_tree(name, label(name))
        if name in skip:
            continue
        if isinstance(value, str):
            check_string(name, value, content=name in content)
        else:
            check_tree(value, name)
