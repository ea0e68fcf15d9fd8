"""Tests for service.core.htmlpage: the checked text of a page and the way back to it."""

from __future__ import annotations

from service.core.htmlpage import read_page

ARTICLE = (
    "<html lang='en-GB'><head><title>T</title><script>var x = 'buy pills';</script></head>"
    "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<p>The first paragraph has &amp; an entity and <b>bold</b> words in it.</p>"
    "<p>The second paragraph\n   has   some white space in the middle of it.</p>"
    "<footer>Copyright 2026 Example Incorporated, all rights reserved here.</footer>"
    "</body></html>"
)


def test_prose_is_read_block_by_block_and_layout_is_not() -> None:
    page = read_page(ARTICLE)
    assert page.text == (
        "The first paragraph has & an entity and bold words in it.\n"
        "The second paragraph has some white space in the middle of it."
    )
    assert page.language == "en"
    assert page.hidden == () and page.hidden_links == ()


def test_checked_offsets_map_back_to_the_html_as_sent() -> None:
    page = read_page(ARTICLE)
    for word in ("first", "bold words", "second paragraph has some", "&"):
        a = page.text.index(word)
        hs, he = page.html_range(a, a + len(word))
        shown = " ".join(ARTICLE[hs:he].replace("<b>", "").replace("</b>", "").split())
        assert shown == word or shown == "&amp;"


def test_a_planted_hidden_link_is_evidence() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        "<div style='display:none'><a href='https://casino.example/'>best online casino bonus"
        "</a></div></body>"
    )
    page = read_page(src)
    (link,) = page.hidden_links
    assert page.text[link.start : link.end] == "best online casino bonus"
    assert link.domain == "casino.example"
    assert any(a <= link.start and link.end <= b for a, b in page.hidden)


def test_hidden_furniture_is_not_read() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        "<ul class='mobile-menu' style='display:none'><li><a href='/a'>Sports and games "
        "news today</a></li></ul>"
        "<div hidden><a href='/home'>Home</a> <a href='https://x.example/'>More great deals "
        "here now</a></div></body>"
    )
    page = read_page(src)
    assert "Sports" not in page.text and "deals" not in page.text
    assert page.hidden_links == ()


def test_short_labels_and_link_lists_are_not_prose() -> None:
    src = (
        "<body><h3>Featured Topics</h3><div><a href='/1'>One story</a> "
        "<a href='/2'>Two stories here</a> <a href='/3'>Three stories</a></div>"
        "<p>Cancel Reply</p></body>"
    )
    assert read_page(src).text == ""


def test_a_page_of_nothing_but_markup_reads_as_empty() -> None:
    assert read_page("<div><script>x</script><!-- c --></div>").text == ""


def test_an_anchor_with_an_entity_is_judged_whole() -> None:
    src = "<div hidden><a href='http://jobs.example/'>Career &amp; Jobs</a></div>"
    (link,) = read_page(src).hidden_links
    assert read_page(src).text[link.start : link.end] == "Career & Jobs"
