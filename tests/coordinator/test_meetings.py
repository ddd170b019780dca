"""Coordination meetings through the services and the CLI: propose, save, record, learn."""
from __future__ import annotations

import importlib.util
import json
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from coordinator.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coordinator.services import meetings as service
from coordinator.services.records import import_document
from coordinator.services.seed import DEMO_PATH, seed
from coordinator.store import make_engine, session_scope
from coordinator.visibility import ANONYMOUS, SYSTEM, Viewer

AS_OF = date(2025, 1, 1)
SECRET = "SECRET-TITLE of a Senegalese enforcement case"


def meeting_document() -> dict:
    """West Africa shares LMO detection needs, East Africa awareness needs; a donor each."""
    money = {"amount": 200000, "currency": "USD"}
    return {
        "format": "capacity-coordinator/1",
        "providers": [
            {"id": "p-west", "name": "West Donor", "kind": "bilateral",
             "contact": "west@example.org"},
            {"id": "p-east", "name": "East Donor", "kind": "bilateral",
             "contact": "east@example.org"},
            {"id": "p-gef", "name": "Global Environment Facility", "kind": "gef",
             "focus_components": ["i"], "focus_regions": ["011"]},
            {"id": "x-ama", "name": "Ama Mensah", "kind": "expert", "country": "GHA",
             "focus_components": ["i"], "focus_regions": ["011"], "contact": "ama@example.org"},
        ],
        "initiatives": [
            {"id": "ini-west", "title": "Detection laboratories in Ghana and Senegal",
             "providers": [{"id": "p-west", "role": "funding"}],
             "recipient_countries": ["GHA", "SEN"], "components": ["i"], "budget": money,
             "start": "2024-01-01", "end": "2027-12-31", "status": "ongoing"},
            {"id": "ini-east", "title": "Public awareness in Kenya and Uganda",
             "providers": [{"id": "p-east", "role": "funding"}],
             "recipient_countries": ["KEN", "UGA"], "components": ["e"], "budget": money,
             "start": "2024-01-01", "end": "2027-12-31", "status": "ongoing"},
            {"id": "ini-done", "title": "Senegal detection pilot",
             "providers": [{"id": "p-gef", "role": "funding"}], "recipient_countries": ["SEN"],
             "components": ["i"], "start": "2018-01-01", "end": "2020-12-31",
             "status": "completed", "lessons": "Pool reference materials across laboratories."},
        ],
        "needs": [
            {"id": "n-gha-i", "country": "GHA", "component": "i", "title": "Port detection kits",
             "priority": 1, "estimated_cost": money, "status": "open"},
            {"id": "n-sen-i", "country": "SEN", "component": "i",
             "title": "Reference laboratory for Senegal", "priority": 2,
             "estimated_cost": money, "status": "open"},
            {"id": "n-sen-secret", "country": "SEN", "component": "i", "title": SECRET,
             "priority": 2, "estimated_cost": money, "status": "open", "confidential": True},
            {"id": "n-ken-e", "country": "KEN", "component": "e", "title": "Radio campaign",
             "priority": 1, "estimated_cost": money, "status": "open"},
            {"id": "n-uga-e", "country": "UGA", "component": "e", "title": "School materials",
             "priority": 3, "estimated_cost": money, "status": "open"},
        ],
        "capacities": [
            {"id": "cap-nga-i", "country": "NGA", "component": "i", "level": "advanced",
             "can_offer": True},
        ],
        "partnerships": [
            {"id": "pt-sug", "need": "n-sen-i", "provider": "p-gef", "status": "suggested",
             "origin": "suggestion",
             "history": [{"status": "suggested", "at": "2024-11-02T10:00:00"}]},
        ],
    }


@pytest.fixture
def loaded(db_url):
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        import_document(session, meeting_document(), source="test")
    yield engine
    engine.dispose()


@pytest.fixture
def loaded_sqlite(sqlite_url):
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        import_document(session, meeting_document(), source="test")
    yield engine
    engine.dispose()


def _by_area(proposals):
    return {p["area"]: p for p in proposals}


def test_two_subregions_give_two_proposals_in_the_contract_shape(loaded):
    with session_scope(loaded) as session:
        proposals = service.propose(session, SYSTEM, "subregion", as_of=AS_OF)
    by_area = _by_area(proposals)
    assert set(by_area) == {"011", "014"}
    west, east = by_area["011"], by_area["014"]
    for proposal in proposals:
        assert {"scope", "area", "host", "invitees", "agenda", "components", "score", "id",
                "title", "window", "experts", "reasons", "size"} <= set(proposal)
        assert json.loads(json.dumps(proposal)) == proposal
    assert west["scope"] == "subregion" and west["components"] == ["i"]
    assert set(west["invitees"]["countries"]) == {"GHA", "SEN", "NGA"}  # NGA offers capacity
    assert set(west["invitees"]["providers"]) == {"p-west", "p-gef", "x-ama"}
    assert west["experts"] == ["x-ama"]
    assert west["host"] in west["invitees"]["countries"] and west["host_reasons"]
    assert set(east["invitees"]["countries"]) == {"KEN", "UGA"}
    assert east["invitees"]["providers"] == ["p-east"]
    assert west["window"] == {"start": "2025-03-03", "end": "2025-03-05"}
    assert any("Lessons learned from \u201cSenegal detection pilot\u201d" in item
               for item in west["agenda"])
    assert any(item.startswith("Decide on the suggested partnership of Global Environment "
                               "Facility") for item in west["agenda"])
    contacts = {row["ref"]: row["contact"] for row in west["invitation_list"]}
    assert contacts["p-west"] == "west@example.org"


def test_agendas_never_name_a_confidential_need(loaded_sqlite):
    for viewer in (SYSTEM, ANONYMOUS, Viewer("focal_point", country="SEN")):
        with session_scope(loaded_sqlite) as session:
            proposals = service.propose(session, viewer, "region", as_of=AS_OF)
        text = json.dumps(proposals)
        assert proposals and "SECRET-TITLE" not in text
        assert "n-sen-secret" not in text
    with session_scope(loaded_sqlite) as session:
        anonymous = service.propose(session, ANONYMOUS, "subregion", as_of=AS_OF)
    assert all(row["contact"] is None for p in anonymous for row in p["invitation_list"])


def test_missing_analyses_are_named_in_the_proposals(loaded_sqlite):
    with session_scope(loaded_sqlite) as session:
        proposals = service.propose(session, SYSTEM, "subregion", as_of=AS_OF)
    notes = " ".join(proposals[0]["notes"])
    for module, words in (("coordinator.analysis.duplication", "duplication analysis"),
                          ("coordinator.analysis.gaps", "gap analysis")):
        installed = importlib.util.find_spec(module) is not None
        assert (words in notes) is not installed


def test_a_saved_meeting_moves_the_next_window(loaded):
    with session_scope(loaded) as session:
        west = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))["011"]
        saved = service.save_proposal(session, SYSTEM, west["id"], scope="subregion",
                                      as_of=AS_OF, actor="planner")
    assert saved["status"] == "scheduled" and saved["id"] == "mtg-subregion-011-1"
    assert saved["window"] == west["window"]
    assert set(saved["invitees"]["countries"]) == set(west["invitees"]["countries"])
    with session_scope(loaded) as session:
        again = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))
        listed = service.list_meetings(session, SYSTEM, country="GHA")
    assert again["011"]["id"] == "mtg-subregion-011-2"
    end = date.fromisoformat(saved["window"]["end"])
    assert date.fromisoformat(again["011"]["window"]["start"]) > end + timedelta(days=30)
    assert again["011"]["host"] != saved["host"]
    assert again["014"]["window"] == west["window"]  # East Africa shares no country with it
    assert [m["id"] for m in listed] == ["mtg-subregion-011-1"]


def test_recording_a_held_meeting_turns_agreements_into_partnerships(loaded):
    with session_scope(loaded) as session:
        west = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))["011"]
        service.save_proposal(session, SYSTEM, west["id"], as_of=AS_OF)
        result = service.record_meeting(
            session, SYSTEM, west["id"], outcome="Agreed to pool reference materials.",
            agreed=[("n-gha-i", "p-west"), ("n-sen-i", "p-gef")], actor="planner")
    assert result.meeting["status"] == "held"
    assert [a["result"] for a in result.agreements] == ["created", "accepted"]
    by_need = {a["need"]: a for a in result.meeting["agreed"]}
    assert set(by_need) == {"n-gha-i", "n-sen-i"}
    assert all(a["status"] == "accepted" for a in by_need.values())
    with session_scope(loaded) as session:
        from coordinator.store import load_snapshot

        snapshot = load_snapshot(session)
        created = snapshot.partnerships[result.agreements[0]["partnership"]]
        updated = snapshot.partnerships["pt-sug"]
        later = service.propose(session, SYSTEM, "subregion", as_of=AS_OF)
    assert (created.origin, created.meeting, created.status) == ("meeting", west["id"],
                                                                 "accepted")
    assert created.history[-1].note.startswith("Agreed at ") and created.history[-1].by == "planner"
    assert (updated.origin, updated.meeting) == ("meeting", west["id"])
    assert [e.status for e in updated.history] == ["suggested", "accepted"]
    # both West African detection needs are now addressed: no meeting left to propose there,
    # apart from the confidential one which alone is not shared by two countries
    assert "011" not in _by_area(later)


def test_the_host_rotates_after_a_held_meeting(loaded_sqlite):
    with session_scope(loaded_sqlite) as session:
        import_document(session, {"format": "capacity-coordinator/1", "needs": [
            {"id": "n-nga-i", "country": "NGA", "component": "i", "title": "Border testing",
             "priority": 1, "status": "open"}]}, source="test")
        first = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))["011"]
        service.save_proposal(session, SYSTEM, first["id"], as_of=AS_OF)
        service.record_meeting(session, SYSTEM, first["id"], outcome="Shared a work plan.")
        second = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))["011"]
    assert first["host"] == "NGA" and second["host"] != "NGA"
    assert any("Nigeria hosted the last meeting here" in r for r in second["host_reasons"])
    assert second["agenda"][0].startswith("Follow-up of ")
    assert "Shared a work plan." in second["agenda"][0]


def test_recording_checks_what_it_is_told(loaded_sqlite):
    with session_scope(loaded_sqlite) as session:
        west = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))["011"]
        service.save_proposal(session, SYSTEM, west["id"], as_of=AS_OF)
    cases = [
        (dict(outcome="x", agreed=[("n-none", "p-west"), ("n-gha-i", "country:NGA")]),
         {"agreed[0].need", "agreed[1].provider"}),
        (dict(outcome="x", start=date(2099, 1, 5)), {"start"}),
        (dict(outcome=""), {"outcome"}),
        (dict(held=False, agreed=[("n-gha-i", "p-west")]), {"agreed"}),
    ]
    for arguments, fields in cases:
        with session_scope(loaded_sqlite) as session, pytest.raises(InvalidInput) as error:
            service.record_meeting(session, SYSTEM, west["id"], **arguments)
        assert {p.field for p in error.value.problems} == fields
        assert all(p.record == f"meeting {west['id']}" for p in error.value.problems)
    with session_scope(loaded_sqlite) as session, pytest.raises(PermissionDenied):
        service.record_meeting(session, Viewer("focal_point", country="GHA"), west["id"],
                               outcome="x")
    with session_scope(loaded_sqlite) as session, pytest.raises(NotFound):
        service.record_meeting(session, SYSTEM, "no-such-meeting", outcome="x")
    with session_scope(loaded_sqlite) as session:
        service.record_meeting(session, SYSTEM, west["id"], held=False)
    with session_scope(loaded_sqlite) as session, pytest.raises(Conflict):
        service.record_meeting(session, SYSTEM, west["id"], outcome="x")


def test_saving_keeps_both_sides_and_applies_changes(loaded_sqlite):
    with session_scope(loaded_sqlite) as session:
        east = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))["014"]
    change = service.ProposalChanges(uninvite=("p-east",))
    with session_scope(loaded_sqlite) as session, pytest.raises(InvalidInput) as error:
        service.save_proposal(session, SYSTEM, east["id"], as_of=AS_OF, changes=change)
    assert [p.field for p in error.value.problems] == ["invitees.providers"]
    change = service.ProposalChanges(title="East Africa awareness meeting", host="TZA",
                                     start=date(2025, 4, 7), invite=("p-gef", "TZA"))
    with session_scope(loaded_sqlite) as session:
        saved = service.save_proposal(session, SYSTEM, east["id"], as_of=AS_OF,
                                      changes=change)
    assert saved["title"] == "East Africa awareness meeting" and saved["host"] == "TZA"
    assert saved["window"] == {"start": "2025-04-07", "end": "2025-04-09"}
    assert set(saved["invitees"]["countries"]) == {"KEN", "UGA", "TZA"}
    assert set(saved["invitees"]["providers"]) == {"p-east", "p-gef"}
    with session_scope(loaded_sqlite) as session, pytest.raises(NotFound, match="proposals:"):
        service.save_proposal(session, SYSTEM, "mtg-subregion-999-1", as_of=AS_OF)
    with session_scope(loaded_sqlite) as session, pytest.raises(InvalidInput):
        service.propose(session, SYSTEM, "subregion", area="999")


def test_the_demo_proposals_make_sense(sqlite_url):
    if not DEMO_PATH.exists():
        pytest.skip(f"the demo data set {DEMO_PATH} is not built")
    engine = make_engine(sqlite_url)
    as_of = date(2026, 1, 15)
    with session_scope(engine) as session:
        seed(session, demo=True)
    with session_scope(engine) as session:
        result = service.plan(session, SYSTEM, "subregion", as_of=as_of)
        recorded = service.list_meetings(session, SYSTEM)
    engine.dispose()
    assert len(result.proposals) >= 5
    busy = [(date.fromisoformat(m["window"]["start"]), date.fromisoformat(m["window"]["end"]),
             set(m["invitees"]["countries"]) | {m["host"]})
            for m in recorded if m["window"]["start"] and m["status"] != "cancelled"]
    for proposal in result.proposals:
        countries = set(proposal["invitees"]["countries"])
        donors = set(proposal["invitees"]["providers"]) - set(proposal["experts"])
        assert len(countries) >= 2 and donors and proposal["host"] in countries
        assert proposal["size"] <= 40 and proposal["agenda"]
        start = date.fromisoformat(proposal["window"]["start"])
        assert start.weekday() == 0 and start >= as_of + timedelta(weeks=8)
        for begin, end, involved in busy:
            if involved & countries:
                assert start > end + timedelta(days=30) or start + timedelta(days=32) < begin
    west = _by_area(result.proposals).get("011")
    assert west is not None
    held_there = [m for m in recorded if m["area"] == "011" and m["status"] == "held"]
    if held_there:  # the demo's West African meeting: rotation and follow-up
        assert west["host"] != held_there[0]["host"]
        assert west["agenda"][0].startswith(f"Follow-up of {held_there[0]['title']}")


def test_cli_end_to_end(cli, loaded_sqlite, sqlite_url, tmp_path):
    out = tmp_path / "out"
    listed = cli("meetings", "--db", sqlite_url, "--as-of", "2025-01-01", "--format", "json",
                 "--ics", str(out), "--agenda", str(out), "--invitees", str(out))
    assert listed.returncode == 0, listed.stderr
    proposals = json.loads(listed.stdout)
    west = _by_area(proposals)["011"]
    ics = Calendar.from_ical((out / f"{west['id']}.ics").read_bytes())
    event = next(iter(ics.walk("VEVENT")))
    assert event.get("dtstart").dt == date(2025, 3, 3)
    assert (out / f"{west['id']}.html").read_text().startswith("<!DOCTYPE html>")
    assert "west@example.org" in (out / f"{west['id']}-invitees.csv").read_text()
    saved = cli("meetings", "save", west["id"], "--db", sqlite_url, "--as-of", "2025-01-01",
                "--uninvite", "x-ama", "--format", "json")
    assert saved.returncode == 0, saved.stderr
    assert "x-ama" not in json.loads(saved.stdout)["invitees"]["providers"]
    bad = cli("meetings", "record", west["id"], "--db", sqlite_url, "--agreed", "no-colon")
    assert bad.returncode == 2 and "NEED:PROVIDER" in bad.stderr
    recorded = cli("meetings", "record", west["id"], "--db", sqlite_url, "--held",
                   "--outcome", "Agreed on detection kits.", "--agreed", "n-gha-i:p-west",
                   "--format", "json")
    assert recorded.returncode == 0, recorded.stderr
    body = json.loads(recorded.stdout)
    assert body["meeting"]["status"] == "held"
    assert body["agreements"][0]["result"] == "created"
    shown = cli("meetings", "list", "--db", sqlite_url, "--country", "GHA")
    assert shown.returncode == 0 and "Agreed on detection kits." in shown.stdout
    missing = cli("meetings", "show", "no-such-meeting", "--db", sqlite_url)
    assert missing.returncode == 1 and "no meeting" in missing.stderr


def test_dismissed_duplicates_leave_the_agenda(loaded_sqlite):
    pytest.importorskip("coordinator.analysis.duplication")
    from coordinator.services.reviews import review_pair

    twin = dict(meeting_document()["initiatives"][0], id="ini-west-copy")
    with session_scope(loaded_sqlite) as session:
        import_document(session, {"format": "capacity-coordinator/1", "initiatives": [twin]},
                        source="test")
        west = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))["011"]
    resolve = [item for item in west["agenda"] if item.startswith("Resolve: ")]
    assert resolve and "Detection laboratories in Ghana and Senegal" in resolve[0]
    assert any("to resolve" in reason for reason in west["reasons"])
    with session_scope(loaded_sqlite) as session:
        review_pair(session, "initiative", "ini-west", "ini-west-copy", "dismissed",
                    note="two phases of one programme")
        west = _by_area(service.propose(session, SYSTEM, "subregion", as_of=AS_OF))["011"]
    assert not [item for item in west["agenda"] if item.startswith("Resolve: ")]
