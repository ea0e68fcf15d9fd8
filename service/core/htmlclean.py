"""Cut flagged spans out of a page's HTML, keeping it well-formed and every other element."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from service.core.cleaning import cut_spans
from service.core.htmlpage import Page

# Never removed whole, even when all their text is spam: the page itself stays a page.
_KEEP = frozenset("html body head main".split())


def clean_html(page: Page, spans: Sequence[tuple[int, int]]) -> str:
    """Return the page's HTML without the flagged checked-text ranges.

    Where every word an element shows is flagged (the hidden block of a hacked theme, a
    spam link), the element goes with its tags; otherwise only the flagged text is cut and
    every tag stays, so the markup stays as well-formed as it came.
    """
    cuts: list[tuple[int, int]] = []
    holds = _holds_textless(page)
    for a, b in spans:
        k = max(0, bisect_right(page.seg_text, a) - 1)
        end = bisect_left(page.seg_text, b)
        while k < end:
            seg_a = page.seg_text[k]
            seg_b = seg_a + page.seg_len[k]
            if seg_b <= a or page.parts_blank(k):
                k += 1
                continue
            el = _outermost_flagged(page, page.seg_element[k], a, b, holds)
            if el >= 0:
                e = page.parsed.elements[el]
                cuts.append((e.start, e.end))
                k = bisect_left(page.seg_html_start, e.end)
                continue
            hs, he = page.html_range(max(a, seg_a), min(b, seg_b))
            cuts.append(_tidied(page.source, hs, he))
            k += 1
    return cut_spans(page.source, cuts) if cuts else page.source


def _tidied(source: str, a: int, b: int) -> tuple[int, int]:
    """Widen a text cut over the blanks after it where a blank or a tag precedes it, so no
    doubled or leading space is left ("<p>spam The..." -> "<p>The...")."""
    if a == 0 or source[a - 1] in " \t\n>":
        while b < len(source) and source[b] in " \t":
            b += 1
    return a, b


def _holds_textless(page: Page) -> Callable[[int], bool]:
    """Return a test of whether an element holds an element that shows no text (an <img>,
    a <br>, an empty cell): what is flagged is its text, and that element is no part of it."""
    els = page.parsed.elements
    starts = [e.start for e in els]
    before = [0]
    for i in range(len(els)):
        before.append(before[-1] + (page.element_letters[i] == 0))

    def holds(el: int) -> bool:
        # Descendants follow an element in document order and start before it ends.
        last = bisect_left(starts, els[el].end, el + 1)
        return before[last] - before[el + 1] > 0

    return holds


def _outermost_flagged(
    page: Page, el: int, a: int, b: int, holds_textless: Callable[[int], bool]
) -> int:
    """Return the outermost element all of whose checked text lies in [a, b) and that holds
    no textless element, or -1."""
    els = page.parsed.elements
    found = -1
    while el >= 0 and els[el].name not in _KEEP and not holds_textless(el):
        first, last = page.text_extent(els[el].start, els[el].end)
        if first < 0 or first < a or last > b or not page.shows_only_checked(el):
            break
        found = el
        el = els[el].parent
    return found
