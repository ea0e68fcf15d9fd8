"""Fit the labeller: a linear-chain CRF over the atoms of the composed training documents
(`training/fit/crf.py`), its transitions weighed by what lies between two atoms.

The span head's scores it reads are out-of-fold, and the folds hold out whole spam
*sources*: every spam atom is scored by a span head that never saw its source (the three
folds split the nine source groups), every clean atom by one that never saw its text. The
labeller so learns how far a span score can be trusted on spam of a new campaign, and which
other cues (an island at a paragraph start, a link, a handle, a run of foreign sentences)
carry a span when the score does not.
"""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from service.core.allow import apply_vetoes
from service.core.features import candidate_matrix
from service.core.labelfeatures import Features, atom_features, edge_features
from service.core.labeller import Labeller
from service.core.ruleset import Ruleset
from service.core.tiling import Tiling, hits_by_atom, tile
from service.core.types import Candidate
from training.fit import crf
from training.fit.vectorise import SpanData, label
from training.prepare import sources
from training.prepare.datasets import LabelledCandidate, covering_spam
from training.prepare.inject import Document
from training.prepare.snippets import ZH_LISTS
from training.prepare.splits import TRAIN, split_of, unit_of

# Scores vectorised candidates with one span head (decision values, not probabilities).
Scorer = Callable[[sp.csr_matrix], npt.NDArray[np.float64]]

FOLDS = 3
FOLD_SALT = "labeller-folds"
# Share of spam messages scored as spam of a source never seen (the rest as new messages
# of a known source).
SOURCE_SHARE = 0.5
# L-BFGS on the weighted log-likelihood with this L2 weight (the scale CRFsuite's c2 had
# for models 1.19.0 and before).
C2 = 1.0
MAX_ITERATIONS = 200
# Each clean sequence (a document or message with no spam) weighs as this many. The
# composed documents carry spam in four of ten, far above what a site receives; read once
# (CRFsuite, model 1.19.0's setting search),
# the labeller flagged 2.0% of clean held-out documents and 12.5% of the eval-only sources'
# ham messages, twice 1.25% and 9.2%, three times 0.5% and 7.3% (span F1 on spam never
# trained on 0.587, 0.537, 0.502). Three is the fewest that keeps clean documents within
# the 1% the service promises.
CLEAN_COPIES = 3


def source_group(source: str) -> str:
    """Name the group a spam source belongs to (as `datasets` draws them)."""
    if source == "zh-promo" or source in ZH_LISTS.values():
        return "zh"
    if source.startswith("link-"):
        return "links"
    return source


def group_folds() -> dict[str, int]:
    """Deal the spam source groups round the folds, so each fold holds three of nine out."""
    names = sorted({s.name for s in sources.train_sources()} | {"zh", "links"})
    return {g: i % FOLDS for i, g in enumerate(names)}


# Whole real messages the labeller reads besides the composed documents, per source and
# label: a chatty SMS or a one-line spam offer is a text of its own on a comment form too.
MESSAGES_PER_SOURCE = 400


def message_documents(seed: int, exclude: frozenset[str] = frozenset()) -> list[Document]:
    """Return training messages of the train sources as documents, a spam message wholly
    spam: up to MESSAGES_PER_SOURCE per source and label."""
    pools: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for m in sources.all_messages(exclude):
        if split_of(m.text, m.source) == TRAIN and m.text.strip():
            pools[(m.source, m.spam)].append(m.text)
    rng = random.Random(f"{seed}-labeller-messages")
    out: list[Document] = []
    for (src, spam), texts in sorted(pools.items()):
        for text in rng.sample(texts, min(len(texts), MESSAGES_PER_SOURCE)):
            a = len(text) - len(text.lstrip())
            b = len(text.rstrip())
            spans = [(a, b)] if spam else []
            out.append(Document(text, "und", src, spans, [src] if spam else []))
    return out


def with_messages(
    docs: Sequence[Document], cands: Sequence[LabelledCandidate], messages: list[Document]
) -> tuple[list[Document], list[LabelledCandidate]]:
    """Append message documents and their candidates (segmented as the service would)."""
    n = len(docs)
    extra = [dataclasses.replace(lc, doc=lc.doc + n) for lc in label(messages)]
    return [*docs, *messages], [*cands, *extra]


@dataclass(frozen=True)
class LabelledAtoms:
    """The training documents tiled into atoms, with labels and out-of-fold scores."""

    tilings: list[Tiling]
    labels: list[list[int]]
    feats: list[list[Features]]
    edges: list[list[tuple[str, ...]]]
    sources: list[list[str]]

    def as_candidates(self) -> list[LabelledCandidate]:
        """Return the atoms as labelled candidates, in document order (for the reports)."""
        return [
            LabelledCandidate(a.candidate, bool(y), d, src)
            for d, (t, ys, srcs) in enumerate(
                zip(self.tilings, self.labels, self.sources, strict=True)
            )
            for a, y, src in zip(t.atoms, ys, srcs, strict=True)
        ]


@dataclass(frozen=True)
class _Folds:
    """Which fold models must not see a candidate, and which one scores it."""

    held_out: frozenset[int]
    scorer: int


def _folds(doc: Document, c: Candidate, groups: dict[str, int], source_share: float) -> _Folds:
    """Clean text is held out of the fold of its text. A spam message is held out of the
    fold of its text and of the fold of its source group; it is scored as spam of an
    unseen source (by the group's fold) with probability `source_share`, else as an
    unseen message of a known source."""
    src, span = covering_spam(doc, c.start, c.end)
    if not src:
        k = int(unit_of(c.text.strip(), FOLD_SALT) * FOLDS)
        return _Folds(frozenset({k}), k)
    t = int(unit_of(span, FOLD_SALT) * FOLDS)
    g = groups.get(source_group(src))
    if g is None or source_share <= 0.0:
        return _Folds(frozenset({t}), t)
    return _Folds(frozenset({t, g}), g if scored_as_unseen_source(span, source_share) else t)


def scored_as_unseen_source(span: str, source_share: float = SOURCE_SHARE) -> bool:
    """Tell whether an injected spam text is scored by the fold that never saw its source
    group (else by the fold that never saw the text itself)."""
    return unit_of(span, FOLD_SALT + "-mix") < source_share


def fold_scorers(
    docs: Sequence[Document],
    cands: Sequence[LabelledCandidate],
    x: sp.csr_matrix,
    c: float,
    seed: int,
    source_share: float = SOURCE_SHARE,
) -> list[Scorer]:
    """Fit one span head per fold, each without the candidates held out of it."""
    groups = group_folds()
    held = [_folds(docs[lc.doc], lc.candidate, groups, source_share).held_out for lc in cands]
    y = np.array([lc.spam for lc in cands], dtype=bool)
    w = np.array([lc.weight for lc in cands], dtype=np.float64)
    models = []
    for k in range(FOLDS):
        keep = np.array([k not in h for h in held], dtype=bool)
        m = LogisticRegression(
            C=c, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=seed
        )
        m.fit(x[keep], y[keep], sample_weight=w[keep])
        models.append(m.decision_function)
    return models


def _scores(
    scorers: Sequence[Scorer], rows: list[Candidate], folds: list[int]
) -> npt.NDArray[np.float64]:
    """Score each candidate with the scorer of its own (held-out) fold, or with the only
    scorer given."""
    out = np.zeros(len(rows), dtype=np.float64)
    if not rows:
        return out
    x = candidate_matrix(rows)
    if len(scorers) == 1:
        return np.asarray(scorers[0](x), dtype=np.float64)
    f = np.array(folds)
    for k, score in enumerate(scorers):
        idx = np.flatnonzero(f == k)
        if idx.size:
            out[idx] = score(x[idx])
    return out


def label_atoms(
    docs: Sequence[Document],
    cands: Sequence[LabelledCandidate],
    scorers: Sequence[Scorer],
    ruleset: Ruleset,
    source_share: float = SOURCE_SHARE,
) -> LabelledAtoms:
    """Tile each document, label its atoms, score them (out of fold when given one scorer
    per fold) and describe them."""
    by_doc: dict[int, list[Candidate]] = defaultdict(list)
    for lc in cands:
        by_doc[lc.doc].append(lc.candidate)
    groups = group_folds()
    tilings = [tile(d.text, by_doc.get(i, [])) for i, d in enumerate(docs)]
    rows: list[Candidate] = []
    folds: list[int] = []
    for d, t in zip(docs, tilings, strict=True):
        for a in t.atoms:
            rows.append(a.candidate)
            folds.append(_folds(d, a.candidate, groups, source_share).scorer)
        for u in t.units:
            rows.append(u)
            folds.append(_folds(d, u, groups, source_share).scorer)
    z = _scores(scorers, rows, folds)
    feats: list[list[Features]] = []
    edges: list[list[tuple[str, ...]]] = []
    labels: list[list[int]] = []
    srcs: list[list[str]] = []
    pos = 0
    for d, t in zip(docs, tilings, strict=True):
        na, nu = len(t.atoms), len(t.units)
        z_atom, z_unit = z[pos : pos + na], z[pos + na : pos + na + nu]
        pos += na + nu
        hits = apply_vetoes(ruleset.match(d.text))
        feats.append(atom_features(d.text, t, z_atom, z_unit, hits_by_atom(t, hits)))
        edges.append(edge_features(d.text, t))
        srcs.append([covering_spam(d, a.candidate.start, a.candidate.end)[0] for a in t.atoms])
        labels.append([int(bool(x)) for x in srcs[-1]])
    return LabelledAtoms(tilings, labels, feats, edges, srcs)


def fit_labeller(
    feats: Sequence[Sequence[Features]],
    edges: Sequence[Sequence[Sequence[str]]],
    labels: Sequence[Sequence[int]],
    clean_copies: float = CLEAN_COPIES,
    c2: float = C2,
    iterations: int = MAX_ITERATIONS,
) -> Labeller:
    """Fit the CRF; a clean sequence weighs `clean_copies`, one with spam 1."""
    weights = [1.0 if any(ys) else float(clean_copies) for ys in labels]
    return crf.fit(crf.build_corpus(feats, edges, labels, weights), c2, iterations)


def training_atoms(
    data: SpanData, span_c: float, seed: int, ruleset: Ruleset, exclude: frozenset[str]
) -> tuple[list[Document], LabelledAtoms]:
    """Return the labeller's training sequences: every training document and the training
    messages, tiled, labelled and scored out of fold (`darnel train`, `darnel labeller-cv`)."""
    scorers = fold_scorers(data.train_docs, data.train_c, data.train_x, span_c, seed)
    docs, cands = with_messages(data.train_docs, data.train_c, message_documents(seed, exclude))
    return docs, label_atoms(docs, cands, scorers, ruleset)
