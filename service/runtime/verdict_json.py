"""Render a core Verdict as the API contract's JSON object."""

from __future__ import annotations

import os
import time
from typing import Any

from service.core.types import Verdict

_B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_verdict_id() -> str:
    """Return a sortable unique id: `vd_` + 48-bit milliseconds + 80 random bits (ULID form)."""
    n = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_B32[n & 31])
        n >>= 5
    return "vd_" + "".join(reversed(chars))


def verdict_to_json(v: Verdict, verdict_id: str) -> dict[str, Any]:
    """Build the response body for a fresh verdict (`cached` is false)."""
    return {
        "id": verdict_id,
        "verdict": v.verdict.value,
        "score": v.score,
        "language": v.language,
        "languages": [{"language": s.language, "share": s.share} for s in v.languages],
        "spans": [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "language": s.language,
                "score": s.score,
                "reasons": [{"kind": r.kind, "id": r.id, "detail": r.detail} for r in s.reasons],
            }
            for s in v.spans
        ],
        "reasons": [{"kind": r.kind, "id": r.id, "detail": r.detail} for r in v.reasons],
        "clean_text": v.clean_text,
        "cached": False,
        "partial": v.partial,
        "versions": {"rules": v.rules_version, "model": v.model_version},
    }
