"""Map a function over items in forked workers that inherit what the parent has loaded."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The function of the map in progress. Forked workers inherit it, so it may be a closure
# over loaded engines or models: only the items and the results are pickled.
_TASK: list[Callable[[Any], Any]] = []


def _call(item: Any) -> Any:
    return _TASK[0](item)


def fork_map(
    fn: Callable[[T], R], items: Sequence[T], workers: int, min_items: int, chunksize: int
) -> list[R]:
    """Return [fn(x) for x in items], in order; in `workers` forked processes unless there
    are fewer than `min_items` items (a pool costs more than it saves) or one worker."""
    if workers <= 1 or len(items) < min_items:
        return [fn(x) for x in items]
    _TASK[:] = [fn]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_call, items, chunksize=chunksize)
    finally:
        _TASK.clear()
