"""Benchmark of matching: suggestions in both directions and the allocation under budgets.

Run from the repository root::

    .venv/bin/python -m bench.bench_matching            # the figures of docs/benchmarks.md
    .venv/bin/python -m bench.bench_matching --quick    # small sizes, a smoke test

Synthetic, seeded data made here: 150 countries in 20 intermediate regions, 10 subregions and
5 regions; 19 components; needs with priorities, costs, country groups, languages, partial
coverage and short texts; providers of every kind (funders with budgets, some exhausted, some
unknown; experts; South-South countries) with focus, languages, a record of past initiatives
and a portfolio text. Suggestion times are wall-clock medians of several runs after the index is
built; allocation times are single runs. The HiGHS reference at full size takes minutes.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np
import scipy

from matching.allocate import greedy_allocation, optimal_allocation
from matching.scoring import MatchIndex
from matching.types import CapacityItem, NeedItem, ProviderItem

__all__ = ["synthetic_needs", "synthetic_providers", "main"]

COMPONENTS = ("a1", "a2", "a3", "a4", "a5", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k",
              "l", "m", "n", "o")
WORDS = {
    "a1": "law regulation biosafety act", "a2": "administration permits office",
    "a3": "laboratory equipment infrastructure", "a4": "funding budget resources",
    "a5": "monitoring assessment follow-up", "b": "training staff courses",
    "c": "risk assessment scientific review", "d": "risk management containment",
    "e": "public awareness education participation", "f": "clearing-house data exchange",
    "g": "regional collaboration network", "h": "technology transfer",
    "i": "LMO detection identification testing", "j": "socio-economic considerations",
    "k": "documentation shipments article 18", "l": "confidential information handling",
    "m": "illegal transboundary movements border", "n": "biosafety research",
    "o": "human health risks",
}
KINDS = ("gef", "multilateral", "bilateral", "other_international", "other_stakeholder",
         "national")
LANGUAGES = ("en", "fr", "es", "ar", "ru", "pt", "zh")
GROUPS = ("ldc", "sids", "eit", "centre_of_origin")


def _geography(rng):
    regions = [f"R{r}" for r in range(5)]
    subregions = [(f"S{s}", regions[s % 5]) for s in range(10)]
    intermediates = [(f"I{i}",) + subregions[i % 10] for i in range(20)]
    countries = {}
    for c in range(150):
        areas = intermediates[int(rng.integers(len(intermediates)))]
        countries[f"C{c:03d}"] = dict(
            areas=areas,
            groups=frozenset(g for g in GROUPS if rng.random() < 0.2),
            languages=(LANGUAGES[int(rng.integers(len(LANGUAGES)))],),
        )
    return countries


def synthetic_needs(count: int, seed: int = 1) -> list[NeedItem]:
    """``count`` open needs (a few met) spread over the synthetic countries."""
    rng = np.random.default_rng(seed)
    countries = _geography(np.random.default_rng(0))
    codes = sorted(countries)
    needs = []
    for k in range(count):
        code = codes[int(rng.integers(len(codes)))]
        place = countries[code]
        component = COMPONENTS[int(rng.integers(len(COMPONENTS)))]
        covered = 0.0 if rng.random() < 0.7 else float(rng.random())
        needs.append(NeedItem(
            id=f"need-{k}", country=code, component=component, areas=place["areas"],
            priority=int(rng.integers(1, 6)), cost_usd=float(np.exp(rng.uniform(10.8, 14.5))),
            groups=place["groups"], languages=place["languages"],
            text=f"{WORDS[component]} in {code} need {k % 97}",
            covered_share=covered, covered_by=int(covered > 0),
            severity=0.5 * bool(place["groups"]) + 0.5 * (1 - covered),
            status="met" if rng.random() < 0.03 else "open",
        ))
    return needs


def synthetic_providers(count: int, seed: int = 2) -> list[ProviderItem]:
    """``count`` providers: 70 % funders, 20 % experts, 10 % South-South countries."""
    rng = np.random.default_rng(seed)
    countries = _geography(np.random.default_rng(0))
    codes = sorted(countries)
    providers = []
    for k in range(count):
        home = codes[int(rng.integers(len(codes)))]
        roll = rng.random()
        kind = KINDS[k % len(KINDS)] if roll < 0.7 else ("expert" if roll < 0.9 else "country")
        focus = frozenset(rng.choice(COMPONENTS, size=int(rng.integers(1, 7)), replace=False))
        record_components, record_places, pairs = {}, set(), set()
        for _ in range(int(rng.integers(0, 10)) if kind not in ("expert", "country") else 0):
            place = codes[int(rng.integers(len(codes)))]
            component = str(rng.choice(sorted(focus)) if rng.random() < 0.8
                            else rng.choice(COMPONENTS))
            record_components[component] = record_components.get(component, 0) + 1
            for where in (place, *countries[place]["areas"]):
                record_places.add(where)
                pairs.add((where, component))
        budget = float(np.exp(rng.uniform(11.5, 17.5)))
        budget = 0.0 if rng.random() < 0.05 else (None if rng.random() < 0.1 else budget)
        areas = countries[home]["areas"]
        providers.append(ProviderItem(
            id=f"provider-{k}", kind=kind, name=f"Provider {k}", country=home, home_areas=areas,
            focus_components=focus,
            focus_regions=frozenset({areas[int(rng.integers(3))]}) if rng.random() < 0.6
            else frozenset(),
            budget_usd=None if kind in ("expert", "country") else budget,
            languages=frozenset(rng.choice(LANGUAGES, size=int(rng.integers(1, 3)),
                                           replace=False)),
            funded_components=record_components, funded_places=frozenset(record_places),
            funded_pairs=frozenset(pairs),
            text=" ".join([f"Provider {k}"] + [WORDS[c] for c in sorted(record_components)]),
            has_portfolio=bool(record_components),
            serves_groups=frozenset({GROUPS[k % 4]}) if rng.random() < 0.3 else frozenset(),
            offers=tuple(CapacityItem(home, c, "advanced", True) for c in sorted(focus))
            if kind == "country" else (),
        ))
    return providers


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _median_ms(action, arguments, repeat: int) -> float:
    times = []
    for argument in arguments[:repeat]:
        start = time.perf_counter()
        action(argument)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_suggestions(n_needs: int, n_providers: int, repeat: int) -> None:
    """One need against all providers, one provider against all needs."""
    start = time.perf_counter()
    index = MatchIndex(synthetic_needs(n_needs), synthetic_providers(n_providers))
    print(f"index of {n_needs:,} needs x {n_providers:,} providers built in "
          f"{time.perf_counter() - start:.1f} s (text vectors included)")
    rng = np.random.default_rng(7)
    need_ids = [index.needs[i].id for i in rng.choice(n_needs, repeat, replace=False)]
    provider_ids = [index.providers[j].id
                    for j in rng.choice(n_providers, repeat, replace=False)]
    index.for_need(need_ids[0])  # warm up
    per_need = _median_ms(lambda n: index.for_need(n, top=10), need_ids, repeat)
    per_provider = _median_ms(lambda p: index.for_provider(p, top=10), provider_ids, repeat)
    print(f"suggestions for one need against {n_providers:,} providers: median "
          f"{per_need:.1f} ms over {repeat} needs (target <= 200 ms)")
    print(f"suggestions for one provider against {n_needs:,} needs: median "
          f"{per_provider:.1f} ms over {repeat} providers (target <= 200 ms)")


def _timed(action, repeat: int = 1):
    """The action's value and its median wall-clock time over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - start)
    return value, statistics.median(times)


def _gap(value: float, best: float) -> str:
    gap = 1 - value / best
    return f"{100 * gap if abs(gap) >= 5e-6 else 0.0:.3f} %"


def bench_allocation(n_needs: int, n_providers: int, threshold: float, top_k: int,
                     with_lp: bool, repeat: int) -> None:
    """Every eligible pair, the exact augmenting-path solver and greedy, at full size; what
    keeping only the top-k providers per need would lose; the HiGHS LP as the reference."""
    needs, providers = synthetic_needs(n_needs, seed=3), synthetic_providers(n_providers, 4)
    index = MatchIndex(needs, providers)
    edges, t_edges = _timed(lambda: index.candidate_edges(threshold=threshold), repeat)
    exact, t_exact = _timed(lambda: optimal_allocation(index.needs, index.providers, edges),
                            repeat)
    greedy, t_greedy = _timed(lambda: greedy_allocation(index.needs, index.providers, edges))
    print(f"allocation of {n_needs:,} needs x {n_providers:,} providers (medians of {repeat}):")
    print(f"  scoring all {n_needs * n_providers:,} pairs, keeping {len(edges):,} edges "
          f"({edges.description}): {t_edges:.2f} s")
    print(f"  exact solver (augmenting paths): {t_exact:.2f} s; edges + solver "
          f"{t_edges + t_exact:.2f} s (target <= 5 s); objective {exact.objective:,.0f}, "
          f"USD {exact.covered_usd / 1e6:,.1f} M in {len(exact.assignments):,} assignments, "
          f"{len(exact.unassigned):,} needs unassigned")
    print(f"  greedy baseline on the same edges: {t_greedy:.2f} s, objective "
          f"{greedy.objective:,.0f}, {_gap(greedy.objective, exact.objective)} below the optimum")
    sparse = index.candidate_edges(threshold=threshold, top_k=top_k)
    kept = optimal_allocation(index.needs, index.providers, sparse)
    print(f"  only the top {top_k} providers per need ({len(sparse):,} edges): optimum "
          f"{_gap(kept.objective, exact.objective)} below the optimum over every pair")
    if with_lp:
        lp, t_lp = _timed(lambda: optimal_allocation(index.needs, index.providers, sparse,
                                                     method="lp"))
        print(f"  HiGHS LP on those {len(sparse):,} edges: {t_lp:.1f} s, objective "
              f"{lp.objective:,.0f}; augmenting paths on the same edges "
              f"{_gap(kept.objective, lp.objective)} below it")


def bench_reference(n_needs: int, n_providers: int, threshold: float) -> None:
    """The augmenting-path solver and greedy against the HiGHS LP over every eligible pair."""
    needs, providers = synthetic_needs(n_needs, seed=5), synthetic_providers(n_providers, 6)
    index = MatchIndex(needs, providers)
    edges = index.candidate_edges(threshold=threshold)
    lp, t_lp = _timed(lambda: optimal_allocation(index.needs, index.providers, edges,
                                                 method="lp"))
    exact, t_exact = _timed(lambda: optimal_allocation(index.needs, index.providers, edges))
    greedy = greedy_allocation(index.needs, index.providers, edges)
    print(f"smaller instance, {n_needs:,} needs x {n_providers:,} providers, every eligible "
          f"pair ({len(edges):,} edges): HiGHS LP {t_lp:.1f} s, objective {lp.objective:,.0f}")
    print(f"  augmenting paths {t_exact:.2f} s, {_gap(exact.objective, lp.objective)} below "
          f"the LP; greedy {_gap(greedy.objective, lp.objective)} below it")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    parser.add_argument("--top-k", type=int, default=20,
                        help="the sparsified edge set to compare with (default 20)")
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--no-lp", action="store_true",
                        help="skip the HiGHS reference at full size (minutes)")
    args = parser.parse_args(argv)
    print(f"machine: {_cpu()}, {os.cpu_count()} cores, python {platform.python_version()}, "
          f"numpy {np.__version__}, scipy {scipy.__version__}, {sys.platform}")
    if args.quick:
        bench_suggestions(2_000, 100, 5)
        bench_allocation(1_000, 100, args.threshold, args.top_k, not args.no_lp, 1)
        bench_reference(300, 40, args.threshold)
        return 0
    bench_suggestions(20_000, 1_000, 25)
    bench_allocation(10_000, 1_000, args.threshold, args.top_k, not args.no_lp, 3)
    bench_reference(2_000, 200, args.threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
