"""The network of who funds what where: providers linked to the countries and regions their
initiatives reach, filtered by component, region and provider kind.

The links come from :func:`coordinator.analysis.graph.build_graph` over the viewer's snapshot:
each provider -> initiative -> country (or region) path is one initiative on a link, whatever
the provider's role. The page draws them with Cytoscape.js (vendored, ``web/static/vendor``)
from ``/network/graph.json``; without JavaScript the same links are listed in a table.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from flask import Blueprint, jsonify, render_template, request, url_for
from werkzeug.wrappers import Response

from coordinator import taxonomy
from coordinator.analysis.graph import build_graph
from coordinator.domain import Snapshot
from coordinator.errors import InvalidInput, Problem
from coordinator.services.catalog import cached, data_version, snapshot_for

from ..database import get_session
from ..viewer import current_viewer
from .listing import (
    FilterField,
    choice_options,
    component_options,
    install_template_helpers,
    region_options,
)

__all__ = ["bp", "NAV", "NETWORK_FILTERS", "STATUS_CHOICES", "MAX_LINKS", "Link",
           "network_filters", "network_links", "network_data", "filter_fields"]

bp = Blueprint("network", __name__, url_prefix="/network")
bp.record_once(install_template_helpers)
NAV = (55, "Network", "network.index")

NETWORK_FILTERS = ("component", "region", "kind", "status")
#: Which initiatives count: the active ones (planned, ongoing) unless asked otherwise.
STATUS_CHOICES = {"active": ("planned", "ongoing"), "all": ("planned", "ongoing", "completed"),
                  "completed": ("completed",)}
STATUS_LABELS = {"active": "Planned and ongoing", "all": "All but cancelled",
                 "completed": "Completed"}
#: The most links drawn at once; the strongest are kept.
MAX_LINKS = 1500
_ROLE_EDGES = {"funds": "funding", "implements": "implementing", "extends": "extending"}


@dataclass
class Link:
    """A provider and a place its initiatives reach: how many, in which roles and themes."""

    provider: str
    place: str
    initiatives: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    components: set[str] = field(default_factory=set)


def filter_fields(snapshot: Snapshot) -> list[FilterField]:
    """The labelled fields of the network's filter form."""
    return [
        FilterField("component", "Component", options=component_options()),
        FilterField("region", "Region", options=region_options(snapshot)),
        FilterField("kind", "Provider kind", options=choice_options(
            taxonomy.PROVIDER_KINDS, taxonomy.PROVIDER_KINDS)),
        FilterField("status", "Initiatives", options=choice_options(
            STATUS_CHOICES, STATUS_LABELS)),
    ]


def network_filters(args: Mapping[str, str], snapshot: Snapshot) -> dict[str, str]:
    """The filters asked for, checked; unknown names or values are refused naming the field."""
    clean: dict[str, str] = {}
    problems = []
    for key in args:
        value = (args.get(key) or "").strip()
        if key not in NETWORK_FILTERS:
            problems.append(Problem("query", "network", key, "unknown filter; allowed: "
                                    + ", ".join(NETWORK_FILTERS)))
        elif value:
            clean[key] = value
    checks = {
        "component": lambda v: v == "a" or v in taxonomy.COMPONENTS,
        "region": lambda v: v in snapshot.regions,
        "kind": lambda v: v in taxonomy.PROVIDER_KINDS,
        "status": lambda v: v in STATUS_CHOICES,
    }
    for key, value in clean.items():
        if key in checks and not checks[key](value):
            problems.append(Problem("query", "network", key, f"{value!r} is not known"))
    if problems:
        raise InvalidInput(problems)
    return clean


def _region_chain(snapshot: Snapshot, code: str) -> set[str]:
    chain: set[str] = set()
    while code and code not in chain:
        chain.add(code)
        region = snapshot.regions.get(code)
        code = region.parent if region else ""
    return chain


def _in_region(snapshot: Snapshot, node: str, kind: str, region: str) -> bool:
    key = node.split(":", 1)[1]
    if kind == "country":
        country = snapshot.countries.get(key)
        return country is not None and region in country.areas
    return region in _region_chain(snapshot, key)


def network_links(graph: nx.MultiDiGraph, snapshot: Snapshot, filters: Mapping[str, str]
                  ) -> list[Link]:
    """Provider -> place links of ``graph`` (from ``build_graph``) that pass ``filters``,
    strongest first."""
    wanted_components = set(taxonomy.expand_component(filters["component"])) \
        if "component" in filters else None
    statuses = STATUS_CHOICES[filters.get("status", "active")]
    links: dict[tuple[str, str], Link] = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "initiative" or data.get("status") not in statuses:
            continue
        places, components = [], set()
        for _, target, kind in graph.out_edges(node, keys=True):
            if kind in ("targets_country", "targets_region"):
                places.append((target, "country" if kind == "targets_country" else "region"))
            elif kind == "addresses_component":
                components.add(target.split(":", 1)[1])
        expanded = {c for code in components for c in taxonomy.expand_component(code)}
        if wanted_components is not None and not expanded & wanted_components:
            continue
        if "region" in filters:
            places = [(p, k) for p, k in places if _in_region(snapshot, p, k, filters["region"])]
        providers = [(source, _ROLE_EDGES[kind])
                     for source, _, kind in graph.in_edges(node, keys=True) if kind in _ROLE_EDGES]
        if "kind" in filters:
            providers = [(p, r) for p, r in providers
                         if graph.nodes[p].get("provider_kind") == filters["kind"]]
        for provider, role in providers:
            for place, _ in places:
                link = links.setdefault((provider, place), Link(provider, place))
                link.initiatives.add(node.split(":", 1)[1])
                link.roles.add(role)
                link.components |= components
    return sorted(links.values(),
                  key=lambda link: (-len(link.initiatives), link.provider, link.place))


def _node(graph: nx.MultiDiGraph, node: str, degree: int) -> dict[str, Any]:
    data = graph.nodes[node]
    kind, key = node.split(":", 1)
    if kind == "provider":
        url = url_for("providers.detail", provider_id=key)
        detail = taxonomy.PROVIDER_KINDS.get(data.get("provider_kind", ""), "")
    elif kind == "country":
        url = url_for("countries.detail", alpha3=key)
        detail = ", ".join(g.upper() if len(g) <= 4 else g.replace("_", " ")
                           for g in data.get("groups") or [])
    else:
        url = url_for("initiatives.index", region=key)
        detail = "region (initiatives reaching it as a whole)"
    return {"id": node, "label": data.get("label") or key, "kind": kind, "key": key,
            "url": url, "detail": detail, "links": degree,
            "provider_kind": data.get("provider_kind")}


def network_data(snapshot: Snapshot, filters: Mapping[str, str]) -> dict[str, Any]:
    """The network as JSON for the page: nodes (providers, countries, regions) with their
    pages, links with their initiatives, and whether the strongest were kept only."""
    graph = build_graph(snapshot)
    links = network_links(graph, snapshot, filters)
    truncated = len(links) > MAX_LINKS
    links = links[:MAX_LINKS]
    degree: dict[str, int] = {}
    for link in links:
        degree[link.provider] = degree.get(link.provider, 0) + 1
        degree[link.place] = degree.get(link.place, 0) + 1
    nodes = [_node(graph, node, count) for node, count in sorted(degree.items())]
    edges = [{"id": f"{link.provider}->{link.place}", "source": link.provider,
              "target": link.place, "initiatives": len(link.initiatives),
              "roles": sorted(link.roles), "components": sorted(link.components)}
             for link in links]
    initiatives = {i for link in links for i in link.initiatives}
    return {"nodes": nodes, "edges": edges, "filters": dict(filters), "truncated": truncated,
            "counts": {"providers": sum(n["kind"] == "provider" for n in nodes),
                       "places": sum(n["kind"] != "provider" for n in nodes),
                       "links": len(edges), "initiatives": len(initiatives)}}


def _data() -> tuple[dict[str, Any], Snapshot]:
    session = get_session()
    viewer = current_viewer()
    snapshot = snapshot_for(session, viewer)
    filters = network_filters(request.args, snapshot)
    key = ("network", data_version(session), viewer.full_access,
           tuple(sorted(filters.items())))
    return cached(key, lambda: network_data(snapshot, filters)), snapshot


@bp.get("/")
def index() -> str:
    """The interactive network, its filters, and its links as a table."""
    data, snapshot = _data()
    fields = filter_fields(snapshot)
    labels = {n["id"]: n for n in data["nodes"]}
    return render_template("network/index.html", snapshot=snapshot, data=data, fields=fields,
                           filters=data["filters"], labels=labels)


@bp.get("/graph.json")
def graph_json() -> Response:
    """The network's nodes and links as JSON (the page's data)."""
    data, _ = _data()
    return jsonify(data)
