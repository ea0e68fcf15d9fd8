"""The review store on SQLAlchemy Core: SQLite by default, PostgreSQL (or any URL) by URL."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, and_, case, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from service.db import migrate
from service.review import deciding
from service.review.errors import ItemNotFound, StoreUnavailable
from service.review.migrations import STEPS, decisions, item_rules, items
from service.review.models import (
    Decision,
    DecisionRequest,
    ItemFilter,
    NewItem,
    Page,
    ReviewItem,
    RuleStat,
    Status,
)
from service.review.queries import matching
from service.review.rows import item_values, rule_ids_of, to_decision, to_item

# How long the verdict hook waits for a locked database before buffering the item instead:
# a check must answer within its deadline even while a long bulk decision holds the lock.
INTAKE_LOCK_WAIT_MS = 300
MAX_BATCH = 10_000


class SqlReviewStore:
    """A ReviewStore on one SQLAlchemy engine (see base.ReviewStore for the contract)."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self._clock = clock
        self._sqlite = engine.dialect.name == "sqlite"

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    @contextmanager
    def _tx(self, write: bool, lock_wait_ms: int | None = None) -> Iterator[Connection]:
        """Open a transaction; translate connection and lock failures to StoreUnavailable."""
        try:
            with self.engine.begin() as conn:
                if self._sqlite and lock_wait_ms is not None:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(lock_wait_ms)}")
                if write and self._sqlite:
                    # Take the write lock first: a read-then-write WAL transaction would
                    # otherwise fail at once (SQLITE_BUSY_SNAPSHOT) if another writer won.
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                elif lock_wait_ms is not None and not self._sqlite:
                    conn.execute(text(f"SET LOCAL lock_timeout = '{int(lock_wait_ms)}ms'"))
                try:
                    yield conn
                finally:
                    if self._sqlite and lock_wait_ms is not None:
                        conn.exec_driver_sql("PRAGMA busy_timeout=10000")
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise StoreUnavailable(f"review database unavailable: {exc.orig}") from exc

    def ping(self) -> None:
        """Run one trivial query; raises StoreUnavailable when the database cannot answer."""
        with self._tx(write=False, lock_wait_ms=500) as conn:
            conn.execute(text("SELECT 1"))

    def ensure_schema(self) -> None:
        """Create or migrate the review tables."""
        try:
            migrate(self.engine, "review", STEPS)
        except DBAPIError as exc:
            raise StoreUnavailable(f"review database unavailable: {exc.orig}") from exc

    def _upsert_in(self, conn: Connection, item: NewItem, now: int) -> int:
        values = item_values(item)
        old = conn.execute(
            select(items.c.id, items.c.text, items.c.status, items.c.version)
            .where(items.c.item_key == item.key)
            .with_for_update()
        ).first()
        if old is None:
            inserted = conn.execute(
                items.insert().values(
                    **values, updated_ms=now, status=Status.PENDING.value, version=1
                )
            ).inserted_primary_key
            if inserted is None:
                raise StoreUnavailable("the database returned no id for a new review item")
            item_id = int(inserted[0])
        else:
            item_id = int(old.id)
            state: dict[str, object] = {"version": old.version + 1, "updated_ms": now}
            if old.text != values["text"]:
                # Edited content needs a fresh look; its earlier decisions stay in the log.
                state.update(status=Status.PENDING.value, decided_by=None, decided_ms=None)
            conn.execute(items.update().where(items.c.id == item_id).values(**values, **state))
            conn.execute(item_rules.delete().where(item_rules.c.item_id == item_id))
        rules = rule_ids_of(item.spans)
        if rules:
            conn.execute(item_rules.insert(), [{"item_id": item_id, "rule_id": r} for r in rules])
        return item_id

    def upsert(self, item: NewItem) -> ReviewItem:
        """Queue or update one item, waiting only briefly for a locked database."""
        for attempt in range(2):
            try:
                with self._tx(write=True, lock_wait_ms=INTAKE_LOCK_WAIT_MS) as conn:
                    item_id = self._upsert_in(conn, item, self._now_ms())
                    return deciding.lock_item(conn, item_id)
            except IntegrityError:
                # Two PostgreSQL workers inserted the same key at once; the second updates.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def upsert_many(self, batch: Sequence[NewItem]) -> int:
        """Upsert a batch in one transaction (spool replay, bulk imports)."""
        with self._tx(write=True, lock_wait_ms=INTAKE_LOCK_WAIT_MS) as conn:
            now = self._now_ms()
            for item in batch:
                self._upsert_in(conn, item, now)
        return len(batch)

    def get(self, item_id: int) -> ReviewItem:
        """Return one item; raises ItemNotFound."""
        with self._tx(write=False) as conn:
            row = conn.execute(select(items).where(items.c.id == item_id)).mappings().first()
        if row is None:
            raise ItemNotFound(item_id)
        return to_item(row)

    def list_items(self, filt: ItemFilter, cursor: str | None = None, limit: int = 50) -> Page:
        """Return a page of matching items, oldest first, after `cursor`."""
        after = 0
        if cursor:
            if not cursor.isdigit():
                raise ValueError(f"invalid cursor {cursor!r}")
            after = int(cursor)
        cond = matching(filt)
        with self._tx(write=False) as conn:
            rows = (
                conn.execute(
                    select(items)
                    .where(and_(cond, items.c.id > after))
                    .order_by(items.c.id)
                    .limit(limit + 1)
                )
                .mappings()
                .all()
            )
            total = conn.execute(select(func.count()).select_from(items).where(cond)).scalar()
        found = tuple(to_item(r) for r in rows[:limit])
        more = len(rows) > limit
        return Page(found, str(found[-1].id) if more and found else None, int(total or 0))

    def neighbours(self, item_id: int, filt: ItemFilter) -> tuple[int | None, int | None]:
        """Return the previous and next matching item ids around `item_id`."""
        cond = matching(filt)
        with self._tx(write=False) as conn:
            prev = conn.execute(
                select(func.max(items.c.id)).where(and_(cond, items.c.id < item_id))
            ).scalar()
            nxt = conn.execute(
                select(func.min(items.c.id)).where(and_(cond, items.c.id > item_id))
            ).scalar()
        return (None if prev is None else int(prev), None if nxt is None else int(nxt))

    def decide(self, req: DecisionRequest, moderator: str) -> ReviewItem:
        """Apply one decision in its own transaction."""
        with self._tx(write=True) as conn:
            return deciding.apply(conn, req, moderator, self._now_ms(), None)

    def decide_many(
        self, reqs: Sequence[DecisionRequest], moderator: str
    ) -> tuple[ReviewItem, ...]:
        """Apply every decision in ONE transaction, or none."""
        ids = [r.item_id for r in reqs]
        if len(set(ids)) != len(ids):
            raise ValueError("a bulk decision names the same item twice")
        if len(reqs) > MAX_BATCH:
            raise ValueError(f"a bulk decision holds at most {MAX_BATCH} items")
        batch_id = uuid.uuid4().hex
        with self._tx(write=True) as conn:
            now = self._now_ms()
            if not self._sqlite and ids:
                # Lock rows in id order so two overlapping bulks cannot deadlock.
                conn.execute(
                    select(items.c.id)
                    .where(items.c.id.in_(ids))
                    .order_by(items.c.id)
                    .with_for_update()
                ).all()
            return tuple(deciding.apply(conn, r, moderator, now, batch_id) for r in reqs)

    def history(self, item_id: int) -> tuple[Decision, ...]:
        """Return an item's decisions, oldest first."""
        with self._tx(write=False) as conn:
            if conn.execute(select(items.c.id).where(items.c.id == item_id)).first() is None:
                raise ItemNotFound(item_id)
            rows = (
                conn.execute(
                    select(decisions).where(decisions.c.item_id == item_id).order_by(decisions.c.id)
                )
                .mappings()
                .all()
            )
        return tuple(to_decision(r) for r in rows)

    def decided(self) -> Iterator[ReviewItem]:
        """Yield every decided item in id order, a few hundred rows per query."""
        after = 0
        while True:
            with self._tx(write=False) as conn:
                rows = (
                    conn.execute(
                        select(items)
                        .where(items.c.status != Status.PENDING.value, items.c.id > after)
                        .order_by(items.c.id)
                        .limit(500)
                    )
                    .mappings()
                    .all()
                )
            if not rows:
                return
            for r in rows:
                yield to_item(r)
            after = int(rows[-1]["id"])

    def rule_stats(self) -> tuple[RuleStat, ...]:
        """Return decided spam/ham counts per rule id."""
        is_spam = items.c.status.in_([Status.SPAM.value, Status.REMOVE_SPANS.value])
        spam = func.sum(case((is_spam, 1), else_=0))
        ham = func.sum(case((items.c.status == Status.HAM.value, 1), else_=0))
        with self._tx(write=False) as conn:
            rows = conn.execute(
                select(item_rules.c.rule_id, spam, ham)
                .join(items, items.c.id == item_rules.c.item_id)
                .where(items.c.status != Status.PENDING.value)
                .group_by(item_rules.c.rule_id)
                .order_by(item_rules.c.rule_id)
            ).all()
        return tuple(RuleStat(str(r[0]), int(r[1] or 0), int(r[2] or 0)) for r in rows)
