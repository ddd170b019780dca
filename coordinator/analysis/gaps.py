"""Coverage of country needs by active initiatives, funding gaps and their severity (4(d), 5(e)).

For each open or partially met need: the initiatives that address its country (directly, or
through a recipient region containing it) and its component (an initiative on ``a`` addresses
needs on ``a1``..``a5`` and the other way round) during its time frame, and the share of its
estimated cost they bring.

An initiative's contribution to one need is an estimate: its budget (in USD, at the rate of its
start year) split evenly over the countries it covers and its components; a component ``a``
counts once and is itself split evenly over ``a1``..``a5``. Planned and ongoing initiatives
count when their period overlaps the need's time frame (or either is undated); completed ones
count when their period overlaps the time frame. Cancelled initiatives never count.

Severity (0..1) is the uncovered share of the need times a weighted mean of its priority
(1 highest), whether its country belongs to a priority group (LDC, SIDS, EIT, centres of
origin) and how long it has waited (from its start, capped at five years): see
:data:`SEVERITY_WEIGHTS`. Everything is computed with numpy over all needs at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from coordinator.analysis.collector import with_collector_paused
from coordinator.analysis.gap_areas import (
    aggregate_gaps,
    countries_without_coordination_data,
    uncovered_components,
)
from coordinator.analysis.gap_cells import Cells, initiative_cells, need_matches
from coordinator.domain import Money, Need, Snapshot
from coordinator.money import RateTable, default_table, format_money
from coordinator.taxonomy import COUNTRY_GROUPS, PRIORITY_GROUPS, component_label

__all__ = [
    "GAP_STATUSES",
    "SEVERITY_WEIGHTS",
    "NeedGap",
    "need_coverage",
    "coverage_of",
    "aggregate_gaps",
    "uncovered_components",
    "countries_without_coordination_data",
]

#: Need statuses that are gaps.
GAP_STATUSES = ("open", "partially_met")
#: Weights of the severity's importance factors (they sum to 1).
SEVERITY_WEIGHTS = {"priority": 0.45, "priority_group": 0.30, "waiting": 0.25}
_WAITING_CAP_DAYS = 5 * 365
_SHOWN_INITIATIVES = 5


@dataclass(frozen=True)
class NeedGap:
    """How far one need is covered, what is missing, and how severe that is."""

    need: str
    country: str
    component: str
    coverage: float
    funding_gap: Money | None
    priority_groups: tuple[str, ...]
    severity: float
    reasons: tuple[str, ...]
    cost_usd: float | None = None
    covered_usd: float = 0.0
    initiatives: tuple[str, ...] = ()
    initiative_count: int = 0

    def as_dict(self) -> dict:
        """The gap in the contract's ``gaps`` JSON shape (plus the initiatives found)."""
        return {
            "need": self.need, "country": self.country, "component": self.component,
            "coverage": round(self.coverage, 3),
            "funding_gap": self.funding_gap.as_dict() if self.funding_gap else None,
            "priority_groups": list(self.priority_groups), "severity": round(self.severity, 3),
            "reasons": list(self.reasons), "initiatives": list(self.initiatives),
            "initiative_count": self.initiative_count,
        }


def _usd(rates: RateTable, monies, years) -> np.ndarray:
    amounts = [m.amount if m is not None else np.nan for m in monies]
    currencies = [m.currency if m is not None else "USD" for m in monies]
    return rates.usd_amounts(amounts, currencies, years)


def _waiting_days(needs: list[Need], as_of: date) -> np.ndarray:
    since = [n.start or (n.updated.date() if n.updated else None) for n in needs]
    return np.array([max((as_of - d).days, 0) if d else 0 for d in since], dtype=np.int64)


def _reasons(need: Need, snapshot: Snapshot, coverage: float, cost: float | None,
             covered: float, count: int, shown: tuple[str, ...], groups: tuple[str, ...],
             waited: int) -> tuple[str, ...]:
    country = snapshot.countries.get(need.country)
    where = country.name if country else need.country
    what = component_label(need.component) if need.component != "a" else "a — Institutional"
    reasons = []
    if count == 0:
        reasons.append(f"no active initiative addresses {what} in {where} in its time frame")
    else:
        listed = ", ".join(shown) + (f" and {count - len(shown)} more" if count > len(shown)
                                     else "")
        verb = "addresses" if count == 1 else "address"
        reasons.append(f"{count} active initiative{'s' if count != 1 else ''} {verb} it "
                       f"({listed})")
    if cost is None:
        reasons.append("its estimated cost is unknown or not convertible to USD, so coverage "
                       "only says whether any initiative addresses it")
    else:
        reasons.append(f"they bring an estimated {format_money(Money(round(covered), 'USD'))} "
                       f"of {format_money(Money(round(cost), 'USD'))} ({coverage:.0%})")
    reasons.append(f"priority {need.priority} of 5")
    if groups:
        names = ", ".join(f"{COUNTRY_GROUPS[g]} ({g.upper()})" if g != "centre_of_origin"
                          else COUNTRY_GROUPS[g] for g in groups)
        reasons.append(f"{where} is among the priority groups: {names}")
    if waited:
        reasons.append(f"waiting {waited / 365.25:.1f} years")
    return tuple(reasons)


def _largest_contributors(cells: Cells, need_rows: np.ndarray, cell_rows: np.ndarray
                          ) -> dict[int, tuple[str, ...]]:
    """Up to five initiative ids per need row, largest contribution first."""
    initiative = cells.initiative[cell_rows]
    usd = np.nan_to_num(cells.usd[cell_rows])
    order = np.lexsort((-usd, need_rows))
    need_sorted, initiative_sorted = need_rows[order], initiative[order]
    pair = need_sorted * (cells.n_initiatives + 1) + initiative_sorted
    _, first = np.unique(pair, return_index=True)
    first = np.sort(first)
    need_sorted, initiative_sorted = need_sorted[first], initiative_sorted[first]
    starts = np.flatnonzero(np.concatenate(([True], need_sorted[1:] != need_sorted[:-1])))
    rank = np.arange(need_sorted.size) - np.repeat(
        starts, np.diff(np.concatenate((starts, [need_sorted.size]))))
    shown: dict[int, list[str]] = {}
    for row, index in zip(need_sorted[rank < _SHOWN_INITIATIVES].tolist(),
                          initiative_sorted[rank < _SHOWN_INITIATIVES].tolist(), strict=True):
        shown.setdefault(row, []).append(cells.ids[index])
    return {row: tuple(ids) for row, ids in shown.items()}


def coverage_of(snapshot: Snapshot, needs: list[Need], cells: Cells, table: RateTable):
    """Coverage of ``needs`` by the initiative ``cells``, all needs at once.

    Returns ``(coverage, counts, covered_usd, cost_usd, need_rows, cell_rows)``: coverage in
    0..1, how many initiatives address each need, the USD they bring, the need's cost in USD
    (NaN when unknown or not convertible), and the matching (need, cell) rows.
    """
    n = len(needs)
    need_rows, cell_rows = need_matches(snapshot, needs, cells)
    covered = np.bincount(need_rows, weights=np.nan_to_num(cells.usd[cell_rows]), minlength=n)
    # an initiative touching a need through several cells (a -> a1..a5) is counted once
    pairs = np.sort(need_rows * (cells.n_initiatives + 1) + cells.initiative[cell_rows])
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if pairs.size else pairs
    counts = np.bincount(pairs // (cells.n_initiatives + 1), minlength=n)
    cost = _usd(table, [nd.estimated_cost for nd in needs],
                [nd.start.year if nd.start else None for nd in needs]) if n else np.zeros(0)
    cost = np.where(cost > 0, cost, np.nan)
    known = ~np.isnan(cost)
    coverage = np.where(known, np.minimum(covered / np.where(known, cost, 1.0), 1.0),
                        (counts > 0).astype(float))
    return coverage, counts, covered, cost, need_rows, cell_rows


@with_collector_paused
def need_coverage(snapshot: Snapshot, rates: RateTable | None = None) -> list[NeedGap]:
    """One :class:`NeedGap` per open or partially met need, most severe first.

    ``rates`` converts money to USD (default: ``snapshot.rates``, else the shipped table).
    """
    table = rates or (RateTable(snapshot.rates) if snapshot.rates else default_table())
    as_of = snapshot.as_of or date.today()
    needs = [n for _, n in sorted(snapshot.needs.items()) if n.status in GAP_STATUSES]
    if not needs:
        return []
    cells = initiative_cells(snapshot, table)
    coverage, counts, covered, cost, need_rows, cell_rows = coverage_of(snapshot, needs, cells,
                                                                        table)
    known = ~np.isnan(cost)
    gap_usd = np.where(known, np.maximum(np.nan_to_num(cost) - covered, 0.0), np.nan)
    groups = [tuple(g for g in PRIORITY_GROUPS
                    if g in (snapshot.countries[nd.country].groups
                             if nd.country in snapshot.countries else ()))
              for nd in needs]
    priority = np.array([(5 - min(max(nd.priority, 1), 5)) / 4 for nd in needs])
    in_group = np.array([1.0 if g else 0.0 for g in groups])
    waited = _waiting_days(needs, as_of)
    waiting = np.minimum(waited / _WAITING_CAP_DAYS, 1.0)
    importance = (SEVERITY_WEIGHTS["priority"] * priority
                  + SEVERITY_WEIGHTS["priority_group"] * in_group
                  + SEVERITY_WEIGHTS["waiting"] * waiting)
    severity = (1.0 - coverage) * importance
    shown = _largest_contributors(cells, need_rows, cell_rows)
    gaps = []
    for i, need in enumerate(needs):
        ids = shown.get(i, ())
        cost_i = float(cost[i]) if known[i] else None
        gaps.append(NeedGap(
            need=need.id, country=need.country, component=need.component,
            coverage=float(coverage[i]),
            funding_gap=Money(round(float(gap_usd[i]), 2), "USD") if known[i] else None,
            priority_groups=groups[i], severity=float(severity[i]),
            reasons=_reasons(need, snapshot, float(coverage[i]), cost_i, float(covered[i]),
                             int(counts[i]), ids, groups[i], int(waited[i])),
            cost_usd=cost_i, covered_usd=float(covered[i]), initiatives=ids,
            initiative_count=int(counts[i]),
        ))
    gaps.sort(key=lambda g: (-g.severity, g.need))
    return gaps
