"""Build review items for tests from a small spans description."""

from __future__ import annotations

import itertools
from typing import Any

from service.review.models import NewItem
from service.review.rows import item_key

_ids = itertools.count(1)


def span(text: str, part: str, *rules: str) -> dict[str, Any]:
    """Return a check-API span covering the first occurrence of `part` in `text`."""
    start = text.index(part)
    return {
        "start": start,
        "end": start + len(part),
        "text": part,
        "language": "zh",
        "score": 0.9,
        "reasons": [{"kind": "rule", "id": r, "detail": "test"} for r in rules]
        + [{"kind": "context", "id": "FOREIGN_SCRIPT_ISLAND", "detail": "island"}],
    }


def new_item(
    text: str = "Nice walk. 爱上海论坛 here.",
    *,
    content_id: str | None = None,
    site: str | None = "news",
    rules: tuple[str, ...] = ("ZH_LOVE_CITY",),
    language: str = "en",
    verdict: str = "block",
    received_ms: int = 1_700_000_000_000,
) -> NewItem:
    """Return a NewItem whose one span is the Chinese island, flagged by `rules`."""
    vid = f"vd_test{next(_ids):08d}"
    spans = (span(text, "爱上海论坛", *rules),) if "爱上海论坛" in text else ()
    clean = text.replace("爱上海论坛", "").replace("  ", " ")
    return NewItem(
        key=item_key(site, content_id, vid),
        site=site,
        content_id=content_id,
        verdict_id=vid,
        text=text,
        language=language,
        verdict=verdict,
        score=0.9,
        spans=spans,
        reasons=(),
        clean_text=clean,
        rules_version="r-test",
        model_version="none",
        received_ms=received_ms,
    )
