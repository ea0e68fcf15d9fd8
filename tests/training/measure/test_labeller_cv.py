"""Tests for training.measure.labeller_cv: the folds by source group and the tally."""

from __future__ import annotations

import math

import numpy as np

from service.core.labeller import Labeller
from service.core.segment import candidates
from service.core.tiling import tile
from training.fit import labeller
from training.measure import labeller_cv
from training.measure.labeller_cv import Tally, folds, head_alone, measure
from training.prepare.inject import Document


def _spam_doc(n: int, source: str) -> Document:
    spam = f"Win cash number {n} now at the casino club tonight."
    text = f"The council met at noon. {spam} The park stays open."
    a = text.index(spam)
    return Document(text, "en", "leipzig", [(a, a + len(spam))], [source])


def test_spam_is_measured_only_in_the_fold_that_never_saw_its_group() -> None:
    groups = labeller.group_folds()
    docs = [_spam_doc(n, "en-uci-sms-spam") for n in range(40)]
    docs += [Document(f"A clean sentence number {n}.", "en", "leipzig") for n in range(30)]
    sources = [["", "en-uci-sms-spam", ""] if d.spans else [""] for d in docs]
    fs = folds(docs, sources)
    k = groups["en-uci-sms-spam"]
    for f, fold in enumerate(fs):
        spam_train = [i for i in fold.train if docs[i].spans]
        spam_test = [i for i in fold.test if docs[i].spans]
        if f == k:
            assert not spam_train and spam_test  # some, not all: only unseen-scored spam
        else:
            assert len(spam_train) == 40 and not spam_test
    # Each clean sequence is measured in exactly one fold and learnt from in the others.
    for i in range(40, 70):
        assert sum(i in fold.test for fold in fs) == 1
        assert sum(i in fold.train for fold in fs) == labeller.FOLDS - 1


def test_a_span_counts_as_found_when_half_its_characters_are_flagged() -> None:
    doc = _spam_doc(1, "x")
    t = tile(doc.text, candidates(doc.text, "en"))
    # Spam only where the atom is the injected sentence.
    spam_atoms = [a.candidate.text.startswith("Win") for a in t.atoms]
    lab = Labeller(("spam",), np.array([[0.0, 5.0]]), np.zeros((2, 2)))
    feats = [{"spam": 1.0 if s else -1.0} for s in spam_atoms]
    labels = [[int(s) for s in spam_atoms]]
    srcs = [["x" if s else "" for s in spam_atoms]]
    atoms = labeller.LabelledAtoms([t], labels, [feats], [[()] * len(feats)], srcs)
    tally = Tally([], [], [])
    measure(lambda i: lab.marginals(atoms.feats[i], atoms.edges[i]), atoms, [doc], [0], tally)
    assert tally.found(labeller_cv.CUT) == 1.0
    assert tally.found(0.999999) == 0.0


def test_the_head_baseline_reads_the_span_score_back_from_its_feature() -> None:
    # The feature is the log-odds clipped to +-6 and scaled to +-1.
    ps = head_alone([{"z": 0.0}, {"z": 0.5}, {"z": -1.0}])
    assert ps[0] == 0.5
    assert abs(ps[1] - 1 / (1 + math.exp(-3.0))) < 1e-12
    assert ps[2] < 0.003
