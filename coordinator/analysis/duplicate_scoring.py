"""Scoring candidate pairs: the parts of a duplicate score, the score, and the relation.

Every part is in 0..1 and computed for all candidate pairs at once:

- ``text``: cosine of the title-and-description vectors (words and character n-grams);
- ``title``: cosine of the title vectors alone;
- ``recipients``: Jaccard index of the recipient countries (a recipient region standing for
  its member countries); ``components``: Jaccard index of the leaf components;
- ``period``: the time both run divided by the time either runs (1 for the same dates);
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
same as, or included in, the other's, and the periods overlap by at least half.

The score is the larger of the overlap score (the parts weighted by :data:`WEIGHTS`) and
``same_record``. Text is compared in two steps: a cheap estimate from a random signed
projection of the vectors to :data:`SKETCH_DIMENSIONS` dimensions (error about
``1/sqrt(SKETCH_DIMENSIONS)``) drops the pairs that cannot reach the threshold even with a wide
margin, and the exact cosine is computed for the rest.
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
    "SKETCH_DIMENSIONS",
    "structure_parts",
    "text_sketch",
    "sketch_cosine",
    "same_record",
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
    "text": 15.0, "period": 10.0, "budget": 12.0, "other_language": 10.0, "bias": -32.0,
}
SKETCH_DIMENSIONS = 128
_SKETCH_MARGIN = 2.5 / np.sqrt(SKETCH_DIMENSIONS)
_TEXT_PARTS = ("text", "title")


def _jaccard(bits_a: np.ndarray, bits_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Jaccard index, share of the smaller set inside the other) of bitsets."""
    both = popcount(bits_a & bits_b)
    either = popcount(bits_a | bits_b)
    smaller = np.minimum(popcount(bits_a), popcount(bits_b))
    jaccard = np.divide(both, either, out=np.zeros(both.shape), where=either > 0)
    within = np.divide(both, smaller, out=np.zeros(both.shape), where=smaller > 0)
    return jaccard, within


def structure_parts(features: RecordFeatures, rows: np.ndarray, cols: np.ndarray
                    ) -> dict[str, np.ndarray]:
    """Every part but the text ones, plus ``recipients_within`` and ``components_within``
    (the share of the smaller set found in the other), for the pairs ``(rows, cols)``."""
    recipients, recipients_within = _jaccard(features.country_bits[rows],
                                             features.country_bits[cols])
    components, components_within = _jaccard(features.component_bits[rows],
                                             features.component_bits[cols])
    start_a, start_b = features.start[rows], features.start[cols]
    end_a, end_b = features.end[rows], features.end[cols]
    both_run = np.minimum(end_a, end_b) - np.maximum(start_a, start_b) + 1
    either_runs = np.maximum(end_a, end_b) - np.minimum(start_a, start_b) + 1
    period = np.clip(np.divide(both_run, either_runs, out=np.zeros(rows.shape),
                               where=either_runs > 0), 0.0, 1.0)
    period[(start_a < 0) | (start_b < 0)] = 0.5
    amount_a, amount_b = features.amount_usd[rows], features.amount_usd[cols]
    with np.errstate(invalid="ignore", divide="ignore"):
        budget = np.minimum(amount_a, amount_b) / np.maximum(amount_a, amount_b)
    budget[np.isnan(budget)] = 0.5
    budget[(amount_a == 0) & (amount_b == 0)] = 1.0
    providers_a, providers_b = features.providers[rows], features.providers[cols]
    matches = (providers_a[:, :, None] == providers_b[:, None, :]) & (providers_a[:, :, None] >= 0)
    shared = matches.any(axis=2).sum(axis=1)
    listed = (providers_a >= 0).sum(axis=1) + (providers_b >= 0).sum(axis=1) - shared
    providers = np.divide(shared, listed, out=np.zeros(rows.shape), where=listed > 0)
    language_a, language_b = features.language[rows], features.language[cols]
    other_language = ((language_a > 0) & (language_b > 0) & (language_a != language_b))
    return {
        "other_language": other_language.astype(float),
        "recipients": recipients, "components": components, "period": period,
        "budget": budget, "providers": providers, "recipients_within": recipients_within,
        "components_within": components_within,
    }


def text_sketch(vectors: sp.csr_matrix, dimensions: int = SKETCH_DIMENSIONS, seed: int = 0
                ) -> np.ndarray:
    """Dense unit rows whose dot products estimate the cosines of ``vectors``' rows.

    Each column of ``vectors`` is added, with a random sign, to one of ``dimensions`` columns
    (a count sketch): dot products are preserved on average, with an error of about
    ``1/sqrt(dimensions)``.
    """
    rng = np.random.default_rng(seed)
    n_columns = vectors.shape[1]
    projection = sp.csr_matrix(
        (rng.choice(np.array([-1.0, 1.0], dtype=np.float32), n_columns),
         (np.arange(n_columns), rng.integers(0, dimensions, n_columns))),
        shape=(n_columns, dimensions),
    )
    dense = np.asarray((vectors @ projection).todense(), dtype=np.float32)
    norms = np.linalg.norm(dense, axis=1)
    norms[norms == 0] = 1.0
    return dense / norms[:, None]


def sketch_cosine(sketch: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                  chunk_size: int = 50_000) -> np.ndarray:
    """Estimated cosines of the row pairs from :func:`text_sketch` rows."""
    out = np.empty(rows.size, dtype=np.float32)
    for at in range(0, rows.size, chunk_size):
        products = sketch[rows[at:at + chunk_size]]
        products *= sketch[cols[at:at + chunk_size]]
        out[at:at + chunk_size] = products.sum(axis=1)
    return out


def _logit(parts: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    return weights["bias"] + sum(weights[name] * parts[name] for name in weights
                                 if name != "bias")


def _same_scope(parts: dict[str, np.ndarray]) -> np.ndarray:
    """One record's recipients and components within the other's, periods half shared."""
    return ((parts["recipients_within"] >= 1.0) & (parts["components_within"] >= 1.0)
            & (parts["period"] >= 0.5))


def same_record(parts: dict[str, np.ndarray], kind: str) -> np.ndarray:
    """Probability-like 0..1: how much the pairs look like one record entered twice."""
    weights = RECORD_WEIGHTS if kind == "initiative" else NEED_RECORD_WEIGHTS
    likely = 1.0 / (1.0 + np.exp(-_logit(parts, weights)))
    return np.where(_same_scope(parts), likely, 0.0)


def _with_text(parts, text, title):
    return {**parts, "text": text, "title": title}


def score_pairs(features: RecordFeatures, rows: np.ndarray, cols: np.ndarray, *,
                min_score: float, weights: dict[str, float]):
    """Pairs scoring at least ``min_score``, with their parts (``same_record`` included).

    Returns ``(rows, cols, parts, score)``; ``parts`` maps each part name to an array aligned
    with ``rows``.
    """
    kind = features.kind
    parts = structure_parts(features, rows, cols)

    def best_case(text, title):
        guess = _with_text(parts, text, title)
        overlap = sum(weights[name] * guess[name] for name in weights)
        return np.maximum(overlap, same_record(guess, kind))

    ones = np.ones(rows.size)
    possible = best_case(ones, ones) >= min_score
    rows, cols = rows[possible], cols[possible]
    parts = {name: value[possible] for name, value in parts.items()}
    if rows.size:
        text = np.minimum(sketch_cosine(text_sketch(features.text), rows, cols)
                          + _SKETCH_MARGIN, 1.0)
        title = np.minimum(sketch_cosine(text_sketch(features.title), rows, cols)
                           + _SKETCH_MARGIN, 1.0)
        likely = best_case(text, title) >= min_score
        rows, cols = rows[likely], cols[likely]
        parts = {name: value[likely] for name, value in parts.items()}
    parts["text"] = np.clip(row_cosine(features.text, features.text, rows, cols), 0.0, 1.0)
    parts["title"] = np.clip(row_cosine(features.title, features.title, rows, cols), 0.0, 1.0)
    parts["same_record"] = same_record(parts, kind)
    overlap = sum(weights[name] * parts[name] for name in weights)
    score = np.clip(np.maximum(overlap, parts["same_record"]), 0.0, 1.0)
    keep = score >= min_score
    return rows[keep], cols[keep], {k: v[keep] for k, v in parts.items()}, score[keep]


def relations(parts: dict[str, np.ndarray]) -> np.ndarray:
    """``duplicate_record`` where ``same_record`` is at least 0.5, else ``overlapping_support``.

    Similar text alone does not make a duplicate record: two providers often describe the same
    kind of work in the same country in nearly the same words. It takes about the same budget,
    dates and providers as well (see :func:`same_record`).
    """
    return np.where(parts["same_record"] >= 0.5, "duplicate_record", "overlapping_support")
