"""Tests for service.core.htmltext: the view keeps offsets and finds hidden content."""

from service.core.htmltext import html_view


def test_view_has_same_length_and_blanks_markup() -> None:
    src = '<p>Hello &amp; <b>world</b></p><script>alert("x")</script>'
    v = html_view(src)
    assert len(v.text) == len(src)
    assert "Hello &" in v.text and "world" in v.text
    assert "<" not in v.text and "alert" not in v.text


def test_hidden_elements_are_reported() -> None:
    src = '<div>ok</div><div style="display: none">爱上海论坛</div><span hidden>x</span>'
    v = html_view(src)
    hidden_text = [src[a:b] for a, b in v.hidden]
    assert "爱上海论坛" in hidden_text and "x" in hidden_text


def test_malformed_and_deep_html_terminates() -> None:
    src = "<div>" * 5000 + "text" + "<p unclosed" + "&#99999999999;" + "<!-- never closed"
    v = html_view(src)
    assert len(v.text) == len(src)


def test_links_are_collected() -> None:
    assert html_view('<a href="https://t.me/spam">x</a>').links == ("https://t.me/spam",)
