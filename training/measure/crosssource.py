"""Measure Darnel on spam it never trained on: eval-only sources, and leave-one-source-out.

Two kinds of unseen spam, both spliced into held-out prose with exact offsets and also sent
as whole messages:

- the **eval sources** (`training.prepare.sources.eval_sources`): real spam and ham the licences
  keep out of training, read from `../shared/data` at evaluation time — the released model
  is measured on them as it is;
- **leave-one-source-out**: for each train source (and each composed group: Chinese promos
  and list entries, spam-domain links), a model trained without it (a faster setting:
  fewer documents per language) is measured on that source's held-out pieces and messages.

Each spliced piece lands in one of three hosts: prose in its own language, prose of another
language in the same script, and prose in another script (the seed article's case).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from service.core.engine import Engine
from service.core.scripts import dominant_script, family
from service.core.types import Action
from training import metrics
from training.fit.scoring import char_set
from training.forked import fork_map
from training.prepare import hardneg, sources
from training.prepare.corpus import HOST_LANGUAGES, Message
from training.prepare.inject import build_document
from training.prepare.snippets import (
    LINK_GROUP,
    ZH_GROUP,
    Snippet,
    link_snippets,
    list_snippets,
    promo_snippets,
)
from training.prepare.splits import TEST, near_duplicate_key, split_of

RELATIONS = ("own-language", "same-script", "other-script")
# The dominant script family of each host language's prose.
HOST_FAMILY = {
    "en": "Latin", "de": "Latin", "fr": "Latin", "es": "Latin", "pt": "Latin", "id": "Latin",
    "vi": "Latin", "tr": "Latin", "it": "Latin", "nl": "Latin", "pl": "Latin", "sv": "Latin",
    "cs": "Latin", "ro": "Latin", "ru": "Cyrillic", "uk": "Cyrillic", "zh": "CJK", "ja": "CJK",
    "ko": "Hangul", "ar": "Arabic", "fa": "Arabic", "he": "Hebrew", "el": "Greek",
    "hi": "Devanagari", "th": "Thai",
}  # fmt: skip
HOST_SENTENCES = 6
# Pieces and messages measured per source (both labels), so a 16,000-piece source does not
# take the whole run; drawn with a fixed seed.
PIECES_PER_SOURCE = 240
MESSAGES_PER_LABEL = 300


@dataclass(frozen=True)
class Case:
    """One built text to check: its spam spans (none for clean text) and what it measures."""

    text: str
    spans: tuple[tuple[int, int], ...]
    source: str
    relation: str  # one of RELATIONS, "clean", "bilingual", or "message"
    spam: bool


def _family_of(text: str) -> str:
    return family(dominant_script(text))


def host_for(
    piece_language: str, piece_family: str, relation: str, hosts: Sequence[str], rng: random.Random
) -> str | None:
    """Choose a host language in the given relation to a piece, or None when there is none."""
    if relation == "own-language":
        return piece_language if piece_language in hosts else None
    if relation == "same-script":
        pool = [h for h in hosts if h != piece_language and HOST_FAMILY.get(h) == piece_family]
    else:
        pool = [h for h in hosts if HOST_FAMILY.get(h) not in (piece_family, None)]
    return rng.choice(pool) if pool else None


def injected_cases(
    pieces: Sequence[Snippet], sentences: dict[str, list[str]], seed: int
) -> list[Case]:
    """Splice each piece into held-out prose, cycling through the three host relations."""
    rng = random.Random(f"{seed}-crosssource")
    hosts = {
        lang: [s for s in sentences.get(lang, []) if split_of(s, f"leipzig-{lang}") == TEST]
        for lang in HOST_LANGUAGES
    }
    hosts = {k: v for k, v in hosts.items() if len(v) >= HOST_SENTENCES}
    out: list[Case] = []
    for i, piece in enumerate(pieces):
        relation = RELATIONS[i % len(RELATIONS)]
        host = host_for(piece.language, _family_of(piece.text), relation, sorted(hosts), rng)
        if host is None:
            continue
        doc = build_document(
            rng.sample(hosts[host], HOST_SENTENCES), host, "leipzig", [piece], [], rng
        )
        out.append(Case(doc.text, tuple(doc.spans), piece.source, relation, True))
    return out


def clean_cases(
    sentences: dict[str, list[str]], udhr: dict[str, list[str]], n: int, seed: int
) -> list[Case]:
    """Return clean held-out documents: prose per host language and bilingual UDHR pages."""
    rng = random.Random(f"{seed}-crosssource-clean")
    out: list[Case] = []
    for lang in HOST_LANGUAGES:
        pool = [s for s in sentences.get(lang, []) if split_of(s, f"leipzig-{lang}") == TEST]
        for _ in range(n if len(pool) >= HOST_SENTENCES else 0):
            doc = build_document(rng.sample(pool, HOST_SENTENCES), lang, "leipzig", [], [], rng)
            out.append(Case(doc.text, (), "leipzig", "clean", False))
    langs = sorted(udhr)
    for _ in range(n * 4):
        paras = hardneg.translation_pairs(udhr, rng.choice(langs), rng, 2)
        if paras:
            out.append(Case("\n".join(" ".join(p) for p in paras), (), "udhr", "bilingual", False))
    return out


def _distinct(messages: Sequence[Message], spam: bool) -> dict[str, list[Message]]:
    """Group one label's messages by source, one per near-duplicate key: a template resent
    with other numbers is one case, not fifty."""
    out: dict[str, list[Message]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for m in messages:
        if m.spam is not spam or len(m.text.strip()) < 4:
            continue
        key = (m.source, near_duplicate_key(m.text))
        if key not in seen:
            seen.add(key)
            out[m.source].append(m)
    return out


def distinct_spam(messages: Sequence[Message]) -> list[Message]:
    """Return the spam messages, one per source and near-duplicate key, in order."""
    return [m for rows in _distinct(messages, True).values() for m in rows]


def message_cases(messages: Sequence[Message], seed: int) -> list[Case]:
    """Return up to MESSAGES_PER_LABEL distinct messages of each source and label, whole.

    Every message of a source the model never trained on is unseen, so all are drawn from,
    not only the test split."""
    rng = random.Random(f"{seed}-crosssource-messages")
    out: list[Case] = []
    for spam in (True, False):
        for _source, rows in sorted(_distinct(messages, spam).items()):
            for m in rng.sample(rows, min(MESSAGES_PER_LABEL, len(rows))):
                spans = ((0, len(m.text)),) if spam else ()
                out.append(Case(m.text, spans, m.source, "message", spam))
    return out


def sample_pieces(messages: Sequence[Message], seed: int) -> list[Snippet]:
    """Return up to PIECES_PER_SOURCE distinct spam pieces of each source."""
    rng = random.Random(f"{seed}-crosssource-pieces")
    out: list[Snippet] = []
    for source, rows in sorted(_distinct(messages, True).items()):
        for m in rng.sample(rows, min(PIECES_PER_SOURCE, len(rows))):
            out.append(Snippet(m.text.strip(), m.language, source, TEST))
    return out


@dataclass(frozen=True)
class Answer:
    """What the engine said: flagged or not, and the flagged character ranges."""

    flagged: bool
    spans: tuple[tuple[int, int], ...]


_ENGINE: list[Engine] = []


def _check(text: str) -> Answer:
    v = _ENGINE[0].check(text[: _ENGINE[0].max_chars])
    return Answer(v.verdict is not Action.ALLOW, tuple((s.start, s.end) for s in v.spans))


def run(engine: Engine, cases: Sequence[Case], workers: int = 2) -> list[Answer]:
    """Check every case's text once with the engine, in forked workers."""
    _ENGINE[:] = [engine]
    try:
        return fork_map(_check, [c.text for c in cases], workers, min_items=50, chunksize=16)
    finally:
        _ENGINE.clear()


def _rate(k: int, n: int) -> dict[str, Any]:
    lo, hi = metrics.wilson_interval(k, n)
    return {"value": round(k / n, 4) if n else None, "k": k, "n": n, "ci95": [lo, hi]}


def summarise(cases: Sequence[Case], answers: Sequence[Answer]) -> dict[str, Any]:
    """Return the issue's measures for one set of cases, with 95% intervals."""
    inj = [(c, a) for c, a in zip(cases, answers, strict=True) if c.relation in RELATIONS]
    out: dict[str, Any] = {
        "injected_flagged": _rate(sum(a.flagged for _c, a in inj), len(inj)),
    }
    for rel in RELATIONS:
        found = n = 0
        for c, a in inj:
            if c.relation != rel:
                continue
            got = char_set(a.spans)
            for s, e in c.spans:
                n += 1
                found += len(got & set(range(s, e))) * 2 >= (e - s)
        out[f"spans_found_{rel}"] = _rate(found, n)
    counts: list[tuple[int, int, int]] = []
    clusters: list[str] = []
    for i, (c, a) in enumerate(inj):
        truth, got = char_set(c.spans), char_set(a.spans)
        counts.append((len(truth & got), len(got - truth), len(truth - got)))
        clusters.append(f"{c.source}:{i}")
    tp, fp, fn = (sum(x[k] for x in counts) for k in range(3))
    out["span_chars"] = {
        **metrics.prf(tp, fp, fn),
        "f1_ci95": list(metrics.cluster_interval(counts, clusters)) if counts else None,
    }
    for rel in ("clean", "bilingual"):
        rows = [a for c, a in zip(cases, answers, strict=True) if c.relation == rel]
        if rows:
            out[f"{rel}_flagged"] = _rate(sum(a.flagged for a in rows), len(rows))
    msgs = [(c, a) for c, a in zip(cases, answers, strict=True) if c.relation == "message"]
    if msgs:
        y = [c.spam for c, _a in msgs]
        pred = [a.flagged for _c, a in msgs]
        rep = metrics.report(y, pred)
        ham = [p for s, p in zip(y, pred, strict=True) if not s]
        out["messages"] = {
            "f1": rep.get("f1"),
            "precision": rep.get("precision"),
            "recall": rep.get("recall"),
            "spam": sum(y),
            "ham": len(ham),
            "ham_flagged": _rate(sum(ham), len(ham)) if ham else None,
        }
    return out


def by_source(cases: Sequence[Case], answers: Sequence[Answer]) -> dict[str, Any]:
    """Return `summarise` per spam source."""
    out: dict[str, Any] = {}
    for src in sorted({c.source for c in cases if c.spam or c.relation == "message"}):
        idx = [i for i, c in enumerate(cases) if c.source == src]
        out[src] = summarise([cases[i] for i in idx], [answers[i] for i in idx])
    return out


def evaluate_unseen(
    engine: Engine,
    messages: Sequence[Message],
    sentences: dict[str, list[str]],
    seed: int,
    workers: int = 2,
    clean: Sequence[Case] = (),
) -> dict[str, Any]:
    """Measure an engine on sources it never trained on: spliced pieces, whole messages and
    (when given) clean documents; overall and per source."""
    cases = injected_cases(sample_pieces(messages, seed), sentences, seed)
    cases += message_cases(messages, seed) + list(clean)
    answers = run(engine, cases, workers)
    return {"overall": summarise(cases, answers), "by_source": by_source(cases, answers)}


def group_cases(
    group: str, sentences: dict[str, list[str]], seed: int
) -> tuple[list[Snippet], list[Message]]:
    """Return a leave-one-out group's held-out pieces and (for a message source) messages."""
    if group in (ZH_GROUP, LINK_GROUP):
        composed = promo_snippets(seed) + list_snippets(seed) if group == ZH_GROUP else []
        composed += link_snippets(seed) if group == LINK_GROUP else []
        rng = random.Random(f"{seed}-crosssource-{group}")
        test = [s for s in composed if s.split == TEST]
        return rng.sample(test, min(PIECES_PER_SOURCE, len(test))), []
    messages = [m for m in sources.all_messages() if m.source == group]
    return sample_pieces(messages, seed), messages


def loso_groups() -> list[str]:
    """Return the groups left out one at a time: each train source and each composed group."""
    return [s.name for s in sources.train_sources()] + [ZH_GROUP, LINK_GROUP]


def leave_one_out(
    group: str,
    train_without: Callable[[frozenset[str]], Engine],
    sentences: dict[str, list[str]],
    seed: int,
    workers: int = 2,
) -> dict[str, Any]:
    """Train without one group and measure the model on that group's held-out spam."""
    engine = train_without(frozenset({group}))
    pieces, messages = group_cases(group, sentences, seed)
    cases = injected_cases(pieces, sentences, seed) + message_cases(messages, seed)
    return summarise(cases, run(engine, cases, workers))


def pooled(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Pool the counts of several groups' rates into one overall rate per measure."""
    out: dict[str, Any] = {}
    for key in ("injected_flagged", *(f"spans_found_{r}" for r in RELATIONS)):
        k = sum(int(r[key]["k"]) for r in results.values() if r.get(key))
        n = sum(int(r[key]["n"]) for r in results.values() if r.get(key))
        out[key] = _rate(k, n)
    return out
