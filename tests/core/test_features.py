"""Tests for service.core.features."""

from __future__ import annotations

from dataclasses import replace

from service.core.features import (
    CONTEXT_PREFIX,
    N_FEATURES,
    WORD_WEIGHT,
    candidate_matrix,
    context_tokens,
    text_matrix,
)
from service.core.types import Candidate


def _cand(text: str, **kw: object) -> Candidate:
    base: dict[str, object] = dict(
        start=0,
        end=len(text),
        text=text,
        kind="script_run",
        script="Han",
        language="zh",
        doc_language="en",
        doc_script="Latin",
        at_paragraph_start=True,
        own_line=False,
        enclosed=False,
        left="",
        right=" Venture",
    )
    base.update(kw)
    return Candidate(**base)  # type: ignore[arg-type]


def test_text_rows_are_unit_char_and_word_parts_and_fold_width_and_case() -> None:
    x = text_matrix(["ＦＯＲＵＭ", "forum", "论坛"])
    assert x.shape == (3, N_FEATURES)
    # A unit character vector plus a unit word vector at WORD_WEIGHT, in disjoint features
    # (one word, no bigram): squared length 1 + WORD_WEIGHT**2.
    assert abs((x[0].multiply(x[0])).sum() - (1.0 + WORD_WEIGHT**2)) < 1e-4
    assert (x[0] != x[1]).nnz == 0  # NFKC + casefold make these the same text


def test_word_order_changes_the_vector() -> None:
    a, b = text_matrix(["offer free prize", "prize free offer"])
    # Same words in another order: different word pairs (and boundary n-grams).
    assert (a != b).nnz > 0


def test_cjk_gets_ngrams_without_segmentation() -> None:
    assert text_matrix(["新北京龙凤会所"]).nnz > 10


def test_context_tokens_describe_island_and_layout() -> None:
    toks = context_tokens(_cand("北京夜网论坛"))
    assert all(t.startswith(CONTEXT_PREFIX) for t in toks)
    names = {t[len(CONTEXT_PREFIX) :] for t in toks}
    assert {"island", "parastart", "kind:script_run", "script:Han"} <= names
    assert "enclosed" not in names
    enclosed = {t[len(CONTEXT_PREFIX) :] for t in context_tokens(_cand("张江", enclosed=True))}
    assert "enclosed" in enclosed


def test_candidate_matrix_adds_context_to_text() -> None:
    a = candidate_matrix([_cand("北京夜网论坛")])
    b = candidate_matrix([_cand("北京夜网论坛", enclosed=True, at_paragraph_start=False)])
    assert a.shape == (1, N_FEATURES)
    assert (a != b).nnz > 0
    assert candidate_matrix([]).shape == (0, N_FEATURES)


def _ctx(c: Candidate) -> set[str]:
    return {t[len(CONTEXT_PREFIX) :] for t in context_tokens(c)}


def test_a_quoted_foreign_title_is_told_from_a_foreign_sentence_part() -> None:
    quoted = _cand(
        "Фильм «The Social Network» вышел.",
        kind="sentence",
        script="Cyrillic",
        doc_script="Cyrillic",
        language="ru",
        doc_language="ru",
    )
    bare = replace(quoted, text="Фильм The Social Network вышел.")
    assert "foreign:ge50|quoted:True" in _ctx(quoted)
    assert "foreign:ge50|quoted:False" in _ctx(bare)
    plain = replace(quoted, text="Фильм вышел.")
    assert "foreign:0|quoted:False" in _ctx(plain)


def test_glued_island_and_size_per_script() -> None:
    glued = _cand("iPhone", script="Latin", doc_script="Kana", left="ました。", right="を使って")
    toks = _ctx(glued)
    assert "island:True|glued:1" in toks
    assert "len:1|script:Latin|island:True" in toks
