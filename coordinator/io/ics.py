"""A coordination meeting as an iCalendar invitation (RFC 5545), written with ``icalendar``.

One VEVENT per meeting: all-day DTSTART/DTEND (DTEND is the day after the last day, as RFC 5545
wants for dates), a UID that stays the same for the same proposal or meeting (so a calendar
updates the event instead of adding a second one), the ORGANIZER, one ATTENDEE per invitee
with an e-mail contact, the host country as LOCATION and the agenda as DESCRIPTION.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, vCalAddress, vText

from ..errors import InvalidInput, Problem

__all__ = ["DEFAULT_ORGANIZER", "UID_DOMAIN", "meeting_uid", "meeting_calendar"]

UID_DOMAIN = "capacity-coordinator"
#: Used when the planner gives no address of their own; replies then reach nobody.
DEFAULT_ORGANIZER = ("Capacity Coordinator", "coordinator@localhost")
_EMAIL = re.compile(r"[^@\s<>,;:\"]+@[^@\s<>,;:\"]+")
_STATUS = {"proposed": "TENTATIVE", "scheduled": "CONFIRMED", "held": "CONFIRMED",
           "cancelled": "CANCELLED"}


def meeting_uid(meeting_id: str) -> str:
    """The event's UID: the meeting's id at the coordinator's domain."""
    return f"{meeting_id}@{UID_DOMAIN}"


def _email(contact: str | None) -> str | None:
    if not contact:
        return None
    found = _EMAIL.search(contact.removeprefix("mailto:"))
    return found.group(0) if found else None


def _day(value: Any, field: str, meeting_id: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise InvalidInput(Problem("", f"meeting {meeting_id}", field,
                                   "needs a date (YYYY-MM-DD) to be put in a calendar")) from None


def _description(meeting: Mapping[str, Any]) -> str:
    lines = [meeting.get("title", "")]
    if meeting.get("host_name"):
        lines.append(f"Host: {meeting['host_name']}")
    agenda = meeting.get("agenda") or []
    if agenda:
        lines += ["", "Agenda:"]
        lines += [f"{n}. {text}" for n, text in enumerate(agenda, start=1)]
    return "\n".join(lines)


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def meeting_calendar(meeting: Mapping[str, Any], *,
                     organizer: tuple[str, str] = DEFAULT_ORGANIZER,
                     stamp: datetime | None = None) -> bytes:
    """The meeting (a proposal or a recorded meeting, as ``coordinator.meetings`` shapes them)
    as an ``.ics`` file: one VEVENT with the attendees that have an e-mail contact.

    ``organizer`` is (name, e-mail) of whoever sends the invitations.
    """
    meeting_id = str(meeting["id"])
    window = meeting.get("window") or {}
    start = _day(window.get("start"), "start", meeting_id)
    end = _day(window.get("end") or window.get("start"), "end", meeting_id)
    if end < start:
        raise InvalidInput(Problem("", f"meeting {meeting_id}", "end",
                                   "ends before it starts"))
    calendar = Calendar()
    calendar.add("prodid", "-//Capacity Coordinator//coordination meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting_id))
    event.add("dtstamp", stamp or datetime.now(UTC).replace(microsecond=0))
    event.add("dtstart", start)
    event.add("dtend", end + timedelta(days=1))
    event.add("summary", meeting.get("title") or meeting_id)
    event.add("status", _STATUS.get(meeting.get("status") or "proposed", "TENTATIVE"))
    if meeting.get("host_name"):
        event.add("location", meeting["host_name"])
    event.add("description", _description(meeting))
    organizer_name, organizer_email = organizer
    if _email(organizer_email) != organizer_email:
        raise InvalidInput(Problem("", "calendar", "organizer",
                                   f"{organizer_email!r} is not an e-mail address"))
    event.add("organizer", _address(organizer_email, organizer_name))
    seen = set()
    for invitee in meeting.get("invitation_list") or []:
        email = _email(invitee.get("contact"))
        if email is None or email.lower() in seen:
            continue
        seen.add(email.lower())
        individual = invitee.get("kind") == "expert"
        event.add("attendee", _address(
            email, invitee.get("name") or invitee.get("ref") or email,
            role="REQ-PARTICIPANT", cutype="INDIVIDUAL" if individual else "GROUP",
            partstat="NEEDS-ACTION", rsvp="TRUE"), encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
