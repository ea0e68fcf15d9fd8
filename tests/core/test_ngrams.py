"""Tests for service.core.ngrams: batched hashing equals hashing each text alone."""

import re

import numpy as np
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from service.core.ngrams import (
    _word_spans,
    counted_rows,
    ngram_sparse,
    prepare,
    token_index,
    word_sparse,
)

N = 2**20
WORD_PINS = [146099, 614455, 758474]


def ngram_rows(texts: list[str], n: int) -> sp.csr_matrix:
    return ngram_sparse(texts, n).tocsr()


def word_rows(texts: list[str], n: int) -> sp.csr_matrix:
    return word_sparse(texts, n).tocsr()


def test_rows_are_unit_length_and_count_ngrams() -> None:
    m = ngram_rows([prepare("ab")], N)
    # " ab ": 4 unigrams (space twice), 3 bigrams, 2 trigrams, 1 four-gram -> 9 distinct.
    assert m.shape == (1, N) and m.nnz == 9
    assert np.isclose(np.sqrt((m.data.astype(np.float64) ** 2).sum()), 1.0)


def test_hashes_are_pinned() -> None:
    # A trained model's weights are indexed by these: any change needs a new feature schema.
    m = ngram_rows([prepare("a")], N)
    assert sorted(m.indices.tolist()) == [239554, 571892, 592791, 695729, 926721]
    assert token_index("\x01ctx:island", N) == 337367


@given(st.lists(st.text(max_size=12), min_size=1, max_size=6))
def test_batched_rows_equal_rows_alone(texts: list[str]) -> None:
    prepared = [prepare(t) for t in texts]
    together = ngram_rows(prepared, N)
    for i, t in enumerate(prepared):
        alone = ngram_rows([t], N)
        assert (together[i] != alone).nnz == 0


def test_no_texts() -> None:
    assert ngram_rows([], N).shape == (0, N)


def test_word_rows_pin_unigrams_and_bigrams() -> None:
    # "spam", "offer" and the pair: three features, pinned like the n-gram hashes.
    assert sorted(word_rows(["spam offer"], N).indices.tolist()) == WORD_PINS


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_batched_word_rows_equal_rows_alone(texts: list[str]) -> None:
    together = word_rows(texts, N)
    for i, t in enumerate(texts):
        assert (together[i] != word_rows([t], N)).nnz == 0


def test_a_word_hashes_alike_wherever_it_stands() -> None:
    alone = set(word_rows(["hello"], N).indices.tolist())
    assert alone <= set(word_rows(["zz qq hello"], N).indices.tolist())


@given(st.text(alphabet="ab_ 1\n\x00é上海ß\u200b😀-.,\u0301ـ\t", max_size=60))
def test_word_spans_are_exactly_the_regex_word_runs(text: str) -> None:
    starts, ends = _word_spans(text)
    expected = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected


@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40)), max_size=60),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40)), max_size=60),
)
def test_adding_sparse_rows_equals_scipy_adding_their_matrices_to_the_bit(
    a: list[tuple[int, int]], b: list[tuple[int, int]]
) -> None:
    # The model's dot products run over these entries in order: values and order must be
    # exactly those of scipy's sum of the two canonical matrices.
    shape = (4, 41)
    x, y = (
        counted_rows(
            np.array([r for r, _ in pairs], dtype=np.int64),
            np.array([c for _, c in pairs], dtype=np.int64),
            shape,
        )
        for pairs in (a, b)
    )
    want = (x.tocsr() + 0.5 * y.tocsr()).tocsr()
    got = x.plus(y, 0.5).tocsr()
    assert got.data.tobytes() == want.data.tobytes()
    assert got.indices.tolist() == want.indices.tolist()
    assert got.indptr.tolist() == want.indptr.tolist()
