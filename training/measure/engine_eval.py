"""Run held-out documents through the real Engine and measure what users would get."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.core.engine import Engine
from service.core.types import Action, Thresholds
from training import metrics
from training.forked import fork_map
from training.prepare.inject import Document

# Alternative operating points are read off a second run whose review threshold is this
# low, so that every candidate scoring above it reaches the document score.
LOW_REVIEW = 0.2
ALTERNATIVES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Outcome:
    """What the engine said about one document, at the operating and the low threshold."""

    flagged: bool
    score: float
    low_score: float
    spans: tuple[tuple[int, int], ...]
    span_texts: tuple[tuple[str, float, str], ...]  # text, score, reason ids
    clean_text: str


_ENGINES: dict[str, Engine] = {}


def _check(text: str) -> Outcome:
    op, low = _ENGINES["op"], _ENGINES["low"]
    v = op.check(text)
    lv = low.check(text)
    return Outcome(
        v.verdict is not Action.ALLOW,
        v.score,
        lv.score,
        tuple((s.start, s.end) for s in v.spans),
        tuple((s.text, s.score, ",".join(r.id for r in s.reasons)) for s in v.spans),
        v.clean_text,
    )


def run(engine: Engine, texts: Sequence[str], workers: int = 2) -> list[Outcome]:
    """Check every text with the engine as configured and with a low review threshold."""
    low_rules = copy.copy(engine.ruleset)
    block = engine.ruleset.thresholds.block
    low_rules.thresholds = Thresholds(review=LOW_REVIEW, block=block)
    _ENGINES["op"] = engine
    _ENGINES["low"] = Engine(ruleset=low_rules, classifier=engine.classifier)
    # Forked workers inherit the loaded engines; nothing is pickled but texts and results.
    return fork_map(_check, texts, workers, min_items=50, chunksize=16)


def _cluster(i: int, d: Document) -> str:
    """Name the bootstrap cluster of a document: its longest spam message, which the test
    documents share (a clean document stands alone)."""
    if not d.spans:
        return f"clean-{i}"
    a, b = max(d.spans, key=lambda s: s[1] - s[0])
    return d.text[a:b]


def _group_report(docs: Sequence[Document], outs: Sequence[Outcome]) -> dict[str, object]:
    y = [d.injected for d in docs]
    pred = [o.flagged for o in outs]
    counts = [metrics.char_counts(d.spans, o.spans) for d, o in zip(docs, outs, strict=True)]
    tp, fp, fn = (sum(col) for col in zip(*counts, strict=True)) if counts else (0, 0, 0)
    injected = [(d, o) for d, o in zip(docs, outs, strict=True) if d.injected]
    # Character F1 pools every document's characters, so a few long messages repeated in
    # the test documents weigh most; the mean of each document's own F1 weighs them alike.
    doc_f1 = [metrics.prf(*n)["f1"] for d, n in zip(docs, counts, strict=True) if d.injected]
    _tp, clean_hit, _fn, clean_kept = metrics.confusion(y, pred)
    keys = [_cluster(i, d) for i, d in enumerate(docs)]
    found = [
        (int(o.flagged), 0, int(not o.flagged)) if d.injected else (0, 0, 0)
        for d, o in zip(docs, outs, strict=True)
    ]
    exact = sum(o.clean_text == d.clean for d, o in injected)
    loose = sum(o.clean_text.split() == d.clean.split() for d, o in injected)
    return {
        "documents": metrics.report(y, pred),
        "characters": metrics.prf(tp, fp, fn),
        "span_f1_ci95": metrics.cluster_interval(counts, keys),
        "doc_recall_ci95": metrics.cluster_interval(found, keys, stat="recall"),
        "clean_flagged_upper95": metrics.rate_upper_bound(clean_hit, clean_hit + clean_kept),
        "mean_document_char_f1": round(sum(doc_f1) / len(doc_f1), 4) if doc_f1 else None,
        "clean_text_exact": round(exact / len(injected), 4) if injected else None,
        "clean_text_same_words": round(loose / len(injected), 4) if injected else None,
        "alternatives": metrics.pr_curve(y, [o.low_score for o in outs], ALTERNATIVES),
    }


def summarise(docs: Sequence[Document], outs: Sequence[Outcome]) -> dict[str, Any]:
    """Return document, character and clean-text figures overall, per language, per source."""
    by_lang: dict[str, list[int]] = defaultdict(list)
    by_host: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        by_lang[d.language].append(i)
        by_host[d.host_source].append(i)

    def sub(rows: list[int]) -> dict[str, object]:
        return _group_report([docs[i] for i in rows], [outs[i] for i in rows])

    by_spam: dict[str, dict[str, float]] = {}
    for src in sorted({s for d in docs for s in d.spam_sources}):
        rows = [i for i, d in enumerate(docs) if src in d.spam_sources or not d.injected]
        y = [docs[i].injected for i in rows]
        by_spam[src] = metrics.report(y, [outs[i].flagged for i in rows])
    return {
        "overall": sub(list(range(len(docs)))),
        "by_language": {k: sub(v) for k, v in sorted(by_lang.items())},
        "by_host_source": {k: sub(v) for k, v in sorted(by_host.items())},
        "by_spam_source": by_spam,
    }


def worst_errors(
    docs: Sequence[Document], outs: Sequence[Outcome], n: int = 10
) -> dict[str, list[dict[str, object]]]:
    """Return the clean documents flagged most confidently and the spam missed or cut short."""
    fps = [(o.score, d, o) for d, o in zip(docs, outs, strict=True) if not d.injected and o.spans]
    fps.sort(key=lambda t: -t[0])
    false_pos = [
        {
            "language": d.language,
            "source": d.host_source,
            "score": s,
            "flagged": [list(x) for x in o.span_texts][:3],
        }
        for s, d, o in fps[:n]
    ]
    misses = []
    for d, o in zip(docs, outs, strict=True):
        for (a, b), src in zip(d.spans, d.spam_sources, strict=True):
            tp, _fp, fn = metrics.char_counts([(a, b)], o.spans)
            if fn > tp:
                misses.append((o.low_score, d, src, d.text[a:b]))
    misses.sort(key=lambda t: t[0])
    false_neg = [
        {"language": d.language, "spam_source": src, "doc_low_score": s, "missed": text[:200]}
        for s, d, src, text in misses[:n]
    ]
    return {"false_positives": false_pos, "false_negatives": false_neg}
