"""Record Akismet submit-spam/submit-ham reports as labelled examples and export them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
)

from service.db import Migration, SchemaOnce

COMPONENT = "akismet_feedback"
# A site owner's report is a good label, but any key holder can send one, so it counts
# for less than a moderator's decision (weight 1.0) until someone reviews it.
DEFAULT_WEIGHT = 0.5

metadata = MetaData()
akismet_feedback = Table(
    "akismet_feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False),
    Column("key_id", Integer, nullable=False),
    Column("site", String(253), nullable=False),
    Column("label", String(4), nullable=False),
    Column("text", Text, nullable=False),
    Column("language", String(16), nullable=False),
    Column("weight", Float, nullable=False),
    Column("content_id", String(200), nullable=True),
)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[akismet_feedback])


STEPS: list[Migration] = [(1, "akismet_feedback: labelled reports from Akismet clients", _v1)]


class FeedbackStore:
    """The feedback table of one database; the schema is migrated on first use."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._schema = SchemaOnce(engine, COMPONENT, STEPS)

    def ensure_schema(self) -> None:
        """Apply the akismet_feedback migrations once per store."""
        self._schema.ensure()

    def add(
        self,
        *,
        key_id: int,
        site: str,
        label: str,
        text: str,
        language: str,
        content_id: str | None = None,
        weight: float = DEFAULT_WEIGHT,
    ) -> int:
        """Store one report; return its row id. `label` is "spam" or "ham"."""
        if label not in ("spam", "ham"):
            raise ValueError(f"label must be spam or ham, not {label!r}")
        self.ensure_schema()
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(akismet_feedback)
                .values(
                    created_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    key_id=key_id,
                    site=site,
                    label=label,
                    text=text,
                    language=language,
                    weight=weight,
                    content_id=content_id,
                )
                .returning(akismet_feedback.c.id)
            )
            return int(result.scalar_one())


def iter_feedback(engine: Engine) -> Iterator[dict[str, Any]]:
    """Yield every report as a training JSONL row, as training/prepare/feedback.py reads it."""
    FeedbackStore(engine).ensure_schema()
    with engine.connect() as conn:
        rows = conn.execute(select(akismet_feedback).order_by(akismet_feedback.c.id))
        for r in rows:
            yield {
                "text": r.text,
                "label": r.label,
                "source": "akismet",
                "language": r.language,
                "weight": float(r.weight),
                "id": f"akismet-{r.id}",
            }
