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

from coordinator.analysis.duplicate_blocking import (
    DEFAULT_TOLERANCE_DAYS,
    DEFAULT_WINDOW_DAYS,
    candidate_pairs,
)
from coordinator.analysis.duplicate_features import initiative_features, need_features
from coordinator.analysis.duplicate_reasons import PairExplainer
from coordinator.analysis.duplicate_scoring import NEED_WEIGHTS, WEIGHTS, relations, score_pairs
from coordinator.domain import Snapshot
from coordinator.money import RateTable, default_table

__all__ = [
    "RELATIONS",
    "DuplicatePair",
    "find_duplicates",
    "duplicate_clusters",
]

RELATIONS = ("duplicate_record", "overlapping_support")
_SHOWN_PARTS = ("text", "title", "recipients", "components", "period", "budget", "providers",
                "same_record")


@dataclass(frozen=True)
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


def _pairs_of_kind(snapshot: Snapshot, kind: str, rates: RateTable, min_score: float,
                   window_days: int, tolerance_days: int) -> list[DuplicatePair]:
    if kind == "initiative":
        features, weights = initiative_features(snapshot, rates), WEIGHTS
    elif kind == "need":
        features, weights = need_features(snapshot, rates), NEED_WEIGHTS
    else:
        raise ValueError(f"kind must be 'initiative' or 'need', not {kind!r}")
    rows, cols = candidate_pairs(features, window_days=window_days,
                                 tolerance_days=tolerance_days, undated_day=snapshot.as_of)
    rows, cols, parts, score = score_pairs(features, rows, cols, min_score=min_score,
                                           weights=weights)
    relation = relations(parts)
    keep = relation == "duplicate_record"
    if kind == "initiative":
        active = np.array([snapshot.initiatives[i].status != "cancelled" for i in features.ids])
        keep |= active[rows] & active[cols]
    if not keep.all():
        rows, cols, score, relation = rows[keep], cols[keep], score[keep], relation[keep]
        parts = {name: value[keep] for name, value in parts.items()}
    shown = [name for name in _SHOWN_PARTS if name in weights or name == "same_record"]
    explainer = PairExplainer(snapshot)
    pairs = []
    for at in np.argsort(-score, kind="stable"):
        values = {name: float(parts[name][at]) for name in shown}
        a, b = features.ids[rows[at]], features.ids[cols[at]]
        pairs.append(DuplicatePair(
            kind=kind, a=a, b=b, score=float(score[at]), relation=str(relation[at]),
            parts=values,
            reasons=explainer.reasons(kind, a, b, {**values, "other_language": float(
                parts["other_language"][at])}, str(relation[at])),
        ))
    return pairs


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
    pairs: list[DuplicatePair] = []
    for kind in kinds:
        pairs.extend(_pairs_of_kind(snapshot, kind, table, min_score, window_days,
                                    tolerance_days))
    pairs.sort(key=lambda p: (-p.score, p.kind, p.a, p.b))
    return pairs


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
