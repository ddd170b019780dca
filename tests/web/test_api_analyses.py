"""The analyses in the JSON API: duplicates and the secretariat's decisions on them, gaps,
indicators and the progress report."""
from __future__ import annotations

import pytest

from coordinator import accounts
from tests.web.analysis_documents import MARKER, TITLE, analysis_app  # noqa: F401
from tests.web.test_auth import (
    QUICK_COST,
    add_people,
    api_token,
    csrf_from,
    page_text,
    sign_in,
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def world(analysis_app):  # noqa: F811
    add_people(analysis_app)
    return analysis_app


def bearer(app, email):
    return {"Authorization": f"Bearer {api_token(app, email)}"}


def pairs(client, query="", headers=None):
    response = client.get("/api/v1/duplicates" + query, headers=headers or {})
    assert response.status_code == 200
    return {(p["kind"], p["a"], p["b"]): p for p in response.get_json()}


# --- duplicates ---------------------------------------------------------------------------

def test_duplicates_in_the_contract_shape_best_first(world):
    body = world.test_client().get("/api/v1/duplicates").get_json()
    assert [p["score"] for p in body] == sorted((p["score"] for p in body), reverse=True)
    first = body[0]
    assert (first["kind"], first["a"], first["b"]) == ("initiative", "ini-1", "ini-2")
    assert first["relation"] == "duplicate_record" and 0.5 <= first["score"] <= 1
    assert first["reasons"] and set(first["parts"]) >= {"text", "period", "same_record"}
    assert first["review"] is None


def test_duplicate_filters_and_their_errors(world):
    client = world.test_client()
    overlaps = pairs(client, "?relation=overlapping_support")
    assert ("initiative", "ini-2", "ini-3") in overlaps
    assert ("initiative", "ini-1", "ini-2") not in overlaps
    assert {p["relation"] for p in overlaps.values()} == {"overlapping_support"}
    assert set(pairs(client, "?min_score=0.4")) >= {("initiative", "ini-1", "ini-3")}
    assert pairs(client, "?kind=need") == {}
    for query, field in (("?min_score=x", "min_score"), ("?kind=nope", "kind"),
                         ("?sort=score", "sort")):
        response = client.get("/api/v1/duplicates" + query)
        assert response.status_code == 422, query
        assert response.get_json()["problems"][0]["field"] == field


def test_a_pair_with_a_confidential_need_only_for_whom_may_read_it(world):
    client = world.test_client()
    for email in (None, "donor@gef.example", "fp@gha.example"):
        headers = bearer(world, email) if email else {}
        text = client.get("/api/v1/duplicates?kind=need", headers=headers).get_data(
            as_text=True)
        assert "need-ken-l" not in text and MARKER not in text, email
    found = pairs(client, "?kind=need", bearer(world, "fp@ken.example"))
    assert ("need", "need-ken-l", "need-ken-l2") in found


def test_only_the_secretariat_may_review_a_pair(world):
    client = world.test_client()
    decision = {"kind": "initiative", "a": "ini-1", "b": "ini-2", "decision": "dismissed"}
    assert client.post("/api/v1/duplicates/review", json=decision).status_code == 401
    for email in ("donor@gef.example", "fp@ken.example", "reader@example.org"):
        response = client.post("/api/v1/duplicates/review", json=decision,
                               headers=bearer(world, email))
        assert response.status_code == 403, email
    response = client.post("/api/v1/duplicates/review", json=decision,
                           headers=bearer(world, "officer@cbd.example"))
    assert response.status_code == 200
    body = response.get_json()
    assert body["decision"] == "dismissed" and body["decided_by"] == "officer@cbd.example"
    assert ("initiative", "ini-1", "ini-2") not in pairs(client)


def test_confirming_merges_b_into_a_and_undo_takes_it_back(world):
    client = world.test_client()
    secretariat = bearer(world, "officer@cbd.example")
    done = client.post("/api/v1/duplicates/review", headers=secretariat, json={
        "kind": "initiative", "a": "ini-2", "b": "ini-1", "decision": "confirmed",
        "note": "one project"}).get_json()
    assert client.get("/api/v1/initiatives/ini-1").status_code == 404
    assert "ini-1" in client.get("/api/v1/initiatives/ini-2").get_json()["aliases"]
    again = client.post("/api/v1/duplicates/review", headers=secretariat, json={
        "kind": "initiative", "a": "ini-2", "b": "ini-1", "decision": "dismissed"})
    assert again.status_code == 404  # ini-1 no longer exists: undo the merge first
    undone = client.post("/api/v1/duplicates/undo", headers=secretariat,
                         json={"review": done["id"]})
    assert undone.status_code == 200 and undone.get_json()["undone"] is True
    assert client.get("/api/v1/initiatives/ini-1").status_code == 200
    missing = client.post("/api/v1/duplicates/undo", headers=secretariat,
                          json={"review": done["id"]})
    assert missing.status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"kind": "initiative", "a": "ini-1", "decision": "dismissed"}, "b"),
    ({"kind": "initiative", "a": "ini-1", "b": "ini-2", "decision": "merged"}, "decision"),
    ({"kind": "initiative", "a": "ini-1", "b": "ini-2", "decision": "acknowledged"}, "note"),
    ({"kind": "initiative", "a": "ini-1", "b": "ini-2", "decision": "dismissed",
      "colour": "red"}, "colour"),
    ({"kind": "initiative", "a": "ini-1", "b": "ini-1", "decision": "dismissed"}, "b"),
])
def test_a_bad_review_is_refused_naming_the_field(world, body, field):
    response = world.test_client().post("/api/v1/duplicates/review", json=body,
                                        headers=bearer(world, "officer@cbd.example"))
    assert response.status_code == 422, body
    assert field in [p["field"] for p in response.get_json()["problems"]]


def test_a_browser_session_must_send_its_csrf_token(world):
    client = world.test_client()
    sign_in(client, "officer@cbd.example")
    decision = {"kind": "initiative", "a": "ini-2", "b": "ini-3", "decision": "acknowledged",
                "note": "coordinated by the subregional committee"}
    assert client.post("/api/v1/duplicates/review", json=decision).status_code == 400
    token = csrf_from(page_text(client.get("/account/")))
    response = client.post("/api/v1/duplicates/review", json=decision,
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200
    review = pairs(client)[("initiative", "ini-2", "ini-3")]["review"]
    assert review["decision"] == "acknowledged" and review["note"].startswith("coordinated")


# --- gaps, indicators, report -------------------------------------------------------------

def test_gaps_in_the_contract_shape_most_severe_first(world):
    body = world.test_client().get("/api/v1/gaps").get_json()
    assert [g["severity"] for g in body] == sorted((g["severity"] for g in body), reverse=True)
    ghana = next(g for g in body if g["need"] == "need-gha-i")
    assert ghana["coverage"] == 1.0 and ghana["initiative_count"] == 3
    assert ghana["funding_gap"] == {"amount": 0.0, "currency": "USD"}
    hidden = [g for g in body if g["need"].startswith("confidential-")]
    assert len(hidden) == 1 and hidden[0]["funding_gap"] is None
    assert "need-ken-l\"" not in world.test_client().get("/api/v1/gaps").get_data(as_text=True)


def test_gap_filters_top_and_totals(world):
    client = world.test_client()
    assert [g["need"] for g in client.get("/api/v1/gaps?country=GHA").get_json()] == [
        "need-gha-i"]
    assert len(client.get("/api/v1/gaps?top=1").get_json()) == 1
    totals = client.get("/api/v1/gaps?by=region").get_json()
    assert totals["by"] == "region" and totals["aggregates"][0]["key"] == "002"
    assert totals["aggregates"][0]["needs"] == 3  # the confidential need counts
    assert "countries_without_coordination_data" in totals
    for query, field in (("?by=planet", "by"), ("?top=0", "top"), ("?top=x", "top"),
                         ("?support=lots", "support"), ("?colour=red", "colour")):
        response = client.get("/api/v1/gaps" + query)
        assert response.status_code == 422, query
        assert response.get_json()["problems"][0]["field"] == field


def test_indicators(world):
    body = world.test_client().get("/api/v1/indicators").get_json()
    assert set(body) >= {"by_year", "overall", "data_quality", "providers_per_country"}
    assert body["overall"]["initiatives"] == 3
    assert world.test_client().get("/api/v1/indicators?x=1").status_code == 422


def test_the_report_as_markdown_and_html(world):
    client = world.test_client()
    markdown = client.get("/api/v1/report?format=md")
    assert markdown.status_code == 200 and markdown.mimetype == "text/markdown"
    assert "Progress report" in page_text(markdown)
    html = client.get("/api/v1/report")
    assert html.mimetype == "text/html" and "<svg" in page_text(html)
    assert "script-src" not in html.headers["Content-Security-Policy"]
    assert "default-src 'none'" in html.headers["Content-Security-Policy"]
    for text in (page_text(markdown), page_text(html)):
        assert MARKER not in text and TITLE not in text
    assert client.get("/api/v1/report?format=pdf").status_code == 422


def test_the_openapi_document_describes_the_analyses(world):
    spec = world.test_client().get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/duplicates", "/api/v1/duplicates/review", "/api/v1/duplicates/undo",
                 "/api/v1/gaps", "/api/v1/indicators", "/api/v1/report"):
        assert path in spec["paths"], path
    review = spec["paths"]["/api/v1/duplicates/review"]["post"]
    assert "401" in review["responses"] and review["security"]
