"""The review store protocol every backend implements (one contract suite tests them all)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from service.review.models import (
    Decision,
    DecisionRequest,
    ItemFilter,
    NewItem,
    Page,
    ReviewItem,
    RuleStat,
)


class ReviewStore(Protocol):
    """A durable queue of review items plus an append-only decision log.

    Every method raises `StoreUnavailable` when the database cannot be reached or stays
    locked; nothing is half-written in that case.
    """

    def ping(self) -> None:
        """Return when the database answers; raises StoreUnavailable when it does not."""

    def ensure_schema(self) -> None:
        """Create or migrate the tables (idempotent)."""

    def upsert(self, item: NewItem) -> ReviewItem:
        """Queue an item, or update the one with the same key (site + content id).

        A changed text sends a decided item back to `pending`; its decisions stay in the log.
        """

    def upsert_many(self, items: Sequence[NewItem]) -> int:
        """Upsert several items in one transaction; return how many were written."""

    def get(self, item_id: int) -> ReviewItem:
        """Return one item; raises ItemNotFound."""

    def list_items(self, filt: ItemFilter, cursor: str | None = None, limit: int = 50) -> Page:
        """Return items matching `filt`, oldest first, `limit` at a time after `cursor`.

        Raises ValueError for a cursor this store did not issue.
        """

    def neighbours(self, item_id: int, filt: ItemFilter) -> tuple[int | None, int | None]:
        """Return the ids of the previous and next items matching `filt` around `item_id`."""

    def decide(self, req: DecisionRequest, moderator: str) -> ReviewItem:
        """Apply one decision; raises ItemNotFound, VersionConflict or NothingToUndo."""

    def decide_many(
        self, reqs: Sequence[DecisionRequest], moderator: str
    ) -> tuple[ReviewItem, ...]:
        """Apply every decision in ONE transaction, or none of them (same errors as decide)."""

    def history(self, item_id: int) -> tuple[Decision, ...]:
        """Return an item's decisions, oldest first; raises ItemNotFound."""

    def decided(self) -> Iterator[ReviewItem]:
        """Yield every item whose status is a decision, in id order (for feedback export)."""

    def rule_stats(self) -> tuple[RuleStat, ...]:
        """Return spam/ham counts of decided items per rule id, rule ids sorted."""
