"""Tests for training.prepare.inject: spliced spam keeps exact offsets, whatever the placement."""

from __future__ import annotations

import random

from training.prepare.inject import PLACEMENTS, assemble
from training.prepare.snippets import Snippet

PARAS = [["One sentence here.", "Two follows."], ["Three stands alone."], ["Four.", "Five."]]
SPAM = Snippet("Win cash now at example.top", "en", "link-gambling", "train")


def test_spliced_spam_offsets_are_exact_and_the_clean_text_is_the_host() -> None:
    for seed in range(40):
        rng = random.Random(seed)
        where = PLACEMENTS[seed % len(PLACEMENTS)]
        doc = assemble([list(p) for p in PARAS], "en", "leipzig", [(SPAM, where)], rng)
        assert [doc.text[a:b] for a, b in doc.spans] == [SPAM.text]
        assert doc.clean == "\n".join(" ".join(p) for p in PARAS)
        assert SPAM.text not in doc.clean
