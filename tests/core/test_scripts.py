"""Tests for service.core.scripts: per-character script, counts, dominant script."""

from service.core.scripts import (
    COMMON,
    NAME_OF,
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


_LETTER = {"Cyrillic": "C", "Latin": "L", COMMON: "_"}  # any other script: "?"


def _scripts(text: str) -> str:
    """Each character's own script, one letter each (see _LETTER)."""
    return "".join(_LETTER.get(script_of(ch), "?") for ch in text)


def _read(text: str) -> str:
    """The script each character is read as in its word, in the same letters."""
    return "".join(_LETTER.get(NAME_OF[k], "?") for k in script_codes(text))


def test_look_alike_letters_inside_cyrillic_words_read_as_cyrillic() -> None:
    # Real disguised Telegram spam from training/data/messages/ru-tg-spam.
    assert _read("Cpeдний дoxoд 1200$ / 137.000p в нeдeлю") == (
        "CCCCCCC_CCCCC________________C_C_CCCCCC"
    )
    # Mathematical, Cherokee and Greek letters in a Cyrillic word, too.
    assert set(_read("ДОCTᎩΠ KАH𝖠Л").replace("_", "")) == {"C"}
    # The Latin "c" (the preposition с) between Cyrillic words.
    assert _read("aт c дoxoдoм") == "CC_C_CCCCCCC"


def test_genuine_latin_beside_cyrillic_stays_latin() -> None:
    assert _read("Я купил iPhone в 2010 году") == _scripts("Я купил iPhone в 2010 году")
    assert _read("Hello world в мире") == _scripts("Hello world в мире")
    # Mostly plain Latin letters: a Latin word with a stray Cyrillic one stays Latin.
    assert _read("Dаnce") == "LCLLL"
    # A Latin word of twins is Cyrillic only between two Cyrillic words.
    assert _read("ТВ-шоу Dance и a b") == _scripts("ТВ-шоу Dance и a b")
