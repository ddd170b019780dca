"""What the progress report to COP-MOP (Action Plan paragraph 8) says, as plain data.

:func:`report_context` gathers, from a snapshot and the analyses' results, the figures of each
section: steps taken by source type (the six of 4(d)) and by region, coverage and gaps,
duplication, indicators, lessons learned (decision paragraph 18) and data quality. The
templates of :mod:`coordinator.analysis.report` only lay them out.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from coordinator.analysis.duplication import DuplicatePair
from coordinator.analysis.gap_areas import (
    aggregate_gaps,
    countries_without_coordination_data,
    uncovered_components,
)
from coordinator.analysis.gaps import NeedGap
from coordinator.domain import Initiative, Snapshot
from coordinator.money import RateTable, default_table
from coordinator.taxonomy import COMPONENTS, PROVIDER_KIND_SOURCE, SOURCE_TYPES

__all__ = ["report_context"]

_TOP = 10
_LESSONS = 40


def _usd(table: RateTable, initiative: Initiative) -> float:
    if initiative.budget is None:
        return 0.0
    year = initiative.start.year if initiative.start else None
    return table.to_usd(initiative.budget, year) or 0.0


def _source_shares(snapshot: Snapshot, initiative: Initiative) -> dict[str, float]:
    """How an initiative's budget is attributed to the source types of its funders."""
    funders = initiative.provider_ids("funding") or initiative.provider_ids()
    kinds = [snapshot.providers[p].kind for p in funders if p in snapshot.providers]
    sources = [PROVIDER_KIND_SOURCE.get(kind, "other_stakeholder") for kind in kinds]
    if not sources:
        return {"unknown": 1.0}
    return {source: sources.count(source) / len(sources) for source in set(sources)}


def _by_source(snapshot: Snapshot, table: RateTable) -> list[dict]:
    rows = {code: {"code": code, "label": label, "providers": 0, "initiatives": 0.0,
                   "ongoing": 0.0, "completed": 0.0, "committed_usd": 0.0}
            for code, label in {**SOURCE_TYPES, "unknown": "Source not recorded"}.items()}
    for provider in snapshot.providers.values():
        rows[PROVIDER_KIND_SOURCE.get(provider.kind, "other_stakeholder")]["providers"] += 1
    for initiative in snapshot.initiatives.values():
        if initiative.status == "cancelled":
            continue
        amount = _usd(table, initiative)
        for source, share in _source_shares(snapshot, initiative).items():
            row = rows[source]
            row["initiatives"] += share
            row["committed_usd"] += amount * share
            if initiative.status in ("ongoing", "completed"):
                row[initiative.status] += share
    result = [row for code, row in rows.items() if code != "unknown" or row["initiatives"]]
    for row in result:
        for key in ("initiatives", "ongoing", "completed"):
            value = round(row[key], 1)
            row[key] = int(value) if value.is_integer() else value
        row["committed_usd"] = round(row["committed_usd"], 2)
    return result


def _by_region(snapshot: Snapshot, table: RateTable, gaps: list[NeedGap]) -> list[dict]:
    rows: dict[str, dict] = {}

    def row(code: str) -> dict:
        region = snapshot.regions.get(code)
        return rows.setdefault(code, {"code": code, "label": region.name if region else code,
                                      "initiatives": 0, "committed_usd": 0.0,
                                      "open_needs": 0, "funding_gap_usd": 0.0})

    for initiative in snapshot.initiatives.values():
        if initiative.status == "cancelled":
            continue
        regions = {snapshot.countries[c].region for c in initiative.recipient_countries
                   if c in snapshot.countries and snapshot.countries[c].region}
        regions |= {_top(code, snapshot) for code in initiative.recipient_regions}
        regions.discard(None)
        amount = _usd(table, initiative)
        for code in regions:
            entry = row(code)
            entry["initiatives"] += 1
            entry["committed_usd"] += amount / len(regions)
    for gap in gaps:
        country = snapshot.countries.get(gap.country)
        if country and country.region:
            entry = row(country.region)
            entry["open_needs"] += 1
            entry["funding_gap_usd"] += gap.funding_gap.amount if gap.funding_gap else 0.0
    for entry in rows.values():
        entry["committed_usd"] = round(entry["committed_usd"], 2)
        entry["funding_gap_usd"] = round(entry["funding_gap_usd"], 2)
    return sorted(rows.values(), key=lambda e: (-e["committed_usd"], e["code"]))


def _top(code: str, snapshot: Snapshot) -> str | None:
    region = snapshot.regions.get(code)
    while region is not None and region.parent not in (None, "001"):
        region = snapshot.regions.get(region.parent)
    return region.code if region is not None and region.code != "001" else None


def _lessons(snapshot: Snapshot) -> tuple[list[dict], int]:
    completed = [i for i in snapshot.initiatives.values()
                 if i.status == "completed" and i.lessons and i.lessons.strip()]
    completed.sort(key=lambda i: (i.end or date.min, i.id), reverse=True)
    return [{
        "initiative": i.id, "title": i.title, "lessons": i.lessons.strip(),
        "places": ", ".join([snapshot.countries[c].name if c in snapshot.countries else c
                             for c in i.recipient_countries]
                            + [snapshot.regions[r].name if r in snapshot.regions else r
                               for r in i.recipient_regions]),
        "years": f"{i.start.year if i.start else '?'}–{i.end.year if i.end else '?'}",
    } for i in completed[:_LESSONS]], len(completed)


def report_context(snapshot: Snapshot, *, gaps: Iterable[NeedGap],
                   duplicates: Iterable[DuplicatePair], indicators: dict,
                   rates: RateTable | None = None) -> dict:
    """Everything the report shows, as plain data (see the module's description)."""
    table = rates or (RateTable(snapshot.rates) if snapshot.rates else default_table())
    gaps = list(gaps)
    duplicates = list(duplicates)
    lessons, lesson_count = _lessons(snapshot)
    records = [p for p in duplicates if p.relation == "duplicate_record"]
    overlaps = [p for p in duplicates if p.relation == "overlapping_support"]
    by_component = aggregate_gaps(gaps, snapshot, by="component")
    for entry in by_component:
        entry["label"] = f"{entry['key']} — {COMPONENTS.get(entry['key'], entry['label'])}"
    overall = indicators.get("overall", {})
    by_year = indicators.get("by_year", {})
    return {
        "as_of": (snapshot.as_of or date.today()).isoformat(),
        "totals": {
            "countries_with_needs": len({n.country for n in snapshot.needs.values()}),
            "providers": len(snapshot.providers),
            "initiatives": sum(1 for i in snapshot.initiatives.values()
                               if i.status != "cancelled"),
            "needs": len(snapshot.needs), "open_needs": len(gaps),
            "committed_usd": overall.get("committed_usd", 0.0),
            "requested_usd": overall.get("requested_usd", 0.0),
            "funding_gap_usd": round(sum(g.funding_gap.amount for g in gaps if g.funding_gap), 2),
            "uncovered_needs": sum(1 for g in gaps if g.initiative_count == 0),
            "duplicate_records": len(records), "overlaps": len(overlaps),
        },
        "by_source": _by_source(snapshot, table),
        "by_region": _by_region(snapshot, table, gaps),
        "severe_gaps": [g.as_dict() for g in gaps[:_TOP]],
        "gaps_by_component": by_component,
        "gaps_by_group": aggregate_gaps(gaps, snapshot, by="priority_group"),
        "uncovered_components": uncovered_components(snapshot),
        "without_coordination": countries_without_coordination_data(snapshot),
        "duplicate_records": [p.as_dict() for p in records[:_TOP]],
        "overlaps": [p.as_dict() for p in overlaps[:_TOP]],
        "levels": overall.get("levels", {}),
        "overall": overall,
        "years": [{"year": year, **values} for year, values in sorted(by_year.items())][-12:],
        "lessons": lessons, "lesson_count": lesson_count,
        "data_quality": indicators.get("data_quality", {}),
    }
