"""Tokenize HTML into elements and text runs that keep their offsets in the HTML as sent.

Measured on the largest real page in ../shared/data/html (yahoo-2, 1.6 MB), parse only:
the standard library's tokenizer 0.08 s, selectolax/Lexbor 0.06 s, html5lib 0.42 s. Only
the standard library's tokenizer says where each token starts (`getpos`); Lexbor and html5lib
build trees without source positions, so spans could not point into the HTML as sent. It
needs no new dependency either. It builds no tree, so the few implied ends that matter for
text (an unclosed `<p>`, `<li>`, `<td>`, `<option>`) are applied here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
# Elements whose text is never read: code, styles, drawings, inert templates, fallbacks and
# the document head (title and metadata are not what visitors read as the page), and code
# listings (`// add.c`, SQL), which read as anything but prose.
SKIP = frozenset("script style svg math template noscript head iframe object textarea pre".split())
INLINE = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd mark q rp rt ruby "
    "s samp small span strike strong sub sup time tt u var wbr label nobr".split()
)
# An open <p> ends where one of these starts (the HTML standard's list, shortened).
_CLOSES_P = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr main menu nav ol p pre section table ul li".split()
)
_IMPLIED = {
    "li": ("li",),
    "option": ("option",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "tr": ("tr", "td", "th"),
}
# Deeper nesting is not real layout; past it elements are read as their parent's content,
# which keeps the stack search of every end tag bounded on hostile input.
MAX_DEPTH = 512


@dataclass
class Element:
    """One element: its name and attributes, where its start tag and whole extent lie."""

    name: str
    attrs: dict[str, str]
    start: int
    open_end: int
    parent: int  # index of the parent element, -1 at the top
    end: int = -1  # end of the end tag, or where the element was implicitly closed
    closed: bool = False  # ended by its own end tag


@dataclass(frozen=True)
class Run:
    """A piece of text: decoded, where it lies in the HTML, and the element it is in."""

    text: str
    start: int
    end: int
    element: int  # -1 outside every element
    exact: bool  # text == html[start:end]: offsets map one to one


@dataclass
class Parsed:
    """Everything the tokenizer saw of a page, in document order."""

    source: str
    elements: list[Element] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)


class _Tokenizer(HTMLParser):
    """Record elements and text runs with absolute offsets."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.out = Parsed(source)
        self.stack: list[int] = []
        self.lines = [0]
        find = source.find
        i = find("\n")
        while i >= 0:
            self.lines.append(i + 1)
            i = find("\n", i + 1)

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _close_to(self, depth: int, at: int) -> None:
        """Close every open element from `depth` up, implicitly, at offset `at`."""
        els = self.out.elements
        for k in self.stack[depth:]:
            els[k].end = at
        del self.stack[depth:]

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        at = self._pos()
        raw = self.get_starttag_text() or ""
        els = self.out.elements
        if self.stack:
            top = els[self.stack[-1]].name
            if top == "p" and tag in _CLOSES_P:
                self._close_to(len(self.stack) - 1, at)
            elif tag in _IMPLIED:
                for d in range(len(self.stack) - 1, max(-1, len(self.stack) - 4), -1):
                    if els[self.stack[d]].name in _IMPLIED[tag]:
                        self._close_to(d, at)
                        break
        parent = self.stack[-1] if self.stack else -1
        values = {k: (v or "") for k, v in attrs}
        el = Element(tag, values, at, at + len(raw), parent)
        els.append(el)
        deep = len(self.stack) >= MAX_DEPTH and tag not in self.CDATA_CONTENT_ELEMENTS
        if void or tag in VOID or deep:
            el.end, el.closed = el.open_end, True
            if tag == "br":
                self.out.runs.append(Run("\n", at, el.end, parent, False))
        else:
            self.stack.append(len(els) - 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        at = self._pos()
        gt = self.out.source.find(">", at)
        end = len(self.out.source) if gt < 0 else gt + 1
        els = self.out.elements
        for d in range(len(self.stack) - 1, -1, -1):
            if els[self.stack[d]].name == tag:
                self._close_to(d + 1, at)
                el = els[self.stack[d]]
                el.end, el.closed = end, True
                del self.stack[d:]
                return
        if tag == "br":  # `</br>` is read as `<br>` by browsers
            self.out.runs.append(Run("\n", at, end, self._top(), False))

    def _top(self) -> int:
        return self.stack[-1] if self.stack else -1

    def handle_data(self, data: str) -> None:
        at = self._pos()
        self.out.runs.append(Run(data, at, at + len(data), self._top(), True))

    def _ref(self, raw_prefix: str, name: str) -> None:
        at = self._pos()
        end = at + len(raw_prefix) + len(name)
        if self.out.source.startswith(";", end):
            end += 1
        raw = self.out.source[at:end]
        text = html.unescape(raw)
        self.out.runs.append(Run(text, at, end, self._top(), text == raw))

    def handle_entityref(self, name: str) -> None:
        self._ref("&", name)

    def handle_charref(self, name: str) -> None:
        self._ref("&#", name)


def parse(source: str) -> Parsed:
    """Tokenize an HTML string once; elements left open end where the input ends."""
    tok = _Tokenizer(source)
    tok.feed(source)
    tok.close()
    tok._close_to(0, len(source))
    return tok.out
