"""Apply moderator decisions inside an open transaction, with optimistic version checks."""

from __future__ import annotations

from sqlalchemy import Connection, and_, exists, select, update
from sqlalchemy.orm import aliased

from service.review.errors import ItemNotFound, NothingToUndo, VersionConflict
from service.review.migrations import decisions, items
from service.review.models import Action, Decision, DecisionRequest, ReviewItem, Status
from service.review.rows import to_decision, to_item


def lock_item(conn: Connection, item_id: int) -> ReviewItem:
    """Read an item, holding a row lock on PostgreSQL (SQLite holds the whole write lock)."""
    row = (
        conn.execute(select(items).where(items.c.id == item_id).with_for_update())
        .mappings()
        .first()
    )
    if row is None:
        raise ItemNotFound(item_id)
    return to_item(row)


def _effective(conn: Connection, item_id: int, limit: int) -> list[Decision]:
    """Return the item's latest decisions that no undo has reverted, newest first."""
    undo = aliased(decisions)
    rows = (
        conn.execute(
            select(decisions)
            .where(
                decisions.c.item_id == item_id,
                decisions.c.action != Action.UNDO.value,
                ~exists().where(undo.c.undoes == decisions.c.id),
            )
            .order_by(decisions.c.id.desc())
            .limit(limit)
        )
        .mappings()
        .all()
    )
    return [to_decision(r) for r in rows]


def apply(
    conn: Connection, req: DecisionRequest, moderator: str, now_ms: int, batch_id: str | None
) -> ReviewItem:
    """Apply one decision (or undo) and log it; raise instead of writing anything wrong."""
    item = lock_item(conn, req.item_id)
    if item.version != req.version:
        raise VersionConflict(item, req.version)
    undoes: int | None = None
    decided_by: str | None = moderator
    decided_ms: int | None = now_ms
    if req.action is Action.UNDO:
        effective = _effective(conn, item.id, 2)
        if not effective:
            raise NothingToUndo(item.id)
        last = effective[0]
        undoes = last.id
        new_status = last.status_before
        # The item shows whoever made the decision that is now in force again, if any.
        prev = effective[1] if len(effective) > 1 else None
        if new_status is Status.PENDING or prev is None:
            decided_by, decided_ms = None, None
        else:
            decided_by, decided_ms = prev.moderator, prev.at_ms
    else:
        new_status = Status(req.action.value)
    new_version = item.version + 1
    done = conn.execute(
        update(items)
        .where(and_(items.c.id == item.id, items.c.version == item.version))
        .values(
            status=new_status.value,
            version=new_version,
            decided_by=decided_by,
            decided_ms=decided_ms,
            updated_ms=now_ms,
        )
    )
    if done.rowcount != 1:
        # Unreachable while the row lock is held; kept so a lost update can never pass.
        raise VersionConflict(lock_item(conn, item.id), req.version)
    conn.execute(
        decisions.insert().values(
            item_id=item.id,
            action=req.action.value,
            moderator=moderator[:100],
            at_ms=now_ms,
            status_before=item.status.value,
            status_after=new_status.value,
            item_version=new_version,
            batch_id=batch_id,
            undoes=undoes,
        )
    )
    return lock_item(conn, item.id)
