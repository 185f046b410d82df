"""Sparse term-count matrices from per-document counts (keywords and related articles).

Built from each document's distinct terms: scikit-learn's vectorizers take every token
through Python one by one, with a Python integer per token (gigabytes at 100,000 articles).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse


def count_matrix(
    documents: Sequence[Mapping[str, int]], dtype: type = np.float64
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Term counts, one row per document, and the terms of the columns: in sorted order,
    as scikit-learn's vectorizers order them."""
    vocabulary: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for counts in documents:
        indices.extend(vocabulary.setdefault(term, len(vocabulary)) for term in counts)
        data.extend(counts.values())
        indptr.append(len(indices))
    order = np.empty(len(vocabulary), dtype=np.int64)
    order[np.argsort(np.array(list(vocabulary), dtype=object), kind="stable")] = np.arange(
        len(vocabulary)
    )
    matrix = sparse.csr_matrix(
        (
            np.array(data, dtype=dtype),
            order[np.array(indices, dtype=np.int64)],
            np.array(indptr, dtype=np.int64),
        ),
        shape=(len(documents), len(vocabulary)),
    )
    matrix.sort_indices()
    terms = np.empty(len(vocabulary), dtype=object)
    terms[order] = list(vocabulary)
    return matrix, terms
