"""The meeting planner: proposals by scope and area, a proposal explained, saving it with the
planner's changes (secretariat), the downloads, and recording what a held meeting agreed."""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import re

import pytest
from icalendar import Calendar

from coordinator import accounts
from coordinator.services.catalog import snapshot_for
from coordinator.visibility import SYSTEM
from tests.web.planning_world import CONFIDENTIAL_TITLE, MARKER, add_planning_world
from tests.web.test_auth import QUICK_COST, csrf_from, in_database, page_text, sign_in
from tests.web.test_pages_countries import text

WEST = "/meetings/proposals/mtg-subregion-011-2"
EAST = "/meetings/proposals/mtg-subregion-014-1"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def world(app):
    add_planning_world(app)
    return app


def signed_in_client(app, email: str):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def stored(app):
    return in_database(app, lambda s: snapshot_for(s, SYSTEM))


def keep_all_but(page: str, *left_out: str) -> list[str]:
    return [ref for ref in re.findall(r'name="keep" value="([^"]+)"', page) if ref not in left_out]


def test_the_planner_lists_proposals_best_first_and_the_meetings_on_record(world, client):
    page = text(client.get("/meetings/"))
    assert page.index(f'href="{WEST}"') > 0 and f'href="{EAST}"' in page
    assert "Proposals (2), most worth holding first" in page
    assert "West Africa subregional coordination meeting" in page  # on record
    assert 'href="/meetings/recorded/m-wa-2025"' in page
    only_west = text(client.get("/meetings/?area=011"))
    assert f'href="{WEST}?area=011"' in only_west and EAST not in only_west
    region = text(client.get("/meetings/?scope=region"))
    assert 'href="/meetings/proposals/mtg-region-002-1?scope=region"' in region
    kenya = text(client.get("/meetings/?country=KEN#recorded"))
    assert "No meeting on record concerning this country." in kenya
    assert "m-wa-2025" in text(client.get("/meetings/?country=SEN"))


def test_bad_requests_are_named(world, client):
    response = client.get("/meetings/?scope=continent")
    assert response.status_code == 422 and "scope" in page_text(response)
    assert client.get("/meetings/?area=999").status_code == 422
    missing = client.get("/meetings/proposals/mtg-subregion-011-9")
    assert missing.status_code == 404 and "ask for proposals again" in page_text(missing)
    assert client.get("/meetings/recorded/nothing-here").status_code == 404


def test_a_proposal_says_why_who_and_why_host_window_and_agenda(world, client):
    page = text(client.get(WEST))
    assert "Why it is worth holding" in page
    for label in ("Needs at stake", "Funding gap", "Duplications to resolve",
                  "Partnerships waiting"):
        assert f">{label}</span>" in page
    assert "2 open needs at stake in 2 countries" in page
    assert "Recipient countries (2)" in page and "Donors, providers and experts (2)" in page
    assert 'href="/countries/SEN"' in page and 'href="/providers/p-unep"' in page
    assert "active on these themes in Burkina Faso, Senegal" in page
    assert "1 open need in i; suggested host" in page
    assert "Suggested host" in page and "rotation" in page  # Ghana hosted m-wa-2025
    assert "Follow-up of the last meeting" in page and "Shared gaps" in page
    assert "Discuss support by UN Environment Programme" in page
    assert 'name="keep"' not in page  # only the secretariat edits
    assert "Only the secretariat can save a proposal" in page


def test_confidential_needs_are_never_named_in_proposals_to_others(world):
    urls = [EAST, f"{EAST}/agenda", f"{EAST}/invitees.csv", f"{EAST}/calendar.ics",
            "/meetings/", "/meetings/?scope=region", "/meetings/?scope=auto"]
    for email in (None, "desk@unep.example", "reader@example.org"):
        client = signed_in_client(world, email) if email else world.test_client()
        for url in urls:
            body = text(client.get(url))
            assert MARKER not in body and CONFIDENTIAL_TITLE not in body, (email, url)
    page = text(world.test_client().get(EAST))
    assert "3 open needs in 3 countries (Kenya, Uganda, United Republic of Tanzania)" in page


def test_the_invitation_parses_as_icalendar_with_attendees_only_for_who_sees_contacts(world):
    anonymous = world.test_client().get(f"{WEST}/calendar.ics")
    assert anonymous.status_code == 200 and anonymous.mimetype == "text/calendar"
    assert 'filename="mtg-subregion-011-2.ics"' in anonymous.headers["Content-Disposition"]
    event = Calendar.from_ical(anonymous.data).walk("VEVENT")[0]
    assert str(event["uid"]) == "mtg-subregion-011-2@capacity-coordinator"
    assert "West" in str(event["summary"]) or "Western Africa" in str(event["summary"])
    assert event.get("attendee") is None  # contacts are private
    assert "Agenda:" in str(event["description"])
    officer = signed_in_client(world, "officer@cbd.example")
    event = Calendar.from_ical(officer.get(f"{WEST}/calendar.ics").data).walk("VEVENT")[0]
    attendees = event.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert "mailto:programme@example.org" in [str(a) for a in attendees]
    assert str(event["organizer"]) == "mailto:officer@cbd.example"


def test_the_printable_agenda_is_allowed_exactly_its_own_stylesheet(world, client):
    response = client.get(f"{WEST}/agenda")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = response.headers["Content-Security-Policy"]
    assert f"style-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert "<h2>Agenda</h2>" in html and "Shared gaps" in html
    saved = client.get(f"{WEST}/agenda?download=1")
    assert 'attachment; filename="mtg-subregion-011-2.html"' == \
        saved.headers["Content-Disposition"]


def test_the_invitee_list_downloads_as_csv(world, client):
    rows = list(csv.DictReader(io.StringIO(text(client.get(f"{WEST}/invitees.csv")))))
    assert [r["ref"] for r in rows if r["kind"] == "country"] == ["SEN", "BFA"]
    assert {r["ref"] for r in rows if r["side"] == "support"} == {"p-unep", "p-gef"}
    assert all(r["contact"] == "" for r in rows)  # anonymous: no contacts
    assert all(r["why"] for r in rows)


def test_the_secretariat_adjusts_the_invitees_and_saves_a_scheduled_meeting(world):
    client = signed_in_client(world, "officer@cbd.example")
    page = text(client.get(WEST))
    assert 'name="keep" value="p-gef"' in page and "Save as a scheduled meeting" in page
    response = client.post(f"{WEST}/save", data={
        "csrf_token": csrf_from(page), "scope": "subregion", "area": "",
        "title": "West Africa detection meeting", "host": "SEN", "start": "2027-03-01",
        "end": "2027-03-03", "keep": keep_all_but(page, "p-gef"), "add_country": ["GHA"]})
    assert response.status_code == 302
    assert response.location == "/meetings/recorded/mtg-subregion-011-2"
    meeting = stored(world).meetings["mtg-subregion-011-2"]
    assert meeting.status == "scheduled" and meeting.title == "West Africa detection meeting"
    assert meeting.host == "SEN" and str(meeting.start) == "2027-03-01"
    invited = {(i.kind, i.ref) for i in meeting.invitees}
    assert ("country", "GHA") in invited and ("provider", "p-gef") not in invited
    assert ("provider", "p-unep") in invited
    shown = text(client.get(response.location))
    assert "is saved as a scheduled meeting" in shown and "status-scheduled" in shown
    assert "Record what happened" in shown


def test_saving_without_both_sides_is_refused_and_the_form_kept(world):
    client = signed_in_client(world, "officer@cbd.example")
    page = text(client.get(WEST))
    response = client.post(f"{WEST}/save", data={
        "csrf_token": csrf_from(page), "scope": "subregion", "title": "Countries only",
        "host": "SEN", "keep": keep_all_but(page, "p-gef", "p-unep")})
    assert response.status_code == 422
    body = page_text(response)
    assert "no donor or support provider is invited" in body
    assert 'value="Countries only"' in body
    boxes = dict(re.findall(r'<input type="checkbox" name="keep" value="([^"]+)"([^>]*)>', body))
    assert "checked" in boxes["SEN"] and "checked" not in boxes["p-unep"]  # as ticked
    assert "mtg-subregion-011-2" not in stored(world).meetings


def test_only_the_secretariat_saves_and_never_without_its_csrf_token(world):
    data = {"scope": "subregion", "keep": ["SEN", "BFA", "p-unep"]}
    for email in ("desk@unep.example", "fp@ken.example", "reader@example.org"):
        client = signed_in_client(world, email)
        token = csrf_from(page_text(client.get("/account/")))
        assert client.post(f"{WEST}/save", data={**data, "csrf_token": token}
                           ).status_code == 403, email
    anonymous = world.test_client()
    token = csrf_from(page_text(anonymous.get("/account/sign-in")))
    assert anonymous.post(f"{WEST}/save", data={**data, "csrf_token": token}
                          ).status_code == 302
    officer = signed_in_client(world, "officer@cbd.example")
    assert officer.post(f"{WEST}/save", data=data).status_code == 400
    assert "mtg-subregion-011-2" not in stored(world).meetings


def test_recording_a_held_meeting_turns_its_agreements_into_partnerships(world):
    client = signed_in_client(world, "officer@cbd.example")
    page = text(client.get("/meetings/recorded/m-wa-2025"))
    assert "Correct the outcome or add agreements" in page
    assert 'name="agreed" value="need-sen-i|p-gef"' in page  # a candidate among invitees
    response = client.post("/meetings/recorded/m-wa-2025/outcome", data={
        "csrf_token": csrf_from(page), "happened": "held",
        "outcome": "GEF supports the Senegal laboratory and keeps funding Ghana.",
        "agreed": ["need-sen-i|p-gef"], "other_need": "need-gha-i", "other_provider": "p-gef"})
    assert response.status_code == 302
    after = stored(world)
    made = {(p.need, p.provider): p for p in after.partnerships.values()
            if p.meeting == "m-wa-2025"}
    assert set(made) == {("need-sen-i", "p-gef"), ("need-gha-i", "p-gef")}
    assert made[("need-sen-i", "p-gef")].status == "accepted"
    assert made[("need-sen-i", "p-gef")].origin == "meeting"
    assert made[("need-gha-i", "p-gef")].id == "pt-1"  # already agreed there: left as it was
    shown = text(client.get("/meetings/recorded/m-wa-2025"))
    assert "2 agreements recorded as partnerships" in shown
    assert "GEF supports the Senegal laboratory" in shown
    assert "Partnerships agreed here (2)" in shown
    assert "need-sen-i" not in re.findall(r'href="/needs/([^"]+)"',
                                          text(client.get("/providers/p-gef/fit")))


def test_recording_problems_are_shown_and_nothing_is_changed(world):
    client = signed_in_client(world, "officer@cbd.example")
    page = text(client.get("/meetings/recorded/m-wa-2025"))
    response = client.post("/meetings/recorded/m-wa-2025/outcome", data={
        "csrf_token": csrf_from(page), "happened": "held", "outcome": "Typed text stays",
        "other_need": "need-sen-i", "start": "someday"})
    assert response.status_code == 422
    body = page_text(response)
    assert "Nothing was saved" in body and "start" in body and "Typed text stays" in body
    assert stored(world).meetings["m-wa-2025"].outcome == "Agreed to pool reference materials."


def test_only_the_secretariat_records_outcomes(world):
    client = signed_in_client(world, "desk@unep.example")
    page = text(client.get("/meetings/recorded/m-wa-2025"))
    assert "Record what happened" not in page and "Correct the outcome" not in page
    response = client.post("/meetings/recorded/m-wa-2025/outcome", data={
        "csrf_token": csrf_from(page), "happened": "held", "outcome": "Taken over"})
    assert response.status_code == 403
    assert stored(world).meetings["m-wa-2025"].outcome == "Agreed to pool reference materials."


def test_a_recorded_meeting_downloads_like_a_proposal(world, client):
    event = Calendar.from_ical(
        client.get("/meetings/recorded/m-wa-2025/calendar.ics").data).walk("VEVENT")[0]
    assert str(event["uid"]) == "m-wa-2025@capacity-coordinator"
    assert event.decoded("dtstart").isoformat() == "2025-03-10"
    agenda = text(client.get("/meetings/recorded/m-wa-2025/agenda"))
    assert "Shared gaps in LMO detection" in agenda and "Agreed to pool" in agenda
    rows = list(csv.DictReader(io.StringIO(
        text(client.get("/meetings/recorded/m-wa-2025/invitees.csv")))))
    assert {r["ref"] for r in rows} == {"GHA", "SEN", "p-gef"}
