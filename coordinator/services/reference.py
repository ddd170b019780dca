"""Loading the reference data (regions, countries, groups, components, rates) into the database."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import reference, taxonomy
from ..money import load_rates
from ..store.models import (
    ComponentRow,
    CountryGroupRow,
    CountryRow,
    ExchangeRateRow,
    RegionRow,
)

__all__ = ["seed_reference"]


def seed_reference(session: Session) -> dict[str, int]:
    """Insert or update regions, countries, their groups, components and exchange rates.

    Idempotent: running it again changes nothing unless the shipped reference files changed.
    Returns how many of each are stored.
    """
    regions = reference.load_regions()
    countries = reference.load_countries(regions=regions)

    stored_regions = {r.code: r for r in session.scalars(select(RegionRow))}
    # parents first, so the self-referencing foreign key holds at every insert
    order = {"world": 0, "region": 1, "subregion": 2, "intermediate": 3}
    for region in sorted(regions.values(), key=lambda r: order.get(r.level, 9)):
        row = stored_regions.get(region.code) or RegionRow(code=region.code)
        row.name, row.level, row.parent_code = region.name, region.level, region.parent
        session.add(row)
        session.flush()

    stored_countries = {c.alpha3: c for c in session.scalars(select(CountryRow))}
    for country in countries.values():
        row = stored_countries.get(country.alpha3) or CountryRow(alpha3=country.alpha3)
        row.alpha2, row.numeric, row.name = country.alpha2, country.numeric, country.name
        row.un_status, row.cartagena_party = country.un_status, country.cartagena_party
        row.region_code = country.region
        row.subregion_code = country.subregion
        row.intermediate_region_code = country.intermediate_region
        session.add(row)
    session.flush()
    wanted_groups = {(c.alpha3, g) for c in countries.values() for g in c.groups}
    stored_groups = set(session.execute(select(CountryGroupRow.country, CountryGroupRow.group)))
    for country, group in stored_groups - wanted_groups:
        session.execute(delete(CountryGroupRow).where(
            CountryGroupRow.country == country, CountryGroupRow.group == group))
    for country, group in sorted(wanted_groups - stored_groups):
        session.add(CountryGroupRow(country=country, group=group))

    stored_components = {c.code: c for c in session.scalars(select(ComponentRow))}
    for code, name in taxonomy.COMPONENTS.items():
        row = stored_components.get(code) or ComponentRow(code=code)
        row.name, row.parent = name, taxonomy.COMPONENT_PARENT.get(code)
        session.add(row)

    stored_rates = {(r.currency, r.year): r for r in session.scalars(select(ExchangeRateRow))}
    rates = load_rates()
    for rate in rates:
        row = stored_rates.get((rate.currency, rate.year)) or ExchangeRateRow(
            currency=rate.currency, year=rate.year)
        row.usd_per_unit, row.source = rate.usd_per_unit, (rate.source or "")[:200]
        session.add(row)
    session.flush()
    return {"regions": len(regions), "countries": len(countries),
            "components": len(taxonomy.COMPONENTS), "exchange_rates": len(rates)}
