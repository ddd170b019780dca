"""Reaching people and running long work: subscriptions, the outbox of e-mail, background jobs."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID_LENGTH, Base, JSONList, utcnow
from .records import _one_of

__all__ = [
    "SUBSCRIPTION_KINDS",
    "FREQUENCIES",
    "MESSAGE_STATUSES",
    "JOB_STATUSES",
    "SubscriptionRow",
    "OutboxMessageRow",
    "JobRow",
]

#: ``search``: a saved search over needs (its filters); ``provider_match``: needs that fit a
#: provider with at least ``min_score``.
SUBSCRIPTION_KINDS = ("search", "provider_match")
FREQUENCIES = ("immediately", "daily", "weekly")
MESSAGE_STATUSES = ("queued", "sending", "sent", "failed")
JOB_STATUSES = ("queued", "running", "done", "failed")


class SubscriptionRow(Base):
    """Someone's standing question about needs, answered by digests and an Atom feed.

    Links in messages and the feed address carry tokens derived from the server's secret key
    and ``token_salt`` (never stored); a new salt makes every old link invalid.
    """

    __tablename__ = "subscription"
    __table_args__ = (
        _one_of("kind", SUBSCRIPTION_KINDS, "kind"),
        _one_of("frequency", FREQUENCIES, "frequency"),
        CheckConstraint("min_score IS NULL OR (min_score >= 0 AND min_score <= 1)",
                        name="min_score"),
        CheckConstraint("kind != 'provider_match' OR provider_id IS NOT NULL",
                        name="provider_of_match"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20))
    filters: Mapped[dict] = mapped_column(JSONList, default=dict)
    provider_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    min_score: Mapped[float | None] = mapped_column(Float)
    frequency: Mapped[str] = mapped_column(String(20), default="daily")
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    token_salt: Mapped[str] = mapped_column(String(64))


class OutboxMessageRow(Base):
    """One e-mail to one recipient, kept until it is sent (and after, as a record).

    ``dedupe_key`` says what the message is about (a digest of a subscription up to a time, a
    reminder for a country in a month, an invitation of one address to one meeting): the same
    message is never queued twice, and a queued one is sent once.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        _one_of("status", MESSAGE_STATUSES, "status"),
        Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    #: ``[{"filename", "content_type", "data" (base64)}]``
    attachments: Mapped[list] = mapped_column(JSONList, default=list)
    #: extra headers, e.g. ``List-Unsubscribe``
    headers: Mapped[dict] = mapped_column(JSONList, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class JobRow(Base):
    """A piece of long work (an import, an analysis refresh, a report, digests) and its progress."""

    __tablename__ = "job"
    __table_args__ = (
        _one_of("status", JOB_STATUSES, "status"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    params: Mapped[dict] = mapped_column(JSONList, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(String(500), default="")
    result: Mapped[dict | None] = mapped_column(JSONList)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(254), default="system")
    #: where it runs or last ran: ``host:pid``
    worker: Mapped[str | None] = mapped_column(String(200))
