"""Tests for service.core.combine: evidence from rules and model, scaled by context."""

from __future__ import annotations

from service.core.combine import combine, is_island, rule_evidence
from service.core.types import Candidate, RuleHit


def _cand(text: str = "上海夜网", **kw: object) -> Candidate:
    base: dict[str, object] = dict(
        start=10, end=10 + len(text), text=text, kind="script_run", script="Han",
        language="zh", doc_language="en", doc_script="Latin", at_paragraph_start=True,
        own_line=False, enclosed=False, left="", right=" Venture capital",
    )  # fmt: skip
    base.update(kw)
    return Candidate(**base)  # type: ignore[arg-type]


def _hit(score: float, start: int = 10, end: int = 14, rid: str = "R", langs: tuple[str, ...] = ()):
    return RuleHit(rid, start, end, score, rid, "adult", langs)


def test_no_evidence_means_no_score_whatever_the_context() -> None:
    # Context multiplies evidence, never creates it: an island alone is not spam.
    assert combine(_cand(), [], None).score == 0.0
    assert combine(_cand(), [], 0.0).score == 0.0


def test_rules_combine_by_noisy_or_and_negatives_dampen() -> None:
    r, reasons = rule_evidence(_cand(), [_hit(0.5, rid="A"), _hit(0.5, rid="B")])
    assert abs(r - 0.75) < 1e-9 and [x.id for x in reasons] == ["A", "B"]
    damped, _ = rule_evidence(_cand(), [_hit(0.5, rid="A"), _hit(-0.5, rid="N")])
    assert abs(damped - 0.25) < 1e-9


def test_hits_of_other_languages_do_not_count() -> None:
    # Which hits belong to a candidate is the tiling's call (`hits_by_atom`), not this one's.
    assert rule_evidence(_cand(), [_hit(0.9, langs=("ja",))])[0] == 0.0
    assert rule_evidence(_cand(), [_hit(0.9, langs=("zh",))])[0] > 0.0


def test_an_island_at_a_paragraph_start_boosts_rules_but_brackets_damp() -> None:
    hit = [_hit(0.4)]
    standing = combine(_cand(), hit, None)
    bracketed = combine(_cand(enclosed=True, at_paragraph_start=False), hit, None)
    plain = combine(_cand(doc_script="Han", doc_language="zh"), hit, None)
    assert standing.score > plain.score > bracketed.score
    assert {r.id for r in standing.reasons} >= {"FOREIGN_SCRIPT_ISLAND", "POSITION"}
    assert any(r.id == "ENCLOSED" for r in bracketed.reasons)


def test_the_model_is_not_boosted_by_context_it_already_saw() -> None:
    assert combine(_cand(), [], 0.6).score == 0.6
    glued = _cand(at_paragraph_start=False, left="用", right="系统", doc_script="Kana")
    assert not is_island(glued)  # Han in a Japanese document is the document's own script


def test_a_run_glued_into_unspaced_text_reads_as_part_of_it() -> None:
    c = _cand("iPhone", script="Latin", doc_script="Kana", doc_language="ja",
              at_paragraph_start=False, left="ありません。", right="を使って")  # fmt: skip
    scored = combine(c, [_hit(0.6)], 0.0)
    # The rules' evidence is damped; the labeller's probability, which read the same
    # context, is not (see test_the_model_is_not_boosted_by_context_it_already_saw).
    assert any(r.id == "EMBEDDED" for r in scored.reasons) and scored.score < 0.6
    assert combine(c, [], 0.9).score == 0.9
