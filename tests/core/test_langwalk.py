"""Tests for service.core.langwalk: its detection gives langdetect's own answers, to the bit."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from langdetect.lang_detect_exception import LangDetectException

from service.core import langwalk
from service.core.language import langdetect_factory

PROSE = Path(__file__).resolve().parents[2] / "training" / "data" / "prose" / "leipzig-sentences"
LANGUAGES = ("en", "de", "fr", "vi", "ru", "ar", "hi", "zh", "ja", "ko", "th", "el")
ODD = [
    "12 345 !!",
    "a",
    "OK THANKS, SEE YOU",
    "Ｈｅｌｌｏ wörld ｶﾀｶﾅ",
    "Visit https://example.com/a?b=1   or write to me@example.com  today",
    "Tiếng Việt có dấu",
]


def _texts() -> list[str]:
    rng = random.Random(7)
    out = list(ODD)
    for lang in LANGUAGES:
        with gzip.open(PROSE / f"{lang}.txt.gz", "rt", encoding="utf-8") as fh:
            lines = [line.strip() for line in fh if line.strip()]
        for size in (15, 60, 300):
            out.append("  ".join(rng.sample(lines, 3))[:size])
    return out


def test_the_kept_text_and_its_ngrams_are_langdetects() -> None:
    factory = langdetect_factory()
    assert factory is not None
    for text in _texts():
        theirs = factory.create()
        theirs.append(text)
        assert langwalk._appended(text, theirs.max_text_length) == theirs.text
        theirs.cleaning_text()
        got = langwalk._ngrams(theirs.text, factory.word_lang_prob_map)
        assert got == theirs._extract_ngrams(), text


@pytest.mark.parametrize("trials", [3, 7])
def test_the_walk_gives_langdetects_probabilities_and_language(trials: int) -> None:
    factory = langdetect_factory()
    assert factory is not None
    for text in _texts():
        theirs, ours = factory.create(), factory.create()
        theirs.n_trial = ours.n_trial = trials
        theirs.append(text)
        try:
            want = theirs.detect()
        except LangDetectException:
            with pytest.raises(LangDetectException):
                langwalk.detect(ours, text)
            continue
        assert langwalk.detect(ours, text) == want, text
        # The averaged probabilities themselves, bit for bit.
        again = factory.create()
        again.n_trial = trials
        again.append(text)
        again.cleaning_text()
        assert langwalk._walks(again, again._extract_ngrams()) == theirs.langprob, text
