"""Tests for service.core.htmlblocks: runs grouped into prose, layout and hidden blocks."""

from __future__ import annotations

from service.core.htmlblocks import HIDDEN_MAX_LETTERS, page_blocks
from service.core.htmlparse import parse


def test_blocks_follow_block_elements_not_inline_ones() -> None:
    src = "<p>one <a href='/x'>two</a> three</p><nav>menu</nav><div hidden>secret</div>"
    blocks = page_blocks(parse(src)).blocks
    assert [b.kind for b in blocks] == ["prose", "layout", "hidden"]
    assert [p.run.text for p in blocks[0].pieces] == ["one ", "two", " three"]
    assert blocks[0].pieces[1].link >= 0


def test_a_big_hidden_region_is_read_as_shown() -> None:
    # A page hiding its whole article until a script runs (yahoo-2) is not hiding spam.
    body = "word " * (HIDDEN_MAX_LETTERS // 2)
    blocks = page_blocks(parse(f"<div style='display:none'><p>{body}</p></div>")).blocks
    assert [b.kind for b in blocks] == ["prose"]


def test_the_page_language_comes_from_the_html_element() -> None:
    assert page_blocks(parse("<html lang='zh-CN'><p>x</p></html>")).language == "zh"


def test_ad_slots_are_not_read_links_and_all() -> None:
    src = (
        "<div class='trc_rbox trc-content-sponsored'><a href='https://ads.example/'>How this "
        "app teaches you a language in 3 weeks! Sponsored by Babbel</a></div>"
    )
    assert page_blocks(parse(src)).blocks == []


def test_skipped_content_ends_a_block() -> None:
    src = "<body>Text before the listing <pre>code code</pre> and text after it</body>"
    blocks = page_blocks(parse(src)).blocks
    assert [[p.run.text for p in b.pieces] for b in blocks] == [
        ["Text before the listing "],
        [" and text after it"],
    ]


def test_a_block_is_layout_when_most_of_its_text_is() -> None:
    src = (
        "<div><time>Jun 15, 2023, 4:55 PM UTC</time></div>"
        "<p><time>Monday</time> the council met and voted on the new budget for the town.</p>"
        "<li> <cite>Bateman New Zealand Encyclopedia (6th ed.)</cite> p. 4</li>"
    )
    blocks = [b for b in page_blocks(parse(src)).blocks if b.pieces]
    assert [b.kind for b in blocks] == ["layout", "prose", "layout"]


def test_a_hidden_box_holding_a_form_control_is_furniture() -> None:
    src = (
        "<div style='display:none'><span>Get weekly guides and inspiration</span>"
        "<input type='email' placeholder='Email'></div>"
        "<div style='display:none'>Win a free cruise today, text WIN to 80086</div>"
    )
    blocks = page_blocks(parse(src)).blocks
    assert [b.kind for b in blocks] == ["hidden-layout", "hidden"]


def test_an_element_named_like_an_ad_that_wraps_the_page_is_read() -> None:
    src = (
        "<body><div id='ad-portal'><h1>The headline</h1><p>The article's first paragraph "
        "with its words.</p><div class='ad'><a href='https://ads.example/'>Buy</a></div>"
        "</div></body>"
    )
    blocks = [b for b in page_blocks(parse(src)).blocks if "".join(p.run.text for p in b.pieces)]
    texts = ["".join(p.run.text for p in b.pieces) for b in blocks]
    assert texts == ["The headline", "The article's first paragraph with its words."]
    assert [b.kind for b in blocks] == ["prose", "prose"]
