"""The record endpoints of the JSON API and its OpenAPI description."""
from __future__ import annotations


def test_list_with_filters_and_paging(client):
    body = client.get("/api/v1/initiatives?country=GHA&component=i").get_json()
    assert body["total"] == 1 and body["items"][0]["id"] == "ini-1"
    body = client.get("/api/v1/providers?per_page=1&sort=name").get_json()
    assert body["pages"] == 2 and body["items"][0]["name"] == "Global Environment Facility"


def test_detail_and_not_found(client):
    assert client.get("/api/v1/needs/need-gha-i").get_json()["country"] == "GHA"
    response = client.get("/api/v1/needs/nope")
    assert response.status_code == 404
    assert "nope" in response.get_json()["message"]


def test_confidential_need_is_redacted_in_the_api_for_anonymous_callers(client):
    text = client.get("/api/v1/needs?per_page=500").get_data(as_text=True)
    assert "CONFIDENTIAL-MARKER" not in text and "need-ken-l" not in text
    assert client.get("/api/v1/needs/need-ken-l").status_code == 404
    assert client.get("/api/v1/needs").get_json()["total"] == 2


def test_provider_contact_is_private(client):
    assert "contact" not in client.get("/api/v1/providers/p-gef").get_json()


def test_bad_query_is_a_400_with_the_field(client):
    response = client.get("/api/v1/initiatives?colour=red")
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["field"] == "colour"
    assert client.get("/api/v1/initiatives?page=abc").status_code == 422


def test_openapi_document_lists_every_route(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    documented = {path.replace("{id}", "<path:record_id>") for path in spec["paths"]}
    routed = {rule.rule for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and rule.rule != "/api/v1/openapi.json"}
    assert routed <= documented
