"""Tests for service.core.htmlclean: spam cut out, markup well-formed, the rest kept."""

from __future__ import annotations

from collections import Counter

from service.core.htmlclean import clean_html
from service.core.htmlpage import read_page
from service.core.htmlparse import parse


def _names(src: str) -> Counter[str]:
    return Counter(e.name for e in parse(src).elements)


def _cut(src: str, spam: str) -> str:
    """Return the page's clean HTML with the text `spam` flagged."""
    page = read_page(src)
    a = page.text.index(spam)
    return clean_html(page, [(a, a + len(spam))])


def test_a_hidden_spam_block_goes_with_its_tags() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read.</p>"
        "<div style='display:none'><a href='https://casino.example/'>best casino bonus</a>"
        "</div><p>Another paragraph of the article with enough words to read.</p></body>"
    )
    clean = _cut(src, "best casino bonus")
    assert "casino" not in clean
    assert _names(src) - _names(clean) == Counter({"div": 1, "a": 1})
    assert clean.count("<p>") == 2


def test_spam_inside_prose_is_cut_as_text_only() -> None:
    src = "<p>爱上海论坛 The glass towers of <i>Shanghai</i> glitter with ambition.</p>"
    page = read_page(src)
    clean = clean_html(page, [(0, len("爱上海论坛"))])
    assert clean == "<p>The glass towers of <i>Shanghai</i> glitter with ambition.</p>"


def test_a_span_across_inline_tags_cuts_text_and_elements_wholly_inside() -> None:
    src = "<p>Read this: buy <b>cheap</b> pills <i>now, and</i> then the rest of it.</p>"
    page = read_page(src)
    a = page.text.index("buy")
    b = page.text.index("now") + 3
    clean = clean_html(page, [(a, b)])
    # <b> shows only spam and goes; <i> shows more than spam and stays, its tags intact.
    assert clean == "<p>Read this: <i>, and</i> then the rest of it.</p>"


def test_no_spans_leaves_the_html_untouched() -> None:
    src = "<p>Nothing to cut here, just a paragraph of ordinary words.</p>"
    assert clean_html(read_page(src), []) == src


def test_an_element_with_unread_text_stays() -> None:
    # The <div> shows only the planted link of what was read, but also a menu that was
    # not read as prose: it stays, only the planted box goes.
    src = (
        "<body><p>A real paragraph of the article with enough words to read.</p>"
        "<div><nav><a href='/'>Home</a></nav><span style='display:none'>"
        "<a href='https://casino.example/'>best casino bonus</a></span></div></body>"
    )
    clean = _cut(src, "best casino bonus")
    assert "casino" not in clean
    assert _names(src) - _names(clean) == Counter({"span": 1, "a": 1})


def test_an_element_holding_a_textless_element_keeps_it_when_its_text_is_cut() -> None:
    # All the text of the <p> is flagged, but its picture and line break are not text:
    # they stay, and only the flagged words go.
    src = (
        "<body><p>A real paragraph of the article with enough words to read.</p>"
        "<p><img src='/a.png'>Win a free phone now<br>call 0800 now to claim it</p></body>"
    )
    page = read_page(src)
    a = page.text.index("Win")
    clean = clean_html(page, [(a, len(page.text))])
    assert "Win" not in clean and "claim" not in clean
    assert _names(src) - _names(clean) == Counter()
    assert "<p><img src='/a.png'><br></p>" in clean


def test_the_flagged_element_inside_one_holding_a_picture_still_goes_whole() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read.</p>"
        "<div><img src='/a.png'><span style='display:none'>"
        "<a href='https://casino.example/'>best online casino bonus</a></span></div>"
        "</body>"
    )
    clean = _cut(src, "best online casino bonus")
    assert _names(src) - _names(clean) == Counter({"span": 1, "a": 1})
    assert "<div><img src='/a.png'></div>" in clean
