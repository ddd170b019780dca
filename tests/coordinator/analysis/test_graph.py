"""The coordination graph: typed nodes and edges, and its GraphML export."""
import io
from datetime import date

import networkx as nx

from coordinator.analysis.graph import EDGE_TYPES, build_graph, write_graphml
from coordinator.domain import (
    Capacity,
    Initiative,
    Money,
    Need,
    Provider,
    ProviderRole,
    Snapshot,
)
from coordinator.reference import load_countries, load_regions


def world():
    return Snapshot(
        countries=load_countries(), regions=load_regions(),
        providers={"P1": Provider("P1", "Agency", "bilateral", country="NOR",
                                  focus_components=("i",), focus_regions=("002",),
                                  budget=Money(1e6, "EUR"))},
        initiatives={"I1": Initiative(
            "I1", "Detection <lab>", providers=(ProviderRole("P1", "funding"),
                                                ProviderRole("P2", "implementing")),
            recipient_countries=("KEN",), recipient_regions=("014",), components=("i", "a"),
            budget=Money(5e5, "USD"), start=date(2024, 1, 1), status="ongoing")},
        needs={"N1": Need("N1", "KEN", "i", "Detection", priority=1)},
        capacities={"C1": Capacity("C1", "UGA", "c", can_offer=True)},
    )


def edges_of(graph, kind):
    return {(u, v) for u, v, key in graph.edges(keys=True) if key == kind}


def test_nodes_are_typed_and_labelled():
    graph = build_graph(world())
    assert graph.nodes["country:KEN"] == {**graph.nodes["country:KEN"], "kind": "country",
                                          "label": "Kenya"}
    assert graph.nodes["region:014"]["kind"] == "region"
    assert graph.nodes["component:i"]["kind"] == "component"
    assert graph.nodes["initiative:I1"]["label"] == "Detection <lab>"
    assert graph.nodes["need:N1"]["priority"] == 1
    assert graph.nodes["provider:P1"]["provider_kind"] == "bilateral"
    # a provider named by an initiative but not recorded still gets a node
    assert graph.nodes["provider:P2"]["kind"] == "provider"


def test_edges_say_who_funds_what_where():
    graph = build_graph(world())
    assert edges_of(graph, "funds") == {("provider:P1", "initiative:I1")}
    assert edges_of(graph, "implements") == {("provider:P2", "initiative:I1")}
    assert ("initiative:I1", "country:KEN") in edges_of(graph, "targets_country")
    assert ("initiative:I1", "region:014") in edges_of(graph, "targets_region")
    assert {("initiative:I1", "component:i"), ("initiative:I1", "component:a"),
            ("need:N1", "component:i"), ("capacity:C1", "component:c")} <= edges_of(
        graph, "addresses_component")
    assert ("country:KEN", "need:N1") in edges_of(graph, "has_need")
    assert ("country:UGA", "capacity:C1") in edges_of(graph, "has_capacity")
    assert {("country:KEN", "region:014"), ("country:KEN", "region:002"),
            ("region:014", "region:202")} <= edges_of(graph, "in_region")
    assert ("provider:P1", "country:NOR") in edges_of(graph, "based_in")
    assert {("provider:P1", "component:i"), ("provider:P1", "region:002")} <= edges_of(
        graph, "focuses_on")
    assert {key for _, _, key in graph.edges(keys=True)} <= set(EDGE_TYPES)


def test_graphml_writes_and_reads_back():
    graph = build_graph(world())
    buffer = io.BytesIO()
    write_graphml(graph, buffer)
    text = buffer.getvalue().decode()
    assert "Detection &lt;lab&gt;" in text
    again = nx.read_graphml(io.BytesIO(buffer.getvalue()), force_multigraph=True)
    assert set(again.nodes) == set(graph.nodes)
    assert again.number_of_edges() == graph.number_of_edges()
    assert again.nodes["initiative:I1"]["start"] == "2024-01-01"
    assert again.nodes["provider:P1"]["amount"] == 1e6
