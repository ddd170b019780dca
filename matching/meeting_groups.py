"""Which countries could meet: M49 regions and subregions, or groups found in the data.

The data-driven groups come from a country graph: two countries are linked when they have open
needs in the same components and are served by the same providers (active there, or strongly
matching their needs); see :func:`country_graph`. Louvain community detection (networkx, fixed
seed) splits the graph into groups, which may cross region boundaries when the data says so.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from .meeting_types import Group, MeetingData, MeetingRules, OpenNeed, Place

__all__ = [
    "CountryStake",
    "country_stakes",
    "country_graph",
    "area_groups",
    "data_groups",
    "groupings",
    "need_weight",
]

#: Closeness added to the provider similarity of neighbours: the data decide, geography only
#: tips the balance (meetings are held somewhere).
_SAME_SUBREGION = 0.5
_SAME_REGION = 0.25


@dataclass(frozen=True)
class CountryStake:
    """A country's open needs by component, and the providers around it."""

    country: str
    needs: Mapping[str, tuple[OpenNeed, ...]]
    providers: frozenset[str]

    @property
    def components(self) -> frozenset[str]:
        """Components in which the country has open needs."""
        return frozenset(self.needs)


def need_weight(need: OpenNeed) -> float:
    """How much a need weighs in a meeting: 1.0 for priority 1 down to 0.2 for priority 5,
    plus its severity (0..1)."""
    priority = min(max(need.priority, 1), 5)
    return (6 - priority) / 5 + need.severity


def country_stakes(data: MeetingData, rules: MeetingRules) -> dict[str, CountryStake]:
    """Per country with open needs not yet addressed: its needs by component and the providers
    active there or strongly matching one of them (experts left out)."""
    by_country: dict[str, dict[str, list[OpenNeed]]] = defaultdict(lambda: defaultdict(list))
    country_of: dict[str, str] = {}
    for need in sorted(data.needs, key=lambda n: n.id):
        if need.id in data.addressed or need.country not in data.places:
            continue
        by_country[need.country][need.component].append(need)
        country_of[need.id] = need.country
    providers: dict[str, set[str]] = defaultdict(set)
    for supporter in data.supporters:
        if supporter.kind == "expert":
            continue
        for place in supporter.active:
            if place in by_country:
                providers[place].add(supporter.id)
    experts = {s.id for s in data.supporters if s.kind == "expert"}
    for edge in data.matches:
        if edge.score >= rules.strong_match and edge.need in country_of and \
                edge.provider not in experts:
            providers[country_of[edge.need]].add(edge.provider)
    return {
        country: CountryStake(
            country, {c: tuple(needs) for c, needs in sorted(components.items())},
            frozenset(providers.get(country, ())))
        for country, components in sorted(by_country.items())
    }


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _weighted_jaccard(a: frozenset[str], b: frozenset[str], weight: Mapping[str, float]
                      ) -> float:
    union = sum(weight[p] for p in a | b)
    return sum(weight[p] for p in a & b) / union if union else 0.0


def country_graph(stakes: Mapping[str, CountryStake], places: Mapping[str, Place],
                  neighbours: int = 5) -> nx.Graph:
    """Countries linked by shared open-need components and shared providers.

    A link's ``weight`` is the Jaccard similarity of the two countries' need components times
    (the similarity of their providers + closeness: 0.5 in the same subregion, 0.25 in the same
    region). Providers are weighted by rarity (log of countries / countries they serve), so an
    agency present everywhere links little. Each country keeps its ``neighbours`` strongest
    links (a link stays if either end keeps it), which lets communities follow the data.
    """
    countries = sorted(stakes)
    served = Counter(p for stake in stakes.values() for p in stake.providers)
    rarity = {p: math.log(len(countries) / n) for p, n in served.items()}
    candidates: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for i, a in enumerate(countries):
        for b in countries[i + 1:]:
            shared_components = _jaccard(stakes[a].components, stakes[b].components)
            if not shared_components:
                continue
            closeness = 0.0
            place_a, place_b = places.get(a), places.get(b)
            if place_a and place_b:
                if place_a.subregion and place_a.subregion == place_b.subregion:
                    closeness = _SAME_SUBREGION
                elif place_a.region and place_a.region == place_b.region:
                    closeness = _SAME_REGION
            weight = shared_components * (
                _weighted_jaccard(stakes[a].providers, stakes[b].providers, rarity) + closeness)
            if weight > 0:
                candidates[a].append((weight, b))
                candidates[b].append((weight, a))
    graph = nx.Graph()
    graph.add_nodes_from(countries)
    for a in countries:
        for weight, b in sorted(candidates[a], key=lambda t: (-t[0], t[1]))[:neighbours]:
            graph.add_edge(a, b, weight=round(weight, 6))
    return graph


def _in_area(place: Place, area: str | None) -> bool:
    return area is None or area in place.areas


def _area_key(place: Place, scope: str, area: str | None) -> str | None:
    key = place.region if scope == "region" else (place.subregion or place.region)
    if area and key and area in place.areas and key in place.areas and \
            place.areas.index(area) < place.areas.index(key):
        return area  # the area asked for is smaller than the scope's level: it is the group
    return key


def area_groups(data: MeetingData, stakes: Mapping[str, CountryStake], scope: str,
                area: str | None = None) -> list[Group]:
    """One group per M49 region (``scope`` "region") or subregion ("subregion") that has
    countries with open needs; only countries within ``area`` when it is given."""
    members: dict[str, list[str]] = defaultdict(list)
    for country in stakes:
        place = data.places[country]
        if not _in_area(place, area):
            continue
        key = _area_key(place, scope, area)
        if key:
            members[key].append(country)
    return [
        Group(key=key, scope=scope, area=key, name=data.labels.place(key),
              countries=tuple(sorted(countries)))
        for key, countries in sorted(members.items())
    ]


def _group_name(countries: Iterable[str], data: MeetingData) -> str:
    areas = Counter(data.places[c].subregion or data.places[c].region or "" for c in countries)
    names = [data.labels.place(code) for code, _ in
             sorted(areas.items(), key=lambda item: (-item[1], item[0])) if code]
    head = " + ".join(names[:3])
    more = f" + {len(names) - 3} more" if len(names) > 3 else ""
    return f"{head}{more} (data-driven group)"


def data_groups(data: MeetingData, stakes: Mapping[str, CountryStake], graph: nx.Graph,
                rules: MeetingRules, area: str | None = None) -> list[Group]:
    """Communities of the country graph (Louvain, fixed seed) of at least ``min_countries``."""
    nodes = [c for c in sorted(stakes) if _in_area(data.places[c], area)]
    sub = graph.subgraph(nodes)
    if sub.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(
        sub, weight="weight", resolution=rules.resolution, seed=rules.seed)
    groups = []
    for community in communities:
        countries = tuple(sorted(community))
        if len(countries) < rules.min_countries:
            continue
        digest = hashlib.sha1(",".join(countries).encode()).hexdigest()[:8]
        groups.append(Group(key=f"group-{digest}", scope="group",
                            area=_group_name(countries, data), name=_group_name(countries, data),
                            countries=countries))
    return sorted(groups, key=lambda g: (-len(g.countries), g.countries))


def groupings(data: MeetingData, stakes: Mapping[str, CountryStake], graph: nx.Graph,
              scope: str, rules: MeetingRules, area: str | None = None) -> list[Group]:
    """The groups of ``scope`` ("region", "subregion" or "auto")."""
    if scope == "auto":
        return data_groups(data, stakes, graph, rules, area)
    if scope in ("region", "subregion"):
        return area_groups(data, stakes, scope, area)
    raise ValueError(f"scope must be region, subregion or auto, not {scope!r}")
