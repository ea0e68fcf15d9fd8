"""Tests for service.core.htmltext: the checked text and each segment's way back."""

from __future__ import annotations

from service.core.htmltext import PARAGRAPH, TextBuilder, prefix_letters


def test_white_space_collapses_and_paragraphs_break() -> None:
    b = TextBuilder()
    b.run("  one \n two ", 10, 22, True, 0)
    b.paragraph()
    b.run("[gallery ids='4'] three", 30, 53, True, 1)
    assert "".join(b.parts) == f"one two{PARAGRAPH}three"
    assert b.seg_html[b.seg_text.index(len(f"one two{PARAGRAPH}"))] == (48, 53)
    assert prefix_letters(b)[-1] == len("onetwothree")
