"""Half-open ranges of a text, asked whether a stretch lies inside one of them."""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class RangeIndex:
    """Half-open ranges sorted by start, answering "is [a, b) inside any of them?" fast."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [a for a, _ in ordered]
        # Running maximum of ends: some range starting at or before a reaches past b iff
        # the maximum end among all ranges starting at or before a does.
        self._max_end: list[int] = []
        best = -1
        for _, b in ordered:
            best = max(best, b)
            self._max_end.append(best)

    def covers(self, a: int, b: int) -> bool:
        """Tell whether some range contains [a, b)."""
        i = bisect.bisect_right(self._starts, a) - 1
        return i >= 0 and self._max_end[i] >= b
