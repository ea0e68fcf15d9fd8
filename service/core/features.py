"""Turn texts and span candidates into hashed feature vectors shared by training and serving."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from service.core.chars import has_digit
from service.core.ngrams import SparseRows, ngram_sparse, prepare, token_index, word_sparse
from service.core.normalize import fold
from service.core.scripts import CODE_OF, COMMON, family, script_codes
from service.core.types import Candidate

# Bump whenever anything below changes what a vector means: an artifact trained under
# another schema would silently score garbage, so the loader refuses it instead.
# (char_wb1-4.h20.ctx1/ctx2, models 1.0.0 and 1.1.0, hashed with sklearn's per-word Python
# loop; service/core/ngrams.py does the same in one numpy pass, 1.0 ms vs 3.5 ms for 1 KB
# plus its sentences.)
FEATURE_SCHEMA_VERSION = "ngram1-4.words1-2p.h20.ctx2"
SUPPORTED_SCHEMAS = (FEATURE_SCHEMA_VERSION,)
N_FEATURES = 2**20
NGRAM_RANGE = (1, 4)
# Context tokens are binary and sit beside an l2-normalised text vector; this weight lets a
# handful of them matter about as much as the text without drowning it.
CONTEXT_WEIGHT = 0.5
# Character n-grams are at most 4 characters long, so no n-gram can equal a token with this
# (longer) prefix: context tokens share the hash space without sharing features.
CONTEXT_PREFIX = "\x01ctx:"
# Word features (hashed apart from n-grams by their own salts) weigh this much beside the
# unit-length character vector.
WORD_WEIGHT = 0.5

_LENGTH_BUCKETS = (3, 7, 15, 31, 63, 127)
_OPENERS = '([{（［【「『《〈“‘«‹"'
_CLOSERS = ")]}）］】」』》〉”’»›"


def text_matrix(texts: Sequence[str]) -> sp.csr_matrix:
    """Vectorise folded texts: hashed character 1–4-grams plus word 1–2-grams (one row each).

    Characters carry every script without segmentation; words add what a sentence says
    (an SMS offer and a news sentence share many trigrams but few word pairs).
    """
    return _text_rows(texts).tocsr()


def _text_rows(texts: Sequence[str]) -> SparseRows:
    """Return `text_matrix` as SparseRows."""
    folded = [fold(t) for t in texts]
    chars = ngram_sparse([prepare(f) for f in folded], N_FEATURES)
    return chars.plus(word_sparse(folded, N_FEATURES), WORD_WEIGHT)


def _context_rows(candidates: Sequence[Candidate]) -> SparseRows:
    """One binary row per candidate: its context tokens, each hashed to its own feature."""
    keys = [
        i * N_FEATURES + col
        for i, c in enumerate(candidates)
        for col in _context_columns(_context(c))
    ]
    unique = np.unique(np.array(keys, dtype=np.int64))
    shape = (len(candidates), N_FEATURES)
    return SparseRows(unique, np.ones(len(unique), dtype=np.float32), shape)


def _length_bucket(n: int) -> str:
    for i, edge in enumerate(_LENGTH_BUCKETS):
        if n <= edge:
            return str(i)
    return str(len(_LENGTH_BUCKETS))


class _Context(NamedTuple):
    """What a candidate's context tokens say: few values, shared by many candidates."""

    kind: str
    script: str
    doc_script: str
    island: bool
    parastart: bool
    ownline: bool
    enclosed: bool
    digits: bool
    url: bool
    samelang: bool
    size: str
    glued: int
    foreign: tuple[str, bool] | None  # for a candidate in the document's script family


def _context(c: Candidate) -> _Context:
    """Return the facts about a candidate that its context tokens spell out."""
    island = family(c.script) != family(c.doc_script)
    lower = c.text.lower()
    return _Context(
        kind=c.kind,
        script=c.script,
        doc_script=c.doc_script,
        island=island,
        parastart=c.at_paragraph_start,
        ownline=c.own_line,
        enclosed=c.enclosed,
        digits=has_digit(c.text),
        url="http" in lower or "www." in lower,
        samelang=c.language == c.doc_language and c.language != "und",
        size=_length_bucket(len(c.text.strip())),
        glued=sum(1 for ch in (c.left[-1:], c.right[:1]) if ch.isalpha()),
        foreign=None if island else _foreign(c.text, family(c.script)),
    )


def context_tokens(c: Candidate) -> list[str]:
    """Describe where a candidate sits: its script against the document's, layout, size."""
    return _tokens(_context(c))


@functools.lru_cache(maxsize=4096)
def _context_columns(ctx: _Context) -> frozenset[int]:
    """Return the hashed features of a context's tokens; a check's candidates mostly share
    a few contexts, and spelling and hashing their tokens anew was ~5% of a 1 KB check."""
    return frozenset(token_index(t, N_FEATURES) for t in _tokens(ctx))


def _tokens(ctx: _Context) -> list[str]:
    """Spell out a context as tokens."""
    island = ctx.island
    flags = {
        "island": island,
        "parastart": ctx.parastart,
        "ownline": ctx.ownline,
        "enclosed": ctx.enclosed,
        "digits": ctx.digits,
        "url": ctx.url,
        "samelang": ctx.samelang,
    }
    size = ctx.size
    toks = [
        f"kind:{ctx.kind}",
        f"script:{ctx.script}",
        f"docscript:{ctx.doc_script}",
        f"len:{size}",
    ]
    toks += [name for name, on in flags.items() if on]
    # Linear models cannot form conjunctions; the few that separate a promo island from a
    # quoted foreign name are spelled out.
    toks.append(f"kind:{ctx.kind}|island:{island}|parastart:{ctx.parastart}")
    toks.append(f"island:{island}|enclosed:{ctx.enclosed}|ownline:{ctx.ownline}")
    toks.append(f"script:{ctx.script}|docscript:{ctx.doc_script}")
    # Size per script and kind (a three-letter Latin sentence is not a three-character Han
    # promo), whether an island is glued to the letters around it (a name with a particle,
    # or a look-alike letter inside a word), and how much of a sentence is foreign and
    # quoted.
    toks += [
        f"len:{size}|script:{ctx.script}|island:{island}",
        f"len:{size}|kind:{ctx.kind}",
        f"island:{island}|glued:{ctx.glued}",
    ]
    if ctx.foreign is not None:
        share, quoted = ctx.foreign
        toks.append(f"foreign:{share}|quoted:{quoted}")
    return [CONTEXT_PREFIX + t for t in toks]


def _foreign(text: str, fam: str) -> tuple[str, bool]:
    """Bucket the share of letters outside the script family; tell whether they all sit
    inside quotes or brackets."""
    codes = script_codes(text)
    own = _family_codes(fam)
    total = len(codes) - codes.count("_")
    foreign = total - sum(codes.count(k) for k in own)
    if not foreign:
        return "0", False  # the common case, decided without a per-character loop
    depth = outside = 0
    for ch, code in zip(text, codes, strict=True):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif code != "_" and code not in own and depth == 0:
            outside += 1
    share = foreign / total
    bucket = "lt20" if share < 0.2 else "lt50" if share < 0.5 else "ge50"
    return bucket, outside == 0


@functools.cache
def _family_codes(fam: str) -> frozenset[str]:
    """Return the script codes of every script in a family."""
    return frozenset(
        code for name, code in CODE_OF.items() if name != COMMON and family(name) == fam
    )


def candidate_matrix(
    candidates: Sequence[Candidate],
) -> sp.csr_matrix:
    """Vectorise span candidates: their text n-grams plus weighted context tokens."""
    if not candidates:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    text = _text_rows([c.text for c in candidates])
    ctx = _context_rows(candidates)
    return text.plus(ctx, CONTEXT_WEIGHT).tocsr()
