"""Tests for service.core.ranges."""

from service.core.ranges import RangeIndex


def test_range_index_covers_nested_and_overlapping_ranges() -> None:
    idx = RangeIndex([(0, 100), (10, 20), (50, 60)])
    assert idx.covers(55, 58) and idx.covers(70, 90) and not idx.covers(90, 110)
    assert not RangeIndex([]).covers(0, 1)
