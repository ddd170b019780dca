"""The other messages the service sends: a focal point's reminder of records not updated for a
year (decision paragraph 17 asks countries to keep them current), the secretariat's weekly
summary of new duplications and gaps, and a meeting invitation.

Pure functions over plain values; each returns a :class:`Notice` (subject, text, HTML).
"""
from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

from .domain import Snapshot
from .visibility import REDACTED_TITLE

__all__ = ["Notice", "StaleRecord", "REMINDER_MONTHS", "stale_cutoff", "stale_records",
           "reminder", "weekly_summary", "invitation"]

#: Records not updated for this many months are due for a reminder.
REMINDER_MONTHS = 12


@dataclass(frozen=True)
class Notice:
    """A message's subject and bodies."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class StaleRecord:
    """A record of a country not updated since ``updated`` (None: no date recorded)."""

    kind: str
    id: str
    title: str
    updated: date | None
    link: str


def stale_cutoff(today: date, months: int = REMINDER_MONTHS) -> date:
    """The day ``months`` before ``today`` (the month's last day when it is shorter)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(today.day, monthrange(year, month + 1)[1]))


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def stale_records(snapshot: Snapshot, country: str, today: date, *, base_url: str,
                  months: int = REMINDER_MONTHS) -> list[StaleRecord]:
    """The country's needs (open or partly met), capacities and profile not updated since
    the cutoff, oldest first."""
    cutoff = stale_cutoff(today, months)
    base = base_url.rstrip("/")
    found = []
    for need in snapshot.needs.values():
        if need.country == country and need.status in ("open", "partially_met") \
                and need.title != REDACTED_TITLE:
            found.append(StaleRecord("need", need.id, need.title, _day(need.updated),
                                     f"{base}/edit/needs/{need.id}"))
    for capacity in snapshot.capacities.values():
        if capacity.country == country:
            found.append(StaleRecord("capacity", capacity.id, capacity.description[:120]
                                     or capacity.component, _day(capacity.updated),
                                     f"{base}/edit/capacities/{capacity.id}"))
    profile = snapshot.profiles.get(country)
    if profile is not None:
        found.append(StaleRecord("profile", country, "National biosafety profile",
                                 profile.updated, f"{base}/edit/profiles/{country}"))
    stale = [r for r in found if r.updated is None or r.updated < cutoff]
    return sorted(stale, key=lambda r: (r.updated or date.min, r.kind, r.id))


def _html_page(subject: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{escape(subject)}</title></head><body>{body}</body></html>")


def reminder(country_name: str, records: Sequence[StaleRecord], *, months: int = REMINDER_MONTHS,
             manage_url: str) -> Notice:
    """A focal point's reminder listing the records to review, each with its edit link."""
    subject = f"{country_name}: {len(records)} record{'s' if len(records) != 1 else ''} not " \
              f"updated for {months} months"
    intro = (f"The following records of {country_name} have not been updated for {months} "
             "months or more. Please check that they are still right: update them, mark needs "
             "that are met, or withdraw those no longer wanted. Saving a record unchanged "
             "also confirms it.")
    lines = [intro, ""]
    items = []
    for record in records:
        when = record.updated.isoformat() if record.updated else "no date recorded"
        lines.append(f"- {record.kind} {record.id}: {record.title} (last updated {when})")
        lines.append(f"  {record.link}")
        items.append(f'<li>{escape(record.kind)} <a href="{escape(record.link)}">'
                     f"{escape(record.title)}</a> <small>({escape(record.id)}, last updated "
                     f"{escape(when)})</small></li>")
    lines += ["", "--", f"Your records: {manage_url}"]
    html = _html_page(subject, f"<p>{escape(intro)}</p><ul>{''.join(items)}</ul><hr>"
                               f'<p><a href="{escape(manage_url)}">Your records</a></p>')
    return Notice(subject, "\n".join(lines) + "\n", html)


def _pair_line(pair: Mapping[str, Any]) -> str:
    reasons = "; ".join(pair.get("reasons") or [])
    return (f"{pair['kind']} {pair['a']} and {pair['b']}: {pair.get('relation', '')} "
            f"(score {float(pair['score']):.2f})" + (f" — {reasons}" if reasons else ""))


def _gap_line(gap: Any, snapshot: Snapshot) -> str:
    country = snapshot.countries.get(gap.country)
    name = country.name if country else gap.country
    return (f"need {gap.need} in {name}, component {gap.component}: covered "
            f"{gap.coverage:.0%}, severity {gap.severity:.2f}")


def weekly_summary(snapshot: Snapshot, pairs: Sequence[Mapping[str, Any]], gaps: Sequence[Any],
                   since: datetime, *, duplicates_url: str, gaps_url: str,
                   top: int = 20) -> Notice:
    """The secretariat's weekly summary: duplications flagged among records changed since
    ``since`` and not yet reviewed, and the gaps of needs new or changed since then (most
    severe first), with the totals and links to the pages where they are reviewed."""
    changed = {("need", n.id) for n in snapshot.needs.values() if n.updated and n.updated > since}
    changed |= {("initiative", i.id) for i in snapshot.initiatives.values()
                if i.updated and i.updated > since}
    new_pairs = [p for p in pairs if p.get("review") is None and
                 ((p["kind"], p["a"]) in changed or (p["kind"], p["b"]) in changed)]
    new_pairs.sort(key=lambda p: -float(p["score"]))
    new_gaps = sorted((g for g in gaps if ("need", g.need) in changed),
                      key=lambda g: (-g.severity, g.need))
    week = since.date().isoformat()
    subject = (f"Weekly summary since {week}: {len(new_pairs)} new duplication"
               f"{'s' if len(new_pairs) != 1 else ''}, {len(new_gaps)} new gap"
               f"{'s' if len(new_gaps) != 1 else ''}")
    unreviewed = sum(1 for p in pairs if p.get("review") is None)
    totals = (f"In all: {unreviewed} flagged pair{'s' if unreviewed != 1 else ''} awaiting "
              f"review and {len(gaps)} need{'s' if len(gaps) != 1 else ''} with a gap.")
    sections = [("New duplications and overlaps", [_pair_line(p) for p in new_pairs[:top]],
                 len(new_pairs), duplicates_url),
                ("New gaps", [_gap_line(g, snapshot) for g in new_gaps[:top]], len(new_gaps),
                 gaps_url)]
    lines, body = [subject, "", totals, ""], [f"<p>{escape(totals)}</p>"]
    for heading, entries, count, link in sections:
        lines.append(f"{heading} ({count}):")
        lines += [f"- {entry}" for entry in entries] or ["- none"]
        if count > len(entries):
            lines.append(f"- … and {count - len(entries)} more")
        lines += [f"  Review them: {link}", ""]
        items = "".join(f"<li>{escape(e)}</li>" for e in entries) or "<li>none</li>"
        more = f"<p>… and {count - len(entries)} more.</p>" if count > len(entries) else ""
        body.append(f"<h2>{escape(heading)} ({count})</h2><ul>{items}</ul>{more}"
                    f'<p><a href="{escape(link)}">Review them</a></p>')
    return Notice(subject, "\n".join(lines), _html_page(subject, "".join(body)))


def invitation(meeting: Mapping[str, Any], recipient_name: str, *, meeting_url: str) -> Notice:
    """The invitation to a meeting (a proposal or a recorded meeting, as
    :mod:`coordinator.meeting_views` shapes it); the ``.ics`` goes with it as an attachment."""
    window = meeting.get("window") or {}
    when = f"{window.get('start')} to {window.get('end')}" if window.get("start") \
        else "dates to be set"
    where = meeting.get("host_name") or "host to be confirmed"
    subject = f"Invitation: {meeting.get('title') or meeting['id']} ({when})"
    agenda = list(meeting.get("agenda") or [])
    invited = [row["name"] for row in meeting.get("invitation_list") or []]
    lines = [f"Dear {recipient_name},", "",
             f"You are invited to the {meeting.get('title') or meeting['id']}, {when}, hosted "
             f"by {where}.", "", "Agenda:"]
    lines += [f"{n}. {text}" for n, text in enumerate(agenda, 1)] or ["(to be set)"]
    lines += ["", "Invited: " + ", ".join(invited), "",
              "The attached calendar file (.ics) adds the meeting to your calendar.",
              f"Details: {meeting_url}"]
    body = (f"<p>Dear {escape(recipient_name)},</p><p>You are invited to the "
            f"<strong>{escape(meeting.get('title') or meeting['id'])}</strong>, {escape(when)}, "
            f"hosted by {escape(where)}.</p><h2>Agenda</h2><ol>"
            + "".join(f"<li>{escape(t)}</li>" for t in agenda) + "</ol>"
            f"<p>Invited: {escape(', '.join(invited))}</p>"
            "<p>The attached calendar file (.ics) adds the meeting to your calendar.</p>"
            f'<p><a href="{escape(meeting_url)}">Details of the meeting</a></p>')
    return Notice(subject, "\n".join(lines) + "\n", _html_page(subject, body))
