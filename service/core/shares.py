"""Estimate which languages a text is written in, by share of its letters."""

from __future__ import annotations

from collections.abc import Sequence

from service.core.scripts import letter_count
from service.core.types import Candidate, LanguageShare


def language_shares(
    text: str, language: str, islands: Sequence[Candidate]
) -> tuple[LanguageShare, ...]:
    """Give the document language the letters not inside islands of another script."""
    total = letter_count(text)
    if not total:
        return (LanguageShare(language, 1.0),)
    counts: dict[str, int] = {}
    island_letters = 0
    # A foreign sentence and the script runs inside it are both islands: count each letter
    # once (a Russian promo in an English comment once read as 100% Russian).
    covered = 0
    for c in sorted(islands, key=lambda c: (c.start, -c.end)):
        if c.end <= covered:
            continue
        n = letter_count(text[max(c.start, covered) : c.end])
        covered = c.end
        island_letters += n
        counts[c.language] = counts.get(c.language, 0) + n
    counts[language] = counts.get(language, 0) + max(0, total - island_letters)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(LanguageShare(lang, round(n / total, 4)) for lang, n in ordered if n)
