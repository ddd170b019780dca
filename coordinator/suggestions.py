"""Partnership suggestions and the optimal allocation, from a Snapshot to JSON-ready dicts.

This is the adapter between the coordinator's record and the pure matching core: it turns a
:class:`~coordinator.domain.Snapshot` into ``matching.types`` values (money in USD through a
:class:`~coordinator.money.RateTable`), learns weights from past decisions, and shapes the
results as the contract's "match" and "allocate" outputs.

How the record becomes matching input:

- A need's ``covered_share``, ``covered_by`` and ``severity`` are those of the gap analysis
  (:func:`coordinator.analysis.gaps.need_coverage`): the share of its estimated cost that active
  initiatives in its country (or a region containing it) and component already bring, how many
  they are, and how severe what is left is. So the duplication penalty and the gap view agree.
- A provider's record is every initiative (not cancelled) where it is a funding or implementing
  provider: components, recipient countries, their M49 areas and recipient regions. It
  "serves" a priority group when at least half of the (two or more) countries it supported
  belong to it. Its portfolio text is its name and those initiatives' titles and descriptions.
- A country with ``can_offer`` capacities offers South-South support: through its provider
  record of kind ``country`` if there is one, else as a provider ``"country:ALPHA3"``.
- Decisions are the ``decisions`` given plus the snapshot's partnerships (declined = declined;
  accepted, funded, completed = accepted). A decided pair is never suggested again.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pycountry

from coordinator.analysis.gaps import NeedGap, need_coverage
from coordinator.domain import Initiative, Money, Need, Snapshot
from coordinator.errors import NotFound
from coordinator.money import RateTable
from coordinator.taxonomy import COMPONENTS, COUNTRY_GROUPS, PRIORITY_GROUPS, expand_component
from matching.allocate import greedy_allocation, optimal_allocation
from matching.learning import DecisionModel
from matching.scoring import MatchIndex
from matching.types import (
    AllocationResult,
    CapacityItem,
    Decision,
    Labels,
    NeedItem,
    ProviderItem,
    Suggestion,
)

__all__ = [
    "ALLOCATION_METHODS",
    "MIN_DECISIONS",
    "Matching",
    "country_languages",
    "prepare",
    "decisions_of",
    "weight_model",
    "suggest_for_need",
    "suggest_for_provider",
    "allocation_result",
    "allocation",
]

#: Decisions needed before weights are learned from them.
MIN_DECISIONS = 30
#: Ways to compute the allocation (see matching.allocate).
ALLOCATION_METHODS = ("augmenting", "lp", "greedy")
_RECORD_ROLES = ("funding", "implementing")
_WORLD = "001"
_DECIDED = {"declined": False, "accepted": True, "funded": True, "completed": True}

#: Languages a country works in officially, among the six UN languages and Portuguese (ISO
#: 639-1 -> alpha-3), written from general knowledge of national constitutions: a hint, not
#: reference data. Countries not listed get no hint, so their language part stays neutral.
_LANGUAGE_COUNTRIES = {
    "ar": "ARE BHR COM DJI DZA EGY IRQ JOR KWT LBN LBY MAR MRT OMN PSE QAT SAU SDN SOM SYR TCD "
          "TUN YEM",
    "en": "ATG AUS BHS BLZ BRB BWA CAN CMR DMA FJI FSM GBR GHA GMB GRD GUY IND IRL JAM KEN KIR "
          "KNA LBR LCA LSO MHL MLT MUS MWI NAM NGA NRU NZL PAK PHL PLW PNG RWA SGP SLB SLE SSD "
          "SWZ SYC TON TTO TUV TZA UGA USA VCT VUT WSM ZAF ZMB ZWE",
    "es": "ARG BOL CHL COL CRI CUB DOM ECU ESP GNQ GTM HND MEX NIC PAN PER PRY SLV URY VEN",
    "fr": "BDI BEL BEN BFA CAF CHE CIV CMR COD COG COM DJI FRA GAB GIN GNQ HTI LUX MCO MDG MLI "
          "NER RWA SEN SYC TCD TGO VUT",
    "pt": "AGO BRA CPV GNB GNQ MOZ PRT STP TLS",
    "ru": "BLR KAZ KGZ RUS TJK",
    "zh": "CHN",
}
_COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    alpha3: tuple(lang for lang, listed in _LANGUAGE_COUNTRIES.items() if alpha3 in listed.split())
    for alpha3 in {code for listed in _LANGUAGE_COUNTRIES.values() for code in listed.split()}
}


def country_languages(alpha3: str | None) -> tuple[str, ...]:
    """Language hints (ISO 639-1) for a country; empty when none is known."""
    return _COUNTRY_LANGUAGES.get(alpha3 or "", ())


@dataclass(frozen=True, eq=False)
class Matching:
    """A snapshot prepared for matching: the index and the decisions known so far."""

    index: MatchIndex
    decisions: tuple[Decision, ...]


def _usd(rates: RateTable, money: Money | None, on) -> float | None:
    return None if money is None else rates.to_usd(money, on)


def _region_ancestors(snapshot: Snapshot, code: str) -> list[str]:
    chain, seen = [], set()
    while code and code not in seen and code != _WORLD:
        seen.add(code)
        chain.append(code)
        region = snapshot.regions.get(code)
        code = region.parent if region else None
    return chain


def _areas(snapshot: Snapshot, alpha3: str | None) -> tuple[str, ...]:
    country = snapshot.countries.get(alpha3) if alpha3 else None
    return country.areas if country else ()


def _components(codes: Iterable[str]) -> set[str]:
    return {c for code in codes for c in expand_component(code)}


def _need_item(need: Need, snapshot: Snapshot, rates: RateTable,
               gap: NeedGap | None) -> NeedItem:
    country = snapshot.countries.get(need.country)
    areas = country.areas if country else ()
    if gap is not None:
        covered, covered_by, severity = gap.coverage, gap.initiative_count, gap.severity
    else:  # met or withdrawn: not a gap, never suggested
        covered, covered_by, severity = float(need.status == "met"), 0, 0.0
    return NeedItem(
        id=need.id, country=need.country, component=need.component, areas=areas,
        priority=need.priority,
        start=need.start.toordinal() if need.start else None,
        end=need.end.toordinal() if need.end else None,
        cost_usd=_usd(rates, need.estimated_cost, need.start.year if need.start else None),
        groups=frozenset(country.groups) if country else frozenset(),
        languages=country_languages(need.country), text=f"{need.title}\n{need.description}",
        covered_share=covered, covered_by=covered_by, severity=severity,
        status=need.status, confidential=need.confidential,
    )


@dataclass
class _Record:
    components: Counter
    places: set
    pairs: set
    countries: set
    texts: list


def _records(snapshot: Snapshot) -> dict[str, _Record]:
    records: dict[str, _Record] = {}
    for initiative in sorted(snapshot.initiatives.values(), key=lambda i: i.id):
        if initiative.status == "cancelled":
            continue
        places = _initiative_places(snapshot, initiative)
        components = _components(initiative.components)
        for provider_id in {p.id for p in initiative.providers if p.role in _RECORD_ROLES}:
            record = records.setdefault(provider_id, _Record(Counter(), set(), set(), set(), []))
            record.components.update(components)
            record.places |= places
            record.pairs |= {(p, c) for p in places for c in components}
            record.countries |= set(initiative.recipient_countries)
            record.texts.append(f"{initiative.title}. {initiative.description}")
    return records


def _initiative_places(snapshot: Snapshot, initiative: Initiative) -> set[str]:
    places = set(initiative.recipient_countries)
    for alpha3 in initiative.recipient_countries:
        places.update(_areas(snapshot, alpha3))
    for region in initiative.recipient_regions:
        places.update(_region_ancestors(snapshot, region))
    return places


def _serves(snapshot: Snapshot, countries: set[str]) -> frozenset[str]:
    if len(countries) < 2:
        return frozenset()
    counts = Counter(g for c in countries if c in snapshot.countries
                     for g in snapshot.countries[c].groups if g in PRIORITY_GROUPS)
    return frozenset(g for g, n in counts.items() if n >= len(countries) / 2)


def _provider_items(snapshot: Snapshot, rates: RateTable) -> list[ProviderItem]:
    records = _records(snapshot)
    offers: dict[str, list] = defaultdict(list)
    for capacity in sorted(snapshot.capacities.values(), key=lambda c: c.id):
        if capacity.can_offer:
            offers[capacity.country].append(capacity)
    items, country_records = [], {}
    for provider in sorted(snapshot.providers.values(), key=lambda p: p.id):
        record = records.get(provider.id)
        regions = set(provider.focus_regions) - {_WORLD}
        item = ProviderItem(
            id=provider.id, kind=provider.kind, name=provider.name, country=provider.country,
            home_areas=_areas(snapshot, provider.country),
            focus_components=frozenset(_components(provider.focus_components)),
            focus_countries=frozenset(provider.focus_countries), focus_regions=frozenset(regions),
            budget_usd=_usd(rates, provider.budget, snapshot.as_of),
            languages=frozenset(provider.languages or (
                country_languages(provider.country) if provider.kind == "country" else ())),
            funded_components=dict(record.components) if record else {},
            funded_places=frozenset(record.places) if record else frozenset(),
            funded_pairs=frozenset(record.pairs) if record else frozenset(),
            text="\n".join([provider.name, *(record.texts if record else [])]),
            has_portfolio=bool(record),
            serves_groups=_serves(snapshot, record.countries) if record else frozenset(),
        )
        if provider.kind == "country" and provider.country and provider.country not in \
                country_records:
            country_records[provider.country] = len(items)
        items.append(item)
    for alpha3, capacities in sorted(offers.items()):
        offered = tuple(CapacityItem(c.country, c.component, c.level, True) for c in capacities)
        texts = [c.description for c in capacities if c.description]
        if alpha3 in country_records:
            at = country_records[alpha3]
            old = items[at]
            items[at] = replace(old, offers=offered, text="\n".join([old.text, *texts]),
                                has_portfolio=old.has_portfolio or bool(texts))
            continue
        country = snapshot.countries.get(alpha3)
        name = country.name if country else alpha3
        items.append(ProviderItem(
            id=f"country:{alpha3}", kind="country", name=name, country=alpha3,
            home_areas=_areas(snapshot, alpha3),
            focus_components=frozenset(c.component for c in capacities),
            languages=frozenset(country_languages(alpha3)),
            text="\n".join([name, *texts]), has_portfolio=bool(texts), offers=offered,
        ))
    return items


def _language_names(codes: Iterable[str]) -> dict[str, str]:
    names = {}
    for code in codes:
        language = pycountry.languages.get(alpha_2=code)
        if language is not None:
            names[code] = language.name
    return names


def _labels(snapshot: Snapshot, needs, providers) -> Labels:
    places = {code: region.name for code, region in snapshot.regions.items()}
    places.update({code: country.name for code, country in snapshot.countries.items()})
    codes = {lang for n in needs for lang in n.languages}
    codes |= {lang for p in providers for lang in p.languages}
    return Labels(components=dict(COMPONENTS), places=places, groups=dict(COUNTRY_GROUPS),
                  languages=_language_names(codes))


def decisions_of(snapshot: Snapshot, decisions: Iterable = ()) -> tuple[Decision, ...]:
    """The snapshot's decided partnerships, then ``decisions`` ((need, provider, accepted,
    reason) tuples or Decision values); the last word on a pair wins."""
    found: dict[tuple[str, str], Decision] = {}
    for partnership in sorted(snapshot.partnerships.values(), key=lambda p: p.id):
        if partnership.provider and partnership.status in _DECIDED:
            note = partnership.history[-1].note if partnership.history else None
            found[(partnership.need, partnership.provider)] = Decision(
                partnership.need, partnership.provider, _DECIDED[partnership.status], note or "")
    for decision in decisions:
        if not isinstance(decision, Decision):
            decision = Decision(*decision)
        found[(decision.need, decision.provider)] = decision
    return tuple(found.values())


def prepare(snapshot: Snapshot, rates: RateTable, decisions: Iterable = ()) -> Matching:
    """Build the matching index of ``snapshot`` once, to answer several questions with it."""
    gaps = {gap.need: gap for gap in need_coverage(snapshot, rates)}
    needs = [_need_item(n, snapshot, rates, gaps.get(n.id))
             for n in sorted(snapshot.needs.values(), key=lambda n: n.id)]
    providers = _provider_items(snapshot, rates)
    index = MatchIndex(needs, providers, labels=_labels(snapshot, needs, providers))
    return Matching(index, decisions_of(snapshot, decisions))


def weight_model(matching: Matching, min_decisions: int = MIN_DECISIONS) -> DecisionModel:
    """The decision model fitted on the known decisions (expert weights below the minimum)."""
    index = matching.index
    known = [d for d in matching.decisions
             if d.need in index.need_table.position and d.provider in index.provider_table.position]
    parts = index.parts_matrix([(d.need, d.provider) for d in known])
    return DecisionModel(min_decisions=min_decisions).fit(parts, [d.accepted for d in known])


def _suggestion_dict(suggestion: Suggestion, index: MatchIndex, side: str) -> dict:
    if side == "provider":
        provider = index.providers[index.provider_table.position[suggestion.provider]]
        head = {"provider": provider.id, "name": provider.name, "kind": provider.kind}
    else:
        head = {"need": suggestion.need}
    return {**head, "score": suggestion.score, "parts": dict(suggestion.parts),
            "reasons": list(suggestion.reasons)}


def _matching(snapshot, rates, decisions, prepared: Matching | None) -> Matching:
    return prepared if prepared is not None else prepare(snapshot, rates, decisions)


def suggest_for_need(snapshot: Snapshot, rates: RateTable, need_id: str, top: int = 10,
                     decisions: Iterable = (), *, prepared: Matching | None = None) -> dict:
    """Providers ranked for one need, in the contract's "match" shape.

    Adds ``weights`` (used) and ``model`` (where they come from). NotFound for an unknown need.
    """
    matching = _matching(snapshot, rates, decisions, prepared)
    if need_id not in matching.index.need_table.position:
        raise NotFound(f"need {need_id!r} not found")
    model = weight_model(matching)
    decided = {d.provider for d in matching.decisions if d.need == need_id}
    found = matching.index.for_need(need_id, top=top, weights=model.weights_, exclude=decided)
    return {"need": need_id,
            "suggestions": [_suggestion_dict(s, matching.index, "provider") for s in found],
            "weights": model.describe()["weights"], "model": model.describe()}


def suggest_for_provider(snapshot: Snapshot, rates: RateTable, provider_id: str, top: int = 10,
                         decisions: Iterable = (), *, include_confidential: bool = False,
                         prepared: Matching | None = None) -> dict:
    """Open needs ranked for one provider, in the contract's "match" shape.

    Confidential needs are left out unless ``include_confidential``. NotFound for an unknown
    provider (``"country:ALPHA3"`` names a country offering South-South support).
    """
    matching = _matching(snapshot, rates, decisions, prepared)
    if provider_id not in matching.index.provider_table.position:
        raise NotFound(f"provider {provider_id!r} not found")
    model = weight_model(matching)
    decided = {d.need for d in matching.decisions if d.provider == provider_id}
    found = matching.index.for_provider(provider_id, top=top, weights=model.weights_,
                                        exclude=decided, include_confidential=include_confidential)
    return {"provider": provider_id,
            "suggestions": [_suggestion_dict(s, matching.index, "need") for s in found],
            "weights": model.describe()["weights"], "model": model.describe()}


def allocation_result(snapshot: Snapshot, rates: RateTable, decisions: Iterable = (), *,
                      method: str = "augmenting", threshold: float = 0.4,
                      top_k: int | None = None, include_confidential: bool = False,
                      prepared: Matching | None = None) -> AllocationResult:
    """The allocation as a ``matching.types.AllocationResult``.

    ``method``: ``"augmenting"`` (exact, fast), ``"lp"`` (exact, HiGHS) or ``"greedy"``
    (baseline). Pairs taking part: every funding pair with a score of at least ``threshold``
    (or only each need's ``top_k`` best). Declined pairs are never used; confidential needs
    only if allowed.
    """
    if method not in ALLOCATION_METHODS:
        raise ValueError(f"method must be one of {', '.join(ALLOCATION_METHODS)}, not {method!r}")
    matching = _matching(snapshot, rates, decisions, prepared)
    index = matching.index
    model = weight_model(matching)
    banned = {(d.need, d.provider) for d in matching.decisions if not d.accepted}
    edges = index.candidate_edges(threshold=threshold, top_k=top_k, weights=model.weights_,
                                  exclude=banned)
    needs = index.needs
    if not include_confidential:
        # a withdrawn need has nothing left to cover, so the solver leaves it out
        needs = tuple(replace(n, status="withdrawn") if n.confidential else n for n in needs)
    if method == "greedy":
        return greedy_allocation(needs, index.providers, edges)
    return optimal_allocation(needs, index.providers, edges, method=method)


def allocation(snapshot: Snapshot, rates: RateTable, decisions: Iterable = (), *,
               method: str = "augmenting", threshold: float = 0.4, top_k: int | None = None,
               include_confidential: bool = False, prepared: Matching | None = None) -> dict:
    """The optimal allocation of open needs to budgets, in the contract's "allocate" shape.

    Each assignment's ``reasons`` say what it covers and why the provider fits. Also gives
    ``covered`` (USD assigned in total) and ``notes`` (who could not take part and why).
    """
    matching = _matching(snapshot, rates, decisions, prepared)
    result = allocation_result(snapshot, rates, method=method, threshold=threshold, top_k=top_k,
                               include_confidential=include_confidential, prepared=matching)
    fits = matching.index.explain_pairs([(a.need, a.provider) for a in result.assignments])
    assignments = [
        {"need": a.need, "provider": a.provider, "amount": Money(a.amount_usd, "USD").as_dict(),
         "reasons": [*a.explanation, *fit.reasons[:2]]}
        for a, fit in zip(result.assignments, fits, strict=True)
    ]
    return {"assignments": assignments, "objective": round(result.objective, 2),
            "unassigned": list(result.unassigned), "method": result.method,
            "covered": Money(round(result.covered_usd, 2), "USD").as_dict(),
            "notes": list(result.notes)}


