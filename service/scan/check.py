"""Turn one export item into its report row by running it through the engine."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from service.core.engine import Engine
from service.core.errors import InputError
from service.runtime.verdict_json import new_verdict_id, verdict_to_json
from service.scan.export import ScanItem

log = logging.getLogger(__name__)


def check_item(item: ScanItem, engine: Engine) -> dict[str, Any]:
    """Return the item's report row: its verdict, score, flagged spans and rule ids.

    An item the engine refuses (empty, too long) gets a row with ``error`` instead; so
    does one the engine fails on, because one broken item must not stop a site's scan.
    """
    try:
        out = verdict_to_json(engine.check(item.text, fmt=item.format), new_verdict_id())
    except InputError as exc:
        return {"id": item.id, "where": item.where, "error": exc.message}
    except Exception:
        log.exception("scan: checking item %s failed", item.id)
        return {"id": item.id, "where": item.where, "error": "internal error checking this item"}
    spans = [
        {
            "start": s["start"],
            "end": s["end"],
            "text": s["text"],
            "reasons": [r["id"] for r in s["reasons"]],
        }
        for s in out["spans"]
    ]
    reasons = [*out["reasons"], *(r for s in out["spans"] for r in s["reasons"])]
    return {
        "id": item.id,
        "where": item.where,
        "verdict": out["verdict"],
        "score": out["score"],
        "language": out["language"],
        "spans": spans,
        # Rule ids apart from model and context reasons, for the report's "top rules".
        "rules": sorted({r["id"] for r in reasons if r["kind"] == "rule"}),
    }


def flagged(row: dict[str, Any]) -> bool:
    """Say whether a row belongs in a flagged-only report (not allowed, or not checkable)."""
    return row.get("verdict") != "allow"


def scan(
    items: list[ScanItem],
    engine: Engine,
    progress: Callable[[int, int], None] = lambda done, total: None,
    everything: bool = False,
) -> Iterator[dict[str, Any]]:
    """Check each item in this process; yield the flagged rows (every row with everything)."""
    for done, item in enumerate(items, start=1):
        row = check_item(item, engine)
        if everything or flagged(row):
            yield row
        progress(done, len(items))
