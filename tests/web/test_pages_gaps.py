"""The gaps page: needs with no or too little support, filters, sorting, totals, structural
gaps and the CSV download; a confidential need appears only under its alias to others."""
from __future__ import annotations

import csv
import io
import re

import pytest

from coordinator import accounts
from coordinator.analysis.gaps import NeedGap
from coordinator.domain import Money, Need
from tests.web.analysis_documents import MARKER, TITLE, analysis_app  # noqa: F401
from tests.web.test_auth import QUICK_COST, add_people, page_text, sign_in
from web.pages.gaps import GapLine, gaps_csv, select_gaps, sort_gaps

DETECTION = "Detection of LMOs at ports of entry"  # need-gha-i, covered by ini-1..3


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def world(analysis_app):  # noqa: F811
    add_people(analysis_app)
    return analysis_app


def test_the_gap_list_shows_needs_most_severe_first(world):
    page = page_text(world.test_client().get("/gaps/"))
    assert DETECTION in page
    assert "Confidential business information rules in applications" in page  # need-ken-l2
    severities = [float(s) for s in re.findall(
        r'<span class="severity sev-text-\d">([\d.]+)</span>', page)]
    assert len(severities) == 3 and severities == sorted(severities, reverse=True)
    assert 'aria-sort="descending"' in page
    assert "Download CSV" in page


def test_a_confidential_need_is_listed_only_under_its_alias(world):
    for email in (None, "donor@gef.example", "fp@gha.example"):
        client = world.test_client()
        if email:
            sign_in(client, email)
        for url in ("/gaps/", "/gaps/?country=KEN", "/gaps/?format=csv", "/gaps/?by=country"):
            body = page_text(client.get(url))
            assert MARKER not in body and TITLE not in body and "need-ken-l," not in body
            assert '"need-ken-l"' not in body and "/needs/need-ken-l\"" not in body
        assert "Confidential need" in page_text(client.get("/gaps/?country=KEN"))
        assert "withheld" in page_text(client.get("/gaps/?country=KEN"))
    secretariat = world.test_client()
    sign_in(secretariat, "officer@cbd.example")
    assert TITLE in page_text(secretariat.get("/gaps/?country=KEN"))


@pytest.mark.parametrize("query, shown, hidden", [
    ("?country=GHA", DETECTION, "Confidential business information rules"),
    ("?component=l", "Confidential business information rules", DETECTION),
    ("?region=002&group=centre_of_origin", "Confidential business information rules",
     DETECTION),
    ("?subregion=011", DETECTION, "Confidential"),
    ("?priority=1", DETECTION, "Confidential business information rules"),
    ("?support=covered", DETECTION, "Confidential business information rules"),
    ("?support=none", "Confidential business information rules", DETECTION),
])
def test_filters(world, query, shown, hidden):
    page = page_text(world.test_client().get("/gaps/" + query))
    page = page.split('id="gap-list"')[1].split('id="aggregates"')[0]
    assert shown in page and hidden not in page, query


def test_bad_filters_and_sorts_are_refused_naming_the_field(world):
    client = world.test_client()
    for query, field in (("?support=lots", "support"), ("?group=g20", "group"),
                         ("?sort=colour", "sort"), ("?by=planet", "by"),
                         ("?format=pdf", "format"), ("?size=big", "size")):
        response = client.get("/gaps/" + query)
        assert response.status_code == 422, query
        assert field in page_text(response), query


def test_sorting_by_country_and_by_funding_gap(world):
    page = page_text(world.test_client().get("/gaps/?sort=country"))
    assert page.index(DETECTION) < page.index("Confidential need")  # Ghana before Kenya
    page = page_text(world.test_client().get("/gaps/?sort=country&order=desc"))
    assert page.index(DETECTION) > page.index("Confidential need")


def test_the_csv_download_holds_every_matching_gap(world):
    response = world.test_client().get("/gaps/?format=csv&country=KEN")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="gaps.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(page_text(response))))
    assert len(rows) == 2
    assert {row["title"] for row in rows} == {
        "Confidential need", "Confidential business information rules in applications"}
    hidden = next(r for r in rows if r["title"] == "Confidential need")
    assert hidden["need"].startswith("confidential-") and hidden["funding_gap_amount"] == ""
    assert all(0 <= float(r["severity"]) <= 1 for r in rows)


def test_totals_and_structural_gaps(world):
    page = page_text(world.test_client().get("/gaps/?by=country"))
    totals = page.split('id="aggregates"')[1].split('id="uncovered"')[0]
    assert "Ghana" in totals and "Kenya" in totals and 'aria-current="true">Country' in totals
    page = page_text(world.test_client().get("/gaps/"))
    coordination = page.split('id="coordination"')[1]
    assert "Kenya" in coordination and "no profile" in coordination
    assert "no coordination mechanism" in coordination  # Ghana's profile lacks one
    assert "Components no provider covers" in page


# --- selection, sorting and CSV (pure) ------------------------------------------------------

def _line(need_id, country, component, severity, coverage, count, groups=(), priority=3,
          areas=("002",)):
    gap = NeedGap(need_id, country, component, coverage,
                  Money(1000.0 * (1 - coverage), "USD"), groups, severity, ("why",),
                  initiative_count=count)
    need = Need(need_id, country, component, f"Need {need_id}", priority=priority)
    return GapLine(gap, need, country.title(), areas[0], areas, False)


LINES = [_line("n1", "GHA", "a2", 0.8, 0.0, 0, ("ldc",), 1, ("011", "202", "002")),
         _line("n2", "KEN", "i", 0.5, 0.4, 2, (), 2, ("014", "202", "002")),
         _line("n3", "FJI", "i", 0.2, 1.0, 3, ("sids",), 5, ("054", "009"))]


def test_select_gaps_by_support_component_group_and_area():
    def ids(**filters):
        return [line.gap.need for line in select_gaps(LINES, filters)]
    assert ids(support="none") == ["n1"]
    assert ids(support="partial") == ["n2"]
    assert ids(support="covered") == ["n3"]
    assert ids(component="a") == ["n1"]
    assert ids(component="i", region="002") == ["n2"]
    assert ids(group="none") == ["n2"]
    assert ids(group="sids") == ["n3"]
    assert ids(priority="2") == ["n1", "n2"]
    assert ids(country="fji") == ["n3"]


def test_sort_gaps_and_unknown_sorts():
    assert [line.gap.need for line in sort_gaps(LINES, "coverage", True)] == ["n3", "n2", "n1"]
    assert [line.gap.need for line in sort_gaps(LINES, "country", False)] == ["n3", "n1", "n2"]
    with pytest.raises(ValueError):
        sort_gaps(LINES, "colour", False)


def test_gaps_csv_has_a_header_and_one_row_per_gap():
    rows = list(csv.reader(io.StringIO(gaps_csv(LINES))))
    assert rows[0][:3] == ["need", "title", "country"] and len(rows) == 4
    assert rows[1][1] == "Need n1" and rows[1][7] == "1000.00" and rows[1][10] == "ldc"
