"""The country pages: the list with its filters and counts, and a country's own page."""
from __future__ import annotations

import re
from datetime import date, timedelta

from coordinator import services
from coordinator.domain import Profile
from coordinator.store import make_engine, session_scope
from web.pages.countries import profile_is_stale


def add_records(app, **lists):
    """Import more records into the application's database (the snapshot cache follows)."""
    engine = make_engine(app.config["DATABASE_URL"])
    with session_scope(engine) as session:
        services.import_document(session, {"format": "capacity-coordinator/1", **lists},
                                 source="test.json")
    engine.dispose()


def text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def country_rows(page: str) -> list[str]:
    """The alpha-3 codes of the rows of a country list, in order."""
    return re.findall(r'href="/countries/([A-Z]{3})"', page)


def test_the_list_shows_every_country_with_groups_party_status_and_counts(client):
    page = text(client.get("/countries/?per_page=100"))
    assert "of 249" in page
    assert "Burkina Faso" in page and ">LDC</abbr>" in page and ">LLDC</abbr>" in page
    assert "Not confirmed" in page  # Antarctica's Cartagena status is unknown (None)
    assert country_rows(page)[:3] == ["AFG", "ALA", "ALB"]  # Åland sorts as Aland
    row = page[page.index('href="/countries/BFA"'):]
    row = row[:row.index("</tr>")]
    assert re.findall(r'<td class="number">(\d+)</td>', row) == ["0", "1"]


def test_filters_by_region_group_open_needs_and_name(client):
    western_africa = country_rows(text(client.get("/countries/?region=011&per_page=100")))
    assert "GHA" in western_africa and "NGA" in western_africa and "KEN" not in western_africa
    sids = country_rows(text(client.get("/countries/?group=sids&per_page=100")))
    assert "FJI" in sids and "GHA" not in sids
    with_needs = text(client.get("/countries/?needs=yes"))
    assert country_rows(with_needs) == ["GHA", "KEN"]  # the confidential need still counts
    without = country_rows(text(client.get("/countries/?needs=no&per_page=100")))
    assert "GHA" not in without and "FJI" in without
    assert country_rows(text(client.get("/countries/?q=ken"))) == ["KEN"]
    assert "No country matches" in text(client.get("/countries/?q=atlantis"))


def test_sorting_and_paging(client):
    by_name_desc = country_rows(text(client.get("/countries/?sort=name&order=desc")))
    assert by_name_desc[:2] == ["ZWE", "ZMB"]
    most_received = country_rows(text(client.get("/countries/?sort=initiatives&order=desc")))
    assert set(most_received[:3]) <= {"BFA", "GHA", "SEN", "NGA", "BEN", "CIV", "CPV", "GMB",
                                      "GIN", "GNB", "LBR", "MLI", "MRT", "NER", "SHN", "SLE",
                                      "TGO"}
    page = text(client.get("/countries/?per_page=10&page=3"))
    assert "21–30 of 249" in page and len(country_rows(page)) == 10
    assert 'aria-current="page">3<' in page and 'rel="next"' in page and 'rel="prev"' in page
    page = text(client.get("/countries/?sort=needs&order=desc&per_page=10"))
    assert 'href="/countries/?sort=needs&amp;per_page=10"' in page  # the header flips the order
    assert 'aria-sort="descending"' in page


def test_bad_queries_are_explained(client):
    response = client.get("/countries/?colour=red")
    assert response.status_code == 422 and "colour" in response.get_data(as_text=True)
    assert client.get("/countries/?sort=population").status_code == 422
    assert client.get("/countries/?page=0").status_code == 422


def test_country_page_shows_profile_needs_initiatives_and_providers(client):
    page = text(client.get("/countries/GHA"))
    assert "<h1>Ghana" in page and "Western Africa" in page
    assert "Operational" in page and "USD 500,000" in page
    assert 'href="/needs/need-gha-i"' in page and "Detection of LMOs at ports of entry" in page
    assert 'href="/initiatives/ini-1"' in page and "Direct recipient" in page
    assert 'href="/providers/p-gef"' in page and 'href="/providers/p-unep"' in page
    assert "funding in 1 initiative" in page and "implementing in 1 initiative" in page


def test_an_initiative_to_a_region_reaches_the_countries_in_it(client):
    page = text(client.get("/countries/NGA"))
    assert 'href="/initiatives/ini-1"' in page and "Through Western Africa" in page
    assert "No need recorded." in page


def test_kenya_shows_its_offered_capacity_and_a_redacted_confidential_need(client):
    page = text(client.get("/countries/KEN"))
    assert "offered for South–South" in page and "12 trained members" in page
    assert "Confidential need" in page and "withheld" in page
    assert "CONFIDENTIAL-MARKER" not in page and "need-ken-l" not in page
    assert 'href="/needs/confidential-' not in page
    assert "No national profile has been recorded for Kenya" in page


def test_needs_are_ordered_by_priority_then_sequence(app, client):
    add_records(app, needs=[
        {"id": "gha-late", "country": "GHA", "component": "b", "title": "Second in sequence",
         "priority": 1, "sequence": 2},
        {"id": "gha-low", "country": "GHA", "component": "c", "title": "Low priority",
         "priority": 4},
        {"id": "gha-unsequenced", "country": "GHA", "component": "e",
         "title": "Unsequenced top priority", "priority": 1},
    ])
    page = text(client.get("/countries/GHA"))
    order = [page.index(t) for t in ("Detection of LMOs at ports of entry",
                                     "Second in sequence", "Unsequenced top priority",
                                     "Low priority")]
    assert order == sorted(order)


def test_stale_profile_warning_depends_on_the_update_date(app, client):
    add_records(app, profiles=[{"country": "GHA", "framework": "adopted",
                                "updated": date.today().isoformat()}])
    page = text(client.get("/countries/GHA"))
    assert "Adopted" in page and "more than 12 months ago" not in page
    add_records(app, profiles=[{"country": "GHA", "framework": "adopted",
                                "updated": (date.today() - timedelta(days=400)).isoformat()}])
    assert "more than 12 months ago" in text(client.get("/countries/GHA"))


def test_profile_staleness_rule():
    today = date(2026, 3, 1)
    assert profile_is_stale(None, today)
    assert profile_is_stale(Profile("GHA"), today)  # no update date
    assert not profile_is_stale(Profile("GHA", updated=date(2025, 3, 1)), today)
    assert profile_is_stale(Profile("GHA", updated=date(2025, 2, 28)), today)
    assert profile_is_stale(Profile("GHA", updated=date(2023, 2, 27)), date(2024, 2, 29))
    assert not profile_is_stale(Profile("GHA", updated=date(2023, 2, 28)), date(2024, 2, 29))


def test_country_codes_are_case_insensitive_and_unknown_ones_404(client):
    response = client.get("/countries/gha")
    assert response.status_code == 301 and response.headers["Location"].endswith("/countries/GHA")
    response = client.get("/countries/XYZ")
    assert response.status_code == 404 and "XYZ" in response.get_data(as_text=True)
