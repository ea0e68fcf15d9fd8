"""The review component's schema, as ordered migration steps for service.db.migrate."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from service.db import Migration

metadata = MetaData()

items = Table(
    "review_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # site + content id, or the verdict id when the caller gave no content id.
    Column("item_key", String(600), nullable=False, unique=True),
    Column("site", String(200)),
    Column("content_id", String(400)),
    Column("verdict_id", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("language", String(16), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("spans", Text, nullable=False),  # JSON list, as the check API returned it
    Column("reasons", Text, nullable=False),  # JSON list of document-level reasons
    Column("clean_text", Text, nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("received_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("decided_by", String(100)),
    Column("decided_ms", BigInteger),
)
Index("ix_review_items_status_id", items.c.status, items.c.id)
Index("ix_review_items_received", items.c.received_ms)

# One row per (item, rule id named by a span reason): the rule filter and precision table.
item_rules = Table(
    "review_item_rules",
    metadata,
    Column("item_id", Integer, ForeignKey("review_items.id"), primary_key=True),
    Column("rule_id", String(100), primary_key=True),
)
Index("ix_review_item_rules_rule", item_rules.c.rule_id)

# The audit log: append-only, never updated or deleted.
decisions = Table(
    "review_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("review_items.id"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("moderator", String(100), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("status_before", String(16), nullable=False),
    Column("status_after", String(16), nullable=False),
    Column("item_version", Integer, nullable=False),
    Column("batch_id", String(40)),
    Column("undoes", Integer),
)
Index("ix_review_decisions_item", decisions.c.item_id, decisions.c.id)


def _create_v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[items, item_rules, decisions])


STEPS: list[Migration] = [
    (1, "review items, their rule ids and the decision log", _create_v1),
]
