"""Weigh rule hits, model scores and context into a score per candidate span."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.core.scripts import UNSPACED, family, script_of
from service.core.types import Candidate, Reason, RuleHit

# Context multiplies evidence, it never creates it: a Chinese name in an English article is
# not spam by itself, but a spam-looking Chinese run at a paragraph start, cut off from the
# sentence it precedes, is far more suspicious than the same words inside Chinese prose.
ISLAND_BOOST = 0.35
POSITION_BOOST = 0.15
ENCLOSED_DAMPING = 0.5
EMBEDDED_DAMPING = 0.7
_NEUTRAL = " \t0123456789"


@dataclass(frozen=True)
class Scored:
    """A candidate with its combined score and the evidence behind it."""

    candidate: Candidate
    score: float
    reasons: tuple[Reason, ...]


def is_island(c: Candidate) -> bool:
    """Tell whether a candidate is written in another script family than its document."""
    return c.doc_script != "Common" and family(c.script) != family(c.doc_script)


def _applies(hit: RuleHit, c: Candidate) -> bool:
    """Tell whether a rule's languages cover the candidate (or its document)."""
    if not hit.languages:
        return True
    return c.language in hit.languages or (c.language == "und" and c.doc_language in hit.languages)


def rule_evidence(c: Candidate, hits: Sequence[RuleHit]) -> tuple[float, list[Reason]]:
    """Combine the rules that matched a candidate (noisy-or, negatives dampen); the caller
    gives the hits that belong to it (`tiling.hits_by_atom`)."""
    best: dict[str, RuleHit] = {}
    for h in hits:
        if _applies(h, c):
            if h.rule_id not in best or abs(h.score) > abs(best[h.rule_id].score):
                best[h.rule_id] = h
    keep = 1.0
    damp = 1.0
    reasons: list[Reason] = []
    for h in sorted(best.values(), key=lambda x: (-x.score, x.rule_id)):
        if h.score > 0:
            keep *= 1.0 - min(h.score, 0.999)
        else:
            damp *= 1.0 + max(h.score, -1.0)
        reasons.append(Reason("rule", h.rule_id, h.description))
    return (1.0 - keep) * damp, reasons


def reads_as_part(c: Candidate) -> bool:
    """Tell whether an island sits inside its sentence rather than standing apart from it.

    Latin-script prose: words run on both sides ("the 上海 office"). Scripts written without
    spaces: the island touches a letter of the sentence with no space or punctuation
    between ("iPhoneを使って", "用Windows系统").
    """
    if c.at_paragraph_start or c.own_line:
        return False
    # Digits and spaces ("Windows 11を") belong to either side; look past them.
    before = c.left.rstrip(_NEUTRAL)[-1:]
    after = c.right.lstrip(_NEUTRAL)[:1]
    if family(c.doc_script) in UNSPACED:
        return (before.isalpha() and family(script_of(before)) != family(c.script)) or (
            after.isalpha() and family(script_of(after)) != family(c.script)
        )
    left = c.left.rstrip()
    right = c.right.lstrip()
    if not left or not right:
        return False
    return left[-1].isalnum() and (right[0].islower() or right[0].isdigit())


def combine(c: Candidate, hits: Sequence[RuleHit], model_p: float | None) -> Scored:
    """Score one candidate: rule evidence scaled by its context, joined with the model's.

    The labeller already read the context (island, position, brackets) among its
    features, so island and position boosts and the damping of a run that belongs to its
    sentence (brackets, no break around it) scale only the rules' evidence.
    """
    r, reasons = rule_evidence(c, hits)
    m = model_p if model_p is not None else 0.0
    if model_p is not None:
        reasons.append(Reason("model", "injected-span", f"p={model_p:.2f}"))
    boost = damp = 1.0
    if is_island(c):
        lang = c.language if c.language != "und" else c.script
        doc = c.doc_language if c.doc_language != "und" else c.doc_script
        if c.enclosed:
            damp = ENCLOSED_DAMPING
            reasons.append(Reason("context", "ENCLOSED", f"{lang} run in brackets or quotes"))
        elif reads_as_part(c):
            damp = EMBEDDED_DAMPING
            reasons.append(
                Reason("context", "EMBEDDED", f"{lang} run reads as part of the sentence")
            )
        else:
            boost = 1.0 + ISLAND_BOOST
            reasons.append(
                Reason("context", "FOREIGN_SCRIPT_ISLAND", f"{lang} run inside {doc} text")
            )
            if c.at_paragraph_start or c.own_line:
                boost *= 1.0 + POSITION_BOOST
                where = "own line" if c.own_line else "paragraph start"
                reasons.append(Reason("context", "POSITION", where))
    rules_part = min(1.0, r * boost * damp)
    # The labeller read the same context (island, brackets, position) among its features:
    # its probability is taken as it is.
    score = 1.0 - (1.0 - rules_part) * (1.0 - m)
    return Scored(c, round(max(0.0, min(1.0, score)), 4), tuple(reasons))
