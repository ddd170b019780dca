"""Reading the database into a :class:`~coordinator.domain.Snapshot` in a few bulk queries."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import (
    Capacity,
    Country,
    ExchangeRate,
    Initiative,
    Need,
    Profile,
    Provider,
    ProviderRole,
    Region,
    Snapshot,
)
from ..visibility import SYSTEM, Viewer, visible_snapshot
from .convert import meeting_from_row, money, partnership_from_row
from .models import (
    CapacityRow,
    CountryGroupRow,
    CountryRow,
    ExchangeRateRow,
    InitiativeComponentRow,
    InitiativeCountryRow,
    InitiativeProviderRow,
    InitiativeRegionRow,
    InitiativeRow,
    MeetingRow,
    NeedRow,
    PartnershipRow,
    ProfileRow,
    ProviderComponentRow,
    ProviderCountryRow,
    ProviderRegionRow,
    ProviderRow,
    RecordAliasRow,
    RegionRow,
)

__all__ = ["load_snapshot", "load_reference"]


def _grouped(session: Session, key_column, value_column) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for key, value in session.execute(select(key_column, value_column)):
        groups[key].append(value)
    return {k: sorted(v) for k, v in groups.items()}


def load_reference(session: Session) -> tuple[dict[str, Region], dict[str, Country]]:
    """The M49 regions and the countries (with their groups) stored in the database."""
    regions = {
        r.code: Region(r.code, r.name, r.level, r.parent_code)
        for r in session.scalars(select(RegionRow))
    }
    groups = _grouped(session, CountryGroupRow.country, CountryGroupRow.group)
    countries = {
        c.alpha3: Country(
            alpha3=c.alpha3, alpha2=c.alpha2, numeric=c.numeric, name=c.name,
            region=c.region_code, subregion=c.subregion_code,
            intermediate_region=c.intermediate_region_code,
            groups=frozenset(groups.get(c.alpha3, ())), un_status=c.un_status,
            cartagena_party=c.cartagena_party,
        )
        for c in session.execute(select(CountryRow)).scalars()
    }
    return regions, countries


def _providers(session: Session) -> dict[str, Provider]:
    components = _grouped(session, ProviderComponentRow.provider_id, ProviderComponentRow.component)
    countries = _grouped(session, ProviderCountryRow.provider_id, ProviderCountryRow.country)
    regions = _grouped(session, ProviderRegionRow.provider_id, ProviderRegionRow.region)
    table = ProviderRow.__table__
    out = {}
    for r in session.execute(select(table).where(table.c.deleted_at.is_(None))):
        out[r.id] = Provider(
            id=r.id, name=r.name, kind=r.kind, country=r.country,
            focus_components=tuple(components.get(r.id, ())),
            focus_countries=tuple(countries.get(r.id, ())),
            focus_regions=tuple(regions.get(r.id, ())),
            budget=money(r.budget_amount, r.budget_currency),
            languages=tuple(r.languages or ()), contact=r.contact, updated=r.updated_at,
        )
    return out


def _initiatives(session: Session) -> dict[str, Initiative]:
    roles: dict[str, list[ProviderRole]] = defaultdict(list)
    for initiative_id, provider_id, role in session.execute(select(
            InitiativeProviderRow.initiative_id, InitiativeProviderRow.provider_id,
            InitiativeProviderRow.role)):
        roles[initiative_id].append(ProviderRole(provider_id, role))
    countries = _grouped(session, InitiativeCountryRow.initiative_id, InitiativeCountryRow.country)
    regions = _grouped(session, InitiativeRegionRow.initiative_id, InitiativeRegionRow.region)
    components = _grouped(session, InitiativeComponentRow.initiative_id,
                          InitiativeComponentRow.component)
    aliases = _grouped(session, RecordAliasRow.target_id, RecordAliasRow.alias)
    table = InitiativeRow.__table__
    out = {}
    for r in session.execute(select(table).where(table.c.deleted_at.is_(None))):
        out[r.id] = Initiative(
            id=r.id, title=r.title, description=r.description or "",
            providers=tuple(sorted(roles.get(r.id, ()), key=lambda p: (p.id, p.role))),
            recipient_countries=tuple(countries.get(r.id, ())),
            recipient_regions=tuple(regions.get(r.id, ())),
            components=tuple(components.get(r.id, ())),
            budget=money(r.budget_amount, r.budget_currency), start=r.start, end=r.end,
            status=r.status, lessons=r.lessons, aliases=tuple(aliases.get(r.id, ())),
            unmapped_sectors=tuple(r.unmapped_sectors or ()), updated=r.updated_at,
        )
    return out


def _needs(session: Session) -> dict[str, Need]:
    table = NeedRow.__table__
    return {
        r.id: Need(
            id=r.id, country=r.country, component=r.component, title=r.title,
            description=r.description or "", priority=r.priority, sequence=r.sequence,
            start=r.start, end=r.end,
            estimated_cost=money(r.estimated_cost_amount, r.estimated_cost_currency),
            status=r.status, confidential=r.confidential, updated=r.updated_at,
        )
        for r in session.execute(select(table).where(table.c.deleted_at.is_(None)))
    }


def _capacities(session: Session) -> dict[str, Capacity]:
    table = CapacityRow.__table__
    return {
        r.id: Capacity(id=r.id, country=r.country, component=r.component, level=r.level,
                       description=r.description or "", can_offer=r.can_offer,
                       updated=r.updated_at)
        for r in session.execute(select(table).where(table.c.deleted_at.is_(None)))
    }


def _profiles(session: Session) -> dict[str, Profile]:
    return {
        r.country: Profile(
            country=r.country, focal_point=r.focal_point,
            competent_authority=r.competent_authority, framework=r.framework,
            strategy=r.strategy, coordination_mechanism=r.coordination_mechanism,
            bch_node=r.bch_node,
            funding_need_short=money(r.funding_need_short_amount, r.funding_need_short_currency),
            funding_need_long=money(r.funding_need_long_amount, r.funding_need_long_currency),
            updated=r.updated,
        )
        for r in session.execute(select(ProfileRow.__table__))
    }


def _without_deleted_providers(initiatives: dict[str, Initiative],
                               providers: dict[str, Provider]) -> dict[str, Initiative]:
    """Initiatives as they read while some of their providers are deleted (kept out of sight)."""
    from dataclasses import replace

    out = {}
    for key, initiative in initiatives.items():
        if all(role.id in providers for role in initiative.providers):
            out[key] = initiative
        else:
            kept = tuple(r for r in initiative.providers if r.id in providers)
            out[key] = replace(initiative, providers=kept)
    return out


def load_snapshot(session: Session, viewer: Viewer = SYSTEM, *, as_of: date | None = None
                  ) -> Snapshot:
    """Everything ``viewer`` may see, as plain values (deleted records left out)."""
    regions, countries = load_reference(session)
    meetings = {m.id: meeting_from_row(m) for m in session.scalars(
        select(MeetingRow).where(MeetingRow.deleted_at.is_(None)))}
    partnerships = {p.id: partnership_from_row(p) for p in session.scalars(
        select(PartnershipRow).where(PartnershipRow.deleted_at.is_(None)))}
    rates = tuple(
        ExchangeRate(r.currency, r.year, r.usd_per_unit, source=r.source)
        for r in session.scalars(select(ExchangeRateRow).order_by(
            ExchangeRateRow.currency, ExchangeRateRow.year))
    )
    providers, needs = _providers(session), _needs(session)
    initiatives = _without_deleted_providers(_initiatives(session), providers)
    partnerships = {
        key: p for key, p in partnerships.items()
        if p.need in needs and (p.provider is None or p.provider in providers)
        and (p.initiative is None or p.initiative in initiatives)
    }
    snapshot = Snapshot(
        countries=countries, regions=regions, profiles=_profiles(session),
        providers=providers, initiatives=initiatives,
        needs=needs, capacities=_capacities(session), partnerships=partnerships,
        meetings=meetings, rates=rates, as_of=as_of or date.today(),
    )
    return visible_snapshot(snapshot, viewer)
