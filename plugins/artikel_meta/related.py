"""Related articles by text similarity over the whole collection.

Each article becomes a TF-IDF vector of its word stems and names; the most
similar articles are found with sparse matrix products in blocks of rows
(cosine similarity), so the cost grows with the shared vocabulary, not with a
Python loop over all pairs. Only an article's strongest terms are kept, and each term
pairs only the articles it weighs most in (like the pruned posting lists of a search
engine): a common term would otherwise pair almost every article with every other, and
the work would grow with the square of the collection. Below ``ARTICLES_PER_TERM``
articles per term the result is exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
from scipy import sparse

from .counts import count_matrix, tf_idf, unit_rows

TERMS_PER_ARTICLE = 60
ARTICLES_PER_TERM = 128
ROWS_PER_BLOCK = 512
# A term in more than this share of a large collection says nothing about relatedness.
MAX_DOCUMENT_SHARE = 0.2
MIN_ARTICLES_FOR_MAX_SHARE = 50
# Added to the similarity of two articles of the same topic: when the text alone gives
# only weak links, a reader is better served by articles of the same Ressort.
SAME_TOPIC_BONUS = 0.03


def _strongest_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Zero all but the ``keep`` largest entries of each row (ties at the cut stay)."""
    matrix = matrix.tocsr(copy=True)
    # Only rows longer than the cut need one (most terms are in a few articles).
    for row in np.flatnonzero(np.diff(matrix.indptr) > keep).tolist():
        values = matrix.data[matrix.indptr[row] : matrix.indptr[row + 1]]
        cutoff = np.partition(values, -keep)[-keep]
        values[values < cutoff] = 0
    matrix.eliminate_zeros()
    return matrix


def vectors(documents: Iterable[Mapping[str, int]]) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows, one per article, from each article's term counts (read once:
    they may come one at a time)."""
    counts, _ = count_matrix(documents, np.float32)
    articles = counts.shape[0]
    if articles >= MIN_ARTICLES_FOR_MAX_SHARE:
        frequent = np.bincount(counts.indices, minlength=counts.shape[1]) > (
            MAX_DOCUMENT_SHARE * articles
        )
        counts = counts[:, np.flatnonzero(~frequent)]
    if not counts.nnz:  # no terms at all
        return sparse.csr_matrix((articles, 1), dtype=np.float32)
    return unit_rows(_strongest_terms(unit_rows(tf_idf(counts)), TERMS_PER_ARTICLE))


def most_similar(
    terms: list[list[str]],
    topics: list[str],
    count: int = 5,
    minimum: int = 3,
    min_similarity: float = 0.05,
) -> list[list[tuple[int, float]]]:
    """(index, similarity) of up to ``count`` most similar articles per article; ``terms``
    lists each article's terms (see ``most_similar_counted``)."""
    return most_similar_counted(
        [Counter(words) for words in terms], topics, count, minimum, min_similarity
    )


def most_similar_counted(
    documents: Iterable[Mapping[str, int]],
    topics: list[str],
    count: int = 5,
    minimum: int = 3,
    min_similarity: float = 0.05,
) -> list[list[tuple[int, float]]]:
    """(index, similarity) of up to ``count`` most similar articles per article, from each
    article's term counts.

    Articles below ``min_similarity`` are dropped unless fewer than ``minimum``
    would remain; an article with nothing in common with another gets none.
    Ties go to the article listed first, so the result is deterministic.
    """
    matrix = vectors(documents)
    # Terms × articles, each term keeping its strongest articles: the candidates it pairs.
    transposed = _strongest_terms(matrix.T.tocsr(), ARTICLES_PER_TERM)
    _, topic_ids = np.unique(np.array(topics, dtype=object), return_inverse=True)
    result: list[list[tuple[int, float]]] = []
    for first in range(0, matrix.shape[0], ROWS_PER_BLOCK):
        # Sparse all the way: a dense block would cost rows × collection size in memory.
        block = (matrix[first : first + ROWS_PER_BLOCK] @ transposed).tocsr()
        rows = np.repeat(np.arange(block.shape[0]) + first, np.diff(block.indptr))
        block.data += SAME_TOPIC_BONUS * (topic_ids[block.indices] == topic_ids[rows])
        block.data[block.indices == rows] = 0.0  # an article is not related to itself
        for row in range(block.shape[0]):
            start, end = block.indptr[row], block.indptr[row + 1]
            ranked = _ranked(block.indices[start:end], block.data[start:end], count)
            strong = [item for item in ranked if item[1] >= min_similarity]
            result.append(strong if len(strong) >= minimum else ranked[:minimum])
    return result


def _ranked(columns: np.ndarray, similarities: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The ``count`` most similar of one row's candidates, ties to the lower index."""
    if count <= 0:
        return []
    positive = similarities > 0
    columns, similarities = columns[positive], similarities[positive]
    if len(similarities) > count:
        kth = np.partition(similarities, -count)[-count]
        keep = similarities >= kth
        columns, similarities = columns[keep], similarities[keep]
    ranked = sorted(
        zip(columns.tolist(), similarities.tolist(), strict=True),
        key=lambda item: (-item[1], item[0]),
    )
    return ranked[:count]
