"""Run every shipped rule's own examples: match examples hit the rule, no_match ones don't."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.core.rulefiles import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
RULESET = load_ruleset(ROOT / "rules", ROOT / "tests" / "no-local-layer")
CASES = [
    (rule.id, text, expected)
    for rule in RULESET.rules
    for expected, texts in ((True, rule.match_examples), (False, rule.no_match_examples))
    for text in texts
]


@pytest.mark.parametrize(("rule_id", "text", "expected"), CASES)
def test_rule_example(rule_id: str, text: str, expected: bool) -> None:
    hits = [h for h in RULESET.match(text) if h.rule_id == rule_id]
    assert bool(hits) is expected
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)
