"""Tests for service.core.select: indexes, span choice, and re-checks of lines."""

from __future__ import annotations

from collections.abc import Sequence

from service.core.combine import Scored
from service.core.select import HitIndex, RangeIndex, select_spans
from service.core.types import Candidate, RuleHit, Thresholds


def _c(start: int, end: int, kind: str, text: str = "x") -> Candidate:
    return Candidate(start, end, text, kind, "Latin", "en", "en", "Latin", False, False, False,
                     "", "")  # fmt: skip


def _hit(a: int, b: int) -> RuleHit:
    return RuleHit("R", a, b, 0.9, "R")


def test_hit_index_returns_hits_wholly_inside() -> None:
    idx = HitIndex([_hit(5, 9), _hit(0, 3), _hit(8, 12)])
    assert [(h.start, h.end) for h in idx.inside(0, 10)] == [(0, 3), (5, 9)]


def test_range_index_covers_nested_and_overlapping_ranges() -> None:
    idx = RangeIndex([(0, 100), (10, 20), (50, 60)])
    assert idx.covers(55, 58) and idx.covers(70, 90) and not idx.covers(90, 110)
    assert not RangeIndex([]).covers(0, 1)


def test_a_line_explained_by_its_island_is_not_flagged_too() -> None:
    island = Scored(_c(0, 5, "script_run", "爱上海论坛"), 0.99, ())
    line = Scored(_c(0, 40, "line", "爱上海论坛 Venture capital keeps flowing"), 0.7, ())
    calls: list[int] = []

    def model(cands: Sequence[Candidate]) -> list[float]:
        calls.append(len(cands))
        return [0.05 for _ in cands]  # the rest of the line is clean

    chosen = select_spans([island, line], HitIndex([]), Thresholds(), model)
    assert [s.candidate.kind for s in chosen] == ["script_run"] and calls == [1]


def test_a_line_still_spam_without_its_island_replaces_it() -> None:
    island = Scored(_c(0, 5, "script_run", "爱上海论坛"), 0.99, ())
    line = Scored(_c(0, 40, "line", "爱上海论坛 call 0906 now to win cash prize"), 0.95, ())
    chosen = select_spans(
        [island, line], HitIndex([]), Thresholds(), lambda cands: [0.97 for _ in cands]
    )
    assert [s.candidate.kind for s in chosen] == ["line"]


def test_past_the_deadline_lines_are_left_to_their_islands() -> None:
    island = Scored(_c(0, 5, "script_run"), 0.99, ())
    line = Scored(_c(0, 40, "line"), 0.95, ())
    chosen = select_spans([island, line], HitIndex([]), Thresholds(), None, recheck=False)
    assert [s.candidate.kind for s in chosen] == ["script_run"]
