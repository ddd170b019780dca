"""Duplicate records and overlapping support on small hand-made snapshots with known answers."""
from datetime import date

import pytest

from coordinator.analysis.duplication import duplicate_clusters, find_duplicates
from coordinator.domain import (
    ExchangeRate,
    Initiative,
    Money,
    Need,
    Provider,
    ProviderRole,
    Snapshot,
)
from coordinator.reference import load_countries, load_regions

RATES = (ExchangeRate("EUR", 2024, 1.10), ExchangeRate("EUR", 2025, 1.10))
PROVIDERS = {
    "P1": Provider("P1", "Development agency A", "bilateral"),
    "P2": Provider("P2", "Biosafety programme B", "multilateral"),
    "P3": Provider("P3", "Foundation C", "other_stakeholder"),
    "P4": Provider("P4", "National fund D", "national"),
}
DETECTION_EN = ("Strengthening the national reference laboratory for the detection of living "
                "modified organisms in Kenya: PCR equipment, sampling at border posts and "
                "training of 40 plant health inspectors with KEPHIS.")
DETECTION_REWORDED = ("Reinforcing the national reference laboratory for detection of living "
                      "modified organisms in Kenya: PCR equipment, border post sampling and "
                      "training for 40 plant health inspectors with KEPHIS.")
DETECTION_FR = ("Renforcement du laboratoire national de référence pour la détection des "
                "organismes vivants modifiés au Kenya : équipement PCR, échantillonnage aux "
                "postes frontières et formation de 40 inspecteurs phytosanitaires avec KEPHIS.")
OTHER_DETECTION = ("Detection of LMOs in Kenya: a mobile testing unit for customs officers at "
                   "Mombasa port and a manual on sampling of maize imports.")


def initiative(id, title, description, providers, *, countries=("KEN",), regions=(),
               components=("i",), budget=Money(500_000, "USD"), start=date(2024, 1, 1),
               end=date(2025, 12, 31), status="ongoing"):
    return Initiative(
        id=id, title=title, description=description,
        providers=tuple(ProviderRole(p, role) for p, role in providers),
        recipient_countries=tuple(countries), recipient_regions=tuple(regions),
        components=tuple(components), budget=budget, start=start, end=end, status=status,
    )


def snapshot(*initiatives, needs=()):
    return Snapshot(
        countries=load_countries(), regions=load_regions(), providers=PROVIDERS,
        initiatives={i.id: i for i in initiatives}, needs={n.id: n for n in needs},
        rates=RATES, as_of=date(2025, 6, 1),
    )


ORIGINAL = initiative("KE-1", "LMO detection laboratory, Kenya", DETECTION_EN,
                      [("P1", "funding"), ("P2", "implementing")])


def pair_of(pairs, a, b):
    found = [p for p in pairs if {p.a, p.b} == {a, b}]
    return found[0] if found else None


def test_the_same_project_entered_by_donor_and_implementer_is_a_duplicate_record():
    copy = initiative("IATI-KE-77", "Detection laboratory for LMOs in Kenya", DETECTION_REWORDED,
                      [("P2", "implementing")], start=date(2024, 2, 15), end=date(2026, 1, 31),
                      budget=Money(455_000, "EUR"))
    pairs = find_duplicates(snapshot(ORIGINAL, copy))
    pair = pair_of(pairs, "KE-1", "IATI-KE-77")
    assert pair is not None and pair.relation == "duplicate_record"
    assert pair.score >= 0.5
    assert set(pair.parts) >= {"text", "title", "recipients", "components", "period", "budget",
                               "providers"}
    assert pair.parts["recipients"] == 1.0 and pair.parts["budget"] > 0.9
    first = pair.reasons[0]
    assert "Kenya" in first and "(i)" in first and "2024–2025" in first
    assert "descriptions" in first
    assert any("Biosafety programme B" in reason for reason in pair.reasons)


def test_a_french_record_of_an_english_project_is_caught():
    french = initiative("FR-9", "Laboratoire de détection des OVM au Kenya", DETECTION_FR,
                        [("P1", "funding")], budget=Money(455_000, "EUR"),
                        start=date(2024, 1, 15), end=date(2025, 12, 15))
    pair = pair_of(find_duplicates(snapshot(ORIGINAL, french)), "KE-1", "FR-9")
    assert pair is not None and pair.relation == "duplicate_record"
    assert any("different languages" in reason for reason in pair.reasons)


def test_two_providers_funding_the_same_work_at_the_same_time_is_overlapping_support():
    other = initiative("KE-2", "LMO detection at Mombasa port", OTHER_DETECTION,
                       [("P3", "funding")], budget=Money(120_000, "USD"),
                       start=date(2024, 6, 1), end=date(2025, 6, 30))
    pair = pair_of(find_duplicates(snapshot(ORIGINAL, other)), "KE-1", "KE-2")
    assert pair is not None and pair.relation == "overlapping_support"
    assert pair.parts["providers"] == 0.0
    assert any("coordinate" in reason for reason in pair.reasons)


def test_near_misses_are_not_flagged():
    years_later = initiative("KE-3", "LMO detection laboratory, Kenya (phase II)", DETECTION_EN,
                             [("P1", "funding")], start=date(2029, 1, 1), end=date(2030, 12, 31),
                             status="planned")
    other_component = initiative(
        "KE-4", "Public awareness of biosafety in Kenya",
        "Radio programmes and school visits on biosafety for the general public in Kenya.",
        [("P4", "funding")], components=("e",))
    other_country = initiative("UG-1", "LMO detection laboratory, Uganda",
                               DETECTION_EN.replace("Kenya", "Uganda"), [("P3", "funding")],
                               countries=("UGA",))
    pairs = find_duplicates(snapshot(ORIGINAL, years_later, other_component, other_country))
    assert pairs == []


def test_a_regional_initiative_meets_national_records_of_its_countries():
    regional = initiative("EA-1", "LMO detection laboratories in Eastern Africa",
                          DETECTION_EN.replace("in Kenya", "in Eastern Africa"),
                          [("P3", "funding")], countries=(), regions=("014",),
                          budget=Money(2_000_000, "USD"))
    pair = pair_of(find_duplicates(snapshot(ORIGINAL, regional)), "KE-1", "EA-1")
    assert pair is not None and pair.relation == "overlapping_support"
    assert "Kenya" in pair.reasons[0]


def test_cancelled_initiatives_are_never_overlapping_support():
    other = initiative("KE-2", "LMO detection at Mombasa port", OTHER_DETECTION,
                       [("P3", "funding")], status="cancelled")
    assert find_duplicates(snapshot(ORIGINAL, other)) == []


def need(id, description, *, country="KEN", component="i", cost=300_000, start=date(2024, 1, 1)):
    return Need(id=id, country=country, component=component, title=description[:40],
                description=description, priority=1, start=start, end=date(2026, 12, 31),
                estimated_cost=Money(cost, "USD"))


def test_a_need_entered_twice_is_a_duplicate_and_a_different_need_is_not():
    first = need("N1", "Kenya needs PCR equipment and training for the national reference "
                       "laboratory to detect LMOs in maize imports.")
    again = need("N2", "Kenya needs training and PCR equipment for its national reference "
                       "laboratory to detect LMOs in imported maize.", cost=310_000)
    different = need("N3", "Sampling protocols for customs officers at land borders.",
                     cost=45_000, start=date(2025, 3, 1))
    pairs = find_duplicates(snapshot(needs=(first, again, different)), kinds=("need",))
    assert [(p.kind, {p.a, p.b}, p.relation) for p in pairs] == [
        ("need", {"N1", "N2"}, "duplicate_record")]
    assert "Kenya" in pairs[0].reasons[0]


def test_pairs_have_the_contract_shape_and_are_sorted_by_score():
    copy = initiative("KE-1B", ORIGINAL.title, DETECTION_EN, [("P1", "funding")])
    other = initiative("KE-2", "LMO detection at Mombasa port", OTHER_DETECTION,
                       [("P3", "funding")])
    pairs = find_duplicates(snapshot(ORIGINAL, copy, other))
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)
    shape = pairs[0].as_dict()
    assert set(shape) == {"kind", "a", "b", "score", "relation", "reasons", "parts"}
    assert shape["kind"] == "initiative" and 0.0 <= shape["score"] <= 1.0
    assert isinstance(shape["reasons"], list) and all(isinstance(r, str) for r in shape["reasons"])
    assert all(0.0 <= value <= 1.0 for value in shape["parts"].values())


def test_duplicate_records_form_clusters():
    copy = initiative("KE-1B", ORIGINAL.title, DETECTION_EN, [("P1", "funding")])
    third = initiative("KE-1C", ORIGINAL.title, DETECTION_REWORDED, [("P2", "implementing")])
    other = initiative("KE-2", "LMO detection at Mombasa port", OTHER_DETECTION,
                       [("P3", "funding")])
    pairs = find_duplicates(snapshot(ORIGINAL, copy, third, other))
    assert duplicate_clusters(pairs) == [("KE-1", "KE-1B", "KE-1C")]


def test_min_score_filters_and_is_checked():
    other = initiative("KE-2", "LMO detection at Mombasa port", OTHER_DETECTION,
                       [("P3", "funding")])
    assert find_duplicates(snapshot(ORIGINAL, other), min_score=0.99) == []
    with pytest.raises(ValueError):
        find_duplicates(snapshot(ORIGINAL), min_score=1.5)


def test_a_national_project_inside_a_multi_country_one_is_overlapping_support():
    regional = initiative("EA-3", "LMO detection laboratories in Kenya, Uganda and Tanzania",
                          DETECTION_EN.replace("in Kenya", "in Kenya, Uganda and Tanzania"),
                          [("P3", "funding")], countries=("KEN", "UGA", "TZA"),
                          budget=Money(1_500_000, "USD"))
    pair = pair_of(find_duplicates(snapshot(ORIGINAL, regional)), "KE-1", "EA-3")
    assert pair is not None and pair.relation == "overlapping_support"
    # Jaccard 1/3, all of Kenya inside the other: the mean of both
    assert pair.parts["recipients"] == pytest.approx(2 / 3)
    assert "in Kenya" in pair.reasons[0]


def test_the_same_need_for_a_time_frame_a_year_later_is_another_need():
    first = need("N1", "Kenya needs PCR equipment and training for the national reference "
                       "laboratory to detect LMOs in maize imports.")
    weeks_later = need("N2", "Kenya needs training and PCR equipment for its national "
                             "reference laboratory to detect LMOs in imported maize.",
                       cost=310_000, start=date(2024, 2, 10))
    year_later = need("N3", "Kenya needs training and PCR equipment for its national "
                            "reference laboratory to detect LMOs in imported maize.",
                      cost=310_000, start=date(2025, 1, 1))
    pairs = find_duplicates(snapshot(needs=(first, weeks_later)), kinds=("need",))
    assert [(p.a, p.b) for p in pairs] == [("N1", "N2")]
    assert 0.9 < pairs[0].parts["dates"] < 1.0
    assert find_duplicates(snapshot(needs=(first, year_later)), kinds=("need",)) == []


def test_the_garbage_collector_is_left_as_it_was():
    import gc

    assert gc.isenabled()
    find_duplicates(snapshot(ORIGINAL))
    assert gc.isenabled()
    gc.disable()
    try:
        find_duplicates(snapshot(ORIGINAL))
        assert not gc.isenabled()
    finally:
        gc.enable()
