"""Make legitimate foreign-script insertions (bracketed names, quotes, translations)."""

from __future__ import annotations

import random
import re

# Words that also name spam services; legitimate sentences using them plainly teach the
# span model that the word alone is not the verdict.
PLAIN_KEYWORDS = re.compile(
    r"forum|club|casino|download|price|sauna|massage|dating|"
    r"论坛|会所|俱乐部|下载|价格|桑拿|按摩|夜|"
    r"форум|клуб|казино|скачать|цена|"
    r"foro|club|precio|prix|preis|kasino|harga|fórum",
    re.IGNORECASE,
)
# Words spam leans on (work, income, free, prize, investment, top-up) that prose also uses
# plainly: a clean training sentence holding one weighs as a hard negative, so the span head
# does not learn "работа" or "gratis" as spam by themselves (model 1.9.0 flagged a Russian
# sentence about a grandfather who "работал" as a bus driver).
SPAM_TOPIC_WORDS = re.compile(
    r"\b(?:work|job|earn|income|free|prize|win|bonus|offer|invest|"
    r"работ|заработ|доход|ваканси|бесплатн|деньг|инвест|приз|"
    r"gratis|hadiah|pulsa|promo|kuota|bonus|"
    r"verdien|angebot|gewinn|gratuit|gagn|offre|ganar|oferta|ganhar|grátis|"
    r"guadagn|offerta|gratuito|zarob|darmow|kazan|ücretsiz)",
    re.IGNORECASE,
)
ENGLISH_PAIR_SHARE = 0.5
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}")
_KANA_WORD = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]{2,8}")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7af]{2,6}(?: [\uac00-\ud7af]{2,6})?")
_LETTER_WORDS = re.compile(r"[^\W\d_]{3,}(?: [^\W\d_]{3,})?")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}(?: [A-Z][a-z]{3,})?\b")

_OPEN_CLOSE = (("(", ")"), ("“", "”"), ('"', '"'), ("（", "）"), ("「", "」"), ("«", "»"))
_LEADS = ("known as", "called", "or", "i.e.", "—")


def foreign_terms(sentences: dict[str, list[str]], rng: random.Random, n: int) -> list[str]:
    """Cut short real words and names out of sentences in other scripts (and Latin names)."""
    pools: dict[str, re.Pattern[str]] = {
        "zh": _CJK_WORD, "ja": _KANA_WORD, "ko": _HANGUL_WORD, "ru": _LETTER_WORDS,
        "ar": _LETTER_WORDS, "el": _LETTER_WORDS, "hi": _LETTER_WORDS, "th": _LETTER_WORDS,
        "he": _LETTER_WORDS, "en": _CAPITALISED,
    }  # fmt: skip
    found: dict[str, list[str]] = {}
    for lang, pattern in pools.items():
        terms = [m.group(0) for s in sentences.get(lang, []) for m in pattern.finditer(s)]
        found[lang] = [t for t in terms if not PLAIN_KEYWORDS.search(t)]
    langs = [k for k, v in found.items() if v]
    # Chinese is the script the motivating spam uses, so its legitimate uses are sampled most.
    weights = [4.0 if k == "zh" else 1.0 for k in langs]
    out = []
    for _ in range(n):
        lang = rng.choices(langs, weights)[0]
        out.append(rng.choice(found[lang]))
    return out


def decorate_sentence(sentence: str, term: str, rng: random.Random) -> str:
    """Insert a foreign term after a word of the sentence: bracketed, quoted or glossed."""
    words = sentence.split(" ")
    style = rng.random()
    if style < 0.6:
        o, c = rng.choice(_OPEN_CLOSE)
        insert = f"{o}{term}{c}"
    elif style < 0.8:
        insert = f"{rng.choice(_LEADS)} {term},"
    else:
        insert = term
    if len(words) < 3:
        # Unspaced (CJK, Thai) sentences: attach at a random character position instead.
        k = rng.randint(0, len(sentence))
        return sentence[:k] + insert + sentence[k:]
    k = rng.randint(1, len(words) - 1)
    return " ".join([*words[:k], insert, *words[k:]])


def keyword_sentences(sentences: dict[str, list[str]]) -> dict[str, list[str]]:
    """Return, per language, the prose sentences that use a spam-service word plainly."""
    return {
        lang: [s for s in sents if PLAIN_KEYWORDS.search(s)] for lang, sents in sentences.items()
    }


def translation_pairs(
    udhr: dict[str, list[str]], host: str, rng: random.Random, n_par: int
) -> list[list[str]]:
    """Return UDHR paragraphs each followed by its translation into another language."""
    others = [k for k in udhr if k != host]
    if host not in udhr or not others:
        return []
    # English is by far the commonest second language of real bilingual pages.
    other = "en" if "en" in others and rng.random() < ENGLISH_PAIR_SHARE else rng.choice(others)
    count = min(len(udhr[host]), len(udhr[other]))
    start = rng.randrange(max(1, count - n_par))
    out = []
    for i in range(start, min(count, start + n_par)):
        if udhr[host][i] and udhr[other][i]:  # held-out paragraphs are blanked
            out.append([udhr[host][i]])
            out.append([udhr[other][i]])
    return out
