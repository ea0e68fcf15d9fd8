"""langdetect's detection with its random walk run on numpy arrays: the same walk, cheaper.

langdetect (1.0.9, its last release, pinned) tells a language by random walks over a text's
n-grams: each step multiplies the probabilities of its 55 languages by the chosen n-gram's
profile, in a Python loop over the languages, which was about a tenth of an uncached 1 KB
check. Here a step is one numpy multiply of the same doubles in the same order, the
normalising sum is Python's own sum over the same list, and the random choices are drawn
from the same generator, so every probability equals langdetect's to the bit and the same
language comes out (tests compare the two on real text in many languages).
"""

from __future__ import annotations

import functools
import re

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

# Profiles kept as arrays: the n-grams a worker's traffic walks over recur; bounded so that
# a worker holds at most this many (55 doubles each).
_PROFILE_CACHE = 1 << 15
_WORD_CACHE = 1 << 15
_CACHED_WORD = 24
_SPACES = re.compile(" {2,}")
_Table = dict[str, list[float]]


def detect(detector: Detector, text: str) -> str:
    """Return what `detector.append(text)` then `detector.detect()` return."""
    if detector.prior_map is not None or detector.text:
        # A prior starts each walk elsewhere, earlier text joins this: langdetect's own.
        detector.append(text)
        return str(detector.detect())
    detector.text = _appended(text, detector.max_text_length)
    detector.cleaning_text()
    ngrams = _ngrams(detector.text, detector.word_lang_prob_map)
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    ranked = detector._sort_probability(_walks(detector, ngrams))
    return str(ranked[0].lang) if ranked else str(detector.UNKNOWN_LANG)


def _appended(text: str, max_length: int) -> str:
    """Return the text `Detector.append` keeps: links and addresses blanked, Vietnamese
    marks composed, cut to `max_length`, runs of spaces made one (its per-character loop
    drops each space that follows a space)."""
    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    return _SPACES.sub(" ", text[:max_length])


class _Normal(dict[int, str]):
    """Code point -> the character NGram.normalize makes of it, filled as characters come:
    a str.translate table for a whole text at once."""

    def __missing__(self, cp: int) -> str:
        ch: str = NGram.normalize(chr(cp))
        self[cp] = ch
        return ch


_NORMAL = _Normal()


def _ngrams(text: str, table: _Table) -> list[str]:
    """Return the 1-3-grams `Detector._extract_ngrams` finds in text (with profiles, in
    order).

    NGram's buffer starts afresh after every space, so each space-separated word gives the
    same n-grams wherever it stands: they are worked out once per word (with the space
    after it, whose n-grams end the word) and remembered.
    """
    words = text.translate(_NORMAL).split(" ")
    ngrams = _lookups(table).word_ngrams
    out: list[str] = []
    last = len(words) - 1
    for k, word in enumerate(words):
        if word:
            out += ngrams(word + " " if k < last else word)
    return out


def _chunk_ngrams(chunk: str, table: _Table) -> list[str]:
    """Return the n-grams NGram finds in a normalised word and the space after it, from the
    buffer's state after a space; its loop, with the buffer kept in locals."""
    out: list[str] = []
    grams = " "
    capital = False
    for ch in chunk:
        last = grams[-1]
        if last == " ":
            grams = " "
            capital = False
            if ch == " ":
                continue
        elif len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        for n in range(1, len(grams) + 1):
            w = grams[-n:]
            if w != " " and w in table:
                out.append(w)
    return out


def _walks(detector: Detector, ngrams: list[str]) -> list[float]:
    """Return the language probabilities averaged over the detector's trials, as
    `Detector._detect_block` computes them (no prior map: langdetect's default)."""
    profile = _lookups(detector.word_lang_prob_map).array
    n_lang = len(detector.langlist)
    rnd = detector.random
    rnd.seed(detector.seed)
    total = np.zeros(n_lang, dtype=np.float64)
    for _ in range(detector.n_trial):
        prob = np.full(n_lang, 1.0 / n_lang, dtype=np.float64)
        alpha = detector.alpha + rnd.gauss(0.0, 1.0) * detector.ALPHA_WIDTH
        weight = alpha / detector.BASE_FREQ
        i = 0
        while True:
            prob *= weight + profile(rnd.choice(ngrams))
            if i % 5 == 0:
                # Python's sum over the floats, as langdetect sums them (numpy's pairwise
                # sum would round differently).
                prob /= sum(prob.tolist())
                if prob.max() > detector.CONV_THRESHOLD or i >= detector.ITERATION_LIMIT:
                    break
            i += 1
        total += prob / detector.n_trial
    out: list[float] = total.tolist()
    return out


class _Lookups:
    """What the walk reads of langdetect's profile table, remembered for the n-grams and
    words a worker's traffic brings again: each n-gram's profile as an array, each word's
    n-grams (only words up to _CACHED_WORD characters, so that the cache stays small)."""

    def __init__(self, table: _Table) -> None:
        self.table = table
        self.array = functools.lru_cache(maxsize=_PROFILE_CACHE)(self._array)
        self._cached_ngrams = functools.lru_cache(maxsize=_WORD_CACHE)(self._ngrams)

    def word_ngrams(self, chunk: str) -> list[str]:
        """Return `_chunk_ngrams` of a word (the list is shared: do not change it)."""
        if len(chunk) > _CACHED_WORD:
            return self._ngrams(chunk)
        return self._cached_ngrams(chunk)

    def _array(self, ngram: str) -> npt.NDArray[np.float64]:
        return np.array(self.table[ngram], dtype=np.float64)

    def _ngrams(self, chunk: str) -> list[str]:
        return _chunk_ngrams(chunk, self.table)


_current: _Lookups | None = None


def _lookups(table: _Table) -> _Lookups:
    """Return the cached lookups of langdetect's loaded profile table (one per process)."""
    global _current
    if _current is None or _current.table is not table:
        _current = _Lookups(table)
    return _current
