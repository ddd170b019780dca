"""Allocation of needs to budgets: feasibility, and optimality checked by brute force."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from matching.allocate import (
    amounts_to_cover,
    edge_values,
    greedy_allocation,
    need_weights,
    optimal_allocation,
)
from matching.types import Edges, NeedItem, ProviderItem

UNIT = 1_000.0  # amounts are whole thousands of USD, so brute force can enumerate them


def need(k, cost_units, priority=3, severity=0.0, covered=0.0, status="open"):
    return NeedItem(f"N{k}", "GHA", "i", priority=priority, severity=severity,
                    cost_usd=None if cost_units is None else cost_units * UNIT,
                    covered_share=covered, status=status)


def provider(k, budget_units, kind="bilateral"):
    return ProviderItem(f"P{k}", kind, budget_usd=None if budget_units is None
                        else budget_units * UNIT)


def edges(pairs, scores=None):
    need_pos = np.array([n for n, _ in pairs], dtype=np.int64)
    provider_pos = np.array([p for _, p in pairs], dtype=np.int64)
    score = np.full(len(pairs), 0.5) if scores is None else np.array(scores, dtype=float)
    return Edges(need_pos, provider_pos, score)


def assigned(result):
    return {(a.need, a.provider): a.amount_usd for a in result.assignments}


def check_feasible(result, needs, providers):
    by_need, by_provider = {}, {}
    for a in result.assignments:
        assert a.amount_usd > 0
        by_need[a.need] = by_need.get(a.need, 0.0) + a.amount_usd
        by_provider[a.provider] = by_provider.get(a.provider, 0.0) + a.amount_usd
    still = dict(zip((n.id for n in needs), amounts_to_cover(needs), strict=True))
    for need_id, total in by_need.items():
        assert total <= still[need_id] * (1 + 1e-9) + 1e-6
    budgets = {p.id: p.budget_usd or 0.0 for p in providers}
    for provider_id, total in by_provider.items():
        assert total <= budgets[provider_id] * (1 + 1e-9) + 1e-6


def brute_force_optimum(needs, providers, chosen: Edges) -> float:
    """Best objective over every whole-unit assignment (the LP has integral optima here)."""
    demand = amounts_to_cover(needs) / UNIT
    budget = np.array([p.budget_usd or 0.0 for p in providers]) / UNIT
    values = edge_values(needs, chosen)
    ranges = [range(int(min(demand[i], budget[j])) + 1)
              for i, j in zip(chosen.need, chosen.provider, strict=True)]
    best = 0.0
    for x in itertools.product(*ranges):
        x = np.array(x, dtype=float)
        if (np.bincount(chosen.need, x, len(needs)) <= demand + 1e-9).all() and \
                (np.bincount(chosen.provider, x, len(providers)) <= budget + 1e-9).all():
            best = max(best, float(values @ x) * UNIT)
    return best


def test_urgent_need_is_covered_first_and_a_need_may_be_split():
    needs = [need(0, 3, priority=1), need(1, 3, priority=5), need(2, 4, priority=2)]
    providers = [provider(0, 4), provider(1, 2)]
    chosen = edges([(0, 0), (1, 0), (2, 0), (2, 1)])
    result = optimal_allocation(needs, providers, chosen)
    check_feasible(result, needs, providers)
    amounts = assigned(result)
    assert amounts[("N0", "P0")] == 3 * UNIT
    assert amounts[("N2", "P0")] + amounts[("N2", "P1")] == 3 * UNIT
    assert result.unassigned == ("N1",)
    assert result.covered_usd == pytest.approx(6 * UNIT)
    assert "augmenting paths" in result.method
    assert "HiGHS" in optimal_allocation(needs, providers, chosen, method="lp").method
    with pytest.raises(ValueError, match="method must be one of"):
        optimal_allocation(needs, providers, chosen, method="simplex")


def test_greedy_can_miss_the_optimum_that_the_lp_finds():
    # N0 (urgent) fits P0 best but could also use P1; N1 can only use P0.
    needs = [need(0, 1, priority=1), need(1, 1, priority=2)]
    providers = [provider(0, 1), provider(1, 1)]
    chosen = edges([(0, 0), (0, 1), (1, 0)], scores=[0.9, 0.5, 0.5])
    greedy = greedy_allocation(needs, providers, chosen)
    exact = optimal_allocation(needs, providers, chosen)
    assert assigned(greedy) == {("N0", "P0"): UNIT}
    assert assigned(exact) == {("N0", "P1"): UNIT, ("N1", "P0"): UNIT}
    assert exact.objective > greedy.objective
    assert greedy.unassigned == ("N1",) and exact.unassigned == ()


instances = st.integers(min_value=0, max_value=2**32 - 1)


def random_instance(seed, n_needs, n_providers, max_units, density):
    rng = np.random.default_rng(seed)
    needs = [need(k, int(rng.integers(0, max_units + 1)), priority=int(rng.integers(1, 6)),
                  severity=float(rng.integers(0, 3)) / 2)
             for k in range(n_needs)]
    providers = [provider(k, int(rng.integers(0, max_units + 1))) for k in range(n_providers)]
    pairs = [(i, j) for i in range(n_needs) for j in range(n_providers)
             if rng.random() < density]
    scores = rng.random(len(pairs)).round(2)
    return needs, providers, edges(pairs, scores)


@settings(max_examples=25, deadline=None)
@given(instances)
def test_lp_equals_brute_force_on_small_instances(seed):
    needs, providers, chosen = random_instance(seed, 3, 2, 3, 0.8)
    exact = optimal_allocation(needs, providers, chosen)
    check_feasible(exact, needs, providers)
    best = brute_force_optimum(needs, providers, chosen)
    assert exact.objective == pytest.approx(best, rel=1e-6, abs=1e-6)
    lp = optimal_allocation(needs, providers, chosen, method="lp")
    check_feasible(lp, needs, providers)
    assert lp.objective == pytest.approx(best, rel=1e-6, abs=1e-6)
    greedy = greedy_allocation(needs, providers, chosen)
    check_feasible(greedy, needs, providers)
    assert greedy.objective <= exact.objective * (1 + 1e-9) + 1e-6


@settings(max_examples=15, deadline=None)
@given(instances)
def test_both_methods_match_a_dense_lp_and_never_break_limits(seed):
    needs, providers, chosen = random_instance(seed, 12, 5, 40, 0.5)
    exact = optimal_allocation(needs, providers, chosen)
    check_feasible(exact, needs, providers)
    lp = optimal_allocation(needs, providers, chosen, method="lp")
    check_feasible(lp, needs, providers)
    # the same problem written densely: one column per (need, provider) cell of the full grid
    demand, budget = amounts_to_cover(needs), np.array([p.budget_usd for p in providers])
    value = np.zeros((len(needs), len(providers)))
    value[chosen.need, chosen.provider] = edge_values(needs, chosen)
    allowed = np.zeros_like(value, dtype=bool)
    allowed[chosen.need, chosen.provider] = True
    rows = [np.kron(np.eye(len(needs))[i], np.ones(len(providers))) for i in range(len(needs))]
    rows += [np.tile(np.eye(len(providers))[j], len(needs)) for j in range(len(providers))]
    bounds = [(0, None) if ok else (0, 0) for ok in allowed.ravel()]
    dense = linprog(-value.ravel(), A_ub=np.array(rows), b_ub=np.concatenate([demand, budget]),
                    bounds=bounds, method="highs-ipm")
    assert exact.objective == pytest.approx(-dense.fun, rel=1e-6, abs=1e-3)
    assert lp.objective == pytest.approx(-dense.fun, rel=1e-6, abs=1e-3)


def test_needs_and_providers_that_cannot_take_part_are_explained():
    needs = [need(0, 2), need(1, None), need(2, 2, status="met"), need(3, 2, covered=1.0)]
    providers = [provider(0, 5), provider(1, None), provider(2, 5, kind="expert")]
    chosen = edges([(0, 0), (1, 0), (2, 0), (3, 0), (0, 1), (0, 2)])
    result = optimal_allocation(needs, providers, chosen)
    assert assigned(result) == {("N0", "P0"): 2 * UNIT}
    assert result.unassigned == ()
    notes = " | ".join(result.notes)
    assert "1 open need(s) without an estimated cost" in notes
    assert "1 provider(s) without a known budget" in notes
    assert "1 expert(s) and South–South countries" in notes
    first = result.assignments[0]
    assert first.explanation[0] == "covers USD 2 k of the USD 2 k still needed (100 %)"
    assert "40 % of P0's remaining USD 5 k" in first.explanation


def test_partly_covered_need_gets_only_what_is_still_missing():
    needs = [need(0, 10, covered=0.7)]
    result = optimal_allocation(needs, [provider(0, 100)], edges([(0, 0)]))
    assert assigned(result) == {("N0", "P0"): pytest.approx(3 * UNIT)}


def test_need_weights_favour_priority_and_severity():
    weights = need_weights([need(0, 1, priority=1), need(1, 1, priority=5),
                            need(2, 1, priority=1, severity=1.0)])
    assert weights.tolist() == pytest.approx([1.0, 0.2, 2.0])


def test_no_edges_gives_an_empty_allocation():
    needs, providers = [need(0, 2)], [provider(0, 2)]
    result = optimal_allocation(needs, providers, edges([]))
    assert result.assignments == () and result.objective == 0.0
    assert result.unassigned == ("N0",)


@settings(max_examples=10, deadline=None)
@given(instances)
def test_augmenting_paths_reach_the_lp_optimum_when_budgets_are_tight(seed):
    # many needs competing for few, small budgets: the paths must move earlier needs around
    needs, providers, chosen = random_instance(seed, 60, 10, 30, 0.25)
    providers = [provider(k, (p.budget_usd or 0.0) / UNIT / 3) for k, p in enumerate(providers)]
    exact = optimal_allocation(needs, providers, chosen)
    lp = optimal_allocation(needs, providers, chosen, method="lp")
    check_feasible(exact, needs, providers)
    assert exact.objective == pytest.approx(lp.objective, rel=1e-7, abs=1e-3)
    assert greedy_allocation(needs, providers, chosen).objective <= exact.objective + 1e-3


def test_the_better_fitting_provider_pays_when_either_could():
    needs, providers = [need(0, 2)], [provider(0, 5), provider(1, 5)]
    result = optimal_allocation(needs, providers, edges([(0, 0), (0, 1)], scores=[0.4, 0.8]))
    assert assigned(result) == {("N0", "P1"): 2 * UNIT}
