"""match, decide and allocate on the demo data set, through the real command."""
from __future__ import annotations

import json
from collections import defaultdict

import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('match') / 'demo.db'}"
    assert run_cli("init", "--db", url).returncode == 0
    assert run_cli("seed", "--db", url).returncode == 0
    return url


def _json(*args: str):
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_match_for_a_need_and_for_a_provider_in_the_contract_shape(demo):
    for_need = _json("match", "--need", "demo-need-0131", "--top", "5", "--db", demo,
                     "--format", "json")
    assert for_need["need"] == "demo-need-0131" and len(for_need["suggestions"]) == 5
    for suggestion in for_need["suggestions"]:
        assert {"provider", "score", "parts", "reasons"} <= set(suggestion)
        assert 0 <= suggestion["score"] <= 1 and suggestion["reasons"]
    scores = [s["score"] for s in for_need["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    for_provider = _json("match", "--provider", "demo-gef", "--db", demo, "--format", "json")
    assert for_provider["provider"] == "demo-gef"
    assert all({"need", "score", "parts", "reasons"} <= set(s)
               for s in for_provider["suggestions"])


def test_match_needs_exactly_one_target_and_a_known_id(demo):
    assert run_cli("match", "--db", demo).returncode == 2
    unknown = run_cli("match", "--need", "nope", "--db", demo)
    assert unknown.returncode == 1 and "nope" in unknown.stderr


def test_a_declined_suggestion_is_not_suggested_again(demo):
    before = _json("match", "--provider", "demo-gef", "--db", demo, "--format", "json")
    first = before["suggestions"][0]["need"]
    refused = run_cli("decide", first, "demo-gef", "decline", "--db", demo)
    assert refused.returncode == 2 and "reason" in refused.stderr
    result = run_cli("decide", first, "demo-gef", "decline", "--reason",
                     "outside our 2027 envelope", "--db", demo)
    assert result.returncode == 0, result.stderr
    after = _json("match", "--provider", "demo-gef", "--db", demo, "--format", "json")
    assert first not in [s["need"] for s in after["suggestions"]]
    exported = run_cli("export", "/dev/stdout", "--format", "json", "--db", demo)
    document = json.loads(exported.stdout[exported.stdout.index("{"):])
    decided = [p for p in document["partnerships"]
               if p["need"] == first and p.get("provider") == "demo-gef"]
    assert decided and decided[0]["status"] == "declined"
    assert decided[0]["history"][-1]["note"] == "outside our 2027 envelope"


def test_allocation_never_exceeds_budgets_or_costs(demo):
    result = _json("allocate", "--db", demo, "--format", "json")
    assert {"assignments", "objective", "unassigned", "method"} <= set(result)
    assert result["assignments"]
    by_provider, by_need = defaultdict(float), defaultdict(float)
    for assignment in result["assignments"]:
        assert assignment["amount"]["currency"] == "USD" and assignment["amount"]["amount"] > 0
        assert assignment["reasons"]
        by_provider[assignment["provider"]] += assignment["amount"]["amount"]
        by_need[assignment["need"]] += assignment["amount"]["amount"]
    from coordinator.domain import Money
    from coordinator.money import default_table

    exported = run_cli("export", "/dev/stdout", "--format", "json", "--db", demo)
    providers = {p["id"]: p for p in
                 json.loads(exported.stdout[exported.stdout.index("{"):])["providers"]}
    for provider, amount in by_provider.items():
        budget = providers[provider]["budget"]
        usd = default_table().to_usd(Money(budget["amount"], budget["currency"]))
        assert amount <= usd * 1.0001 + 1.0, provider
    gaps = {g["need"]: g for g in _json("gaps", "--db", demo, "--format", "json")}
    for need, amount in by_need.items():
        gap = gaps[need]["funding_gap"]
        assert gap is None or amount <= gap["amount"] + 1.0
