"""Run each rule's own examples against a compiled ruleset: the check reload and lint share."""

from __future__ import annotations

from service.core.errors import RuleFileError
from service.core.ruleset import Ruleset


def example_problems(ruleset: Ruleset) -> list[RuleFileError]:
    """Return a problem for each match example that misses and each no_match that hits."""
    problems: list[RuleFileError] = []
    for rule in ruleset.rules:
        for text in rule.match_examples:
            if not any(h.rule_id == rule.id for h in ruleset.match(text)):
                problems.append(RuleFileError(
                    rule.path, rule.line, f"{rule.id}: match example does not match: {text!r}"
                ))  # fmt: skip
        for text in rule.no_match_examples:
            if any(h.rule_id == rule.id for h in ruleset.match(text)):
                problems.append(RuleFileError(
                    rule.path, rule.line, f"{rule.id}: no_match example matches: {text!r}"
                ))  # fmt: skip
    return problems
