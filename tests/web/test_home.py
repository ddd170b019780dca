"""The home page and what every response carries."""
from __future__ import annotations


def test_home_shows_what_is_in_the_database(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Overview" in page
    assert "open needs" in page
    assert "Africa" in page  # open needs by region
    assert "249 countries and areas" in page


def test_home_never_shows_a_confidential_need_to_an_anonymous_visitor(client):
    page = client.get("/").get_data(as_text=True)
    assert "CONFIDENTIAL-MARKER" not in page
    assert "need-ken-l" not in page


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_404_page_and_json_under_api(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "404" in response.get_data(as_text=True)
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"
