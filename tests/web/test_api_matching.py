"""The matching, allocation and meeting-proposal endpoints of the API: shapes, errors, roles,
CSRF for browser sessions, and the confidential need."""
from __future__ import annotations

import pytest
from icalendar import Calendar

from coordinator import accounts
from coordinator.services import matching
from coordinator.services.catalog import snapshot_for
from coordinator.visibility import SYSTEM
from tests.web.planning_world import CONFIDENTIAL_TITLE, MARKER, add_planning_world
from tests.web.test_auth import QUICK_COST, api_token, csrf_from, in_database, page_text, sign_in


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def world(app):
    add_planning_world(app)
    return app


def bearer(app, email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token(app, email)}"}


def partnership(app, need: str, provider: str):
    ident = matching.suggestion_partnership_id(need, provider)
    return in_database(app, lambda s: snapshot_for(s, SYSTEM).partnerships.get(ident))


def test_match_for_a_provider_ranks_needs_with_parts_and_reasons(world, client):
    body = client.get("/api/v1/match?provider=p-unep&top=3").get_json()
    assert body["provider"] == "p-unep"
    assert [s["need"] for s in body["suggestions"]] == ["need-gha-i", "need-sen-i",
                                                        "need-bfa-i"]
    first = body["suggestions"][0]
    assert 0 <= first["score"] <= 1 and first["score"] == 0.62
    assert set(first["parts"]) == {"thematic", "geography", "eligibility", "budget",
                                   "language", "text", "duplication"}
    assert "mandate covers Ghana" in first["reasons"]
    assert body["weights"]["thematic"] == 0.3 and body["model"]["learned"] is False


def test_match_for_a_need_ranks_providers(world, client):
    body = client.get("/api/v1/match?need=need-sen-i").get_json()
    assert body["need"] == "need-sen-i"
    assert [(s["provider"], s["name"]) for s in body["suggestions"]] == [
        ("p-unep", "UN Environment Programme"), ("p-gef", "Global Environment Facility")]


@pytest.mark.parametrize("query, status, field", [
    ("", 422, "need"), ("need=need-sen-i&provider=p-gef", 422, "need"),
    ("provider=p-gef&top=0", 422, "top"), ("provider=p-gef&top=many", 422, "top"),
    ("provider=p-gef&colour=red", 422, "colour"),
    ("need=nothing", 404, None), ("provider=nobody", 404, None),
])
def test_match_errors_are_json_and_name_the_field(world, client, query, status, field):
    response = client.get(f"/api/v1/match?{query}")
    assert response.status_code == status
    body = response.get_json()
    assert body["message"]
    if field:
        assert field in {p["field"] for p in body["problems"]}


def test_the_confidential_need_is_answered_only_to_whom_may_read_it(world, client):
    assert client.get("/api/v1/match?need=need-ken-l").status_code == 404
    assert client.get("/api/v1/match?need=confidential-1").status_code == 404
    provider = client.get("/api/v1/match?provider=p-unep&top=50",
                          headers=bearer(world, "desk@unep.example")).get_json()
    assert "need-ken-l" not in {s["need"] for s in provider["suggestions"]}
    officer = bearer(world, "officer@cbd.example")
    assert client.get("/api/v1/match?need=need-ken-l", headers=officer).status_code == 200
    full = client.get("/api/v1/match?provider=p-unep&top=50", headers=officer).get_json()
    assert "need-ken-l" in {s["need"] for s in full["suggestions"]}
    for url in ("/api/v1/match?provider=p-unep&top=50", "/api/v1/allocate",
                "/api/v1/meetings/proposals", "/api/v1/meetings/proposals?scope=region",
                "/api/v1/meetings/proposals/mtg-subregion-014-1.ics"):
        body = client.get(url).get_data(as_text=True)
        assert MARKER not in body and CONFIDENTIAL_TITLE not in body and "need-ken-l" not in body


def test_a_provider_accepts_a_suggestion_with_its_token(world, client):
    response = client.post("/api/v1/match/decision", headers=bearer(world, "desk@unep.example"),
                           json={"need": "need-sen-i", "provider": "p-unep",
                                 "decision": "accept"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "accepted" and body["origin"] == "suggestion"
    assert [e["status"] for e in body["history"]] == ["suggested", "accepted"]
    after = client.get("/api/v1/match?provider=p-unep&top=50").get_json()
    assert "need-sen-i" not in {s["need"] for s in after["suggestions"]}


@pytest.mark.parametrize("email, status", [
    (None, 401), ("donor@gef.example", 403), ("fp@ken.example", 403),
    ("reader@example.org", 403), ("officer@cbd.example", 200),
])
def test_only_the_provider_or_the_secretariat_may_decide(world, client, email, status):
    headers = bearer(world, email) if email else {}
    response = client.post("/api/v1/match/decision", headers=headers, json={
        "need": "need-gha-i", "provider": "p-unep", "decision": "decline",
        "reason": "Already planned with another partner"})
    assert response.status_code == status, response.get_json()
    stored = partnership(world, "need-gha-i", "p-unep")
    if status == 200:
        assert stored.status == "declined"
        assert stored.history[-1].note == "Already planned with another partner"
    else:
        assert stored is None


def test_decisions_are_checked(world, client):
    headers = bearer(world, "desk@unep.example")
    for body, field in (({"need": "need-gha-i", "provider": "p-unep", "decision": "decline"},
                         "reason"),
                        ({"need": "need-gha-i", "provider": "p-unep", "decision": "maybe"},
                         "decision"),
                        ({"provider": "p-unep", "decision": "accept"}, "need"),
                        ({"need": "need-gha-i", "provider": "p-unep", "decision": "accept",
                          "colour": "red"}, "colour")):
        response = client.post("/api/v1/match/decision", headers=headers, json=body)
        assert response.status_code == 422
        assert field in {p["field"] for p in response.get_json()["problems"]}
    assert client.post("/api/v1/match/decision", headers=headers, data="not json",
                       content_type="application/json").status_code == 422
    assert client.post("/api/v1/match/decision", headers=headers, json={
        "need": "need-ken-l", "provider": "p-unep", "decision": "accept"}).status_code == 404
    assert partnership(world, "need-gha-i", "p-unep") is None


def test_a_browser_session_must_send_its_csrf_token(world, client):
    sign_in(client, "desk@unep.example")
    body = {"need": "need-bfa-i", "provider": "p-unep", "decision": "accept"}
    assert client.post("/api/v1/match/decision", json=body).status_code == 400
    token = csrf_from(page_text(client.get("/account/")))
    response = client.post("/api/v1/match/decision", json=body,
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert partnership(world, "need-bfa-i", "p-unep").status == "accepted"


def test_allocate_gives_the_contract_shape(world, client):
    body = client.get("/api/v1/allocate").get_json()
    assert {(a["need"], a["provider"]) for a in body["assignments"]} == {
        ("need-gha-i", "p-gef"), ("need-sen-i", "p-gef"), ("need-bfa-i", "p-gef")}
    assert all(a["amount"]["currency"] == "USD" and a["reasons"] for a in body["assignments"])
    assert body["objective"] > 0 and body["method"].startswith("exact")
    assert body["unassigned"] == [] and body["covered"]["amount"] == pytest.approx(606743.71)
    assert client.get("/api/v1/allocate?method=greedy").get_json()["method"].startswith(
        "greedy")
    response = client.get("/api/v1/allocate?method=magic")
    assert response.status_code == 422 and response.get_json()["problems"][0]["field"] == \
        "method"


def test_meeting_proposals_by_scope_and_area(world, client):
    body = client.get("/api/v1/meetings/proposals").get_json()
    assert [p["id"] for p in body["proposals"]] == ["mtg-subregion-011-2",
                                                    "mtg-subregion-014-1"]
    west = body["proposals"][0]
    assert west["invitees"] == {"countries": ["SEN", "BFA"], "providers": ["p-unep", "p-gef"]}
    assert west["components"] == ["i"] and west["host"] in ("SEN", "BFA")
    assert 0 < west["score"] <= 1 and west["agenda"]
    assert [p["id"] for p in client.get("/api/v1/meetings/proposals?area=014").get_json()[
        "proposals"]] == ["mtg-subregion-014-1"]
    assert [p["id"] for p in client.get("/api/v1/meetings/proposals?scope=region").get_json()[
        "proposals"]] == ["mtg-region-002-1"]
    response = client.get("/api/v1/meetings/proposals?scope=planet")
    assert response.status_code == 422 and response.get_json()["problems"][0]["field"] == "scope"


def test_a_proposal_downloads_as_icalendar(world, client):
    response = client.get("/api/v1/meetings/proposals/mtg-subregion-011-2.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["uid"]) == "mtg-subregion-011-2@capacity-coordinator"
    assert str(event["status"]) == "TENTATIVE"
    region = client.get("/api/v1/meetings/proposals/mtg-region-002-1.ics?scope=region")
    assert region.status_code == 200
    missing = client.get("/api/v1/meetings/proposals/mtg-region-002-1.ics")
    assert missing.status_code == 404 and "no proposal" in missing.get_json()["message"]


def test_every_endpoint_is_documented(world, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/api/v1/match"]) == {"get"}
    assert paths["/api/v1/match/decision"]["post"]["security"]
    assert "requestBody" in paths["/api/v1/match/decision"]["post"]
    assert {p["name"] for p in paths["/api/v1/allocate"]["get"]["parameters"]} == {"method"}
    assert {p["name"] for p in paths["/api/v1/meetings/proposals"]["get"]["parameters"]} == {
        "scope", "area"}
    assert "/api/v1/meetings/proposals/{id}.ics" in paths
