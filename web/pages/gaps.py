"""Gaps: open needs with no or too little support, most severe first (weighted for LDCs, SIDS,
EITs and centres of origin), with filters, totals by area, component and priority group,
components no provider covers in a region, countries without coordination data, and the
filtered list as CSV.

Everything comes from :func:`coordinator.services.analysis.gaps_for` and
:func:`~coordinator.services.analysis.gap_overview`, which show a need the viewer may not read
only under its alias, without text or cost.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from flask import Blueprint, Response, render_template, request

from coordinator import taxonomy
from coordinator.analysis.gaps import NeedGap
from coordinator.browse import Page
from coordinator.domain import Need, Snapshot
from coordinator.errors import InvalidInput, Problem
from coordinator.services.analysis import AGGREGATIONS, gap_overview, gaps_for
from coordinator.services.catalog import snapshot_for
from coordinator.visibility import Viewer, can_see_need

from ..database import get_session
from ..viewer import current_viewer
from .dashboard import install_analysis_helpers
from .listing import (
    FilterField,
    Option,
    choice_options,
    component_options,
    country_options,
    install_template_helpers,
    read_list_query,
)

__all__ = ["bp", "NAV", "FILTERS", "SORTS", "SUPPORT", "GapLine", "gap_lines", "select_gaps",
           "sort_gaps", "gaps_csv", "filter_fields"]

bp = Blueprint("gaps", __name__, url_prefix="/gaps")
bp.record_once(install_template_helpers)
bp.record_once(install_analysis_helpers)
NAV = (60, "Gaps", "gaps.index")

#: How much support a need has: none at all, some but not enough, or enough.
SUPPORT = {"none": "No initiative at all", "partial": "Some, not enough", "covered": "Covered"}
FILTERS = {
    "region": "UN M49 region of the country", "subregion": "UN M49 subregion or intermediate "
    "region of the country", "country": "ISO alpha-3", "component": "Action Plan component "
    "(a stands for a1..a5)", "group": "priority group: " + ", ".join(taxonomy.PRIORITY_GROUPS)
    + " or none", "support": ", ".join(SUPPORT), "priority": "priority 1 up to this number",
    "by": "totals by " + ", ".join(AGGREGATIONS),
}
SORTS = ("severity", "coverage", "gap", "priority", "country", "component")
_LIST_FILTERS = tuple(name for name in FILTERS if name != "by")
_LARGEST = 1e18


@dataclass(frozen=True)
class GapLine:
    """One row of the gap list: the gap, its need as the viewer sees it, and names."""

    gap: NeedGap
    need: Need | None
    country_name: str
    region: str | None
    areas: tuple[str, ...]
    redacted: bool


def gap_lines(gaps: Iterable[NeedGap], snapshot: Snapshot, viewer: Viewer) -> list[GapLine]:
    """The gaps with what the page shows beside them (``snapshot`` is ``viewer``'s)."""
    lines = []
    for gap in gaps:
        country = snapshot.countries.get(gap.country)
        need = snapshot.needs.get(gap.need)
        lines.append(GapLine(gap, need, country.name if country else gap.country,
                             country.region if country else None,
                             country.areas if country else (),
                             need is None or not can_see_need(viewer, need)))
    return lines


def _choice(filters: Mapping[str, str], name: str, allowed: Iterable[str]) -> str | None:
    value = filters.get(name)
    if value is not None and value not in allowed:
        raise InvalidInput(Problem("query", "gaps", name,
                                   f"{value!r}: one of {', '.join(allowed)}"))
    return value


def select_gaps(lines: Iterable[GapLine], filters: Mapping[str, str]) -> list[GapLine]:
    """The lines matching the filters (see :data:`FILTERS`); unknown values raise
    :class:`InvalidInput` naming the filter."""
    support = _choice(filters, "support", SUPPORT)
    group = _choice(filters, "group", (*taxonomy.PRIORITY_GROUPS, "none"))
    component = _choice(filters, "component", ("a", *taxonomy.COMPONENTS))
    priority = _choice(filters, "priority", ("1", "2", "3", "4", "5"))
    wanted = taxonomy.expand_component(component) + (component,) if component else ()
    chosen = []
    for line in lines:
        gap = line.gap
        if filters.get("region") and filters["region"] not in line.areas:
            continue
        if filters.get("subregion") and filters["subregion"] not in line.areas:
            continue
        if filters.get("country") and gap.country != filters["country"].upper():
            continue
        if component and gap.component not in wanted and not (
                gap.component == "a" and component.startswith("a")):
            continue
        if group == "none" and gap.priority_groups:
            continue
        if group and group != "none" and group not in gap.priority_groups:
            continue
        if priority and (line.need is None or line.need.priority > int(priority)):
            continue
        if support == "none" and gap.initiative_count:
            continue
        if support == "partial" and not (gap.initiative_count and gap.coverage < 1.0):
            continue
        if support == "covered" and gap.coverage < 1.0:
            continue
        chosen.append(line)
    return chosen


def _sort_key(sort: str):
    if sort == "severity":
        return lambda line: (line.gap.severity, line.gap.need)
    if sort == "coverage":
        return lambda line: (line.gap.coverage, line.gap.need)
    if sort == "gap":
        return lambda line: (line.gap.funding_gap.amount if line.gap.funding_gap else -1.0,
                             line.gap.need)
    if sort == "priority":
        return lambda line: (line.need.priority if line.need else 6, line.gap.need)
    if sort == "country":
        return lambda line: (line.country_name.casefold(), line.gap.need)
    if sort == "component":
        return lambda line: (line.gap.component, line.gap.need)
    raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")


def sort_gaps(lines: Iterable[GapLine], sort: str, descending: bool) -> list[GapLine]:
    """The lines sorted by one of :data:`SORTS` (an unknown funding gap sorts as the
    smallest)."""
    return sorted(lines, key=_sort_key(sort), reverse=descending)


_CSV_COLUMNS = ("need", "title", "country", "country_name", "component", "priority",
                "coverage", "funding_gap_amount", "funding_gap_currency", "severity",
                "priority_groups", "initiatives", "reasons")


def gaps_csv(lines: Iterable[GapLine]) -> str:
    """The gap list as CSV, header first; a need the viewer may not read keeps its alias and
    no title or cost."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for line in lines:
        gap = line.gap
        writer.writerow([
            gap.need, "Confidential need" if line.redacted else (line.need.title if line.need
                                                                 else ""),
            gap.country, line.country_name, gap.component,
            line.need.priority if line.need else "", f"{gap.coverage:.3f}",
            f"{gap.funding_gap.amount:.2f}" if gap.funding_gap else "",
            gap.funding_gap.currency if gap.funding_gap else "", f"{gap.severity:.3f}",
            " ".join(gap.priority_groups), " ".join(gap.initiatives), " | ".join(gap.reasons),
        ])
    return buffer.getvalue()


def filter_fields(snapshot: Snapshot) -> list[FilterField]:
    """The labelled fields of the gap filter form."""
    def areas(*levels: str) -> tuple[Option, ...]:
        found = [r for r in snapshot.regions.values() if r.level in levels]
        return tuple(Option(r.code, r.name) for r in sorted(found, key=lambda r: r.name))

    return [
        FilterField("region", "Region", options=areas("region")),
        FilterField("subregion", "Subregion", options=areas("subregion", "intermediate")),
        FilterField("country", "Country", options=country_options(snapshot)),
        FilterField("component", "Component", options=component_options()),
        FilterField("group", "Priority group", options=(
            *choice_options(taxonomy.PRIORITY_GROUPS, taxonomy.COUNTRY_GROUPS),
            Option("none", "Not in a priority group"))),
        FilterField("support", "Support", options=tuple(Option(k, v)
                                                        for k, v in SUPPORT.items())),
        FilterField("priority", "Priority", options=tuple(
            Option(str(p), "1 (highest) only" if p == 1 else f"1 to {p}")
            for p in range(1, 6))),
    ]


@bp.get("/")
def index() -> str | Response:
    """The gap list (filtered, sorted, paged; ``?format=csv`` downloads it all) and the
    totals by ``?by=`` area, component or priority group."""
    session, viewer = get_session(), current_viewer()
    query = read_list_query("gaps", filters=FILTERS, sorts=SORTS)
    if "sort" not in request.args and "order" not in request.args:
        query = replace(query, descending=True)
    by = _choice(query.filters, "by", AGGREGATIONS) or "region"
    list_filters = {k: v for k, v in query.filters.items() if k in _LIST_FILTERS}
    snapshot = snapshot_for(session, viewer)
    lines = sort_gaps(select_gaps(gap_lines(gaps_for(session, viewer), snapshot, viewer),
                                  list_filters), query.sort, query.descending)
    if query.download == "csv":
        response = Response(gaps_csv(lines), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="gaps.csv"'
        return response
    if query.download:
        raise InvalidInput(Problem("query", "gaps", "format",
                                   "csv (JSON: /api/v1/gaps)"))
    start = (query.page - 1) * query.per_page
    page = Page(tuple(lines[start:start + query.per_page]), len(lines), query.page,
                query.per_page)
    overview = gap_overview(session, viewer, by=by)
    return render_template(
        "gaps/index.html", snapshot=snapshot, query=query, page=page, by=by,
        fields=filter_fields(snapshot), aggregations=AGGREGATIONS, overview=overview,
        aggregates=overview["aggregates"][:20], aggregate_count=len(overview["aggregates"]),
        list_filters=list_filters, support_names=SUPPORT)
