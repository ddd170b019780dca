"""The allocation page: assignments by provider with amounts, reasons and budget use, the needs
left without support, the method and objective, and the CSV download."""
from __future__ import annotations

import csv
import io
import re

import pytest

from coordinator import accounts
from tests.web.planning_world import CONFIDENTIAL_TITLE, MARKER, add_planning_world, need
from tests.web.test_auth import QUICK_COST, page_text, sign_in
from tests.web.test_pages_countries import add_records, text
from web.pages.allocation import CSV_COLUMNS


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


SECRET = "Secret information exchange plan of Niger"


@pytest.fixture
def world(app):
    """The planning world, two large needs more than GEF's budget can cover, and a
    confidential need that only the secretariat's allocation may include."""
    add_planning_world(app)
    add_records(app, needs=[
        need("need-gin-i", "GIN", "i", "Detection laboratory for Guinea", 4, 3000000),
        need("need-mli-i", "MLI", "i", "Detection laboratory for Mali", 5, 3000000),
        need("need-ner-secret", "NER", "f", SECRET, 1, 100000, confidential=True)])
    return app


def section_of(page: str, provider: str) -> str:
    """The part of the page about one provider's assignments."""
    blocks = page.split('<details class="provider-allocation"')[1:]
    return next(b.split("</details>")[0] for b in blocks
                if f'<a href="/providers/{provider}">' in b)


def test_assignments_are_grouped_by_provider_with_amounts_reasons_and_budget_use(world, client):
    page = text(client.get("/allocation/"))
    gef = section_of(page, "p-gef")
    assert re.findall(r'href="/needs/([^"]+)"', gef) == ["need-gin-i", "need-gha-i",
                                                        "need-sen-i", "need-bfa-i"]
    assert "USD 302,248" in gef and "priority 1, severity" in gef and "match score" in gef
    assert "100 % of its budget for new support (<span class=\"money\">USD 2,000,000</span>)" \
        in gef
    assert 'class="use-bar full" x="0" y="0" height="10" width="100"' in gef
    assert "USD 2,000,000</span></dd><dd class=\"detail\">of <span class=\"money\">USD " \
           "2,000,000</span> in known budgets" in page
    assert "Method:</strong> exact" in page and "Objective" in page
    assert "1 provider(s) without a known budget take no part" in page


def test_needs_left_without_support_are_listed(world, client):
    page = text(client.get("/allocation/"))
    left = page[page.index('id="unassigned"'):]
    assert "Needs left without support (1)" in left
    assert re.findall(r'href="/needs/([^"]+)"', left) == ["need-mli-i"]


def test_the_methods_agree_and_a_bad_method_is_named(world, client):
    exact = text(client.get("/allocation/?method=lp"))
    assert "USD 2,000,000</span></dd>" in exact and "HiGHS" in exact
    greedy = text(client.get("/allocation/?method=greedy"))
    assert 'value="greedy" selected' in greedy
    response = client.get("/allocation/?method=guess")
    assert response.status_code == 422 and "method" in page_text(response)


def test_the_allocation_downloads_as_csv(world, client):
    response = client.get("/allocation/?format=csv")
    assert response.mimetype == "text/csv"
    assert 'filename="allocation-augmenting.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["need"] for r in rows] == ["need-gin-i", "need-gha-i", "need-sen-i",
                                         "need-bfa-i"]
    assert {r["provider"] for r in rows} == {"p-gef"}
    assert sum(float(r["amount_usd"]) for r in rows) == pytest.approx(2000000, abs=0.05)
    assert all("match score" in r["reasons"] for r in rows)
    assert client.get("/allocation/?format=xlsx").status_code == 422


def test_confidential_needs_show_only_to_the_secretariat(world):
    for email in (None, "desk@unep.example", "fp@ken.example", "reader@example.org"):
        client = world.test_client()
        if email:
            sign_in(client, email)
        for url in ("/allocation/", "/allocation/?format=csv", "/allocation/?method=greedy"):
            body = text(client.get(url))
            for hidden in (MARKER, CONFIDENTIAL_TITLE, SECRET, "need-ner-secret"):
                assert hidden not in body, (email, url, hidden)
    officer = world.test_client()
    sign_in(officer, "officer@cbd.example")
    assert SECRET in text(officer.get("/allocation/"))
    assert "need-ner-secret" in text(officer.get("/allocation/?format=csv"))
