"""The domain as frozen dataclasses: what the analyses, matching and exporters work on.

These are plain values with no database or web attached. :class:`Snapshot` bundles everything a
caller may see at one moment; ``coordinator.store.load_snapshot`` builds one from the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "Money",
    "Region",
    "Country",
    "Profile",
    "Provider",
    "ProviderRole",
    "Initiative",
    "Need",
    "Capacity",
    "PartnershipEvent",
    "Partnership",
    "Invitee",
    "Meeting",
    "ExchangeRate",
    "Snapshot",
]


@dataclass(frozen=True)
class Money:
    """An amount in a currency (ISO 4217); never mixed with other currencies without a rate."""

    amount: float
    currency: str = "USD"

    def as_dict(self) -> dict[str, float | str]:
        """The contract's money object: ``{"amount": ..., "currency": ...}``."""
        return {"amount": self.amount, "currency": self.currency}


@dataclass(frozen=True)
class Region:
    """A UN M49 area: ``level`` is ``world``, ``region``, ``subregion`` or ``intermediate``."""

    code: str
    name: str
    level: str
    parent: str | None = None


@dataclass(frozen=True)
class Country:
    """A country or area with its ISO codes, M49 placement and the groups it belongs to."""

    alpha3: str
    alpha2: str
    numeric: str
    name: str
    region: str | None = None
    subregion: str | None = None
    intermediate_region: str | None = None
    groups: frozenset[str] = frozenset()
    un_status: str = "member"
    cartagena_party: bool | None = None

    @property
    def areas(self) -> tuple[str, ...]:
        """The M49 codes that contain this country, smallest first."""
        return tuple(
            code for code in (self.intermediate_region, self.subregion, self.region) if code
        )


@dataclass(frozen=True)
class Profile:
    """A country's national biosafety status (Action Plan 5.1)."""

    country: str
    focal_point: bool = False
    competent_authority: bool = False
    framework: str = "none"
    strategy: bool = False
    coordination_mechanism: bool = False
    bch_node: bool = False
    funding_need_short: Money | None = None
    funding_need_long: Money | None = None
    updated: date | None = None


@dataclass(frozen=True)
class Provider:
    """A donor, agency, expert or country able to give support."""

    id: str
    name: str
    kind: str
    country: str | None = None
    focus_components: tuple[str, ...] = ()
    focus_countries: tuple[str, ...] = ()
    focus_regions: tuple[str, ...] = ()
    budget: Money | None = None
    languages: tuple[str, ...] = ()
    contact: str | None = None
    updated: datetime | None = None


@dataclass(frozen=True)
class ProviderRole:
    """A provider's part in an initiative: ``funding``, ``implementing`` or ``extending``."""

    id: str
    role: str


@dataclass(frozen=True)
class Initiative:
    """A funded capacity-building project."""

    id: str
    title: str
    description: str = ""
    providers: tuple[ProviderRole, ...] = ()
    recipient_countries: tuple[str, ...] = ()
    recipient_regions: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    budget: Money | None = None
    start: date | None = None
    end: date | None = None
    status: str = "planned"
    lessons: str | None = None
    aliases: tuple[str, ...] = ()
    unmapped_sectors: tuple[str, ...] = ()
    updated: datetime | None = None

    def provider_ids(self, role: str | None = None) -> tuple[str, ...]:
        """Ids of the providers taking part, optionally only those with ``role``."""
        return tuple(p.id for p in self.providers if role is None or p.role == role)


@dataclass(frozen=True)
class Need:
    """A country's capacity-building need in one component."""

    id: str
    country: str
    component: str
    title: str
    description: str = ""
    priority: int = 3
    sequence: int | None = None
    start: date | None = None
    end: date | None = None
    estimated_cost: Money | None = None
    status: str = "open"
    confidential: bool = False
    updated: datetime | None = None


@dataclass(frozen=True)
class Capacity:
    """A capacity a country has; ``can_offer`` marks it available for South-South cooperation."""

    id: str
    country: str
    component: str
    level: str = "basic"
    description: str = ""
    can_offer: bool = False
    updated: datetime | None = None


@dataclass(frozen=True)
class PartnershipEvent:
    """One step of a partnership's history."""

    status: str
    at: datetime
    note: str | None = None
    by: str | None = None


@dataclass(frozen=True)
class Partnership:
    """A need linked to a provider or an initiative, with its status history."""

    id: str
    need: str
    status: str
    provider: str | None = None
    initiative: str | None = None
    origin: str = "manual"
    meeting: str | None = None
    score: float | None = None
    history: tuple[PartnershipEvent, ...] = ()


@dataclass(frozen=True)
class Invitee:
    """Someone invited to a meeting: a country (alpha-3) or a provider (id)."""

    kind: str
    ref: str


@dataclass(frozen=True)
class Meeting:
    """A regional or subregional coordination meeting (decision paragraphs 19-20)."""

    id: str
    title: str
    scope: str
    area: str
    host: str | None = None
    start: date | None = None
    end: date | None = None
    status: str = "proposed"
    invitees: tuple[Invitee, ...] = ()
    agenda: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    outcome: str | None = None


@dataclass(frozen=True)
class ExchangeRate:
    """Units of USD per unit of ``currency`` for ``year`` (annual average)."""

    currency: str
    year: int
    usd_per_unit: float
    days: int | None = None
    source: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Everything one caller may see at one moment, as plain values keyed by id."""

    countries: dict[str, Country] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    providers: dict[str, Provider] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    needs: dict[str, Need] = field(default_factory=dict)
    capacities: dict[str, Capacity] = field(default_factory=dict)
    partnerships: dict[str, Partnership] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    rates: tuple[ExchangeRate, ...] = ()
    as_of: date | None = None
