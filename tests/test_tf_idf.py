"""Our TF-IDF weights are scikit-learn's TfidfTransformer(sublinear_tf=True), bit for bit:
keywords and related articles were chosen with it, and must stay the same without it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from artikel_meta import counts as counts_module
from artikel_meta.counts import tf_idf, unit_rows

DTYPES = (np.float32, np.float64)


@st.composite
def count_matrices(draw: st.DrawFn) -> sparse.csr_matrix:
    documents = draw(st.integers(1, 12))
    terms = draw(st.integers(1, 15))
    cells = draw(
        st.lists(
            st.tuples(st.integers(0, documents - 1), st.integers(0, terms - 1), st.integers(1, 40)),
            max_size=60,
        )
    )
    rows, columns, counts = zip(*cells, strict=True) if cells else ((), (), ())
    matrix = sparse.csr_matrix((counts, (rows, columns)), shape=(documents, terms))
    matrix.sum_duplicates()
    return matrix


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=150, deadline=None)
@given(counts=count_matrices())
def test_weights_equal_scikit_learns(counts: sparse.csr_matrix, dtype: type):
    counts = counts.astype(dtype)
    ours = tf_idf(counts)
    theirs = TfidfTransformer(sublinear_tf=True, norm=None).fit_transform(counts)
    assert ours.dtype == theirs.dtype == dtype
    assert (ours != theirs).nnz == 0


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=150, deadline=None)
@given(counts=count_matrices())
def test_unit_rows_equal_scikit_learns(counts: sparse.csr_matrix, dtype: type):
    counts = counts.astype(dtype)
    ours = unit_rows(tf_idf(counts))
    theirs = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    assert ours.dtype == theirs.dtype == dtype
    assert np.array_equal(ours.toarray(), theirs.toarray())


@pytest.mark.parametrize("dtype", DTYPES)
def test_unit_rows_across_blocks(dtype: type, monkeypatch: pytest.MonkeyPatch):
    """Rows are scaled block by block; empty rows at a block's start and end included."""
    monkeypatch.setattr(counts_module, "ROWS_PER_BLOCK", 3)
    generator = np.random.default_rng(7)
    dense = generator.integers(0, 4, size=(50, 30)) * (generator.random((50, 30)) < 0.2)
    dense[[0, 2, 3, 5, 49]] = 0
    counts = sparse.csr_matrix(dense.astype(dtype))
    ours = unit_rows(tf_idf(counts))
    theirs = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    assert np.array_equal(ours.toarray(), theirs.toarray())
