"""Indicators for evaluating capacity building (Action Plan 4(g)), by year and level (section 5).

An initiative is **national** when it has one recipient country and no recipient region,
**regional** when its recipients (countries, or regions other than the World) all lie in one
UN M49 region, and **international** otherwise. It belongs to the year it starts in; a need
to the year its time frame starts (else the year it was last updated).

:func:`indicators` returns a plain JSON-ready dict:

- ``by_year``: for each year, needs (how many, share met or fully funded, share with any
  support), funding requested (needs' estimated costs) and committed (initiatives' budgets) in
  USD by level, the share of committed funding reaching the priority groups (an initiative's
  budget split evenly over the countries it covers), and the duplication rate (share of that
  year's initiatives in a duplicate record pair, and in an overlapping support pair);
- ``by_level``: the same totals over all years;
- ``providers_per_country``: how many providers take part in initiatives for each country;
- ``data_quality``: completeness of each record (share of its optional fields filled) and
  freshness (records not updated for twelve months, decision paragraph 17), per kind.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import numpy as np

from coordinator.analysis.collector import with_collector_paused
from coordinator.analysis.data_quality import data_quality
from coordinator.analysis.duplication import DuplicatePair
from coordinator.analysis.gaps import NeedGap, need_coverage
from coordinator.domain import Initiative, Snapshot
from coordinator.money import RateTable, default_table
from coordinator.taxonomy import PRIORITY_GROUPS

__all__ = ["LEVELS", "initiative_level", "indicators"]

LEVELS = ("national", "regional", "international")


def initiative_level(initiative: Initiative, snapshot: Snapshot) -> str:
    """``national``, ``regional`` or ``international`` (see the module's description)."""
    countries, regions = initiative.recipient_countries, initiative.recipient_regions
    if len(countries) == 1 and not regions:
        return "national"
    if not countries and not regions or "001" in regions:
        return "international"
    top = set()
    for code in countries:
        country = snapshot.countries.get(code)
        top.add(country.region if country else None)
    for code in regions:
        top.add(_top_region(code, snapshot))
    return "regional" if len(top) == 1 and None not in top else "international"


def _top_region(code: str, snapshot: Snapshot) -> str | None:
    region = snapshot.regions.get(code)
    while region is not None and region.parent not in (None, "001"):
        region = snapshot.regions.get(region.parent)
    return region.code if region is not None else None


def _year(day: date | datetime | None) -> int | None:
    return day.year if day is not None else None


def _priority_shares(snapshot: Snapshot, initiatives: list[Initiative]) -> np.ndarray:
    """Share of each initiative's covered countries that are in a priority group (worked out
    once per distinct list of recipients)."""
    members: dict[str, list[str]] = {"001": list(snapshot.countries)}
    for country in snapshot.countries.values():
        for area in country.areas:
            members.setdefault(area, []).append(country.alpha3)
    in_group = {code for code, c in snapshot.countries.items()
                if c.groups & set(PRIORITY_GROUPS)}
    known: dict[tuple, float] = {}

    def share(countries: tuple[str, ...], regions: tuple[str, ...]) -> float:
        if regions:
            covered = set(countries)
            for region in regions:
                covered.update(members.get(region, ()))
        else:
            covered = countries
        return sum(1 for c in covered if c in in_group) / len(covered) if covered else 0.0

    shares = np.zeros(len(initiatives))
    for i, initiative in enumerate(initiatives):
        key = (initiative.recipient_countries, initiative.recipient_regions)
        value = known.get(key)
        if value is None:
            value = known[key] = share(*key)
        shares[i] = value
    return shares


def _levels(snapshot: Snapshot, initiatives: list[Initiative]) -> np.ndarray:
    """The level number (index in :data:`LEVELS`) of each initiative."""
    known: dict[tuple, int] = {}
    numbers = []
    for initiative in initiatives:
        key = (initiative.recipient_countries, initiative.recipient_regions)
        number = known.get(key)
        if number is None:
            number = known[key] = LEVELS.index(initiative_level(initiative, snapshot))
        numbers.append(number)
    return np.array(numbers, dtype=np.int64)


def _rounded(value: float) -> float:
    return round(float(value), 2)


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 3) if whole else None


@with_collector_paused
def indicators(
    snapshot: Snapshot, *, duplicates: Iterable[DuplicatePair] = (),
    gaps: Iterable[NeedGap] | None = None, rates: RateTable | None = None,
) -> dict:
    """All indicators as a JSON-ready dict (see the module's description).

    ``duplicates`` are the pairs of :func:`~coordinator.analysis.duplication.find_duplicates`
    and ``gaps`` those of :func:`~coordinator.analysis.gaps.need_coverage` (computed here when
    not given).
    """
    table = rates or (RateTable(snapshot.rates) if snapshot.rates else default_table())
    as_of = snapshot.as_of or date.today()
    initiatives = [i for _, i in sorted(snapshot.initiatives.items()) if i.status != "cancelled"]
    levels = _levels(snapshot, initiatives)
    years = np.array([_year(i.start) or _year(i.end) or _year(i.updated) or 0
                      for i in initiatives], dtype=np.int64)
    budgets = np.nan_to_num(table.usd_amounts(
        [i.budget.amount if i.budget else np.nan for i in initiatives],
        [i.budget.currency if i.budget else "USD" for i in initiatives],
        [y or None for y in years.tolist()])) if initiatives else np.zeros(0)
    to_priority = budgets * _priority_shares(snapshot, initiatives)

    needs = [n for _, n in sorted(snapshot.needs.items()) if n.status != "withdrawn"]
    need_years = np.array([_year(n.start) or _year(n.updated) or 0 for n in needs],
                          dtype=np.int64)
    requested = np.nan_to_num(table.usd_amounts(
        [n.estimated_cost.amount if n.estimated_cost else np.nan for n in needs],
        [n.estimated_cost.currency if n.estimated_cost else "USD" for n in needs],
        [y or None for y in need_years.tolist()])) if needs else np.zeros(0)
    gap_by_need = {g.need: g for g in (gaps if gaps is not None
                                       else need_coverage(snapshot, table))}
    met = np.array([n.status == "met" or (n.id in gap_by_need
                                          and gap_by_need[n.id].coverage >= 1.0)
                    for n in needs], dtype=bool)
    supported = np.array([n.status == "met" or (n.id in gap_by_need
                                                and gap_by_need[n.id].initiative_count > 0)
                          for n in needs], dtype=bool)

    position = {i.id: k for k, i in enumerate(initiatives)}
    in_duplicate = np.zeros(len(initiatives), dtype=bool)
    in_overlap = np.zeros(len(initiatives), dtype=bool)
    for pair in duplicates:
        if pair.kind != "initiative":
            continue
        flags = in_duplicate if pair.relation == "duplicate_record" else in_overlap
        for record in (pair.a, pair.b):
            if record in position:
                flags[position[record]] = True

    def totals(mask: np.ndarray, need_mask: np.ndarray) -> dict:
        by_level = {}
        for number, level in enumerate(LEVELS):
            chosen = mask & (levels == number)
            committed = budgets[chosen].sum()
            by_level[level] = {
                "initiatives": int(chosen.sum()), "committed_usd": _rounded(committed),
                "priority_groups_usd": _rounded(to_priority[chosen].sum()),
                "priority_groups_share": _share(to_priority[chosen].sum(), committed),
            }
        count = int(mask.sum())
        committed = budgets[mask].sum()
        need_count = int(need_mask.sum())
        return {
            "initiatives": count, "committed_usd": _rounded(committed),
            "requested_usd": _rounded(requested[need_mask].sum()),
            "priority_groups_share": _share(to_priority[mask].sum(), committed),
            "levels": by_level,
            "needs": need_count,
            "needs_covered_share": _share(met[need_mask].sum(), need_count),
            "needs_supported_share": _share(supported[need_mask].sum(), need_count),
            "duplication_rate": _share(in_duplicate[mask].sum(), count),
            "overlap_rate": _share(in_overlap[mask].sum(), count),
        }

    all_years = sorted({int(y) for y in years if y} | {int(y) for y in need_years if y})
    return {
        "as_of": as_of.isoformat(),
        "levels": list(LEVELS),
        "by_year": {str(y): totals(years == y, need_years == y) for y in all_years},
        "overall": totals(np.ones(len(initiatives), dtype=bool), np.ones(len(needs), dtype=bool)),
        "providers_per_country": _providers_per_country(snapshot, initiatives),
        "data_quality": data_quality(snapshot, stale_before=as_of - timedelta(days=365)),
    }


def _providers_per_country(snapshot: Snapshot, initiatives: list[Initiative]) -> dict:
    providers: dict[str, set[str]] = {}
    for initiative in initiatives:
        if initiative.recipient_countries:
            ids = [role.id for role in initiative.providers]
            for country in initiative.recipient_countries:
                known = providers.get(country)
                if known is None:
                    providers[country] = set(ids)
                else:
                    known.update(ids)
    counts = {country: len(ids) for country, ids in sorted(providers.items())}
    values = np.array(list(counts.values()), dtype=float)
    with_needs = {n.country for n in snapshot.needs.values()}
    return {
        "countries": counts,
        "mean": round(float(values.mean()), 2) if values.size else None,
        "median": float(np.median(values)) if values.size else None,
        "countries_with_needs_but_no_provider": sorted(with_needs - set(counts)),
    }
