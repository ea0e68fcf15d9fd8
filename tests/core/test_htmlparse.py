"""Tests for service.core.htmlparse: runs and elements keep their offsets in the HTML."""

from __future__ import annotations

from service.core.htmlparse import MAX_DEPTH, parse


def test_runs_point_into_the_html_as_sent() -> None:
    src = '<p class="x">Hello <b>big</b> world</p>'
    runs = parse(src).runs
    assert [r.text for r in runs] == ["Hello ", "big", " world"]
    for r in runs:
        assert src[r.start : r.end] == r.text and r.exact


def test_an_entity_maps_to_the_whole_reference() -> None:
    src = "<p>Fish &amp; chips &#169; &notanentity</p>"
    runs = {r.text: r for r in parse(src).runs}
    amp = runs["&"]
    assert src[amp.start : amp.end] == "&amp;" and not amp.exact
    assert src[runs["©"].start : runs["©"].end] == "&#169;"


def test_elements_know_their_extent_and_parent() -> None:
    src = "<div><p>one</p><p>two</div>"
    els = parse(src).elements
    div, p1, p2 = els
    assert (div.start, div.end) == (0, len(src))
    assert src[p1.start : p1.end] == "<p>one</p>" and p1.closed
    # The unclosed <p> ends where its parent's end tag closes it.
    assert src[p2.start : p2.end] == "<p>two" and not p2.closed
    assert p1.parent == p2.parent == 0


def test_implied_ends_close_open_paragraphs_and_items() -> None:
    src = "<ul><li>a<li>b</ul><p>x<div>y</div>"
    els = parse(src).elements
    li1, li2 = [e for e in els if e.name == "li"]
    assert src[li2.start : li2.end] == "<li>b"
    assert src[li1.start : li1.end] == "<li>a"
    p = next(e for e in els if e.name == "p")
    assert src[p.start : p.end] == "<p>x"


def test_script_text_is_one_raw_run() -> None:
    src = "<script>if (a < b) { x = '<p>'; }</script><p>t</p>"
    ps = parse(src)
    script = ps.elements[0]
    assert script.name == "script"
    assert [r.text for r in ps.runs if r.element == 0] == ["if (a < b) { x = '<p>'; }"]


def test_nesting_past_the_cap_is_read_as_content() -> None:
    src = "<div>" * (MAX_DEPTH + 100) + "deep" + "</div>" * (MAX_DEPTH + 100)
    ps = parse(src)
    run = next(r for r in ps.runs if r.text == "deep")
    assert src[run.start : run.end] == "deep"
    assert run.element == MAX_DEPTH - 1


def test_broken_markup_keeps_every_offset() -> None:
    src = "<div <p <<a href='x <!-- <b></i></span>text &#99999999; &#x; end"
    for r in parse(src).runs:
        if r.exact:
            assert src[r.start : r.end] == r.text
