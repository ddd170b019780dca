"""Assign open needs to providers' budgets, covering the most urgent needs first.

The problem: choose USD amounts ``x[e]`` on candidate pairs ``e = (need, provider)`` (from
:meth:`matching.scoring.MatchIndex.candidate_edges`) to maximise the weighted covered USD

    sum over e of  weight(need of e) * x[e]

subject to: no provider beyond its remaining budget, no need beyond what is still to be covered
(``cost_usd * (1 - covered_share)``), ``x >= 0``. A need may be split across providers.
``weight(need) = (6 - priority) / 5 * (1 + severity)``, so priority 1 counts five times
priority 5, and a severe gap (severity 1) twice a mild one.

Two exact methods solve it:

- ``"augmenting"`` (default, :mod:`matching.allocate_paths`): needs in order of weight, each
  covered as far as it can be, through augmenting paths that may move earlier needs to other
  providers without reducing what they get. The amounts needs can receive together form a
  polymatroid, on which this greedy order is optimal (Edmonds); the tests and the benchmark
  check it against the LP. Where there is a choice, the better fitting provider pays.
- ``"lp"``: the same problem as a linear programme solved by HiGHS through
  ``scipy.optimize.linprog``: exact, but far slower at scale (the reference).

:func:`greedy_allocation` is the obvious baseline (take pairs by value, never move anything).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from matching.allocate_paths import augmenting_flow
from matching.reasons import format_share, format_usd
from matching.types import (
    IN_KIND_KINDS,
    SUGGESTABLE_STATUSES,
    AllocationResult,
    Assignment,
    Edges,
    NeedItem,
    ProviderItem,
)

__all__ = [
    "need_weights",
    "amounts_to_cover",
    "edge_values",
    "optimal_allocation",
    "greedy_allocation",
]

#: Amounts below this many USD are solver noise, not assignments.
_SMALLEST_USD = 0.5
#: The LP is solved in millions of USD, which keeps HiGHS well scaled.
_SCALE = 1e6


def need_weights(needs: Sequence[NeedItem]) -> np.ndarray:
    """Weight of each need's covered dollar: ``(6 - priority) / 5 * (1 + severity)``."""
    priority = np.clip(np.array([n.priority for n in needs], dtype=float), 1, 5)
    severity = np.clip(np.array([n.severity for n in needs], dtype=float), 0, 1)
    return (6.0 - priority) / 5.0 * (1.0 + severity)


def amounts_to_cover(needs: Sequence[NeedItem]) -> np.ndarray:
    """USD each need still needs: cost not yet covered; 0 when met, withdrawn or not estimated."""
    return np.array([
        n.cost_usd * (1.0 - min(max(n.covered_share, 0.0), 1.0))
        if n.cost_usd is not None and n.status in SUGGESTABLE_STATUSES else 0.0
        for n in needs
    ])


def _budgets(providers: Sequence[ProviderItem]) -> np.ndarray:
    return np.array([
        p.budget_usd if p.budget_usd is not None and p.kind not in IN_KIND_KINDS else 0.0
        for p in providers
    ])


def edge_values(needs: Sequence[NeedItem], edges: Edges) -> np.ndarray:
    """Objective value of one USD on each edge: the weight of its need."""
    return need_weights(needs)[np.asarray(edges.need, dtype=np.int64)]


@dataclass(frozen=True, eq=False)
class _Problem:
    demand: np.ndarray
    budget: np.ndarray
    need: np.ndarray
    provider: np.ndarray
    score: np.ndarray
    value: np.ndarray
    weight: np.ndarray


def _problem(needs, providers, edges: Edges) -> _Problem:
    demand, budget = amounts_to_cover(needs), _budgets(providers)
    need = np.asarray(edges.need, dtype=np.int64)
    provider = np.asarray(edges.provider, dtype=np.int64)
    usable = (demand[need] > 0) & (budget[provider] > 0)
    kept = Edges(need[usable], provider[usable], np.asarray(edges.score, dtype=float)[usable])
    weight = need_weights(needs)
    return _Problem(demand, budget, kept.need, kept.provider, kept.score, weight[kept.need],
                    weight)


def _make_feasible(problem: _Problem, x: np.ndarray) -> np.ndarray:
    """Clean solver output: no negatives, no crumbs, and limits held exactly."""
    x = np.where(x >= _SMALLEST_USD, x, 0.0)
    for index, limit in ((problem.need, problem.demand), (problem.provider, problem.budget)):
        used = np.bincount(index, weights=x, minlength=limit.size)
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(used > limit, limit / used, 1.0)
        x = x * factor[index]
    return x


def _solve_lp(problem: _Problem) -> np.ndarray:
    count = problem.need.size
    if count == 0:
        return np.zeros(0)
    needs_used, need_row = np.unique(problem.need, return_inverse=True)
    providers_used, provider_row = np.unique(problem.provider, return_inverse=True)
    rows = np.concatenate([need_row, needs_used.size + provider_row])
    cols = np.concatenate([np.arange(count), np.arange(count)])
    limits = sp.csr_matrix((np.ones(2 * count), (rows, cols)),
                           shape=(needs_used.size + providers_used.size, count))
    bounds = np.concatenate([problem.demand[needs_used], problem.budget[providers_used]])
    result = linprog(-problem.value, A_ub=limits, b_ub=bounds / _SCALE, bounds=(0, None),
                     method="highs")
    if result.status != 0:
        raise RuntimeError(f"the allocation LP was not solved: {result.message}")
    return _make_feasible(problem, np.asarray(result.x) * _SCALE)


def _greedy(problem: _Problem) -> np.ndarray:
    order = np.lexsort((problem.need, -problem.score, -problem.value))
    demand_left = problem.demand.copy()
    budget_left = problem.budget.copy()
    x = np.zeros(problem.need.size)
    need, provider = problem.need.tolist(), problem.provider.tolist()
    for e in order.tolist():
        i, j = need[e], provider[e]
        amount = min(demand_left[i], budget_left[j])
        if amount >= _SMALLEST_USD:
            x[e] = amount
            demand_left[i] -= amount
            budget_left[j] -= amount
    return x


def _cents_down(amount: float) -> float:
    """Whole cents, rounded down so that rounding never breaks a budget or a cost."""
    return math.floor(amount * 100) / 100


def _result(needs, providers, problem: _Problem, x: np.ndarray, method: str) -> AllocationResult:
    used = np.flatnonzero(x > 0)
    spent = np.bincount(problem.provider, weights=x, minlength=problem.budget.size)
    assignments = []
    for e in used.tolist():
        need, provider = needs[problem.need[e]], providers[problem.provider[e]]
        amount, demand = float(x[e]), float(problem.demand[problem.need[e]])
        budget = float(problem.budget[problem.provider[e]])
        explanation = (
            f"covers {format_usd(amount)} of the {format_usd(demand)} still needed "
            f"({format_share(amount / demand)})",
            f"priority {need.priority}, severity {need.severity:.2f}",
            f"match score {problem.score[e]:.2f}",
            f"{format_share(amount / budget)} of {provider.id}'s remaining {format_usd(budget)}",
        )
        assignments.append(Assignment(need.id, provider.id, _cents_down(amount), explanation))
    assignments.sort(key=lambda a: (a.need, -a.amount_usd, a.provider))
    covered = np.bincount(problem.need, weights=x, minlength=problem.demand.size)
    open_needs = [i for i, n in enumerate(needs) if n.status in SUGGESTABLE_STATUSES]
    unassigned = tuple(needs[i].id for i in open_needs
                       if problem.demand[i] > 0 and covered[i] <= 0)
    notes = []
    unestimated = sum(1 for i in open_needs if needs[i].cost_usd is None)
    if unestimated:
        notes.append(f"{unestimated} open need(s) without an estimated cost cannot be allocated")
    unknown = sum(1 for p in providers if p.kind not in IN_KIND_KINDS and p.budget_usd is None)
    if unknown:
        notes.append(f"{unknown} provider(s) without a known budget take no part")
    in_kind = sum(1 for p in providers if p.kind in IN_KIND_KINDS)
    if in_kind:
        notes.append(f"{in_kind} expert(s) and South–South countries give support in kind and "
                     "take no part")
    if spent.sum() > 0:
        notes.append(f"{format_usd(float(spent.sum()))} of "
                     f"{format_usd(float(problem.budget.sum()))} of known budgets assigned")
    return AllocationResult(
        assignments=tuple(assignments),
        objective=float(problem.value @ x),
        covered_usd=float(x.sum()),
        unassigned=unassigned,
        method=method,
        notes=tuple(notes),
    )


def _solve_augmenting(problem: _Problem) -> np.ndarray:
    x = augmenting_flow(problem.need, problem.provider, problem.score, problem.weight,
                        problem.demand, problem.budget, smallest=_SMALLEST_USD)
    return _make_feasible(problem, x)


_METHODS = {
    "augmenting": (_solve_augmenting,
                   "exact: needs by weight, each covered as far as augmenting paths allow "
                   "(optimal on the polymatroid of coverable amounts)"),
    "lp": (_solve_lp, "exact: linear programme solved by HiGHS (scipy.optimize.linprog)"),
}


def optimal_allocation(
    needs: Sequence[NeedItem],
    providers: Sequence[ProviderItem],
    edges: Edges,
    *,
    method: str = "augmenting",
) -> AllocationResult:
    """The allocation maximising weighted covered USD over ``edges`` (positions into the
    sequences); ``method`` is ``"augmenting"`` (fast) or ``"lp"`` (HiGHS), both exact.

    Examples
    --------
    >>> import numpy as np
    >>> from matching.types import Edges, NeedItem, ProviderItem
    >>> needs = [NeedItem("N1", "GHA", "i", priority=1, cost_usd=300.0),
    ...          NeedItem("N2", "TGO", "i", priority=5, cost_usd=300.0)]
    >>> providers = [ProviderItem("P1", "bilateral", budget_usd=400.0)]
    >>> edges = Edges(np.array([0, 1]), np.array([0, 0]), np.array([0.5, 0.5]))
    >>> [(a.need, a.amount_usd) for a in optimal_allocation(needs, providers, edges).assignments]
    [('N1', 300.0), ('N2', 100.0)]
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(_METHODS)}, not {method!r}")
    solve, words = _METHODS[method]
    problem = _problem(needs, providers, edges)
    described = f"{words}, over {problem.need.size:,} candidate pairs"
    if edges.description:
        described += f" ({edges.description})"
    return _result(needs, providers, problem, solve(problem), described)


def greedy_allocation(
    needs: Sequence[NeedItem],
    providers: Sequence[ProviderItem],
    edges: Edges,
) -> AllocationResult:
    """Baseline: take pairs by need weight (then fit), each as large as it can be, and never
    move an amount once given."""
    problem = _problem(needs, providers, edges)
    method = f"greedy baseline, most urgent first, over {problem.need.size:,} candidate pairs"
    if edges.description:
        method += f" ({edges.description})"
    return _result(needs, providers, problem, _greedy(problem), method)
