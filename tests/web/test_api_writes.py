"""The write side of the JSON API: create, update with a version, delete, restore; who am I."""
from __future__ import annotations

import re

import pytest

from coordinator import accounts, services
from coordinator.services import changes
from coordinator.store import make_engine, session_scope
from coordinator.visibility import SYSTEM
from tests.coordinator.sample_documents import base_document
from tests.web.test_auth import (
    QUICK_COST,
    add_people,
    api_token,
    in_database,
    page_text,
    sign_in,
)
from web import create_app


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def tokens(app):
    add_people(app)
    return {role: {"Authorization": f"Bearer {api_token(app, email)}"} for role, email in (
        ("secretariat", "officer@cbd.example"), ("ken", "fp@ken.example"),
        ("gha", "fp@gha.example"), ("provider", "donor@gef.example"),
        ("viewer", "reader@example.org"))}


NEW_NEED = {"country": "KEN", "component": "i", "title": "Mobile LMO test kits",
            "priority": 2, "estimated_cost": {"amount": 40000, "currency": "USD"}}


def test_a_focal_point_creates_a_need_with_a_token(tokens, client):
    response = client.post("/api/v1/needs", json=NEW_NEED, headers=tokens["ken"])
    assert response.status_code == 201
    body = response.get_json()
    assert body["kind"] == "need" and body["version"] == 1 and body["deleted"] is False
    assert body["record"]["title"] == "Mobile LMO test kits"
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/api/v1/needs/{body['id']}"
    assert client.get(response.headers["Location"]).get_json()["title"] == "Mobile LMO test kits"
    with_id = client.post("/api/v1/needs", json={**NEW_NEED, "id": "need-ken-kits"},
                          headers=tokens["ken"])
    assert with_id.get_json()["id"] == "need-ken-kits"
    again = client.post("/api/v1/needs", json={**NEW_NEED, "id": "need-ken-kits"},
                        headers=tokens["ken"])
    assert again.status_code == 409 and "already exists" in again.get_json()["message"]


def test_an_update_names_the_version_it_was_made_on(tokens, client):
    url = "/api/v1/needs/need-gha-i"
    current = client.get(f"{url}/version").get_json()
    assert current["version"] == 1 and current["record"]["title"].startswith("Detection")
    changed = client.put(url, json={"status": "met"},
                         headers={**tokens["gha"], "If-Match": '"1"'})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["version"] == 2 and changed.headers["ETag"] == '"2"'
    assert changed.get_json()["record"]["status"] == "met"
    stale = client.put(url, json={"priority": 5}, headers={**tokens["gha"], "If-Match": '"1"'})
    assert stale.status_code == 409
    assert "changed by someone else since you opened it" in stale.get_json()["message"]
    in_body = client.put(url, json={"priority": 5, "version": 2}, headers=tokens["gha"])
    assert in_body.status_code == 200 and in_body.get_json()["record"]["priority"] == 5
    missing = client.put(url, json={"priority": 4}, headers=tokens["gha"])
    assert missing.status_code == 422
    assert missing.get_json()["problems"][0]["field"] == "version"
    cleared = client.put(url, json={"estimated_cost": None}, headers={
        **tokens["secretariat"], "If-Match": 'W/"3"'})
    assert cleared.status_code == 200 and "estimated_cost" not in cleared.get_json()["record"]


def test_bad_fields_are_a_422_naming_each_field(tokens, client):
    response = client.post("/api/v1/needs", headers=tokens["ken"], json={
        "country": "KEN", "component": "zz", "title": "", "priority": 9,
        "estimated_cost": {"amount": -1, "currency": "QQQ"}})
    assert response.status_code == 422
    fields = {p["field"] for p in response.get_json()["problems"]}
    assert {"component", "title", "priority", "estimated_cost.amount",
            "estimated_cost.currency"} <= fields
    for body in ("not json", "[1, 2]"):
        bad = client.post("/api/v1/needs", data=body, content_type="application/json",
                          headers=tokens["ken"])
        assert bad.status_code == 422 and bad.get_json()["error"] == "InvalidInput"


@pytest.mark.parametrize("role, method, url, body, expected", [
    (None, "post", "/api/v1/needs", NEW_NEED, 401),
    ("viewer", "post", "/api/v1/needs", NEW_NEED, 403),
    ("provider", "post", "/api/v1/needs", NEW_NEED, 403),
    ("gha", "post", "/api/v1/needs", NEW_NEED, 403),
    ("gha", "put", "/api/v1/capacities/cap-ken-c", {"level": "basic", "version": 1}, 403),
    ("gha", "put", "/api/v1/needs/need-ken-l", {"priority": 1, "version": 1}, 404),
    ("provider", "put", "/api/v1/needs/need-gha-i", {"priority": 1, "version": 1}, 403),
    ("provider", "put", "/api/v1/providers/p-unep", {"name": "Mine now", "version": 1}, 403),
    ("provider", "put", "/api/v1/providers/p-gef", {"languages": ["en"], "version": 1}, 200),
    ("provider", "put", "/api/v1/initiatives/ini-1", {"status": "completed", "version": 1},
     200),
    ("ken", "put", "/api/v1/initiatives/ini-1", {"status": "completed", "version": 1}, 403),
    ("ken", "delete", "/api/v1/needs/need-gha-i?version=1", None, 403),
    ("secretariat", "put", "/api/v1/needs/nope", {"priority": 1, "version": 1}, 404),
    ("gha", "put", "/api/v1/profiles/KEN", {"bch_node": True}, 403),
    ("ken", "put", "/api/v1/profiles/KEN", {"bch_node": True}, 201),
])
def test_who_may_change_what(tokens, client, role, method, url, body, expected):
    headers = tokens[role] if role else {}
    response = getattr(client, method)(url, json=body, headers=headers)
    assert response.status_code == expected, response.get_json()
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    if expected >= 400:
        assert response.get_json()["message"]


def test_a_hidden_confidential_need_is_answered_like_a_missing_one(tokens, client):
    hidden = client.put("/api/v1/needs/need-ken-l", json={"title": "x", "version": 1},
                        headers=tokens["gha"])
    missing = client.put("/api/v1/needs/need-ken-x", json={"title": "x", "version": 1},
                         headers=tokens["gha"])
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json()["message"].replace("need-ken-l", "ID") == \
        missing.get_json()["message"].replace("need-ken-x", "ID")
    assert "CONFIDENTIAL-MARKER" not in hidden.get_data(as_text=True)


def test_delete_and_restore(tokens, client):
    url = "/api/v1/capacities/cap-ken-c"
    no_version = client.delete(url, headers=tokens["ken"])
    assert no_version.status_code == 422
    deleted = client.delete(url, headers={**tokens["ken"], "If-Match": '"1"'})
    assert deleted.status_code == 200 and deleted.get_json()["deleted"] is True
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/version").status_code == 404  # anonymous may not restore it
    seen = client.get(f"{url}/version", headers=tokens["ken"]).get_json()
    assert seen["deleted"] is True
    twice = client.delete(url, headers={**tokens["ken"], "If-Match": f'"{seen["version"]}"'})
    assert twice.status_code == 409
    restored = client.post(f"{url}/restore", json={"version": seen["version"]},
                           headers=tokens["ken"])
    assert restored.status_code == 200 and restored.get_json()["deleted"] is False
    assert client.get(url).get_json()["level"] == "advanced"


def test_a_profile_is_written_then_changed_with_its_version(tokens, client):
    created = client.put("/api/v1/profiles/ken", json={"framework": "drafting"},
                         headers=tokens["ken"])
    assert created.status_code == 201 and created.get_json()["id"] == "KEN"
    changed = client.put("/api/v1/profiles/KEN", json={"framework": "adopted"},
                         headers={**tokens["ken"], "If-Match": '"1"'})
    assert changed.status_code == 200 and changed.get_json()["record"]["framework"] == "adopted"
    assert client.get("/api/v1/profiles/KEN/version").get_json()["version"] == 2
    stale = client.put("/api/v1/profiles/KEN", json={"framework": "none", "version": 1},
                       headers=tokens["ken"])
    assert stale.status_code == 409


def test_me_says_who_is_asking(tokens, app, client):
    assert client.get("/api/v1/me").status_code == 401
    me = client.get("/api/v1/me", headers=tokens["gha"]).get_json()
    assert (me["role"], me["country"], me["authenticated_by"]) == ("focal_point", "GHA", "token")
    browser = app.test_client()
    sign_in(browser, "officer@cbd.example")
    assert browser.get("/api/v1/me").get_json()["authenticated_by"] == "session"


def test_a_browser_session_must_show_its_csrf_token_to_write(tokens, app):
    browser = app.test_client()
    sign_in(browser, "fp@ken.example")
    refused = browser.post("/api/v1/needs", json=NEW_NEED)
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["message"]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      page_text(browser.get("/account/"))).group(1)
    accepted = browser.post("/api/v1/needs", json=NEW_NEED, headers={"X-CSRFToken": token})
    assert accepted.status_code == 201
    stored = in_database(app, lambda s: changes.get_record(s, SYSTEM, "need",
                                                           accepted.get_json()["id"]))
    assert stored.record.title == "Mobile LMO test kits"


def test_the_openapi_document_describes_the_writes(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    create = spec["paths"]["/api/v1/needs"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Need"}
    assert {"201", "401", "403", "409", "422"} <= set(create["responses"])
    assert create["security"] == [{"bearerToken": []}, {"sessionCookie": []}]
    update = spec["paths"]["/api/v1/needs/{id}"]["put"]
    assert "If-Match" in [p["name"] for p in update["parameters"]]
    assert "version" in update["requestBody"]["content"]["application/json"]["schema"][
        "properties"]
    for path, method in (("/api/v1/needs/{id}", "delete"), ("/api/v1/needs/{id}/restore",
                                                            "post"),
                         ("/api/v1/profiles/{id}", "put"), ("/api/v1/me", "get")):
        assert method in spec["paths"][path], (path, method)


@pytest.fixture
def app_on_each_database(db_url):
    """The application on SQLite and on PostgreSQL, with the sample document and the people."""
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="sample.json")
    engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test"})
    add_people(app)
    yield app
    app.extensions["coordinator.engine"].dispose()


def test_signing_in_and_writing_work_on_both_databases(app_on_each_database):
    app = app_on_each_database
    browser = app.test_client()
    assert sign_in(browser, "fp@ken.example", "wrong password here").status_code == 401
    assert sign_in(browser, "fp@ken.example").status_code == 302
    headers = {"Authorization": f"Bearer {api_token(app, 'fp@ken.example')}"}
    created = browser.post("/api/v1/needs", json=NEW_NEED, headers=headers)
    assert created.status_code == 201
    url = f"/api/v1/needs/{created.get_json()['id']}"
    assert browser.put(url, json={"priority": 1}, headers={**headers, "If-Match": '"1"'}
                       ).status_code == 200
    assert browser.put(url, json={"priority": 3}, headers={**headers, "If-Match": '"1"'}
                       ).status_code == 409
    assert browser.delete(url, headers={**headers, "If-Match": '"2"'}).status_code == 200
    for odd in ("/api/v1/needs/a%00b", "/api/v1/profiles/K%00N", "/api/v1/needs/" + "x" * 300):
        assert browser.put(odd, json={"priority": 1, "version": 1},
                           headers=headers).status_code == 404, odd
    assert browser.get("/edit/needs/a%00b").status_code == 404
    assert browser.get("/api/v1/needs/a%00b/version").status_code == 404
