"""Scoring candidate pairs: the parts of a duplicate score, the score, and the relation.

Every part is in 0..1 and computed for all candidate pairs at once:

- ``text``: cosine of the title-and-description vectors (words and character n-grams);
- ``title``: cosine of the title vectors alone;
- ``recipients``: how far the recipient countries coincide (a recipient region standing for
  its member countries): the mean of their Jaccard index and of the share of the smaller set
  found in the other. Two records with the same recipients score 1, and a national project
  in a country that a multi-country or regional one also covers at least 0.5 (the same place
  is "a country, or a region containing it");
- ``components``: Jaccard index of the leaf components;
- ``period``: the time both run divided by the time either runs (1 for the same dates);
- ``dates``: how close the start and end dates are: 1 for the same dates, 0 when they are a
  year or more apart on average (0.5 when a record is undated);
- ``budget``: the smaller amount divided by the larger, in USD (0.5 when one is unknown);
- ``providers``: Jaccard index of the providers, whatever their role;
- ``other_language``: 1 when the two texts are in different languages (English, French,
  Spanish, Portuguese, told by their frequent short words), else 0;
- ``same_record``: how likely the two are one project recorded twice (see below).

``same_record`` is a logistic combination of the other parts with the weights of
:data:`RECORD_WEIGHTS`: one project recorded twice has the same money and providers and about
the same dates even when its text was reworded or translated (a translation is told by
``other_language``, which makes up for the low text similarity). The weights were fitted by
logistic regression on the synthetic benchmark data (``bench/generate.py``, 10,000 and 100,000
initiatives) and rounded. It only applies when one record's recipients and components are the
same as, or included in, the other's, and the periods overlap by at least half. Needs have
no providers, and two different needs of one country and component are often described
alike, so :data:`NEED_RECORD_WEIGHTS` lean on the money and on how close the dates are; they
were fitted the same way on synthetic needs of other seeds than the benchmark's (seeds 2 to 4,
40,000 needs each, twice as dense as the benchmark) and rounded.

The score is the larger of the overlap score (the parts weighted by :data:`WEIGHTS`, see
:func:`overlap_score`) and ``same_record``. Both grow with the text parts, so pairs are
dropped as soon as they cannot reach the threshold even with the best text they could have:
first with identical texts, then with cheap estimates of the cosines from a random signed
projection of the vectors to :data:`SKETCH_DIMENSIONS` dimensions (error about
``1/sqrt(SKETCH_DIMENSIONS)``) plus a margin of 2.5 times that, then with the exact title
cosine (short vectors); the exact text cosine is computed for the rest. An estimate that
falls short by more than the margin loses its pair: in the 100,000-initiative benchmark,
about 3 in 10,000 of the pairs that exact scoring of every candidate flags (none of them a
duplicate record). Candidates are scored in chunks, so memory stays flat however many there
are.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from coordinator.analysis.duplicate_features import RecordFeatures, popcount
from matching.text import row_cosine

__all__ = [
    "WEIGHTS",
    "NEED_WEIGHTS",
    "RECORD_WEIGHTS",
    "NEED_RECORD_WEIGHTS",
    "DATES_SPAN_DAYS",
    "SKETCH_DIMENSIONS",
    "structure_parts",
    "text_sketch",
    "sketch_cosine",
    "same_record",
    "overlap_score",
    "score_pairs",
    "relations",
]

#: Weights of the overlap score (they sum to 1).
WEIGHTS: dict[str, float] = {
    "text": 0.25, "title": 0.10, "recipients": 0.20, "components": 0.15, "period": 0.15,
    "budget": 0.05, "providers": 0.10,
}
#: Needs share one country and one component (their blocking key) and have no providers.
NEED_WEIGHTS: dict[str, float] = {"text": 0.45, "title": 0.20, "period": 0.20, "budget": 0.15}
#: Log-odds weights of ``same_record`` (the constant is under ``"bias"``).
RECORD_WEIGHTS: dict[str, float] = {
    "text": 6.0, "title": 6.0, "period": 4.0, "budget": 12.0, "providers": 9.0,
    "other_language": 7.0, "bias": -27.0,
}
NEED_RECORD_WEIGHTS: dict[str, float] = {
    "text": 8.0, "budget": 16.0, "dates": 16.0, "other_language": 5.0, "bias": -35.0,
}
#: Average distance of the start and end dates (days) at which ``dates`` reaches 0.
DATES_SPAN_DAYS = 365
SKETCH_DIMENSIONS = 128
_SKETCH_MARGIN = 2.5 / np.sqrt(SKETCH_DIMENSIONS)
_TEXT_PARTS = ("text", "title")
#: Candidate pairs scored at a time.
_CHUNK = 250_000


def _overlap(count_a, count_b, both) -> tuple[np.ndarray, np.ndarray]:
    """(Jaccard index, share of the smaller set inside the other) of two sets by their sizes
    and the size of their intersection."""
    either = count_a + count_b - both
    smaller = np.minimum(count_a, count_b)
    jaccard = np.divide(both, either, out=np.zeros(both.shape), where=either > 0)
    within = np.divide(both, smaller, out=np.zeros(both.shape), where=smaller > 0)
    return jaccard, within


def _providers(features: RecordFeatures, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Jaccard index of the providers; exact comparison only where the signatures meet."""
    result = np.zeros(rows.size)
    meet = np.flatnonzero(features.provider_bits[rows] & features.provider_bits[cols])
    if meet.size:
        providers_a = features.providers[rows[meet]]
        providers_b = features.providers[cols[meet]]
        matches = ((providers_a[:, :, None] == providers_b[:, None, :])
                   & (providers_a[:, :, None] >= 0))
        shared = matches.any(axis=2).sum(axis=1)
        listed = (providers_a >= 0).sum(axis=1) + (providers_b >= 0).sum(axis=1) - shared
        result[meet] = np.divide(shared, listed, out=np.zeros(meet.size), where=listed > 0)
    return result


def structure_parts(features: RecordFeatures, rows: np.ndarray, cols: np.ndarray
                    ) -> dict[str, np.ndarray]:
    """Every part but the text ones, plus ``recipients_within`` and ``components_within``
    (the share of the smaller set found in the other), for the pairs ``(rows, cols)``."""
    shared_countries = popcount(features.country_bits[rows] & features.country_bits[cols])
    recipients, recipients_within = _overlap(
        features.country_count[rows], features.country_count[cols], shared_countries)
    recipients = (recipients + recipients_within) / 2.0
    bits_a, bits_b = features.component_bits[rows], features.component_bits[cols]
    components, components_within = _overlap(popcount(bits_a), popcount(bits_b),
                                             popcount(bits_a & bits_b))
    start_a, start_b = features.start[rows], features.start[cols]
    end_a, end_b = features.end[rows], features.end[cols]
    both_run = np.minimum(end_a, end_b) - np.maximum(start_a, start_b) + 1
    either_runs = np.maximum(end_a, end_b) - np.minimum(start_a, start_b) + 1
    period = np.clip(np.divide(both_run, either_runs, out=np.zeros(rows.shape),
                               where=either_runs > 0), 0.0, 1.0)
    undated = (start_a < 0) | (start_b < 0)
    period[undated] = 0.5
    apart = (np.abs(start_a - start_b) + np.abs(end_a - end_b)) / (2.0 * DATES_SPAN_DAYS)
    dates = np.where(undated, 0.5, np.clip(1.0 - apart, 0.0, 1.0))
    amount_a, amount_b = features.amount_usd[rows], features.amount_usd[cols]
    with np.errstate(invalid="ignore", divide="ignore"):
        budget = np.minimum(amount_a, amount_b) / np.maximum(amount_a, amount_b)
    budget[np.isnan(budget)] = 0.5
    budget[(amount_a == 0) & (amount_b == 0)] = 1.0
    language_a, language_b = features.language[rows], features.language[cols]
    other_language = ((language_a > 0) & (language_b > 0) & (language_a != language_b))
    return {
        "other_language": other_language.astype(float),
        "recipients": recipients, "components": components, "period": period, "dates": dates,
        "budget": budget, "providers": _providers(features, rows, cols),
        "recipients_within": recipients_within, "components_within": components_within,
    }


def _spread(columns: np.ndarray, seed: int) -> np.ndarray:
    """A well-mixed 64-bit hash of each column number (splitmix64), fixed by ``seed``."""
    h = columns.astype(np.uint64) + np.uint64((seed + 1) * 0x9E3779B97F4A7C15 % 2**64)
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def text_sketch(vectors: sp.csr_matrix, dimensions: int = SKETCH_DIMENSIONS, seed: int = 0
                ) -> np.ndarray:
    """Dense unit rows whose dot products estimate the cosines of ``vectors``' rows.

    Each column of ``vectors`` is added, with a sign of its own, to one of ``dimensions``
    columns (a count sketch; column, sign and bucket are told by a hash of the column
    number): dot products are preserved on average, with an error of about
    ``1/sqrt(dimensions)``.
    """
    n_rows = vectors.shape[0]
    dense = np.zeros((n_rows, dimensions), dtype=np.float32)
    indptr = vectors.indptr
    step = max(1, (1 << 21) // dimensions)
    for first in range(0, n_rows, step):
        last = min(first + step, n_rows)
        begin, end = indptr[first], indptr[last]
        spread = _spread(vectors.indices[begin:end], seed)
        signs = np.where(spread & np.uint64(1 << 63), -1.0, 1.0)
        cells = (np.repeat(np.arange(last - first), np.diff(indptr[first:last + 1]))
                 * dimensions + (spread % np.uint64(dimensions)).astype(np.int64))
        dense[first:last] = np.bincount(
            cells, weights=vectors.data[begin:end] * signs,
            minlength=(last - first) * dimensions).reshape(last - first, dimensions)
    norms = np.linalg.norm(dense, axis=1)
    norms[norms == 0] = 1.0
    dense /= norms[:, None]
    return dense


def sketch_cosine(sketch: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                  chunk_size: int = 20_000) -> np.ndarray:
    """Estimated cosines of the row pairs from :func:`text_sketch` rows."""
    out = np.empty(rows.size, dtype=np.float32)
    for at in range(0, rows.size, chunk_size):
        out[at:at + chunk_size] = np.einsum("ij,ij->i", sketch[rows[at:at + chunk_size]],
                                            sketch[cols[at:at + chunk_size]])
    return out


def _logit(parts: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    return weights["bias"] + sum(weights[name] * parts[name] for name in weights
                                 if name != "bias")


def _same_scope(parts: dict[str, np.ndarray]) -> np.ndarray:
    """One record's recipients and components within the other's, periods half shared."""
    return ((parts["recipients_within"] >= 1.0) & (parts["components_within"] >= 1.0)
            & (parts["period"] >= 0.5))


def _record_weights(kind: str) -> dict[str, float]:
    return RECORD_WEIGHTS if kind == "initiative" else NEED_RECORD_WEIGHTS


def same_record(parts: dict[str, np.ndarray], kind: str) -> np.ndarray:
    """Probability-like 0..1: how much the pairs look like one record entered twice."""
    likely = 1.0 / (1.0 + np.exp(-_logit(parts, _record_weights(kind))))
    return np.where(_same_scope(parts), likely, 0.0)


def overlap_score(parts: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """The overlap score: the parts weighted by ``weights`` (:data:`WEIGHTS` for
    initiatives, :data:`NEED_WEIGHTS` for needs)."""
    return sum(weight * parts[name] for name, weight in weights.items())


class _Bound:
    """The best score pairs can reach given their text parts, the other parts being known."""

    def __init__(self, parts, kind: str, weights: dict[str, float], duplicates_only: bool):
        record = _record_weights(kind)
        self.weights = weights
        self.record = record
        self.duplicates_only = duplicates_only
        self.overlap = sum(w * parts[name] for name, w in weights.items()
                           if name not in _TEXT_PARTS)
        self.logit = record["bias"] + sum(w * parts[name] for name, w in record.items()
                                          if name not in (*_TEXT_PARTS, "bias"))
        self.scope = _same_scope(parts)

    def take(self, mask: np.ndarray) -> None:
        """Keep only the pairs where ``mask`` holds."""
        self.overlap, self.logit, self.scope = (self.overlap[mask], self.logit[mask],
                                                self.scope[mask])

    def best(self, text, title) -> np.ndarray:
        logit = (self.logit + self.record.get("text", 0.0) * text
                 + self.record.get("title", 0.0) * title)
        record = np.where(self.scope, 1.0 / (1.0 + np.exp(-logit)), 0.0)
        best = np.maximum(record, self.overlap + self.weights.get("text", 0.0) * text
                          + self.weights.get("title", 0.0) * title)
        if self.duplicates_only:
            # a pair is only kept as a duplicate record, which takes same_record >= 0.5
            return np.where(record >= 0.5, best, 0.0)
        return best


def _chunk_scores(features, rows, cols, sketches, min_score, weights, duplicates_only):
    """Score one chunk of candidates, dropping pairs as soon as they cannot reach the
    threshold: with the best text, then with the estimated text, the estimated title, the
    exact title, and last the exact text."""
    kind = features.kind
    parts = structure_parts(features, rows, cols)
    bound = _Bound(parts, kind, weights, duplicates_only)
    at = np.arange(rows.size)
    text = title = np.ones(rows.size)

    def keep(mask):
        nonlocal at, text, title
        at, text, title = at[mask], text[mask], title[mask]
        bound.take(mask)

    keep(bound.best(text, title) >= min_score)
    for step in range(3):
        if at.size == 0:
            break
        pairs = rows[at], cols[at]
        if step == 0:
            text = np.minimum(sketch_cosine(sketches[0], *pairs) + _SKETCH_MARGIN, 1.0)
        elif step == 1:
            title = np.minimum(sketch_cosine(sketches[1], *pairs) + _SKETCH_MARGIN, 1.0)
        else:
            title = np.clip(row_cosine(features.title, features.title, *pairs), 0.0, 1.0)
        keep(bound.best(text, title) >= min_score)
    rows, cols = rows[at], cols[at]
    parts = {name: value[at] for name, value in parts.items()}
    parts["title"] = title
    parts["text"] = np.clip(row_cosine(features.text, features.text, rows, cols), 0.0, 1.0)
    parts["same_record"] = same_record(parts, kind)
    score = np.clip(np.maximum(overlap_score(parts, weights), parts["same_record"]), 0.0, 1.0)
    kept = score >= min_score
    if duplicates_only:
        kept &= parts["same_record"] >= 0.5
    return rows[kept], cols[kept], {k: v[kept] for k, v in parts.items()}, score[kept]


def score_pairs(features: RecordFeatures, rows: np.ndarray, cols: np.ndarray, *,
                min_score: float, weights: dict[str, float], duplicates_only: bool = False):
    """Pairs scoring at least ``min_score``, with their parts (``same_record`` included).

    Returns ``(rows, cols, parts, score)``; ``parts`` maps each part name to an array aligned
    with ``rows``. With ``duplicates_only`` only pairs that are duplicate records are kept.
    """
    sketches = (text_sketch(features.text), text_sketch(features.title)) if rows.size else ()
    found = [_chunk_scores(features, rows[at:at + _CHUNK], cols[at:at + _CHUNK], sketches,
                           min_score, weights, duplicates_only)
             for at in range(0, max(rows.size, 1), _CHUNK)]
    names = found[0][2].keys()
    return (np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found]),
            {name: np.concatenate([f[2][name] for f in found]) for name in names},
            np.concatenate([f[3] for f in found]))


def relations(parts: dict[str, np.ndarray]) -> np.ndarray:
    """``duplicate_record`` where ``same_record`` is at least 0.5, else ``overlapping_support``.

    Similar text alone does not make a duplicate record: two providers often describe the same
    kind of work in the same country in nearly the same words. It takes about the same budget,
    dates and providers as well (see :func:`same_record`).
    """
    return np.where(parts["same_record"] >= 0.5, "duplicate_record", "overlapping_support")
