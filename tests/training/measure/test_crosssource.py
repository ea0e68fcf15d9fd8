"""Tests for the cross-source measures: host choice, exact offsets, rates and F1."""

from __future__ import annotations

import random

from training.measure import crosssource
from training.measure.crosssource import Answer, Case
from training.prepare.snippets import Snippet

HOSTS = sorted(crosssource.HOST_FAMILY)


def test_host_relations() -> None:
    rng = random.Random(1)
    assert crosssource.host_for("en", "Latin", "own-language", HOSTS, rng) == "en"
    assert crosssource.host_for("sw", "Latin", "own-language", HOSTS, rng) is None
    for _ in range(50):
        same = crosssource.host_for("en", "Latin", "same-script", HOSTS, rng)
        assert same != "en" and crosssource.HOST_FAMILY[str(same)] == "Latin"
        other = crosssource.host_for("zh", "CJK", "other-script", HOSTS, rng)
        assert crosssource.HOST_FAMILY[str(other)] != "CJK"


def test_injected_cases_record_exact_offsets() -> None:
    # Distinct words, not numbers: near-copies that differ by a number share a split.
    words = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "su") for b in ("ta", "ri", "po", "ve")]
    rng = random.Random(0)

    def sents(prefix: str) -> list[str]:
        return [f"{prefix} {' '.join(rng.sample(words, 5))}." for _ in range(200)]

    sentences = {"en": sents("This is"), "ru": sents("Это"), "de": sents("Das ist")}
    # Every sentence is in some split; the test split keeps about a fifth of them.
    pieces = [
        Snippet(f"Cheap pills at pharma{i}.example now", "en", "src", "test") for i in range(9)
    ]
    cases = crosssource.injected_cases(pieces, sentences, seed=3)
    assert cases
    for c in cases:
        ((a, b),) = c.spans
        assert c.text[a:b].startswith("Cheap pills at pharma")
    assert {c.relation for c in cases} <= set(crosssource.RELATIONS)


def test_summary_counts_spans_found_and_clean_flagged() -> None:
    cases = [
        Case("x" * 20, ((5, 15),), "s", "own-language", True),
        Case("x" * 20, ((0, 10),), "s", "other-script", True),
        Case("clean text", (), "leipzig", "clean", False),
        Case("clean two", (), "leipzig", "clean", False),
    ]
    answers = [
        Answer(True, ((5, 11),)),  # 6 of 10 characters: found
        Answer(True, ((0, 4),)),  # 4 of 10: not found
        Answer(True, ((0, 3),)),
        Answer(False, ()),
    ]
    s = crosssource.summarise(cases, answers)
    assert s["injected_flagged"]["value"] == 1.0
    assert s["spans_found_own-language"]["k"] == 1
    assert s["spans_found_other-script"]["k"] == 0
    assert s["clean_flagged"]["k"] == 1 and s["clean_flagged"]["n"] == 2
    ch = s["span_chars"]
    assert ch["precision"] == 1.0 and ch["recall"] == 0.5
    lo, hi = s["clean_flagged"]["ci95"]
    assert 0.0 < lo < 0.5 < hi < 1.0


def test_pooled_adds_counts() -> None:
    a = {"injected_flagged": {"k": 1, "n": 2}}
    b = {"injected_flagged": {"k": 3, "n": 4}}
    got = crosssource.pooled({"a": a, "b": b})
    assert got["injected_flagged"]["k"] == 4 and got["injected_flagged"]["n"] == 6
