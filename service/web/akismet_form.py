"""Decode an Akismet request's form fields in the charset the client declared."""

from __future__ import annotations

import codecs
from urllib.parse import unquote_to_bytes

from flask import request

DEFAULT_CHARSET = "utf-8"


def _pairs(raw: bytes) -> list[tuple[bytes, bytes]]:
    out = []
    for part in raw.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        out.append(
            (
                unquote_to_bytes(name.replace(b"+", b" ")),
                unquote_to_bytes(value.replace(b"+", b" ")),
            )
        )
    return out


def _usable(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip('"')).name
    except LookupError:
        return None


def decode_form(raw: bytes, content_type_charset: str | None) -> dict[str, str]:
    """Parse `application/x-www-form-urlencoded` bytes into fields (first value wins).

    The charset is the Content-Type's, else the form's own `blog_charset` field (how
    the Akismet API lets a blog declare its encoding), else UTF-8. Undecodable bytes
    become U+FFFD rather than failing the request: a spam check on slightly damaged
    text is better than none.
    """
    pairs = _pairs(raw)
    declared = next((v for n, v in pairs if n == b"blog_charset"), b"")
    charset = (
        _usable(content_type_charset)
        or _usable(declared.decode("ascii", "ignore"))
        or DEFAULT_CHARSET
    )
    fields: dict[str, str] = {}
    for name, value in pairs:
        key = name.decode(charset, "replace")
        fields.setdefault(key, value.decode(charset, "replace"))
    return fields


def request_fields() -> dict[str, str]:
    """Return the current request's fields: the query string, then the form body over it."""
    fields = decode_form(request.query_string, None)
    if request.method == "POST":
        mimetype = (request.mimetype or "").lower()
        if mimetype in ("", "application/x-www-form-urlencoded"):
            body = decode_form(request.get_data(cache=True), request.mimetype_params.get("charset"))
            fields.update(body)
        elif mimetype == "multipart/form-data":
            # Multipart parts carry their own encodings; werkzeug decodes them as UTF-8.
            fields.update(request.form.to_dict())
    return fields
