"""Seeded synthetic data in the import format, with planted duplicates and overlaps.

Writes a ``capacity-coordinator/1`` document of any size and, in a separate file, the ground
truth of what was planted: duplicate records of initiatives and of needs (the same project or
need entered again: reworded, translated between English, French and Spanish, re-dated, with
part of the recipients, with the budget in another currency, by one of its providers) and
overlapping support (another provider funding the same component in the same country at the
same time). Countries are real ISO alpha-3 codes placed in UN M49 areas by
``coordinator.reference``.

Usage::

    python -m bench.generate --initiatives 100000 --needs 20000 --providers 1000 --seed 1 \\
        --out data.json --truth truth.json

:func:`generate_snapshot` returns the same data as a :class:`~coordinator.domain.Snapshot`
for benchmarks that skip the database.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations

from bench.phrases import LANGUAGES
from bench.synthetic import (
    AS_OF,
    LEAF_COMPONENTS,
    Pools,
    World,
    initiative_status,
    make_initiative,
    make_providers,
    render,
    reworded,
    text_choices,
    weighted,
)
from coordinator.domain import Capacity, Initiative, Money, Need, Profile, Snapshot
from coordinator.io.document import snapshot_document
from coordinator.taxonomy import FRAMEWORK_STAGES

__all__ = ["generate_snapshot", "generate_document", "main"]


def _shifted(rng: random.Random, day: date, days: int) -> date:
    return day + timedelta(days=rng.randint(-days, days))


def _duplicate(world: World, original: Initiative, choices: dict, number: int) -> Initiative:
    """The same project entered again, the way a second source would write it."""
    rng = world.rng
    language = choices["language"]
    mode = weighted(rng, (("identical", 15), ("reworded", 45), ("translated", 40)))
    if mode == "translated":
        language = rng.choice([lang for lang in LANGUAGES if lang != language])
    countries = list(original.recipient_countries)
    if len(countries) > 1 and rng.random() < 0.5:
        countries = sorted(rng.sample(countries, rng.randint(1, len(countries) - 1)))
    components = original.components
    if len(components) > 1 and rng.random() < 0.3:
        components = components[:-1]
    title, description = render(
        choices, world.place(countries, list(original.recipient_regions), language), language)
    if mode == "reworded":
        description = reworded(rng, description, language)
        if rng.random() < 0.5:
            title = f"{title} (phase I)"
    start, end = original.start, original.end
    if rng.random() < 0.5:
        start, end = _shifted(rng, start, 120), _shifted(rng, end, 180)
        end = max(end, start + timedelta(days=180))
    budget = original.budget
    draw = rng.random()
    if draw < 0.3:
        budget = Money(round(budget.amount * rng.uniform(0.95, 1.05), -3), budget.currency)
    elif draw < 0.6:
        rate = {r.currency: r.usd_per_unit for r in world.rates if r.year == start.year}
        if budget.currency == "USD" and "EUR" in rate:
            budget = Money(round(budget.amount / rate["EUR"], -3), "EUR")
        elif budget.currency in rate:
            budget = Money(round(budget.amount * rate[budget.currency], -3), "USD")
    roles = original.providers
    if len(roles) > 1 and rng.random() < 0.6:
        roles = (rng.choice(roles),)
    return replace(
        original, id=f"I{number:07d}", title=title, description=description, providers=roles,
        recipient_countries=tuple(countries), components=components, budget=budget,
        start=start, end=end, status=initiative_status(world, start, end), lessons=None,
        updated=world.updated(start),
    )


def _overlap(world: World, pools: Pools, base: Initiative, choices: dict, number: int):
    """Another provider's support to the same activity as ``base``, in the same place and time.

    Same first component and activity, different target group, crop, partner and budget.
    """
    rng = world.rng
    if base.recipient_countries:
        countries = [rng.choice(base.recipient_countries)]
    else:
        countries = [c for c in world.recipients
                     if base.recipient_regions[0] in world.countries[c].areas][:1]
    component = base.components[0]
    start = base.start + timedelta(days=rng.randint(-180, 180))
    end = start + timedelta(days=rng.randint(365, 4 * 365))
    taken = set(base.provider_ids())
    roles = pools.roles()
    while roles[0].id in taken:
        roles = pools.roles()
    roles = tuple(r for r in roles if r.id not in taken)
    initiative, _ = make_initiative(world, pools, number, countries=countries, regions=[],
                                components=(component,), period=(start, end), roles=roles,
                                avoid=choices)
    return initiative


_NEED_STATUSES = (("open", 55), ("partially_met", 20), ("met", 20), ("withdrawn", 5))


def _need(world: World, number: int) -> tuple[Need, dict]:
    rng = world.rng
    country = rng.choice(world.recipients)
    choices = text_choices(world, (rng.choice(LEAF_COMPONENTS),))
    language = world.language_for([country])
    title, description = render(choices, world.place([country], [], language), language,
                                 need=True)
    start, end = world.period(2016, 2027, 365, 4 * 365)
    need = Need(
        id=f"N{number:06d}", country=country, component=choices["components"][0], title=title,
        description=description, priority=rng.randint(1, 5),
        sequence=rng.choice((None, rng.randint(1, 5))), start=start, end=end,
        estimated_cost=world.money(2e4, 2e6), status=weighted(rng, _NEED_STATUSES),
        confidential=rng.random() < 0.05, updated=world.updated(start - timedelta(days=400)),
    )
    return need, {**choices, "language": language}


def _need_duplicate(world: World, original: Need, choices: dict, number: int) -> Need:
    rng = world.rng
    language = choices["language"]
    if rng.random() < 0.4:
        language = rng.choice([lang for lang in LANGUAGES if lang != language])
    title, description = render(
        choices, world.place([original.country], [], language), language, need=True)
    if language == choices["language"]:
        description = reworded(rng, description, language)
    cost = original.estimated_cost
    return replace(
        original, id=f"N{number:06d}", title=title, description=description,
        start=_shifted(rng, original.start, 60), end=_shifted(rng, original.end, 90),
        estimated_cost=Money(round(cost.amount * rng.uniform(0.9, 1.1), -3), cost.currency),
        priority=min(5, max(1, original.priority + rng.choice((0, 0, 0, -1, 1)))),
        updated=world.updated(original.start),
    )


def _pairs(cluster: list[str]) -> list[list[str]]:
    return [sorted(pair) for pair in combinations(cluster, 2)]


def _profiles(world: World) -> dict[str, Profile]:
    rng = world.rng
    profiles = {}
    for code in world.recipients:
        if rng.random() < 0.25:
            continue
        profiles[code] = Profile(
            country=code, focal_point=rng.random() < 0.9,
            competent_authority=rng.random() < 0.7, framework=rng.choice(FRAMEWORK_STAGES),
            strategy=rng.random() < 0.5, coordination_mechanism=rng.random() < 0.4,
            bch_node=rng.random() < 0.6,
            funding_need_short=world.money(5e4, 2e6) if rng.random() < 0.6 else None,
            funding_need_long=world.money(2e5, 1e7) if rng.random() < 0.4 else None,
            updated=world.updated(None).date() if rng.random() < 0.8 else None,
        )
    return profiles


def _capacities(world: World, count: int) -> dict[str, Capacity]:
    rng = world.rng
    return {
        f"C{n:06d}": Capacity(
            id=f"C{n:06d}", country=rng.choice(world.recipients),
            component=rng.choice(LEAF_COMPONENTS),
            level=weighted(rng, (("basic", 50), ("established", 35), ("advanced", 15))),
            description="Existing national expertise and facilities",
            can_offer=rng.random() < 0.2, updated=world.updated(None),
        )
        for n in range(1, count + 1)
    }


def generate_snapshot(
    initiatives: int = 1000, needs: int = 200, providers: int = 50, seed: int = 1, *,
    duplicate_rate: float = 0.02, overlap_rate: float = 0.02, need_duplicate_rate: float = 0.02,
    as_of: date = AS_OF,
) -> tuple[Snapshot, dict]:
    """A synthetic :class:`Snapshot` and the ground truth of what was planted in it.

    ``duplicate_rate`` of the initiatives are second records of another one (one in five
    originals gets two), ``overlap_rate`` are another provider's support to the same component,
    place and time as an existing initiative, and ``need_duplicate_rate`` of the needs are
    needs entered twice. The truth is ``{"duplicates": {"initiative": [[a, b], ...], "need":
    [...]}, "overlaps": [[a, b], ...], ...}`` with each pair's ids sorted.
    """
    world = World(seed, as_of)
    rng = world.rng
    provider_records = make_providers(world, max(providers, 2))
    pools = Pools(world, provider_records)
    copies = int(round(initiatives * duplicate_rate))
    overlaps = int(round(initiatives * overlap_rate))
    originals = max(initiatives - copies - overlaps, 1)
    numbers = list(range(1, originals + copies + overlaps + 1))
    rng.shuffle(numbers)
    records: dict[str, Initiative] = {}
    made = []
    for _ in range(originals):
        initiative, choices = make_initiative(world, pools, numbers.pop())
        records[initiative.id] = initiative
        made.append((initiative, choices))
    clusters = []
    for original, choices in rng.sample(made, min(copies, len(made))):
        if copies <= 0:
            break
        cluster = [original.id]
        for _ in range(min(copies, 2 if rng.random() < 0.2 else 1)):
            copy = _duplicate(world, original, choices, numbers.pop())
            records[copy.id] = copy
            cluster.append(copy.id)
            copies -= 1
        clusters.append(cluster)
    overlap_pairs = []
    for _ in range(overlaps):
        base, choices = made[rng.randrange(len(made))]
        other = _overlap(world, pools, base, choices, numbers.pop())
        records[other.id] = other
        overlap_pairs.append(sorted((base.id, other.id)))

    need_records: dict[str, Need] = {}
    need_copies = int(round(needs * need_duplicate_rate))
    need_numbers = list(range(1, needs + 1))
    rng.shuffle(need_numbers)
    made_needs = []
    for _ in range(max(needs - need_copies, 0)):
        need, choices = _need(world, need_numbers.pop())
        need_records[need.id] = need
        made_needs.append((need, choices))
    need_pairs = []
    for original, choices in rng.sample(made_needs, min(need_copies, len(made_needs))):
        copy = _need_duplicate(world, original, choices, need_numbers.pop())
        need_records[copy.id] = copy
        need_pairs.append(sorted((original.id, copy.id)))

    snapshot = Snapshot(
        countries=world.countries, regions=world.regions, profiles=_profiles(world),
        providers=provider_records, initiatives=dict(sorted(records.items())),
        needs=dict(sorted(need_records.items())),
        capacities=_capacities(world, max(needs // 4, 1)), rates=world.rates, as_of=as_of,
    )
    truth = {
        "seed": seed, "as_of": as_of.isoformat(),
        "counts": {"initiatives": len(records), "needs": len(need_records),
                   "providers": len(provider_records)},
        "duplicates": {
            "initiative": sorted(pair for cluster in clusters for pair in _pairs(cluster)),
            "need": sorted(need_pairs),
        },
        "duplicate_clusters": {"initiative": [sorted(c) for c in clusters],
                               "need": [list(p) for p in sorted(need_pairs)]},
        "overlaps": sorted(overlap_pairs),
    }
    return snapshot, truth


def generate_document(*args, **kwargs) -> tuple[dict, dict]:
    """Like :func:`generate_snapshot`, but the data as a ``capacity-coordinator/1`` document."""
    snapshot, truth = generate_snapshot(*args, **kwargs)
    return snapshot_document(snapshot), truth


def main(argv: list[str] | None = None) -> int:
    """Command line: write the document and the truth as JSON files."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=1000)
    parser.add_argument("--needs", type=int, default=200)
    parser.add_argument("--providers", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duplicate-rate", type=float, default=0.02)
    parser.add_argument("--overlap-rate", type=float, default=0.02)
    parser.add_argument("--need-duplicate-rate", type=float, default=0.02)
    parser.add_argument("--out", required=True, help="where to write the document (JSON)")
    parser.add_argument("--truth", required=True, help="where to write the ground truth (JSON)")
    options = parser.parse_args(argv)
    document, truth = generate_document(
        options.initiatives, options.needs, options.providers, options.seed,
        duplicate_rate=options.duplicate_rate, overlap_rate=options.overlap_rate,
        need_duplicate_rate=options.need_duplicate_rate,
    )
    with open(options.out, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
    with open(options.truth, "w", encoding="utf-8") as handle:
        json.dump(truth, handle, indent=1)
    counts = truth["counts"]
    print(f"wrote {counts['initiatives']} initiatives, {counts['needs']} needs and "
          f"{counts['providers']} providers to {options.out}; truth in {options.truth}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
