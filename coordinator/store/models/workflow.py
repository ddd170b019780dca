"""Coordination work: partnerships and their history, meetings, reviews of flagged duplicates."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...taxonomy import MEETING_SCOPES, MEETING_STATUSES, PARTNERSHIP_STATUSES
from .base import ID_LENGTH, Base, JSONList, utcnow
from .records import Tracked, _one_of

__all__ = [
    "PartnershipRow",
    "PartnershipEventRow",
    "MeetingRow",
    "MeetingInviteeRow",
    "DuplicateReviewRow",
]

PARTNERSHIP_ORIGINS = ("suggestion", "meeting", "manual")
REVIEW_DECISIONS = ("confirmed", "dismissed", "acknowledged")


class PartnershipRow(Tracked, Base):
    """A need linked to a provider or an initiative."""

    __tablename__ = "partnership"
    __table_args__ = (
        _one_of("status", PARTNERSHIP_STATUSES, "status"),
        _one_of("origin", PARTNERSHIP_ORIGINS, "origin"),
        CheckConstraint(
            "provider_id IS NOT NULL OR initiative_id IS NOT NULL", name="provider_or_initiative"
        ),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("need.id"), index=True)
    provider_id: Mapped[str | None] = mapped_column(ForeignKey("provider.id"), index=True)
    initiative_id: Mapped[str | None] = mapped_column(ForeignKey("initiative.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="suggested", index=True)
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)

    history: Mapped[list[PartnershipEventRow]] = relationship(
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="PartnershipEventRow.id",
    )


class PartnershipEventRow(Base):
    """One step of a partnership's history: the status it moved to, when, by whom, why."""

    __tablename__ = "partnership_event"
    __table_args__ = (_one_of("status", PARTNERSHIP_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partnership_id: Mapped[str] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str | None] = mapped_column(String(200))


class MeetingRow(Tracked, Base):
    """A regional or subregional coordination meeting."""

    __tablename__ = "meeting"
    __table_args__ = (
        _one_of("scope", MEETING_SCOPES, "scope"),
        _one_of("status", MEETING_STATUSES, "status"),
        CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name="period"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(200), index=True)
    host: Mapped[str | None] = mapped_column(ForeignKey("country.alpha3"), index=True)
    start: Mapped[date | None] = mapped_column(Date, index=True)
    end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    agenda: Mapped[list[str]] = mapped_column(JSONList, default=list)
    components: Mapped[list[str]] = mapped_column(JSONList, default=list)
    outcome: Mapped[str | None] = mapped_column(Text)

    invitees: Mapped[list[MeetingInviteeRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class MeetingInviteeRow(Base):
    """A country or provider invited to a meeting."""

    __tablename__ = "meeting_invitee"
    __table_args__ = (_one_of("kind", ("country", "provider"), "kind"),)

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    ref: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, index=True)


class DuplicateReviewRow(Base):
    """The secretariat's decision on a flagged pair, kept so the pair is not flagged again."""

    __tablename__ = "duplicate_review"
    __table_args__ = (
        _one_of("decision", REVIEW_DECISIONS, "decision"),
        UniqueConstraint("kind", "a", "b"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    a: Mapped[str] = mapped_column(String(ID_LENGTH))
    b: Mapped[str] = mapped_column(String(ID_LENGTH))
    decision: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    a_fingerprint: Mapped[str | None] = mapped_column(String(64))
    b_fingerprint: Mapped[str | None] = mapped_column(String(64))
    merged_record: Mapped[dict | None] = mapped_column(JSONList)
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200))
