"""How fast moderators' decisions teach Darnel a spam source it never saw.

Leave-one-source-out (`darnel evaluate`) says what Darnel does on the first day of a new
campaign. A site's answer to a campaign that gets through is its moderators: each message
they mark as spam goes into the next `darnel train --feedback`. This measures that loop.
For a train source left out of training, its messages are cut in two halves by a hash of
their wording (near-copies of a template fall in the same half). k spam messages of the
first half become moderator decisions, written as feedback lines that mark the whole
message as spam and read back by the reader `darnel train --feedback` uses. A model is
trained without the source but with those lines. The second half is measured as in
leave-one-source-out: pieces spliced into held-out prose, and whole messages. Clean
documents are measured beside them, so what the decisions cost shows too.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from service.config import REPO_ROOT
from service.core.classifier import load_classifier
from service.core.engine import Engine
from service.core.rulefiles import load_ruleset
from service.core.ruleset import Ruleset
from training.fit import train as train_module
from training.fit import vectorise
from training.fit.vectorise import Config
from training.measure import crosssource
from training.measure.report import CROSS_NOTE, cross_row, table
from training.prepare import corpus, holdout, sources
from training.prepare.corpus import Message
from training.prepare.feedback import read_feedback_files
from training.prepare.splits import unit_of

# The leave-one-source-out runs' faster setting, so that k = 0 is that run's model.
CURVE_CONFIG = Config(docs_per_language=60)
DEFAULT_KS = (0, 20, 100)
# Clean documents per host language measured beside each model (as `darnel evaluate`).
CLEAN_PER_LANGUAGE = 16
_SALT = "feedback-curve"

# Trains a model without the given sources and with the given feedback files.
TrainWith = Callable[[frozenset[str], Sequence[Path]], Engine]


def halves(messages: Sequence[Message]) -> tuple[list[Message], list[Message]]:
    """Cut messages into the half moderators may decide and the half that is measured;
    near-copies of one template land in the same half, so none is measured on its twin."""
    first: list[Message] = []
    second: list[Message] = []
    for m in messages:
        (first if unit_of(m.text, _SALT) < 0.5 else second).append(m)
    return first, second


def decisions(pool: Sequence[Message], k: int, seed: int) -> list[dict[str, Any]]:
    """Return k moderator decisions on distinct spam messages of the pool, as feedback
    lines: the whole message (its visible characters) marked as spam."""
    spam = crosssource.distinct_spam(pool)
    rng = random.Random(f"{seed}-{_SALT}")
    if k > len(spam):
        raise ValueError(f"{k} decisions asked for, the source has {len(spam)} to decide")
    out = []
    for m in rng.sample(spam, k):
        start = len(m.text) - len(m.text.lstrip())
        end = len(m.text.rstrip())
        out.append(
            {
                "text": m.text,
                "label": "spam",
                "language": m.language,
                "source": "moderator",
                "spans": [{"start": start, "end": end}],
            }
        )
    return out


def write_lines(lines: Sequence[dict[str, Any]], path: Path) -> Path:
    """Write feedback lines as the JSONL file `darnel train --feedback` reads."""
    with path.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def trainer(cfg: Config, ruleset: Ruleset, work: Path) -> TrainWith:
    """Return how the curve trains: `cfg` without the given sources and with the given
    feedback files (read as `darnel train --feedback` reads them), under `work`."""

    def train_with(exclude: frozenset[str], feedback: Sequence[Path]) -> Engine:
        examples, docs = read_feedback_files(feedback)
        run = replace(cfg, exclude_sources=exclude, feedback_examples=examples, feedback_docs=docs)
        name = f"{'-'.join(sorted(exclude))}-{len(examples)}"
        vdir = train_module.train(run, work / name, f"feedback-{name}", release=False)
        return Engine(ruleset=ruleset, classifier=load_classifier(vdir))

    return train_with


def curve(
    group: str,
    ks: Sequence[int],
    train_with: TrainWith,
    sentences: dict[str, list[str]],
    clean: Sequence[crosssource.Case],
    seed: int,
    work: Path,
    workers: int = 2,
) -> dict[int, dict[str, Any]]:
    """Measure, for each k, a model trained without `group` but with k decisions on it."""
    messages = [m for m in sources.all_messages() if m.source == group]
    if not messages:
        raise ValueError(f"no messages of source {group!r}")
    pool, measured = halves(messages)
    pieces = crosssource.sample_pieces(measured, seed)
    cases = crosssource.injected_cases(pieces, sentences, seed)
    cases += crosssource.message_cases(measured, seed) + list(clean)
    out: dict[int, dict[str, Any]] = {}
    for k in ks:
        path = write_lines(decisions(pool, k, seed), work / f"{group}-{k}.jsonl")
        engine = train_with(frozenset({group}), [path])
        out[k] = crosssource.summarise(cases, crosssource.run(engine, cases, workers))
    return out


def markdown(results: dict[str, dict[int, dict[str, Any]]], docs_per_language: int) -> str:
    """Render the curves: one row per source and number of decisions."""
    rows = {
        f"{group}, {k} decisions": cross_row(summary)
        for group, by_k in results.items()
        for k, summary in by_k.items()
    }
    cols = (
        "docs flagged",
        "found: own language",
        "found: same script",
        "found: other script",
        "span F1",
        "clean flagged",
        "msg F1",
        "msg ham flagged",
    )
    head = (
        "## A new source, taught by moderators' decisions\n\n"
        f"Each row: a model trained without the source ({docs_per_language} documents per "
        "language), with that many of its spam messages marked spam by a moderator, measured "
        "on the other half of the source's messages."
    )
    return "\n".join([head, "", *table(rows, cols), "", CROSS_NOTE, ""])


def main(argv: Sequence[str] | None = None) -> int:
    """Train and measure each source's curve; print the table and write it with JSON."""
    ap = argparse.ArgumentParser(prog="darnel evaluate-feedback", description=__doc__)
    ap.add_argument(
        "--groups",
        default="",
        help="comma-separated train message sources (default: every one)",
    )
    ap.add_argument("--k", default=",".join(map(str, DEFAULT_KS)), help="decisions per run")
    ap.add_argument("--docs-per-language", type=int, default=CURVE_CONFIG.docs_per_language)
    ap.add_argument("--seed", type=int, default=CURVE_CONFIG.seed)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "test-artifacts" / "feedback")
    args = ap.parse_args(argv)
    known = [s.name for s in sources.train_sources()]
    groups = [g for g in args.groups.split(",") if g] or known
    unknown = sorted(set(groups) - set(known))
    if unknown:
        ap.error(f"not a train message source: {', '.join(unknown)}")
    try:
        ks = sorted({int(k) for k in args.k.split(",") if k.strip()})
    except ValueError:
        ap.error("--k takes whole numbers separated by commas")
    if not ks or ks[0] < 0:
        ap.error("--k takes at least one number of decisions, none below 0")
    cfg = replace(CURVE_CONFIG, seed=args.seed, docs_per_language=args.docs_per_language)
    sentences = vectorise.load_sentences(cfg)
    udhr = holdout.drop_held_out_udhr(corpus.udhr())
    clean = crosssource.clean_cases(sentences, udhr, CLEAN_PER_LANGUAGE, cfg.seed)
    ruleset = load_ruleset(REPO_ROOT / "rules", None)
    work = Path(tempfile.mkdtemp(prefix="darnel-feedback-"))
    train_with = trainer(cfg, ruleset, work)

    results: dict[str, dict[int, dict[str, Any]]] = {}
    try:
        for g in groups:
            t = time.monotonic()
            results[g] = curve(g, ks, train_with, sentences, clean, cfg.seed, work, args.workers)
            print(f"feedback curve {g}: {time.monotonic() - t:.0f}s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = markdown(results, cfg.docs_per_language)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "feedback_curve.md").write_text(text, encoding="utf-8")
    (args.out / "feedback_curve.json").write_text(
        json.dumps({"docs_per_language": cfg.docs_per_language, "groups": results}, indent=2),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
