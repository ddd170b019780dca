"""Alerts as use cases: digests of due subscriptions, focal points' reminders, the
secretariat's weekly summary and meeting invitations, all queued in the outbox.

Everything queued here carries a dedupe key, so running it twice queues nothing twice:

* a digest: the subscription and the exact set of (need, change time) it reports;
* a reminder: the country, the focal point and the month (at most one a month);
* the weekly summary: the secretariat account and the ISO week;
* an invitation: the meeting's content (title, dates, host, agenda), the address.

Sending is :func:`coordinator.mail.deliver`'s job; :func:`run_due` only queues.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import accounts, alerts, notices, suggestions
from ..domain import Meeting, Snapshot
from ..io.ics import DEFAULT_ORGANIZER, meeting_calendar
from ..mail import Attachment, queue_message
from ..money import RateTable, default_table
from ..permissions import require
from ..store.models import NeedRow, OutboxMessageRow, SubscriptionRow, UserRow, utcnow
from ..visibility import SYSTEM, Viewer
from .catalog import cached, data_version, snapshot_for
from .subscriptions import Links, as_subscription

__all__ = ["AlertRun", "matching_items", "run_digests", "run_reminders", "run_weekly_summary",
           "send_invitations", "run_due", "invitation_recipients"]

_ADDRESS = re.compile(r"[^@\s<>,;:\"]+@[^@\s<>,;:\"]+\.[^@\s<>,;:\"]+")


@dataclass
class AlertRun:
    """What one run queued (outbox ids) and which subscriptions it looked at."""

    digests: list[int] = field(default_factory=list)
    reminders: list[int] = field(default_factory=list)
    summaries: list[int] = field(default_factory=list)
    checked: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        """JSON-ready form."""
        return {"digests": self.digests, "reminders": self.reminders,
                "summaries": self.summaries, "checked_subscriptions": self.checked}


def _rates(snapshot: Snapshot) -> RateTable:
    return RateTable(snapshot.rates) if snapshot.rates else default_table()


def _created(session: Session, need_ids: list[str]) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for start in range(0, len(need_ids), 500):
        chunk = need_ids[start:start + 500]
        found.update(dict(session.execute(select(NeedRow.id, NeedRow.created_at)
                                          .where(NeedRow.id.in_(chunk))).all()))
    return found


def _provider_scores(session: Session, viewer: Viewer, provider: str, candidates: set[str],
                     min_score: float) -> list[tuple[str, float, tuple[str, ...]]]:
    full = snapshot_for(session, SYSTEM)
    matching = cached(("matching", data_version(session)),
                      lambda: suggestions.prepare(full, _rates(full)))
    if provider not in matching.index.provider_table.position or not candidates:
        return []
    model = suggestions.weight_model(matching)
    decided = {d.need for d in matching.decisions if d.provider == provider}
    found = matching.index.for_provider(
        provider, top=len(candidates), weights=model.weights_, exclude=decided,
        include_confidential=True, where=lambda need: need.id in candidates,
        min_score=min_score)
    return [(s.need, float(s.score), tuple(s.reasons)) for s in found]


def matching_items(session: Session, viewer: Viewer, row: SubscriptionRow,
                   since: datetime | None, base_url: str
                   ) -> tuple[list[alerts.DigestItem], Snapshot]:
    """Needs ``viewer`` may see, changed after ``since``, that match the subscription."""
    snapshot = snapshot_for(session, viewer)
    changed = alerts.changed_needs(snapshot, since)
    created = _created(session, sorted(changed))
    if row.kind == "provider_match":
        min_score = row.min_score or 0.0
        scored = _provider_scores(session, viewer, row.provider_id or "", set(changed),
                                  min_score)
        items = alerts.provider_matches(snapshot, scored, since, min_score,
                                        base_url=base_url, created=created)
    else:
        items = alerts.search_matches(snapshot, row.filters or {}, since, base_url=base_url,
                                      created=created)
    return items, snapshot


def _fingerprint(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def run_digests(session: Session, links: Links, *, now: datetime | None = None,
                only: int | None = None) -> tuple[list[int], list[int]]:
    """Queue a digest for each due subscription (or only subscription ``only``) that found
    something; returns (queued outbox ids, subscriptions checked)."""
    now = now or utcnow()
    query = (select(SubscriptionRow, UserRow).join(UserRow, UserRow.id == SubscriptionRow.user_id)
             .where(SubscriptionRow.active.is_(True), UserRow.active.is_(True))
             .order_by(SubscriptionRow.id))
    if only is not None:
        query = query.where(SubscriptionRow.id == only)
    queued, checked = [], []
    for row, user in session.execute(query).all():
        subscription = as_subscription(row)
        if not alerts.due(subscription, now):
            continue
        viewer = accounts.viewer_for(accounts.load_user(session, user.id))
        since = row.last_sent_at or row.created_at
        items, snapshot = matching_items(session, viewer, row, since, links.base_url)
        checked.append(row.id)
        row.last_sent_at = now
        if not items:
            continue
        content = alerts.digest(subscription, items, snapshot,
                                unsubscribe_url=links.unsubscribe_url(row),
                                feed_url=links.feed_url(row), manage_url=links.manage_url)
        key = "digest:{}:{}".format(row.id, _fingerprint(
            [(i.need.id, i.need.updated) for i in items]))
        message = queue_message(
            session, dedupe_key=key, kind="digest", to_address=user.email, to_name=user.name,
            subject=content.subject, text=content.text, html=content.html,
            headers={"List-Unsubscribe": f"<{links.unsubscribe_url(row)}>",
                     "Auto-Submitted": "auto-generated"})
        if message is not None:
            queued.append(message)
    return queued, checked


def _queued_before(session: Session, dedupe_key: str) -> bool:
    return session.scalar(select(OutboxMessageRow.id).where(
        OutboxMessageRow.dedupe_key == dedupe_key)) is not None


def _active_users(session: Session, role: str) -> list[UserRow]:
    return list(session.scalars(select(UserRow).where(UserRow.role == role,
                                                      UserRow.active.is_(True))
                                .order_by(UserRow.id)))


def run_reminders(session: Session, links: Links, *, today: date | None = None) -> list[int]:
    """Queue a reminder to each focal point whose country has records not updated for
    12 months (at most one a month per person); the outbox ids."""
    today = today or utcnow().date()
    queued = []
    for user in _active_users(session, "focal_point"):
        key = f"reminder:{user.country}:{user.email}:{today:%Y-%m}"
        if not user.country or _queued_before(session, key):
            continue
        viewer = Viewer("focal_point", country=user.country, name=user.email)
        snapshot = snapshot_for(session, viewer)
        stale = notices.stale_records(snapshot, user.country, today, base_url=links.base_url)
        if not stale:
            continue
        country = snapshot.countries.get(user.country)
        content = notices.reminder(country.name if country else user.country, stale,
                                   manage_url=f"{links.base_url}/countries/{user.country}")
        message = queue_message(
            session, dedupe_key=key, kind="reminder", to_address=user.email, to_name=user.name,
            subject=content.subject, text=content.text, html=content.html,
            headers={"Auto-Submitted": "auto-generated"})
        if message is not None:
            queued.append(message)
    return queued


def run_weekly_summary(session: Session, links: Links, *, now: datetime | None = None
                       ) -> list[int]:
    """Queue the weekly summary of new duplications and gaps to each secretariat account
    (once per ISO week); the outbox ids."""
    from .analysis import duplicates_for, gaps_for

    now = now or utcnow()
    year, week, _ = now.isocalendar()
    people = [(user, f"summary:{user.email}:{year}-W{week:02d}")
              for user in _active_users(session, "secretariat")]
    people = [(user, key) for user, key in people if not _queued_before(session, key)]
    if not people:
        return []
    snapshot = snapshot_for(session, SYSTEM)
    content = notices.weekly_summary(
        snapshot, duplicates_for(session, SYSTEM), gaps_for(session, SYSTEM),
        now - timedelta(days=7), duplicates_url=f"{links.base_url}/duplicates/",
        gaps_url=f"{links.base_url}/gaps/")
    queued = []
    for user, key in people:
        message = queue_message(
            session, dedupe_key=key, kind="summary",
            to_address=user.email, to_name=user.name, subject=content.subject,
            text=content.text, html=content.html, headers={"Auto-Submitted": "auto-generated"})
        if message is not None:
            queued.append(message)
    return queued


def invitation_recipients(session: Session, meeting: dict[str, Any]) -> list[tuple[str, str]]:
    """(address, name) of everyone invited who can be written to: the contacts on the
    invitation list, the focal points of invited countries and the accounts of invited
    providers; each address once."""
    found: dict[str, tuple[str, str]] = {}
    for row in meeting.get("invitation_list") or []:
        match = _ADDRESS.search(row.get("contact") or "")
        address = match.group(0) if match else None
        if address:
            found.setdefault(address.lower(), (address, row.get("name") or address))
    countries = set(meeting["invitees"]["countries"])
    providers = set(meeting["invitees"]["providers"])
    for user in session.scalars(select(UserRow).where(UserRow.active.is_(True))
                                .order_by(UserRow.id)):
        if (user.role == "focal_point" and user.country in countries) or \
                (user.role == "provider" and user.provider_id in providers):
            found.setdefault(user.email.lower(), (user.email, user.name or user.email))
    return list(found.values())


def send_invitations(session: Session, viewer: Viewer, meeting_id: str, links: Links, *,
                     organizer: tuple[str, str] = DEFAULT_ORGANIZER) -> list[dict[str, Any]]:
    """Queue the invitation to a recorded meeting, with its ``.ics``, to every invitee that
    can be written to; one entry (address, outbox id or None if already sent) per recipient.

    Only someone who may update the meeting may send it. Changing the meeting (dates, host,
    agenda) and sending again sends the new version; sending an unchanged one does nothing.
    """
    from .meetings import get_meeting

    meeting = get_meeting(session, SYSTEM, meeting_id)
    require(viewer, "update", Meeting(meeting_id, meeting["title"], meeting["scope"],
                                      meeting["area"]))
    ics = meeting_calendar(meeting, organizer=organizer)
    version = _fingerprint(meeting["title"], meeting["window"], meeting["host"],
                           meeting["agenda"], meeting["status"])
    url = f"{links.base_url}/meetings/recorded/{quote(meeting_id, safe='')}"
    sent = []
    for address, name in invitation_recipients(session, meeting):
        content = notices.invitation(meeting, name, meeting_url=url)
        message = queue_message(
            session, dedupe_key=f"invitation:{meeting_id}:{address.lower()}:{version}",
            kind="invitation", to_address=address, to_name=name, subject=content.subject,
            text=content.text, html=content.html,
            attachments=[Attachment(f"{meeting_id}.ics", "text/calendar; method=REQUEST", ics)])
        sent.append({"to": address, "name": name, "message": message})
    return sent


def run_due(session: Session, links: Links, *, now: datetime | None = None,
            weekly_summary: bool = True, reminders: bool = True) -> AlertRun:
    """Everything due now: digests, focal points' reminders and the weekly summary."""
    now = now or utcnow()
    run = AlertRun()
    run.digests, run.checked = run_digests(session, links, now=now)
    if reminders:
        run.reminders = run_reminders(session, links, today=now.date())
    if weekly_summary:
        run.summaries = run_weekly_summary(session, links, now=now)
    return run
