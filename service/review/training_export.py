"""Write moderator decisions as labelled JSONL, the format training/prepare/feedback.py reads."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from service.review.models import ReviewItem, Status


def _spans(item: ReviewItem) -> list[dict[str, int]]:
    """Return the item's spans as valid, sorted [start, end) pairs of its text."""
    out = set()
    for s in item.spans:
        a, b = s.get("start"), s.get("end")
        if isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(item.text):
            out.add((a, b))
    return [{"start": a, "end": b} for a, b in sorted(out)]


def examples(item: ReviewItem) -> Iterator[dict[str, Any]]:
    """Yield the labelled examples one decided item teaches.

    `remove_spans` means the spans were spam but the rest is legitimate: the text is a spam
    example with its spans, and the clean text a ham example.
    """
    base = {"source": "moderator", "language": item.language or "und", "weight": 1.0}
    ident = f"review-{item.id}-v{item.version}"
    if item.status is Status.SPAM:
        yield {"text": item.text, "label": "spam", **base, "spans": _spans(item), "id": ident}
    elif item.status is Status.HAM:
        yield {"text": item.text, "label": "ham", **base, "spans": [], "id": ident}
    elif item.status is Status.REMOVE_SPANS:
        yield {"text": item.text, "label": "spam", **base, "spans": _spans(item), "id": ident}
        if item.clean_text.strip():
            yield {
                "text": item.clean_text,
                "label": "ham",
                **base,
                "spans": [],
                "id": ident + "-clean",
            }


def export(items: Iterable[ReviewItem], out: IO[str]) -> int:
    """Write one JSON line per example; return how many lines were written."""
    n = 0
    for item in items:
        for ex in examples(item):
            if not ex["text"].strip():
                continue  # the trainer rejects empty texts
            out.write(json.dumps(ex, ensure_ascii=False) + "\n")
            n += 1
    return n
