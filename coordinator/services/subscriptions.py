"""Subscriptions as use cases: subscribe, list, unsubscribe (also by a message's link), remove,
and the Atom feed of one subscription.

The links in messages and the feed address carry *tokens*: ``ID.MAC`` where MAC is an HMAC of
the subscription's id and random salt under the server's secret key (``SECRET_KEY``, else the
key kept in ``instance/secret_key``, the one the web application uses). Tokens are never
stored, so a copy of the database gives nobody a working link; giving a subscription a new salt
makes its old links stop working.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import accounts, alerts, taxonomy
from ..browse import FILTERS
from ..errors import InvalidInput, NotFound, PermissionDenied, Problem
from ..store.models import FREQUENCIES, SUBSCRIPTION_KINDS, SubscriptionRow, UserRow, utcnow
from ..visibility import Viewer
from .catalog import snapshot_for

__all__ = ["Links", "instance_secret", "base_url_from_env", "as_subscription", "subscription_dict",
           "subscribe", "list_subscriptions", "get_subscription", "unsubscribe", "resume",
           "unsubscribe_by_token", "subscription_by_token", "remove_subscription", "feed",
           "FEED_DAYS"]

#: The Atom feed shows needs changed in this many days.
FEED_DAYS = 30
_SOURCE = "subscription"


def instance_secret() -> bytes:
    """The server's secret key: ``SECRET_KEY``, else ``instance/secret_key`` (made once)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"].encode()
    path = Path(os.environ.get("INSTANCE_PATH", "instance")) / "secret_key"
    try:
        return path.read_text().strip().encode()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made by another process meanwhile
            return path.read_text().strip().encode()
        with os.fdopen(descriptor, "w") as handle:
            handle.write(key)
        return key.encode()


def base_url_from_env() -> str:
    """The public address of the web application: ``PUBLIC_URL``, else the local default."""
    return (os.environ.get("PUBLIC_URL") or "http://127.0.0.1:5000").rstrip("/")


@dataclass(frozen=True)
class Links:
    """Addresses put in messages and feeds: the site's base URL and the key tokens are made with."""

    base_url: str
    key: bytes

    @classmethod
    def from_env(cls) -> Links:
        """Links with ``PUBLIC_URL`` and the server's secret key."""
        return cls(base_url_from_env(), instance_secret())

    def token(self, purpose: str, subscription_id: int, salt: str) -> str:
        """The token of ``purpose`` (``unsubscribe`` or ``feed``) for a subscription."""
        mac = hmac.new(self.key, f"{purpose}:{subscription_id}:{salt}".encode(),
                       hashlib.sha256).digest()
        return f"{subscription_id}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"

    def unsubscribe_url(self, row: SubscriptionRow) -> str:
        """Where a message's reader stops the subscription."""
        token = self.token("unsubscribe", row.id, row.token_salt)
        return f"{self.base_url}/alerts/unsubscribe/{token}"

    def feed_url(self, row: SubscriptionRow) -> str:
        """The subscription's Atom feed."""
        return f"{self.base_url}/alerts/feed/{self.token('feed', row.id, row.token_salt)}.atom"

    @property
    def manage_url(self) -> str:
        """The page listing one's subscriptions."""
        return f"{self.base_url}/alerts/"


def as_subscription(row: SubscriptionRow) -> alerts.Subscription:
    """The row as the plain value :mod:`coordinator.alerts` works on."""
    return alerts.Subscription(
        id=row.id, name=row.name, kind=row.kind, frequency=row.frequency,
        filters=dict(row.filters or {}), provider=row.provider_id, min_score=row.min_score,
        active=row.active, created_at=row.created_at, last_sent_at=row.last_sent_at)


def subscription_dict(row: SubscriptionRow, email: str, snapshot=None) -> dict[str, Any]:
    """JSON-ready form, with the subscription in words."""
    def moment(value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None
    return {"id": row.id, "user": email, "name": row.name, "kind": row.kind,
            "description": alerts.describe(as_subscription(row), snapshot),
            "frequency": row.frequency, "filters": dict(row.filters or {}),
            "provider": row.provider_id, "min_score": row.min_score, "active": row.active,
            "created_at": moment(row.created_at), "last_sent_at": moment(row.last_sent_at)}


def _user(session: Session, email: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.email == accounts.normalise_email(email)))
    if row is None:
        raise NotFound(f"no account {email!r}")
    return row


def _filter_problems(snapshot, filters: Mapping[str, Any]) -> tuple[dict[str, str], list[Problem]]:
    clean: dict[str, str] = {}
    problems = []
    for key, raw in filters.items():
        value = str(raw if raw is not None else "").strip()
        if key in ("page", "per_page", "sort", "order", "format") or not value:
            continue
        if key not in FILTERS["needs"]:
            problems.append(Problem(_SOURCE, "filters", key, "unknown filter; allowed: "
                                    + ", ".join(sorted(FILTERS["needs"]))))
            continue
        wrong = None
        if key == "country":
            value = value.upper()
            wrong = None if value in snapshot.countries else "not a known country (alpha-3)"
        elif key == "region" and value not in snapshot.regions:
            wrong = "not a UN M49 area code"
        elif key == "component" and value not in taxonomy.COMPONENTS and value != "a":
            wrong = "not an Action Plan component code"
        elif key == "status" and value not in taxonomy.NEED_STATUSES:
            wrong = "one of " + ", ".join(taxonomy.NEED_STATUSES)
        elif key == "priority" and value not in ("1", "2", "3", "4", "5"):
            wrong = "a priority from 1 to 5"
        elif key == "group" and value not in taxonomy.COUNTRY_GROUPS:
            wrong = "one of " + ", ".join(taxonomy.COUNTRY_GROUPS)
        elif key in ("from", "to"):
            try:
                date.fromisoformat(value)
            except ValueError:
                wrong = "a date YYYY-MM-DD"
        elif key == "q" and len(value) > 200:
            wrong = "at most 200 characters"
        if wrong:
            problems.append(Problem(_SOURCE, "filters", key, f"{value!r}: {wrong}"))
        else:
            clean[key] = value
    return clean, problems


def subscribe(session: Session, email: str, *, kind: str = "search",
              filters: Mapping[str, Any] | None = None, provider: str | None = None,
              min_score: float | None = None, frequency: str = "daily", name: str = ""
              ) -> dict[str, Any]:
    """Subscribe the account ``email`` to a saved search over needs (``filters``) or to needs
    that fit ``provider`` with at least ``min_score``; returns the subscription."""
    user = _user(session, email)
    snapshot = snapshot_for(session, accounts.viewer_for(accounts.load_user(session, user.id)))
    problems: list[Problem] = []
    record = f"subscription of {user.email}"
    if kind not in SUBSCRIPTION_KINDS:
        problems.append(Problem(_SOURCE, record, "kind", "one of " + ", ".join(SUBSCRIPTION_KINDS)))
    if frequency not in FREQUENCIES:
        problems.append(Problem(_SOURCE, record, "frequency", "one of " + ", ".join(FREQUENCIES)))
    name = (name or "").strip()
    if len(name) > 200 or any(ord(ch) < 32 for ch in name):
        problems.append(Problem(_SOURCE, record, "name",
                                "at most 200 characters, without control characters"))
    clean: dict[str, str] = {}
    if kind == "search":
        clean, found = _filter_problems(snapshot, filters or {})
        problems += found
        provider, min_score = None, None
    elif kind == "provider_match":
        if not provider or (provider not in snapshot.providers and not (
                provider.startswith("country:") and provider[8:] in snapshot.countries)):
            problems.append(Problem(_SOURCE, record, "provider", f"no provider {provider!r}"))
        if min_score is None or not 0 <= float(min_score) <= 1:
            problems.append(Problem(_SOURCE, record, "min_score", "a score from 0 to 1"))
    if problems:
        raise InvalidInput(problems)
    now = utcnow()
    row = SubscriptionRow(user_id=user.id, name=name, kind=kind, filters=clean,
                          provider_id=provider, frequency=frequency,
                          min_score=float(min_score) if min_score is not None else None,
                          active=True, created_at=now, last_sent_at=now,
                          token_salt=secrets.token_hex(16))
    session.add(row)
    session.flush()
    return subscription_dict(row, user.email, snapshot)


def _rows_of(session: Session, email: str | None) -> list[tuple[SubscriptionRow, str]]:
    query = select(SubscriptionRow, UserRow.email).join(UserRow,
                                                        UserRow.id == SubscriptionRow.user_id)
    if email is not None:
        query = query.where(UserRow.email == accounts.normalise_email(email))
    return [(row, address) for row, address in session.execute(query.order_by(SubscriptionRow.id))]


def list_subscriptions(session: Session, email: str | None = None, links: Links | None = None,
                       snapshot=None) -> list[dict[str, Any]]:
    """Subscriptions of the account ``email`` (everyone's when None), oldest first; with
    ``links``, each with its ``feed_url`` and ``unsubscribe_url``."""
    found = []
    for row, address in _rows_of(session, email):
        entry = subscription_dict(row, address, snapshot)
        if links is not None:
            entry["feed_url"] = links.feed_url(row)
            entry["unsubscribe_url"] = links.unsubscribe_url(row)
        found.append(entry)
    return found


def _owned(session: Session, viewer: Viewer, subscription_id: int) -> SubscriptionRow:
    row = session.get(SubscriptionRow, subscription_id)
    if row is None:
        raise NotFound(f"no subscription {subscription_id}")
    owner = session.get(UserRow, row.user_id)
    if not viewer.full_access and (owner is None or owner.email != viewer.name.lower()):
        raise PermissionDenied(f"subscription {subscription_id} belongs to someone else")
    return row


def get_subscription(session: Session, viewer: Viewer, subscription_id: int) -> SubscriptionRow:
    """One subscription of ``viewer`` (any, for the secretariat and the system)."""
    return _owned(session, viewer, subscription_id)


def unsubscribe(session: Session, viewer: Viewer, subscription_id: int) -> dict[str, Any]:
    """Stop a subscription (kept, inactive, so it can be started again)."""
    row = _owned(session, viewer, subscription_id)
    row.active = False
    return subscription_dict(row, session.get(UserRow, row.user_id).email)


def resume(session: Session, viewer: Viewer, subscription_id: int) -> dict[str, Any]:
    """Start a stopped subscription again, from now on (what changed meanwhile is skipped)."""
    row = _owned(session, viewer, subscription_id)
    if not row.active:
        row.active, row.last_sent_at = True, utcnow()
    return subscription_dict(row, session.get(UserRow, row.user_id).email)


def subscription_by_token(session: Session, token: str, purpose: str, links: Links
                          ) -> SubscriptionRow:
    """The subscription a link's token names; NotFound for a token that is not valid."""
    ident, _, _mac = (token or "").partition(".")
    row = session.get(SubscriptionRow, int(ident)) if ident.isdigit() and len(ident) < 12 else None
    if row is None or not hmac.compare_digest(
            links.token(purpose, row.id, row.token_salt).encode(), token.encode()):
        raise NotFound("this link is not valid (any more)")
    return row


def unsubscribe_by_token(session: Session, token: str, links: Links) -> dict[str, Any]:
    """Stop the subscription named by an unsubscribe link (no sign-in needed)."""
    row = subscription_by_token(session, token, "unsubscribe", links)
    row.active = False
    return subscription_dict(row, session.get(UserRow, row.user_id).email)


def remove_subscription(session: Session, viewer: Viewer, subscription_id: int) -> None:
    """Delete a subscription for good."""
    session.delete(_owned(session, viewer, subscription_id))


def feed(session: Session, token: str, links: Links, *, now: datetime | None = None) -> bytes:
    """The Atom feed named by a feed token: matching needs changed in the last
    :data:`FEED_DAYS` days, as the subscriber may see them."""
    from .alerts import matching_items

    row = subscription_by_token(session, token, "feed", links)
    owner = accounts.load_user(session, row.user_id)
    if owner is None or not owner.active:
        raise NotFound("this link is not valid (any more)")
    now = now or utcnow()
    viewer = accounts.viewer_for(owner)
    items, snapshot = matching_items(session, viewer, row, now - timedelta(days=FEED_DAYS),
                                     links.base_url)
    return alerts.atom_feed(as_subscription(row), items[:200], snapshot,
                            feed_url=links.feed_url(row), site_url=links.manage_url,
                            generated=now)
