"""Exceptions the review store raises; the web layer maps each to a status code."""

from __future__ import annotations

from service.review.models import ReviewItem


class ReviewError(Exception):
    """Base of every review store error."""


class ItemNotFound(ReviewError):
    """No item has the requested id."""

    def __init__(self, item_id: int) -> None:
        super().__init__(f"review item {item_id} does not exist")
        self.item_id = item_id


class VersionConflict(ReviewError):
    """The item changed since the caller read it; `current` is its state now."""

    def __init__(self, current: ReviewItem, expected: int) -> None:
        super().__init__(
            f"review item {current.id} is at version {current.version}, not {expected}:"
            " someone else changed it"
        )
        self.current = current
        self.expected = expected


class NothingToUndo(ReviewError):
    """The item has no decision left to undo."""

    def __init__(self, item_id: int) -> None:
        super().__init__(f"review item {item_id} has no decision to undo")
        self.item_id = item_id


class StoreUnavailable(ReviewError):
    """The database is locked, unreachable or gone; the caller may retry later."""


class ItemNotQueued(ReviewError):
    """A verdict's review item could be neither stored nor durably spooled.

    The verdict must not be answered then: the caller would act on it while no moderator
    ever sees the item. The web layer answers 503 so the caller retries.
    """
