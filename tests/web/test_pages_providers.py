"""The provider pages: the filterable list and a provider's profile with its portfolio."""
from __future__ import annotations

import csv
import io
import re

import pytest
from flask import render_template_string

from coordinator.services.catalog import snapshot_for
from tests.web.test_pages_countries import add_records, text
from web.database import get_session
from web.pages.providers import language_name, portfolio
from web.viewer import current_viewer


def provider_rows(page: str) -> list[str]:
    """The ids of the providers listed on a page, in order."""
    return re.findall(r'<th scope="row"><a href="/providers/([^"]+)"', page)


def test_the_list_shows_providers_with_kind_focus_budget_and_initiatives(client):
    page = text(client.get("/providers/"))
    assert provider_rows(page) == ["p-gef", "p-unep"]
    assert "Global Environment Facility" in page and "Multilateral agencies" in page
    assert "USD 2,000,000" in page and "Africa" in page
    assert 'href="/countries/KEN"' in page  # a focus country of UNEP
    assert "programme@example.org" not in page  # contacts are private


@pytest.mark.parametrize("query, expected", [
    ("kind=gef", ["p-gef"]), ("kind=expert", []), ("component=i", ["p-unep"]),
    ("component=a", ["p-gef"]), ("country=KEN", ["p-gef", "p-unep"]),
    ("country=BRA", []), ("region=002", ["p-gef"]), ("q=environment", ["p-gef", "p-unep"]),
    ("q=facility", ["p-gef"]),
])
def test_each_filter_changes_the_results(client, query, expected):
    assert provider_rows(text(client.get(f"/providers/?{query}"))) == expected


def test_sorting_paging_and_downloads(client):
    assert provider_rows(text(client.get("/providers/?sort=name&order=desc"))) == \
        ["p-unep", "p-gef"]
    assert provider_rows(text(client.get("/providers/?sort=budget&order=desc")))[0] == "p-gef"
    page = text(client.get("/providers/?per_page=1&page=2"))
    assert provider_rows(page) == ["p-unep"] and "2–2 of 2" in page
    rows = list(csv.DictReader(io.StringIO(
        client.get("/providers/?format=csv").get_data(as_text=True))))
    assert [r["id"] for r in rows] == ["p-gef", "p-unep"] and rows[0]["contact"] == ""
    document = client.get("/providers/?kind=multilateral&format=json").get_json()
    assert [p["id"] for p in document["providers"]] == ["p-unep"]


def test_profile_shows_kind_focus_budget_languages_and_portfolio_by_role(app, client):
    add_records(app, initiatives=[{
        "id": "ini-2", "title": "Risk assessment mentoring", "providers": [
            {"id": "p-unep", "role": "funding"}], "recipient_countries": ["KEN"],
        "components": ["c"], "status": "planned"}])
    page = text(client.get("/providers/p-gef"))
    assert "<h1>Global Environment Facility</h1>" in page
    assert "Legislative and regulatory framework" in page and "Africa" in page
    assert "USD 2,000,000" in page and "English, French" in page
    assert "Funding (1)" in page and 'href="/initiatives/ini-1"' in page
    assert "programme@example.org" not in page
    unep = text(client.get("/providers/p-unep"))
    assert "Funding (1)" in unep and "Implementing (1)" in unep and "Extending" not in unep
    assert unep.index("Risk assessment mentoring") < unep.index("Implementing (1)")
    assert 'href="/countries/GHA">Ghana</a>' in unep  # a focus country, linked


def test_the_fitting_needs_block_can_be_filled_by_a_child_template(app):
    with app.test_request_context("/providers/p-gef"):
        snapshot = snapshot_for(get_session(), current_viewer())
        html = render_template_string(
            '{% extends "providers/detail.html" %}'
            '{% block fitting_needs %}<section id="fit">Needs that fit</section>{% endblock %}',
            snapshot=snapshot, provider=snapshot.providers["p-gef"],
            portfolio=portfolio(snapshot, "p-gef"), languages=[])
    assert html.index("Focus and means") < html.index('id="fit"') < html.index("Portfolio")


def test_language_names():
    assert language_name("fr") == "French" and language_name("xx") == "xx"


def test_unknown_provider_is_a_404(client):
    response = client.get("/providers/nobody")
    assert response.status_code == 404 and "nobody" in response.get_data(as_text=True)
