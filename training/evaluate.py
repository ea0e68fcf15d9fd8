"""Command line: report the released model on held-out data and the UCI Almeida protocol."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from service.core.classifier import default_model_dir, load_classifier
from service.core.features import text_matrix
from service.core.language import detect_document
from service.core.segment import candidates
from training import corpus, metrics, pipeline, scoring
from training.fit import fit_head
from training.pipeline import Config
from training.splits import TEST

# Almeida et al. (2011) trained on the first 30% of the collection, in file order.
ALMEIDA_TRAIN_SHARE = 0.3
SAMPLE = Path("/work/shared/data/samples/shanghai-article.txt")


def almeida_holdout(c: float, seed: int) -> dict[str, float]:
    """Fit the message head's recipe on the first 30% of UCI SMS; score the other 70%."""
    msgs = corpus.uci_sms()
    cut = int(len(msgs) * ALMEIDA_TRAIN_SHARE)
    train, test = msgs[:cut], msgs[cut:]
    x = text_matrix([m.text for m in train])
    y = np.array([m.spam for m in train])
    # No calibration split in this protocol: the raw logistic output at 0.5 is reported.
    head = fit_head(x, y, np.ones(len(train)), x[:0], y[:0], c, seed)
    pred = [z >= 0 for z in head.decision(text_matrix([m.text for m in test])).tolist()]
    truth = [m.spam for m in test]
    r = metrics.report(truth, pred)
    _tp, fp, _fn, tn = metrics.confusion(truth, pred)
    return {
        "mcc": r["mcc"],
        "accuracy": r["accuracy"],
        "spam_caught": round(r["recall"], 4),
        "ham_blocked": round(fp / (fp + tn), 4),
        "train_rows": len(train),
        "test_rows": len(test),
    }


def sample_report(model_dir: Path, path: Path) -> list[dict[str, object]]:
    """Return the candidates of a sample document the span head scores highest."""
    clf = load_classifier(model_dir)
    text = path.read_text(encoding="utf-8")
    cands = candidates(text, detect_document(text))
    scored = sorted(zip(clf.span_proba(cands), cands, strict=True), key=lambda t: -t[0])
    return [{"p": round(p, 3), "kind": c.kind, "text": c.text[:60]} for p, c in scored[:6]]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the evaluation report as JSON; return the exit status."""
    ap = argparse.ArgumentParser(prog="darnel evaluate", description=__doc__)
    ap.add_argument("--model", type=Path, default=default_model_dir())
    ap.add_argument("--sample", type=Path, default=SAMPLE if SAMPLE.is_file() else None)
    ap.add_argument("--docs-per-language", type=int, default=Config.docs_per_language)
    args = ap.parse_args(argv)
    clf = load_classifier(args.model)
    meta = clf.metadata
    seed = int(str(meta.get("seed", Config.seed)))
    thresholds = meta.get("thresholds", {})
    span_t = float(thresholds["span"]["review"]) if isinstance(thresholds, dict) else 0.5
    cfg = Config(seed=seed, docs_per_language=args.docs_per_language)
    sentences = pipeline.load_sentences(cfg)
    docs = pipeline.span_documents(cfg, sentences, TEST)
    cands = pipeline.label(docs)
    proba = clf.span_proba([lc.candidate for lc in cands])
    report: dict[str, object] = {
        "model": clf.version,
        "uci_almeida_holdout": almeida_holdout(Config.message_c, seed),
        "injected_documents": scoring.span_report(docs, cands, proba, span_t),
        "span_characters_by_language": scoring.char_f1_by_language(docs, cands, proba, span_t),
    }
    if args.sample is not None:
        report["sample"] = sample_report(args.model, args.sample)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
