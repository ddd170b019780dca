"""People who sign in, and the audit log of every change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID_LENGTH, Base, JSONList, utcnow
from .records import _one_of

__all__ = ["UserRow", "AuditRow", "ROLES"]

ROLES = ("secretariat", "focal_point", "provider", "viewer")


class UserRow(Base):
    """A user account; a focal point belongs to a country, a provider user to a provider."""

    __tablename__ = "user_account"
    __table_args__ = (_one_of("role", ROLES, "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    country: Mapped[str | None] = mapped_column(ForeignKey("country.alpha3"), nullable=True)
    provider_id: Mapped[str | None] = mapped_column(ForeignKey("provider.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    api_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # login rate limit: consecutive failed sign-ins, and until when sign-in is refused
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    api_token_created_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditRow(Base):
    """One change: who, when, what, the record before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(254), default="system")
    action: Mapped[str] = mapped_column(String(30))
    record_type: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    before: Mapped[dict | None] = mapped_column(JSONList)
    after: Mapped[dict | None] = mapped_column(JSONList)
