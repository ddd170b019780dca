"""The figures of the dashboard (the home page): indicators by year and region, the gap map,
the newest flagged duplications and the data-quality warnings.

Everything comes from the viewer-safe services of :mod:`coordinator.services.analysis`; the
functions here only arrange their results for the page (chart geometry, map classes, rankings)
and are pure over plain data, so they are tested without a request.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from coordinator.domain import Snapshot
from coordinator.money import RateTable, default_table
from coordinator.services import analysis, overview
from coordinator.services.catalog import cached, data_version, snapshot_for
from coordinator.visibility import Viewer, can_see_need

__all__ = [
    "SEVERITY_CLASSES",
    "Bar",
    "Tick",
    "ColumnChart",
    "severity_class",
    "compact_usd",
    "nice_step",
    "column_chart",
    "year_rows",
    "region_rows",
    "map_countries",
    "worst_countries",
    "newest_pairs",
    "quality_warnings",
    "dashboard_figures",
    "percent",
    "install_analysis_helpers",
]

#: Upper bounds of the gap map's colour classes (mean severity of a country's open needs).
SEVERITY_CLASSES = (0.2, 0.4, 0.6, 0.8, 1.0)
_YEARS_SHOWN = 16
_WORST_SHOWN = 12
_NEWEST_SHOWN = 5
_STALE_SHOWN = 5


@dataclass(frozen=True)
class Bar:
    """One column of a column chart, in the chart's own coordinates."""

    x: float
    y: float
    width: float
    height: float
    series: str
    label: str
    value: float
    text: str


@dataclass(frozen=True)
class Tick:
    """A horizontal grid line of a column chart with its value's label."""

    y: float
    text: str


@dataclass(frozen=True)
class ColumnChart:
    """A grouped column chart laid out for SVG: bars, grid lines and category labels."""

    width: int
    height: int
    plot_left: float
    plot_bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[tuple[float, str], ...]
    series: tuple[tuple[str, str], ...]


def severity_class(severity: float | None) -> int | None:
    """The gap map's class (0..4) of a severity in 0..1; None when there is none.

    >>> [severity_class(s) for s in (0.0, 0.2, 0.21, 0.79, 1.0, None)]
    [0, 0, 1, 3, 4, None]
    """
    if severity is None:
        return None
    for number, bound in enumerate(SEVERITY_CLASSES):
        if severity <= bound:
            return number
    return len(SEVERITY_CLASSES) - 1


def compact_usd(value: float) -> str:
    """An amount in USD, short: ``USD 1.2 m``, ``USD 350 k``, ``USD 0``.

    >>> compact_usd(1_234_567), compact_usd(350_000), compact_usd(12), compact_usd(2.5e9)
    ('USD 1.2 m', 'USD 350 k', 'USD 12', 'USD 2.5 bn')
    """
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            number = value / size
            text = f"{number:,.1f}".removesuffix(".0") if number < 100 else f"{number:,.0f}"
            return f"USD {text} {suffix}"
    return f"USD {value:,.0f}"


def nice_step(largest: float, steps: int = 4) -> float:
    """A round grid step (1, 2, 2.5 or 5 times a power of ten) so that ``steps`` steps cover
    ``largest``.

    >>> nice_step(9_300_000), nice_step(100), nice_step(0)
    (2500000.0, 25.0, 1.0)
    """
    if largest <= 0:
        return 1.0
    raw = largest / steps
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)


def column_chart(rows: Sequence[tuple[str, Mapping[str, float]]],
                 series: Sequence[tuple[str, str]], *, width: int = 640,
                 height: int = 280) -> ColumnChart:
    """Lay out grouped columns: one group per ``(label, values)`` row, one column per
    ``(key, name)`` of ``series``; values are USD amounts."""
    left, right, top, bottom = 44.0, 8.0, 10.0, 24.0
    plot_width, plot_height = width - left - right, height - top - bottom
    largest = max((float(values.get(key) or 0.0) for _, values in rows for key, _ in series),
                  default=0.0)
    step = nice_step(largest)
    ceiling = step * max(1, math.ceil(largest / step)) if largest > 0 else step * 4
    group = plot_width / max(len(rows), 1)
    column = group * 0.8 / max(len(series), 1)
    bars, labels = [], []
    for index, (label, values) in enumerate(rows):
        start = left + index * group + group * 0.1
        labels.append((round(left + (index + 0.5) * group, 1), label))
        for number, (key, name) in enumerate(series):
            value = float(values.get(key) or 0.0)
            bar_height = plot_height * value / ceiling
            bars.append(Bar(round(start + number * column, 1),
                            round(top + plot_height - bar_height, 1), round(column * 0.92, 1),
                            round(bar_height, 1), key, label, value,
                            f"{label}, {name}: {compact_usd(value)}"))
    ticks = tuple(Tick(round(top + plot_height - plot_height * (k * step) / ceiling, 1),
                       compact_usd(k * step))
                  for k in range(int(round(ceiling / step)) + 1))
    return ColumnChart(width, height, left, top + plot_height, tuple(bars), ticks,
                       tuple(labels), tuple(series))


def year_rows(indicators: Mapping[str, Any], as_of: date | None = None
              ) -> list[dict[str, Any]]:
    """The indicators of each year with funding committed or requested, the last sixteen,
    up to two years after ``as_of``."""
    last = (as_of or date.today()).year + 2
    rows = []
    for year, values in sorted(indicators.get("by_year", {}).items()):
        if int(year) > last:
            continue
        if values.get("committed_usd") or values.get("requested_usd") or values.get("needs"):
            rows.append({"year": year, **values})
    return rows[-_YEARS_SHOWN:]


def _top_region(code: str | None, snapshot: Snapshot) -> str | None:
    region = snapshot.regions.get(code or "")
    while region is not None and region.parent not in (None, "001"):
        region = snapshot.regions.get(region.parent)
    return region.code if region is not None and region.code != "001" else None


def region_rows(snapshot: Snapshot, gap_regions: Iterable[Mapping[str, Any]],
                rates: RateTable | None = None) -> list[dict[str, Any]]:
    """Per M49 region: initiatives and USD committed (a budget split evenly over the regions
    it reaches; cancelled initiatives left out), open needs, their funding gap and mean
    coverage; largest commitment first."""
    table = rates or default_table()
    rows: dict[str, dict[str, Any]] = {}

    def row(code: str) -> dict[str, Any]:
        region = snapshot.regions.get(code)
        return rows.setdefault(code, {
            "code": code, "label": region.name if region else code, "initiatives": 0,
            "committed_usd": 0.0, "open_needs": 0, "funding_gap_usd": 0.0,
            "mean_coverage": None})

    for initiative in snapshot.initiatives.values():
        if initiative.status == "cancelled":
            continue
        reached = {snapshot.countries[c].region for c in initiative.recipient_countries
                   if c in snapshot.countries}
        reached |= {_top_region(code, snapshot) for code in initiative.recipient_regions}
        reached.discard(None)
        budget = 0.0
        if initiative.budget is not None:
            year = initiative.start.year if initiative.start else None
            budget = table.to_usd(initiative.budget, year) or 0.0
        for code in reached:
            entry = row(code)
            entry["initiatives"] += 1
            entry["committed_usd"] += budget / len(reached)
    for aggregate in gap_regions:
        if aggregate["key"] in snapshot.regions:
            entry = row(aggregate["key"])
            entry["open_needs"] = aggregate["needs"]
            entry["funding_gap_usd"] = aggregate["funding_gap_usd"]
            entry["mean_coverage"] = aggregate["mean_coverage"]
    return sorted(rows.values(), key=lambda e: (-e["committed_usd"], -e["open_needs"],
                                                e["code"]))


def map_countries(snapshot: Snapshot, gap_countries: Iterable[Mapping[str, Any]]
                  ) -> dict[str, dict[str, Any]]:
    """What the gap map draws, keyed by ISO 3166 numeric code (how world-atlas names
    countries): alpha-3, name, open needs, needs without any initiative, mean and largest
    severity, funding gap in USD and colour class."""
    out = {}
    for aggregate in gap_countries:
        country = snapshot.countries.get(aggregate["key"])
        if country is None or not country.numeric:
            continue
        out[country.numeric] = {
            "alpha3": country.alpha3, "name": country.name, "needs": aggregate["needs"],
            "uncovered": aggregate["uncovered"], "severity": aggregate["mean_severity"],
            "max_severity": aggregate["max_severity"],
            "funding_gap_usd": aggregate["funding_gap_usd"],
            "class": severity_class(aggregate["mean_severity"]),
        }
    return out


def worst_countries(countries: Mapping[str, Mapping[str, Any]], limit: int = _WORST_SHOWN
                    ) -> list[Mapping[str, Any]]:
    """The countries of the gap map with the most severe gaps (mean, then largest, then
    funding gap), for the table beside the map."""
    ranked = sorted(countries.values(), key=lambda c: (-c["severity"], -c["max_severity"],
                                                       -c["funding_gap_usd"], c["name"]))
    return ranked[:limit]


def _updated(record: Any) -> datetime:
    stamp = getattr(record, "updated", None)
    if isinstance(stamp, datetime):
        return stamp
    if isinstance(stamp, date):
        return datetime(stamp.year, stamp.month, stamp.day)
    return datetime.min


def newest_pairs(pairs: Iterable[Mapping[str, Any]], snapshot: Snapshot,
                 limit: int = _NEWEST_SHOWN) -> list[dict[str, Any]]:
    """The flagged pairs not yet reviewed, newest first (by the later update of their two
    records), best score first among equals; each with its two records."""
    found = []
    for pair in pairs:
        if pair.get("review"):
            continue
        records = snapshot.initiatives if pair["kind"] == "initiative" else snapshot.needs
        first, second = records.get(pair["a"]), records.get(pair["b"])
        if first is None or second is None:
            continue
        found.append({**pair, "record_a": first, "record_b": second,
                      "newest": max(_updated(first), _updated(second))})
    found.sort(key=lambda p: (p["newest"], p["score"]), reverse=True)
    return found[:limit]


def quality_warnings(snapshot: Snapshot, quality: Mapping[str, Any],
                     without_coordination: Iterable[Mapping[str, Any]],
                     viewer: Viewer) -> dict[str, Any]:
    """Records not updated for twelve months (per kind, with the oldest the viewer may open)
    and countries with needs but no national profile."""
    openable = {"initiatives": snapshot.initiatives, "needs": snapshot.needs,
                "providers": snapshot.providers, "capacities": snapshot.capacities,
                "profiles": snapshot.profiles}
    stale = []
    for kind, records in openable.items():
        figures = quality.get(kind) or {}
        if not figures.get("stale"):
            continue
        oldest = []
        for entry in figures.get("oldest", []):
            record = records.get(entry["id"])
            if record is None or (kind == "needs" and not can_see_need(viewer, record)):
                continue
            oldest.append({"id": entry["id"], "updated": entry["updated"], "record": record})
        stale.append({"kind": kind, "count": figures["stale"],
                      "share": figures.get("stale_share"), "oldest": oldest[:_STALE_SHOWN]})
    no_profile = [entry for entry in without_coordination if "profile" in entry["missing"]]
    return {"stale_before": quality.get("stale_before"), "stale": stale,
            "no_profile": no_profile}


def _build(session: Session, viewer: Viewer) -> dict[str, Any]:
    snapshot = snapshot_for(session, viewer)
    indicators = analysis.indicators_for(session, viewer)
    by_country = analysis.gap_overview(session, viewer, by="country")
    by_region = analysis.gap_overview(session, viewer, by="region")
    rates = RateTable(snapshot.rates) if snapshot.rates else default_table()
    countries = map_countries(snapshot, by_country["aggregates"])
    years = year_rows(indicators, snapshot.as_of)
    pairs = analysis.duplicates_for(session, viewer)
    return {
        "snapshot": snapshot,
        "numbers": overview(session, viewer),
        "indicators": indicators,
        "overall": indicators.get("overall", {}),
        "funding_gap_usd": sum(a["funding_gap_usd"] for a in by_country["aggregates"]),
        "years": years,
        "year_chart": column_chart([(row["year"], row) for row in years],
                                   (("committed_usd", "Committed by initiatives"),
                                    ("requested_usd", "Requested by needs"))),
        "regions": region_rows(snapshot, by_region["aggregates"], rates),
        "map_countries": countries,
        "worst": worst_countries(countries),
        "pairs_total": len(pairs),
        "pairs_open": sum(1 for p in pairs if not p.get("review")),
        "newest_pairs": newest_pairs(pairs, snapshot),
        "quality": quality_warnings(snapshot, indicators.get("data_quality", {}),
                                    by_country["countries_without_coordination_data"], viewer),
        "no_provider": indicators.get("providers_per_country", {}).get(
            "countries_with_needs_but_no_provider", []),
    }


def dashboard_figures(session: Session, viewer: Viewer) -> dict[str, Any]:
    """Everything the dashboard shows to ``viewer``, cached until the data changes."""
    # what a viewer may see depends on the role, country and provider, not on the name
    key = ("dashboard", data_version(session), viewer.role, viewer.country, viewer.provider)
    return cached(key, lambda: _build(session, viewer))


def percent(value: float | None) -> str:
    """A share in 0..1 as a whole percentage; a dash when unknown.

    >>> percent(0.771), percent(None)
    ('77%', '—')
    """
    return "—" if value is None else f"{float(value):.0%}"


def install_analysis_helpers(state: Any) -> None:
    """The helpers the analysis pages share: filters ``usd_short`` and ``percent``, and
    ``severity_class``."""
    state.app.add_template_filter(compact_usd, "usd_short")
    state.app.add_template_global(severity_class, "severity_class")
    state.app.add_template_filter(percent, "percent")
