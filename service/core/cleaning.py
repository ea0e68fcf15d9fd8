"""Cut flagged spans out of a text and tidy the whitespace each cut leaves behind."""

from __future__ import annotations

from collections.abc import Sequence

_BLANK = " \t\u3000\u200b"


def _widen(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen a cut over the blanks it would otherwise leave doubled or dangling."""
    n = len(text)
    line_start = a == 0 or text[a - 1] in "\r\n"
    while line_start and b < n and text[b] in _BLANK:
        b += 1
    at_line_end = b == n or text[b] in "\r\n"
    if at_line_end:
        while a > 0 and text[a - 1] in _BLANK:
            a -= 1
        line_start = a == 0 or text[a - 1] in "\r\n"
        if line_start:
            # The whole line is gone: take its line break too, so no blank line is left.
            if b < n and text[b] == "\r" and b + 1 < n and text[b + 1] == "\n":
                b += 2
            elif b < n:
                b += 1
            elif a > 0:
                a -= 2 if a >= 2 and text[a - 2 : a] == "\r\n" else 1
    elif not line_start and a > 0 and text[a - 1] in _BLANK:
        while b < n and text[b] in _BLANK:
            b += 1
    return a, b


def cut_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Return text with every [start, end) removed and the surrounding blanks tidied."""
    cuts = sorted(_widen(text, a, b) for a, b in spans if b > a)
    out: list[str] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            out.append(text[pos:a])
        pos = max(pos, b)
    out.append(text[pos:])
    return "".join(out)
