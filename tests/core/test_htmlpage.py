"""Tests for service.core.htmlpage: the checked text of a page and the way back to it."""

from __future__ import annotations

import pytest

from service.core.htmlpage import MAX_HIDDEN_TEXTS, MAX_JUDGED_BOXES, read_page

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


@pytest.mark.parametrize(
    "box",
    [
        "<div style='display:none'>",
        # Hidden by a class of a style sheet the planted code brings along.
        "<style>.wp-cache-7f3{position:absolute;left:-9999px}</style><div class='wp-cache-7f3'>",
    ],
)
def test_a_planted_hidden_link_is_evidence(box: str) -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        f"{box}<a href='https://casino.example/'>best online casino bonus</a></div></body>"
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


def test_hidden_site_notices_popups_and_copies_are_not_read() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        "<p>Source: <a href='https://source.example/story'>Source Science</a> said so.</p>"
        # a notice linking home
        "<div style='display:none'><span>Example.com no longer supports Internet Explorer "
        "9 or earlier.</span> <a href='/help'>LEARN MORE</a></div>"
        # a crawler's copy of the byline, linking where the page links openly
        "<div style='height:0;overflow:hidden'>Published 2017-03-10, source: "
        "<a href='https://source.example/story'>Source Science</a></div>"
        # a pop-up form
        "<div style='display:none'>Get weekly guides and inspiration for your home "
        "<input type='email'></div>"
        # code left as text
        "<span style='display:none'>Krux('scrape', { 'page_attr_description': "
        "{meta_name: 'Description'}});</span>"
        "</body>"
    )
    page = read_page(src)
    assert "Explorer" not in page.text and "Published" not in page.text
    assert "guides" not in page.text and "Krux" not in page.text
    assert page.hidden == () and page.hidden_links == ()


PROSE = "A real paragraph of the article with enough words to read as prose."


def test_hidden_promo_text_without_links_is_still_evidence() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        "<div style='display:none'>Win a free cruise today, text WIN to 80086 now</div></body>"
    )
    page = read_page(src)
    assert "free cruise" in page.text and len(page.hidden) == 1


def test_two_hidden_boxes_side_by_side_stay_two_texts_and_one_box_stays_one() -> None:
    # wikipedia-3: the page's own hidden short description, then a planted hidden promo;
    # read as one text, the description was an English island in a Russian promo.
    own = "<div style='display:none'>Matrix equal to its conjugate-transpose</div>"
    promo = "<div hidden>Win a free cruise today, text WIN to 80086 now</div>"
    two = read_page(f"<body>{own}{promo}<p>{PROSE}</p></body>")
    assert [two.text[a:b].strip() for a, b in two.hidden] == [
        "Matrix equal to its conjugate-transpose",
        "Win a free cruise today, text WIN to 80086 now",
    ]
    box = "<div hidden><p>Win a free cruise today, text WIN</p><p>to 80086 now, claim it</p></div>"
    one = read_page(f"<body>{box}<p>{PROSE}</p></body>")
    ((a, b),) = one.hidden
    assert "free cruise" in one.text[a:b] and "claim it" in one.text[a:b]


def test_links_out_of_lists_and_card_titles_are_not_read_a_lone_one_is() -> None:
    teasers = "".join(
        f"<li><a href='https://partner.example/{k}'>Headline number {k} you will not "
        "believe today</a></li>"
        for k in range(4)
    )
    src = (
        f"<body><aside><ul>{teasers}</ul></aside>"
        "<div><h3><a href='https://shop.example/'>The product we review in this part</a></h3>"
        "<p>A real paragraph of the article with enough words to read as prose.</p></div>"
        "<footer><a href='/about'>About</a> Theme: "
        "<a href='https://spam.example/'>best online casino bonus codes</a></footer></body>"
    )
    text = read_page(src).text
    assert "Headline" not in text and "product we review" not in text
    assert "best online casino bonus codes" in text


def test_hidden_text_inside_a_shown_link_is_judged_by_its_own_links() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        "<a href='/story'><p>The teaser of a story on this site</p>"
        "<div style='opacity:0'>You have won a 2,000 prize! To claim, call 09050000301</div>"
        "</a></body>"
    )
    page = read_page(src)
    assert "To claim" in page.text and len(page.hidden) == 1


def test_wordpress_block_markup_is_not_text() -> None:
    src = (
        "<!-- wp:paragraph --><p>The harbour at dawn, seen from the old pier, was quiet.</p>"
        '<!-- /wp:paragraph --><!-- wp:gallery {"ids":[4,5]} -->[gallery ids="4,5"]'
        "<!-- /wp:gallery -->"
    )
    assert read_page(src).text == "The harbour at dawn, seen from the old pier, was quiet."


def test_a_hidden_link_to_a_video_is_planted_and_one_to_an_account_is_not() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        "<div hidden><a href='https://www.youtube.com/watch?v=WVu5FNeX99I'>Orlando Mehalic</a>"
        "</div><div hidden><a href='https://twitter.com/example'>Follow us today</a></div>"
        "</body>"
    )
    page = read_page(src)
    (link,) = page.hidden_links
    assert page.text[link.start : link.end] == "Orlando Mehalic"
    assert link.domain == "youtube.com/watch"
    assert "Follow" not in page.text


def test_what_the_sites_own_style_sheet_hides_without_planted_links_reads_as_shown() -> None:
    # A byline or a caption a theme hides with a class is the site's own text: read as it
    # reads without the sheet, never as a hidden message.
    body = (
        "<p>A real paragraph of the article with enough words to read as prose.</p>"
        "<div class='sr-copy'>The same article in a copy for readers of the printed "
        "edition, with its <a href='/about'>about page</a> linked.</div>"
        "<div class='teaser'>Read what the mayor said about the new bridge on Sunday "
        "morning in the town hall.</div>"
    )
    sheet = "<style>.sr-copy{display:none} .teaser{position:absolute;left:-9999px}</style>"
    with_sheet = read_page(f"<body>{sheet}{body}</body>")
    without = read_page(f"<body>{body}</body>")
    assert with_sheet.text == without.text
    assert with_sheet.hidden == () and with_sheet.hidden_links == ()


def test_the_heads_style_sheets_are_the_themes_and_hide_no_planted_link() -> None:
    # medium-3 hides its "Open in app" link to app.link with a class of its head's sheet.
    body = (
        "<p>A real paragraph of the article with enough words to read as prose.</p>"
        "<div class='ap'><a href='https://rsci.app.link/x'>Open in app</a></div>"
    )
    page = read_page(f"<head><style>.ap{{visibility:hidden}}</style></head><body>{body}</body>")
    assert page.hidden == () and page.hidden_links == ()


def test_a_box_the_sheet_hides_inside_one_read_as_shown_is_judged_on_its_own() -> None:
    # The outer box links home: the site's own, read as shown. Inside it, a box of another
    # hidden class is judged too: prose linking nowhere is the site's (read as shown), a
    # worded link out and nowhere else is planted.
    inner = {
        "prose": "Read what the mayor said about the new bridge on Sunday in the town hall.",
        "link": "<a href='https://casino.example/'>best online casino bonus</a>",
    }
    pages = {
        k: read_page(
            "<body><style>.outer{display:none} .inner{position:absolute;left:-9999px}</style>"
            "<p>A real paragraph of the article with enough words to read as prose.</p>"
            "<div class='outer'><a href='/about'>About this site and its team</a>"
            f"<div class='inner'>{v}</div></div></body>"
        )
        for k, v in inner.items()
    }
    assert pages["prose"].hidden == () and pages["prose"].hidden_links == ()
    assert "the new bridge" in pages["prose"].text
    (link,) = pages["link"].hidden_links
    assert pages["link"].text[link.start : link.end] == "best online casino bonus"


SHEET_BOX = (
    "<body><style>.x{{position:absolute;left:-9999px}}</style>"
    "<p>A real paragraph of the article with enough words to read as prose.</p>"
    "<div class='x'>{}</div></body>"
)
PROMO = "URGENT you have won a 1000 pound prize, call 09061701461 to claim it today"
BYLINE = "Read what the mayor said about the new bridge on Sunday in the town hall."


def test_a_text_box_the_sheet_hides_is_planted_when_its_words_read_as_spam() -> None:
    # Planted code hides promo text as it hides links; a theme hides bylines and teasers
    # the same way. The box's words, read alone, tell them apart.
    asked: list[str] = []

    def judge(text: str) -> bool:
        asked.append(text)
        return "prize" in text

    promo = read_page(SHEET_BOX.format(PROMO), judge)
    (a, b), *_ = promo.hidden
    assert promo.text[a:b] == PROMO
    byline = read_page(SHEET_BOX.format(BYLINE), judge)
    assert byline.hidden == () and BYLINE in byline.text
    assert asked == [PROMO, BYLINE]
    # Without a judge (no model), such a box reads as shown, as before.
    assert read_page(SHEET_BOX.format(PROMO)).hidden == ()


def test_box_words_are_judged_for_a_bounded_number_of_boxes() -> None:
    calls = 0

    def judge(text: str) -> bool:
        nonlocal calls
        calls += 1
        return True

    n = MAX_JUDGED_BOXES + 50
    boxes = "".join(f"<div class='x'>{PROMO} number {i}</div>" for i in range(n))
    page = read_page(SHEET_BOX.format("") + boxes, judge)
    assert calls == MAX_JUDGED_BOXES
    # The judged boxes are hidden evidence, each its own text up to MAX_HIDDEN_TEXTS and the
    # touching rest one more; the boxes past the judge's bound read as shown.
    assert len(page.hidden) == MAX_HIDDEN_TEXTS
    (a, b) = page.hidden[-1]
    assert page.text[a:b].count(PROMO) == MAX_JUDGED_BOXES - MAX_HIDDEN_TEXTS + 1
    assert f"number {MAX_JUDGED_BOXES - 1}" in page.text[a:b]
    assert f"number {n - 1}" in page.text and f"number {n - 1}" not in page.text[a:b]
