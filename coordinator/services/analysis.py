"""The secretariat's analyses for a viewer: duplicates (with review status), gaps, indicators,
the COP-MOP progress report and the graph.

Analyses run on the whole record (so aggregates count confidential needs) and are cached per
data version; what a viewer receives is then cut to what they may see: pairs involving a need
they may not read are left out, and such needs appear in gaps and lists only under their alias,
without text or cost.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..analysis.duplication import DuplicatePair, find_duplicates
from ..analysis.gap_areas import (
    aggregate_gaps,
    countries_without_coordination_data,
    uncovered_components,
)
from ..analysis.gaps import NeedGap, need_coverage
from ..analysis.indicators import indicators
from ..analysis.report import render_report
from ..money import RateTable, default_table
from ..visibility import SYSTEM, Viewer, hidden_need_aliases, scrub
from .catalog import cached, data_version, snapshot_for
from .reviews import fingerprint, pair_key, reviews_by_pair

__all__ = ["duplicates_for", "gaps_for", "gap_overview", "indicators_for", "report_for",
           "write_graph", "AGGREGATIONS"]

AGGREGATIONS = ("country", "subregion", "region", "component", "priority_group")


def _rates(snapshot) -> RateTable:
    return RateTable(snapshot.rates) if snapshot.rates else default_table()


def _all_pairs(session: Session, min_score: float) -> list[DuplicatePair]:
    full = snapshot_for(session, SYSTEM)
    return cached(("duplicates", data_version(session), min_score),
                  lambda: find_duplicates(full, min_score=min_score, rates=_rates(full)))


def _all_gaps(session: Session) -> list[NeedGap]:
    full = snapshot_for(session, SYSTEM)
    return cached(("gaps", data_version(session)), lambda: need_coverage(full, _rates(full)))


def duplicates_for(session: Session, viewer: Viewer, *, min_score: float = 0.5,
                   kind: str | None = None) -> list[dict[str, Any]]:
    """Flagged pairs (contract shape) with each pair's review, newest decisions applied.

    A pair dismissed as "not a duplicate" is not flagged again unless one of its records has
    changed since; a pair whose overlap was acknowledged stays, with its note.
    """
    full = snapshot_for(session, SYSTEM)
    reviews = reviews_by_pair(session)
    aliases = hidden_need_aliases(full, viewer)
    out = []
    for pair in _all_pairs(session, min_score):
        if kind and pair.kind != kind:
            continue
        if pair.kind == "need" and (pair.a in aliases or pair.b in aliases):
            continue
        review = reviews.get(pair_key(pair.kind, pair.a, pair.b))
        entry = pair.as_dict()
        entry["review"] = None
        if review is not None:
            records = full.initiatives if pair.kind == "initiative" else full.needs
            first, second = pair_key(pair.kind, pair.a, pair.b)[1:]
            unchanged = (first in records and second in records
                         and fingerprint(records[first]) == review.a_fingerprint
                         and fingerprint(records[second]) == review.b_fingerprint)
            if review.decision == "dismissed" and unchanged:
                continue
            entry["review"] = {**review.as_dict(), "records_changed_since": not unchanged}
        out.append(entry)
    return out


def _redacted_gap(gap: NeedGap, alias: str) -> NeedGap:
    return replace(gap, need=alias, funding_gap=None, cost_usd=None,
                   reasons=("a confidential need: details are visible to its country's focal "
                            "points and the secretariat",))


def gaps_for(session: Session, viewer: Viewer) -> list[NeedGap]:
    """Every open need's coverage and gap, most severe first; hidden needs redacted."""
    full = snapshot_for(session, SYSTEM)
    aliases = hidden_need_aliases(full, viewer)
    gaps = [(_redacted_gap(g, aliases[g.need]) if g.need in aliases else g)
            for g in _all_gaps(session)]
    return sorted(gaps, key=lambda g: (-g.severity, g.need))


def gap_overview(session: Session, viewer: Viewer, *, by: str = "country") -> dict[str, Any]:
    """Gaps aggregated ``by`` an area, component or priority group, plus the structural gaps."""
    full = snapshot_for(session, SYSTEM)
    aliases = hidden_need_aliases(full, viewer)
    return scrub({
        "by": by,
        "aggregates": aggregate_gaps(_all_gaps(session), full, by=by),
        "uncovered_components": uncovered_components(full),
        "countries_without_coordination_data": countries_without_coordination_data(full),
    }, aliases)


def indicators_for(session: Session, viewer: Viewer) -> dict[str, Any]:
    """The capacity-building indicators; record lists show hidden needs by alias only."""
    full = snapshot_for(session, SYSTEM)
    result = cached(("indicators", data_version(session)), lambda: indicators(
        full, duplicates=_all_pairs(session, 0.5), gaps=_all_gaps(session), rates=_rates(full)))
    return scrub(result, hidden_need_aliases(full, viewer))


def report_for(session: Session, viewer: Viewer, fmt: str = "html") -> str:
    """The progress report to COP-MOP (paragraph 8) as HTML or Markdown, for ``viewer``."""
    snapshot = snapshot_for(session, viewer)
    pairs = [p for p in _all_pairs(session, 0.5)
             if p.kind != "need" or (p.a in snapshot.needs and p.b in snapshot.needs)]
    return render_report(snapshot, gaps=gaps_for(session, viewer), duplicates=pairs,
                         indicators=indicators_for(session, viewer), fmt=fmt,
                         rates=_rates(snapshot))


def write_graph(session: Session, viewer: Viewer, out: Path) -> dict[str, int]:
    """The graph of who funds what where, as GraphML for Gephi and the like."""
    from ..analysis.graph import build_graph, write_graphml

    graph = build_graph(snapshot_for(session, viewer))
    out.parent.mkdir(parents=True, exist_ok=True)
    write_graphml(graph, str(out))
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
