"""The coordination graph: countries, regions, components, needs, capacities, providers and
initiatives as typed nodes, linked by typed edges.

Node ids are ``"<kind>:<id>"`` (``"country:KEN"``, ``"region:014"``, ``"component:i"``,
``"need:KE-001"``, ``"capacity:..."``, ``"provider:..."``, ``"initiative:..."``); every node
has ``kind`` and ``label``. Edges are keyed and typed by ``type``:

=====================  ===================================================================
``funds``              provider -> initiative (role funding)
``implements``         provider -> initiative (role implementing)
``extends``            provider -> initiative (role extending)
``targets_country``    initiative -> country
``targets_region``     initiative -> region
``addresses_component`` initiative, need or capacity -> component
``has_need``           country -> need
``has_capacity``       country -> capacity
``in_region``          country -> region (each M49 area containing it), region -> parent
``based_in``           provider -> country (its home)
``focuses_on``         provider -> component, country or region
=====================  ===================================================================

:func:`write_graphml` writes it for tools such as Gephi (GraphML takes scalar attributes
only, so lists become ``;``-separated text and missing values are left out).
"""
from __future__ import annotations

from typing import IO

import networkx as nx

from coordinator.domain import Money, Snapshot
from coordinator.taxonomy import COMPONENTS

__all__ = ["EDGE_TYPES", "NODE_KINDS", "build_graph", "write_graphml", "node_id"]

NODE_KINDS = ("country", "region", "component", "need", "capacity", "provider", "initiative")
EDGE_TYPES = ("funds", "implements", "extends", "targets_country", "targets_region",
              "addresses_component", "has_need", "has_capacity", "in_region", "based_in",
              "focuses_on")
_ROLE_EDGE = {"funding": "funds", "implementing": "implements", "extending": "extends"}


def node_id(kind: str, key: str) -> str:
    """The graph's id of a record: ``node_id("country", "KEN") == "country:KEN"``."""
    return f"{kind}:{key}"


def _money(money: Money | None) -> dict:
    if money is None:
        return {}
    return {"amount": float(money.amount), "currency": money.currency}


def _edge(graph: nx.MultiDiGraph, source: str, target: str, kind: str, **attributes) -> None:
    for end in (source, target):
        if end not in graph:
            graph.add_node(end, kind=end.split(":", 1)[0], label=end.split(":", 1)[1])
    graph.add_edge(source, target, key=kind, type=kind, **attributes)


def _add_places(graph: nx.MultiDiGraph, snapshot: Snapshot) -> None:
    for region in snapshot.regions.values():
        graph.add_node(node_id("region", region.code), kind="region", label=region.name,
                       level=region.level)
    for region in snapshot.regions.values():
        if region.parent:
            _edge(graph, node_id("region", region.code), node_id("region", region.parent),
                  "in_region")
    for country in snapshot.countries.values():
        graph.add_node(node_id("country", country.alpha3), kind="country", label=country.name,
                       groups=sorted(country.groups), cartagena_party=country.cartagena_party)
        for area in country.areas:
            _edge(graph, node_id("country", country.alpha3), node_id("region", area),
                  "in_region")
    parents = {code for code in COMPONENTS if code.startswith("a")}
    graph.add_node(node_id("component", "a"), kind="component",
                   label="Institutional capacity building")
    for code, name in COMPONENTS.items():
        graph.add_node(node_id("component", code), kind="component", label=name)
        if code in parents:
            graph.nodes[node_id("component", code)]["parent"] = "a"


def build_graph(snapshot: Snapshot) -> nx.MultiDiGraph:
    """The coordination graph of ``snapshot`` (see the module's description)."""
    graph = nx.MultiDiGraph()
    _add_places(graph, snapshot)
    for provider in snapshot.providers.values():
        node = node_id("provider", provider.id)
        graph.add_node(node, kind="provider", label=provider.name, provider_kind=provider.kind,
                       languages=list(provider.languages), **_money(provider.budget))
        if provider.country:
            _edge(graph, node, node_id("country", provider.country), "based_in")
        for code in provider.focus_components:
            _edge(graph, node, node_id("component", code), "focuses_on")
        for code in provider.focus_countries:
            _edge(graph, node, node_id("country", code), "focuses_on")
        for code in provider.focus_regions:
            _edge(graph, node, node_id("region", code), "focuses_on")
    for initiative in snapshot.initiatives.values():
        node = node_id("initiative", initiative.id)
        graph.add_node(node, kind="initiative", label=initiative.title,
                       status=initiative.status, start=initiative.start, end=initiative.end,
                       **_money(initiative.budget))
        for role in initiative.providers:
            _edge(graph, node_id("provider", role.id), node, _ROLE_EDGE.get(role.role, "funds"),
                  role=role.role)
        for code in initiative.recipient_countries:
            _edge(graph, node, node_id("country", code), "targets_country")
        for code in initiative.recipient_regions:
            _edge(graph, node, node_id("region", code), "targets_region")
        for code in initiative.components:
            _edge(graph, node, node_id("component", code), "addresses_component")
    for need in snapshot.needs.values():
        node = node_id("need", need.id)
        graph.add_node(node, kind="need", label=need.title, status=need.status,
                       priority=need.priority, start=need.start, end=need.end,
                       **_money(need.estimated_cost))
        _edge(graph, node_id("country", need.country), node, "has_need")
        _edge(graph, node, node_id("component", need.component), "addresses_component")
    for capacity in snapshot.capacities.values():
        node = node_id("capacity", capacity.id)
        graph.add_node(node, kind="capacity", label=capacity.description or capacity.component,
                       level=capacity.level, can_offer=capacity.can_offer)
        _edge(graph, node_id("country", capacity.country), node, "has_capacity")
        _edge(graph, node, node_id("component", capacity.component), "addresses_component")
    return graph


def _scalar(value):
    if value is None:
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def write_graphml(graph: nx.MultiDiGraph, path_or_file: str | IO[bytes]) -> None:
    """Write ``graph`` as GraphML, its attributes turned into scalars GraphML can hold."""
    plain = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        plain.add_node(node, **{k: v for k, v in ((k, _scalar(v)) for k, v in data.items())
                                if v is not None})
    for source, target, key, data in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key,
                       **{k: v for k, v in ((k, _scalar(v)) for k, v in data.items())
                          if v is not None})
    nx.write_graphml(plain, path_or_file)
