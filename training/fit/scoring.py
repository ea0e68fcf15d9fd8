"""Score the span head on built documents: per document, per language, per source, per character."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from training.metrics import report
from training.prepare.datasets import LabelledCandidate
from training.prepare.inject import Document


def char_set(spans: Sequence[tuple[int, int]]) -> set[int]:
    """Return the character offsets that [start, end) spans cover."""
    return {i for a, b in spans for i in range(a, b)}


def flagged_spans(
    cands: Sequence[LabelledCandidate], proba: Sequence[float], threshold: float
) -> dict[int, list[tuple[int, int]]]:
    """Return, per document index, the [start, end) of candidates scored at or above threshold."""
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for lc, p in zip(cands, proba, strict=True):
        if p >= threshold:
            out[lc.doc].append((lc.candidate.start, lc.candidate.end))
    return out


def span_report(
    docs: Sequence[Document],
    cands: Sequence[LabelledCandidate],
    proba: Sequence[float],
    threshold: float,
) -> dict[str, object]:
    """Return candidate-level, document-level (overall and per language), per-source and
    character-level metrics at one threshold."""
    flagged = flagged_spans(cands, proba, threshold)
    y = [lc.spam for lc in cands]
    pred = [p >= threshold for p in proba]
    by_lang: dict[str, tuple[list[bool], list[bool]]] = defaultdict(lambda: ([], []))
    tp = fp = fn = 0
    for i, doc in enumerate(docs):
        truth = char_set(doc.spans)
        got = char_set(flagged.get(i, []))
        tp += len(truth & got)
        fp += len(got - truth)
        fn += len(truth - got)
        ys, ps = by_lang[doc.language]
        ys.append(doc.injected)
        ps.append(bool(flagged.get(i)))
    doc_y = [d.injected for d in docs]
    doc_p = [bool(flagged.get(i)) for i in range(len(docs))]
    by_source: dict[str, tuple[list[bool], list[bool]]] = defaultdict(lambda: ([], []))
    for lc, p in zip(cands, pred, strict=True):
        if lc.spam:
            by_source[lc.source][0].append(True)
            by_source[lc.source][1].append(p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "threshold": threshold,
        "candidates": report(y, pred),
        "documents": report(doc_y, doc_p),
        "characters": {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        },
        "by_language": {k: report(*v) for k, v in sorted(by_lang.items())},
        "by_source": {k: report(*v) for k, v in sorted(by_source.items())},
    }


def char_f1_by_language(
    docs: Sequence[Document],
    cands: Sequence[LabelledCandidate],
    proba: Sequence[float],
    threshold: float,
) -> dict[str, dict[str, float]]:
    """Return character-level precision, recall and F1 of flagged spans per host language."""
    flagged = flagged_spans(cands, proba, threshold)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for i, doc in enumerate(docs):
        truth = char_set(doc.spans)
        got = char_set(flagged.get(i, []))
        c = counts[doc.language]
        c[0] += len(truth & got)
        c[1] += len(got - truth)
        c[2] += len(truth - got)
    out = {}
    for lang, (tp, fp, fn) in sorted(counts.items()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[lang] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "fp_chars": fp,
        }
    return out
