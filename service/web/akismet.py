"""Akismet-compatible endpoints (/1.1, /1.2) answering exactly as rest.akismet.com does."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from service.core.language import detect_document
from service.keys.model import ApiKey, looks_like_key
from service.keys.usage import current_month, month_calls, sites
from service.web.akismet_form import request_fields
from service.web.apikey import RateLimited, charge, count_call
from service.web.check import parse_check, run_check
from service.web.cms_state import cms_of
from service.web.errors import ApiError
from service.web.fields import check_fields

bp = Blueprint("akismet", __name__)

THANKS = "Thanks for making the web a better place."
DISCARD_SCORE = 0.9  # a block this sure is "blatant": the plugin may drop it unseen
_HTML = re.compile(r"<[a-zA-Z!/]")
_TRUE = ("1", "true", "yes", "on")
# Text being judged may hold control characters; every other form field is an identifier.
_CONTENT_FIELDS = ("comment_content",)


def _text(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, mimetype="text/plain", headers=headers or {})


class _Invalid(Exception):
    """The request carries no usable key; Akismet answers `invalid`, still with 200."""

    def __init__(self, help_text: str) -> None:
        super().__init__(help_text)
        self.help_text = help_text


def _key_from(fields: dict[str, str], *names: str) -> ApiKey:
    """Find the key in the form, else in the Host's first label (`<key>.rest.akismet.com`)."""
    given = next((fields[n].strip() for n in names if fields.get(n, "").strip()), "")
    if not given:
        label = request.host.split(".", 1)[0].lower()
        given = label if looks_like_key(label) and "." in request.host else ""
    if not given:
        raise _Invalid('Empty "api_key" value')
    key = cms_of().keys().lookup(given)
    if key is None:
        raise _Invalid("Invalid API key")
    if key.revoked:
        raise _Invalid("This API key has been revoked")
    return key


def _site_of(fields: dict[str, str], key: ApiKey) -> str:
    """Return the calling blog's host (the `blog` field), else the key's site."""
    blog = fields.get("blog", "").strip()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", blog.lower()).split("/", 1)[0].split(":", 1)[0]
    return host or key.site


def _content(fields: dict[str, str]) -> str:
    """Return the text to judge: the comment, else what the author and URL fields say."""
    text = fields.get("comment_content", "")
    if text.strip():
        return text
    parts = (
        fields.get(n, "") for n in ("comment_author", "comment_author_email", "comment_author_url")
    )
    return "\n".join(p for p in parts if p.strip())


def _language_hint(fields: dict[str, str]) -> str | None:
    """Turn `blog_lang` ("en_us" or "fr_ca, en") into the first ISO 639-1 code."""
    first = fields.get("blog_lang", "").split(",", 1)[0].strip().lower()
    code = re.split(r"[_-]", first, maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _guarded(view: Any) -> Any:
    """Wrap a view so a bad key answers `invalid` and a spent limit answers 429 text."""

    def wrapper() -> Response:
        try:
            fields = request_fields()
            # A UTF-7 or multipart body can decode to a lone surrogate; refuse it here.
            check_fields(fields, content=_CONTENT_FIELDS)
            result: Response = view(fields)
            return result
        except _Invalid as exc:
            return _text("invalid", headers={"X-akismet-debug-help": exc.help_text})
        except RateLimited as exc:
            return _text("rate limited", 429, {"Retry-After": str(exc.retry_after)})

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@bp.post("/1.1/verify-key")
@_guarded
def verify_key(fields: dict[str, str]) -> Response:
    """Answer `valid` for an active key, `invalid` (with a debug header) otherwise."""
    _key_from(fields, "key", "api_key")
    return _text("valid")


@bp.post("/1.1/comment-check")
@_guarded
def comment_check(fields: dict[str, str]) -> Response:
    """Answer `true` (spam) or `false`; X-akismet-guid names Darnel's stored verdict."""
    key = _key_from(fields, "api_key")
    charge(key)
    site = _site_of(fields, key)
    text = _content(fields)
    if not text.strip():
        count_call(key, site, ham=1)
        return _text("false")
    # Akismet has no size limit; judging the head of a huge comment beats refusing it.
    text = text[: current_app.extensions["darnel.settings"].max_chars]
    req = parse_check(
        {
            "text": text,
            "format": "html" if _HTML.search(text) else "text",
            "language": _language_hint(fields),
            "site": key.site,
        }
    )
    context = {
        "content_id": fields.get("comment_post_ID") or fields.get("permalink") or None,
        "author": fields.get("comment_author") or None,
        "url": fields.get("comment_author_url") or None,
        "ip": fields.get("user_ip") or None,
        "source": "akismet",
    }
    out = run_check(req, context)
    # "review" is uncertain: the plugin's spam folder is where a moderator looks again.
    spam = out["verdict"] in ("review", "block")
    count_call(key, site, **({"spam": 1} if spam else {"ham": 1}))
    headers = {"X-akismet-guid": out["id"]}
    if out["verdict"] == "block" and out["score"] >= DISCARD_SCORE:
        headers["X-akismet-pro-tip"] = "discard"
    return _text("true" if spam else "false", headers=headers)


def _submit(fields: dict[str, str], label: str) -> Response:
    key = _key_from(fields, "api_key")
    charge(key)
    site = _site_of(fields, key)
    count_call(key, site, **({"missed_spam": 1} if label == "spam" else {"false_positives": 1}))
    text = _content(fields)
    # is_test asks Akismet not to learn from the call; we keep that promise.
    if text.strip() and fields.get("is_test", "").lower() not in _TRUE:
        cms_of().feedback().add(
            key_id=key.id,
            site=site,
            label=label,
            text=text,
            language=detect_document(text),
            content_id=fields.get("comment_post_ID") or fields.get("permalink") or None,
        )
    return _text(THANKS)


@bp.post("/1.1/submit-spam")
@_guarded
def submit_spam(fields: dict[str, str]) -> Response:
    """Record a missed spam as a labelled example; answer Akismet's thanks."""
    return _submit(fields, "spam")


@bp.post("/1.1/submit-ham")
@_guarded
def submit_ham(fields: dict[str, str]) -> Response:
    """Record a false positive as a labelled example; answer Akismet's thanks."""
    return _submit(fields, "ham")


@bp.get("/1.2/usage-limit")
@_guarded
def usage_limit(fields: dict[str, str]) -> Response:
    """Answer this month's calls against the key's monthly quota, as Akismet does."""
    key = _key_from(fields, "api_key")
    # This worker's counts still waiting in memory are written first; other workers'
    # lag by at most a second (service/keys/usage_buffer.py).
    cms_of().usage().flush()
    usage = month_calls(cms_of().database(), key.id, current_month())
    limit = key.monthly_limit
    pct = 0.0 if not limit else 100.0 * usage / limit
    return jsonify(
        {
            "limit": limit if limit else "none",
            "usage": usage,
            "percentage": f"{pct:.2f}",
            "throttled": bool(limit and usage > limit),
        }
    )


@bp.get("/1.2/key-sites")
@_guarded
def key_sites(fields: dict[str, str]) -> Response:
    """List the sites that used the key in a month (default: this one), as Akismet does."""
    key = _key_from(fields, "api_key")
    month = fields.get("month") or current_month()
    if not re.fullmatch(r"\d{4}-\d{2}", month):
        raise ApiError(400, "invalid_month", "month must look like YYYY-MM")
    cms_of().usage().flush()
    rows = sites(cms_of().database(), key.id, month)
    if not any(r["site"] == key.site for r in rows):
        rows.append(
            {
                "site": key.site,
                "api_calls": 0,
                "spam": 0,
                "ham": 0,
                "missed_spam": 0,
                "false_positives": 0,
            }
        )
    wanted = fields.get("filter", "").lower()
    rows = [r for r in rows if wanted in r["site"]]
    limit = int(fields["limit"]) if fields.get("limit", "").isdigit() else 500
    offset = int(fields["offset"]) if fields.get("offset", "").isdigit() else 0
    page = [
        {**{k: str(v) if k != "site" else v for k, v in r.items()}, "is_revoked": key.revoked}
        for r in rows[offset : offset + limit]
    ]
    return jsonify({month: page, "limit": limit, "offset": offset, "total": len(rows)})
