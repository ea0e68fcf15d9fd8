"""The context head: judge each candidate by its own score *and* its neighbours' scores.

The span head scores a candidate alone. Injected spam is a run, though: a three-sentence
SMS spliced into a paragraph has a harmless-looking middle sentence ("Help"), and an
ordinary short sentence ("Ah!") sits among clean neighbours. A small tree ensemble over the
span head's score, the scores of the sentences around it (one and two away, and the best
of the run of foreign sentences it belongs to) and a few layout facts catches both.
Measured on the held-out candidates of model 1.5.0's data: average precision
0.977 -> 0.994; at p >= 0.5 precision 0.967 -> 0.983 and recall 0.880 -> 0.931. The
second-hop and run features (ctx-trees-2) added 0.001 to span character F1 through the
engine and took clean documents flagged from 0.56% to 0.51%.

Until ctx-trees-3 a "foreign" run was one of another *script* only: every sentence of the
document's script was taken to be in the document's language, so the first sentences of
an English SMS in Spanish prose ("U have a secret admirer.") stood alone. Each unit now
carries how much better its words fit another language (langsplit.language_gap), runs
form over such sentences too, and a piece that stops without punctuation is marked. Span
character F1 through the engine 0.943 -> 0.944 on the released test documents, 0.940 ->
0.946 on a second draw of documents from the same held-out sentences; mean per-document F1
0.951 -> 0.957 and 0.944 -> 0.952.

ctx-trees-4 adds the two *sides* of a document: the mean score of the units in the
document's language and of the foreign ones, and each side's share of the text. When spam
is most of a document (a long Telegram message in a short comment), langdetect reads the
document as the spam's language and the host prose becomes the "foreign" part; which side
is spam then shows in which side scores higher. On the released test documents (with the
engine's tail trimming) span character F1 0.954 -> 0.959, missed spam characters in such
documents 6,559 -> 5,546, host characters flagged beside spam 5,137 -> 3,970.

ctx-trees-5 adds each unit's line: how many units share it, the best score among the
others and the line's mean. Released test documents: span character F1 0.959 -> 0.964
(recall 0.935 -> 0.944), second draw 0.955 -> 0.960.

The trees are plain arrays (no pickle): node feature, threshold, children and leaf values,
walked for all rows and trees at once.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.core.combine import is_island, reads_as_part
from service.core.errors import ModelError
from service.core.langsplit import language_gap
from service.core.scripts import family
from service.core.types import Candidate

# Bump when a feature is added, removed or changes meaning: the loader refuses trees
# trained on another list.
CONTEXT_SCHEMA_VERSION = "ctx-trees-5"
CONTEXT_FEATURES = (
    "z",
    "kind_line",
    "kind_sentence",
    "kind_run",
    "island",
    "enclosed",
    "embedded",
    "parastart",
    "ownline",
    "log_len",
    "letter_share",
    "digit_share",
    "upper_share",
    "bangs",
    "same_language",
    "language_und",
    "prev_z",
    "next_z",
    "prev_same_line",
    "next_same_line",
    "context_z",
    "units",
    "log_doc_len",
    "max_other_z",
    "mean_unit_z",
    "z_minus_mean",
    "prev2_z",
    "next2_z",
    "run_max_z",
    "run_units",
    "lang_gap",
    "lang_gap_per_word",
    "foreign_share",
    "ends_open",
    "prev_ends_open",
    "starts_lower",
    "side_mean_z",
    "other_side_mean_z",
    "side_share",
    "line_units",
    "line_other_max_z",
    "line_mean_z",
)
# Stands for "no such neighbour": far below any real span-head score on spam.
NO_SCORE = -8.0
_UNITS = frozenset({"line", "sentence", "document"})
# A sentence of the document's script is read as another language when its words fit that
# language this many nats better than the document's (langdetect's profiles; see
# langsplit.language_gap). On held-out documents 4% of clean Leipzig sentences pass 10
# nats, 76% of injected spam sentences do.
FOREIGN_GAP = 10.0
# The gap grows with length; past this it says nothing new and only spreads the trees' splits.
MAX_GAP = 300.0
# How a sentence ends. A spam message's last piece often lacks a full stop ("Info:123",
# "HG/Suite342/2Lands Row/W1J6HL") and is cut from the host sentence after it only by
# its change of language; on held-out documents such an unfinished short piece after a
# spam sentence was spam 312 times out of 315.
_ENDINGS = frozenset('.!?。！？…:;»"”)]」』》')
# Rows walked at once: bounds the (rows x trees) index arrays on a huge document.
_CHUNK = 2048


def context_features(
    text: str, cands: Sequence[Candidate], z: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Return one row of CONTEXT_FEATURES per candidate.

    `z` is the span head's raw score of each candidate. Units are the lines and sentences
    (they tile the text); an island's neighbours are those of the unit holding it, and its
    context score is that unit's. A unit's context score is its best island's.
    """
    n = len(cands)
    out = np.zeros((n, len(CONTEXT_FEATURES)), dtype=np.float64)
    if n == 0:
        return out
    units = sorted(
        (i for i, c in enumerate(cands) if c.kind in _UNITS), key=lambda i: cands[i].start
    )
    starts = [cands[i].start for i in units]
    pos = {u: j for j, u in enumerate(units)}
    uz = z[units] if units else np.zeros(0)
    mean_u = float(uz.mean()) if units else NO_SCORE
    order = np.argsort(-uz, kind="stable")
    top = [float(uz[k]) for k in order[:2]] + [NO_SCORE, NO_SCORE]
    best_unit = units[int(order[0])] if units else -1
    holder = [-1] * n
    island_best: dict[int, float] = {}
    for i, c in enumerate(cands):
        if c.kind in _UNITS:
            holder[i] = i
            continue
        j = bisect.bisect_right(starts, c.start) - 1
        if j >= 0 and cands[units[j]].end >= c.end:
            holder[i] = units[j]
            island_best[units[j]] = max(island_best.get(units[j], NO_SCORE), float(z[i]))
    log_doc = math.log(max(1, len(text)))
    gaps = [language_gap(text, c.start, c.end, c.doc_language) for c in cands]
    foreign = [gaps[u][0] >= FOREIGN_GAP for u in units]
    foreign_share = sum(foreign) / len(units) if units else 0.0
    keys = _run_keys(cands, units, foreign)
    run_best, run_size = _foreign_runs(units, z, keys)
    side = _sides(cands, units, z, keys)
    line = _lines(text, cands, units, z)
    open_end = [_ends_open(c.text) for c in cands]
    for i, c in enumerate(cands):
        h = holder[i]
        j = pos.get(h, -1)
        prev = units[j - 1] if j >= 1 else -1
        nxt = units[j + 1] if 0 <= j < len(units) - 1 else -1
        span = cands[h] if h >= 0 else c
        if c.kind in _UNITS:
            ctx = island_best.get(i, NO_SCORE)
        else:
            ctx = float(z[h]) if h >= 0 else NO_SCORE
        t = c.text
        size = max(1, len(t))
        letters = sum(1 for ch in t if ch.isalpha())
        island = is_island(c)
        out[i] = (
            z[i],
            c.kind == "line",
            c.kind == "sentence",
            c.kind not in _UNITS,
            island,
            c.enclosed,
            island and not c.enclosed and reads_as_part(c),
            c.at_paragraph_start,
            c.own_line,
            math.log(size),
            letters / size,
            sum(1 for ch in t if ch.isdigit()) / size,
            sum(1 for ch in t if ch.isupper()) / max(1, letters),
            t.count("!") + t.count("！"),
            c.language == c.doc_language and c.language != "und",
            c.language == "und",
            z[prev] if prev >= 0 else NO_SCORE,
            z[nxt] if nxt >= 0 else NO_SCORE,
            prev >= 0 and "\n" not in text[cands[prev].end : span.start],
            nxt >= 0 and "\n" not in text[span.end : cands[nxt].start],
            ctx,
            len(units),
            log_doc,
            top[1] if i == best_unit else top[0],
            mean_u,
            z[i] - mean_u,
            z[units[j - 2]] if j >= 2 else NO_SCORE,
            z[units[j + 2]] if 0 <= j < len(units) - 2 else NO_SCORE,
            run_best[j] if j >= 0 else NO_SCORE,
            run_size[j] if j >= 0 else 0,
            min(gaps[i][0], MAX_GAP),
            gaps[i][0] / max(1, gaps[i][1]),
            foreign_share,
            open_end[i],
            open_end[prev] if prev >= 0 else False,
            _starts_lower(t),
            *(side[j] if j >= 0 else (NO_SCORE, NO_SCORE, 0.0)),
            *(line[j] if j >= 0 else (0, NO_SCORE, NO_SCORE)),
        )
    return out


def _ends_open(text: str) -> bool:
    """Tell whether a text stops without closing punctuation."""
    t = text.rstrip()
    return bool(t) and t[-1] not in _ENDINGS


def _starts_lower(text: str) -> bool:
    """Tell whether a text's first letter is lower case (it continues something)."""
    for ch in text:
        if ch.isalpha():
            return ch.islower()
    return False


def _run_keys(
    cands: Sequence[Candidate], units: list[int], foreign: list[bool]
) -> list[str | None]:
    """Return each unit's foreign key: its script family or language when it is not the
    document's, "language:other" when its words read as another language, else None."""
    keys: list[str | None] = []
    for u, other in zip(units, foreign, strict=True):
        c = cands[u]
        if is_island(c):
            keys.append("script:" + family(c.script))
        elif c.language not in (c.doc_language, "und"):
            keys.append("language:" + c.language)
        elif other:
            keys.append("language:other")
        else:
            keys.append(None)
    return keys


def _foreign_runs(
    units: list[int], z: npt.NDArray[np.float64], keys: list[str | None]
) -> tuple[list[float], list[int]]:
    """For each unit, the best score and the size of its run of foreign neighbours.

    A run is a stretch of consecutive units with one foreign key (`_run_keys`): an
    injected message split into sentences, whose harmless-looking first sentence shares
    the run's best score. Which other language is not asked: on a short SMS sentence the
    best-fitting profile is often a neighbour of the true one ("I have a secret for you."
    fits Catalan best). Units in the document's own script and language belong to no run
    (NO_SCORE, 0).
    """
    best = [NO_SCORE] * len(units)
    size = [0] * len(units)
    j = 0
    while j < len(units):
        if keys[j] is None:
            j += 1
            continue
        k = j
        while k + 1 < len(units) and keys[k + 1] == keys[j]:
            k += 1
        top = max(float(z[units[m]]) for m in range(j, k + 1))
        for m in range(j, k + 1):
            best[m], size[m] = top, k - j + 1
        j = k + 1
    return best, size


def _lines(
    text: str, cands: Sequence[Candidate], units: list[int], z: npt.NDArray[np.float64]
) -> list[tuple[int, float, float]]:
    """For each unit: how many units share its line, the best score among the others
    (NO_SCORE when alone) and the line's mean score.

    A spam message pasted into a paragraph shares its line with host sentences, one on a
    line of its own does not; the best other score on the line tells a host sentence beside
    spam from one in a clean paragraph. Linear in the units (a 200 KB one-line page has
    thousands).
    """
    out: list[tuple[int, float, float]] = []
    j = 0
    while j < len(units):
        k = j
        while (
            k + 1 < len(units) and "\n" not in text[cands[units[k]].end : cands[units[k + 1]].start]
        ):
            k += 1
        zs = [float(z[units[m]]) for m in range(j, k + 1)]
        mean = sum(zs) / len(zs)
        top = max(range(len(zs)), key=zs.__getitem__)
        second = max((v for m, v in enumerate(zs) if m != top), default=NO_SCORE)
        for m in range(len(zs)):
            out.append((len(zs), second if m == top else zs[top], mean))
        j = k + 1
    return out


def _sides(
    cands: Sequence[Candidate],
    units: list[int],
    z: npt.NDArray[np.float64],
    keys: list[str | None],
) -> list[tuple[float, float, float]]:
    """For each unit: the mean score of its side (the document's language, or foreign),
    the other side's mean (NO_SCORE when empty) and its side's share of the characters.

    When spam is most of a document, the document's language is the spam's and the host
    prose is the foreign side; which side is spam then shows in which side scores higher,
    not in which side is foreign.
    """
    total = [0.0, 0.0]
    chars = [0, 0]
    for u, key in zip(units, keys, strict=True):
        g = int(key is not None)
        n = cands[u].end - cands[u].start
        total[g] += float(z[u]) * n
        chars[g] += n
    mean = [total[g] / chars[g] if chars[g] else NO_SCORE for g in (0, 1)]
    size = max(1, sum(chars))
    return [(mean[g], mean[1 - g], chars[g] / size) for g in (int(key is not None) for key in keys)]


@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted trees as flat arrays, with a Platt step on their raw sum.

    Node k of the concatenated trees splits on `feature[k]`, going to `left[k]` when the
    value is <= `threshold[k]`, else to `right[k]` (indices are global); a leaf adds
    `value[k]`. `roots` holds each tree's first node.
    """

    feature: npt.NDArray[np.int32]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.int32]
    right: npt.NDArray[np.int32]
    value: npt.NDArray[np.float64]
    is_leaf: npt.NDArray[np.bool_]
    roots: npt.NDArray[np.int32]
    baseline: float
    calib_a: float = 1.0
    calib_b: float = 0.0

    def validate(self, n_features: int) -> None:
        """Raise ModelError unless the arrays describe well-formed trees."""
        m = self.feature.shape[0]
        shapes = {a.shape for a in (self.threshold, self.left, self.right, self.value)}
        if shapes != {(m,)} or self.is_leaf.shape != (m,) or m == 0 or self.roots.size == 0:
            raise ModelError("corrupt context head: node arrays disagree in length")
        inner = ~self.is_leaf
        if (
            np.any(self.feature < 0)
            or np.any(self.feature >= n_features)
            or np.any(self.roots < 0)
            or np.any(self.roots >= m)
            # Children point forward: walks cannot loop.
            or np.any(self.left[inner] <= np.flatnonzero(inner))
            or np.any(self.right[inner] <= np.flatnonzero(inner))
            or np.any(self.left[inner] >= m)
            or np.any(self.right[inner] >= m)
            or not np.all(np.isfinite(self.value))
            or not np.all(np.isfinite(self.threshold[inner]))
            or not math.isfinite(self.baseline)
        ):
            raise ModelError("corrupt context head: bad node indices or values")

    def _walk_tables(self) -> tuple[npt.NDArray[np.int32], int]:
        """Return (child table, depth): child[k, 0/1] is where node k goes on <= / >, a leaf
        going to itself, so every row can take the same number of steps."""
        cached = self.__dict__.get("_tables")
        if cached is None:
            m = self.feature.shape[0]
            own = np.arange(m, dtype=np.int32)
            child = np.column_stack(
                [np.where(self.is_leaf, own, self.left), np.where(self.is_leaf, own, self.right)]
            ).astype(np.int32)
            # Children come after their parent, so one forward pass gives every depth.
            depth = np.zeros(m, dtype=np.int64)
            for k in np.flatnonzero(~self.is_leaf).tolist():
                depth[self.left[k]] = depth[self.right[k]] = depth[k] + 1
            cached = (child, int(depth.max()))
            object.__setattr__(self, "_tables", cached)
        return cached

    def decision(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Return the raw ensemble score of each row."""
        child, depth = self._walk_tables()
        out = np.full(x.shape[0], self.baseline, dtype=np.float64)
        for lo in range(0, x.shape[0], _CHUNK):
            rows = x[lo : lo + _CHUNK]
            node = np.broadcast_to(self.roots, (rows.shape[0], self.roots.size)).copy()
            r = np.arange(rows.shape[0])[:, None]
            for _ in range(depth):
                right = rows[r, self.feature[node]] > self.threshold[node]
                node = child[node, right.astype(np.intp)]
            out[lo : lo + rows.shape[0]] += self.value[node].sum(axis=1)
        return out

    def proba(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Return calibrated probabilities."""
        z = self.decision(x)
        return np.asarray(1.0 / (1.0 + np.exp(-(self.calib_a * z + self.calib_b))))
