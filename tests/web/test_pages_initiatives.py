"""The initiative pages: every filter, sorting, paging, downloads and the detail page."""
from __future__ import annotations

import csv
import io
import re

import pytest

from coordinator.io.csv_columns import columns
from tests.web.test_pages_countries import add_records, text


def initiative_rows(page: str) -> list[str]:
    """The ids of the initiatives listed on a page, in order."""
    return re.findall(r'<th scope="row"><a href="/initiatives/([^"]+)"', page)


def more_initiatives(count: int) -> list[dict]:
    return [
        {"id": f"extra-{n:02d}", "title": f"Biosafety training round {n:02d}",
         "description": "Courses for inspectors.",
         "providers": [{"id": "p-unep", "role": "funding"}],
         "recipient_countries": ["KEN"], "components": ["b"],
         "budget": {"amount": 1000 * n, "currency": "USD"},
         "start": f"20{10 + n % 10}-01-01", "end": f"20{11 + n % 10}-12-31",
         "status": "completed"}
        for n in range(1, count + 1)
    ]


@pytest.fixture
def many(app):
    add_records(app, initiatives=more_initiatives(30))
    return app


def test_the_list_shows_an_initiative_with_its_parts(client):
    page = text(client.get("/initiatives/"))
    assert initiative_rows(page) == ["ini-1"]
    assert "LMO detection laboratory network for West Africa" in page
    assert 'href="/providers/p-gef"' in page and "(funding)" in page
    assert 'href="/countries/GHA"' in page and "Western Africa" in page
    assert "EUR 1,500,000.50" in page and "≈ USD" in page
    for name in ("q", "country", "region", "component", "provider", "role", "kind", "status",
                 "from", "to", "per_page"):
        assert f'<label for="filter-{name.replace("per_page", "per-page")}">' in page
        assert f'name="{name}"' in page


@pytest.mark.parametrize("query, expected", [
    ("country=GHA", 1), ("country=NGA", 1), ("country=KEN", 0),
    ("region=011", 1), ("region=002", 1), ("region=019", 0),
    ("component=i", 1), ("component=a", 0),
    ("provider=p-unep", 1), ("provider=p-unep&role=implementing", 1),
    ("provider=p-unep&role=funding", 0), ("role=extending", 0),
    ("kind=gef", 1), ("kind=bilateral", 0),
    ("status=ongoing", 1), ("status=completed", 0),
    ("from=2026-12-31", 1), ("from=2027-01-01", 0), ("to=2023-12-31", 0),
    ("q=laboratory+network", 1), ("q=satellite", 0),
])
def test_each_filter_changes_the_results(client, query, expected):
    page = text(client.get(f"/initiatives/?{query}"))
    assert len(initiative_rows(page)) == expected
    if not expected:
        assert "No initiative matches these filters." in page


def test_the_form_keeps_the_chosen_filters(client):
    page = text(client.get("/initiatives/?status=ongoing&q=laboratory&from=2025-01-01"))
    assert '<option value="ongoing" selected>' in page
    assert 'name="q" type="search" value="laboratory"' in page
    assert 'name="from" type="date" value="2025-01-01"' in page
    assert "Clear filters" in page


def test_sorting_by_each_column(many, client):
    by_title = initiative_rows(text(client.get("/initiatives/?per_page=100")))
    assert by_title[0] == "extra-01" and by_title[-1] == "ini-1"
    by_budget = initiative_rows(text(client.get("/initiatives/?sort=budget&order=desc")))
    assert by_budget[:2] == ["ini-1", "extra-30"]
    by_start = initiative_rows(text(client.get("/initiatives/?sort=start&per_page=100")))
    assert by_start[0] == "extra-10" and by_start.index("ini-1") > by_start.index("extra-19")
    page = text(client.get("/initiatives/?sort=budget"))
    assert 'aria-sort="ascending"' in page and "?sort=budget&amp;order=desc" in page
    assert client.get("/initiatives/?sort=colour").status_code == 422


def test_paging_with_a_choice_of_rows_per_page(many, client):
    first = text(client.get("/initiatives/?per_page=10"))
    assert "1–10 of 31" in first and len(initiative_rows(first)) == 10
    assert 'href="/initiatives/?page=2&amp;per_page=10"' in first
    fourth = text(client.get("/initiatives/?per_page=10&page=4"))
    assert "31–31 of 31" in fourth and initiative_rows(fourth) == ["ini-1"]
    assert '<option value="10" selected>' in fourth
    pages = {row for n in (1, 2, 3, 4)
             for row in initiative_rows(text(client.get(f"/initiatives/?per_page=10&page={n}")))}
    assert len(pages) == 31
    assert client.get("/initiatives/?per_page=abc").status_code == 422


def test_csv_download_holds_every_matching_record_of_all_pages(many, client):
    response = client.get("/initiatives/?component=b&per_page=10&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="initiatives.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 31  # ini-1 (components i, b) and 30 extras, not just one page
    assert tuple(rows[0]) == columns("initiatives")
    first = next(r for r in rows if r["id"] == "ini-1")
    assert first["providers"] == "p-gef:funding;p-unep:implementing"
    assert first["budget_amount"] == "1500000.5" and first["budget_currency"] == "EUR"


def test_json_download_is_a_document_of_the_filtered_list(many, client):
    response = client.get("/initiatives/?provider=p-gef&format=json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["format"] == "capacity-coordinator/1"
    assert [i["id"] for i in body["initiatives"]] == ["ini-1"]
    assert body["initiatives"][0]["budget"] == {"amount": 1500000.5, "currency": "EUR"}
    everything = client.get("/initiatives/?format=json&per_page=10").get_json()
    assert len(everything["initiatives"]) == 31
    assert client.get("/initiatives/?format=xls").status_code == 422


def test_download_links_keep_the_filters(client):
    page = text(client.get("/initiatives/?country=GHA&sort=budget"))
    assert 'href="/initiatives/?country=GHA&amp;sort=budget&amp;format=csv"' in page
    assert "Download JSON" in page


def test_detail_page_shows_everything(app, client):
    add_records(app, initiatives=[{
        "id": "ini-2", "title": "Regional BCH support", "description": "Nodes and training.",
        "providers": [{"id": "p-unep", "role": "extending"}], "recipient_regions": ["014"],
        "components": ["f", "a2"], "start": "2023-05-01", "status": "planned",
        "aliases": ["old-bch-record"], "unmapped_sectors": ["41010"]}])
    page = text(client.get("/initiatives/ini-1"))
    assert "<h1>LMO detection laboratory network for West Africa</h1>" in page
    assert 'href="/providers/p-gef">Global Environment Facility</a> — funding' in page
    assert 'href="/providers/p-unep">UN Environment Programme</a> — implementing' in page
    for alpha3 in ("GHA", "SEN", "BFA"):
        assert f'href="/countries/{alpha3}"' in page
    assert "Western Africa" in page
    assert "Identification of LMOs, including their detection" in page
    assert "Human resources development and training" in page
    assert "EUR 1,500,000.50" in page and re.search(r"≈ USD [\d,]+", page)
    assert "2024-01-01" in page and "2026-12-31" in page and "ongoing" in page
    assert "Pooling reference materials across laboratories cut costs." in page
    other = text(client.get("/initiatives/ini-2"))
    assert "Eastern Africa" in other and "extending" in other
    assert "old-bch-record" in other and "41010" in other
    assert "Administrative framework" in other and "None recorded." in other


def test_unknown_initiative_is_a_404(client):
    response = client.get("/initiatives/no-such-initiative")
    assert response.status_code == 404
    assert "no-such-initiative" in response.get_data(as_text=True)
