"""Tell a link standing on its own from a link that is an item of a list or a card's title."""

from __future__ import annotations

from bisect import bisect_left

from service.core.htmlblocks import Roles
from service.core.htmlparse import Parsed

# A list of links: teaser grids ("Around the web"), related-article lists, partner
# headlines. On the real pages of ../shared/data/html their headlines ("When Boob Contouring
# Fails", "7 outrageous credit cards if you have excellent credit") were what the span model
# flagged when each link was read on its own. A list has at least this many links, and
# links make up at least half of its text.
LIST_MIN_LINKS = 3
LIST_LINK_SHARE = 0.5
# How far up from a link to look for what holds more than the link (li → ul, a → h3 → div).
CLIMB_MAX = 6
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())


def listed_links(parsed: Parsed, roles: Roles) -> frozenset[int]:
    """Return the links (element indexes) that are items of a list of links or the whole
    title of a heading or card: furniture, not anchors planted in a page's text."""
    els = parsed.elements
    links = [i for i, el in enumerate(els) if roles.link[i] == i and not roles.skip[i]]
    link_starts = [els[i].start for i in links]
    heading_starts = [
        el.start for i, el in enumerate(els) if el.name in _HEADINGS and not roles.skip[i]
    ]
    run_starts: list[int] = []
    linked = [0]
    for r in parsed.runs:
        e = r.element
        if e >= 0 and roles.skip[e]:
            continue
        run_starts.append(r.start)
        shown = len("".join(r.text.split())) if e >= 0 and roles.link[e] >= 0 else 0
        linked.append(linked[-1] + shown)

    def between(starts: list[int], lo: int, hi: int) -> int:
        return bisect_left(starts, hi) - bisect_left(starts, lo)

    out: set[int] = set()
    for i in links:
        a = els[i]
        own = roles.letters[i]
        # A link wrapping a heading (a card) is that card's title.
        title = between(heading_starts, a.start, a.end) > 0
        c, steps = a.parent, 0
        while c >= 0 and roles.letters[c] <= own and steps < CLIMB_MAX:
            # A heading that is nothing but this link (h3 > a): a section's or card's title.
            title = title or els[c].name in _HEADINGS
            c, steps = els[c].parent, steps + 1
        if title:
            out.add(i)
            continue
        if c < 0 or roles.letters[c] <= own:
            continue
        box = els[c]
        count = between(link_starts, box.start, box.end)
        text_linked = (
            linked[bisect_left(run_starts, box.end)] - linked[bisect_left(run_starts, box.start)]
        )
        if count >= LIST_MIN_LINKS and text_linked >= LIST_LINK_SHARE * roles.letters[c]:
            out.add(i)
    return frozenset(out)
