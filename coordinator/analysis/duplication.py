"""Duplicated and overlapping initiatives (and needs entered twice): block -> score -> cluster.

Action Plan paragraph 7 asks to avoid duplication. Two kinds of pair are told apart:

- a **duplicate record**: the same project (or need) entered twice, for instance by the donor
  and by the implementer, or imported from IATI and typed by hand, possibly reworded or in
  another language, re-dated or with part of the recipients;
- **overlapping support**: different providers funding the same component in the same place
  at the same time — the coordination problem.

The pipeline is pure over a :class:`~coordinator.domain.Snapshot`:
:mod:`~coordinator.analysis.duplicate_features` turns records into arrays,
:mod:`~coordinator.analysis.duplicate_blocking` finds candidate pairs through inverted
indexes (no loop over all pairs), :mod:`~coordinator.analysis.duplicate_scoring` scores them
with their parts, and :mod:`~coordinator.analysis.duplicate_reasons` says why in words.
:func:`duplicate_clusters` groups duplicate records into connected components.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from coordinator.analysis.collector import collector_paused
from coordinator.analysis.duplicate_blocking import (
    DEFAULT_TOLERANCE_DAYS,
    DEFAULT_WINDOW_DAYS,
    candidate_pairs,
)
from coordinator.analysis.duplicate_features import initiative_features, need_features
from coordinator.analysis.duplicate_reasons import PairExplainer
from coordinator.analysis.duplicate_scoring import (
    NEED_RECORD_WEIGHTS,
    NEED_WEIGHTS,
    RECORD_WEIGHTS,
    WEIGHTS,
    relations,
    score_pairs,
)
from coordinator.domain import Snapshot
from coordinator.money import RateTable, default_table

__all__ = [
    "RELATIONS",
    "DuplicatePair",
    "find_duplicates",
    "duplicate_clusters",
]

RELATIONS = ("duplicate_record", "overlapping_support")
_SHOWN_PARTS = ("text", "title", "recipients", "components", "period", "dates", "budget",
                "providers", "same_record")


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two records that duplicate or overlap, with the score's parts and reasons in words."""

    kind: str
    a: str
    b: str
    score: float
    relation: str
    parts: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The pair in the contract's ``duplicates`` JSON shape."""
        return {
            "kind": self.kind, "a": self.a, "b": self.b, "score": round(self.score, 3),
            "relation": self.relation, "reasons": list(self.reasons),
            "parts": {name: round(value, 3) for name, value in self.parts.items()},
        }


@dataclass(frozen=True)
class _Found:
    """The flagged pairs of one kind, sorted by score (descending), then by ids."""

    kind: str
    a: list[str]
    b: list[str]
    score: np.ndarray
    relation: list[str]
    parts: list[dict[str, float]]
    reasons: list[tuple[str, ...]]


def _pairs_of_kind(snapshot: Snapshot, kind: str, rates: RateTable, min_score: float,
                   window_days: int, tolerance_days: int) -> _Found:
    if kind == "initiative":
        features, weights = initiative_features(snapshot, rates), WEIGHTS
    elif kind == "need":
        features, weights = need_features(snapshot, rates), NEED_WEIGHTS
    else:
        raise ValueError(f"kind must be 'initiative' or 'need', not {kind!r}")
    rows, cols = candidate_pairs(features, window_days=window_days,
                                 tolerance_days=tolerance_days, undated_day=snapshot.as_of)
    rows, cols, parts, score = score_pairs(features, rows, cols, min_score=min_score,
                                           weights=weights, duplicates_only=kind == "need")
    relation = relations(parts)
    keep = np.ones(rows.size, dtype=bool)
    if kind == "initiative":
        active = np.array([snapshot.initiatives[i].status != "cancelled" for i in features.ids],
                          dtype=bool)
        keep = (relation == "duplicate_record") | (active[rows] & active[cols])
    # ids are sorted and rows < cols: ordering by rows and cols orders by the two ids
    order = np.lexsort((cols, rows, -score))
    order = order[keep[order]]
    rows, cols, score, relation = rows[order], cols[order], score[order], relation[order]
    parts = {name: value[order] for name, value in parts.items()}
    record_weights = RECORD_WEIGHTS if kind == "initiative" else NEED_RECORD_WEIGHTS
    shown = [name for name in _SHOWN_PARTS
             if name in weights or name in record_weights or name == "same_record"]
    values = np.column_stack([parts[name] for name in shown]).tolist() if rows.size else []
    ids = np.array(features.ids, dtype=object)
    return _Found(
        kind=kind, a=ids[rows].tolist(), b=ids[cols].tolist(), score=score,
        relation=relation.tolist(), parts=[dict(zip(shown, v, strict=True)) for v in values],
        reasons=PairExplainer(snapshot, features).reasons(rows, cols, parts, relation),
    )


def find_duplicates(
    snapshot: Snapshot, *, min_score: float = 0.5,
    kinds: Sequence[str] = ("initiative", "need"), rates: RateTable | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS, tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
) -> list[DuplicatePair]:
    """Pairs of initiatives (and needs) scoring at least ``min_score``, best first.

    A cancelled initiative can be a duplicate record but is never overlapping support. Needs
    are only reported as duplicate records (two different needs of one country and component
    are not a problem).
    ``rates`` converts budgets to USD (default: ``snapshot.rates`` if any, else the shipped
    table).
    """
    if not 0.0 <= min_score <= 1.0:
        raise ValueError(f"min_score must be within 0..1, not {min_score!r}")
    table = rates or (RateTable(snapshot.rates) if snapshot.rates else default_table())
    with collector_paused():
        return _best_first([_pairs_of_kind(snapshot, kind, table, min_score, window_days,
                                           tolerance_days) for kind in kinds])


def _best_first(found: list[_Found]) -> list[DuplicatePair]:
    """The pairs of all kinds, best first; equal scores by kind, then by ids."""
    found = sorted(found, key=lambda f: f.kind)
    if not any(f.a for f in found):
        return []
    # each kind is already in order: its position breaks the remaining ties
    order = np.lexsort((np.concatenate([np.arange(len(f.a)) for f in found]),
                        np.concatenate([np.full(len(f.a), k) for k, f in enumerate(found)]),
                        -np.concatenate([f.score for f in found])))
    kinds = [f.kind for f in found for _ in f.a]
    a, b, score, relation, parts, reasons = ([], [], [], [], [], [])
    for f in found:
        a += f.a
        b += f.b
        score += f.score.tolist()
        relation += f.relation
        parts += f.parts
        reasons += f.reasons
    return [DuplicatePair(kinds[k], a[k], b[k], score[k], relation[k], parts[k], reasons[k])
            for k in order.tolist()]


def duplicate_clusters(pairs: Iterable[DuplicatePair]) -> list[tuple[str, ...]]:
    """Groups of records that are all the same project: connected duplicate records.

    Each cluster is a sorted tuple of ids (initiatives and needs are never mixed); clusters
    are sorted by size, largest first, then by their first id.
    """
    graph = nx.Graph()
    for pair in pairs:
        if pair.relation == "duplicate_record":
            graph.add_edge((pair.kind, pair.a), (pair.kind, pair.b))
    clusters = [tuple(sorted(node[1] for node in component))
                for component in nx.connected_components(graph)]
    return sorted(clusters, key=lambda c: (-len(c), c))
