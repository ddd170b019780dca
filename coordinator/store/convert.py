"""ORM rows -> domain objects."""
from __future__ import annotations

from ..domain import (
    Capacity,
    Initiative,
    Invitee,
    Meeting,
    Money,
    Need,
    Partnership,
    PartnershipEvent,
    Profile,
    Provider,
    ProviderRole,
)
from .models import (
    CapacityRow,
    InitiativeRow,
    MeetingRow,
    NeedRow,
    PartnershipRow,
    ProfileRow,
    ProviderRow,
)

__all__ = [
    "money",
    "provider_from_row",
    "initiative_from_row",
    "need_from_row",
    "capacity_from_row",
    "profile_from_row",
    "meeting_from_row",
    "partnership_from_row",
]


def money(amount: float | None, currency: str | None) -> Money | None:
    """A Money value from an amount and currency column pair."""
    if amount is None or currency is None:
        return None
    return Money(float(amount), currency)


def provider_from_row(row: ProviderRow) -> Provider:
    """A provider row as a domain value."""
    return Provider(
        id=row.id, name=row.name, kind=row.kind, country=row.country,
        focus_components=tuple(sorted(c.component for c in row.components)),
        focus_countries=tuple(sorted(c.country for c in row.countries)),
        focus_regions=tuple(sorted(r.region for r in row.regions)),
        budget=money(row.budget_amount, row.budget_currency),
        languages=tuple(row.languages or ()), contact=row.contact, updated=row.updated_at,
    )


def initiative_from_row(row: InitiativeRow, aliases: tuple[str, ...] = ()) -> Initiative:
    """An initiative row as a domain value."""
    return Initiative(
        id=row.id, title=row.title, description=row.description or "",
        providers=tuple(sorted((ProviderRole(p.provider_id, p.role) for p in row.providers),
                               key=lambda r: (r.id, r.role))),
        recipient_countries=tuple(sorted(c.country for c in row.countries)),
        recipient_regions=tuple(sorted(r.region for r in row.regions)),
        components=tuple(sorted(c.component for c in row.components)),
        budget=money(row.budget_amount, row.budget_currency), start=row.start, end=row.end,
        status=row.status, lessons=row.lessons, aliases=aliases,
        unmapped_sectors=tuple(row.unmapped_sectors or ()), updated=row.updated_at,
    )


def need_from_row(row: NeedRow) -> Need:
    """A need row as a domain value."""
    return Need(
        id=row.id, country=row.country, component=row.component, title=row.title,
        description=row.description or "", priority=row.priority, sequence=row.sequence,
        start=row.start, end=row.end,
        estimated_cost=money(row.estimated_cost_amount, row.estimated_cost_currency),
        status=row.status, confidential=row.confidential, updated=row.updated_at,
    )


def capacity_from_row(row: CapacityRow) -> Capacity:
    """A capacity row as a domain value."""
    return Capacity(
        id=row.id, country=row.country, component=row.component, level=row.level,
        description=row.description or "", can_offer=row.can_offer, updated=row.updated_at,
    )


def profile_from_row(row: ProfileRow) -> Profile:
    """A profile row as a domain value."""
    return Profile(
        country=row.country, focal_point=row.focal_point,
        competent_authority=row.competent_authority, framework=row.framework,
        strategy=row.strategy, coordination_mechanism=row.coordination_mechanism,
        bch_node=row.bch_node,
        funding_need_short=money(row.funding_need_short_amount, row.funding_need_short_currency),
        funding_need_long=money(row.funding_need_long_amount, row.funding_need_long_currency),
        updated=row.updated,
    )


def meeting_from_row(row: MeetingRow) -> Meeting:
    """A meeting row as a domain value."""
    invitees = sorted(row.invitees, key=lambda i: (i.kind, i.ref))
    return Meeting(
        id=row.id, title=row.title, scope=row.scope, area=row.area, host=row.host,
        start=row.start, end=row.end, status=row.status,
        invitees=tuple(Invitee(i.kind, i.ref) for i in invitees),
        agenda=tuple(row.agenda or ()), components=tuple(row.components or ()),
        outcome=row.outcome,
    )


def partnership_from_row(row: PartnershipRow) -> Partnership:
    """A partnership row as a domain value."""
    return Partnership(
        id=row.id, need=row.need_id, status=row.status, provider=row.provider_id,
        initiative=row.initiative_id, origin=row.origin, meeting=row.meeting_id, score=row.score,
        history=tuple(PartnershipEvent(e.status, e.at, e.note, e.by) for e in row.history),
    )
