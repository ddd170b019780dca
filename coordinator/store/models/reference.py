"""Reference data: M49 regions, countries and their groups, components, exchange rates."""
from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base

__all__ = ["RegionRow", "CountryRow", "CountryGroupRow", "ComponentRow", "ExchangeRateRow"]


class RegionRow(Base):
    """A UN M49 area (world, region, subregion or intermediate region)."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), nullable=True)


class CountryRow(Base):
    """A country or area (ISO 3166-1) and its place in M49."""

    __tablename__ = "country"

    alpha3: Mapped[str] = mapped_column(String(3), primary_key=True)
    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    numeric: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(200))
    un_status: Mapped[str] = mapped_column(String(20), default="member")
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    subregion_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    intermediate_region_code: Mapped[str | None] = mapped_column(
        ForeignKey("region.code"), index=True
    )
    cartagena_party: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    groups: Mapped[list[CountryGroupRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class CountryGroupRow(Base):
    """Membership of a country in a group (ldc, lldc, sids, eit, centre_of_origin)."""

    __tablename__ = "country_group"

    country: Mapped[str] = mapped_column(ForeignKey("country.alpha3"), primary_key=True)
    group: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class ComponentRow(Base):
    """A key component of the Action Plan (a1..a5, b..o)."""

    __tablename__ = "component"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent: Mapped[str | None] = mapped_column(String(3), nullable=True)


class ExchangeRateRow(Base):
    """USD per unit of a currency, as a yearly average."""

    __tablename__ = "exchange_rate"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    usd_per_unit: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200), default="")
