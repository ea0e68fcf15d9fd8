"""Value types that cross the review store's boundary: items, decisions, filters, pages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# A span as the check API returns it: start, end, text, language, score, reasons.
SpanJson = dict[str, Any]


class Status(StrEnum):
    """Where an item stands: waiting, or the moderator's last effective decision."""

    PENDING = "pending"
    SPAM = "spam"
    HAM = "ham"
    REMOVE_SPANS = "remove_spans"


class Action(StrEnum):
    """What a moderator can do to an item; `undo` reverts the last effective decision."""

    SPAM = "spam"
    HAM = "ham"
    REMOVE_SPANS = "remove_spans"
    UNDO = "undo"


DECIDING_ACTIONS = (Action.SPAM, Action.HAM, Action.REMOVE_SPANS)


@dataclass(frozen=True)
class NewItem:
    """A verdict to queue, built from a check request and its answer."""

    key: str
    site: str | None
    content_id: str | None
    verdict_id: str
    text: str
    language: str
    verdict: str
    score: float
    spans: tuple[SpanJson, ...]
    reasons: tuple[dict[str, Any], ...]
    clean_text: str
    rules_version: str
    model_version: str
    received_ms: int


@dataclass(frozen=True)
class ReviewItem(NewItem):
    """A queued verdict with its review state; `version` grows with every change.

    It carries every field of the NewItem it was queued from (one definition, so the two
    cannot drift), plus the state the queue adds.
    """

    id: int
    updated_ms: int
    status: Status
    version: int
    decided_by: str | None
    decided_ms: int | None
    rule_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """One audit row: who did what to which item, when, and the status it moved between."""

    id: int
    item_id: int
    action: Action
    moderator: str
    at_ms: int
    status_before: Status
    status_after: Status
    item_version: int
    batch_id: str | None
    undoes: int | None


@dataclass(frozen=True)
class DecisionRequest:
    """Decide one item, provided it is still at `version` (optimistic locking)."""

    item_id: int
    action: Action
    version: int


@dataclass(frozen=True)
class ItemFilter:
    """Narrow a listing; every field left None matches everything."""

    status: Status | None = None
    site: str | None = None
    language: str | None = None
    verdict: str | None = None
    rule_id: str | None = None
    since_ms: int | None = None
    until_ms: int | None = None


@dataclass(frozen=True)
class Page:
    """One page of items, oldest first, and the cursor of the next page (None at the end)."""

    items: tuple[ReviewItem, ...]
    next_cursor: str | None
    total: int | None = None


@dataclass(frozen=True)
class RuleStat:
    """How moderators decided the items a rule flagged: precision = spam / (spam + ham)."""

    rule_id: str
    spam: int
    ham: int

    @property
    def precision(self) -> float | None:
        """Return the share of decided items that were spam, None when nothing is decided."""
        n = self.spam + self.ham
        return self.spam / n if n else None
