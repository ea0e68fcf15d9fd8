"""Fold text for matching (NFKC, casefold, invisible characters dropped) with a map back."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Characters that render as nothing but split words for a matcher: zero-width spaces and
# joiners, directional marks, word joiner, invisible operators, BOM, soft hyphen, Mongolian
# vowel separator, variation selectors, and the tag block spammers use for hidden payloads.
_INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0x1BCA0, 0x1BCA3),
    (0xE0000, 0xE0FFF),
)


_INVISIBLE_BMP = frozenset(
    chr(cp) for lo, hi in _INVISIBLE_RANGES if hi <= 0xFFFF for cp in range(lo, hi + 1)
)


def is_invisible(ch: str) -> bool:
    """Return True for a character that is dropped before matching."""
    if ch in _INVISIBLE_BMP:
        return True
    cp = ord(ch)
    return cp > 0xFFFF and any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES)


# Runs of characters that fold to themselves (see _kind_table), copied in bulk.
_STABLE_RUN = re.compile(r"s{4,}")


@dataclass(frozen=True)
class Normalized:
    """Folded text plus, for each folded character, the original [start, end) it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    invisible_count: int

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded [start, end) back to original offsets covering the same characters."""
        if end <= start:
            anchor = (
                self.starts[start]
                if start < len(self.starts)
                else (self.ends[-1] if self.ends else 0)
            )
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]


def _clusters(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Split text[lo:hi] into base characters plus the combining marks that follow them."""
    out: list[tuple[int, int]] = []
    i, n = lo, hi
    combining = unicodedata.combining
    while i < n:
        j = i + 1
        while j < n and text[j] >= "\u0300" and combining(text[j]) and not is_invisible(text[j]):
            j += 1
        out.append((i, j))
        i = j
    return out


def normalize(text: str) -> Normalized:
    """Fold text with NFKC and casefold, dropping invisible characters, keeping a map back.

    Each base character is folded together with its combining marks, so "e" + U+0301 and
    a precomposed "é" fold alike, and every folded character points at the original
    cluster it came from.
    """
    if text.isascii():
        # Most traffic is plain ASCII: lower-casing maps each character to itself.
        n = len(text)
        return Normalized(text.lower(), tuple(range(n)), tuple(range(1, n + 1)), 0)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    invisible = 0
    pos = 0
    kinds = text.translate(_kind_table())
    for m in _STABLE_RUN.finditer(kinds):
        a, b = m.start(), m.end()
        # A combining mark after the run belongs to its last letter: leave that letter to
        # the slow path so the pair folds together.
        if b < len(text) and unicodedata.combining(text[b]):
            b -= 1
        if a >= b:
            continue
        if a > pos:
            invisible += _fold_non_ascii(text, pos, a, parts, starts, ends)
        parts.append(text[a:b].lower())
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))
        pos = b
    if pos < len(text):
        invisible += _fold_non_ascii(text, pos, len(text), parts, starts, ends)
    return Normalized("".join(parts), tuple(starts), tuple(ends), invisible)


@functools.cache
def _kind_table() -> dict[int, str]:
    """Mark each BMP character "s" when folding leaves it as it is, once lower-cased.

    CJK, Hangul, Thai, most lower-case letters and all ASCII fold to themselves (ASCII via
    lower()), so runs of them are copied in bulk; everything else, astral characters
    included, takes the per-cluster path ("x").
    """
    table: dict[int, str] = {}
    for cp in range(0x10000):
        ch = chr(cp)
        low = ch.lower()
        stable = (
            len(low) == 1
            and unicodedata.normalize("NFKC", ch) == ch
            and ch.casefold() == low
            and (cp < 0x80 or low == ch)
            and not unicodedata.combining(ch)
            and not is_invisible(ch)
            and not 0xD800 <= cp <= 0xDFFF
        )
        table[cp] = "s" if stable else "x"
    return table


def _fold_non_ascii(
    text: str, lo: int, hi: int, parts: list[str], starts: list[int], ends: list[int]
) -> int:
    """Fold text[lo:hi] cluster by cluster; return how many invisible characters it dropped."""
    invisible = 0
    nfkc = unicodedata.normalize
    for a, b in _clusters(text, lo, hi):
        first = text[a]
        if is_invisible(first):
            invisible += 1
            # Marks that hang off an invisible character are kept as their own clusters.
            for k in range(a + 1, b):
                for out in nfkc("NFKC", text[k]).casefold():
                    parts.append(out)
                    starts.append(k)
                    ends.append(k + 1)
            continue
        for out in nfkc("NFKC", text[a:b]).casefold():
            if out in _INVISIBLE_BMP:
                continue
            parts.append(out)
            starts.append(a)
            ends.append(b)
    return invisible


def fold(text: str) -> str:
    """Return only the folded text (for training and matching where no map is needed)."""
    if text.isascii():
        return text.lower()  # what normalize gives ASCII, without its map back
    return normalize(text).text
