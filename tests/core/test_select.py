"""Tests for service.core.select: indexes, span choice, and re-checks of lines."""

from __future__ import annotations

from collections.abc import Sequence

from service.core.combine import Scored
from service.core.select import HitIndex, RangeIndex, damp_short_and_alone, select_spans
from service.core.types import Candidate, Reason, RuleHit, Thresholds


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


_TH = Thresholds(review=0.5, block=0.8)


def _unit(start: int, text: str, score: float, rule: bool = False) -> Scored:
    reasons = (Reason("rule", "R", "r"),) if rule else (Reason("model", "injected-span", ""),)
    return Scored(_c(start, start + len(text), "sentence", text), score, reasons)


def test_a_short_sentence_flagged_alone_is_damped() -> None:
    out = damp_short_and_alone(
        [_unit(0, "Vino a casa.", 0.1), _unit(13, "Ah!", 0.8), _unit(17, "Se fue.", 0.1)], _TH
    )
    assert out[1].score == 0.4 and out[1].reasons[-1].id == "SHORT_ALONE"
    assert [s.score for s in (out[0], out[2])] == [0.1, 0.1]


def test_a_short_sentence_beside_a_flagged_one_stays_part_of_the_run() -> None:
    run = [_unit(0, "YES!", 0.7), _unit(5, "Txt CHAT to 86688 now!", 0.95)]
    assert [s.score for s in damp_short_and_alone(run, _TH)] == [0.7, 0.95]


def test_rule_evidence_and_length_keep_a_short_sentence_flagged() -> None:
    ruled = _unit(0, "XXX!", 0.9, rule=True)
    longer = _unit(10, "Work now.", 0.9)
    assert [s.score for s in damp_short_and_alone([ruled], _TH)] == [0.9]
    assert [s.score for s in damp_short_and_alone([longer], _TH)] == [0.9]


def test_two_han_characters_are_enough_to_stand_alone() -> None:
    han = Scored(
        Candidate(0, 2, "口射", "line", "Han", "zh", "zh", "Han", True, True, False, "", ""),
        0.9,
        (),
    )
    assert damp_short_and_alone([han], _TH)[0].score == 0.9
