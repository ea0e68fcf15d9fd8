"""Tests for training.prepare.html_inject: real spam spliced into real pages at exact offsets."""

from __future__ import annotations

import html
import random

from training.prepare.html_inject import (
    HIDING,
    LATER_HIDING,
    hide,
    real_pages,
    spam_pieces,
    splice_visible,
)


def test_real_pages_are_the_real_ones_only() -> None:
    pages = real_pages(3)
    assert len(pages) == 3
    assert all(len(p.html) > 1000 and p.language for p in pages)


def test_every_injection_knows_where_its_spam_lies() -> None:
    rng = random.Random(1)
    links, texts = spam_pieces(1)
    assert links and texts and all(p.url.startswith("http") for p in links)
    for page in real_pages(2):
        for style, how in {**HIDING, **LATER_HIDING}.items():
            for piece in (links[0], texts[0]):
                case = hide(page, style, piece, rng)
                a, b = case.gold
                assert case.html[a:b] == html.escape(piece.text, quote=False)
                assert how in case.html[a - 200 : a]
        visible = splice_visible(page, texts[1], rng)
        if visible is not None:
            a, b = visible.gold
            assert visible.html[a:b] == html.escape(texts[1].text, quote=False)
