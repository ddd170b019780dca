"""The declarative base, naming conventions and column helpers shared by all models."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, CheckConstraint, MetaData, Numeric
from sqlalchemy.orm import DeclarativeBase

__all__ = ["Base", "utcnow", "ID_LENGTH", "Amount", "money_checks", "JSONList"]

ID_LENGTH = 120

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONList = JSON()
#: Money amounts: exact decimals in the database, floats in Python.
Amount = Numeric(18, 2, asdecimal=False)


class Base(DeclarativeBase):
    """Declarative base with constraint names that Alembic can rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (how every timestamp is stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def money_checks(prefix: str) -> tuple[CheckConstraint, CheckConstraint]:
    """Checks that the amount is never negative and has a currency whenever it is set."""
    return (
        CheckConstraint(f"{prefix}_amount IS NULL OR {prefix}_amount >= 0", name=f"{prefix}_nonneg"),
        CheckConstraint(
            f"({prefix}_amount IS NULL) = ({prefix}_currency IS NULL)", name=f"{prefix}_currency"
        ),
    )
