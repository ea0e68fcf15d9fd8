"""Read a parsed page as the text a visitor reads: prose blocks, hidden evidence, links."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from service.core.htmlblocks import Piece, Planted, page_blocks
from service.core.htmldomain import unrelated
from service.core.htmllinks import listed_links
from service.core.htmlparse import Parsed, parse
from service.core.htmlprose import (
    HIDDEN_MIN_WORDS,
    LINK_MIN_WORDS,
    is_anchor_text,
    is_prose,
    words,
)
from service.core.htmltext import PARAGRAPH, TextBuilder, prefix_letters


@dataclass(frozen=True)
class HiddenLink:
    """A hidden link to an unrelated domain: its anchor text in the checked text."""

    start: int
    end: int
    domain: str


@dataclass(frozen=True)
class Page:
    """The checked text of a page and the way back from it to the HTML as sent."""

    source: str
    text: str
    language: str | None  # from <html lang>, when the page says
    hidden: tuple[tuple[int, int], ...]  # hidden evidence, in checked-text offsets
    hidden_links: tuple[HiddenLink, ...]
    known: frozenset[str]  # domains the page calls its own or links openly
    parsed: Parsed
    seg_text: tuple[int, ...]  # where each segment starts in the checked text
    seg_len: tuple[int, ...]
    seg_html: tuple[tuple[int, int], ...]  # the HTML each segment came from
    seg_exact: tuple[bool, ...]  # one HTML character per checked character
    seg_element: tuple[int, ...]
    seg_blank: tuple[bool, ...]  # white space only
    seg_html_start: tuple[int, ...]
    seg_letters: tuple[int, ...]  # non-blank characters of the segments before each one
    element_letters: tuple[int, ...]  # non-blank characters each element shows

    def shows_only_checked(self, el: int) -> bool:
        """Tell whether every character an element shows was read into the checked text
        (none of it was layout or furniture left unread)."""
        e = self.parsed.elements[el]
        lo = bisect_left(self.seg_html_start, e.start)
        hi = bisect_left(self.seg_html_start, e.end)
        return self.seg_letters[hi] - self.seg_letters[lo] == self.element_letters[el]

    def parts_blank(self, k: int) -> bool:
        """Tell whether segment k is white space only."""
        return self.seg_blank[k]

    def text_extent(self, hs: int, he: int) -> tuple[int, int]:
        """Return the checked-text extent of what the HTML range [hs, he) shows, blanks
        left out; (-1, -1) when it shows nothing."""
        lo = bisect_left(self.seg_html_start, hs)
        hi = bisect_left(self.seg_html_start, he)
        while lo < hi and self.seg_blank[lo]:
            lo += 1
        while hi > lo and self.seg_blank[hi - 1]:
            hi -= 1
        if lo >= hi:
            return -1, -1
        return self.seg_text[lo], self.seg_text[hi - 1] + self.seg_len[hi - 1]

    def html_range(self, a: int, b: int) -> tuple[int, int]:
        """Map a checked-text range [a, b) to the HTML range it was read from."""
        return self._html_at(a, False), self._html_at(b - 1, True)

    def _html_at(self, i: int, after: bool) -> int:
        k = max(0, bisect_right(self.seg_text, i) - 1)
        hs, he = self.seg_html[k]
        if self.seg_exact[k]:
            off = min(i - self.seg_text[k], self.seg_len[k] - 1)
            return hs + off + (1 if after else 0)
        return he if after else hs


# A hidden box's text judged as a message of its own: True when it reads as spam there.
ReadsAsSpam = Callable[[str], bool]
# Text boxes hidden by the page's own sheets that are judged by their words, at most: past
# this many (a hostile page) the rest are read as shown, as before such boxes were judged.
MAX_JUDGED_BOXES = 200
# Hidden boxes read as texts of their own, at most: each is one more check, so past this
# many (a hostile page of thousands of hidden boxes) boxes that touch are read together.
MAX_HIDDEN_TEXTS = 100


def read_page(source: str, reads_as_spam: ReadsAsSpam | None = None) -> Page:
    """Parse an HTML page once and read it as prose, layout links and hidden evidence.

    With `reads_as_spam`, a box the page's own style sheets hide that holds no link counts
    as planted when its words, read alone, are spam; otherwise only boxes linking out are.
    """
    parsed = parse(source)
    page = page_blocks(parsed, _box_judge(reads_as_spam))
    listed = listed_links(parsed, page.roles)
    b = TextBuilder()
    hidden: list[tuple[int, int, int]] = []  # checked-text extent, and the hidden root
    links: list[HiddenLink] = []
    for blk in page.blocks:
        if blk.kind.startswith("hidden"):
            # Hidden text is evidence: what a reader cannot see yet a crawler reads. A
            # hidden box with links out of the site and none home is what hacked themes
            # plant, even in a footer. Hidden furniture (a menu, a modal, a pop-up form,
            # consent text, a notice linking home, a copy of a byline the page shows) is not
            # read, nor hidden words too few to be a message (a widget's labels).
            known = page.own | page.shown
            pieces = _inside(blk.pieces, blk.element)
            planted = _planted(pieces, known)
            if not planted and (
                blk.kind == "hidden-layout"
                or _links_known(pieces, known)
                or not is_prose(pieces, HIDDEN_MIN_WORDS)
            ):
                continue
            b.paragraph()
            before = b.size
            extents = _emit(b, blk.pieces)
            if b.size > before:
                hidden.append((before, b.size, blk.element))
            if planted:
                links.extend(_hidden_links(pieces, extents))
        elif blk.kind == "prose" and is_prose(blk.pieces):
            b.paragraph()
            _emit(b, blk.pieces)
        else:
            # Layout and stray short words are not prose: only a link out of the site whose
            # anchor reads like a phrase, standing on its own (not an item of a list of
            # links, not a card's title), is checked, on its own.
            for group in _outbound_links(blk.pieces, page.own, listed):
                b.paragraph()
                _emit(b, group)
    text = "".join(b.parts).rstrip()
    return Page(
        source=source,
        text=text,
        language=page.language,
        hidden=_merge(hidden),
        hidden_links=tuple(links),
        known=page.own | page.shown,
        parsed=parsed,
        seg_text=tuple(b.seg_text),
        seg_len=tuple(b.seg_len),
        seg_html=tuple(b.seg_html),
        seg_exact=tuple(b.seg_exact),
        seg_element=tuple(b.seg_element),
        seg_blank=tuple(b.seg_blank),
        seg_html_start=tuple(h for h, _ in b.seg_html),
        seg_letters=prefix_letters(b),
        element_letters=tuple(page.letters),
    )


def _emit(b: TextBuilder, pieces: list[Piece]) -> list[tuple[int, int]]:
    """Write pieces to the checked text; return each one's extent there."""
    return [b.run(p.run.text, p.run.start, p.run.end, p.run.exact, p.run.element) for p in pieces]


def _inside(pieces: list[Piece], root: int) -> list[Piece]:
    """Return a hidden block's pieces with only the links inside its hidden root: a box
    hidden inside a shown link (a teaser card) does not link where that card does."""
    return [p if p.link >= root else Piece(p.run, -1, "") for p in pieces]


def _box_judge(reads_as_spam: ReadsAsSpam | None) -> Planted:
    """Return how `page_blocks` tells whether a box the page's sheets hide is planted.

    Planted code hides promo text the way it hides links (`<style>.x{left:-9999px}</style>
    <div class="x">…`), and real pages hide bylines, captions and menus with their classes
    too: a box without links is planted only when its words, read as a message, are spam.
    """
    judged = 0

    def planted(root: int, pieces: list[Piece], known: frozenset[str]) -> bool:
        nonlocal judged
        inside = _inside(pieces, root)
        if _planted(inside, known):
            return True
        if reads_as_spam is None or judged >= MAX_JUDGED_BOXES:
            return False
        if any(p.link >= 0 for p in inside) or not is_prose(inside, HIDDEN_MIN_WORDS):
            return False
        judged += 1
        return reads_as_spam(" ".join(" ".join(p.run.text.split()) for p in inside).strip())

    return planted


def _planted(pieces: list[Piece], known: frozenset[str]) -> bool:
    """Tell whether a hidden block links out of the site with a worded anchor, and never to
    a domain the page knows (its own, or one it links openly): a box that also links there
    is the site's furniture (a menu, a crawler's copy of the byline)."""
    anchors: dict[int, list[str]] = {}
    for p in pieces:
        if p.link < 0:
            continue
        if not unrelated(p.domain, known):
            return False
        anchors.setdefault(p.link, []).append(p.run.text)
    return any(is_anchor_text("".join(texts)) for texts in anchors.values())


def _links_known(pieces: list[Piece], known: frozenset[str]) -> bool:
    """Tell whether a block holds a link home, a script link, or one to a domain the page
    links openly: a hidden notice or widget of the site itself ("NYTimes.com no longer
    supports…  LEARN MORE"), not text planted for crawlers."""
    return any(p.link >= 0 and not unrelated(p.domain, known) for p in pieces)


def _hidden_links(pieces: list[Piece], extents: list[tuple[int, int]]) -> list[HiddenLink]:
    """Return the checked-text extent of each link in a planted hidden block."""
    spans: dict[int, tuple[int, int, str]] = {}
    for p, (a, e) in zip(pieces, extents, strict=True):
        if p.link >= 0 and e > a:
            old = spans.get(p.link)
            spans[p.link] = (old[0] if old else a, e, p.domain)
    return [HiddenLink(s, e, d) for s, e, d in spans.values()]


def _outbound_links(
    pieces: list[Piece], own: frozenset[str], listed: frozenset[int]
) -> list[list[Piece]]:
    """Return the pieces of each link out of the site, not in `listed`, whose anchor has
    enough words."""
    groups: dict[int, list[Piece]] = {}
    for p in pieces:
        if p.link >= 0 and p.link not in listed and unrelated(p.domain, own):
            groups.setdefault(p.link, []).append(p)
    return [g for g in groups.values() if words("".join(p.run.text for p in g)) >= LINK_MIN_WORDS]


def _merge(ranges: list[tuple[int, int, int]]) -> tuple[tuple[int, int], ...]:
    """Join touching ranges of one hidden root (the runs of one hidden block) into one.

    Two hidden boxes that touch in the checked text stay two texts: read as one, a planted
    Russian promo made the page's own hidden short description beside it ("Matrix equal to
    its conjugate-transpose", wikipedia-3) an English island in a Russian text, and flagged.
    Past MAX_HIDDEN_TEXTS texts, touching boxes are joined whatever their root.
    """
    out: list[tuple[int, int]] = []
    roots: list[int] = []
    for a, b, root in ranges:
        joins = bool(out) and (roots[-1] == root or len(out) >= MAX_HIDDEN_TEXTS)
        if joins and a <= out[-1][1] + len(PARAGRAPH):
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
            roots.append(root)
    return tuple(out)
