"""Indicators by year and level, and the completeness and freshness of records."""
from datetime import date, datetime

import pytest

from coordinator.analysis.data_quality import record_completeness
from coordinator.analysis.duplication import DuplicatePair
from coordinator.analysis.indicators import indicators, initiative_level
from coordinator.domain import Initiative, Money, Need, Profile, Provider, ProviderRole, Snapshot
from coordinator.reference import load_countries, load_regions


def initiative(id, countries=("KEN",), regions=(), budget=100_000.0, start=date(2023, 1, 1),
               providers=("P1",), status="ongoing", updated=datetime(2024, 6, 1)):
    return Initiative(
        id=id, title=id, description="d", providers=tuple(ProviderRole(p, "funding")
                                                          for p in providers),
        recipient_countries=tuple(countries), recipient_regions=tuple(regions),
        components=("i",), budget=Money(budget, "USD"), start=start, end=date(2024, 12, 31),
        status=status, updated=updated)


INITIATIVES = [
    initiative("national-ldc", countries=("MWI",), providers=("P1", "P2")),
    initiative("national", countries=("URY",)),
    initiative("regional", countries=("KEN", "UGA"), budget=200_000.0),
    initiative("subregion", countries=(), regions=("014",), start=date(2024, 1, 1)),
    initiative("international", countries=("KEN", "PER"), start=date(2024, 1, 1),
               updated=datetime(2020, 1, 1)),
    initiative("cancelled", status="cancelled"),
]
NEEDS = [
    Need("N1", "MWI", "i", "need", start=date(2023, 2, 1), estimated_cost=Money(50_000, "USD"),
         status="met"),
    Need("N2", "URY", "b", "need", start=date(2023, 5, 1), estimated_cost=Money(70_000, "USD")),
]


def world():
    return Snapshot(
        countries=load_countries(), regions=load_regions(),
        providers={"P1": Provider("P1", "A", "bilateral"), "P2": Provider("P2", "B", "gef")},
        initiatives={i.id: i for i in INITIATIVES}, needs={n.id: n for n in NEEDS},
        profiles={"MWI": Profile("MWI", updated=date(2023, 1, 1))}, as_of=date(2025, 1, 1),
    )


def test_levels_follow_the_recipients():
    snapshot = world()
    levels = {i.id: initiative_level(i, snapshot) for i in INITIATIVES}
    assert levels["national-ldc"] == "national" and levels["national"] == "national"
    assert levels["regional"] == "regional" and levels["subregion"] == "regional"
    assert levels["international"] == "international"


def test_committed_requested_and_priority_groups_by_year_and_level():
    result = indicators(world())
    year = result["by_year"]["2023"]
    assert year["initiatives"] == 3  # the cancelled one is left out
    assert year["committed_usd"] == 400_000
    assert year["requested_usd"] == 120_000
    assert year["levels"]["national"]["committed_usd"] == 200_000
    # Malawi (LDC) gets all of its initiative; Uruguay none; Kenya and Uganda are in groups
    national = year["levels"]["national"]
    assert national["priority_groups_share"] == pytest.approx(0.5)
    assert result["by_year"]["2024"]["levels"]["international"]["initiatives"] == 1
    assert year["needs"] == 2 and year["needs_covered_share"] == 0.5


def test_duplication_rate_uses_the_pairs_given():
    pairs = [DuplicatePair("initiative", "national", "regional", 0.9, "duplicate_record"),
             DuplicatePair("initiative", "regional", "national-ldc", 0.6, "overlapping_support")]
    year = indicators(world(), duplicates=pairs)["by_year"]["2023"]
    assert year["duplication_rate"] == pytest.approx(2 / 3, abs=1e-3)
    assert year["overlap_rate"] == pytest.approx(2 / 3, abs=1e-3)


def test_providers_per_country():
    providers = indicators(world())["providers_per_country"]
    assert providers["countries"]["MWI"] == 2 and providers["countries"]["KEN"] == 1
    assert providers["countries_with_needs_but_no_provider"] == []


def test_completeness_and_freshness_of_records():
    quality = indicators(world())["data_quality"]
    assert quality["stale_before"] == "2024-01-02"
    assert quality["initiatives"]["stale"] == 1
    assert quality["initiatives"]["oldest"] == [{"id": "international", "updated": "2020-01-01"}]
    assert quality["needs"]["never_updated"] == 2
    assert quality["profiles"]["stale"] == 1
    share, missing = record_completeness("needs", NEEDS[0])
    assert missing == ("description", "end", "sequence") and share == pytest.approx(0.4)


def test_the_result_is_plain_json():
    import json

    text = json.dumps(indicators(world()))
    assert '"by_year"' in text and '"overall"' in text


def test_least_complete_and_oldest_records_come_first_ties_by_id():
    from coordinator.analysis.data_quality import data_quality

    needs = {n.id: n for n in [
        Need(f"N{k:02d}", "KEN", "i", "need", description="" if k % 2 else "d",
             start=date(2023, 1, 1) if k % 3 else None,
             updated=datetime(2020, 1, 1 + k % 4) if k % 5 else None)
        for k in range(1, 31)]}
    quality = data_quality(Snapshot(needs=needs), stale_before=date(2021, 1, 1))["needs"]
    least = quality["least_complete"]
    assert len(least) == 10
    shares = [(entry["completeness"], entry["id"]) for entry in least]
    assert shares == sorted(shares)
    assert least[0]["missing"] == ["description", "start", "end", "estimated_cost", "sequence"]
    oldest = [(entry["updated"], entry["id"]) for entry in quality["oldest"]]
    assert oldest == sorted(oldest) and len(oldest) == 10
    assert oldest[0] == ("2020-01-01", "N04")
    assert quality["never_updated"] == 6 and quality["stale"] == 24
    assert quality["missing_fields"]["description"] == 15
