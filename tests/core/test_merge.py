"""Tests for service.core.merge: flagged spans side by side on a line become one."""

from __future__ import annotations

from service.core.combine import Scored
from service.core.merge import merge_adjacent
from service.core.types import Candidate, Reason


def _s(text: str, piece: str, score: float, rid: str, language: str = "en") -> Scored:
    a = text.index(piece)
    c = Candidate(a, a + len(piece), piece, "sentence", "Latin", language, "es", "Latin",
                  False, False, False, "", "")  # fmt: skip
    return Scored(c, score, (Reason("model", rid, ""),))


TEXT = "Vino a casa. WIN cash now. Call 0800 today!  Se fue.\nTxt STOP to end."


def test_spans_separated_by_blanks_on_a_line_become_one() -> None:
    spans = [
        _s(TEXT, "WIN cash now.", 0.7, "a"),
        _s(TEXT, "Call 0800 today!", 0.9, "b", language="und"),
        _s(TEXT, "Txt STOP to end.", 0.8, "a"),
    ]
    out = merge_adjacent(spans, TEXT)
    assert [s.candidate.text for s in out] == ["WIN cash now. Call 0800 today!", "Txt STOP to end."]
    merged = out[0]
    assert TEXT[merged.candidate.start : merged.candidate.end] == merged.candidate.text
    assert merged.score == 0.9 and [r.id for r in merged.reasons] == ["a", "b"]
    assert merged.candidate.language == "und"  # the longest piece's


def test_spans_with_words_between_them_stay_apart() -> None:
    spans = [_s(TEXT, "Vino a casa.", 0.6, "a"), _s(TEXT, "Call 0800 today!", 0.9, "b")]
    assert len(merge_adjacent(spans, TEXT)) == 2


def test_touching_and_overlapping_spans_merge() -> None:
    text = "垃圾广告。再来一条。"
    a = Scored(Candidate(0, 5, "垃圾广告。", "sentence", "Han", "zh", "zh", "Han", True, False,
                         False, "", ""), 0.8, ())  # fmt: skip
    b = Scored(Candidate(5, 10, "再来一条。", "sentence", "Han", "zh", "zh", "Han", False, False,
                         False, "", ""), 0.6, ())  # fmt: skip
    out = merge_adjacent([a, b], text)
    assert [(s.candidate.start, s.candidate.end, s.score) for s in out] == [(0, 10, 0.8)]
    assert merge_adjacent([], text) == []
