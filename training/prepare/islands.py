"""Make legitimate Latin-script islands in other-script prose: names, phrases and titles."""

from __future__ import annotations

import random
import re

from service.core.scripts import dominant_script, family, script_of
from training.prepare.hardneg import ENGLISH_PAIR_SHARE

# Languages whose prose is not written in Latin script: a Latin name inside them is an
# island that is usually perfectly legitimate ("iPhoneを", "Windows 11을", «Firefox»).
NON_LATIN = (
    "zh", "ja", "ko", "ru", "uk", "bg", "mk", "be", "sr", "kk", "mn", "ar", "fa", "ur",
    "he", "el", "hi", "mr", "bn", "ta", "te", "gu", "pa", "th", "ka", "hy",
)  # fmt: skip
# A Latin token with inner &+.'- allowed, then up to two more capitalised tokens.
_NAME = re.compile(
    r"[A-Za-z](?:[A-Za-z0-9&+.'-]*[A-Za-z0-9+])?(?: [A-Z][A-Za-z0-9&+.-]*[A-Za-z0-9+]){0,2}"
)
_JUNK = re.compile(r"www|http|\.(?:com|org|net|ua|ru|jpg|png|gif|rar|html?)\b|@", re.I)
_PHRASE_WORD = re.compile(r"^[A-Za-z][a-z]*$")

PARTICLES: dict[str, tuple[str, ...]] = {
    "ja": ("を", "は", "の", "で", "が", "と", "も", "に", "から", "では", "版の"),
    "ko": ("를", "을", "은", "는", "의", "에서", "가", "이", "와", "로", " 등"),
    "zh": ("的", "上", "中", "和", "版", "公司", "系统", "用户"),
    "th": ("ของ", "ใน", "และ", "รุ่น"),
}
QUOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "ja": (("「", "」"), ("『", "』"), ("“", "”")),
    "zh": (("《", "》"), ("“", "”"), ("「", "」")),
    "ko": (("‘", "’"), ("“", "”"), ("<", ">"), ("《", "》")),
    "ru": (("«", "»"), ("„", "“"), ('"', '"')),
    "uk": (("«", "»"), ('"', '"')),
}
_DEFAULT_QUOTES = (("“", "”"), ('"', '"'), ("«", "»"), ("(", ")"))
_BREAK_AFTER = "、，,。：:；;！？」）)』》 "
_BEFORE = "的在用是和与把被从对及或"
_VERSION = ("11", "10", "2", "3", "5", "7", "8", "14", "15", "2020", "Pro", "X", "SE")


def latin_names(sentences: dict[str, list[str]]) -> list[str]:
    """Return Latin-script names and terms that real non-Latin-script prose uses."""
    seen: dict[str, None] = {}
    for lang in NON_LATIN:
        for s in sentences.get(lang, []):
            for m in _NAME.finditer(s):
                name = m.group(0)
                # Short all-capital tokens (TV, EK, H) are initialisms and symbols.
                if (len(name) >= 3 or name.isupper()) and not _JUNK.search(name):
                    seen.setdefault(name, None)
    return list(seen)


def english_phrases(sentences: dict[str, list[str]], rng: random.Random, n: int) -> list[str]:
    """Cut short runs of plain words (2–5) out of English prose, some in title case."""
    pool = [s.split() for s in sentences.get("en", []) if len(s.split()) >= 6]
    out: list[str] = []
    for _ in range(n * 4):
        if len(out) >= n or not pool:
            break
        words = rng.choice(pool)
        k = rng.randint(2, 5)
        i = rng.randrange(len(words) - k + 1)
        chunk = [w.strip(",.;:!?\"'()") for w in words[i : i + k]]
        if not all(_PHRASE_WORD.match(w) for w in chunk):
            continue
        if rng.random() < 0.5:
            chunk = [w[:1].upper() + w[1:] for w in chunk]
        out.append(" ".join(chunk))
    return out


def _positions(sentence: str, spaced: bool) -> list[int]:
    """Return offsets where a term can go: after a space (spaced scripts), else at a break
    a writer would use: after punctuation, at a Han/Kana change, before a function word.
    """
    if spaced:
        return [i + 1 for i, ch in enumerate(sentence[:-1]) if ch == " "]
    out = []
    for i in range(1, len(sentence) - 1):
        a, b = sentence[i - 1], sentence[i]
        if (a in _BREAK_AFTER and b.isalpha()) or b in _BEFORE:
            out.append(i)
        elif a.isalpha() and b.isalpha() and script_of(a) != script_of(b):
            out.append(i)
    return out


def embed_latin(sentence: str, lang: str, term: str, rng: random.Random) -> str:
    """Put a Latin term inside a non-Latin sentence the way real prose does.

    Styles: glued to a particle (iPhoneを, Windows 11을), plain between words, a title in
    the language's quotes, a gloss in brackets, or sentence-initial.
    """
    if rng.random() < 0.25 and len(term.split()) == 1:
        term = f"{term} {rng.choice(_VERSION)}"
    spaced = family(dominant_script(sentence)) != "CJK"
    style = rng.random()
    if style < 0.35 and lang in PARTICLES:
        insert = term + rng.choice(PARTICLES[lang])
    elif style < 0.6:
        o, c = rng.choice(QUOTES.get(lang, _DEFAULT_QUOTES))
        insert = f"{o}{term}{c}"
    elif style < 0.7:
        insert = f"({term})"
    else:
        insert = term
    if rng.random() < 0.15:
        return f"{insert} {sentence}" if spaced or lang == "ko" else insert + sentence
    spots = _positions(sentence, spaced)
    if not spots:
        return f"{insert} {sentence}"
    k = rng.choice(spots)
    if spaced:
        return f"{sentence[:k]}{insert} {sentence[k:]}"
    return sentence[:k] + insert + sentence[k:]


def sentence_pairs(
    sentences: dict[str, list[str]], host: list[str], lang: str, rng: random.Random, n: int
) -> list[list[str]]:
    """Return n one-line paragraphs pairs: a host sentence, then one in another language
    (a bilingual page, a quoted source with its gloss)."""
    others = [k for k in sentences if k != lang and len(sentences[k]) > 20]
    if not others:
        return []
    other = "en" if "en" in others and rng.random() < ENGLISH_PAIR_SHARE else rng.choice(others)
    out: list[list[str]] = []
    for _ in range(n):
        out.append([rng.choice(host)])
        out.append([rng.choice(sentences[other])])
    return out
