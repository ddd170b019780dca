"""The need pages: filters, sorting, paging, downloads, the detail with its overlap warning."""
from __future__ import annotations

import csv
import io
import re

import pytest

from tests.web.test_pages_countries import add_records, text


def need_rows(page: str) -> list[str]:
    """The ids of the linked needs of a list page, in order."""
    return re.findall(r'<th scope="row"><a href="/needs/([^"]+)"', page)


@pytest.fixture
def more_needs(app):
    add_records(app, needs=[
        {"id": "need-sen-j", "country": "SEN", "component": "j",
         "title": "Socio-economic assessment training for inspectors",
         "priority": 3, "start": "2026-01-01", "end": "2026-12-31",
         "estimated_cost": {"amount": 120000, "currency": "EUR"}, "status": "partially_met"},
        {"id": "need-fji-f", "country": "FJI", "component": "f", "title": "BCH national node",
         "priority": 5, "start": "2024-01-01", "end": "2024-12-31",
         "estimated_cost": {"amount": 20000, "currency": "USD"}, "status": "met"},
        {"id": "need-gha-a2", "country": "GHA", "component": "a2",
         "title": "Administrative procedures for permits", "priority": 2,
         "status": "open"},
    ])
    return app


def test_the_list_shows_needs_and_a_plain_row_for_the_confidential_one(client):
    page = text(client.get("/needs/"))
    assert need_rows(page) == ["need-gha-i"]
    assert "Detection of LMOs at ports of entry" in page and "USD 350,000" in page
    assert "Confidential need" in page and "withheld" in page
    assert 'href="/needs/confidential-' not in page
    assert "CONFIDENTIAL-MARKER" not in page and "need-ken-l" not in page
    for name in ("q", "country", "region", "group", "component", "priority", "status", "from",
                 "to"):
        assert f'<label for="filter-{name}">' in page


@pytest.mark.parametrize("query, expected", [
    ("country=SEN", ["need-sen-j"]),
    ("region=011", ["need-gha-i", "need-sen-j", "need-gha-a2"]),
    ("region=009", ["need-fji-f"]), ("group=sids", ["need-fji-f"]),
    ("group=ldc", ["need-sen-j"]), ("component=a", ["need-gha-a2"]),
    ("component=i", ["need-gha-i"]), ("priority=2", ["need-gha-i", "need-gha-a2"]),
    ("status=met", ["need-fji-f"]), ("status=partially_met", ["need-sen-j"]),
    ("from=2025-01-01&country=FJI", []),
    ("to=2025-06-30&region=011", ["need-gha-i", "need-gha-a2"]),
    ("q=inspectors", ["need-sen-j"]),
])
def test_each_filter_changes_the_results(more_needs, client, query, expected):
    rows = need_rows(text(client.get(f"/needs/?{query}&sort=id")))
    assert sorted(rows) == sorted(expected)


def test_sorting_and_paging(more_needs, client):
    by_priority = need_rows(text(client.get("/needs/")))
    assert by_priority == ["need-gha-i", "need-gha-a2", "need-sen-j", "need-fji-f"]
    by_cost = need_rows(text(client.get("/needs/?sort=cost&order=desc")))
    assert by_cost[:2] == ["need-gha-i", "need-sen-j"]
    by_country = need_rows(text(client.get("/needs/?sort=country")))
    assert by_country[0] == "need-fji-f" and by_country[-1] == "need-sen-j"
    page = text(client.get("/needs/?per_page=2&page=2"))
    assert "3–4 of 5" in page and 'rel="prev"' in page and 'rel="next"' in page
    assert client.get("/needs/?priority=high").status_code == 422


def test_downloads_hold_the_filtered_needs_and_never_the_confidential_text(more_needs, client):
    response = client.get("/needs/?format=csv")
    assert response.status_code == 200
    assert 'filename="needs.csv"' in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 5
    assert "CONFIDENTIAL-MARKER" not in body and "need-ken-l" not in body
    redacted = next(r for r in rows if r["id"].startswith("confidential-"))
    assert redacted["title"] == "Confidential need" and redacted["estimated_cost_amount"] == ""
    document = client.get("/needs/?format=json&country=GHA").get_json()
    assert sorted(n["id"] for n in document["needs"]) == ["need-gha-a2", "need-gha-i"]


def test_detail_shows_the_need_the_country_profile_and_who_is_already_there(client):
    page = text(client.get("/needs/need-gha-i"))
    assert "<h1>Detection of LMOs at ports of entry" in page
    assert "Border officers need rapid strip tests and training." in page
    assert "Identification of LMOs, including their detection" in page
    assert "USD 350,000" in page and "2025-01-01" in page and "2027-12-31" in page
    assert "Operational" in page and "National focal point designated" in page
    others = page[page.index("Others already there"):]
    assert "Possible overlap" in others and 'href="/initiatives/ini-1"' in others
    assert "directly" in others
    assert "Partnerships" in page and "Agreed at the meeting" in page


def test_a_need_nobody_works_on_says_so(more_needs, client):
    page = text(client.get("/needs/need-sen-j"))
    assert "No recorded initiative works on component j in Senegal" in page
    assert "EUR 120,000" in page and "≈ USD" in page
    assert "No national profile has been recorded for Senegal yet." in page
    page = text(client.get("/needs/need-gha-a2"))
    assert "Possible overlap" not in page


def test_overlap_through_a_recipient_region(app, client):
    add_records(app, needs=[{"id": "need-nga-i", "country": "NGA", "component": "i",
                             "title": "Detection in Nigeria", "start": "2025-01-01"}])
    others = text(client.get("/needs/need-nga-i"))
    others = others[others.index("Others already there"):]
    assert 'href="/initiatives/ini-1"' in others and "through Western Africa" in others


def test_unknown_and_confidential_needs_are_404(client):
    assert client.get("/needs/no-such-need").status_code == 404
    response = client.get("/needs/need-ken-l")
    assert response.status_code == 404
    assert "CONFIDENTIAL-MARKER" not in response.get_data(as_text=True)
    assert client.get("/needs/confidential-1").status_code == 404


def test_no_overlap_warning_on_a_need_already_met(app, client):
    add_records(app, needs=[{"id": "need-gha-i", "country": "GHA", "component": "i",
                             "title": "Detection of LMOs at ports of entry", "status": "met",
                             "start": "2025-01-01", "end": "2027-12-31"}])
    page = text(client.get("/needs/need-gha-i"))
    assert "Possible overlap" not in page
    assert "1 initiative works on component i in Ghana" in page and "this need is met" in page
