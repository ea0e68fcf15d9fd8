"""Turn an ItemFilter into one SQL condition over the review tables."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select, true

from service.review.migrations import item_rules, items
from service.review.models import ItemFilter


def matching(filt: ItemFilter) -> ColumnElement[bool]:
    """Return the WHERE condition selecting the items `filt` describes."""
    conds: list[ColumnElement[bool]] = [true()]
    if filt.status is not None:
        conds.append(items.c.status == filt.status.value)
    if filt.site is not None:
        conds.append(items.c.site == filt.site)
    if filt.language is not None:
        conds.append(items.c.language == filt.language)
    if filt.verdict is not None:
        conds.append(items.c.verdict == filt.verdict)
    if filt.rule_id is not None:
        conds.append(
            items.c.id.in_(select(item_rules.c.item_id).where(item_rules.c.rule_id == filt.rule_id))
        )
    if filt.since_ms is not None:
        conds.append(items.c.received_ms >= filt.since_ms)
    if filt.until_ms is not None:
        conds.append(items.c.received_ms < filt.until_ms)
    return and_(*conds)
