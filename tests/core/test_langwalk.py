"""Tests for service.core.langwalk: the numpy walk gives langdetect's own answers, to the bit."""

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


def _texts() -> list[str]:
    rng = random.Random(7)
    out = ["12 345 !!", "a", "OK THANKS", "Ｈｅｌｌｏ wörld"]
    for lang in LANGUAGES:
        with gzip.open(PROSE / f"{lang}.txt.gz", "rt", encoding="utf-8") as fh:
            lines = [line.strip() for line in fh if line.strip()]
        for size in (15, 60, 300):
            out.append(" ".join(rng.sample(lines, 3))[:size])
    return out


@pytest.mark.parametrize("trials", [3, 7])
def test_the_walk_gives_langdetects_probabilities_and_language(trials: int) -> None:
    factory = langdetect_factory()
    assert factory is not None
    for text in _texts():
        theirs, ours = factory.create(), factory.create()
        for d in (theirs, ours):
            d.n_trial = trials
            d.append(text)
        try:
            want = theirs.detect()
        except LangDetectException:
            with pytest.raises(LangDetectException):
                langwalk.detect(ours)
            continue
        assert langwalk.detect(ours) == want, text
        # The averaged probabilities themselves, bit for bit.
        again = factory.create()
        again.n_trial = trials
        again.append(text)
        again.cleaning_text()
        assert langwalk._walks(again, again._extract_ngrams()) == theirs.langprob, text
