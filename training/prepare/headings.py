"""Real headings from real web pages: clean title lines for the host documents.

Articles carry headings — short, title-cased lines on their own — and so do spam post
titles and mail subjects. Trained on host prose without a single heading, model 1.18.0's
first draft flagged the Shanghai article's own headline ("Talent Wars: The Battle for
China's Best Minds") as an injected span. The real pages of the Readability test set
(Apache-2.0, `training/data/html`) give real headings in eight languages; pages are split
whole, so a page's headings stay in one split.
"""

from __future__ import annotations

import csv
import gzip
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


@lru_cache(maxsize=1)
def headings() -> tuple[tuple[str, str, str], ...]:
    """Return (heading, language, split) for every real page's headings; none if absent."""
    index = PAGES_DIR / "pages.tsv"
    if not index.is_file():
        return ()
    out: list[tuple[str, str, str]] = []
    with index.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r.get("kind") == "real"]
    for r in rows:
        raw = gzip.decompress((PAGES_DIR / f"{r['name']}.html.gz").read_bytes())
        split = split_of(r["name"], PAGE_SALT)
        for h in page_headings(raw.decode("utf-8", errors="replace")):
            out.append((h, r["language"], split))
    return tuple(out)


def by_language(want: set[str]) -> dict[str, list[str]]:
    """Return the headings of pages in the wanted splits, per language."""
    out: dict[str, list[str]] = {}
    for h, lang, split in headings():
        if split in want:
            out.setdefault(lang, []).append(h)
    return out
