"""Value types that cross module boundaries in the detection core."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Action(enum.StrEnum):
    """What the caller should do with the content."""

    ALLOW = "allow"
    REVIEW = "review"
    BLOCK = "block"


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: kind is rule, model, context or language."""

    kind: str
    id: str
    detail: str


@dataclass(frozen=True)
class RuleHit:
    """A rule that matched, with its offsets in the ORIGINAL text (end exclusive)."""

    rule_id: str
    start: int
    end: int
    score: float
    description: str
    group: str = "default"
    languages: tuple[str, ...] = ()  # empty: applies to every language
    veto: bool = False  # an allowlist hit: cancels the hits it overlaps


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs: allow below review, review below block."""

    review: float = 0.5
    block: float = 0.8


@dataclass(frozen=True)
class Candidate:
    """A stretch of the original text that may be injected spam, with its context."""

    start: int
    end: int
    text: str
    kind: str  # "script_run" (an island of another script), "sentence", "line" or "document"
    script: str  # dominant script group of the candidate: Latin, Han, Kana, Hangul, Thai, ...
    language: str  # per-candidate language code, "und" when it cannot be told
    doc_language: str
    doc_script: str
    at_paragraph_start: bool
    own_line: bool
    enclosed: bool  # inside parentheses, brackets or quotes
    left: str  # up to 60 characters of original text before the candidate
    right: str  # up to 60 characters after


@dataclass(frozen=True)
class Span:
    """A flagged stretch of the original text."""

    start: int
    end: int
    text: str
    language: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class LanguageShare:
    """A language and the share of the text's letters written in it."""

    language: str
    share: float


@dataclass(frozen=True)
class Verdict:
    """The whole answer for one text, traceable to its rules and model versions."""

    verdict: Action
    score: float
    language: str
    languages: tuple[LanguageShare, ...]
    spans: tuple[Span, ...]
    reasons: tuple[Reason, ...]
    clean_text: str
    rules_version: str
    model_version: str
    partial: bool = False
    extra: dict[str, str] = field(default_factory=dict)
