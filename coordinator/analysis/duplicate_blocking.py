"""Blocking: the pairs of records worth comparing, found through inverted indexes.

Two records are a candidate pair when they share a blocking key: a place, a leaf component and
a start date within ``window_days`` of each other (their periods must also overlap, give or
take ``tolerance_days``). A place is shared when both name the same country or area, or when
one's recipient region contains the other's place (a country or a smaller area). The keys of
all records form two sparse incidence matrices (records x keys) and one sparse product gives
every pair sharing a key, with no loop over pairs: the work grows with the number of candidate
pairs, not with the square of the number of records.

Keying on the start date rather than on every year a record runs keeps the candidates few
when records are many (100,000 initiatives over twenty years put dozens of them in every
country, component and year); a second record of the same project starts close to the first,
and so does the support of two providers planned together. Programmes that start years apart
yet run at the same time are left to the gap analysis, which counts every active initiative.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import scipy.sparse as sp

from coordinator.analysis.duplicate_features import LEAF_COMPONENTS, RecordFeatures

__all__ = ["DEFAULT_TOLERANCE_DAYS", "DEFAULT_WINDOW_DAYS", "candidate_pairs"]

#: Periods closer than this count as overlapping (records re-dated by a few weeks still match).
DEFAULT_TOLERANCE_DAYS = 120
#: Records whose starts are further apart than this are not compared.
DEFAULT_WINDOW_DAYS = 365


def _cross(rows_a, values_a, rows_b, values_b, n_rows):
    """Every (row, value_a, value_b) with value_a and value_b of the same row."""
    count_b = np.bincount(rows_b, minlength=n_rows)
    start_b = np.concatenate(([0], np.cumsum(count_b)[:-1]))
    order_b = np.argsort(rows_b, kind="stable")
    repeats = count_b[rows_a]
    rows = np.repeat(rows_a, repeats)
    left = np.repeat(values_a, repeats)
    offsets = np.arange(rows.size) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    right = values_b[order_b[np.repeat(start_b[rows_a], repeats) + offsets]]
    return rows, left, right


def _component_rows(bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows, comps = [], []
    for number in range(len(LEAF_COMPONENTS)):
        having = np.flatnonzero(bits & np.uint32(1 << number))
        rows.append(having)
        comps.append(np.full(having.size, number))
    rows, comps = np.concatenate(rows), np.concatenate(comps)
    order = np.argsort(rows, kind="stable")
    return rows[order], comps[order]


def _keys(place_rows, places, comp_rows, comps, buckets, flag, shifts):
    """Blocking keys (row, key) of every place x component of a row, in its start buckets."""
    rows, place, comp = _cross(place_rows, places, comp_rows, comps, buckets.size)
    combo = ((place * 32 + comp) * 2 + flag) * (1 << 24)
    out_rows = np.concatenate([rows] * len(shifts))
    keys = np.concatenate([combo + buckets[rows] + shift for shift in shifts])
    return out_rows, keys


def candidate_pairs(
    features: RecordFeatures, *, window_days: int = DEFAULT_WINDOW_DAYS,
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS, undated_day: date | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs ``(rows, cols)`` (indexes into ``features.ids``, ``row < col``),
    sorted by ``rows``.

    Undated records are taken as starting on ``undated_day`` (default: today).
    """
    n = len(features.ids)
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    today = (undated_day or date.today()).toordinal()
    start = np.where(features.start >= 0, features.start, today)
    end = np.where(features.end >= 0, features.end, today)
    buckets = start // max(window_days, 1)
    comp_rows, comps = _component_rows(features.component_bits)
    exact = (features.exact_places.rows, features.exact_places.values)
    exact_left = _keys(*exact, comp_rows, comps, buckets, 0, (0,))
    # a pair one bucket apart is found with its later record on the left: one shift is enough
    exact_right = _keys(*exact, comp_rows, comps, buckets, 0, (0, 1))
    covered, inside = features.covered_places, features.inside_places
    covers = _keys(covered.rows, covered.values, comp_rows, comps, buckets, 1, (0,))
    inside = _keys(inside.rows, inside.values, comp_rows, comps, buckets, 1, (-1, 0, 1))
    left_rows = np.concatenate((exact_left[0], covers[0]))
    right_rows = np.concatenate((exact_right[0], inside[0]))
    _, columns = np.unique(
        np.concatenate((exact_left[1], covers[1], exact_right[1], inside[1])),
        return_inverse=True)
    columns = columns.ravel()
    split = left_rows.size
    shape = (n, int(columns.max()) + 1)
    left = sp.csr_matrix((np.ones(split, np.float32), (left_rows, columns[:split])), shape)
    right = sp.csr_matrix((np.ones(right_rows.size, np.float32), (right_rows, columns[split:])),
                          shape)
    shared = (left @ right.T).tocsr()
    shared = sp.triu(shared + shared.T, k=1).tocoo()
    rows, cols = shared.row.astype(np.int64), shared.col.astype(np.int64)
    start_a, start_b = start[rows], start[cols]
    gap = np.maximum(start_a, start_b) - np.minimum(end[rows], end[cols])
    keep = (np.abs(start_a - start_b) <= window_days) & (gap <= tolerance_days)
    return rows[keep], cols[keep]
