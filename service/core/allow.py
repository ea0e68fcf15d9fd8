"""Allowlists: a site's own terms found as veto hits, and what vetoes cancel."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from service.core.normalize import fold, normalize
from service.core.ranges import RangeIndex
from service.core.types import Candidate, RuleHit

SITE_ALLOW_ID = "SITE_ALLOWLIST"
_LINK_GROUPS = frozenset({"links", "contact"})


def site_allow_hits(text: str, allow: Sequence[str]) -> list[RuleHit]:
    """Return a veto hit for every occurrence of a site's allowlisted entry in text.

    Entries are matched on folded text (case, width and invisible characters ignored), so
    "Example.com" allows "EXAMPLE.COM"; each hit is mapped back to original offsets.
    """
    if not allow:
        return []
    norm = normalize(text)
    hits = []
    for entry in allow:
        needle = fold(entry)
        if not needle:
            continue
        pos = norm.text.find(needle)
        while pos >= 0:
            a, b = norm.original_span(pos, pos + len(needle))
            hits.append(
                RuleHit(SITE_ALLOW_ID, a, b, -0.5, "On this site's allowlist.", "allow", (), True)
            )
            pos = norm.text.find(needle, pos + len(needle))
    return hits


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
