"""Command line: rebuild the released model from the repository's data and write its artifact."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from service.config import REPO_ROOT
from service.core.classifier import default_model_dir
from service.core.rulefiles import load_ruleset
from training import metrics
from training.fit import labeller, scoring, vectorise
from training.fit.artifact import write_artifact
from training.fit.head import Head, fit_head
from training.fit.vectorise import SPAN_CALIB_EVERY, Config, Split
from training.prepare import corpus
from training.prepare.feedback import read_feedback_files
from training.prepare.headings import pages_in_fold, parse_fold
from training.prepare.splits import CALIB, TEST, TRAIN

MODEL_VERSION = "1.21.0"
RULES_DIR = REPO_ROOT / "rules"
# The block threshold keeps false positives on legitimate text at or under this rate on the
# calibration split; review is the best-F1 point.
BLOCK_MAX_FPR = 0.002


def _fit(sets: dict[str, Split], c: float, seed: int) -> Head:
    tr, cal = sets[TRAIN], sets[CALIB]
    return fit_head(tr.x, tr.y, tr.w, cal.x, cal.y, c, seed)


def _thresholds(p: list[float], y: list[bool]) -> dict[str, float]:
    review = metrics.best_f1_threshold(y, p)
    block = max(review, metrics.threshold_for_fpr(y, p, BLOCK_MAX_FPR))
    return {"review": review, "block": block}


def _by_threshold(y: list[bool], p: list[float], ts: Sequence[float]) -> dict[str, object]:
    return {f"{t:.2f}": metrics.at_threshold(y, p, t) for t in ts}


def _by_tag(split: Split, p: list[float], t: float) -> dict[str, object]:
    out: dict[str, object] = {}
    for tag in sorted(set(split.tags)):
        rows = [i for i, g in enumerate(split.tags) if g == tag]
        out[tag] = metrics.report([bool(split.y[i]) for i in rows], [p[i] >= t for i in rows])
    return out


def train(cfg: Config, out: Path, version: str, release: bool = True) -> Path:
    """Fit both heads, measure them on the held-out test splits and write the artifact."""
    t0 = time.monotonic()
    sentences = vectorise.load_sentences(cfg)
    msg = vectorise.message_sets(cfg, sentences)
    msg_head = _fit(msg, cfg.message_c, cfg.seed)
    msg_t = _thresholds(msg_head.proba(msg[CALIB].x).tolist(), msg[CALIB].y.tolist())
    msg_p = msg_head.proba(msg[TEST].x).tolist()
    msg_y = msg[TEST].y.tolist()
    print(f"message head: {msg[TRAIN].x.shape[0]} train rows, {time.monotonic() - t0:.0f}s")

    data = vectorise.span_sets(cfg, sentences)
    spans, test_docs, test_c = data.sets, data.test_docs, data.test_c
    span_head = _fit(spans, cfg.span_c, cfg.seed)
    linear_p = span_head.proba(spans[TEST].x).tolist()
    span_y = spans[TEST].y.tolist()
    print(f"span head: {spans[TRAIN].x.shape[0]} train rows, {time.monotonic() - t0:.0f}s")

    # The labeller reads span scores of spam whose source the scoring head never saw (see
    # training/fit/labeller.py); it learns from every training document and the training
    # messages, less the CALIB documents, on which its thresholds are set. The test
    # documents are scored by the released span head, as the service will score them.
    ruleset = load_ruleset(RULES_DIR, None)
    docs, atoms = labeller.training_atoms(data, cfg.span_c, cfg.seed, ruleset, cfg.exclude_sources)
    cal = [i % SPAN_CALIB_EVERY == 0 for i in range(len(docs))]
    lab = labeller.fit_labeller(
        [f for f, c in zip(atoms.feats, cal, strict=True) if not c],
        [e for e, c in zip(atoms.edges, cal, strict=True) if not c],
        [y for y, c in zip(atoms.labels, cal, strict=True) if not c],
    )
    cal_p = [
        p
        for f, e, c in zip(atoms.feats, atoms.edges, cal, strict=True)
        if c
        for p in lab.marginals(f, e)
    ]
    cal_y = [bool(y) for ys, c in zip(atoms.labels, cal, strict=True) if c for y in ys]
    span_t = _thresholds(cal_p, cal_y)
    test_atoms = labeller.label_atoms(test_docs, data.test_c, [span_head.decision], ruleset)
    test_c = test_atoms.as_candidates()
    atom_y = [lc.spam for lc in test_c]
    test_pairs = zip(test_atoms.feats, test_atoms.edges, strict=True)
    span_p = [p for f, e in test_pairs for p in lab.marginals(f, e)]
    n_train = sum(len(ys) for ys, c in zip(atoms.labels, cal, strict=True) if not c)
    print(f"labeller: {n_train} train atoms, {time.monotonic() - t0:.0f}s")

    grid = sorted({0.3, 0.5, 0.7, 0.9, msg_t["review"], msg_t["block"]})
    span_grid = sorted({0.3, 0.5, 0.7, 0.9, span_t["review"], span_t["block"]})
    report = scoring.span_report(test_docs, test_c, span_p, span_t["review"])
    result = {
        "message_test": metrics.at_threshold(msg_y, msg_p, msg_t["review"]),
        "message_thresholds": _by_threshold(msg_y, msg_p, grid),
        "message_by_source": _by_tag(msg[TEST], msg_p, msg_t["review"]),
        "span_test": report["candidates"],
        "span_linear_only_test": metrics.at_threshold(span_y, linear_p, 0.5),
        "span_documents": report["documents"],
        "span_characters": report["characters"],
        "span_thresholds": _by_threshold(atom_y, span_p, span_grid),
        "span_by_language": report["by_language"],
        "span_by_source": report["by_source"],
        "span_char_by_language": scoring.char_f1_by_language(
            test_docs, test_c, span_p, span_t["review"]
        ),
    }
    meta: dict[str, object] = {
        "data_sha256": corpus.data_checksum(),
        "seed": cfg.seed,
        "config": {
            "docs_per_language": cfg.docs_per_language,
            "message_c": cfg.message_c,
            "span_c": cfg.span_c,
            "languages": list(cfg.languages) or "all",
            "feedback_rows": len(cfg.feedback_examples),
            # The spam sources left out (a leave-one-source-out or feedback-curve model).
            "exclude_sources": sorted(cfg.exclude_sources),
            # The real pages left out (a leave-sites-out fold), so a fold's model says which.
            "skip_pages": sorted(cfg.skip_pages),
        },
        "counts": {
            "message": {name: vectorise.counts(s) for name, s in msg.items()},
            "span": {name: vectorise.counts(s) for name, s in spans.items()},
        },
        "thresholds": {"message": msg_t, "span": span_t},
        "metrics": result,
        "training_seconds": round(time.monotonic() - t0, 1),
    }
    heads = {"message": msg_head, "span": span_head}
    vdir = write_artifact(out, version, heads, meta, release, labeller=lab)
    print(f"message test @ {msg_t['review']}: {result['message_test']}")
    print(f"span candidates @ {span_t['review']}: {result['span_test']}")
    print(f"  (span head alone: {result['span_linear_only_test']})")
    print(f"span documents: {result['span_documents']}")
    print(f"span characters: {result['span_characters']}")
    print(f"wrote {vdir} in {time.monotonic() - t0:.0f}s")
    return vdir


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, train, write the artifact; return the exit status."""
    ap = argparse.ArgumentParser(prog="darnel train", description=__doc__)
    ap.add_argument("--out", type=Path, default=default_model_dir())
    ap.add_argument("--version", default=MODEL_VERSION)
    ap.add_argument("--feedback", type=Path, action="append", default=[])
    ap.add_argument("--seed", type=int, default=Config.seed)
    ap.add_argument("--docs-per-language", type=int, default=Config.docs_per_language)
    ap.add_argument("--languages", default="", help="comma-separated subset (smoke tests)")
    ap.add_argument("--max-messages", type=int, default=0)
    ap.add_argument("--no-release", action="store_true", help="do not update CURRENT")
    ap.add_argument(
        "--skip-page-fold",
        type=parse_fold,
        default=None,
        metavar="K/N",
        help="leave the real pages of fold K of N out (evaluate-html --fold K/N measures them)",
    )
    args = ap.parse_args(argv)
    cfg = Config(
        seed=args.seed,
        docs_per_language=args.docs_per_language,
        languages=tuple(x for x in args.languages.split(",") if x),
        max_messages=args.max_messages,
        skip_pages=pages_in_fold(*args.skip_page_fold) if args.skip_page_fold else frozenset(),
    )
    cfg.feedback_examples, cfg.feedback_docs = read_feedback_files(args.feedback)
    train(cfg, args.out, args.version, release=not args.no_release)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
