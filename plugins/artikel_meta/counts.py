"""Sparse term-count matrices from per-document counts, and their TF-IDF weights (keywords
and related articles).

Built from each document's distinct terms: scikit-learn's vectorizers take every token
through Python one by one, with a Python integer per token (gigabytes at 100,000 articles).
The weights are scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` in a few array
operations: importing scikit-learn took 0.8 s of every build, rebuilds after one edit
included (``tests/test_tf_idf.py`` checks the two agree).
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np
from scipy import sparse


def count_matrix(
    documents: Iterable[Mapping[str, int]], dtype: type = np.float64
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Term counts, one row per document, and the terms of the columns: in sorted order,
    as scikit-learn's vectorizers order them. ``documents`` is read once, so it may be a
    generator: only one document's counts need to exist at a time."""
    # A new term gets the next number: the lookups run in C, a Python call only per new term.
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__
    # Machine integers: a list would hold a Python int per entry (millions at 100,000 articles).
    indptr, indices, data = array("q", [0]), array("q"), array("q")
    for counts in documents:
        indices.extend(map(vocabulary.__getitem__, counts))
        data.extend(counts.values())
        indptr.append(len(indices))
    order = sorted_ranks(list(vocabulary))
    matrix = sparse.csr_matrix(
        (
            np.frombuffer(data, dtype=np.int64).astype(dtype),
            order[np.frombuffer(indices, dtype=np.int64)],
            np.frombuffer(indptr, dtype=np.int64).copy(),
        ),
        shape=(len(indptr) - 1, len(vocabulary)),
    )
    matrix.sort_indices()
    terms = np.empty(len(vocabulary), dtype=object)
    terms[order] = list(vocabulary)
    return matrix, terms


def sorted_ranks(strings: list[str]) -> np.ndarray:
    """Each string's place in sorted order (equal strings in their given order)."""
    ranks = np.empty(len(strings), dtype=np.int64)
    ranks[np.argsort(np.array(strings, dtype=object), kind="stable")] = np.arange(len(strings))
    return ranks


def tf_idf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Sublinear term frequency (1 + log count) times smoothed inverse document frequency
    (1 + log((1 + documents) / (1 + documents with the term))), in the counts' float type."""
    matrix = counts.tocsr(copy=True)
    documents_with = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(matrix.dtype)
    documents_with += 1
    idf = np.log((matrix.shape[0] + 1) / documents_with) + 1
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1
    matrix.data *= idf[matrix.indices]
    return matrix


# Rows scaled per block: whole-matrix temporaries would be gigabytes at 100,000 articles.
ROWS_PER_BLOCK = 4096


def unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """The rows scaled to length 1 (rows of zeros stay zeros), in place; squares summed and
    divided in double precision, as scikit-learn's ``normalize`` does."""
    for first in range(0, matrix.shape[0], ROWS_PER_BLOCK):
        bounds = matrix.indptr[first : first + ROWS_PER_BLOCK + 1]
        per_row = np.diff(bounds)
        values = matrix.data[bounds[0] : bounds[-1]]
        rows = np.repeat(np.arange(len(per_row)), per_row)
        lengths = np.sqrt(np.bincount(rows, np.square(values), minlength=len(per_row)))
        lengths[lengths == 0] = 1
        np.divide(values, np.repeat(lengths, per_row), out=values, casting="unsafe")
    return matrix
