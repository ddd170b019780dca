"""The coordination record: providers, initiatives, needs, capacities and country profiles."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ...taxonomy import (
    CAPACITY_LEVELS,
    FRAMEWORK_STAGES,
    INITIATIVE_STATUSES,
    NEED_STATUSES,
    PROVIDER_KINDS,
    PROVIDER_ROLES,
)
from .base import ID_LENGTH, Amount, Base, JSONList, money_checks, utcnow

__all__ = [
    "ProviderRow",
    "ProviderComponentRow",
    "ProviderCountryRow",
    "ProviderRegionRow",
    "InitiativeRow",
    "InitiativeProviderRow",
    "InitiativeCountryRow",
    "InitiativeRegionRow",
    "InitiativeComponentRow",
    "NeedRow",
    "CapacityRow",
    "ProfileRow",
    "RecordAliasRow",
]


def _one_of(column: str, values: tuple[str, ...] | list[str], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


class Tracked:
    """Creation and change times, an optimistic-lock version and soft deletion."""

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805 - SQLAlchemy's declared_attr signature
        return {"version_id_col": cls.version}


class ProviderRow(Tracked, Base):
    """A donor, agency, expert or country able to give support."""

    __tablename__ = "provider"
    __table_args__ = (
        _one_of("kind", list(PROVIDER_KINDS), "kind"),
        *money_checks("budget"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    country: Mapped[str | None] = mapped_column(ForeignKey("country.alpha3"), index=True)
    budget_amount: Mapped[float | None] = mapped_column(Amount)
    budget_currency: Mapped[str | None] = mapped_column(String(3))
    languages: Mapped[list[str]] = mapped_column(JSONList, default=list)
    contact: Mapped[str | None] = mapped_column(String(300))

    components: Mapped[list[ProviderComponentRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    countries: Mapped[list[ProviderCountryRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    regions: Mapped[list[ProviderRegionRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class ProviderComponentRow(Base):
    """A component a provider focuses on."""

    __tablename__ = "provider_component"

    provider_id: Mapped[str] = mapped_column(
        ForeignKey("provider.id", ondelete="CASCADE"), primary_key=True
    )
    component: Mapped[str] = mapped_column(ForeignKey("component.code"), primary_key=True, index=True)


class ProviderCountryRow(Base):
    """A country a provider focuses on."""

    __tablename__ = "provider_country"

    provider_id: Mapped[str] = mapped_column(
        ForeignKey("provider.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(ForeignKey("country.alpha3"), primary_key=True, index=True)


class ProviderRegionRow(Base):
    """An M49 area a provider focuses on."""

    __tablename__ = "provider_region"

    provider_id: Mapped[str] = mapped_column(
        ForeignKey("provider.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True, index=True)


class InitiativeRow(Tracked, Base):
    """A funded capacity-building project."""

    __tablename__ = "initiative"
    __table_args__ = (
        _one_of("status", INITIATIVE_STATUSES, "status"),
        CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name="period"),
        *money_checks("budget"),
        Index("ix_initiative_period", "start", "end"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    budget_amount: Mapped[float | None] = mapped_column(Amount)
    budget_currency: Mapped[str | None] = mapped_column(String(3))
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    lessons: Mapped[str | None] = mapped_column(Text)
    unmapped_sectors: Mapped[list[str]] = mapped_column(JSONList, default=list)

    providers: Mapped[list[InitiativeProviderRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    countries: Mapped[list[InitiativeCountryRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    regions: Mapped[list[InitiativeRegionRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    components: Mapped[list[InitiativeComponentRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class InitiativeProviderRow(Base):
    """A provider's role in an initiative."""

    __tablename__ = "initiative_provider"
    __table_args__ = (_one_of("role", PROVIDER_ROLES, "role"),)

    initiative_id: Mapped[str] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    provider_id: Mapped[str] = mapped_column(ForeignKey("provider.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class InitiativeCountryRow(Base):
    """A recipient country of an initiative."""

    __tablename__ = "initiative_country"

    initiative_id: Mapped[str] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(ForeignKey("country.alpha3"), primary_key=True, index=True)


class InitiativeRegionRow(Base):
    """A recipient M49 area of an initiative."""

    __tablename__ = "initiative_region"

    initiative_id: Mapped[str] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True, index=True)


class InitiativeComponentRow(Base):
    """A component an initiative addresses."""

    __tablename__ = "initiative_component"

    initiative_id: Mapped[str] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    component: Mapped[str] = mapped_column(ForeignKey("component.code"), primary_key=True, index=True)


class NeedRow(Tracked, Base):
    """A country's capacity-building need in one component."""

    __tablename__ = "need"
    __table_args__ = (
        _one_of("status", NEED_STATUSES, "status"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority"),
        CheckConstraint("sequence IS NULL OR sequence >= 0", name="sequence"),
        CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name="period"),
        *money_checks("estimated_cost"),
        Index("ix_need_period", "start", "end"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    country: Mapped[str] = mapped_column(ForeignKey("country.alpha3"), index=True)
    component: Mapped[str] = mapped_column(ForeignKey("component.code"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(Integer, default=3, index=True)
    sequence: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    estimated_cost_amount: Mapped[float | None] = mapped_column(Amount)
    estimated_cost_currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class CapacityRow(Tracked, Base):
    """An existing capacity of a country, possibly offered to others (South-South)."""

    __tablename__ = "capacity"
    __table_args__ = (_one_of("level", CAPACITY_LEVELS, "level"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    country: Mapped[str] = mapped_column(ForeignKey("country.alpha3"), index=True)
    component: Mapped[str] = mapped_column(ForeignKey("component.code"), index=True)
    level: Mapped[str] = mapped_column(String(20), default="basic")
    description: Mapped[str] = mapped_column(Text, default="")
    can_offer: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class ProfileRow(Base):
    """A country's national biosafety status (Action Plan 5.1)."""

    __tablename__ = "profile"
    __table_args__ = (
        _one_of("framework", FRAMEWORK_STAGES, "framework"),
        *money_checks("funding_need_short"),
        *money_checks("funding_need_long"),
    )

    country: Mapped[str] = mapped_column(ForeignKey("country.alpha3"), primary_key=True)
    focal_point: Mapped[bool] = mapped_column(Boolean, default=False)
    competent_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    framework: Mapped[str] = mapped_column(String(20), default="none")
    strategy: Mapped[bool] = mapped_column(Boolean, default=False)
    coordination_mechanism: Mapped[bool] = mapped_column(Boolean, default=False)
    bch_node: Mapped[bool] = mapped_column(Boolean, default=False)
    funding_need_short_amount: Mapped[float | None] = mapped_column(Amount)
    funding_need_short_currency: Mapped[str | None] = mapped_column(String(3))
    funding_need_long_amount: Mapped[float | None] = mapped_column(Amount)
    funding_need_long_currency: Mapped[str | None] = mapped_column(String(3))
    updated: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class RecordAliasRow(Base):
    """Another identifier of a record (kept when duplicates are merged), so imports upsert it."""

    __tablename__ = "record_alias"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    alias: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
