"""Who else is already there: initiatives reaching a country and those addressing a need."""
from __future__ import annotations

import doctest
from datetime import date

import pytest

from coordinator import neighbours
from coordinator.neighbours import (
    components_overlap,
    initiatives_addressing,
    initiatives_reaching,
    initiatives_received_counts,
    periods_overlap,
)
from tests.coordinator.sample_documents import base_document, snapshot_of


def _initiative(id_, **fields):
    record = {"id": id_, "title": f"Initiative {id_}", "providers": [{"id": "p-gef",
              "role": "funding"}], "components": ["i"], "start": "2024-01-01",
              "end": "2026-12-31", "status": "ongoing"}
    record.update(fields)
    return record


@pytest.fixture
def snapshot():
    document = base_document()
    document["initiatives"] += [
        _initiative("direct-gha", recipient_countries=["GHA"]),
        _initiative("africa-wide", recipient_regions=["002"]),
        _initiative("world-wide", recipient_regions=["001"], status="planned"),
        _initiative("other-region", recipient_regions=["019"]),
        _initiative("other-component", recipient_countries=["GHA"], components=["j"]),
        _initiative("ended-before", recipient_countries=["GHA"], start="2020-01-01",
                    end="2024-12-31", status="completed"),
        _initiative("cancelled", recipient_countries=["GHA"], status="cancelled"),
        _initiative("no-dates", recipient_countries=["GHA"], start=None, end=None),
    ]
    for record in document["initiatives"]:
        for key in [k for k, v in record.items() if v is None]:
            del record[key]
    return snapshot_of(document)


def test_an_initiative_reaches_a_country_directly_or_through_a_region(snapshot):
    reached = {r.initiative.id: r.through for r in initiatives_reaching(snapshot, "GHA")}
    assert reached["direct-gha"] is None
    assert reached["ini-1"] is None  # a direct recipient wins over its recipient region 011
    assert reached["africa-wide"] == "002"
    assert reached["world-wide"] == "001"
    assert "other-region" not in reached
    assert "cancelled" in reached  # received, even if it came to nothing


def test_reaching_lists_ongoing_before_planned_and_completed(snapshot):
    statuses = [r.initiative.status for r in initiatives_reaching(snapshot, "GHA")]
    assert statuses == sorted(statuses, key=["ongoing", "planned", "completed",
                                             "cancelled"].index)


def test_a_region_reaches_only_the_countries_inside_it(snapshot):
    reached = {r.initiative.id: r.through for r in initiatives_reaching(snapshot, "SEN")}
    assert reached["ini-1"] is None and reached["africa-wide"] == "002"
    assert "direct-gha" not in reached
    brazil = {r.initiative.id: r.through for r in initiatives_reaching(snapshot, "BRA")}
    assert brazil == {"other-region": "019", "world-wide": "001"}


def test_initiatives_addressing_a_need_share_place_component_and_time(snapshot):
    need = snapshot.needs["need-gha-i"]  # GHA, component i, 2025..2027
    found = [i.id for i in initiatives_addressing(snapshot, need)]
    assert set(found) == {"ini-1", "direct-gha", "africa-wide", "world-wide", "no-dates"}
    assert found.index("direct-gha") < found.index("world-wide")  # ongoing before planned


def test_sub_items_of_component_a_are_told_apart():
    document = base_document()
    document["needs"][0]["component"] = "a2"
    document["initiatives"][0]["components"] = ["a2", "b"]
    document["initiatives"].append(_initiative("a3-only", recipient_countries=["GHA"],
                                               components=["a3"]))
    snapshot = snapshot_of(document)
    found = initiatives_addressing(snapshot, snapshot.needs["need-gha-i"])
    assert [i.id for i in found] == ["ini-1"]


def test_components_and_periods_overlap():
    assert components_overlap(["a"], ["a5"]) and components_overlap(["a4"], ["b", "a"])
    assert not components_overlap(["a1"], ["a2"]) and not components_overlap(["i"], [])
    assert periods_overlap(date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31), None)
    assert not periods_overlap(date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 1), None)
    assert not periods_overlap(None, date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1))
    assert periods_overlap(None, None, date(2021, 1, 1), date(2022, 1, 1))


def test_received_counts_follow_the_same_rule_as_reaching(snapshot):
    counts = initiatives_received_counts(snapshot)
    for alpha3 in ("GHA", "SEN", "BRA", "KEN", "FRA"):
        assert counts[alpha3] == len(initiatives_reaching(snapshot, alpha3))
    assert counts["BRA"] == 2


def test_docstring_examples_run():
    assert doctest.testmod(neighbours).failed == 0
