"""Classify characters by writing system (script group) fast, without unicodedata names."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter

COMMON = "Common"

# (first code point, last code point, script group), sorted. Han and Kana are separate groups
# so a Japanese text (Kana present) can be told from a Chinese one; Latin covers the
# extended blocks used by European and Vietnamese text.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latin"),
    (0x0061, 0x007A, "Latin"),
    (0x00AA, 0x00AA, "Latin"),
    (0x00BA, 0x00BA, "Latin"),
    (0x00C0, 0x00D6, "Latin"),
    (0x00D8, 0x00F6, "Latin"),
    (0x00F8, 0x024F, "Latin"),
    (0x0250, 0x02AF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Lao"),
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"),
    (0x1200, 0x139F, "Ethiopic"),
    (0x1780, 0x17FF, "Khmer"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x2E80, 0x2FDF, "Han"),
    (0x3005, 0x3007, "Han"),
    (0x3021, 0x3029, "Han"),
    (0x3040, 0x309F, "Kana"),
    (0x30A0, 0x30FA, "Kana"),
    (0x30FC, 0x30FF, "Kana"),
    (0x3100, 0x312F, "Bopomofo"),
    (0x3130, 0x318F, "Hangul"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xA960, 0xA97F, "Hangul"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0xD7B0, 0xD7FF, "Hangul"),
    (0xF900, 0xFAFF, "Han"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0xFF21, 0xFF3A, "Latin"),
    (0xFF41, 0xFF5A, "Latin"),
    (0xFF66, 0xFF9F, "Kana"),
    (0xFFA0, 0xFFDC, "Hangul"),
    (0x1D400, 0x1D7FF, "Latin"),
    (0x20000, 0x3134F, "Han"),
)
_STARTS = [r[0] for r in _RANGES]

# Scripts whose languages langdetect cannot mistake for one another's: the script alone
# names the language, which is both faster and more reliable on short segments.
SCRIPT_LANGUAGE: dict[str, str] = {
    "Han": "zh",
    "Kana": "ja",
    "Hangul": "ko",
    "Thai": "th",
    "Greek": "el",
    "Hebrew": "he",
    "Armenian": "hy",
    "Georgian": "ka",
    "Bengali": "bn",
    "Gurmukhi": "pa",
    "Gujarati": "gu",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Sinhala": "si",
    "Lao": "lo",
    "Khmer": "km",
    "Myanmar": "my",
    "Tibetan": "bo",
    "Ethiopic": "am",
}


def script_of(ch: str) -> str:
    """Return the script group of one character; Common for digits, punctuation, space."""
    cp = ord(ch)
    if cp < 0x80:
        return "Latin" if ch.isalpha() else COMMON
    i = bisect.bisect_right(_STARTS, cp) - 1
    if i >= 0:
        lo, hi, name = _RANGES[i]
        if lo <= cp <= hi:
            return name
    if ch.isalpha():
        return "Other"
    return COMMON


# Script families written without spaces between words.
UNSPACED = frozenset({"CJK", "Thai", "Lao", "Khmer", "Myanmar"})


def family(script: str) -> str:
    """Group scripts that one language writes together: Japanese mixes Kana and Han."""
    return "CJK" if script in ("Han", "Kana") else script


# Each script gets a one-character code so a whole text can be classified with one
# str.translate call (C speed) instead of a Python call per character.
_NAMES = sorted({name for _, _, name in _RANGES} | {"Other"})
CODE_OF: dict[str, str] = {name: chr(0x41 + i) for i, name in enumerate(_NAMES)}
CODE_OF[COMMON] = "_"
NAME_OF: dict[str, str] = {code: name for name, code in CODE_OF.items()}
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _table() -> dict[int, str]:
    """Build the code-point -> script-code table for the Basic Multilingual Plane once."""
    return {cp: CODE_OF[script_of(chr(cp))] for cp in range(0x10000)}


@functools.lru_cache(maxsize=16)
def script_codes(text: str) -> str:
    """Return a string of the same length with each character replaced by its script code.

    Look-alike letters written into Cyrillic words count as Cyrillic (see _undisguise).
    One check asks for the codes of its whole text several times (dominant script,
    language, candidates): they are remembered for the last few texts.
    """
    codes = text.translate(_table())
    if not codes.isascii():
        codes = _ASTRAL.sub(lambda m: CODE_OF[script_of(m.group())], codes)
    if _CYR in codes:
        codes = _undisguise(text, codes)
    return codes


_CYR = CODE_OF["Cyrillic"]
_LAT = CODE_OF["Latin"]
# Alphabets whose letters Russian spam writes into its words to dodge filters:
# "Cpeдний дoxoд", "Д𝖠Ю ДОCTᎩΠ В ЗАКРЫTЫЙ KАH𝖠Л" (Latin, mathematical, Greek, Cherokee).
_GUISES = "".join(CODE_OF[s] for s in ("Latin", "Greek", "Armenian", "Other"))
_MIXED_WORD = re.compile(
    f"(?<![^_])[{_CYR}{_GUISES}]*"
    f"(?:{_CYR}[{_CYR}{_GUISES}]*[{_GUISES}]|[{_GUISES}][{_CYR}{_GUISES}]*{_CYR})"
    f"[{_CYR}{_GUISES}]*(?![^_])"
)
# A one- or two-letter word of Latin twins of Cyrillic letters between Cyrillic words:
# the "c" of "aт c дoxoдoм" (the preposition с).
_TWIN_WORD = re.compile(f"(?<={_CYR})_+({_LAT}{{1,2}})_+(?={_CYR})")
# Letters with a twin in the other alphabet say nothing about which one a word is in.
_TWINS = frozenset("aceopxyiABCEHKMOPTXYIаесорхуіјѕһԁԛԝӏАВЕКМНОРСТУХІЈЅ")


def _undisguise(text: str, codes: str) -> str:
    """Give Cyrillic to the look-alike letters of other alphabets inside Cyrillic words.

    Read letter by letter, a disguised Russian promo falls apart into two-letter Latin
    "islands" and Cyrillic scraps, and its sentences stop reading as one foreign run. A
    word that mixes the alphabets is Cyrillic when more of its letters without a twin
    in the other alphabet are Cyrillic than plain Latin ("дoxoд", but not "Dаnce"), or,
    with no such letter, when at least half its letters are Cyrillic; a short word of
    twins between Cyrillic words is Cyrillic too.
    """
    out: list[str] | None = None
    for m in _MIXED_WORD.finditer(codes):
        a, b = m.span()
        cyr = lat = cyr_all = 0
        for ch, k in zip(text[a:b], codes[a:b], strict=True):
            if k == _CYR:
                cyr_all += 1
                cyr += ch not in _TWINS
            elif ch.isascii() and ch not in _TWINS:
                lat += 1
        if cyr > lat or (cyr == lat == 0 and 2 * cyr_all >= b - a):
            out = out or list(codes)
            out[a:b] = _CYR * (b - a)
    if out is not None:
        codes = "".join(out)
    for m in _TWIN_WORD.finditer(codes):
        a, b = m.span(1)
        if all(ch in _TWINS for ch in text[a:b]):
            out = out or list(codes)
            out[a:b] = _CYR * (b - a)
    return "".join(out) if out is not None else codes


def letter_count(text: str) -> int:
    """Count the characters of some script (letters and their marks; not digits, spaces)."""
    return len(text) - script_codes(text).count(CODE_OF[COMMON])


def script_counts(text: str) -> Counter[str]:
    """Count letters per script (Common characters are not counted), the scripts in the
    order they first appear (which `most_common` keeps among ties)."""
    codes = script_codes(text)
    # One C count per script present rather than a Counter fed character by character:
    # a check counts the scripts of every candidate.
    present = sorted(set(codes), key=codes.index)
    return Counter({NAME_OF[k]: codes.count(k) for k in present if k != "_"})


def dominant_script(text: str) -> str:
    """Return the script with the most letters, Common when there are none."""
    counts = script_counts(text)
    if not counts:
        return COMMON
    # Japanese writes with more Han than Kana; any real share of Kana means Japanese.
    if counts.get("Kana", 0) and counts["Kana"] >= 0.1 * counts.get("Han", 0):
        han_kana = counts["Kana"] + counts.get("Han", 0)
        _best, n = counts.most_common(1)[0]
        if han_kana >= n:
            return "Kana"
    return counts.most_common(1)[0][0]
