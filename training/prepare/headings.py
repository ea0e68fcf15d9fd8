"""Real headings from real web pages: clean title lines for the host documents.

Articles carry headings — short, title-cased lines on their own — and so do spam post
titles and mail subjects. Trained on host prose without a single heading, model 1.18.0's
first draft flagged the Shanghai article's own headline ("Talent Wars: The Battle for
China's Best Minds") as an injected span. The real pages of the Readability test set
(Apache-2.0, `training/data/html`) give real headings in eight languages; pages are split
whole, so a page's headings stay in one split.

They are all the model learns from those pages, so `darnel evaluate-html` measures a model
on pages it trained on. Folds of whole pages (sites) give the leave-sites-out figure:
`darnel train --skip-page-fold K/N` leaves fold K's headings out, and
`darnel evaluate-html --fold K/N` measures that model on fold K's pages alone.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from functools import lru_cache
from html.parser import HTMLParser

from training.prepare.corpus import DATA_DIR
from training.prepare.splits import split_of

PAGES_DIR = DATA_DIR / "html" / "multi-readability-test-pages"
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MIN_CHARS, MAX_CHARS = 8, 120
# Pages are split by name under this salt: a page's headings stay in one split.
PAGE_SALT = "html-page"


class _Headings(HTMLParser):
    """Collect the text of every heading element, skipping scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._depth = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HEADING_TAGS:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HEADING_TAGS and self._depth:
            self._depth -= 1
            if not self._depth:
                self.found.append(" ".join("".join(self._parts).split()))
                self._parts = []

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._parts.append(data)


def page_headings(html: str) -> list[str]:
    """Return a page's distinct headings of 8-120 characters, in page order."""
    parser = _Headings()
    parser.feed(html)
    parser.close()
    seen: dict[str, None] = {}
    for h in parser.found:
        if MIN_CHARS <= len(h) <= MAX_CHARS:
            seen.setdefault(h, None)
    return list(seen)


def _real_rows() -> list[dict[str, str]]:
    """Return the index rows of the real pages (not the hand-made fixtures); none if absent."""
    index = PAGES_DIR / "pages.tsv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r.get("kind") == "real"]


@lru_cache(maxsize=1)
def headings() -> tuple[tuple[str, str, str, str], ...]:
    """Return (heading, language, split, page) for every real page's headings; none if
    absent."""
    out: list[tuple[str, str, str, str]] = []
    for r in _real_rows():
        raw = gzip.decompress((PAGES_DIR / f"{r['name']}.html.gz").read_bytes())
        split = split_of(r["name"], PAGE_SALT)
        for h in page_headings(raw.decode("utf-8", errors="replace")):
            out.append((h, r["language"], split, r["name"]))
    return tuple(out)


def by_language(want: set[str], skip: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Return the headings of pages in the wanted splits, per language, pages in `skip` left
    out (a fold run's held-out sites)."""
    out: dict[str, list[str]] = {}
    for h, lang, split, page in headings():
        if split in want and page not in skip:
            out.setdefault(lang, []).append(h)
    return out


def parse_fold(value: str) -> tuple[int, int]:
    """Read "K/N" (fold K of N, 0-based) as given on a command line; ValueError if not."""
    k, _, n = value.partition("/")
    fold, folds = int(k), int(n)
    if not 0 <= fold < folds:
        raise ValueError(f"fold {value!r}: want K/N with 0 <= K < N")
    return fold, folds


def fold_of(page: str, folds: int) -> int:
    """Return the fold (0 .. folds-1) a page falls in for leave-sites-out runs."""
    digest = hashlib.sha256(f"{PAGE_SALT}-fold\x00{page}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % folds


def pages_in_fold(fold: int, folds: int) -> frozenset[str]:
    """Return the names of the real pages in one fold (those that have headings or not)."""
    return frozenset(r["name"] for r in _real_rows() if fold_of(r["name"], folds) == fold)
