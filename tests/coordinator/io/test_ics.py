"""A meeting's iCalendar invitation, printable agenda and invitee list."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from coordinator.errors import InvalidInput
from coordinator.io.agenda import agenda_html, invitees_csv
from coordinator.io.ics import meeting_calendar, meeting_uid


def meeting(**changes) -> dict:
    """A proposal as coordinator.meetings shapes it."""
    value = {
        "id": "mtg-subregion-011-2",
        "title": "Subregional coordination meeting on biosafety capacity building: Western Africa",
        "status": "proposed", "scope": "subregion", "area": "011",
        "area_name": "Western Africa", "host": "GHA", "host_name": "Ghana",
        "invitees": {"countries": ["GHA", "SEN"], "providers": ["p-west", "x-ama"]},
        "experts": ["x-ama"], "components": ["i"],
        "window": {"start": "2025-03-03", "end": "2025-03-05"},
        "agenda": ["Shared gap in Identification of LMOs (i): 2 open needs",
                   "Resolve: <script>alert(1)</script> & friends"],
        "agenda_items": [
            {"section": "gap", "text": "Shared gap in Identification of LMOs (i): 2 open needs",
             "refs": ["GHA", "SEN"]},
            {"section": "overlap", "text": "Resolve: <script>alert(1)</script> & friends",
             "refs": []},
        ],
        "reasons": ["2 open needs at stake in 2 countries"],
        "invitation_list": [
            {"kind": "country", "ref": "GHA", "name": "Ghana", "side": "host",
             "contact": "Focal point <nfp@gha.example.org>", "why": "1 open need in i"},
            {"kind": "country", "ref": "SEN", "name": "Senegal", "side": "recipient",
             "contact": None, "why": "1 open need in i"},
            {"kind": "provider", "ref": "p-west", "name": "=West, Donor", "side": "support",
             "contact": "west@example.org", "why": "active on these themes in Ghana"},
            {"kind": "expert", "ref": "x-ama", "name": "Ama Mensah", "side": "support",
             "contact": "+233 20 000 0000", "why": "expert in i"},
        ],
        "notes": ["Trimmed to the size limit of 40 invitees"],
    }
    value.update(changes)
    return value


STAMP = datetime(2025, 1, 2, 9, 30, tzinfo=UTC)


def _event(data: bytes):
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


def test_the_invitation_parses_back_with_icalendar():
    calendar, event = _event(meeting_calendar(
        meeting(), organizer=("Regional planner", "planner@example.org"), stamp=STAMP))
    assert calendar.get("method") == "REQUEST" and calendar.get("version") == "2.0"
    assert str(event.get("uid")) == "mtg-subregion-011-2@capacity-coordinator"
    assert event.get("dtstart").dt == date(2025, 3, 3)
    assert event.get("dtend").dt == date(2025, 3, 6)  # the day after the last day
    assert str(event.get("summary")).endswith("Western Africa")
    assert str(event.get("location")) == "Ghana"
    assert str(event.get("status")) == "TENTATIVE"
    organizer = event.get("organizer")
    assert str(organizer) == "mailto:planner@example.org"
    assert organizer.params["CN"] == "Regional planner"
    description = str(event.get("description"))
    assert "1. Shared gap in Identification of LMOs (i)" in description
    assert "2. Resolve:" in description


def test_attendees_are_the_invitees_with_an_email_contact():
    _, event = _event(meeting_calendar(meeting(), stamp=STAMP))
    attendees = event.get("attendee")
    assert [str(a) for a in attendees] == ["mailto:nfp@gha.example.org",
                                           "mailto:west@example.org"]
    assert attendees[1].params["CN"] == "=West, Donor"
    assert attendees[0].params["ROLE"] == "REQ-PARTICIPANT"
    assert attendees[0].params["CUTYPE"] == "GROUP"


def test_the_uid_stays_the_same_for_the_same_proposal():
    first = meeting_calendar(meeting(), stamp=STAMP)
    second = meeting_calendar(meeting(agenda=["Another agenda"], status="scheduled"),
                              stamp=datetime(2025, 2, 1, tzinfo=UTC))
    assert str(_event(first)[1].get("uid")) == str(_event(second)[1].get("uid"))
    assert str(_event(second)[1].get("status")) == "CONFIRMED"
    assert meeting_uid("m-1") == "m-1@capacity-coordinator"


def test_a_meeting_without_dates_cannot_be_put_in_a_calendar():
    with pytest.raises(InvalidInput) as error:
        meeting_calendar(meeting(window={"start": None, "end": None}))
    assert error.value.problems[0].record == "meeting mtg-subregion-011-2"
    assert error.value.problems[0].field == "start"


def test_the_organizer_must_be_an_email_address():
    with pytest.raises(InvalidInput) as error:
        meeting_calendar(meeting(), organizer=("Planner", "not an address"))
    assert error.value.problems[0].field == "organizer"


def test_the_printable_agenda_escapes_text_and_shows_no_contacts():
    html = agenda_html(meeting(), today=date(2025, 1, 2))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
    assert "<h3>Shared gaps</h3>" in html
    assert "<h3>Duplications and overlaps to resolve</h3>" in html
    assert '<ol class="agenda" start="2">' in html  # numbering runs on across sections
    assert "2025-03-03 to 2025-03-05" in html and "Ghana" in html
    assert "Host country" in html and "Expert (presenting)" in html
    assert "example.org" not in html and "+233" not in html
    assert "Prepared with Capacity Coordinator on 2025-01-02" in html


def test_a_recorded_meeting_prints_its_outcome_and_agreements():
    held = meeting(status="held", outcome="Agreed to pool reference materials.",
                   agreed=[{"text": "West Donor with Ghana's need \u201cPort kits\u201d",
                            "status": "accepted"}], agenda_items=None)
    html = agenda_html(held)
    assert "Agreed to pool reference materials." in html
    assert "West Donor with Ghana" in html and "(accepted)" in html
    assert "<h3>Agenda</h3>" in html
    assert "Why invited" in html
    silent = [dict(row, why="") for row in held["invitation_list"]]
    assert "Why invited" not in agenda_html(dict(held, invitation_list=silent))


def test_the_invitee_list_is_csv_with_contacts_safe_for_spreadsheets():
    rows = list(csv.reader(io.StringIO(invitees_csv(meeting()))))
    assert rows[0] == ["kind", "ref", "name", "side", "contact", "why"]
    assert len(rows) == 5
    assert rows[1][:4] == ["country", "GHA", "Ghana", "host"]
    assert rows[3][2] == "'=West, Donor"  # a formula start is neutralised
    assert rows[3][4] == "west@example.org"
    assert rows[2][4] == ""
