"""Splice real spam into real pages in every hiding style and as visible promos in prose."""

from __future__ import annotations

import csv
import gzip
import html
import json
import random
from dataclasses import dataclass

from service.config import REPO_ROOT
from service.core.htmlblocks import element_roles
from service.core.htmlparse import parse
from training.prepare.sources import eval_sources

# Reached relative to the checkout (the shared folder lies beside it), never by a machine path.
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
PAGES = SHARED_DATA / "html" / "multi-readability-test-pages"
# How spam hides in a page: the ways hacked themes and spliced posts are seen to do it.
HIDING = {
    "display-none": 'style="display:none"',
    "visibility-hidden": 'style="visibility:hidden"',
    "font-size-0": 'style="font-size:0"',
    "zero-size-overflow": 'style="height:0;width:0;overflow:hidden"',
    "off-screen": 'style="position:absolute;left:-9999px"',
    "opacity-0": 'style="opacity:0"',
    "hidden-attribute": "hidden",
    "aria-hidden": 'aria-hidden="true"',
}
# Styles added after the evaluation's first release: each style's cases are drawn apart (its
# own random stream and turn), so that the cases of the styles before it stay the ones
# measured before and figures stay comparable across versions.
LATER_HIDING = {
    "same-colour": 'style="color:#ffffff;background-color:#fff"',
    # A CSS framework's hiding class, defined in the theme's style sheet, not inline.
    "hiding-class": 'class="hidden"',
    # A class the planted code hides in a style sheet of its own, off-screen.
    "page-style-class": (
        '<style>.wp-cache-7f3{position:absolute;left:-9999px}</style><div class="wp-cache-7f3">'
    ),
}
VISIBLE = "visible-in-prose"


@dataclass(frozen=True)
class RealPage:
    """One real page as saved, with its language."""

    name: str
    language: str
    html: str


@dataclass(frozen=True)
class SpamPiece:
    """A piece of real spam: promo text, or a link's anchor and target."""

    text: str
    url: str  # '' for text without a link
    source: str


@dataclass(frozen=True)
class Injected:
    """A page with spam spliced in, and where the spam's text lies in the HTML."""

    page: RealPage
    style: str
    html: str
    gold: tuple[int, int]
    piece: SpamPiece


def real_pages(limit: int | None = None) -> list[RealPage]:
    """Return the real pages (not the hand-made fixtures), smallest file name first."""
    with (PAGES / "pages.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["kind"] == "real"]
    out = []
    for r in rows[:limit]:
        raw = gzip.decompress((PAGES / f"{r['name']}.html.gz").read_bytes())
        out.append(RealPage(r["name"], r["language"], raw.decode("utf-8", "replace")))
    return out


def spam_pieces(seed: int) -> tuple[list[SpamPiece], list[SpamPiece]]:
    """Return real link spam (WordPress comment spam: anchor keyword and promoted site) and
    real promo text (SMS and Telegram spam), shuffled."""
    links: list[SpamPiece] = []
    with (SHARED_DATA / "messages" / "en-wordpress-comment-spam" / "wp_comment_spam.jsonl").open(
        encoding="utf-8"
    ) as f:
        for line in f:
            row = json.loads(line)
            anchor, url = str(row.get("author", "")).strip(), str(row.get("website", "")).strip()
            if len(anchor.split()) >= 2 and url.startswith("http"):
                links.append(SpamPiece(anchor, url, "en-wordpress-comment-spam"))
    texts: list[SpamPiece] = []
    uci = SHARED_DATA / "messages" / "en-uci-sms-spam" / "SMSSpamCollection.tsv"
    for line in uci.read_text("utf-8").splitlines():
        label, _, text = line.partition("\t")
        if label == "spam" and 40 <= len(text) <= 200:
            texts.append(SpamPiece(text.strip(), "", "en-uci-sms-spam"))
    tg = SHARED_DATA / "messages" / "ru-tg-spam" / "spam-samples.txt"
    for line in tg.read_text("utf-8").splitlines():
        if 40 <= len(line) <= 200:
            texts.append(SpamPiece(line.strip(), "", "ru-tg-spam"))
    rng = random.Random(seed)
    rng.shuffle(links)
    rng.shuffle(texts)
    return links, texts


def unseen_pieces(seed: int) -> tuple[list[SpamPiece], list[SpamPiece]]:
    """Return short spam messages of the eval-only sources, which no model trains on, taken
    from each source in turn: promo text for both pools (those sources hold no link spam
    with its anchor; a message may carry its own URL in its text)."""
    rng = random.Random(seed)
    by_source: dict[str, list[str]] = {}
    for src in eval_sources():
        if not src.available():
            continue
        rows = sorted(
            {
                " ".join(m.text.split())
                for m in src.messages()
                if m.spam and "\n" not in m.text.strip() and 40 <= len(m.text.strip()) <= 200
            }
        )
        rng.shuffle(rows)
        if rows:
            by_source[src.name] = rows
    texts: list[SpamPiece] = []
    for i in range(max((len(v) for v in by_source.values()), default=0)):
        for name in sorted(by_source):
            if i < len(by_source[name]):
                texts.append(SpamPiece(by_source[name][i], "", name))
    return texts, texts


def paragraph_starts(page: RealPage, content_only: bool) -> list[tuple[int, int]]:
    """Return (start tag start, start tag end) of the page's real <p> elements (not text in
    a script that merely looks like one); with `content_only`, outside layout too."""
    parsed = parse(page.html)
    roles = element_roles(parsed)
    return [
        (el.start, el.open_end)
        for i, el in enumerate(parsed.elements)
        if el.name == "p"
        and not roles.skip[i]
        and roles.hidden_root[i] < 0
        and not (content_only and roles.layout[i])
    ]


def _insert_at(page: RealPage, content_only: bool, rng: random.Random) -> int:
    """Return where a planted block goes: before a paragraph, else before the end of the
    body, else at the end."""
    starts = paragraph_starts(page, content_only)
    if starts:
        return rng.choice(starts)[0]
    end = page.html.lower().rfind("</body")
    return end if end >= 0 else len(page.html)


def hide(page: RealPage, style: str, piece: SpamPiece, rng: random.Random) -> Injected:
    """Plant a hidden block in a page, hidden in the given style: a link anywhere a hacked
    theme puts one (footers too), promo text in the article, as spliced posts carry it."""
    at = _insert_at(page, not piece.url, rng)
    how = HIDING.get(style) or LATER_HIDING[style]
    text = html.escape(piece.text, quote=False)
    # A style given as a whole start tag (a style sheet before it) is used as it is.
    div = how if how.startswith("<") else f"<div {how}>"
    if piece.url:
        head = f'{div}<a href="{html.escape(piece.url)}">'
        block = head + text + "</a></div>"
    else:
        head = div
        block = head + text + "</div>"
    src = page.html[:at] + block + page.html[at:]
    return Injected(page, style, src, (at + len(head), at + len(head) + len(text)), piece)


def splice_visible(page: RealPage, piece: SpamPiece, rng: random.Random) -> Injected | None:
    """Paste promo text at the start of a real paragraph, as spliced posts carry it."""
    found = []
    for _, open_end in paragraph_starts(page, True):
        nxt = page.html.find("<", open_end)
        # A paragraph whose text starts with a sentence of its own, not with markup.
        if nxt - open_end >= 80:
            found.append(open_end)
    if not found:
        return None
    at = rng.choice(found)
    text = html.escape(piece.text, quote=False)
    src = page.html[:at] + text + " " + page.html[at:]
    return Injected(page, VISIBLE, src, (at, at + len(text)), piece)
