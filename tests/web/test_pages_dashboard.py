"""The dashboard (the home page): indicators by year and region, the gap map with its table,
the newest flagged duplications and the data-quality warnings; and the pure functions that
arrange them."""
from __future__ import annotations

import doctest
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from coordinator import accounts
from coordinator.domain import Country, Initiative, Money, Need, Region, Snapshot
from coordinator.visibility import ANONYMOUS, SYSTEM
from tests.web.analysis_documents import MARKER, TITLE, analysis_app  # noqa: F401
from tests.web.test_auth import QUICK_COST, add_people, page_text, sign_in
from web.pages import dashboard
from web.pages.dashboard import (
    column_chart,
    compact_usd,
    map_countries,
    newest_pairs,
    nice_step,
    quality_warnings,
    region_rows,
    severity_class,
    worst_countries,
    year_rows,
)

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def page(analysis_app):  # noqa: F811
    return page_text(analysis_app.test_client().get("/"))


def test_the_dashboard_shows_the_indicators_by_year_and_region(page):
    assert "Indicators" in page and "Committed by initiatives" in page
    assert "Funding committed and requested by year (USD)" in page
    assert re.search(r'<rect class="series-committed_usd"[^>]*height="[1-9]', page)
    assert "<th scope=\"row\">2024</th>" in page  # the figures by year, as a table too
    region_table = page.split('id="by-region-title"')[1].split("</table>")[0]
    assert "Africa" in region_table and re.search(r"USD [\d.]+ m", region_table)


def test_the_gap_map_has_its_data_scripts_legend_and_table(analysis_app, page):  # noqa: F811
    data = json.loads(re.search(
        r'<script type="application/json" id="gap-map-data">(.*?)</script>', page, re.S
    ).group(1))
    kenya = data["countries"]["404"]  # ISO 3166 numeric, as world-atlas names countries
    assert kenya["alpha3"] == "KEN" and kenya["needs"] == 2 and kenya["uncovered"] == 2
    assert kenya["class"] == severity_class(kenya["severity"]) >= 3  # priority 2, uncovered
    assert data["countries"]["288"]["class"] == 0  # Ghana: its need is covered
    assert 'data-country-url="/countries/XXX"' in page
    assert "no open need" in page  # the legend
    table = page.split('id="worst-title"')[1].split("</table>")[0]
    assert table.index("Kenya") < table.index("Ghana")
    client = analysis_app.test_client()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "/static/js/gap-map.js" in scripts and len(scripts) == 4
    for source in scripts + re.findall(r'data-atlas="([^"]+)"', page):
        response = client.get(source)
        assert response.status_code == 200, source
        response.close()


def test_the_page_needs_no_inline_script_or_style(page):
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)


def test_the_newest_flagged_duplications_and_the_data_quality_warnings(analysis_app,  # noqa: F811
                                                                        page):
    assert "Newest flagged duplications" in page
    assert 'href="/duplicates/initiative/ini-1/ini-2"' in page
    flagged = analysis_app.test_client().get("/api/v1/duplicates").get_json()
    assert all(p["kind"] == "initiative" for p in flagged)  # not the confidential need's
    assert f"All {len(flagged)} flagged pairs" in page
    quality = page.split('id="quality-title"')[1]
    assert "have needs but no national profile" in quality and "Kenya" in quality
    assert "profiles</strong> not updated for twelve months" in quality  # Ghana, 2025-06-30


def test_the_dashboard_never_shows_the_confidential_need_to_others(analysis_app):  # noqa: F811
    add_people(analysis_app)
    for email in (None, "donor@gef.example", "fp@gha.example", "reader@example.org"):
        client = analysis_app.test_client()
        if email:
            sign_in(client, email)
        body = page_text(client.get("/"))
        # need-ken-l2 is a public need; only the confidential need-ken-l must not show
        assert MARKER not in body and TITLE not in body, email
        assert not re.search(r"need-ken-l\b", body), email
    secretariat = analysis_app.test_client()
    sign_in(secretariat, "officer@cbd.example")
    assert "/duplicates/need/need-ken-l/need-ken-l2" in page_text(secretariat.get("/"))


def test_the_vendored_map_libraries_carry_their_licence_and_source():
    for name, built in (("d3-array", "d3-array.min.js"), ("d3-geo", "d3-geo.min.js"),
                        ("topojson-client", "topojson-client.min.js"),
                        ("world-atlas", "countries-110m.json")):
        folder = STATIC / "vendor" / name
        assert (folder / built).stat().st_size > 1000
        assert "Permission" in (folder / "LICENSE").read_text()
        source = (folder / "SOURCE.md").read_text()
        assert f"`{name}`" in source and "npm pack" in source and built in source
    atlas = json.loads((STATIC / "vendor" / "world-atlas" / "countries-110m.json").read_text())
    ids = {g.get("id") for g in atlas["objects"]["countries"]["geometries"]}
    assert {"404", "288", "076"} <= ids


# --- the arranging functions (pure) ---------------------------------------------------------

def test_docstring_examples_run():
    result = doctest.testmod(dashboard)
    assert result.attempted > 0 and result.failed == 0


def test_severity_classes_and_amounts():
    assert [severity_class(s) for s in (0.0, 0.19, 0.4, 0.41, 0.99, None)] == [
        0, 0, 1, 2, 4, None]
    assert compact_usd(1_250_000) == "USD 1.2 m" and compact_usd(999) == "USD 999"
    assert compact_usd(150_000_000) == "USD 150 m"
    assert nice_step(7) == 2.0 and nice_step(31_000_000) == 10_000_000.0


def test_column_chart_lays_out_grouped_columns_on_a_round_scale():
    chart = column_chart([("2024", {"committed": 30.0, "requested": 15.0}),
                          ("2025", {"committed": 0.0})],
                         (("committed", "Committed"), ("requested", "Requested")),
                         width=400, height=200)
    assert len(chart.bars) == 4
    tall, half, empty, missing = chart.bars
    assert tall.height == pytest.approx(2 * half.height, abs=0.2)
    assert empty.height == missing.height == 0
    assert tall.y + tall.height == pytest.approx(chart.plot_bottom)
    assert tall.x < half.x < empty.x
    assert [t.text for t in chart.ticks] == ["USD 0", "USD 10", "USD 20", "USD 30"]
    assert chart.labels[0][1] == "2024" and "Committed: USD 30" in tall.text


def test_year_rows_keep_years_with_figures_up_to_two_years_ahead():
    indicators = {"by_year": {"2019": {"committed_usd": 0, "requested_usd": 0, "needs": 0},
                              "2020": {"committed_usd": 5.0}, "2031": {"requested_usd": 9.0},
                              "2027": {"needs": 2}}}
    rows = year_rows(indicators, date(2026, 1, 1))
    assert [r["year"] for r in rows] == ["2020", "2027"]


def _snapshot() -> Snapshot:
    regions = {"002": Region("002", "Africa", "region", "001"),
               "009": Region("009", "Oceania", "region", "001"),
               "011": Region("011", "Western Africa", "intermediate", "202"),
               "202": Region("202", "Sub-Saharan Africa", "subregion", "002")}
    countries = {
        "GHA": Country("GHA", "GH", "288", "Ghana", "002", "202", "011"),
        "FJI": Country("FJI", "FJ", "242", "Fiji", "009", "054"),
    }
    initiatives = {
        "i1": Initiative("i1", "Both", recipient_countries=("GHA", "FJI"),
                         budget=Money(100.0, "USD"), start=date(2024, 1, 1),
                         updated=datetime(2025, 1, 1)),
        "i2": Initiative("i2", "West Africa", recipient_regions=("011",),
                         budget=Money(50.0, "USD"), updated=datetime(2025, 6, 1)),
        "i3": Initiative("i3", "Cancelled", recipient_countries=("GHA",),
                         budget=Money(999.0, "USD"), status="cancelled"),
    }
    needs = {"n1": Need("n1", "GHA", "i", "Secret", confidential=True),
             "n2": Need("n2", "GHA", "i", "Open", updated=datetime(2026, 1, 1))}
    return Snapshot(countries=countries, regions=regions, initiatives=initiatives,
                    needs=needs)


def test_region_rows_split_budgets_over_the_regions_reached():
    rows = {r["code"]: r for r in region_rows(
        _snapshot(), [{"key": "002", "needs": 4, "funding_gap_usd": 10.0,
                       "mean_coverage": 0.5}])}
    assert rows["002"]["committed_usd"] == pytest.approx(100.0)  # 50 of i1 + 50 of i2
    assert rows["002"]["initiatives"] == 2 and rows["002"]["open_needs"] == 4
    assert rows["009"]["committed_usd"] == pytest.approx(50.0)
    assert rows["009"]["mean_coverage"] is None


def test_map_countries_are_keyed_by_numeric_code_and_ranked():
    aggregates = [{"key": "GHA", "needs": 3, "uncovered": 1, "mean_severity": 0.45,
                   "max_severity": 0.9, "funding_gap_usd": 5.0},
                  {"key": "FJI", "needs": 1, "uncovered": 1, "mean_severity": 0.7,
                   "max_severity": 0.7, "funding_gap_usd": 1.0},
                  {"key": "XXX", "needs": 1, "uncovered": 0, "mean_severity": 0.1,
                   "max_severity": 0.1, "funding_gap_usd": 0.0}]
    countries = map_countries(_snapshot(), aggregates)
    assert set(countries) == {"288", "242"} and countries["288"]["class"] == 2
    assert [c["alpha3"] for c in worst_countries(countries)] == ["FJI", "GHA"]


def test_newest_pairs_skip_reviewed_pairs_and_put_recent_changes_first():
    snapshot = _snapshot()
    pairs = [{"kind": "initiative", "a": "i1", "b": "i3", "score": 0.9, "review": None},
             {"kind": "initiative", "a": "i2", "b": "i3", "score": 0.6, "review": None},
             {"kind": "initiative", "a": "i1", "b": "i2", "score": 0.99,
              "review": {"decision": "acknowledged"}},
             {"kind": "need", "a": "n2", "b": "gone", "score": 0.8, "review": None}]
    found = newest_pairs(pairs, snapshot)
    assert [(p["a"], p["b"]) for p in found] == [("i2", "i3"), ("i1", "i3")]
    assert found[0]["record_a"].title == "West Africa"


def test_quality_warnings_list_only_what_the_viewer_may_open():
    quality = {"stale_before": "2025-11-24",
               "needs": {"stale": 2, "stale_share": 1.0,
                         "oldest": [{"id": "n1", "updated": "2020-01-01"},
                                    {"id": "n2", "updated": "2021-01-01"}]},
               "initiatives": {"stale": 0, "oldest": []}}
    without = [{"country": "FJI", "name": "Fiji", "needs": 2, "missing": ["profile"]},
               {"country": "GHA", "name": "Ghana", "needs": 1, "missing": ["framework"]}]
    public = quality_warnings(_snapshot(), quality, without, ANONYMOUS)
    assert [s["kind"] for s in public["stale"]] == ["needs"]
    assert public["stale"][0]["count"] == 2
    assert [r["id"] for r in public["stale"][0]["oldest"]] == ["n2"]
    assert [c["country"] for c in public["no_profile"]] == ["FJI"]
    full = quality_warnings(_snapshot(), quality, without, SYSTEM)
    assert [r["id"] for r in full["stale"][0]["oldest"]] == ["n1", "n2"]


def test_the_dashboard_suggests_providers_for_the_most_severe_gaps(client):
    page = client.get("/").get_data(as_text=True)
    assert "Top suggestions for the most severe gaps" in page
    assert "/needs/need-gha-i" in page  # the sample's open, visible need
    assert "CONFIDENTIAL-MARKER" not in page
