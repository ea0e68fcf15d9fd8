"""Count each key's calls per month and site, for Akismet's usage-limit and key-sites."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from service.keys.schema import api_key_usage

COUNTERS = ("api_calls", "spam", "ham", "missed_spam", "false_positives")


def current_month() -> str:
    """Return the current UTC month as "YYYY-MM"."""
    return datetime.now(UTC).strftime("%Y-%m")


def record(engine: Engine, key_id: int, site: str, month: str, **increments: int) -> None:
    """Add `increments` (counter name -> amount) to one key/month/site row.

    Update first, insert when the row is new; a concurrent insert of the same row loses
    the race with an IntegrityError, and then its update succeeds.
    """
    unknown = set(increments) - set(COUNTERS)
    if unknown:
        raise ValueError(f"unknown usage counters: {sorted(unknown)}")
    where = and_(
        api_key_usage.c.key_id == key_id,
        api_key_usage.c.month == month,
        api_key_usage.c.site == site,
    )
    values = {name: api_key_usage.c[name] + n for name, n in increments.items()}
    for _ in range(2):
        with engine.begin() as conn:
            if conn.execute(update(api_key_usage).where(where).values(**values)).rowcount:
                return
        row = {name: increments.get(name, 0) for name in COUNTERS}
        try:
            with engine.begin() as conn:
                conn.execute(
                    insert(api_key_usage).values(key_id=key_id, month=month, site=site, **row)
                )
            return
        except IntegrityError:
            continue


def month_calls(engine: Engine, key_id: int, month: str) -> int:
    """Return the key's API calls in `month` over all its sites."""
    with engine.connect() as conn:
        total = conn.execute(
            select(func.coalesce(func.sum(api_key_usage.c.api_calls), 0)).where(
                api_key_usage.c.key_id == key_id, api_key_usage.c.month == month
            )
        ).scalar()
    return int(total or 0)


def sites(engine: Engine, key_id: int, month: str) -> list[dict[str, Any]]:
    """Return the month's rows for a key, busiest site first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(api_key_usage)
            .where(api_key_usage.c.key_id == key_id, api_key_usage.c.month == month)
            .order_by(api_key_usage.c.api_calls.desc(), api_key_usage.c.site)
        ).all()
    return [{"site": r.site, **{name: int(getattr(r, name)) for name in COUNTERS}} for r in rows]
