"""Suggestions and allocation from a Snapshot: the contract's "match" and "allocate" outputs."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from coordinator.analysis.gaps import need_coverage
from coordinator.domain import (
    Capacity,
    Country,
    ExchangeRate,
    Initiative,
    Money,
    Need,
    Partnership,
    PartnershipEvent,
    Provider,
    ProviderRole,
    Region,
    Snapshot,
)
from coordinator.errors import NotFound
from coordinator.money import RateTable
from coordinator.suggestions import (
    allocation,
    allocation_result,
    country_languages,
    prepare,
    suggest_for_need,
    suggest_for_provider,
)
from matching.types import Decision

RATES = RateTable([ExchangeRate("EUR", 2024, 1.1)])
REGIONS = {
    "002": Region("002", "Africa", "region", "001"),
    "202": Region("202", "Sub-Saharan Africa", "subregion", "002"),
    "011": Region("011", "Western Africa", "intermediate", "202"),
    "014": Region("014", "Eastern Africa", "intermediate", "202"),
    "142": Region("142", "Asia", "region", "001"),
    "034": Region("034", "Southern Asia", "subregion", "142"),
}


def country(alpha3, name, intermediate, subregion, region, groups=()):
    return Country(alpha3, alpha3[:2], "000", name, region, subregion, intermediate,
                   frozenset(groups))


COUNTRIES = {
    "GHA": country("GHA", "Ghana", "011", "202", "002"),
    "BFA": country("BFA", "Burkina Faso", "011", "202", "002", ["ldc"]),
    "SEN": country("SEN", "Senegal", "011", "202", "002", ["ldc"]),
    "NGA": country("NGA", "Nigeria", "011", "202", "002"),
    "KEN": country("KEN", "Kenya", "014", "202", "002"),
    "IND": country("IND", "India", None, "034", "142"),
}


def need(nid, country_code, component, cost=None, **more):
    return Need(nid, country_code, component, title=more.pop("title", f"{component} need"),
                description=more.pop("description", ""), priority=more.pop("priority", 2),
                estimated_cost=None if cost is None else Money(cost, "USD"), **more)


def snapshot(**changes) -> Snapshot:
    needs = {n.id: n for n in [
        need("BFA-i", "BFA", "i", 350_000, priority=1,
             title="LMO detection laboratory", description="Detection of LMOs in imports"),
        need("SEN-i", "SEN", "i", 200_000, title="Detection of LMOs at the border"),
        need("KEN-e", "KEN", "e", 100_000, title="Public awareness of biosafety"),
        need("GHA-i-secret", "GHA", "i", 50_000, confidential=True, title="Confidential lab"),
    ]}
    providers = {p.id: p for p in [
        Provider("detect-fund", "Detection fund", "bilateral", focus_components=("i", "c"),
                 focus_regions=("011",), budget=Money(2_000_000, "EUR"), languages=("fr",)),
        Provider("big-facility", "Global facility", "multilateral",
                 focus_components=("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
                 focus_regions=("001",), budget=Money(50_000_000, "USD")),
        Provider("broke", "Spent fund", "bilateral", focus_components=("i",),
                 focus_regions=("011",), budget=Money(0, "USD")),
        Provider("expert-fr", "Expert", "expert", country="SEN", focus_components=("i",),
                 languages=("fr",)),
    ]}
    initiatives = {i.id: i for i in [
        Initiative("past-detection", "LMO detection in Burkina Faso",
                   "Laboratories for detecting LMOs", (ProviderRole("detect-fund", "funding"),),
                   recipient_countries=("BFA",), components=("i",),
                   budget=Money(400_000, "USD"), status="completed"),
        Initiative("senegal-now", "Border detection", "", (ProviderRole("big-facility",
                                                                           "funding"),),
                   recipient_countries=("SEN",), components=("i",),
                   budget=Money(200_000, "USD"), status="ongoing"),
    ]}
    capacities = {c.id: c for c in [
        Capacity("nga-i", "NGA", "i", "advanced", "Reference laboratory for GMO detection",
                 can_offer=True),
        Capacity("ind-i", "IND", "i", "advanced", "Detection laboratory network",
                 can_offer=True),
        Capacity("ken-e", "KEN", "e", "basic", can_offer=False),
    ]}
    values = dict(countries=COUNTRIES, regions=REGIONS, needs=needs, providers=providers,
                  initiatives=initiatives, capacities=capacities, as_of=date(2024, 6, 1))
    values.update(changes)
    return Snapshot(**values)


def test_match_for_a_need_has_the_contract_shape_and_the_specialist_first():
    result = suggest_for_need(snapshot(), RATES, "BFA-i")
    json.dumps(result)
    assert result["need"] == "BFA-i"
    first = result["suggestions"][0]
    assert first["provider"] == "detect-fund"
    assert set(first) >= {"provider", "score", "parts", "reasons"}
    assert 0 <= first["score"] <= 1
    assert "funds Identification of LMOs, including their detection (i) in Burkina Faso" \
        in first["reasons"]
    assert "budget USD 2.2 M covers the estimated USD 350 k" in first["reasons"]
    providers = [s["provider"] for s in result["suggestions"]]
    assert "broke" not in providers
    assert providers.index("detect-fund") < providers.index("big-facility")
    assert "country:NGA" in providers and "expert-fr" in providers
    assert result["model"]["learned"] is False
    assert "expert weights" in result["model"]["note"]


def test_south_south_countries_come_from_capacities_and_prefer_the_region():
    result = suggest_for_need(snapshot(), RATES, "BFA-i", top=20)
    providers = [s["provider"] for s in result["suggestions"]]
    assert providers.index("country:NGA") < providers.index("country:IND")
    nga = next(s for s in result["suggestions"] if s["provider"] == "country:NGA")
    assert nga["kind"] == "country" and nga["name"] == "Nigeria"
    assert "budget" not in nga["parts"]
    assert suggest_for_need(snapshot(), RATES, "KEN-e")["suggestions"][0]["provider"] != \
        "country:KEN"


def test_ongoing_initiative_counts_as_coverage_and_is_penalised():
    result = suggest_for_provider(snapshot(), RATES, "detect-fund")
    by_need = {s["need"]: s for s in result["suggestions"]}
    assert by_need["SEN-i"]["parts"]["duplication"] == 1.0
    assert "already fully covered by 1 initiative: penalised" in by_need["SEN-i"]["reasons"]
    assert by_need["BFA-i"]["score"] > by_need["SEN-i"]["score"]


def test_confidential_needs_reach_providers_only_when_allowed():
    hidden = suggest_for_provider(snapshot(), RATES, "detect-fund")
    assert "GHA-i-secret" not in [s["need"] for s in hidden["suggestions"]]
    shown = suggest_for_provider(snapshot(), RATES, "detect-fund", include_confidential=True)
    assert "GHA-i-secret" in [s["need"] for s in shown["suggestions"]]
    result = allocation(snapshot(), RATES)
    assert "GHA-i-secret" not in {a["need"] for a in result["assignments"]}


def test_declined_pairs_are_never_suggested_again():
    declined = Decision("BFA-i", "detect-fund", False, "outside this year's window")
    result = suggest_for_need(snapshot(), RATES, "BFA-i", decisions=[declined])
    assert "detect-fund" not in [s["provider"] for s in result["suggestions"]]
    as_tuple = suggest_for_provider(snapshot(), RATES, "detect-fund",
                                    decisions=[("BFA-i", "detect-fund", False, "no")])
    assert "BFA-i" not in [s["need"] for s in as_tuple["suggestions"]]
    partnership = Partnership("p1", "BFA-i", "declined", provider="detect-fund",
                              history=(PartnershipEvent("declined", datetime(2024, 5, 1),
                                                        "not now"),))
    recorded = snapshot(partnerships={"p1": partnership})
    assert "detect-fund" not in [s["provider"] for s in
                                 suggest_for_need(recorded, RATES, "BFA-i")["suggestions"]]
    assert ("BFA-i", "detect-fund") not in {
        (a.need, a.provider) for a in allocation_result(recorded, RATES).assignments}


def test_few_decisions_keep_the_expert_weights_and_enough_replace_them():
    data = snapshot()
    few = [Decision("KEN-e", "big-facility", True), Decision("SEN-i", "expert-fr", False)]
    result = suggest_for_need(data, RATES, "BFA-i", decisions=few)
    assert result["model"]["decisions"] == 2 and result["model"]["learned"] is False
    extra = {f"{c}-{k}": need(f"{c}-{k}", c, k, 100_000, title=f"{k} in {c}")
             for c in ("GHA", "NGA", "KEN", "IND", "SEN") for k in ("c", "d", "i", "e")}
    data = snapshot(needs={**data.needs, **extra})
    # the decisions favour providers that work in the need's region
    many = [Decision(n, p, accepted=COUNTRIES[data.needs[n].country].intermediate_region
                     == "011" and p in ("detect-fund", "expert-fr"))
            for n in extra for p in ("detect-fund", "big-facility", "expert-fr")]
    assert len(many) >= 30
    result = suggest_for_need(data, RATES, "BFA-i", decisions=many)
    model = result["model"]
    assert model["learned"] is True and model["decisions"] == len(many)
    assert 0.0 <= model["auc"] <= 1.0 and "held-out" in model["note"]
    assert result["weights"] == model["weights"]
    assert result["weights"]["geography"] > 0.2


def test_allocation_has_the_contract_shape_and_respects_budgets_and_costs():
    data = snapshot()
    result = allocation(data, RATES)
    json.dumps(result)
    assert set(result) >= {"assignments", "objective", "unassigned", "method"}
    assert "augmenting paths" in result["method"]
    lp = allocation(data, RATES, method="lp")
    assert "HiGHS" in lp["method"] and lp["objective"] == pytest.approx(result["objective"])
    spent, got = {}, {}
    for a in result["assignments"]:
        assert a["amount"]["currency"] == "USD" and a["amount"]["amount"] > 0
        assert a["reasons"][0].startswith("covers USD")
        spent[a["provider"]] = spent.get(a["provider"], 0) + a["amount"]["amount"]
        got[a["need"]] = got.get(a["need"], 0) + a["amount"]["amount"]
    assert spent and spent.get("detect-fund", 0) <= 2_200_000 + 1e-6
    assert "broke" not in spent and "expert-fr" not in spent
    assert got["BFA-i"] == pytest.approx(350_000)
    assert "SEN-i" not in got  # already fully covered by the ongoing initiative
    greedy = allocation(data, RATES, method="greedy")
    assert greedy["objective"] <= result["objective"] + 1e-6


def test_unknown_ids_are_not_found():
    with pytest.raises(NotFound, match="need 'nope'"):
        suggest_for_need(snapshot(), RATES, "nope")
    with pytest.raises(NotFound, match="provider 'nope'"):
        suggest_for_provider(snapshot(), RATES, "nope")


def test_money_in_other_currencies_is_converted_or_left_unknown():
    data = snapshot()
    index = prepare(data, RATES).index
    detect = index.providers[index.provider_table.position["detect-fund"]]
    assert detect.budget_usd == pytest.approx(2_200_000)
    odd = dict(data.providers)
    odd["detect-fund"] = Provider("detect-fund", "Detection fund", "bilateral",
                                  budget=Money(5, "XXX"))
    index = prepare(snapshot(providers=odd), RATES).index
    assert index.providers[index.provider_table.position["detect-fund"]].budget_usd is None


def test_language_hints():
    assert country_languages("SEN") == ("fr",)
    assert set(country_languages("CMR")) == {"en", "fr"}
    assert country_languages("XYZ") == ()


def test_coverage_and_severity_are_those_of_the_gap_analysis():
    data = snapshot()
    regional = Initiative("west-africa-programme", "Regional detection programme", "",
                          (ProviderRole("big-facility", "funding"),),
                          recipient_countries=("BFA",), recipient_regions=("011",),
                          components=("i",), budget=Money(1_000_000, "USD"), status="ongoing")
    data = snapshot(initiatives={**data.initiatives, regional.id: regional})
    index = prepare(data, RATES).index
    bfa = index.needs[index.need_table.position["BFA-i"]]
    gap = next(g for g in need_coverage(data, RATES) if g.need == "BFA-i")
    # the budget is split over the 4 West African countries it covers: USD 250 k of 350 k
    assert bfa.covered_share == pytest.approx(gap.coverage) == pytest.approx(250 / 350)
    assert bfa.severity == pytest.approx(gap.severity)
    assert bfa.covered_by == 1
    result = suggest_for_need(data, RATES, "BFA-i")
    assert "already 71 % covered by 1 initiative: penalised" in \
        result["suggestions"][0]["reasons"]
    ghana = index.needs[index.need_table.position["GHA-i-secret"]]
    assert ghana.covered_share == 1.0  # USD 250 k for a USD 50 k need
