"""Related articles by text similarity over the whole collection.

Each article becomes a TF-IDF vector of its word stems and names; the most
similar articles are found with sparse matrix products in blocks of rows
(cosine similarity), so the cost grows with the shared vocabulary, not with a
Python loop over all pairs. Only an article's strongest terms are kept, which
keeps the products sparse for large collections.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

TERMS_PER_ARTICLE = 60
ROWS_PER_BLOCK = 512
# A term in more than this share of a large collection says nothing about relatedness.
MAX_DOCUMENT_SHARE = 0.2
MIN_ARTICLES_FOR_MAX_SHARE = 50
# Added to the similarity of two articles of the same topic: when the text alone gives
# only weak links, a reader is better served by articles of the same Ressort.
SAME_TOPIC_BONUS = 0.03


def _strongest_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Zero all but the ``keep`` largest entries of each row."""
    matrix = matrix.tocsr(copy=True)
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        if end - start > keep:
            values = matrix.data[start:end]
            cutoff = np.partition(values, -keep)[-keep]
            values[values < cutoff] = 0
    matrix.eliminate_zeros()
    return matrix


def vectors(terms: list[list[str]]) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows, one per article."""
    max_df = MAX_DOCUMENT_SHARE if len(terms) >= MIN_ARTICLES_FOR_MAX_SHARE else 1.0
    vectorizer = TfidfVectorizer(
        analyzer=lambda words: words, sublinear_tf=True, max_df=max_df, dtype=np.float32
    )
    try:
        matrix = vectorizer.fit_transform(terms)
    except ValueError:  # no terms at all
        return sparse.csr_matrix((len(terms), 1), dtype=np.float32)
    return normalize(_strongest_terms(matrix, TERMS_PER_ARTICLE))


def most_similar(
    terms: list[list[str]],
    topics: list[str],
    count: int = 5,
    minimum: int = 3,
    min_similarity: float = 0.05,
) -> list[list[tuple[int, float]]]:
    """(index, similarity) of up to ``count`` most similar articles per article.

    Articles below ``min_similarity`` are dropped unless fewer than ``minimum``
    would remain; an article with nothing in common with another gets none.
    Ties go to the article listed first, so the result is deterministic.
    """
    matrix = vectors(terms)
    transposed = matrix.T.tocsc()
    _, topic_ids = np.unique(np.array(topics, dtype=object), return_inverse=True)
    result: list[list[tuple[int, float]]] = []
    for first in range(0, matrix.shape[0], ROWS_PER_BLOCK):
        rows = slice(first, first + ROWS_PER_BLOCK)
        block = (matrix[rows] @ transposed).toarray()
        block += SAME_TOPIC_BONUS * (topic_ids[rows, None] == topic_ids[None, :]) * (block > 0)
        for offset, similarities in enumerate(block):
            similarities[first + offset] = 0.0
            result.append(_top(similarities, count, minimum, min_similarity))
    return result


def _top(
    similarities: np.ndarray, count: int, minimum: int, min_similarity: float
) -> list[tuple[int, float]]:
    take = min(count, len(similarities))
    if take == 0:
        return []
    kth = np.partition(similarities, -take)[-take]
    above = np.flatnonzero(similarities > kth)
    ties = np.flatnonzero(similarities == kth)[: take - len(above)]
    candidates = np.concatenate([above, ties])
    ranked = sorted(
        ((int(i), float(similarities[i])) for i in candidates if similarities[i] > 0),
        key=lambda item: (-item[1], item[0]),
    )
    strong = [item for item in ranked if item[1] >= min_similarity]
    return strong if len(strong) >= minimum else ranked[:minimum]
