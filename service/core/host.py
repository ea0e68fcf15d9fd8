"""Tell the host of a text whose own-script spam outweighs it: its language and script."""

from __future__ import annotations

from collections.abc import Sequence

from service.core.cleaning import cut_spans
from service.core.language import detect_document
from service.core.scripts import COMMON, dominant_script, family, letter_count

# Fewer letters than this left beside the spam do not make a host.
HOST_MIN_LETTERS = 40


def host_frame(text: str, spam: Sequence[tuple[int, int]]) -> tuple[str, str] | None:
    """Return the language and script of what is left of a text without its spam, when
    that script differs from the whole text's; else None.

    A long Russian promo pasted into a short English comment makes Cyrillic the text's
    dominant script, and the English sentences then read as foreign islands. Only spam in
    the text's own script can have outweighed the host: a span of another script is an
    island, which is what the host may be, and is left in.
    """
    whole = family(dominant_script(text))
    own = [(a, b) for a, b in spam if family(dominant_script(text[a:b])) == whole]
    if not own:
        return None
    rest = cut_spans(text, own)
    script = dominant_script(rest)
    if script == COMMON or family(script) == whole or letter_count(rest) < HOST_MIN_LETTERS:
        return None
    return detect_document(rest), script
