"""Tests for service.core.htmlverdict: a page's verdict from its text's and hidden blocks'."""

from __future__ import annotations

from dataclasses import replace

from service.core.htmlpage import read_page
from service.core.htmlverdict import (
    block_link_hits,
    hidden_link_hits,
    known_domain_hits,
    visible_view,
    with_hidden_blocks,
)
from service.core.types import Action, Reason, Span, Thresholds, Verdict

TH = Thresholds()
MODEL = Reason("model", "injected-span", "p")
HIDDEN = Reason("context", "HIDDEN_CONTENT", "inside a hidden element")


def _verdict(spans: tuple[Span, ...], score: float = 0.0) -> Verdict:
    return Verdict(
        verdict=Action.ALLOW,
        score=score,
        language="en",
        languages=(),
        spans=spans,
        reasons=(),
        clean_text="",
        rules_version="r",
        model_version="m",
    )


def test_a_hidden_block_s_own_spans_replace_the_page_s_there() -> None:
    page = _verdict((Span(0, 4, "text", "en", 0.9, (MODEL,)), Span(12, 16, "hide", "en", 0.6, ())))
    block = _verdict((Span(1, 5, "idde", "en", 0.7, (MODEL,)),))
    v = with_hidden_blocks(page, [(10, 20, block)], TH)
    assert [(s.start, s.end, s.score) for s in v.spans] == [(0, 4, 0.9), (11, 15, 0.7)]
    # Flagged whole by the message head, a block's span still says where it was.
    assert HIDDEN in v.spans[1].reasons
    assert v.verdict is Action.BLOCK and v.score == 0.9


def test_a_block_flagged_alone_flags_the_page_and_spans_stay_in_page_order() -> None:
    page = _verdict((Span(30, 34, "late", "en", 0.6, (MODEL,)),), 0.6)
    block = _verdict((Span(0, 3, "abc", "en", 0.85, (HIDDEN,)),))
    v = with_hidden_blocks(page, [(5, 8, block)], TH)
    assert [s.start for s in v.spans] == [5, 30]
    assert v.verdict is Action.BLOCK


def test_nothing_flagged_keeps_the_highest_quiet_score() -> None:
    page = _verdict((Span(5, 8, "abc", "en", 0.6, (HIDDEN,)),), 0.6)
    v = with_hidden_blocks(page, [(5, 8, _verdict((), 0.3))], TH)
    assert v.spans == () and v.verdict is Action.ALLOW and v.score == 0.3
    assert with_hidden_blocks(page, [], TH) is page


def test_a_block_read_past_the_deadline_makes_the_page_partial() -> None:
    page = _verdict((Span(30, 34, "late", "en", 0.6, (MODEL,)),), 0.6)
    late = replace(_verdict((), 0.0), partial=True)
    assert with_hidden_blocks(page, [(5, 8, late)], TH).partial
    assert not with_hidden_blocks(page, [(5, 8, _verdict(()))], TH).partial


def test_link_hits_are_given_in_the_block_s_own_offsets() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        "<div style='display:none'><a href='https://casino.example/'>best online casino bonus"
        "</a></div></body>"
    )
    page = read_page(src)
    ((a, b),) = page.hidden
    hits = hidden_link_hits(page)
    (hit,) = block_link_hits(hits, a, b)
    assert page.text[a:b][hit.start : hit.end] == "best online casino bonus"
    assert block_link_hits(hits, 0, a) == []


def test_a_domain_the_page_links_openly_is_vetoed_where_it_is_named() -> None:
    src = (
        "<body><p>Read the <a href='https://www.mozilla.org/about'>Mozilla</a> story and type "
        "www.Mozilla.org in the box, not notmozilla.org or mozilla.org.evil.example.</p></body>"
    )
    page = read_page(src)
    hits = known_domain_hits(page, 0, len(page.text))
    assert [page.text[h.start : h.end] for h in hits] == ["www.Mozilla.org"]
    assert all(h.veto and h.score < 0 for h in hits)
    a = page.text.index("type")
    (inside,) = known_domain_hits(page, a, len(page.text))
    assert page.text[a:][inside.start : inside.end] == "www.Mozilla.org"


def test_the_visible_view_blanks_hidden_blocks_and_keeps_offsets() -> None:
    src = (
        "<body><p>A real paragraph of the article with enough words to read as prose.</p>"
        "<div style='display:none'>Win a free phone now, call 0800 123 456 today</div>"
        "<p>Another real paragraph of the article, long enough to read as prose.</p></body>"
    )
    page = read_page(src)
    view = visible_view(page)
    ((a, b),) = page.hidden
    assert len(view) == len(page.text) and view[a:b].strip() == ""
    assert view[:a] == page.text[:a] and view[b:] == page.text[b:]
    assert "Win" not in view
