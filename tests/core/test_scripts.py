"""Tests for service.core.scripts: per-character script, counts, dominant script."""

from service.core.scripts import (
    COMMON,
    dominant_script,
    family,
    letter_count,
    script_codes,
    script_counts,
    script_of,
)


def test_script_of_common_scripts() -> None:
    assert script_of("a") == "Latin" and script_of("é") == "Latin"
    assert script_of("上") == "Han" and script_of("𠀋") == "Han"
    assert script_of("の") == "Kana" and script_of("ｱ") == "Kana"
    assert script_of("한") == "Hangul" and script_of("ก") == "Thai"
    assert script_of("Ж") == "Cyrillic" and script_of("1") == COMMON and script_of(" ") == COMMON


def test_codes_agree_with_script_of_for_every_bmp_character() -> None:
    text = "".join(chr(cp) for cp in range(0x20, 0x10000, 7))
    codes = script_codes(text)
    assert len(codes) == len(text)
    assert script_counts(text) == script_counts_slow(text)


def script_counts_slow(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for ch in text:
        s = script_of(ch)
        if s != COMMON:
            out[s] = out.get(s, 0) + 1
    return out


def test_dominant_script_prefers_japanese_when_kana_is_present() -> None:
    assert dominant_script("東京都の天気は晴れです") == "Kana"
    assert dominant_script("上海是中国的城市") == "Han"
    assert dominant_script("12 34 !!") == COMMON
    assert family("Kana") == family("Han") == "CJK"


def test_letter_count_counts_marks_not_digits() -> None:
    assert letter_count("नमस्ते 12") == 6  # Devanagari vowel signs count
    assert letter_count("ab 12 !") == 2
