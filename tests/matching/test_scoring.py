"""Need x provider scoring: hand-made cases whose best answer is known."""
from __future__ import annotations

import numpy as np
import pytest

from matching.scoring import MatchIndex
from matching.types import CapacityItem, Labels, NeedItem, ProviderItem

WEST_AFRICA = ("011", "202", "002")
SOUTHERN_ASIA = ("034", "142")
LABELS = Labels(
    components={"i": "Identification of LMOs, including their detection", "b": "Training"},
    places={"011": "Western Africa", "202": "Sub-Saharan Africa", "002": "Africa",
            "GHA": "Ghana", "NGA": "Nigeria", "IND": "India", "034": "Southern Asia"},
    groups={"ldc": "Least developed countries"},
)


def ldc_need(**changes) -> NeedItem:
    values = dict(
        id="N-GHA-i", country="GHA", component="i", areas=WEST_AFRICA, priority=1,
        cost_usd=350_000.0, groups=frozenset({"ldc"}), languages=("en",),
        text="Detection of LMOs in maize imports: laboratory equipment and staff training",
    )
    values.update(changes)
    return NeedItem(**values)


def funded(places, component, times):
    return dict(
        funded_components={component: times},
        funded_places=frozenset(places),
        funded_pairs=frozenset((p, component) for p in places),
    )


SPECIALIST = ProviderItem(
    id="west-africa-detection", kind="bilateral", name="Detection fund",
    focus_components=frozenset({"i", "c"}), focus_regions=frozenset({"011"}),
    budget_usd=2_000_000.0, languages=frozenset({"en", "fr"}),
    text="LMO detection laboratories in Burkina Faso and Senegal", has_portfolio=True,
    **funded(("BFA", "SEN", "011", "202", "002"), "i", 2),
)
GENERALIST = ProviderItem(
    id="global-generalist", kind="multilateral", name="Global biosafety facility",
    focus_components=frozenset("a1 a2 b c d e f g h i j k l m n o".split()),
    budget_usd=50_000_000.0, languages=frozenset({"en"}),
    text="Biosafety frameworks and training in many countries", has_portfolio=True,
    **funded(("IND", "034", "142", "PER", "005", "419"), "b", 6),
)
EXHAUSTED = ProviderItem(
    id="no-budget-left", kind="bilateral", focus_components=frozenset({"i"}),
    focus_regions=frozenset({"011"}), budget_usd=0.0, languages=frozenset({"en"}),
    text="LMO detection in Western Africa", has_portfolio=True,
    **funded(("GHA", "011", "202", "002"), "i", 3),
)


def test_specialist_in_west_africa_ranks_above_a_bigger_generalist():
    index = MatchIndex([ldc_need()], [GENERALIST, SPECIALIST], labels=LABELS)
    ranked = index.for_need("N-GHA-i")
    assert [s.provider for s in ranked] == ["west-africa-detection", "global-generalist"]
    best = ranked[0]
    assert best.parts["thematic"] > ranked[1].parts["thematic"]
    assert best.parts["geography"] > ranked[1].parts["geography"]
    assert "funds Identification of LMOs, including their detection (i) in Western Africa " \
        "(2 initiatives on it in all)" in best.reasons
    assert "budget USD 2.0 M covers the estimated USD 350 k" in best.reasons
    assert 0.0 <= ranked[1].score < best.score <= 1.0


def test_weights_and_parts_are_returned_with_every_suggestion():
    suggestion = MatchIndex([ldc_need()], [SPECIALIST]).for_need("N-GHA-i")[0]
    assert set(suggestion.parts) == {"thematic", "geography", "eligibility", "budget",
                                     "language", "text", "duplication"}
    assert sum(v for k, v in suggestion.weights.items() if k != "duplication") == \
        pytest.approx(1.0)


def test_provider_without_budget_is_never_a_funding_suggestion():
    index = MatchIndex([ldc_need()], [EXHAUSTED, SPECIALIST])
    assert [s.provider for s in index.for_need("N-GHA-i")] == ["west-africa-detection"]
    assert index.for_provider("no-budget-left") == []
    edges = index.candidate_edges(threshold=0.0)
    assert index.provider_table.position["no-budget-left"] not in edges.provider.tolist()
    explained = index.explain("N-GHA-i", "no-budget-left")
    assert explained.parts["budget"] == 0.0
    assert "no budget left" in explained.reasons


def test_fully_covered_need_is_penalised():
    open_need = ldc_need(id="uncovered")
    covered = ldc_need(id="covered", covered_share=1.0, covered_by=2)
    index = MatchIndex([covered, open_need], [SPECIALIST])
    ranked = index.for_provider("west-africa-detection")
    assert [s.need for s in ranked] == ["uncovered", "covered"]
    assert ranked[0].score - ranked[1].score == pytest.approx(0.30, abs=1e-3)
    assert ranked[1].parts["duplication"] == 1.0
    assert "already fully covered by 2 initiatives: penalised" in ranked[1].reasons
    partly = MatchIndex([ldc_need(covered_share=0.8, covered_by=2)], [SPECIALIST])
    assert "already 80 % covered by 2 initiatives: penalised" in \
        partly.for_need("N-GHA-i")[0].reasons


def expert(pid, component, languages, home, areas):
    return ProviderItem(id=pid, kind="expert", name=pid, country=home, home_areas=areas,
                        focus_components=frozenset({component}), languages=frozenset(languages))


def test_experts_match_on_expertise_language_and_region():
    need = ldc_need(country="BFA", languages=("fr",))
    experts = [
        expert("far-anglophone", "i", ["en"], "IND", SOUTHERN_ASIA),
        expert("near-francophone", "i", ["fr"], "SEN", WEST_AFRICA),
        expert("far-francophone", "i", ["fr"], "IND", SOUTHERN_ASIA),
        expert("wrong-field", "b", ["fr"], "SEN", WEST_AFRICA),
    ]
    ranked = MatchIndex([need], experts).for_need(need.id)
    assert [s.provider for s in ranked] == ["near-francophone", "far-francophone",
                                            "far-anglophone"]
    assert "budget" not in ranked[0].parts
    assert any("budget not applicable" in r for r in ranked[0].reasons)
    assert ranked[0].parts["language"] == 1.0 and ranked[2].parts["language"] == 0.0


def country(alpha3, areas, level="advanced", component="i"):
    return ProviderItem(id=f"country:{alpha3}", kind="country", country=alpha3,
                        home_areas=areas, focus_components=frozenset({component}),
                        offers=(CapacityItem(alpha3, component, level, True),))


def test_south_south_prefers_a_country_of_the_same_region_and_never_the_country_itself():
    providers = [country("IND", SOUTHERN_ASIA), country("NGA", WEST_AFRICA),
                 country("GHA", WEST_AFRICA), country("KEN", ("014", "202", "002"), "basic", "b")]
    ranked = MatchIndex([ldc_need()], providers, labels=LABELS).for_need("N-GHA-i")
    assert [s.provider for s in ranked] == ["country:NGA", "country:IND"]
    assert any("South–South" in r for r in ranked[0].reasons)
    assert "based in Nigeria, in the same region (Western Africa)" in ranked[0].reasons


def test_advanced_capacity_outranks_basic_capacity_in_the_same_place():
    providers = [country("SEN", WEST_AFRICA, "basic"), country("NGA", WEST_AFRICA, "advanced")]
    ranked = MatchIndex([ldc_need()], providers).for_need("N-GHA-i")
    assert [s.provider for s in ranked] == ["country:NGA", "country:SEN"]


def test_excluded_pairs_are_not_suggested():
    index = MatchIndex([ldc_need()], [SPECIALIST, GENERALIST])
    assert [s.provider for s in index.for_need("N-GHA-i", exclude={SPECIALIST.id})] == \
        [GENERALIST.id]
    assert index.for_provider(SPECIALIST.id, exclude={"N-GHA-i"}) == []
    edges = index.candidate_edges(threshold=0.0, exclude={("N-GHA-i", SPECIALIST.id)})
    assert edges.provider.tolist() == [index.provider_table.position[GENERALIST.id]]


def test_national_sources_fund_only_their_own_country():
    home = ProviderItem("ghana-treasury", "national", country="GHA", budget_usd=1e6)
    foreign = ProviderItem("kenya-treasury", "national", country="KEN", budget_usd=1e6)
    ranked = MatchIndex([ldc_need()], [home, foreign]).for_need("N-GHA-i")
    assert [s.provider for s in ranked] == ["ghana-treasury"]


def test_confidential_needs_only_when_allowed_and_met_needs_never():
    needs = [ldc_need(id="public"), ldc_need(id="secret", confidential=True),
             ldc_need(id="done", status="met")]
    index = MatchIndex(needs, [SPECIALIST])
    assert [s.need for s in index.for_provider(SPECIALIST.id)] == ["public"]
    assert sorted(s.need for s in index.for_provider(SPECIALIST.id,
                                                     include_confidential=True)) == \
        ["public", "secret"]


def test_filters_kinds_and_top():
    index = MatchIndex([ldc_need()], [SPECIALIST, GENERALIST, expert(
        "e", "i", ["en"], "SEN", WEST_AFRICA)])
    assert [s.provider for s in index.for_need("N-GHA-i", kinds={"expert"})] == ["e"]
    assert len(index.for_need("N-GHA-i", top=1)) == 1
    other = ldc_need(id="training", component="b")
    index = MatchIndex([ldc_need(), other], [GENERALIST])
    assert [s.need for s in index.for_provider(GENERALIST.id,
                                               where=lambda n: n.component == "b")] == ["training"]


def random_items(seed: int, needs: int = 60, providers: int = 25):
    rng = np.random.default_rng(seed)
    components = list("bcdefghi")
    places = [("GHA", WEST_AFRICA), ("NGA", WEST_AFRICA), ("IND", SOUTHERN_ASIA),
              ("PER", ("005", "419")), ("KEN", ("014", "202", "002"))]
    need_items = []
    for k in range(needs):
        alpha3, areas = places[rng.integers(len(places))]
        need_items.append(NeedItem(
            id=f"N{k}", country=alpha3, component=str(rng.choice(components)), areas=areas,
            priority=int(rng.integers(1, 6)),
            cost_usd=None if k % 7 == 0 else float(rng.integers(1, 50)) * 10_000,
            groups=frozenset({"ldc"}) if rng.random() < 0.4 else frozenset(),
            languages=("en",) if rng.random() < 0.5 else (),
            text=f"need {k} about {rng.choice(components)} training detection",
            covered_share=float(rng.random() * rng.integers(0, 2)), status="open"))
    provider_items = []
    kinds = ["bilateral", "multilateral", "expert", "country", "gef"]
    for k in range(providers):
        alpha3, areas = places[rng.integers(len(places))]
        kind = kinds[k % len(kinds)]
        comps = frozenset(rng.choice(components, size=int(rng.integers(0, 4)), replace=False))
        provider_items.append(ProviderItem(
            id=f"P{k}", kind=kind, country=alpha3, home_areas=areas,
            focus_components=comps if kind not in ("expert", "country") or comps
            else frozenset({"b"}),
            focus_regions=frozenset({areas[0]}) if rng.random() < 0.5 else frozenset(),
            budget_usd=[None, 0.0, float(rng.integers(1, 100)) * 10_000][k % 3],
            languages=frozenset({"en"}) if rng.random() < 0.5 else frozenset({"fr"}),
            text=f"portfolio {k} {' '.join(sorted(comps))} detection", has_portfolio=k % 2 == 0,
            serves_groups=frozenset({"ldc"}) if rng.random() < 0.3 else frozenset(),
            **funded((alpha3, *areas), str(rng.choice(components)), int(rng.integers(0, 3)))))
    return need_items, provider_items


def check_against_pairwise(index, suggestions):
    ni = np.array([index.need_position(s.need) for s in suggestions])
    pj = np.array([index.provider_position(s.provider) for s in suggestions])
    scores, parts, eligible = index.score_pairs(ni, pj)
    assert eligible.all()
    np.testing.assert_allclose([s.score for s in suggestions], scores, atol=1e-4)
    for k, s in enumerate(suggestions):
        expected = {name: v[k] for name, v in parts.items() if not np.isnan(v[k])}
        assert s.parts == pytest.approx(expected, abs=1e-4)


def test_both_directions_and_allocation_edges_agree_with_pairwise_scores():
    needs, providers = random_items(3)
    index = MatchIndex(needs, providers)
    everything = len(providers) + len(needs)
    by_need = [s for n in needs[:10] for s in index.for_need(n.id, top=everything)]
    by_provider = [s for p in providers[:10] for s in index.for_provider(p.id, top=everything)]
    assert len(by_need) > 20 and len(by_provider) > 20
    check_against_pairwise(index, by_need)
    check_against_pairwise(index, by_provider)
    single = index.explain(by_need[0].need, by_need[0].provider)
    assert (single.score, single.reasons) == (by_need[0].score, by_need[0].reasons)
    edges = index.candidate_edges(threshold=0.0, top_k=len(providers), block_pairs=50)
    assert len(edges) > 0
    scores, _, eligible = index.score_pairs(edges.need, edges.provider)
    assert eligible.all()
    np.testing.assert_allclose(edges.score, scores, atol=1e-6)  # float32 text


def test_scores_stay_within_zero_and_one():
    needs, providers = random_items(11)
    index = MatchIndex(needs, providers)
    ni, pj = np.meshgrid(np.arange(len(needs)), np.arange(len(providers)), indexing="ij")
    scores, parts, _ = index.score_pairs(ni.ravel(), pj.ravel())
    assert ((scores >= 0) & (scores <= 1)).all()
    for values in parts.values():
        known = values[~np.isnan(values)]
        assert ((known >= 0) & (known <= 1)).all()


def test_candidate_edges_keep_top_k_per_need_above_threshold():
    needs, providers = random_items(5)
    index = MatchIndex(needs, providers)
    edges = index.candidate_edges(threshold=0.3, top_k=2)
    counts = np.bincount(edges.need, minlength=len(needs))
    assert counts.max() <= 2
    assert (edges.score >= 0.3).all()
    assert "top 2" in edges.description
    every = index.candidate_edges(threshold=0.3)
    assert every.description == "every pair with a score of at least 0.3"
    grid = np.meshgrid(np.arange(len(needs)), np.arange(len(providers)), indexing="ij")
    scores, _, eligible = index.score_pairs(grid[0].ravel(), grid[1].ravel())
    scores, eligible = scores.reshape(grid[0].shape), eligible.reshape(grid[0].shape)
    funding = np.array([p.kind not in ("expert", "country") and (p.budget_usd or 0) > 0
                        for p in providers])
    open_costed = np.array([n.cost_usd is not None and n.covered_share < 1 for n in needs])
    expected = eligible & (scores >= 0.3) & funding[None, :] & open_costed[:, None]
    assert len(every) == int(expected.sum())


def test_bad_weights_and_unknown_ids_are_refused():
    index = MatchIndex([ldc_need()], [SPECIALIST])
    with pytest.raises(ValueError, match="unknown score part 'colour'"):
        index.for_need("N-GHA-i", weights={"colour": 1.0})
    with pytest.raises(ValueError, match="non-negative"):
        index.for_need("N-GHA-i", weights={"text": -1.0})
    with pytest.raises(KeyError, match="need 'nope'"):
        index.for_need("nope")
    with pytest.raises(ValueError, match="unique"):
        MatchIndex([ldc_need(), ldc_need()], [SPECIALIST])


def test_custom_weights_change_the_ranking():
    need = ldc_need()
    rich = ProviderItem("rich", "bilateral", budget_usd=1e7)
    poor_but_focused = ProviderItem("focused", "bilateral", budget_usd=1e5,
                                    focus_components=frozenset({"i"}))
    index = MatchIndex([need], [rich, poor_but_focused])
    only_budget = {k: 0.0 for k in ("thematic", "geography", "eligibility", "language", "text")}
    assert index.for_need(need.id, weights=only_budget)[0].provider == "rich"
    assert index.for_need(need.id)[0].provider == "focused"
