"""Tests for service.core.cleaning: cuts leave tidy text behind."""

import re

from service.core.cleaning import cut_spans


def _cut(text: str, *words: str) -> str:
    spans = [(m.start(), m.end()) for w in words for m in re.finditer(re.escape(w), text)]
    return cut_spans(text, spans)


def test_cut_at_line_start_takes_following_space() -> None:
    assert _cut("abc\n爱上海论坛 Venture\nz", "爱上海论坛") == "abc\nVenture\nz"


def test_cut_mid_line_leaves_one_space() -> None:
    assert _cut("mid 中文 text", "中文") == "mid text"


def test_cut_at_line_end_takes_preceding_space() -> None:
    assert _cut("end 中文\nnext", "中文") == "end\nnext"


def test_whole_line_cut_removes_the_line() -> None:
    assert _cut("a\n中文\nb", "中文") == "a\nb"
    assert _cut("a\r\n中文\r\nb", "中文") == "a\r\nb"
    assert _cut("a\n中文", "中文") == "a"


def test_no_spans_returns_text() -> None:
    assert cut_spans("same", []) == "same"
