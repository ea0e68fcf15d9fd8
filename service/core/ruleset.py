"""Compile validated rules into a Ruleset that matches them all in one pass per engine."""

from __future__ import annotations

import re
from dataclasses import dataclass

import re2

from service.core.errors import RuleFileError
from service.core.evasion import Folded, fold_evasions, fold_term
from service.core.matching import (
    CONTACT_PATTERNS,
    KeywordMatcher,
    PatternError,
    RegexMatcher,
    compile_pattern,
)
from service.core.normalize import Normalized, normalize
from service.core.types import RuleHit, Thresholds

MATCHERS = ("keywords", "list", "phrase", "pattern", "domains", "contact")
_KEYWORD_KINDS = frozenset({"keywords", "list", "phrase", "domains"})
LIST_REF = re.compile(r"\{list:([a-z0-9][a-z0-9_\-]*)\}")


@dataclass(frozen=True)
class SiteSettings:
    """Per-site thresholds, enabled rule groups (None: all) and shadow mode."""

    thresholds: Thresholds
    groups: frozenset[str] | None
    shadow: bool
    allow: tuple[str, ...] = ()  # the site's own allowlisted terms and domains


@dataclass(frozen=True)
class Rule:
    """One validated rule, with the file and line it was defined at."""

    id: str
    description: str
    score: float
    languages: tuple[str, ...]  # empty: every language
    group: str
    kind: str
    value: str | tuple[str, ...]
    match_examples: tuple[str, ...]
    no_match_examples: tuple[str, ...]
    path: str
    line: int
    veto: bool = False  # allowlist: its hits cancel the hits they overlap


class Ruleset:
    """Compiled rules: one keyword automaton and one RE2 set over evasion-folded text."""

    def __init__(
        self,
        version: str,
        thresholds: Thresholds,
        rules: tuple[Rule, ...],
        sites: dict[str, SiteSettings],
        lists: dict[str, tuple[str, ...]],
    ) -> None:
        """Compile rules; raises RuleFileError for a pattern RE2 rejects."""
        self.version, self.thresholds, self.rules = version, thresholds, rules
        self._sites = sites
        terms: list[tuple[str, int]] = []
        patterns: list[tuple[str, int]] = []
        for i, rule in enumerate(rules):
            if rule.kind in _KEYWORD_KINDS:
                entries = (
                    lists[str(rule.value)]
                    if rule.kind in ("list", "domains")
                    else (rule.value if isinstance(rule.value, tuple) else (rule.value,))
                )
                terms.extend((fold_term(t), i) for t in entries)
            else:
                pattern = _expand(rule, lists)
                try:
                    compile_pattern(pattern)
                except PatternError as exc:
                    raise RuleFileError(rule.path, rule.line, str(exc)) from exc
                patterns.append((pattern, i))
        self._keywords = KeywordMatcher(terms)
        try:
            self._regexes = RegexMatcher(patterns)
        except PatternError as exc:
            first = rules[patterns[0][1]] if patterns else None
            raise RuleFileError(first.path if first else "-", 0, str(exc)) from exc

    def site(self, name: str | None) -> SiteSettings:
        """Return a site's settings, or the global defaults for an unknown or absent site."""
        default = SiteSettings(self.thresholds, None, False)
        return self._sites.get(name, default) if name else default

    def match(self, text: str, evasions: bool = True) -> list[RuleHit]:
        """Return every rule hit, with offsets into the original text, sorted by position.

        `evasions=False` matches the merely normalized text (for comparisons in tests).
        """
        folded: Folded | Normalized = fold_evasions(text) if evasions else normalize(text)
        seen: set[tuple[int, int, int]] = set()
        hits: list[RuleHit] = []
        for found in (self._keywords.find(folded.text), self._regexes.find(folded.text)):
            for index, fs, fe in found:
                start, end = folded.original_span(fs, fe)
                if (index, start, end) in seen or end <= start:
                    continue
                seen.add((index, start, end))
                r = self.rules[index]
                hits.append(
                    RuleHit(r.id, start, end, r.score, r.description, r.group, r.languages, r.veto)
                )
        hits.sort(key=lambda h: (h.start, h.end, h.rule_id))
        return hits


def _expand(rule: Rule, lists: dict[str, tuple[str, ...]]) -> str:
    """Turn a contact name or a pattern with {list:name} references into an RE2 pattern."""
    if rule.kind == "contact":
        return CONTACT_PATTERNS[str(rule.value)]

    def alternation(m: re.Match[str]) -> str:
        terms = sorted({fold_term(t) for t in lists[m.group(1)]}, key=len, reverse=True)
        return "(?:" + "|".join(re2.escape(t) for t in terms if t) + ")"

    return LIST_REF.sub(alternation, str(rule.value))


def empty_ruleset() -> Ruleset:
    """Return a ruleset with no rules and default thresholds."""
    return Ruleset("r-empty", Thresholds(), (), {}, {})
