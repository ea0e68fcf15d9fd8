"""Find a site's own allowlisted terms and domains in a text, as veto hits."""

from __future__ import annotations

from collections.abc import Sequence

from service.core.normalize import fold, normalize
from service.core.types import RuleHit

SITE_ALLOW_ID = "SITE_ALLOWLIST"


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
