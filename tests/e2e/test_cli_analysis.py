"""The analysis commands on the demo data set, in the contract's JSON shapes."""
from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    assert run_cli("init", "--db", url).returncode == 0
    result = run_cli("seed", "--db", url)
    assert result.returncode == 0, result.stderr
    return url


def _json(*args: str):
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_duplicates_in_the_contract_shape_with_a_planted_pair(demo):
    pairs = _json("duplicates", "--db", demo, "--format", "json")
    assert pairs, "the demo data set has planted duplicates"
    for pair in pairs:
        assert {"kind", "a", "b", "score", "relation", "reasons", "parts", "review"} <= set(pair)
        assert 0.5 <= pair["score"] <= 1
        assert pair["relation"] in ("duplicate_record", "overlapping_support")
        assert pair["reasons"]
    found = {(p["a"], p["b"]) for p in pairs} | {(p["b"], p["a"]) for p in pairs}
    assert ("demo-ini-034", "demo-ini-035") in found
    assert "CONFIDENTIAL" not in json.dumps(pairs)


def test_a_dismissed_pair_is_not_flagged_again_and_an_acknowledged_one_keeps_its_note(demo):
    pairs = _json("duplicates", "--db", demo, "--format", "json", "--kind", "initiative")
    first, second = pairs[0], pairs[1]
    result = run_cli("duplicates", "--db", demo, "--review", first["a"], first["b"], "dismissed")
    assert result.returncode == 0, result.stderr
    result = run_cli("duplicates", "--db", demo, "--review", second["a"], second["b"],
                     "acknowledged", "--note", "Both donors agreed to split the work")
    assert result.returncode == 0, result.stderr
    after = _json("duplicates", "--db", demo, "--format", "json", "--kind", "initiative")
    keys = {(p["a"], p["b"]): p for p in after}
    assert (first["a"], first["b"]) not in keys
    assert keys[(second["a"], second["b"])]["review"]["decision"] == "acknowledged"
    assert keys[(second["a"], second["b"])]["review"]["note"] == \
        "Both donors agreed to split the work"


def test_an_unknown_decision_is_invalid_input(demo):
    result = run_cli("duplicates", "--db", demo, "--review", "demo-ini-001", "demo-ini-002",
                     "maybe")
    assert result.returncode == 2
    assert "decision" in result.stderr


def test_gaps_in_the_contract_shape(demo):
    gaps = _json("gaps", "--db", demo, "--format", "json")
    assert len(gaps) >= 300
    for gap in gaps[:50]:
        assert {"need", "country", "component", "coverage", "funding_gap", "priority_groups",
                "severity", "reasons"} <= set(gap)
        assert 0 <= gap["coverage"] <= 1 and 0 <= gap["severity"] <= 1
    severities = [g["severity"] for g in gaps]
    assert severities == sorted(severities, reverse=True)
    by_group = _json("gaps", "--db", demo, "--format", "json", "--by", "priority_group")
    assert {row["key"] for row in by_group["aggregates"]} >= {"ldc", "sids"}


def test_indicators_report_and_graph(demo, tmp_path):
    result = _json("indicators", "--db", demo, "--format", "json")
    assert result["by_year"]
    html, md = tmp_path / "report.html", tmp_path / "report.md"
    assert run_cli("report", str(html), "--db", demo).returncode == 0
    assert run_cli("report", str(md), "--db", demo).returncode == 0
    page = html.read_text()
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert md.read_text().startswith("# Progress report")
    graph = tmp_path / "graph.graphml"
    result = run_cli("export", str(graph), "--db", demo)
    assert result.returncode == 0, result.stderr
    import networkx

    loaded = networkx.read_graphml(graph)
    assert loaded.number_of_nodes() > 500
