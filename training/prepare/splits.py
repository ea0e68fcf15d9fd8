"""Assign records to fixed train/calibration/test splits so near-duplicates never straddle them."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from service.core.normalize import fold

TRAIN, CALIB, TEST = "train", "calib", "test"
TEST_SHARE = 0.2
CALIB_SHARE = 0.15

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_KEY_CHARS = 48
_PREFIX = 200


def near_duplicate_key(text: str) -> str:
    """Fold, mask numbers, drop punctuation and spacing, keep a prefix.

    Spam templates repeat with other phone numbers, prices or trailing words; they share
    this key and therefore a split, so the test split measures unseen wording.
    """
    # Folding is per character and slow; the key needs only its first 48 characters, so a
    # generous prefix is folded first and the whole text only when that falls short.
    key = _NON_WORD.sub("", _DIGITS.sub("0", fold(text[:_PREFIX])))
    if len(key) < _KEY_CHARS and len(text) > _PREFIX:
        key = _NON_WORD.sub("", _DIGITS.sub("0", fold(text)))
    return key[:_KEY_CHARS]


def unit_of(text: str, salt: str) -> float:
    """Map a text and its near-copies to one uniform number in [0, 1), per salt."""
    key = near_duplicate_key(text)
    digest = hashlib.sha256(f"{salt}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@lru_cache(maxsize=1 << 18)
def split_of(text: str, salt: str) -> str:
    """Return TRAIN, CALIB or TEST for a text, stable across runs and machines."""
    u = unit_of(text, salt)
    if u < TEST_SHARE:
        return TEST
    if u < TEST_SHARE + CALIB_SHARE:
        return CALIB
    return TRAIN
