"""Countries: the list with groups, Cartagena status and counts, and each country's page
(profile, needs, capacities, initiatives received, providers active there)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from coordinator import taxonomy
from coordinator.browse import Page
from coordinator.domain import Capacity, Country, Need, Profile, Provider, Snapshot
from coordinator.errors import NotFound
from coordinator.neighbours import Reach, initiatives_reaching, initiatives_received_counts
from coordinator.services.catalog import snapshot_for

from ..database import get_session
from ..viewer import current_viewer
from .listing import (
    FilterField,
    Option,
    choice_options,
    install_template_helpers,
    name_key,
    read_list_query,
    region_options,
)

__all__ = ["bp", "NAV", "CountryLine", "ProviderPresence", "OPEN_STATUSES", "country_lines",
           "needs_in_order", "capacities_in_order", "providers_present", "profile_is_stale"]

bp = Blueprint("countries", __name__, url_prefix="/countries")
bp.record_once(install_template_helpers)
NAV = (10, "Countries", "countries.index")

#: Statuses of a need that still asks for support.
OPEN_STATUSES = ("open", "partially_met")
COUNTRY_FILTERS = {
    "region": "M49 area containing the country",
    "group": "country group (ldc, lldc, sids, eit, centre_of_origin)",
    "needs": "yes: countries with open needs; no: countries without",
    "q": "words in the name",
}
COUNTRY_SORTS = ("name", "region", "needs", "initiatives")


@dataclass(frozen=True)
class CountryLine:
    """One row of the country list."""

    country: Country
    region: str
    subregion: str
    open_needs: int
    initiatives: int


@dataclass(frozen=True)
class ProviderPresence:
    """A provider taking part in initiatives reaching a country, with its roles there."""

    provider: Provider
    roles: tuple[str, ...]
    initiatives: int


def country_lines(snapshot: Snapshot, filters: dict[str, str], sort: str = "name",
                  descending: bool = False) -> list[CountryLine]:
    """The countries matching ``filters`` (region, group, needs, q), sorted by ``sort``."""
    open_needs = Counter(n.country for n in snapshot.needs.values() if n.status in OPEN_STATUSES)
    received = initiatives_received_counts(snapshot)

    def name(code: str | None) -> str:
        region = snapshot.regions.get(code or "")
        return region.name if region else ""

    words = filters.get("q", "").lower().split()
    lines = []
    for country in snapshot.countries.values():
        if "region" in filters and filters["region"] not in (*country.areas, "001"):
            continue
        if "group" in filters and filters["group"] not in country.groups:
            continue
        if "needs" in filters and (open_needs[country.alpha3] > 0) != (filters["needs"] == "yes"):
            continue
        if words and not all(w in f"{country.name} {country.alpha3}".lower() for w in words):
            continue
        lines.append(CountryLine(country, name(country.region), name(country.subregion),
                                 open_needs[country.alpha3], received[country.alpha3]))
    keys = {
        "name": lambda line: name_key(line.country.name),
        "region": lambda line: (line.region, line.subregion, name_key(line.country.name)),
        "needs": lambda line: line.open_needs,
        "initiatives": lambda line: line.initiatives,
    }
    lines.sort(key=lambda line: name_key(line.country.name))
    lines.sort(key=keys[sort], reverse=descending)
    return lines


def needs_in_order(snapshot: Snapshot, alpha3: str) -> list[Need]:
    """The country's needs by priority (1 first), then sequence (unsequenced last), then title."""
    return sorted((n for n in snapshot.needs.values() if n.country == alpha3),
                  key=lambda n: (n.priority, n.sequence is None, n.sequence or 0, n.title, n.id))


def capacities_in_order(snapshot: Snapshot, alpha3: str) -> list[Capacity]:
    """The country's capacities in the order of the Action Plan's components."""
    order = {code: i for i, code in enumerate(taxonomy.COMPONENTS)}
    return sorted((c for c in snapshot.capacities.values() if c.country == alpha3),
                  key=lambda c: (order.get(c.component, len(order)), c.id))


def providers_present(snapshot: Snapshot, reaches: list[Reach]) -> list[ProviderPresence]:
    """Providers of the initiatives reaching a country (cancelled ones left out), the most
    involved first."""
    roles: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    for r in reaches:
        if r.initiative.status == "cancelled":
            continue
        for part in r.initiative.providers:
            roles.setdefault(part.id, set()).add(part.role)
        counts.update({part.id for part in r.initiative.providers})
    present = [
        ProviderPresence(snapshot.providers[pid],
                         tuple(role for role in taxonomy.PROVIDER_ROLES if role in roles[pid]),
                         counts[pid])
        for pid in roles if pid in snapshot.providers
    ]
    return sorted(present, key=lambda p: (-p.initiatives, p.provider.name))


def profile_is_stale(profile: Profile | None, today: date) -> bool:
    """True when the profile is missing, undated or last updated more than 12 months ago."""
    if profile is None or profile.updated is None:
        return True
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return profile.updated < year_ago


def _filter_fields(snapshot: Snapshot) -> list[FilterField]:
    return [
        FilterField("q", "Name", "search"),
        FilterField("region", "Region or subregion", options=region_options(snapshot)),
        FilterField("group", "Country group", options=choice_options(
            taxonomy.COUNTRY_GROUPS, taxonomy.COUNTRY_GROUPS)),
        FilterField("needs", "Open needs", options=(Option("yes", "With open needs"),
                                                     Option("no", "Without open needs"))),
    ]


@bp.get("/")
def index() -> str:
    """Every country and area, with its groups, Cartagena status and counts."""
    snapshot = snapshot_for(get_session(), current_viewer())
    query = read_list_query("countries", filters=COUNTRY_FILTERS, sorts=COUNTRY_SORTS)
    lines = country_lines(snapshot, dict(query.filters), query.sort, query.descending)
    start = (query.page - 1) * query.per_page
    page = Page(tuple(lines[start:start + query.per_page]), len(lines), query.page,
                query.per_page)
    return render_template("countries/index.html", snapshot=snapshot, query=query, page=page,
                           fields=_filter_fields(snapshot))


@bp.get("/<alpha3>")
def detail(alpha3: str) -> str | Response:
    """One country: its profile, needs, capacities, initiatives received and providers."""
    snapshot = snapshot_for(get_session(), current_viewer())
    code = alpha3.upper()
    country = snapshot.countries.get(code)
    if country is None:
        raise NotFound(f"no country {alpha3!r} (use its ISO 3166-1 alpha-3 code)")
    if code != alpha3:
        return redirect(url_for("countries.detail", alpha3=code), 301)
    today = snapshot.as_of or date.today()
    profile = snapshot.profiles.get(code)
    reaches = initiatives_reaching(snapshot, code)
    return render_template(
        "countries/detail.html", snapshot=snapshot, country=country, profile=profile,
        stale=profile_is_stale(profile, today), needs=needs_in_order(snapshot, code),
        capacities=capacities_in_order(snapshot, code), reaches=reaches,
        providers=providers_present(snapshot, reaches))
