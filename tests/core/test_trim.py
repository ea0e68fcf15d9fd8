"""Tests for service.core.trim: host prose joined to a spam sentence is left out of its span."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from service.core import trim
from service.core.combine import Scored
from service.core.select import HitIndex
from service.core.trim import SpanModel, cut_points, extend_runs, trim_spans
from service.core.types import Candidate, Reason, RuleHit

SPAM = "Call Mobile Upd8 on freefone 08000839402 or 2StopTx"
HOST = "In this spirit, Canada must now make every effort to accelerate progress."
TEXT = f"Old news here. {SPAM} {HOST}"


def _scored(text: str, piece: str, kind: str = "sentence") -> Scored:
    a = text.index(piece)
    c = Candidate(a, a + len(piece), piece, kind, "Latin", "en", "en", "Latin",
                  False, False, False, text[max(0, a - 60) : a], "")  # fmt: skip
    return Scored(c, 0.9, (Reason("model", "injected-span", "p=0.90"),))


def _model(spammy: Sequence[str]) -> SpanModel:
    """A stand-in span model: a piece is spam when it holds one of the given words."""

    def score(cands: Sequence[Candidate]) -> list[float]:
        return [0.95 if any(w in c.text for w in spammy) else 0.001 for c in cands]

    return score


def test_cut_points_are_capitalised_words_after_open_words() -> None:
    text = "Reply 2StopTx In this spirit, Canada must. Then Go"
    points = [text[p : p + 3] for p in cut_points(text, 0, len(text))]
    # Not inside "2StopTx", after "spirit," (a comma closes a clause) or after "must.".
    assert points == ["In ", "Go"]


def test_a_change_of_script_after_a_blank_is_a_cut_point() -> None:
    text = "SMS 085337807887 MASTERTOGEL まだ腎臓の腫れは残っています (10p/min) 今年度"
    points = [text[p] for p in cut_points(text, 0, len(text))]
    # At MASTERTOGEL (a capital), まだ (Latin to Kana) and 今 (the last letter before it is
    # the n of "min"); not at the digits, which have no script.
    assert points == ["M", "ま", "今"]


def test_a_very_long_sentence_is_not_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trim, "MAX_CHARS", 40)
    s = _scored(TEXT, f"{SPAM} {HOST}")
    assert trim_spans([s], TEXT, _model(["freefone"]), 0.5, HitIndex([])) == [s]


def test_prose_after_an_unfinished_spam_message_is_left_out() -> None:
    s = _scored(TEXT, f"{SPAM} {HOST}")
    out = trim_spans([s], TEXT, _model(["freefone"]), 0.5, HitIndex([]))
    assert out[0].candidate.text == SPAM
    assert TEXT[out[0].candidate.start : out[0].candidate.end] == SPAM
    assert out[0].reasons[-1].id == "TRIMMED" and out[0].score == s.score


def test_the_start_of_a_sentence_is_never_left_out() -> None:
    # Words before the spam that read as clean are, in practice, a message's first words.
    text = "Mengenai Uang kontrakan kalau Artha Cell diskon HUB Sms 085335875777"
    s = _scored(text, text)
    assert trim_spans([s], text, _model(["diskon"]), 0.5, HitIndex([])) == [s]


def test_a_tail_the_model_doubts_at_all_stays_in_the_span() -> None:
    s = _scored(TEXT, f"{SPAM} {HOST}")

    def model(cands: Sequence[Candidate]) -> list[float]:
        return [0.95 if "freefone" in c.text else 0.02 for c in cands]

    assert trim_spans([s], TEXT, model, 0.5, HitIndex([])) == [s]


def test_nothing_is_cut_when_both_sides_read_as_spam_or_neither_does() -> None:
    s = _scored(TEXT, f"{SPAM} {HOST}")
    both = trim_spans([s], TEXT, _model(["freefone", "Canada"]), 0.5, HitIndex([]))
    assert both == [s]
    neither = trim_spans([s], TEXT, _model(["zzz"]), 0.5, HitIndex([]))
    assert neither == [s]


def test_a_rule_match_in_the_prose_side_keeps_the_sentence_whole() -> None:
    s = _scored(TEXT, f"{SPAM} {HOST}")
    a = TEXT.index("Canada")
    hit = RuleHit("EN_X", a, a + 6, 0.6, "test")
    out = trim_spans([s], TEXT, _model(["freefone"]), 0.5, HitIndex([hit]))
    assert out == [s]


def test_short_sides_and_islands_are_not_trimmed() -> None:
    text = "Call now 0800 free Txt Go Home"
    s = _scored(text, text)
    # "Go Home" has two words: too few to be read as prose on its own.
    assert trim_spans([s], text, _model(["0800"]), 0.5, HitIndex([])) == [s]
    island = _scored(TEXT, f"{SPAM} {HOST}", kind="script_run")
    assert trim_spans([island], TEXT, _model(["freefone"]), 0.5, HitIndex([])) == [island]


def _message_then_host(between: str) -> tuple[str, Scored, Scored]:
    """A spam sentence, then its message's last words run into a German host sentence."""
    last = "Send STOP to 62468 Es gab wirklich recht unverständliche Entscheidungen."
    text = f"Win a prize now!{between}{last}"
    return text, _scored(text, "Win a prize now!"), _scored(text, last)


def test_the_unflagged_end_of_a_flagged_message_is_added() -> None:
    text, first, second = _message_then_host(" ")
    out = extend_runs([first], [first, second], text, _model(["STOP", "prize"]), 0.5, HitIndex([]))
    assert [s.candidate.text for s in out] == ["Win a prize now!", "Send STOP to 62468"]
    assert [r.id for r in out[1].reasons] == ["injected-span", "TRIMMED"]
    assert out[1].score == 0.95


def test_a_sentence_is_not_extended_into_without_a_flagged_neighbour_on_its_line() -> None:
    text, first, second = _message_then_host("\n")
    model = _model(["STOP", "prize"])
    # A line break between them: the second line is its own finding or none.
    assert extend_runs([first], [first, second], text, model, 0.5, HitIndex([])) == [first]
    # Nothing flagged before it: a lone head is no run's end.
    assert extend_runs([], [first, second], text, model, 0.5, HitIndex([])) == []
    # The flagged sentence was itself trimmed: its end is prose, so is what follows.
    trimmed = Scored(replace(first.candidate, end=first.candidate.end - 5), 0.9, first.reasons)
    assert extend_runs([trimmed], [first, second], text, model, 0.5, HitIndex([])) == [trimmed]


def test_the_cuts_tried_per_check_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trim, "MAX_OPTIONS", 1)
    text = f"{SPAM} {HOST}\n{SPAM} {HOST}"
    first = _scored(text, f"{SPAM} {HOST}")
    second_start = text.index("\n") + 1
    second = Scored(
        replace(first.candidate, start=second_start, end=len(text), text=text[second_start:]),
        0.9,
        first.reasons,
    )
    scored: list[int] = []
    model = _model(["freefone"])

    def counting(cands: Sequence[Candidate]) -> list[float]:
        scored.append(len(cands))
        return model(cands)

    out = trim_spans([first, second], text, counting, 0.5, HitIndex([]))
    # The first sentence's cuts fill the budget; the second is left whole.
    assert out[0].candidate.text == SPAM and out[1] == second
    # One batch: the first sentence's cuts "Upd8"... "In" (not "Mobile": "Call" alone is
    # too short to keep), two pieces each.
    assert scored == [4]
