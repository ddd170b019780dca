"""Sparse neighbour searches over L2-normalised rows: the best matches of each row, and the
cosines of given pairs of rows.

>>> m = sp.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
>>> row_cosine(m, m, [0, 1], [1, 2]).round(1).tolist()
[0.8, 0.6]
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["row_cosine", "top_k_neighbours"]


def _top_k_of_rows(rows, cols, scores, k: int):
    """Keep the ``k`` highest scores of each row (ties: lower column first)."""
    order = np.lexsort((cols, -scores, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    rank = np.arange(rows.size) - np.repeat(starts, np.diff(np.concatenate((starts, [rows.size]))))
    keep = rank < k
    return rows[keep], cols[keep], scores[keep]


def top_k_neighbours(a, b=None, *, k: int = 10, threshold: float = 0.3, chunk_size: int = 2000):
    """The ``k`` most similar rows of ``b`` for each row of ``a``, with score ``>= threshold``.

    Returns ``(rows, cols, scores)``: row of ``a``, row of ``b``, dot product. With ``b`` None
    the rows of ``a`` are compared with each other: no row with itself, and each unordered pair
    once with ``row < col`` (kept when either row has the other among its ``k`` best). ``a`` is
    multiplied ``chunk_size`` rows at a time, so memory grows with the chunk, not with the
    square of the rows. Sorted by row, then by score descending.

    >>> m = sp.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> rows, cols, scores = top_k_neighbours(m, k=1, threshold=0.5)
    >>> [(int(r), int(c), round(float(s), 1)) for r, c, s in zip(rows, cols, scores)]
    [(0, 1, 0.8), (1, 2, 0.6)]
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    a = sp.csr_matrix(a)
    self_join = b is None
    other = a if self_join else sp.csr_matrix(b)
    other_t = other.T.tocsr()
    found_rows, found_cols, found_scores = [], [], []
    for at in range(0, a.shape[0], chunk_size):
        product = (a[at:at + chunk_size] @ other_t).tocoo()
        rows = product.row.astype(np.int64) + at
        cols = product.col.astype(np.int64)
        scores = product.data
        keep = scores >= threshold
        if self_join:
            keep &= rows != cols
        rows, cols, scores = _top_k_of_rows(rows[keep], cols[keep], scores[keep], k)
        found_rows.append(rows)
        found_cols.append(cols)
        found_scores.append(scores)
    rows = np.concatenate(found_rows) if found_rows else np.zeros(0, np.int64)
    cols = np.concatenate(found_cols) if found_cols else np.zeros(0, np.int64)
    scores = np.concatenate(found_scores) if found_scores else np.zeros(0, np.float32)
    if self_join and rows.size:
        low, high = np.minimum(rows, cols), np.maximum(rows, cols)
        _, first = np.unique(low * a.shape[0] + high, return_index=True)
        rows, cols, scores = low[first], high[first], scores[first]
        order = np.lexsort((cols, -scores, rows))
        rows, cols, scores = rows[order], cols[order], scores[order]
    return rows, cols, scores


def row_cosine(a, b, rows_a, rows_b, *, chunk_size: int = 20_000) -> np.ndarray:
    """Dot product (the cosine, for L2-normalised rows) of ``a[rows_a[i]]`` and ``b[rows_b[i]]``.

    Vectorised over the pairs, ``chunk_size`` pairs at a time (small chunks reuse memory
    rather than map fresh pages); returns a float64 array. Matrices with sorted indices
    (``has_sorted_indices``) are compared fastest.

    >>> m = sp.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8]]))
    >>> row_cosine(m, m, [0, 0], [0, 1]).round(2).tolist()
    [1.0, 0.6]
    """
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    rows_a = np.asarray(rows_a, dtype=np.int64)
    rows_b = np.asarray(rows_b, dtype=np.int64)
    if rows_a.shape != rows_b.shape:
        raise ValueError(f"{rows_a.size} rows of a for {rows_b.size} rows of b")
    result = np.zeros(rows_a.size, dtype=np.float64)
    for at in range(0, rows_a.size, chunk_size):
        left = a[rows_a[at:at + chunk_size]]
        right = b[rows_b[at:at + chunk_size]]
        result[at:at + chunk_size] = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return result
