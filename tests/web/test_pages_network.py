"""The network of who funds what where: the page (scripts from this site only, nothing inline),
the JSON it draws, its filters, and the vendored Cytoscape.js."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from coordinator import accounts
from tests.web.planning_world import CONFIDENTIAL_TITLE, MARKER, add_planning_world
from tests.web.test_auth import QUICK_COST
from tests.web.test_pages_countries import text

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def world(app):
    add_planning_world(app)
    return app


def links(data) -> set[tuple[str, str]]:
    return {(e["source"], e["target"]) for e in data["edges"]}


def test_the_graph_links_providers_to_the_places_their_initiatives_reach(world, client):
    data = client.get("/network/graph.json").get_json()
    assert links(data) == {
        ("provider:p-gef", "country:GHA"), ("provider:p-gef", "country:SEN"),
        ("provider:p-gef", "country:BFA"), ("provider:p-gef", "region:011"),
        ("provider:p-unep", "country:GHA"), ("provider:p-unep", "country:SEN"),
        ("provider:p-unep", "country:BFA"), ("provider:p-unep", "region:011"),
        ("provider:p-unep", "country:KEN"), ("provider:p-unep", "country:UGA"),
        ("provider:p-unep", "country:TZA")}
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["provider:p-unep"]["url"] == "/providers/p-unep"
    assert nodes["provider:p-unep"]["links"] == 7
    assert nodes["country:KEN"]["url"] == "/countries/KEN"
    assert nodes["region:011"]["url"] == "/initiatives/?region=011"
    assert data["counts"] == {"providers": 2, "places": 7, "links": 11, "initiatives": 2}
    edge = next(e for e in data["edges"] if e["target"] == "country:KEN")
    assert edge["initiatives"] == 1 and edge["roles"] == ["funding"]
    assert edge["components"] == ["i", "l"]


@pytest.mark.parametrize("query, expected", [
    ("component=l", {("provider:p-unep", c) for c in ("country:KEN", "country:UGA",
                                                       "country:TZA")}),
    ("kind=gef", {("provider:p-gef", p) for p in ("country:GHA", "country:SEN", "country:BFA",
                                                   "region:011")}),
    ("region=014&component=i", {("provider:p-unep", c) for c in ("country:KEN", "country:UGA",
                                                                  "country:TZA")}),
    ("region=011&kind=multilateral", {("provider:p-unep", p) for p in (
        "country:GHA", "country:SEN", "country:BFA", "region:011")}),
    ("status=completed", set()),
    ("component=a", set()),
])
def test_filters_by_component_region_kind_and_status(world, client, query, expected):
    assert links(client.get(f"/network/graph.json?{query}").get_json()) == expected


def test_bad_filters_are_named(world, client):
    response = client.get("/network/graph.json?component=zz&colour=red",
                          headers={"Accept": "application/json"})
    assert response.status_code == 422
    fields = {p["field"] for p in response.get_json()["problems"]}
    assert fields == {"component", "colour"}
    assert client.get("/network/?region=999").status_code == 422


def test_the_page_draws_with_vendored_scripts_and_lists_the_links(world, client):
    response = client.get("/network/?kind=multilateral")
    page = text(response)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all('src="/static/' in s or 'type="application/json"' in s for s in scripts)
    assert '<script src="/static/vendor/cytoscape/cytoscape.min.js" defer>' in page
    assert '<script src="/static/js/network.js" defer>' in page
    assert " style=" not in page and "<style" not in page
    assert 'id="__________cytoscape_stylesheet"' in page  # Cytoscape injects no stylesheet
    assert '<option value="multilateral" selected>' in page
    table = page[page.index('class="network-table"'):]
    assert 'href="/providers/p-unep"' in table and 'href="/countries/KEN"' in table
    assert "p-gef" not in table
    data = re.search(r'<script type="application/json" id="network-data">(.*?)</script>',
                     page, re.S).group(1)
    assert '"provider:p-unep"' in data


def test_confidential_needs_never_appear(world, client):
    for url in ("/network/", "/network/graph.json", "/network/?component=l"):
        body = text(client.get(url))
        assert MARKER not in body and CONFIDENTIAL_TITLE not in body


def test_cytoscape_is_vendored_with_its_licence_and_source():
    vendor = STATIC / "vendor" / "cytoscape"
    source = (vendor / "SOURCE.md").read_text()
    assert "Version: 3.34.4" in source and "cytoscape.min.js" in source
    assert 'version="3.34.4"' in (vendor / "cytoscape.min.js").read_text()
    assert "The Cytoscape Consortium" in (vendor / "LICENSE").read_text()
    script = (STATIC / "js" / "network.js").read_text()
    assert "graphUrl" in script and "eval(" not in script
