"""Gaps seen by area: totals by country, region, component or priority group; components no
provider focuses on in a region; countries with needs but no national coordination data (5.1).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from coordinator.domain import Snapshot
from coordinator.taxonomy import COMPONENTS, COUNTRY_GROUPS, expand_component

if TYPE_CHECKING:
    from coordinator.analysis.gaps import NeedGap

__all__ = [
    "AGGREGATIONS",
    "aggregate_gaps",
    "uncovered_components",
    "countries_without_coordination_data",
]

AGGREGATIONS = ("country", "subregion", "region", "component", "priority_group")
_NO_GROUP = "none"


def _keys(gap: NeedGap, snapshot: Snapshot, by: str) -> list[str]:
    country = snapshot.countries.get(gap.country)
    if by == "country":
        return [gap.country]
    if by in ("subregion", "region"):
        code = getattr(country, by, None) if country else None
        return [code or "unknown"]
    if by == "component":
        return [gap.component]
    return list(gap.priority_groups) or [_NO_GROUP]


def _label(key: str, snapshot: Snapshot, by: str) -> str:
    if by == "country":
        country = snapshot.countries.get(key)
        return country.name if country else key
    if by in ("subregion", "region"):
        region = snapshot.regions.get(key)
        return region.name if region else key
    if by == "component":
        return COMPONENTS.get(key, "Institutional capacity building" if key == "a" else key)
    return COUNTRY_GROUPS.get(key, "Not in a priority group")


def aggregate_gaps(gaps: Iterable[NeedGap], snapshot: Snapshot, by: str = "country"
                   ) -> list[dict]:
    """Totals of the gaps by ``by`` (one of :data:`AGGREGATIONS`), largest funding gap first.

    Each entry: ``key``, ``label``, ``needs``, ``uncovered`` (needs with no active
    initiative), ``mean_coverage``, ``cost_usd``, ``covered_usd``, ``funding_gap_usd`` (over
    needs with a known cost), ``max_severity`` and ``mean_severity``. A need of a country in
    several priority groups counts in each; ``"none"`` gathers the others.
    """
    if by not in AGGREGATIONS:
        raise ValueError(f"by must be one of {', '.join(AGGREGATIONS)}, not {by!r}")
    totals: dict[str, dict] = {}
    for gap in gaps:
        for key in _keys(gap, snapshot, by):
            entry = totals.setdefault(key, {
                "key": key, "label": _label(key, snapshot, by), "needs": 0, "uncovered": 0,
                "coverage_sum": 0.0, "cost_usd": 0.0, "covered_usd": 0.0,
                "funding_gap_usd": 0.0, "max_severity": 0.0, "severity_sum": 0.0,
            })
            entry["needs"] += 1
            entry["uncovered"] += gap.initiative_count == 0
            entry["coverage_sum"] += gap.coverage
            if gap.cost_usd is not None:
                entry["cost_usd"] += gap.cost_usd
                entry["covered_usd"] += min(gap.covered_usd, gap.cost_usd)
                entry["funding_gap_usd"] += gap.funding_gap.amount if gap.funding_gap else 0.0
            entry["max_severity"] = max(entry["max_severity"], gap.severity)
            entry["severity_sum"] += gap.severity
    result = []
    for entry in totals.values():
        count = entry.pop("needs")
        coverage_sum = entry.pop("coverage_sum")
        severity_sum = entry.pop("severity_sum")
        result.append({
            **entry, "needs": count,
            "mean_coverage": round(coverage_sum / count, 3),
            "mean_severity": round(severity_sum / count, 3),
            "max_severity": round(entry["max_severity"], 3),
            "cost_usd": round(entry["cost_usd"], 2),
            "covered_usd": round(entry["covered_usd"], 2),
            "funding_gap_usd": round(entry["funding_gap_usd"], 2),
        })
    result.sort(key=lambda e: (-e["funding_gap_usd"], -e["needs"], e["key"]))
    return result


def _leaves(codes: Iterable[str]) -> set[str]:
    return {leaf for code in codes for leaf in expand_component(code)}


def uncovered_components(snapshot: Snapshot, level: str = "region") -> list[dict]:
    """Components that no provider focuses on in each M49 area of ``level``.

    A provider focuses on an area when it names the area, an area around it or inside it,
    or one of its countries, or when it names no place at all (it works anywhere). Each
    entry: ``area``, ``name``, ``components`` (leaf codes) and ``open_needs`` (how many open
    or partially met needs of the area's countries are on each of those components).
    """
    if level not in ("region", "subregion"):
        raise ValueError(f"level must be 'region' or 'subregion', not {level!r}")
    countries_in: dict[str, set[str]] = {}
    for country in snapshot.countries.values():
        code = getattr(country, level)
        if code:
            countries_in.setdefault(code, set()).add(country.alpha3)
    leaves = [code for code in COMPONENTS if code != "a"]
    # the places a provider may name to work in an area: its countries and every M49 area
    # around or inside it (the areas of its countries)
    places_of = {area: members | {a for c in members for a in snapshot.countries[c].areas}
                 for area, members in countries_in.items()}
    covered: dict[str, set[str]] = {area: set() for area in countries_in}
    for provider in snapshot.providers.values():
        focus = _leaves(provider.focus_components) or set(leaves)
        named = set(provider.focus_countries) | set(provider.focus_regions)
        for area, places in places_of.items():
            if not named or "001" in named or named & places:
                covered[area] |= focus
    needs_by_area: dict[tuple[str, str], int] = {}
    for need in snapshot.needs.values():
        country = snapshot.countries.get(need.country)
        if need.status in ("open", "partially_met") and country and getattr(country, level):
            for leaf in expand_component(need.component):
                key = (getattr(country, level), leaf)
                needs_by_area[key] = needs_by_area.get(key, 0) + 1
    result = []
    for area in sorted(countries_in):
        missing = [leaf for leaf in leaves if leaf not in covered[area]]
        if missing:
            region = snapshot.regions.get(area)
            result.append({
                "area": area, "name": region.name if region else area, "components": missing,
                "open_needs": {leaf: needs_by_area.get((area, leaf), 0) for leaf in missing},
            })
    return result


def countries_without_coordination_data(snapshot: Snapshot) -> list[dict]:
    """Countries with needs whose national coordination data (5.1) is missing or thin.

    Each entry: ``country``, ``name``, ``needs`` (how many), ``missing`` (what is not on
    record: ``profile``, ``focal_point``, ``competent_authority``, ``coordination_mechanism``,
    ``framework``, ``updated``) — only countries with something missing are listed.
    """
    needs: dict[str, int] = {}
    for need in snapshot.needs.values():
        needs[need.country] = needs.get(need.country, 0) + 1
    result = []
    for code in sorted(needs):
        profile = snapshot.profiles.get(code)
        if profile is None:
            missing = ["profile"]
        else:
            missing = [name for name in ("focal_point", "competent_authority",
                                         "coordination_mechanism")
                       if not getattr(profile, name)]
            if profile.framework == "none":
                missing.append("framework")
            if profile.updated is None:
                missing.append("updated")
        if missing:
            country = snapshot.countries.get(code)
            result.append({"country": code, "name": country.name if country else code,
                           "needs": needs[code], "missing": missing})
    return result
