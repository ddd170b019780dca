"""Coverage of needs by initiatives, funding gaps, severity and the area views of gaps."""
from datetime import date, datetime

import pytest

from coordinator.analysis.gaps import (
    aggregate_gaps,
    countries_without_coordination_data,
    need_coverage,
    uncovered_components,
)
from coordinator.domain import (
    ExchangeRate,
    Initiative,
    Money,
    Need,
    Profile,
    Provider,
    ProviderRole,
    Snapshot,
)
from coordinator.money import RateTable
from coordinator.reference import load_countries, load_regions

RATES = RateTable([ExchangeRate("EUR", 2024, 1.25)])


def need(id, country="KEN", component="i", cost=Money(100_000, "USD"), priority=3,
         start=date(2024, 1, 1), end=date(2025, 12, 31), status="open"):
    return Need(id=id, country=country, component=component, title=f"Need {id}",
                priority=priority, start=start, end=end, estimated_cost=cost, status=status)


def initiative(id, countries=("KEN",), regions=(), components=("i",),
               budget=Money(40_000, "USD"), start=date(2024, 3, 1), end=date(2025, 3, 1),
               status="ongoing"):
    return Initiative(id=id, title=f"Initiative {id}", providers=(ProviderRole("P1", "funding"),),
                      recipient_countries=tuple(countries), recipient_regions=tuple(regions),
                      components=tuple(components), budget=budget, start=start, end=end,
                      status=status)


def snapshot(needs=(), initiatives=(), providers=(), profiles=()):
    return Snapshot(
        countries=load_countries(), regions=load_regions(),
        needs={n.id: n for n in needs}, initiatives={i.id: i for i in initiatives},
        providers={p.id: p for p in providers}, profiles={p.country: p for p in profiles},
        as_of=date(2025, 1, 1),
    )


def only(gaps, need_id):
    return next(g for g in gaps if g.need == need_id)


def test_one_initiative_partly_closes_a_gap():
    # 120,000 split over two countries and two components: 30,000 for Kenya's need on i
    gaps = need_coverage(snapshot(
        needs=[need("N1")],
        initiatives=[initiative("I1", countries=("KEN", "UGA"), components=("i", "b"),
                                budget=Money(120_000, "USD"))]), RATES)
    gap = only(gaps, "N1")
    assert gap.coverage == pytest.approx(0.3)
    assert gap.funding_gap == Money(70_000, "USD")
    assert gap.initiatives == ("I1",) and gap.initiative_count == 1
    assert any("I1" in reason for reason in gap.reasons)
    assert any("30%" in reason for reason in gap.reasons)
    assert gap.as_dict()["funding_gap"] == {"amount": 70_000, "currency": "USD"}


def test_an_uncovered_need_has_full_gap_and_says_so():
    gap = only(need_coverage(snapshot(needs=[need("N1")]), RATES), "N1")
    assert gap.coverage == 0.0 and gap.funding_gap == Money(100_000, "USD")
    assert gap.initiative_count == 0
    assert "no active initiative" in gap.reasons[0]


def test_regions_parent_components_and_currencies_are_taken_into_account():
    gaps = need_coverage(snapshot(
        needs=[need("N1", component="a2", cost=Money(80_000, "EUR"))],
        initiatives=[
            # Eastern Africa (014) contains Kenya; component "a" covers a2
            initiative("I1", countries=(), regions=("014",), components=("a",),
                       budget=Money(10_000_000, "USD")),
        ]), RATES)
    gap = only(gaps, "N1")
    assert gap.cost_usd == pytest.approx(100_000)
    assert gap.initiative_count == 1
    members = len([c for c in load_countries().values() if "014" in c.areas])
    assert gap.covered_usd == pytest.approx(10_000_000 / members / 5)


def test_only_initiatives_active_in_the_time_frame_count():
    gaps = need_coverage(snapshot(
        needs=[need("N1")],
        initiatives=[
            initiative("old", start=date(2015, 1, 1), end=date(2017, 1, 1), status="completed"),
            initiative("cancelled", status="cancelled"),
            initiative("elsewhere", countries=("PER",)),
            initiative("other-component", components=("e",)),
            initiative("planned", start=date(2025, 6, 1), end=date(2026, 6, 1),
                       status="planned"),
            initiative("done-in-frame", start=date(2023, 6, 1), end=date(2024, 6, 1),
                       status="completed"),
        ]), RATES)
    assert set(only(gaps, "N1").initiatives) == {"planned", "done-in-frame"}


def test_met_and_withdrawn_needs_are_not_gaps_and_severity_orders_the_rest():
    gaps = need_coverage(snapshot(needs=[
        need("met", status="met"), need("withdrawn", status="withdrawn"),
        # Malawi is a least developed country; priority 1 and waiting longer
        need("urgent", country="MWI", priority=1, start=date(2021, 1, 1)),
        need("minor", country="URY", priority=5, start=date(2024, 12, 1)),
    ]), RATES)
    assert [g.need for g in gaps] == ["urgent", "minor"]
    urgent, minor = gaps
    assert "ldc" in urgent.priority_groups and minor.priority_groups == ()
    assert 0.0 <= minor.severity < urgent.severity <= 1.0
    assert any("waiting" in reason for reason in urgent.reasons)


def test_unknown_cost_gives_coverage_by_presence_and_no_funding_gap():
    gaps = need_coverage(snapshot(needs=[need("N1", cost=None)],
                                  initiatives=[initiative("I1")]), RATES)
    gap = only(gaps, "N1")
    assert gap.coverage == 1.0 and gap.funding_gap is None
    assert gap.as_dict()["funding_gap"] is None


def test_gaps_add_up_by_area_component_and_priority_group():
    world = snapshot(needs=[need("N1", country="KEN"), need("N2", country="UGA"),
                            need("N3", country="MWI", component="b")])
    gaps = need_coverage(world, RATES)
    by_component = {e["key"]: e for e in aggregate_gaps(gaps, world, by="component")}
    assert by_component["i"]["needs"] == 2 and by_component["i"]["funding_gap_usd"] == 200_000
    by_region = aggregate_gaps(gaps, world, by="region")
    assert [(e["key"], e["needs"], e["label"]) for e in by_region] == [("002", 3, "Africa")]
    by_group = {e["key"]: e["needs"] for e in aggregate_gaps(gaps, world, by="priority_group")}
    assert by_group["ldc"] == 2  # Uganda and Malawi
    with pytest.raises(ValueError):
        aggregate_gaps(gaps, world, by="planet")


def test_components_no_provider_focuses_on_in_a_region():
    providers = [
        Provider("P1", "Agency", "bilateral", focus_components=("i",), focus_countries=("KEN",)),
        Provider("P2", "Fund", "multilateral", focus_components=("a",), focus_regions=("002",)),
        Provider("P3", "Anywhere", "other_stakeholder", focus_components=("b",)),
    ]
    world = snapshot(needs=[need("N1", component="c")], providers=providers)
    africa = next(e for e in uncovered_components(world) if e["area"] == "002")
    assert "i" not in africa["components"] and "a3" not in africa["components"]
    assert "b" not in africa["components"] and "c" in africa["components"]
    assert africa["open_needs"]["c"] == 1
    americas = next(e for e in uncovered_components(world) if e["area"] == "019")
    assert "i" in americas["components"] and "b" not in americas["components"]


def test_countries_with_needs_but_no_coordination_data():
    profiles = [
        Profile("KEN", focal_point=True, competent_authority=True, framework="operational",
                coordination_mechanism=True, updated=date(2024, 5, 1)),
        Profile("UGA", focal_point=True, framework="drafting"),
    ]
    world = snapshot(needs=[need("N1", country="KEN"), need("N2", country="UGA"),
                            need("N3", country="MWI")], profiles=profiles)
    found = {e["country"]: e["missing"] for e in countries_without_coordination_data(world)}
    assert "KEN" not in found
    assert found["MWI"] == ["profile"]
    assert found["UGA"] == ["competent_authority", "coordination_mechanism", "updated"]


def test_waiting_time_is_counted_from_the_update_when_there_is_no_start():
    undated = Need(id="N1", country="KEN", component="i", title="x", priority=3,
                   updated=datetime(2022, 1, 1), estimated_cost=Money(1000, "USD"))
    gap = need_coverage(snapshot(needs=[undated]), RATES)[0]
    assert any("waiting 3.0 years" in reason for reason in gap.reasons)
