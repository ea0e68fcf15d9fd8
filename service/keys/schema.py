"""Declare the keys component's tables and the migrations that create them."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)

from service.db import Migration

COMPONENT = "keys"
metadata = MetaData()

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(253), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(12), nullable=False),
    Column("rate_limit", Integer, nullable=True),
    Column("monthly_limit", Integer, nullable=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
)

# One row per key, calendar month (UTC, "YYYY-MM") and site that called with it.
api_key_usage = Table(
    "api_key_usage",
    metadata,
    Column("key_id", Integer, nullable=False),
    Column("month", String(7), nullable=False),
    Column("site", String(253), nullable=False),
    Column("api_calls", Integer, nullable=False, default=0),
    Column("spam", Integer, nullable=False, default=0),
    Column("ham", Integer, nullable=False, default=0),
    Column("missed_spam", Integer, nullable=False, default=0),
    Column("false_positives", Integer, nullable=False, default=0),
    PrimaryKeyConstraint("key_id", "month", "site"),
)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[api_keys])


def _v2(conn: Connection) -> None:
    metadata.create_all(conn, tables=[api_key_usage])


STEPS: list[Migration] = [
    (1, "api_keys: hashed per-site keys", _v1),
    (2, "api_key_usage: monthly calls per key and site", _v2),
]
