"""Read what an element's own markup says about it: hidden, layout or hidden furniture."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Inline CSS that hides: spam injected into a theme or a post hides itself this way.
_HIDING_CSS = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|"
    r"font-size\s*:\s*0(?:\.0*)?(?:px|em|rem|pt|%)?\s*(?:;|!|$)|"
    r"opacity\s*:\s*0(?:\.0*)?\s*(?:;|!|$)|"
    r"(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\d{3,}|"
    r"clip\s*:\s*rect\(\s*0",
    re.I,
)
_ZERO_SIZE = re.compile(r"(?:^|;|\s)(?:max-)?(?:height|width)\s*:\s*0(?:px)?\s*(?:;|!|$)", re.I)
_OVERFLOW_HIDDEN = re.compile(r"overflow\s*:\s*hidden", re.I)
# Text coloured like its background ("color:#fff;background:#fff") or not coloured at all
# ("color:transparent"). Only the element's own style is read, not the site's style sheets,
# so both colours must be in it, as they are where spam is pasted with its styling.
_COLOUR = re.compile(r"(?:^|[;\s])color\s*:\s*([^;!]+)", re.I)
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;!]+)", re.I)
_SHORT_HEX = re.compile(r"#([0-9a-f])([0-9a-f])([0-9a-f])")
# Style sheets read per page, in characters: real pages inline up to a few hundred KB of
# CSS, and planted code brings a rule or two.
SHEET_MAX_CHARS = 2_000_000
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_BARE_CLASS = re.compile(r"\.[A-Za-z_][\w-]{0,100}")
# The hiding classes of the CSS frameworks most sites are built on (Bootstrap's hide, hidden,
# d-none and invisible; Tailwind's hidden and invisible; Foundation's hide; the is-hidden
# state class): what they mean is fixed by the framework, so the page's style sheets need
# not be read to know it. Real pages hide their pop-outs, menus and share bars this way
# (ehow-2's "Is DIY in your DNA? ..." slide-out was read as prose and flagged).
_HIDING_CLASSES = frozenset("hide hidden d-none invisible is-hidden".split())
# ... unless a breakpoint variant shows the element again ("hidden md:block",
# "d-none d-lg-flex"): then it is hidden on small screens only, and a visitor reads it.
_SHOWN_AT_BREAKPOINT = re.compile(
    r"(?:[a-z0-9]+:)+(?:block|flex|inline|inline-block|inline-flex|grid|inline-grid|table|"
    r"contents|visible)|d-(?:sm|md|lg|xl|xxl)-(?:block|flex|inline|inline-block|inline-flex|"
    r"grid|table|table-cell|table-row)",
    re.I,
)
# Layout: the page's furniture, not its prose. Judged by tag, ARIA role, and the words sites
# use in class and id names for the same furniture.
# A <time> is a timestamp ("Jun 15, 2023, 4:55 PM UTC"), a label of the page's lists and
# bylines; inside a sentence it is outweighed by the sentence's words (htmlblocks).
LAYOUT_TAGS = frozenset(
    "nav header footer aside menu select option optgroup button label dialog legend "
    "datalist figcaption cite time".split()
)
# Furniture holds little text. On real pages, classes and roles also name the containers of
# whole articles ("widget Blog1", "panel-two-col-sidebar", an ASP.NET page in one <form>):
# past this many letters an element named like furniture is read as the content it holds.
FURNITURE_MAX_LETTERS = 2000
_CONTENT_TAGS = frozenset("html body main article".split())
_LAYOUT_ROLES = frozenset(
    "navigation banner contentinfo menu menubar menuitem complementary dialog alertdialog "
    "search toolbar tablist tab button form".split()
)
_FURNITURE_TAGS = frozenset("form fieldset".split())
_LAYOUT_WORDS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menus|submenu|megamenu|breadcrumbs?|crumbs?|"
    r"header|masthead|footer|sidebar|share|sharing|social|sociallinks|cookie|cookies|consent|"
    r"gdpr|cmp|privacy|newsletter|subscribe|subscription|signup|login|modal|popup|popover|"
    r"overlay|dialog|dropdown|drawer|toolbar|tabs|pagination|pager|related|recommended|trending|"
    r"widget|widgets|banner|promo|tags|tagcloud|references|reflist|citation|cite|"
    r"comment-form|respond|reply|skip|skip-link|sr-only|screen-reader-text|visually-hidden|"
    r"tooltip|toast|alert|notice|hamburger|offcanvas|off-canvas|search|searchform|byline|meta|"
    r"author|bio|caption|credit|credits|cta)(?:$|[\s_-])",
    re.I,
)


# Ad slots and sponsored-link widgets are furniture however much text they hold (a Taboola
# box of twenty "You Won't Believe..." teasers); no article container is named this way.
_AD_WORDS = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|adsense|adsbygoogle|adslot|advert|adverts|advertisement|advertising|"
    r"sponsor|sponsored|sponsors|promoted|taboola|outbrain|trc|ob-widget|dfp|gpt)(?:$|[\s_-])",
    re.I,
)


# Words so plainly furniture that they count inside longer class names too ("sharingtb",
# "adblocker-message", "sideBars", "twitter-tweet" for an embedded post).
_FURNITURE_PARTS = re.compile(
    r"shar(?:e|ing)|social|cookie|consent|newsletter|subscri|breadcrumb|navbar|navigation|"
    r"menu|adblock|sidebar|tweet|twitter|instagram|facebook|comment-?form|popup|modal",
    re.I,
)


def is_hidden(attrs: dict[str, str]) -> bool:
    """Tell whether an element's own attributes hide it from a visitor."""
    if "hidden" in attrs or attrs.get("aria-hidden", "").strip().lower() == "true":
        return True
    if _hidden_by_class(class_names(attrs)):
        return True
    style = attrs.get("style", "")
    return bool(style) and _hides(style)


def _hides(declarations: str) -> bool:
    """Tell whether CSS declarations hide what they apply to."""
    if _HIDING_CSS.search(declarations) or _camouflaged(declarations):
        return True
    return bool(_ZERO_SIZE.search(declarations) and _OVERFLOW_HIDDEN.search(declarations))


def hiding_classes(sheets: Iterable[str]) -> frozenset[str]:
    """Return the classes that a page's own style sheets hide with a top-level rule of bare
    class selectors (`.x{position:absolute;left:-9999px}`, `.a, .b{display:none}`).

    Planted code brings such a sheet along with the box it hides. Rules inside `@media` or
    `@supports`, and compound selectors (`.menu .item`, `.open > .x`), depend on a screen
    size or a state that is not known here and are left out.
    """
    out: set[str] = set()
    budget = SHEET_MAX_CHARS
    for sheet in sheets:
        raw = sheet[:budget]
        # The budget counts the sheet as sent: counted after its comments were taken out,
        # sheets of comments would be read past it.
        budget -= len(raw)
        css = _CSS_COMMENT.sub(" ", raw)
        for selectors, body in _top_level_rules(css):
            names = [s.strip() for s in selectors.split(",")]
            if all(_BARE_CLASS.fullmatch(n) for n in names) and _hides(body):
                out.update(n[1:] for n in names)
        if budget <= 0:
            break
    return frozenset(out)


def _top_level_rules(css: str) -> Iterator[tuple[str, str]]:
    """Yield each top-level rule's selector text and declarations; at-rules and their
    nested blocks are stepped over whole. One pass over the sheet."""
    pos, n = 0, len(css)
    while pos < n:
        brace = css.find("{", pos)
        if brace < 0:
            return
        head = css[pos:brace]
        semi = head.rfind(";")  # an at-statement without a block (@import ...;) before it
        head = head[semi + 1 :]
        depth, k = 1, brace + 1
        # The next "{" and "}", each found again only once passed: a search per step would
        # scan a sheet of a million "{" (or "}") a million times.
        nxt_open = css.find("{", k)
        nxt_close = css.find("}", k)
        while depth and k < n:
            if nxt_close < 0:
                k = n  # an unclosed block runs to the end of the sheet, as in a browser
                break
            if 0 <= nxt_open < nxt_close:
                depth, k = depth + 1, nxt_open + 1
                nxt_open = css.find("{", k)
            else:
                depth, k = depth - 1, nxt_close + 1
                nxt_close = css.find("}", k)
        if not head.lstrip().startswith("@"):
            yield head, css[brace + 1 : k - 1 if depth == 0 else k]
        pos = k


def class_names(attrs: dict[str, str]) -> list[str]:
    """Return an element's class names, read from the first 500 characters of its class
    attribute (a 1 MB attribute is no list of classes)."""
    return attrs.get("class", "")[:500].split()


def _hidden_by_class(classes: list[str]) -> bool:
    """Tell whether an element's classes are a framework's hiding class, with no breakpoint
    variant that shows it."""
    return not _HIDING_CLASSES.isdisjoint(classes) and not any(
        _SHOWN_AT_BREAKPOINT.fullmatch(c) for c in classes
    )


def _camouflaged(style: str) -> bool:
    """Tell whether an inline style colours text like its own background, or not at all."""
    fg = _COLOUR.search(style)
    if fg is None:
        return False
    colour = _colour(fg.group(1))
    if colour == "transparent":
        return True
    bg = _BACKGROUND.search(style)
    return bg is not None and colour in {_colour(v) for v in bg.group(1).split()}


def _colour(value: str) -> str:
    """Return a CSS colour in one spelling: lower case, `#abc` as `#aabbcc`."""
    v = value.strip().lower()
    m = _SHORT_HEX.fullmatch(v)
    return "#" + "".join(c * 2 for c in m.groups()) if m else v


def is_ad(attrs: dict[str, str]) -> bool:
    """Tell whether an element is an ad slot or a sponsored-links widget by its names."""
    return bool(_AD_WORDS.search((attrs.get("class", "") + " " + attrs.get("id", ""))[:500]))


def is_layout(name: str, attrs: dict[str, str], letters: int) -> bool:
    """Tell whether an element holding `letters` letters of text is page furniture
    (navigation, forms, bars), not prose."""
    if name in LAYOUT_TAGS:
        return True
    if name in _CONTENT_TAGS:
        # Their class names describe the whole page ("single-post share-enabled").
        return False
    names = (attrs.get("class", "") + " " + attrs.get("id", ""))[:500]
    if is_ad(attrs):
        return True
    if letters > FURNITURE_MAX_LETTERS:
        return False
    if name in _FURNITURE_TAGS or attrs.get("role", "").strip().lower() in _LAYOUT_ROLES:
        return True
    return bool(_LAYOUT_WORDS.search(names) or _FURNITURE_PARTS.search(names))
