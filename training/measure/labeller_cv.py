"""Cross-validate the labeller by spam source group: `darnel labeller-cv [--c2 C] ...`.

Choosing the labeller's settings by their figures on the eval-only sources would make those
sources a development set. This measures on the training data instead: the labeller's
training sequences, with out-of-fold span scores as `darnel train` builds them, are split by
the source-group folds of `training.fit.labeller`. Each fold's labeller learns without that
fold's spam groups (and without a third of the clean sequences) and is measured on them:

- spam spans found (at least half their characters in atoms at p >= 0.5), counting only
  spam whose span score came from a head that never saw its source;
- clean documents and ham messages with any atom at p >= 0.5;
- spans found at the cut-off that flags 1% of the clean documents, which compares settings
  whatever the probability scale they end up on.

The span head's own scores on the same sequences are printed beside, as the baseline: the
labeller reads them among its features, so it earns its place only where it finds more.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from service.core.labelfeatures import Z_CLIP, Features
from service.core.labeller import Labeller
from service.core.rulefiles import load_ruleset
from training.fit import labeller, vectorise
from training.fit.train import RULES_DIR
from training.fit.vectorise import Config
from training.prepare.inject import Document
from training.prepare.splits import unit_of

CUT = 0.5
CLEAN_SALT = "labeller-cv-clean"


@dataclass(frozen=True)
class Fold:
    """The sequences one fold's labeller learns from, and those it is measured on."""

    train: list[int]
    test: list[int]


def folds(docs: Sequence[Document], sources: Sequence[Sequence[str]]) -> list[Fold]:
    """Split the sequences by the folds of their spam source groups; clean sequences by a
    hash of their text. A spam sequence is measured only where its spam is unseen."""
    groups = labeller.group_folds()
    out = [Fold([], []) for _ in range(labeller.FOLDS)]
    for i, (doc, srcs) in enumerate(zip(docs, sources, strict=True)):
        held = {groups.get(labeller.source_group(s)) for s in srcs if s} - {None}
        if not held:
            k = int(unit_of(doc.text[:200], CLEAN_SALT) * labeller.FOLDS)
            for f, fold in enumerate(out):
                (fold.test if f == k else fold.train).append(i)
            continue
        for f, fold in enumerate(out):
            if f not in held:
                fold.train.append(i)
            elif any(labeller.scored_as_unseen_source(doc.text[a:b]) for a, b in doc.spans):
                fold.test.append(i)
    return out


@dataclass
class Tally:
    """Spans (with their characters' best probability), clean documents' and ham messages'
    highest atom probability."""

    spans: list[list[tuple[int, float]]]
    clean: list[float]
    ham: list[float]

    def found(self, cut: float) -> float:
        ok = sum(1 for cov in self.spans if 2 * sum(n for n, p in cov if p >= cut) >= _size(cov))
        return ok / max(1, len(self.spans))

    def clean_cut(self) -> float:
        """The cut-off above which 1% of the clean documents have an atom."""
        if not self.clean:
            return CUT
        return float(np.quantile(np.array(self.clean), 0.99)) + 1e-9


def _size(cov: list[tuple[int, float]]) -> int:
    return sum(n for n, _p in cov)


def head_alone(feats: Sequence[Features]) -> list[float]:
    """Each atom's own span-head probability, undoing the feature's clipping and scaling:
    the baseline the labeller has to beat, since it sees this score among its features."""
    return [1.0 / (1.0 + math.exp(-f["z"] * Z_CLIP)) for f in feats]


def measure(
    probs: Callable[[int], list[float]],
    atoms: labeller.LabelledAtoms,
    docs: Sequence[Document],
    idx: Sequence[int],
    tally: Tally,
) -> None:
    """Add the answers of probs (a sequence's atom probabilities) on sequences idx to the
    tally."""
    for i in idx:
        ps = probs(i)
        doc = docs[i]
        if doc.spans:
            for a, b in doc.spans:
                cov = [
                    (min(b, t.candidate.end) - max(a, t.candidate.start), p)
                    for t, p in zip(atoms.tilings[i].atoms, ps, strict=True)
                    if t.candidate.start < b and t.candidate.end > a
                ]
                # Characters of the span no atom covers count as missed.
                cov.append((max(0, (b - a) - _size(cov)), 0.0))
                tally.spans.append(cov)
        elif doc.language == "und":
            tally.ham.append(max(ps, default=0.0))
        else:
            tally.clean.append(max(ps, default=0.0))


def _marginals(lab: Labeller, atoms: labeller.LabelledAtoms, i: int) -> list[float]:
    return lab.marginals(atoms.feats[i], atoms.edges[i])


def cross_validate(
    atoms: labeller.LabelledAtoms,
    docs: Sequence[Document],
    c2: float,
    copies: float,
    iterations: int,
) -> tuple[Tally, Tally]:
    """Fit one labeller per fold and pool their answers on the held-out sequences; return
    them with the span head's own answers on the same sequences."""
    tally, head = Tally([], [], []), Tally([], [], [])
    for fold in folds(docs, atoms.sources):
        lab = labeller.fit_labeller(
            [atoms.feats[i] for i in fold.train],
            [atoms.edges[i] for i in fold.train],
            [atoms.labels[i] for i in fold.train],
            copies,
            c2,
            iterations,
        )
        measure(partial(_marginals, lab, atoms), atoms, docs, fold.test, tally)
        measure(lambda i: head_alone(atoms.feats[i]), atoms, docs, fold.test, head)
    return tally, head


def main(argv: Sequence[str] | None = None) -> int:
    """Build the labeller's training sequences as `darnel train` does and print the figures
    of each setting asked for."""
    ap = argparse.ArgumentParser(prog="darnel labeller-cv", description=__doc__)
    ap.add_argument("--c2", type=float, nargs="+", default=[labeller.C2])
    ap.add_argument("--clean-copies", type=float, default=float(labeller.CLEAN_COPIES))
    ap.add_argument("--iterations", type=int, default=labeller.MAX_ITERATIONS)
    ap.add_argument("--docs-per-language", type=int, default=Config.docs_per_language)
    # The span head's C decides how far its scores carry to spam of a source it never saw,
    # which is what the folds measure (the labeller's training sequences are rebuilt for
    # each value: the out-of-fold scores change with it).
    ap.add_argument("--span-c", type=float, nargs="+", default=[Config.span_c])
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    cfg = Config(docs_per_language=args.docs_per_language)
    data = vectorise.span_sets(cfg, vectorise.load_sentences(cfg))
    ruleset = load_ruleset(RULES_DIR, None)
    for span_c in args.span_c:
        docs, atoms = labeller.training_atoms(data, span_c, cfg.seed, ruleset, frozenset())
        print(f"labeller-cv: {len(docs)} sequences built in {time.monotonic() - t0:.0f}s")
        for c2 in args.c2:
            tally, head = cross_validate(atoms, docs, c2, args.clean_copies, args.iterations)
            _report(tally, f"span C {span_c:g}, c2 {c2:g}, clean x{args.clean_copies:g}")
        _report(head, f"span C {span_c:g}, the span head alone")
    return 0


def _report(t: Tally, setting: str) -> None:
    """Print one setting's figures on one line."""
    cut = t.clean_cut()
    print(
        f"{setting}: at p>={CUT}: spans found "
        f"{t.found(CUT):.3f}, clean docs flagged "
        f"{np.mean(np.array(t.clean) >= CUT):.3f}, ham flagged "
        f"{np.mean(np.array(t.ham) >= CUT):.3f} | at 1% clean (p>={cut:.2f}): spans "
        f"found {t.found(cut):.3f} | {len(t.spans)} spans, {len(t.clean)} clean, "
        f"{len(t.ham)} ham"
    )


if __name__ == "__main__":
    raise SystemExit(main())
