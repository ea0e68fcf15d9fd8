"""Choose the spans to flag among scored candidates, in time linear in their number."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import replace

from service.core.combine import Scored, combine
from service.core.scripts import family, letter_count
from service.core.types import Candidate, Reason, RuleHit, Thresholds

_LINK_GROUPS = frozenset({"links", "contact"})

# Scores a batch of candidates with the span model (None when there is no model).
SpanModel = Callable[[Sequence[Candidate]], list[float]] | None


class HitIndex:
    """Rule hits sorted by start, so the hits inside a stretch are found by bisection."""

    def __init__(self, hits: Sequence[RuleHit]) -> None:
        self._hits = sorted(hits, key=lambda h: (h.start, h.end))
        self._starts = [h.start for h in self._hits]

    def inside(self, start: int, end: int) -> list[RuleHit]:
        """Return the hits lying wholly within [start, end)."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [h for h in self._hits[lo:hi] if h.end <= end]


class RangeIndex:
    """Half-open ranges sorted by start, answering "is [a, b) inside any of them?" fast."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [a for a, _ in ordered]
        # Running maximum of ends: some range starting at or before a reaches past b iff
        # the maximum end among all ranges starting at or before a does.
        self._max_end: list[int] = []
        best = -1
        for _, b in ordered:
            best = max(best, b)
            self._max_end.append(best)

    def covers(self, a: int, b: int) -> bool:
        """Tell whether some range contains [a, b)."""
        i = bisect.bisect_right(self._starts, a) - 1
        return i >= 0 and self._max_end[i] >= b


def select_spans(
    scored: Sequence[Scored],
    hits: HitIndex,
    th: Thresholds,
    span_model: SpanModel,
    recheck: bool = True,
) -> list[Scored]:
    """Pick flagged islands, then flagged lines and sentences not explained by them.

    A line holding a flagged island is flagged too only if what remains of it without the
    island is still spam (rules outside the island, and the model on the remaining text);
    those re-checks run as one batch. With `recheck` off (deadline reached) such a line is
    left to its islands.
    """
    islands = sorted(
        (s for s in scored if s.candidate.kind == "script_run" and s.score >= th.review),
        key=lambda s: s.candidate.start,
    )
    island_starts = [s.candidate.start for s in islands]
    chosen: dict[int, Scored] = {id(s): s for s in islands}
    pending: list[tuple[Scored, list[Scored], Candidate]] = []
    for s in scored:
        c = s.candidate
        if c.kind == "script_run" or s.score < th.review:
            continue
        lo = bisect.bisect_left(island_starts, c.start)
        hi = bisect.bisect_left(island_starts, c.end)
        inner = [i for i in islands[lo:hi] if i.candidate.end <= c.end]
        if not inner:
            chosen[id(s)] = s
        elif recheck:
            rest = _without(c, inner)
            if rest is not None:
                pending.append((s, inner, rest))
    if pending:
        probs = span_model([r for _, _, r in pending]) if span_model else None
        for k, (s, inner, rest) in enumerate(pending):
            outside = [
                h
                for h in hits.inside(s.candidate.start, s.candidate.end)
                if not any(i.candidate.start <= h.start < i.candidate.end for i in inner)
            ]
            p = probs[k] if probs is not None else None
            if combine(rest, outside, p).score >= th.review:
                for i in inner:
                    chosen.pop(id(i), None)
                chosen[id(s)] = s
    return sorted(chosen.values(), key=lambda s: s.candidate.start)


def _without(c: Candidate, inner: list[Scored]) -> Candidate | None:
    """Return the candidate with its flagged islands taken out, None when nothing is left."""
    pieces = []
    pos = c.start
    for i in inner:
        pieces.append(c.text[pos - c.start : i.candidate.start - c.start])
        pos = i.candidate.end
    pieces.append(c.text[pos - c.start :])
    rest = " ".join(p.strip() for p in pieces if p.strip())
    return replace(c, text=rest) if rest else None


# A sentence with fewer letters than this ("Ah!", "Да.") says too little for the model to
# call it spam on its own; it is flagged only as part of a flagged run of sentences.
MIN_LETTERS_ALONE = 4
# Scripts whose single characters are words or syllables: two of them can be a whole term.
_DENSE = frozenset({"CJK", "Hangul"})
SHORT_DAMPING = 0.5
_UNITS = frozenset({"line", "sentence"})


def damp_short_and_alone(scored: Sequence[Scored], th: Thresholds) -> list[Scored]:
    """Damp a flagged, very short sentence that no rule supports and no flagged sentence
    touches.

    The context head learnt that short pieces of split spam ("YES!", "Mks") belong to
    their run; among clean neighbours the same shape is an exclamation in prose (model
    1.6.0 flagged Spanish "Ah!" in 6 of 1,971 clean test documents).
    """
    units = sorted(
        (i for i, s in enumerate(scored) if s.candidate.kind in _UNITS),
        key=lambda i: scored[i].candidate.start,
    )
    out = list(scored)
    for j, i in enumerate(units):
        s = scored[i]
        c = s.candidate
        if s.score < th.review or any(r.kind == "rule" for r in s.reasons):
            continue
        floor = 2 if family(c.script) in _DENSE else MIN_LETTERS_ALONE
        if letter_count(c.text) >= floor:
            continue
        near = [units[k] for k in (j - 1, j + 1) if 0 <= k < len(units)]
        if any(scored[k].score >= th.review for k in near):
            continue
        reason = Reason("context", "SHORT_ALONE", "too short to judge without flagged neighbours")
        out[i] = Scored(c, round(s.score * SHORT_DAMPING, 4), (*s.reasons, reason))
    return out


def apply_vetoes(hits: Sequence[RuleHit]) -> list[RuleHit]:
    """Cancel the hits an allowlist (veto) hit accounts for; keep the vetoes themselves.

    A veto cancels every hit lying within it ("上海论坛" the conference cancels the
    city-plus-venue rule on those four characters, but not a longer "爱上海论坛" promo
    around them), and every link or contact hit containing it (a URL on an allowlisted
    domain). Its own score (0 or below) then dampens the candidate around it.
    """
    vetoes = sorted((h.start, h.end) for h in hits if h.veto)
    if not vetoes:
        return list(hits)
    containing = RangeIndex(vetoes)
    starts = [a for a, _ in vetoes]
    kept = []
    for h in hits:
        if not h.veto:
            if containing.covers(h.start, h.end):
                continue  # the hit lies within an allowlisted stretch
            if h.group in _LINK_GROUPS:
                lo, hi = bisect.bisect_left(starts, h.start), bisect.bisect_right(starts, h.end)
                if any(b <= h.end for _, b in vetoes[lo:hi]):
                    continue  # a link or contact on an allowlisted domain
        kept.append(h)
    return kept


def allowlisted(c: Candidate, hits: Sequence[RuleHit]) -> bool:
    """Tell whether allowlist hits cover every letter of a candidate."""
    covered = [False] * (c.end - c.start)
    for h in hits:
        if h.veto:
            for k in range(max(h.start, c.start), min(h.end, c.end)):
                covered[k - c.start] = True
    return any(covered) and all(
        done or not ch.isalnum() for done, ch in zip(covered, c.text, strict=True)
    )
