"""Tests for service.core.htmldomain: registrable domains and a page's own."""

from __future__ import annotations

from service.core.htmldomain import (
    link_domain,
    own_domains,
    registrable,
    shown_domains,
    unrelated,
)
from service.core.htmlparse import parse


def test_registrable_domain_of_links() -> None:
    assert registrable("https://www.example.com/a?b") == "example.com"
    assert registrable("//cdn.news.bbc.co.uk/x") == "bbc.co.uk"
    assert registrable("/relative/path") == ""
    assert registrable("mailto:a@b.c") == ""
    assert registrable("http://[::1") == ""


def test_own_domains_from_canonical_and_most_linked() -> None:
    src = (
        '<link rel="canonical" href="https://blog.example.org/post">'
        '<a href="https://news.site.com/1">1</a><a href="https://site.com/2">2</a>'
        '<a href="https://casino.example/">x</a>'
    )
    els = parse(src).elements
    own = own_domains(els, [True] * len(els))
    assert own == {"example.org", "site.com"}
    assert unrelated("casino.example", own)
    assert not unrelated("site.com", own)
    assert not unrelated("twitter.com", own)
    assert not unrelated("doubleclick.net", own)


def test_hidden_links_do_not_make_a_domain_the_pages_own() -> None:
    src = '<a href="https://casino.example/">x</a><a href="https://casino.example/">y</a>'
    assert own_domains(parse(src).elements, [False, False]) == frozenset()


def test_shown_domains_are_every_domain_the_shown_links_point_to() -> None:
    src = (
        '<a href="https://a.example/1">1</a><a href="/home">h</a>'
        '<a href="https://news.b.example/2">2</a><a href="https://hidden.example/">3</a>'
    )
    els = parse(src).elements
    assert shown_domains(els, [True, True, True, False]) == {"a.example", "b.example"}


def test_an_item_on_a_social_network_is_a_place_of_its_own() -> None:
    own = frozenset({"example.com"})
    video = link_domain("https://www.youtube.com/watch?v=WVu5FNeX99I")
    pin = link_domain("https://www.pinterest.com/pin/796011302857523692/")
    assert (video, pin) == ("youtube.com/watch", "pinterest.com/pin")
    assert unrelated(video, own) and unrelated(pin, own)
    # Accounts and share buttons stay the site's furniture.
    for href in (
        "https://twitter.com/guardian",
        "https://www.facebook.com/theguardian",
        "https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.com",
        "https://www.pinterest.com/pin/create/button/?url=x",
    ):
        assert not unrelated(link_domain(href), own), href
    assert link_domain("https://example.org/watch?v=1") == "example.org"
