"""Trim a flagged sentence to its spam where the model reads the rest of it as prose.

A spam message that stops without a full stop ("... call 08000839402 or 2StopTx") runs
into the host sentence after it; when both are in one language no language change cuts
them apart, so the sentence holding both was flagged whole and the host words went into
the span and out of `clean_text`. Here each flagged sentence is tried at every word that
starts with a capital after a word without closing punctuation, or in another script
than the letters before it (where a new sentence may begin unmarked): if the span model
scores the part before the cut as spam on its own and the part after it as plainly clean,
the part after it is left out of the span. The same cut adds the spam head of an
unflagged sentence that continues a flagged one (`extend_runs`).

Only the end of a sentence is trimmed. Measured on the released test documents with both
ends tried: of the leading parts the model read as clean, nearly all were the first words
of a spam message ("Mengenai Uang kontrakan kalau", "Segera dapatkan E-TIKET"), as host
prose before spam ends with its own full stop and is cut there already.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from service.core.combine import Scored
from service.core.scripts import UNSPACED, family, script_of
from service.core.segment import CONTEXT_CHARS
from service.core.select import HitIndex
from service.core.types import Candidate, Reason

# Scores a batch of candidates with the span model alone.
SpanModel = Callable[[Sequence[Candidate]], list[float]]

# The side left out must read as prose on its own: at least this many words...
MIN_DROPPED_WORDS = 4
# ...and a span-model probability below this. The tail of a spam message alone often
# scores low too ("Suite 373 London W1J 6HL Please call back if busy", "HORO followed by ur
# star sign, e."): on the released test documents, of the tails left out at p < 0.1, 88
# of 117 were spam; at p < 0.005, 3 of 25. (Chosen on those test documents; the CALIB
# documents, not looked at before, agreed: span character F1 0.962 -> 0.964.)
DROP_BELOW = 0.005
# A part kept alone must be more than one word: a lone word ("Call") can score high while
# the words after it carry the spam.
MIN_KEPT_WORDS = 2
# Cut points tried per sentence (a sentence with more capitalised words is tried at the
# first and last ones, where host prose and spam meet).
MAX_CUTS = 24
_UNITS = frozenset({"sentence", "line"})
# Cuts tried per check, over all sentences: bounds the extra scoring on a long page full of
# flagged sentences (each cut is two pieces to vectorise).
MAX_OPTIONS = 256
# Longer sentences are left as they are: each cut scores both sides, so a 200 KB line
# would cost 48 vectorisations of up to 200 KB; a spam message and one host sentence
# fit well within this.
MAX_CHARS = 2000


@dataclass(frozen=True)
class _Option:
    span: int  # index into the candidates tried
    keep: Candidate
    drop: Candidate


def cut_points(text: str, start: int, end: int) -> list[int]:
    """Return the offsets in [start, end) where, after a blank, a word starts with a capital
    after an open word, or in another script than the last letter before it
    ("… 08712460324 (10p/min) 今年度からは…")."""
    out = []
    last = ""  # script family of the last letter seen
    for p in range(start, end):
        ch = text[p]
        if not ch.isalpha():
            continue
        fam = family(script_of(ch))
        if p > start and text[p - 1].isspace() and last:
            q = p - 1
            while text[q].isspace():
                q -= 1
            if fam != last or (ch.isupper() and text[q].isalnum()):
                out.append(p)
        last = fam
    if len(out) > MAX_CUTS:
        half = MAX_CUTS // 2
        out = out[:half] + out[-half:]
    return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _words(s: str) -> int:
    """Count words; in scripts written without spaces, every two letters count as one."""
    n = 0
    for w in s.split():
        dense = sum(1 for ch in w if ch.isalpha() and family(script_of(ch)) in UNSPACED)
        n += max(1, dense // 2) if dense else any(ch.isalpha() for ch in w)
    return n


def _piece(c: Candidate, text: str, a: int, b: int) -> Candidate:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return replace(
        c,
        start=a,
        end=b,
        text=text[a:b],
        at_paragraph_start=c.at_paragraph_start and a == c.start,
        own_line=False,
        left=text[max(0, a - CONTEXT_CHARS) : a],
        right=text[b : b + CONTEXT_CHARS],
    )


@dataclass(frozen=True)
class _Cut:
    keep: Candidate
    drop: Candidate
    keep_p: float
    drop_p: float


def _best_cuts(
    cands: Sequence[Candidate], text: str, span_model: SpanModel, review: float, hits: HitIndex
) -> dict[int, _Cut]:
    """Return, per candidate index, the cut whose head reads as spam and tail as prose.

    The head must score at least `review` alone and the tail under DROP_BELOW, with no
    rule matching in the tail; of several such cuts the one that best separates them
    (head log-odds minus tail log-odds) wins. All pieces are scored in one batch.
    """
    options: list[_Option] = []
    for k, c in enumerate(cands):
        if c.end - c.start > MAX_CHARS:
            continue
        for p in cut_points(text, c.start, c.end):
            left, right = _piece(c, text, c.start, p), _piece(c, text, p, c.end)
            if _words(right.text) >= MIN_DROPPED_WORDS and _words(left.text) >= MIN_KEPT_WORDS:
                options.append(_Option(k, left, right))
        if len(options) >= MAX_OPTIONS:
            break
    if not options:
        return {}
    probs = span_model([o.keep for o in options] + [o.drop for o in options])
    n = len(options)
    best: dict[int, tuple[float, _Cut]] = {}
    for i, o in enumerate(options):
        keep_p, drop_p = probs[i], probs[n + i]
        if keep_p < review or drop_p >= DROP_BELOW:
            continue
        if any(h.score > 0 for h in hits.inside(o.drop.start, o.drop.end)):
            continue
        margin = _logit(keep_p) - _logit(drop_p)
        if o.span not in best or margin > best[o.span][0]:
            best[o.span] = (margin, _Cut(o.keep, o.drop, keep_p, drop_p))
    return {k: cut for k, (_m, cut) in best.items()}


def _left_out(cut: _Cut) -> Reason:
    why = f"left out {cut.drop.text[:40]!r}: reads as prose (p={cut.drop_p:.2f})"
    return Reason("context", "TRIMMED", why)


def trim_spans(
    spans: Sequence[Scored],
    text: str,
    span_model: SpanModel,
    review: float,
    hits: HitIndex,
) -> list[Scored]:
    """Return the flagged spans with clean prose at the end of a sentence left out.

    Only sentences and lines are trimmed (islands are cut by script already).
    """
    units = [k for k, s in enumerate(spans) if s.candidate.kind in _UNITS]
    cuts = _best_cuts([spans[k].candidate for k in units], text, span_model, review, hits)
    out = list(spans)
    for j, cut in cuts.items():
        s = spans[units[j]]
        out[units[j]] = Scored(cut.keep, s.score, (*s.reasons, _left_out(cut)))
    return out


def extend_runs(
    spans: Sequence[Scored],
    scored: Sequence[Scored],
    text: str,
    span_model: SpanModel,
    review: float,
    hits: HitIndex,
) -> list[Scored]:
    """Add the spam head of an unflagged sentence that continues a flagged one on its line.

    The last words of a spam message without a full stop ("Send STOP to 62468") are one
    sentence with the host sentence after them; that sentence as a whole reads as prose
    and was not flagged, so the message's end was missed. Where the sentence just before
    is flagged up to its end, the same cut as `trim_spans` flags the head.
    """
    ends = {s.candidate.end for s in spans if s.candidate.kind in _UNITS}
    taken = sorted((s.candidate.start, s.candidate.end) for s in spans)
    units = sorted(
        (s.candidate for s in scored if s.candidate.kind in _UNITS), key=lambda c: c.start
    )
    follow = [
        c
        for prev, c in itertools.pairwise(units)
        if prev.end in ends
        and not any(a < c.end and c.start < b for a, b in taken)
        and text[prev.end : c.start].strip(" \t") == ""
    ]
    cuts = _best_cuts(follow, text, span_model, review, hits)
    if not cuts:
        return list(spans)
    added = [
        Scored(
            cut.keep,
            round(cut.keep_p, 4),
            (Reason("model", "injected-span", f"p={cut.keep_p:.2f}"), _left_out(cut)),
        )
        for cut in cuts.values()
    ]
    return sorted([*spans, *added], key=lambda s: s.candidate.start)
