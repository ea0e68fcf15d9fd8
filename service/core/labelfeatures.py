"""Describe each atom for the labeller: its span score, its neighbours', and cues that
transfer to spam no model has seen (links, handles, digits, rule groups).

Every feature is a named attribute with a value (1.0 for an indicator). Scores are binned
as well as given raw so that a linear-chain model can bend its response to them, and a few
conjunctions spell out what a tree model would find alone (a high score counts for more
on a foreign island at a paragraph start than on a quoted name).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from service.core.chars import class_counts
from service.core.combine import is_island, reads_as_part
from service.core.langsplit import language_gap
from service.core.scripts import family
from service.core.segment import is_message_like
from service.core.tiling import Atom, Tiling
from service.core.types import RuleHit

Features = dict[str, float]

# Words that fit another language's langdetect profile this many nats better than the
# document's read as that language (`langsplit.language_gap`).
FOREIGN_GAP = 10.0
# Span-head scores are log-odds; past +-6 they say nothing new.
Z_CLIP = 6.0
# A link, bare or with its scheme; a domain ending in a common top-level name.
_URL = re.compile(
    r"https?://|www\.|\b[\w-]{2,63}\.(?:com|net|org|info|biz|ru|cn|io|xyz|top|me|co|us|in|id"
    r"|vn|br|de|uk)\b",
    re.I,
)
# A handle to write to: @name, a messenger's short link, or a messenger named.
_HANDLE = re.compile(
    r"(?:^|\s)@[\w.]{3,64}|\b(?:wa\.me|t\.me|line\.me)\b"
    r"|\b(?:whats ?app|telegram|wechat|viber|kakao)\b",
    re.I,
)
# Every repeat is bounded: on a 100,000-character word an unbounded one tried every start
# against the rest of the word (a check took 180 s).
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,63}")
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,24}\d")
# Fewer letters than this in an atom: too little text for its own score to mean much.
_SHORT = 4


def _zbin(z: float) -> int:
    return math.floor(max(-Z_CLIP, min(Z_CLIP - 1e-9, z)))


def _bucket(n: float, edges: Sequence[float]) -> int:
    for i, e in enumerate(edges):
        if n <= e:
            return i
    return len(edges)


def _emoji(text: str) -> int:
    if text.isascii():
        return 0  # every emoji lies past U+2600
    return sum(1 for ch in text if ord(ch) >= 0x2600 and unicodedata.category(ch) == "So")


def _foreign_side(a: Atom, gap: float) -> bool:
    """Tell whether an atom is on the text's foreign side: another script, or words that
    read as another language."""
    c = a.candidate
    return is_island(c) or c.language not in (c.doc_language, "und") or gap >= FOREIGN_GAP


def _sides(
    atoms: Sequence[Atom], zs: list[float], gaps: list[tuple[float, int]]
) -> list[tuple[float, float | None, float]]:
    """For each atom: its side's mean score (weighted by length), the other side's (None
    when empty) and its side's share of the characters."""
    foreign = [_foreign_side(a, g) for a, (g, _w) in zip(atoms, gaps, strict=True)]
    total = [0.0, 0.0]
    size = [0, 0]
    for a, z, side in zip(atoms, zs, foreign, strict=True):
        n = max(1, a.candidate.end - a.candidate.start)
        total[side] += z * n
        size[side] += n
    mean = [total[k] / size[k] if size[k] else None for k in (0, 1)]
    whole = max(1, sum(size))
    out: list[tuple[float, float | None, float]] = []
    for side in foreign:
        own = mean[side]
        out.append((own if own is not None else 0.0, mean[1 - side], size[side] / whole))
    return out


def atom_features(
    text: str,
    tiling: Tiling,
    z_atom: npt.NDArray[np.float64],
    z_unit: npt.NDArray[np.float64],
    hits: Sequence[Sequence[RuleHit]],
) -> list[Features]:
    """Return one attribute map per atom of `tiling`.

    `z_atom[i]` is the span head's score of atom i, `z_unit[u]` of unit u, `hits[i]` the
    rule hits overlapping atom i.
    """
    atoms = tiling.atoms
    n = len(atoms)
    if n == 0:
        return []
    zs = [float(v) for v in z_atom]
    lines: dict[int, list[int]] = {}
    for i, a in enumerate(atoms):
        lines.setdefault(a.line, []).append(i)
    # Each line's best atom and the best score beside it: linear in the atoms even when a
    # 200 KB page is one line of thousands.
    line_top: dict[int, tuple[int, float]] = {}
    for key, members in lines.items():
        best = max(members, key=zs.__getitem__)
        line_top[key] = (best, max((zs[k] for k in members if k != best), default=-Z_CLIP))
    doc_len = _bucket(math.log2(max(1, len(text))), (6, 8, 10, 12, 14))
    n_bucket = _bucket(n, (1, 2, 4, 8, 16, 64))
    msg_like = is_message_like(text)
    gaps = [
        language_gap(text, a.candidate.start, a.candidate.end, a.candidate.doc_language)
        for a in atoms
    ]
    foreign = sum(1 for g, _w in gaps if g >= FOREIGN_GAP) / n
    mean_z = sum(zs) / n
    sides = _sides(atoms, zs, gaps)
    zbs = [_zbin(z) for z in zs]  # each atom's bin, read again as its neighbours'
    out: list[Features] = []
    for i, a in enumerate(atoms):
        c = a.candidate
        t = c.text
        z = zs[i]
        zb = zbs[i]
        zu = float(z_unit[a.unit])
        f: Features = {
            "bias": 1.0,
            "z": max(-Z_CLIP, min(Z_CLIP, z)) / Z_CLIP,
            f"zb:{zb}": 1.0,
            f"doclen:{doc_len}": 1.0,
            f"atoms:{n_bucket}": 1.0,
            f"foreign:{_bucket(foreign, (0.0, 0.2, 0.5, 0.8))}": 1.0,
            "z_minus_mean": max(-Z_CLIP, min(Z_CLIP, z - mean_z)) / Z_CLIP,
        }
        # The two sides of a two-language text: when spam is most of it, the document's
        # script and language are the spam's and the host's sentences are the "islands";
        # which side is spam shows in which side's words score higher.
        own_mean, other_mean, share = sides[i]
        own_b = _zbin(own_mean)
        f[f"side_mean:{own_b}"] = 1.0
        f[f"side_share:{_bucket(share, (0.2, 0.4, 0.6, 0.8))}"] = 1.0
        if other_mean is None:
            f["other_side_none"] = 1.0
        else:
            other_b = _zbin(other_mean)
            f[f"other_side_mean:{other_b}"] = 1.0
            f[f"side_mean:{own_b}|other:{other_b}"] = 1.0
        if msg_like:
            f["msglike"] = 1.0
            f[f"msglike|zb:{zb}"] = 1.0
        # Where it sits.
        island = a.island and is_island(c)
        kind = "island" if a.island else "whole" if a.whole else "piece"
        f[f"kind:{kind}"] = 1.0
        f[f"kind:{kind}|zb:{zb}"] = 1.0
        if not a.whole:
            zub = _zbin(zu)
            f[f"zub:{zub}"] = 1.0
            f[f"kind:{kind}|zub:{zub}"] = 1.0
        if island:
            f["island"] = 1.0
            f[f"island|zb:{zb}"] = 1.0
            if c.enclosed:
                f["island|enclosed"] = 1.0
            elif reads_as_part(c):
                f["island|embedded"] = 1.0
            if c.at_paragraph_start:
                f["island|parastart"] = 1.0
        if c.at_paragraph_start:
            f["parastart"] = 1.0
        if c.own_line:
            f["ownline"] = 1.0
            f[f"ownline|zb:{zb}"] = 1.0
        if c.enclosed:
            f["enclosed"] = 1.0
        line = lines[a.line]
        f[f"lineatoms:{min(len(line), 5)}"] = 1.0
        if i == line[0]:
            f["line_first"] = 1.0
        if i == line[-1]:
            f["line_last"] = 1.0
        if len(line) > 1:
            top, second = line_top[a.line]
            f[f"line_other_max:{_zbin(second) if i == top else zbs[top]}"] = 1.0
        # Neighbours, one and two steps away, and whether they share the line.
        for name, k in (("p", i - 1), ("n", i + 1), ("p2", i - 2), ("n2", i + 2)):
            if 0 <= k < n:
                f[f"{name}zb:{zbs[k]}"] = 1.0
                if atoms[k].line == a.line:
                    f[f"{name}_sameline"] = 1.0
            else:
                f[f"{name}_none"] = 1.0
        if i > 0:
            f[f"zb:{zb}|pzb:{zbs[i - 1]}"] = 1.0
        if i + 1 < n:
            f[f"zb:{zb}|nzb:{zbs[i + 1]}"] = 1.0
        # What it is made of.
        size = max(1, len(t))
        letters, digits, upper = class_counts(t)
        f[f"len:{_bucket(math.log2(size), (1, 2, 3, 4, 5, 6, 7, 8))}"] = 1.0
        if letters < _SHORT:
            f["short"] = 1.0
            f[f"short|zb:{zb}"] = 1.0
        f[f"digits:{_bucket(digits / size, (0.0, 0.05, 0.15, 0.3))}"] = 1.0
        f[f"upper:{_bucket(upper / max(1, letters), (0.05, 0.15, 0.3, 0.6))}"] = 1.0
        if _URL.search(t):
            f["url"] = 1.0
        # An e-mail address needs an "@" and a phone number a digit: most atoms have
        # neither, and their patterns are not run there.
        if "@" in t and _EMAIL.search(t):
            f["email"] = 1.0
        if _HANDLE.search(t):
            f["handle"] = 1.0
        if digits and _PHONE.search(t):
            f["phone"] = 1.0
        emoji = _emoji(t)
        if emoji:
            f[f"emoji:{min(emoji, 3)}"] = 1.0
        # Which language it reads as, against the document's.
        if c.language == "und":
            f["lang_und"] = 1.0
        elif c.language == c.doc_language:
            f["lang_same"] = 1.0
        else:
            f["lang_other"] = 1.0
        gap, words = gaps[i]
        f[f"gap:{_bucket(gap, (0.0, 5.0, 10.0, 30.0, 100.0))}"] = 1.0
        if words:
            f[f"gapw:{_bucket(gap / words, (0.5, 1.0, 2.0, 4.0))}"] = 1.0
        # Rule evidence by group: operators' lists and patterns, named by what they catch.
        for h in hits[i]:
            if h.veto:
                f["rule_veto"] = 1.0
                continue
            group = f"rule:{h.group}"
            f[group] = max(f.get(group, 0.0), h.score)
            f["rule_any"] = max(f.get("rule_any", 0.0), h.score)
        out.append(f)
    return out


def edge_features(text: str, tiling: Tiling) -> list[tuple[str, ...]]:
    """Return, for each atom, what lies between it and the atom before (nothing for the
    first): the labeller's transitions weigh these, so a spam run may end more cheaply at
    a line break, or where the script or language changes, than inside a sentence."""
    atoms = tiling.atoms
    out: list[tuple[str, ...]] = [()] * min(1, len(atoms))
    for prev, a in itertools.pairwise(atoms):
        p, c = prev.candidate, a.candidate
        if a.unit == prev.unit:
            where = "same_unit"
        elif a.line == prev.line:
            where = "same_line"
        else:
            where = "new_line"
        names = [where]
        if where == "new_line" and text.count("\n", p.end, c.start) > 1:
            # A paragraph break is a new line too (the composed training documents have none,
            # so this only adds what a model that has seen them may have learnt).
            names.append("blank_line")
        if family(c.script) != family(p.script):
            names += ["script_change", f"{where}|script_change"]
        if "und" not in (c.language, p.language) and c.language != p.language:
            names += ["language_change", f"{where}|language_change"]
        out.append(tuple(names))
    return out
