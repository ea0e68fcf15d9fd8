"""Tests for service.core.htmllinks: links in lists and card titles against lone links."""

from __future__ import annotations

from service.core.htmlblocks import element_roles
from service.core.htmllinks import listed_links
from service.core.htmlparse import parse


def _listed(src: str) -> set[str]:
    parsed = parse(src)
    found = listed_links(parsed, element_roles(parsed))
    return {parsed.elements[i].attrs["href"] for i in found}


def test_items_of_a_list_of_links_are_listed() -> None:
    src = (
        "<div class='partner'><ul>"
        "<li><a href='https://p.example/1'>WTF! Is Penn Badgley Quitting TV?</a></li>"
        "<li><a href='https://p.example/2'>Hot Mess: a red carpet look</a></li>"
        "<li><a href='https://p.example/3'>Season finale music, listen here</a></li>"
        "</ul></div>"
    )
    assert _listed(src) == {"https://p.example/1", "https://p.example/2", "https://p.example/3"}


def test_a_heading_made_of_a_link_and_a_link_around_a_heading_are_titles() -> None:
    src = (
        "<div><h3><a href='https://a.example/'>Making Measurement Make Sense</a></h3>"
        "<p>A paragraph about the program, long enough to outweigh the title above.</p></div>"
        "<div><a href='https://b.example/'><h4>A card headline of some length</h4></a>"
        "<p>The card's teaser text follows here with more words.</p></div>"
    )
    assert _listed(src) == {"https://a.example/", "https://b.example/"}


def test_a_link_in_running_text_or_among_few_links_stands_alone() -> None:
    src = (
        "<p>Read more on <a href='https://a.example/'>cheap adjustable beds for sale</a> and "
        "<a href='https://b.example/'>b</a> and <a href='https://c.example/'>c</a> here in "
        "this long paragraph of ordinary article text that outweighs its links.</p>"
        "<footer><a href='/about'>About us</a> "
        "<a href='https://d.example/'>best online casino bonus codes</a></footer>"
    )
    assert _listed(src) == set()
