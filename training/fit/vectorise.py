"""Turn the repository's data into vectorised train/calibration/test sets for both heads."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from service.core.features import candidate_matrix, text_matrix
from service.core.language import detect_document
from service.core.segment import candidates as segment_candidates
from training.prepare import corpus, datasets, holdout, snippets
from training.prepare.datasets import Example, LabelledCandidate
from training.prepare.feedback import feedback_snippets
from training.prepare.inject import Document
from training.prepare.splits import CALIB, TEST, TRAIN

# Every seventh training document calibrates the span head instead of training it.
SPAN_CALIB_EVERY = 7


@dataclass
class Config:
    """What a training run uses; the defaults rebuild the released model."""

    seed: int = 20240501
    # 180, not 120: with out-of-fold scores folded by content (the stacking step that
    # training/fit/labeller.py replaced) more documents help (engine span F1 0.9661 -> 0.9716
    # on 1.14.0's test documents); training takes ~210 s here.
    docs_per_language: int = 180
    languages: tuple[str, ...] = ()  # empty: every Leipzig language
    max_messages: int = 0  # 0: all; a smoke test uses a few hundred
    message_c: float = 4.0
    span_c: float = 2.0
    feedback_examples: list[Example] = field(default_factory=list)
    feedback_docs: list[Document] = field(default_factory=list)
    # Spam sources left out of training (leave-one-source-out evaluation).
    exclude_sources: frozenset[str] = frozenset()
    # Real pages left out of training (leave-sites-out evaluation of `format: "html"`).
    skip_pages: frozenset[str] = frozenset()


@dataclass
class Split:
    """Vectorised rows of one split with labels, weights and descriptive tags."""

    x: sp.csr_matrix
    y: npt.NDArray[np.bool_]
    w: npt.NDArray[np.float64]
    tags: list[str]
    langs: list[str]


def _split(
    x: sp.csr_matrix, y: list[bool], w: list[float], tags: list[str], langs: list[str]
) -> Split:
    return Split(x, np.array(y, dtype=bool), np.array(w, dtype=np.float64), tags, langs)


def load_sentences(cfg: Config) -> dict[str, list[str]]:
    """Return Leipzig sentences, restricted to cfg.languages when given."""
    sents = holdout.drop_held_out(corpus.leipzig())
    return {k: v for k, v in sents.items() if not cfg.languages or k in cfg.languages}


def message_sets(cfg: Config, sentences: dict[str, list[str]]) -> dict[str, Split]:
    """Return the message head's train, calibration and test splits (tags are sources)."""
    udhr = holdout.drop_held_out_udhr(corpus.udhr())
    udhr = {k: v for k, v in udhr.items() if not cfg.languages or k in cfg.languages}
    examples = datasets.message_examples(sentences, udhr, cfg.exclude_sources, cfg.skip_pages)
    if cfg.max_messages:
        examples = examples[: cfg.max_messages // 2] + examples[-cfg.max_messages // 2 :]
    examples += cfg.feedback_examples
    out = {}
    for name in (TRAIN, CALIB, TEST):
        rows = [e for e in examples if e.split == name]
        out[name] = _split(
            text_matrix([e.text for e in rows]),
            [e.spam for e in rows],
            [e.weight for e in rows],
            [e.source for e in rows],
            [e.language for e in rows],
        )
    return out


def span_documents(cfg: Config, sentences: dict[str, list[str]], split: str) -> list[Document]:
    """Build the injected and clean documents of one split (TEST, or TRAIN incl. CALIB)."""
    snips = snippets.all_snippets(cfg.seed, cfg.exclude_sources)
    snips += feedback_snippets(cfg.feedback_examples, cfg.feedback_docs)
    udhr = holdout.drop_held_out_udhr(corpus.udhr())
    udhr = {k: v for k, v in udhr.items() if not cfg.languages or k in cfg.languages}
    docs = datasets.build_documents(
        split,
        sentences,
        udhr,
        snips,
        cfg.docs_per_language,
        cfg.seed,
        cfg.exclude_sources,
        cfg.skip_pages,
    )
    if split != TEST:
        docs += cfg.feedback_docs
    return docs


def label(docs: list[Document]) -> list[LabelledCandidate]:
    """Segment and label documents exactly as the service will see them."""
    return datasets.label_candidates(docs, segment_candidates, detect_document)


@dataclass
class SpanData:
    """The span head's splits, plus what the labeller and the report need besides.

    `train_x` holds every training document's candidates (TRAIN and CALIB rows in document
    order, `calib` marking the latter) so that out-of-fold scores can be computed over all.
    """

    sets: dict[str, Split]
    train_docs: list[Document]
    train_c: list[LabelledCandidate]
    train_x: sp.csr_matrix
    calib: npt.NDArray[np.bool_]
    test_docs: list[Document]
    test_c: list[LabelledCandidate]


def _rows(
    x: sp.csr_matrix,
    rows: list[LabelledCandidate],
    docs: list[Document],
    keep: npt.NDArray[np.bool_],
) -> Split:
    chosen = [lc for lc, k in zip(rows, keep.tolist(), strict=True) if k]
    return _split(
        x[np.flatnonzero(keep)],
        [lc.spam for lc in chosen],
        [lc.weight for lc in chosen],
        [lc.source or "clean" for lc in chosen],
        [docs[lc.doc].language for lc in chosen],
    )


def span_sets(cfg: Config, sentences: dict[str, list[str]]) -> SpanData:
    """Return the span head's splits plus the documents and candidates behind them."""
    train_docs = span_documents(cfg, sentences, TRAIN)
    train_c = label(train_docs)
    test_docs = span_documents(cfg, sentences, TEST)
    test_c = label(test_docs)
    train_x = candidate_matrix([lc.candidate for lc in train_c])
    calib = np.array([lc.doc % SPAN_CALIB_EVERY == 0 for lc in train_c], dtype=bool)
    test_x = candidate_matrix([lc.candidate for lc in test_c])
    sets = {
        TRAIN: _rows(train_x, train_c, train_docs, ~calib),
        CALIB: _rows(train_x, train_c, train_docs, calib),
        TEST: _rows(test_x, test_c, test_docs, np.ones(len(test_c), dtype=bool)),
    }
    return SpanData(sets, train_docs, train_c, train_x, calib, test_docs, test_c)


def counts(split: Split) -> dict[str, dict[str, int]]:
    """Count rows per language and label."""
    out: dict[str, dict[str, int]] = {}
    for lang, spam in zip(split.langs, split.y.tolist(), strict=True):
        row = out.setdefault(lang, {"spam": 0, "ham": 0})
        row["spam" if spam else "ham"] += 1
    return dict(sorted(out.items()))
