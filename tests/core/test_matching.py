"""Tests for service.core.matching: keyword boundaries, RE2-only patterns, contact handles."""

from __future__ import annotations

import pytest

from service.core.evasion import fold_term
from service.core.matching import (
    CONTACT_PATTERNS,
    KeywordMatcher,
    PatternError,
    RegexMatcher,
    compile_pattern,
)


def _kw(terms: list[str], text: str) -> list[tuple[int, int, int]]:
    return list(KeywordMatcher((fold_term(t), i) for i, t in enumerate(terms)).find(text))


def test_latin_keywords_respect_word_boundaries() -> None:
    assert _kw(["ass"], "a class act") == []
    assert _kw(["ass"], "what an ass!") == [(0, 8, 11)]


def test_cjk_keywords_match_inside_running_text() -> None:
    assert _kw(["龙凤"], "上海龙凤419") == [(0, 2, 4)]


def test_korean_keywords_start_a_word_and_may_end_inside_one() -> None:
    # 염병 is a curse; 전염병 ("epidemic") holds it mid-word, 염병할 starts with it.
    assert _kw(["염병"], "수인성 전염병일 가능성") == []
    assert _kw(["염병"], "염병할 놈") == [(0, 0, 2)]
    assert _kw(["염병"], "뭐? 염병!") == [(0, 3, 5)]


def test_many_rules_share_one_term() -> None:
    m = KeywordMatcher([("spam", 0), ("spam", 1), ("spam", 1)])
    assert sorted(m.find("spam")) == [(0, 0, 4), (1, 0, 4)]
    assert m.size == 1


def test_empty_matchers_find_nothing() -> None:
    assert list(KeywordMatcher([]).find("text")) == []
    assert list(RegexMatcher([]).find("text")) == []


def test_regex_reports_hit_group() -> None:
    m = RegexMatcher([(r"x(?P<hit>ab+)y", 3)])
    assert list(m.find("..xabby..")) == [(3, 3, 6)]


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=a)b", r"(?<!a)b", r"a(?!b)", "("])
def test_patterns_re2_cannot_run_are_rejected(pattern: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern(pattern)
    with pytest.raises(PatternError):
        RegexMatcher([(pattern, 0)])


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("qq", "qq:12345678 ", "qq:12345678"),
        ("wechat", "微信 abc_123", "微信 abc_123"),
        ("telegram", "see t.me/some_channel", "t.me/some_channel"),
        ("whatsapp", "wa.me/6281234567890", "wa.me/6281234567890"),
        ("phone", "call 13812345678.", "13812345678"),
        ("url", "at https://x.example.org/a?b=1 ok", "https://x.example.org/a?b=1"),
        ("email", "mail a.b@example.co.uk", "a.b@example.co.uk"),
    ],
)
def test_contact_patterns(kind: str, text: str, expected: str) -> None:
    hits = list(RegexMatcher([(CONTACT_PATTERNS[kind], 0)]).find(text))
    assert [text[s:e] for _r, s, e in hits] == [expected]


@pytest.mark.parametrize("text", ["in 2024 we had 7,000 firms", "qq音乐", "room 1234"])
def test_contact_patterns_skip_ordinary_numbers(text: str) -> None:
    for kind in ("qq", "phone", "wechat"):
        assert list(RegexMatcher([(CONTACT_PATTERNS[kind], 0)]).find(text)) == []


def test_thousands_of_regexes_compile_in_chunks_and_all_match() -> None:
    # One RE2 Set over 10,000 patterns exceeds RE2's memory budget; chunks must not.
    from service.core.matching import RegexMatcher

    pats = [(rf"\bword{i}x[a-z]{{0,3}}\b", i) for i in range(10_000)]
    matcher = RegexMatcher(pats)
    found = {rule for rule, _s, _e in matcher.find("a word9999xab and word3x here")}
    assert found == {9999, 3}
