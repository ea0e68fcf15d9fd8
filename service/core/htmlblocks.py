"""Group a parsed page's text runs into blocks, each known as prose, layout or hidden."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from service.core.htmldomain import link_domain, own_domains, shown_domains
from service.core.htmlparse import INLINE, SKIP, Element, Parsed, Run
from service.core.htmlstyle import class_names, hiding_classes, is_ad, is_hidden, is_layout

# Injected hidden spam is a few links or sentences. A hidden region holding more is the
# page's own content waiting for a script (yahoo-2 hides its whole article until it loads):
# it is read as if shown.
HIDDEN_MAX_LETTERS = 1500
# Whole-page elements whose class names describe the page, not themselves.
_PAGE = frozenset("html body main article".split())
# Controls a visitor fills in or presses: a hidden box holding one is a widget waiting for a
# script (a reply box, a newsletter pop-up), not a place where spam hides.
_CONTROLS = frozenset("input textarea select button".split())
# What only the page itself holds: an element named like an ad but holding one of these wraps
# the page (liberation-1's whole body sits in `<div id="ad-portal">`), it is no ad slot.
_PAGE_PARTS = frozenset("h1 main".split())


@dataclass(frozen=True)
class Piece:
    """One run of a block, with the link it is in (-1: none) and that link's domain."""

    run: Run
    link: int
    domain: str  # where an absolute link sends a reader (`link_domain`), '' for none


@dataclass
class Block:
    """Consecutive runs a reader sees as one unit: a paragraph, a cell, a hidden box."""

    kind: str  # "prose", "layout", "hidden" or "hidden-layout" (hidden furniture)
    pieces: list[Piece] = field(default_factory=list)
    element: int = -1  # the block element the runs are in (a hidden block: its hidden root)


@dataclass(frozen=True)
class Blocks:
    """A page's blocks in document order, its declared language and its own domains."""

    blocks: list[Block]
    language: str | None
    own: frozenset[str]
    shown: frozenset[str]  # every domain the page's shown links point to
    letters: list[int]  # per element: the non-blank characters it shows, read or not
    roles: Roles


@dataclass(frozen=True)
class Roles:
    """What each element of a page is, by index: skipped, hidden (the index of the
    outermost hidden element around it, -1: shown), layout, its block, its link."""

    skip: list[bool]
    letters: list[int]
    ad: list[bool]
    hidden_root: list[int]
    layout: list[bool]
    block: list[int]
    link: list[int]
    control: list[bool]  # holds a form control
    by_sheet: list[bool]  # hidden by a class the page's own style sheets hide, only


def element_roles(
    parsed: Parsed, sheet_hidden: frozenset[str] = frozenset(), shown: frozenset[int] = frozenset()
) -> Roles:
    """Work out every element's role from its own markup and its ancestors'.

    An element with a class in `sheet_hidden` is hidden too, unless its index is in
    `shown` (the style sheets' hiding was read and set aside for it).
    """
    els = parsed.elements
    n = len(els)
    skip = [False] * n
    for i, el in enumerate(els):
        skip[i] = el.name in SKIP or (el.parent >= 0 and skip[el.parent])
    count = _letters(parsed, skip)
    letters = [count(el) for el in els]
    ad = [False] * n
    hidden_root = [-1] * n
    layout = [False] * n
    block = [-1] * n
    link = [-1] * n
    control = _holding(parsed, _CONTROLS)
    wrapper = _holding(parsed, _PAGE_PARTS)
    by_sheet = [False] * n
    for i, el in enumerate(els):
        p = el.parent
        inherited = hidden_root[p] if p >= 0 else -1
        if inherited < 0 and letters[i] <= HIDDEN_MAX_LETTERS:
            if is_hidden(el.attrs):
                inherited = i
            elif (
                sheet_hidden
                and i not in shown
                and not sheet_hidden.isdisjoint(class_names(el.attrs))
            ):
                inherited = i
                by_sheet[i] = True
        hidden_root[i] = inherited
        ad[i] = (p >= 0 and ad[p]) or (el.name not in _PAGE and not wrapper[i] and is_ad(el.attrs))
        layout[i] = (p >= 0 and layout[p]) or (
            not (wrapper[i] and is_ad(el.attrs)) and is_layout(el.name, el.attrs, letters[i])
        )
        block[i] = (block[p] if p >= 0 else -1) if el.name in INLINE else i
        link[i] = i if el.name == "a" and el.attrs.get("href") else (link[p] if p >= 0 else -1)
    return Roles(skip, letters, ad, hidden_root, layout, block, link, control, by_sheet)


def style_sheets(parsed: Parsed) -> list[str]:
    """Return the text of the `<style>` elements for screens outside the page's `<head>`:
    what a post body or a block spliced into a page can bring along. The head's sheets are
    the theme's; on medium-3 one hid the "Open in app" link to app.link, which read as a
    planted link."""
    src = parsed.source
    els = parsed.elements
    out = []
    for el in els:
        if el.name != "style" or _in_head(els, el.parent):
            continue
        media = el.attrs.get("media", "").strip().lower()
        if media not in ("", "all", "screen"):
            continue
        end = src.rfind("</", el.open_end, el.end) if el.closed else el.end
        out.append(src[el.open_end : end if end >= 0 else el.end])
    return out


def _holding(parsed: Parsed, names: frozenset[str]) -> list[bool]:
    """Mark every element that is or holds an element of one of these names."""
    els = parsed.elements
    out = [False] * len(els)
    for i, el in enumerate(els):
        if el.name not in names:
            continue
        k = i
        while k >= 0 and not out[k]:  # ancestors already marked mark their own ancestors
            out[k] = True
            k = els[k].parent
    return out


def _in_head(els: list[Element], i: int) -> bool:
    """Tell whether element i is, or is inside, the `<head>`."""
    steps = 0
    while i >= 0 and steps < 600:  # parse depth is bounded at 512
        if els[i].name == "head":
            return True
        i, steps = els[i].parent, steps + 1
    return False


# How many times a page is read again for boxes its sheets hide inside boxes read as shown.
SHEET_ROUNDS = 3
# Tells, from a hidden box's root element, its pieces and the domains the page knows,
# whether the box is planted: `htmlpage` judges links and anchors.
Planted = Callable[[int, list["Piece"], frozenset[str]], bool]


def page_blocks(parsed: Parsed, planted: Planted | None = None) -> Blocks:
    """Group the visible and hidden text of a page into blocks; skipped elements are left
    out.

    With `planted`, a box hidden by a class of the page's own style sheets is hidden only
    when `planted` says so of it; otherwise it is read as shown. Real pages hide their
    bylines, menus and captions this way, and reading those as hidden messages flagged
    clean pages; planted code hides its links the same way
    (`<style>.x{left:-9999px}</style><div class="x">`).
    """
    sheet_hidden = hiding_classes(style_sheets(parsed)) if planted else frozenset()
    shown: frozenset[int] = frozenset()
    vetted: set[int] = set()
    for round_ in range(SHEET_ROUNDS + 1):
        roles = element_roles(parsed, sheet_hidden, shown)
        blocks = _group(parsed, roles)
        # A box read as shown may hold another that its class hides: that one becomes a
        # hidden box of its own in the next reading and is judged there.
        new = {i for i, on in enumerate(roles.by_sheet) if on and i not in vetted}
        if planted is None or not new:
            return blocks
        if round_ == SHEET_ROUNDS:
            # Deeper nesting than real boxes have: the rest are read as shown, as a page was
            # before its sheets were read.
            shown = shown | frozenset(new)
            continue
        known = blocks.own | blocks.shown
        boxes: dict[int, list[Piece]] = {}
        for blk in blocks.blocks:
            if blk.kind.startswith("hidden") and blk.element in new:
                boxes.setdefault(blk.element, []).extend(blk.pieces)
        vetted.update(new)
        shown = shown | frozenset(i for i in new if not planted(i, boxes.get(i, []), known))
    return _group(parsed, element_roles(parsed, sheet_hidden, shown))


def _group(parsed: Parsed, roles: Roles) -> Blocks:
    """Group a page's runs into blocks by the roles of their elements."""
    els = parsed.elements
    skip, hidden_root, layout, block, link = (
        roles.skip,
        roles.hidden_root,
        roles.layout,
        roles.block,
        roles.link,
    )
    lang = next(
        (
            el.attrs["lang"].strip().lower().split("-")[0][:8] or None
            for el in els
            if el.name == "html" and el.attrs.get("lang")
        ),
        None,
    )
    domains: dict[int, str] = {}
    out: list[Block] = []
    # Letters of each visible block's runs that sit in layout (a <time>, a <cite>): a block
    # mostly made of them is layout, whichever run comes first.
    shares: list[list[int]] = []
    last_key: object = None
    for r in parsed.runs:
        e = r.element
        if e >= 0 and (skip[e] or roles.ad[e]):
            # Ads are the site's business, links and all: not what a spam check is for.
            # What follows skipped content starts a new block, so that no span reaches
            # across a script or a code listing (ietf-1: one span over 58 KB of <pre>).
            last_key = None
            continue
        hr = hidden_root[e] if e >= 0 else -1
        key: object
        owner = hr
        if hr >= 0:
            # Hidden furniture (a mobile menu, a modal, a consent box, a pop-up form) is told
            # from planted spam by its links when the page is read.
            kind = "hidden-layout" if layout[hr] or roles.control[hr] else "hidden"
            key = (kind, hr)
        else:
            kind = "layout" if e >= 0 and layout[e] else "prose"
            owner = block[e] if e >= 0 else -1
            key = owner
        a = link[e] if e >= 0 else -1
        if a >= 0 and a not in domains:
            domains[a] = link_domain(els[a].attrs["href"])
        if key != last_key or not out:
            out.append(Block(kind, element=owner))
            shares.append([0, 0])
            last_key = key
        out[-1].pieces.append(Piece(r, a, domains.get(a, "")))
        shown = len("".join(r.text.split()))
        shares[-1][0] += shown if kind == "layout" else 0
        shares[-1][1] += shown
    for blk, (in_layout, total) in zip(out, shares, strict=True):
        if not blk.kind.startswith("hidden"):
            blk.kind = "layout" if 2 * in_layout > total else "prose"
    visible = [h < 0 for h in hidden_root]
    return Blocks(
        out,
        lang,
        own_domains(els, visible),
        shown_domains(els, [v and not s for v, s in zip(visible, skip, strict=True)]),
        roles.letters,
        roles,
    )


def _letters(parsed: Parsed, skip: list[bool]) -> Callable[[Element], int]:
    """Return a function counting the visible non-blank characters inside an element."""
    starts: list[int] = []
    total = [0]
    for r in parsed.runs:
        if r.element < 0 or not skip[r.element]:
            starts.append(r.start)
            total.append(total[-1] + len("".join(r.text.split())))

    def count(el: Element) -> int:
        return total[bisect_left(starts, el.end)] - total[bisect_left(starts, el.start)]

    return count
