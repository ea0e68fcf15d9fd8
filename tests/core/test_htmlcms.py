"""Tests for service.core.htmlcms: shortcodes read as markup, bracketed prose kept."""

from __future__ import annotations

from service.core.htmlcms import separators


def _gaps(text: str) -> list[str]:
    return [text[a:b] for a, b in separators(text)]


def test_shortcodes_with_attributes_and_closed_pairs_are_markup() -> None:
    text = '[gallery ids="1,2,3"] A [caption id=a1 width="300"]harbour[/caption] [embed]u[/embed]'
    assert _gaps(text) == [
        '[gallery ids="1,2,3"] ',
        ' [caption id=a1 width="300"]',
        "[/caption] [embed]",
        "[/embed]",
    ]


def test_bracketed_prose_is_not_a_shortcode() -> None:
    text = "He said [sic] that [citation needed] and [1] stand."
    assert _gaps(text) == [" "] * 8
