"""Turn an HTML string into same-length plain text, so offsets index the submitted HTML."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Tags are blanked to spaces (block tags to a newline plus spaces) and entities decoded then
# padded with U+200B, which the normaliser drops: the view keeps every offset of the HTML,
# so spans found in it point straight into what the caller sent.
_PAD = "\u200b"
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
}
_RAW = {"script", "style", "template", "noscript", "iframe", "object", "svg"}
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<[!?][^>]*>?|</?([A-Za-z][A-Za-z0-9-]*)([^>]*)>?|&#?\w{1,32};?", re.S
)
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|"
    r"opacity\s*:\s*0(?![.\d]*[1-9])|(?:left|top|text-indent)\s*:\s*-\d{3,}|"
    r"(?:height|width)\s*:\s*0(?:px)?\s*;.*overflow\s*:\s*hidden",
    re.I | re.S,
)
_HIDDEN_ATTR = re.compile(r"(?:^|\s)(?:hidden|aria-hidden\s*=\s*[\"']?true)", re.I)
_VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "wbr",
}
_MAX_DEPTH = 256


@dataclass(frozen=True)
class HtmlView:
    """Visible-text view of an HTML string (same length) and the hidden stretches in it."""

    text: str
    hidden: tuple[tuple[int, int], ...]
    links: tuple[str, ...]


def html_view(source: str) -> HtmlView:
    """Blank markup out of an HTML string, keeping offsets; note hidden elements and links."""
    out = list(source)
    hidden: list[tuple[int, int]] = []
    links: list[str] = []
    stack: list[tuple[str, bool, int]] = []  # tag, hidden, start offset
    raw_until = -1
    for m in _TOKEN.finditer(source):
        a, b = m.start(), m.end()
        if a < raw_until:
            continue
        tok = m.group(0)
        if tok.startswith("&"):
            decoded = html.unescape(tok)
            if decoded != tok and len(decoded) <= len(tok):
                out[a:b] = list(decoded + _PAD * (len(tok) - len(decoded)))
            continue
        name = (m.group(1) or "").lower()
        attrs = m.group(2) or ""
        fill = "\n" if name in _BLOCK else " "
        out[a:b] = [fill] + [" "] * (b - a - 1)
        if not name or tok.startswith("<!") or tok.startswith("<?"):
            continue
        if tok.startswith("</"):
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    if stack[k][1]:
                        hidden.append((stack[k][2], a))
                    del stack[k:]
                    break
            continue
        href = re.search(r"href\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
        if href:
            links.append(html.unescape(href.group(1)))
        if name in _RAW:
            end = source.lower().find(f"</{name}", b)
            raw_until = len(source) if end < 0 else end
            for k in range(b, raw_until):
                if out[k] not in "\r\n":
                    out[k] = " "
            continue
        if name in _VOID or attrs.rstrip().endswith("/"):
            continue
        is_hidden = bool(_HIDDEN_STYLE.search(attrs) or _HIDDEN_ATTR.search(attrs))
        if len(stack) < _MAX_DEPTH:
            stack.append((name, is_hidden, b))
    for _, is_hidden, start in stack:
        if is_hidden:
            hidden.append((start, len(source)))
    return HtmlView("".join(out), tuple(sorted(hidden)), tuple(links))
