"""Fold text for matching (NFKC, casefold, invisible characters dropped) with a map back."""

from __future__ import annotations

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


def is_invisible(ch: str) -> bool:
    """Return True for a character that is dropped before matching."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES)


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


def _clusters(text: str) -> list[tuple[int, int]]:
    """Split into a base character plus the combining marks that follow it."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]) and not is_invisible(text[j]):
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
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    invisible = 0
    for a, b in _clusters(text):
        if is_invisible(text[a]):
            invisible += 1
            # Marks that hang off an invisible character are kept as their own clusters.
            rest = text[a + 1 : b]
            for k, ch in enumerate(rest, start=a + 1):
                folded = unicodedata.normalize("NFKC", ch).casefold()
                for out in folded:
                    parts.append(out)
                    starts.append(k)
                    ends.append(k + 1)
            continue
        chunk = text[a:b]
        if chunk.isascii():
            folded = chunk.lower()
        else:
            folded = unicodedata.normalize("NFKC", chunk).casefold()
            folded = "".join(ch for ch in folded if not is_invisible(ch))
        for out in folded:
            parts.append(out)
            starts.append(a)
            ends.append(b)
    return Normalized("".join(parts), tuple(starts), tuple(ends), invisible)


def fold(text: str) -> str:
    """Return only the folded text (for training and matching where no map is needed)."""
    return normalize(text).text
