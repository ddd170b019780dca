"""Exact weighted coverage by augmenting paths: the fast solver behind matching.allocate.

The USD amounts ``y`` that needs can receive together (each within its remaining cost, each
provider within its budget, only along candidate pairs) form a polymatroid. A linear objective
``sum(weight * y)`` with non-negative weights is maximised on a polymatroid by the greedy order
(Edmonds 1970): take needs by decreasing weight and give each as much as can still be given
without taking anything from the needs before it. "As much as can be given" is a maximum flow
increment, found with augmenting paths: need -> provider, then from a provider with no budget
left, back along an earlier need's amount to another of that need's providers, and so on until
a provider with budget left. A provider set from which no such path exists stays exhausted for
good ("dead"), which bounds the search.
"""
from __future__ import annotations

from collections import deque

import numpy as np

__all__ = ["augmenting_flow"]


def _candidates(need, provider, score, count):
    """Each need's providers, best score first (lists: the loop below is plain Python)."""
    order = np.lexsort((-score, need))
    start = np.searchsorted(need[order], np.arange(count + 1)).tolist()
    providers = provider[order].tolist()
    edges = order.tolist()
    return ([providers[start[i]:start[i + 1]] for i in range(count)],
            [edges[start[i]:start[i + 1]] for i in range(count)])


class _Search:
    """Breadth-first search state over providers, reused between searches.

    ``mark[j]`` is the number of the search that reached provider ``j``; providers found dead
    get a mark no search reaches, so one list lookup tells "seen or dead".
    """

    _DEAD = float("inf")

    def __init__(self, providers: int):
        self.mark: list[float] = [-1] * providers
        self.previous = [-1] * providers
        self.through = [-1] * providers
        self.number = 0

    def path(self, first, candidates, given, left, smallest) -> int:
        """A provider with budget left reachable from need ``first`` (or -1); the path is in
        ``previous`` (provider before, -1 at the start) and ``through`` (the need moved)."""
        self.number += 1
        number, mark, previous, through = self.number, self.mark, self.previous, self.through
        self.reached = reached = []
        queue: deque[int] = deque()
        for j in candidates[first]:
            if mark[j] < number:
                mark[j], previous[j], through[j] = number, -1, first
                reached.append(j)
                if left[j] > smallest:
                    return j
                queue.append(j)
        expanded = {first}
        while queue:
            j = queue.popleft()
            for other in given[j]:
                if other in expanded:
                    continue
                expanded.add(other)
                for k in candidates[other]:
                    if mark[k] < number:
                        mark[k], previous[k], through[k] = number, j, other
                        reached.append(k)
                        if left[k] > smallest:
                            return k
                        queue.append(k)
        return -1

    def bury(self) -> None:
        """Mark every provider the last (failed) search reached as dead for good."""
        for j in self.reached:
            self.mark[j] = self._DEAD


def _shift(search: _Search, found, wanted, given, left) -> float:
    """Push as much of ``wanted`` as the path to ``found`` carries; returns the amount."""
    previous, through = search.previous, search.through
    amount = min(wanted, left[found])
    j = found
    while previous[j] >= 0:
        amount = min(amount, given[previous[j]][through[j]])
        j = previous[j]
    j = found
    while previous[j] >= 0:
        before, other = previous[j], through[j]
        given[j][other] = given[j].get(other, 0.0) + amount
        rest = given[before][other] - amount
        if rest > 0:
            given[before][other] = rest
        else:
            del given[before][other]
        j = before
    first = through[j]
    given[j][first] = given[j].get(first, 0.0) + amount
    left[found] -= amount
    return amount


def augmenting_flow(need, provider, score, weight, demand, budget, *, smallest=0.5):
    """USD on each edge ``(need[e], provider[e])`` maximising ``sum(weight[need] * x)``.

    ``demand`` and ``budget`` are the limits per need and per provider (indexed by the values in
    ``need`` and ``provider``); amounts below ``smallest`` are not worth a path. Among equally
    good choices the edge with the higher ``score`` is used.
    """
    need = np.asarray(need, dtype=np.int64)
    provider = np.asarray(provider, dtype=np.int64)
    x = np.zeros(need.size)
    if need.size == 0:
        return x
    count = int(demand.size)
    candidates, candidate_edges = _candidates(need, provider, np.asarray(score, float), count)
    left = np.asarray(budget, dtype=float).tolist()
    wanted_by = np.asarray(demand, dtype=float).tolist()
    given: list[dict[int, float]] = [{} for _ in range(int(budget.size))]
    search = _Search(int(budget.size))
    for i in np.lexsort((np.arange(count), -np.asarray(weight, dtype=float))).tolist():
        wanted = wanted_by[i]
        if not candidates[i] or wanted <= smallest:
            continue
        for j in candidates[i]:
            if left[j] > smallest:
                amount = min(wanted, left[j])
                left[j] -= amount
                given[j][i] = given[j].get(i, 0.0) + amount
                wanted -= amount
                if wanted <= smallest:
                    break
        while wanted > smallest:
            found = search.path(i, candidates, given, left, smallest)
            if found < 0:
                search.bury()
                break
            wanted -= _shift(search, found, wanted, given, left)
    for j, amounts in enumerate(given):
        for i, amount in amounts.items():
            x[candidate_edges[i][candidates[i].index(j)]] = amount
    return x
