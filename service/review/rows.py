"""Convert between review table rows and the model dataclasses."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import RowMapping

from service.review.models import (
    Action,
    Decision,
    NewItem,
    ReviewItem,
    SpanJson,
    Status,
)

KEY_LIMIT = 600


def item_key(site: str | None, content_id: str | None, verdict_id: str) -> str:
    """Return the upsert key: site + content id, else the verdict id (never collides)."""
    key = f"c:{site or ''}\x1f{content_id}" if content_id else f"v:{verdict_id}"
    if len(key) > KEY_LIMIT:
        # An absurdly long content id still needs a stable, unique-enough key.
        key = "h:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


def rule_ids_of(spans: Iterable[SpanJson]) -> tuple[str, ...]:
    """Return the sorted rule ids named by the spans' reasons."""
    return tuple(
        sorted(
            {
                str(r["id"])[:100]
                for s in spans
                for r in s.get("reasons", [])
                if isinstance(r, dict) and r.get("kind") == "rule" and r.get("id")
            }
        )
    )


def _clean(value: str) -> str:
    # PostgreSQL text cannot hold NUL; U+FFFD keeps every code-point offset valid.
    return value.replace("\x00", "\ufffd")


def item_values(item: NewItem) -> dict[str, Any]:
    """Return the column values of an item's content (not its review state)."""
    return {
        "item_key": item.key,
        "site": item.site[:200] if item.site else None,
        "content_id": item.content_id[:400] if item.content_id else None,
        "verdict_id": item.verdict_id[:64],
        "text": _clean(item.text),
        "language": item.language[:16],
        "verdict": item.verdict[:16],
        "score": float(item.score),
        "spans": json.dumps(list(item.spans), ensure_ascii=False),
        "reasons": json.dumps(list(item.reasons), ensure_ascii=False),
        "clean_text": _clean(item.clean_text),
        "rules_version": item.rules_version[:64],
        "model_version": item.model_version[:64],
        "received_ms": item.received_ms,
    }


def to_item(row: RowMapping) -> ReviewItem:
    """Build a ReviewItem from a review_items row."""
    spans = tuple(json.loads(row["spans"]))
    return ReviewItem(
        id=int(row["id"]),
        key=row["item_key"],
        site=row["site"],
        content_id=row["content_id"],
        verdict_id=row["verdict_id"],
        text=row["text"],
        language=row["language"],
        verdict=row["verdict"],
        score=float(row["score"]),
        spans=spans,
        reasons=tuple(json.loads(row["reasons"])),
        clean_text=row["clean_text"],
        rules_version=row["rules_version"],
        model_version=row["model_version"],
        received_ms=int(row["received_ms"]),
        updated_ms=int(row["updated_ms"]),
        status=Status(row["status"]),
        version=int(row["version"]),
        decided_by=row["decided_by"],
        decided_ms=None if row["decided_ms"] is None else int(row["decided_ms"]),
        rule_ids=rule_ids_of(spans),
    )


def to_decision(row: RowMapping) -> Decision:
    """Build a Decision from a review_decisions row."""
    return Decision(
        id=int(row["id"]),
        item_id=int(row["item_id"]),
        action=Action(row["action"]),
        moderator=row["moderator"],
        at_ms=int(row["at_ms"]),
        status_before=Status(row["status_before"]),
        status_after=Status(row["status_after"]),
        item_version=int(row["item_version"]),
        batch_id=row["batch_id"],
        undoes=None if row["undoes"] is None else int(row["undoes"]),
    )
