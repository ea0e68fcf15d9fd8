"""Count a text's letters, digits and capitals, and test for a digit, at C speed on ASCII.

The labeller describes every atom by these counts and the span head's context asks every
candidate whether it holds a digit; a Python step per character was a few percent of an
uncached check. On ASCII text `str.isalpha`, `isdigit` and `isupper` hold for exactly
A-Z and a-z, 0-9, and A-Z, so bytes.translate deleting those counts them; any other text
takes the per-character path, whose answers the fast one equals.
"""

from __future__ import annotations

import re
import string

_LETTERS = string.ascii_letters.encode("ascii")
_DIGITS = string.digits.encode("ascii")
_UPPER = string.ascii_uppercase.encode("ascii")
_ASCII_DIGIT = re.compile(r"[0-9]")


def class_counts(text: str) -> tuple[int, int, int]:
    """Return how many characters of text are letters, digits and upper case (`str.isalpha`,
    `isdigit`, `isupper`)."""
    if text.isascii():
        b = text.encode("ascii")
        n = len(b)
        return (
            n - len(b.translate(None, _LETTERS)),
            n - len(b.translate(None, _DIGITS)),
            n - len(b.translate(None, _UPPER)),
        )
    return (
        sum(1 for ch in text if ch.isalpha()),
        sum(1 for ch in text if ch.isdigit()),
        sum(1 for ch in text if ch.isupper()),
    )


def has_digit(text: str) -> bool:
    """Tell whether any character of text is a digit (`str.isdigit`)."""
    if text.isascii():
        return _ASCII_DIGIT.search(text) is not None
    return any(ch.isdigit() for ch in text)
