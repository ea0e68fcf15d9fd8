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
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException

# Profiles kept as arrays: the n-grams a worker's traffic walks over recur; bounded so that
# a worker holds at most this many (55 doubles each).
_PROFILE_CACHE = 1 << 15


def detect(detector: Detector) -> str:
    """Return what `detector.detect()` returns for the text appended to it."""
    if detector.prior_map is not None:
        return str(detector.detect())  # a prior starts each walk elsewhere: langdetect's own
    detector.cleaning_text()
    ngrams = detector._extract_ngrams()
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    ranked = detector._sort_probability(_walks(detector, ngrams))
    return str(ranked[0].lang) if ranked else str(detector.UNKNOWN_LANG)


def _walks(detector: Detector, ngrams: list[str]) -> list[float]:
    """Return the language probabilities averaged over the detector's trials, as
    `Detector._detect_block` computes them (no prior map: langdetect's default)."""
    profile = _profiles(detector.word_lang_prob_map)
    profiles = [profile(w) for w in ngrams]
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
            prob *= weight + rnd.choice(profiles)
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


_Table = dict[str, list[float]]
_Arrays = Callable[[str], npt.NDArray[np.float64]]
_arrays: tuple[_Table, _Arrays] | None = None


def _profiles(table: _Table) -> _Arrays:
    """Return a cached lookup of n-gram -> its per-language probabilities as an array, for
    langdetect's loaded profile table (one per process)."""
    global _arrays
    if _arrays is None or _arrays[0] is not table:

        def array(ngram: str) -> npt.NDArray[np.float64]:
            return np.array(table[ngram], dtype=np.float64)

        _arrays = (table, functools.lru_cache(maxsize=_PROFILE_CACHE)(array))
    return _arrays[1]
