"""schemathesis against the API's own OpenAPI document (issue 7): no generated request gets a 5xx.

The schema is read from ``/api/v1/openapi.json`` of the application itself (through WSGI, no
socket). For every operation in it, schemathesis generates requests from the parameters and body
schemas — valid ones, and in negative mode ones that break the schema — and each is sent once
without an account and once with a secretariat API token (who may change everything, so the
writes go all the way to the database). Any 5xx fails the test, with the request as a curl
command.

The operations are walked here rather than through ``schema.parametrize`` because
schemathesis's lazy pytest fixtures do not work with this pytest (9.x); the requests are the
same.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from coordinator import accounts
from tests.web.test_auth import QUICK_COST, add_people, api_token

#: Requests per operation and identity, by how they are made; the file stays under a minute.
EXAMPLES = {"positive": 10, "negative": 5, "stored id": 5}
#: Records of the sample document, to aim some requests at ids that exist.
STORED = {"needs": "need-gha-i", "capacities": "cap-ken-c", "providers": "p-gef",
          "initiatives": "ini-1", "profiles": "GHA"}


@pytest.fixture
def fuzzed_app(app, monkeypatch):
    """The sample application with the test accounts."""
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)
    add_people(app)
    return app


def _operations(app) -> list:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    return operations


def _strategies(operation) -> dict:
    """How requests to ``operation`` are generated: from its schemas, breaking them, and with
    the path's record id set to a stored record."""
    strategies = {"positive": operation.as_strategy(GenerationMode.POSITIVE),
                  "negative": operation.as_strategy(GenerationMode.NEGATIVE)}
    plural = operation.path.removeprefix("/api/v1/").split("/")[0]
    if "{id}" in operation.path and plural in STORED:
        strategies["stored id"] = operation.as_strategy(
            GenerationMode.POSITIVE, path_parameters={"id": STORED[plural]})
    return strategies


def _fuzz(operation, how: str, strategy, headers: dict[str, str], sent: Counter) -> None:
    label = f"{operation.method.upper()} {operation.path}"

    @settings(max_examples=EXAMPLES[how], deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def call(case) -> None:
        response = case.call(headers=headers)
        sent[(label, response.status_code)] += 1
        assert response.status_code < 500, (
            f"{response.status_code} for {case.as_curl_command(headers=headers)}:\n"
            f"{response.text[:500]}")

    try:
        call()
    except Unsatisfiable:
        # nothing in the operation can break its schema (e.g. one free-text path parameter)
        assert how == "negative", label


@pytest.mark.parametrize("identity", ["anonymous", "secretariat"])
def test_no_generated_request_gets_a_server_error(fuzzed_app, identity):
    headers = {}
    if identity == "secretariat":
        headers["Authorization"] = f"Bearer {api_token(fuzzed_app, 'officer@cbd.example')}"
    sent: Counter = Counter()
    operations = _operations(fuzzed_app)
    for operation in operations:
        for how, strategy in _strategies(operation).items():
            _fuzz(operation, how, strategy, headers, sent)
    assert len({label for label, _ in sent}) == len(operations), "an operation got no request"
    statuses = Counter()
    for (_, status), count in sent.items():
        statuses[status] += count
    assert max(statuses) < 500
    if identity == "secretariat":  # the token opened the writes: some went through
        assert statuses[200] + statuses[201] > 0 and statuses[401] == 0, statuses
    else:
        assert statuses[401] > 0, statuses


def test_the_document_lists_every_api_route(fuzzed_app):
    """Nothing of the API escapes the fuzzing by being left out of its description."""
    document = fuzzed_app.test_client().get("/api/v1/openapi.json").get_json()
    documented = {(method.upper(), path) for path, item in document["paths"].items()
                  for method in item}
    routes = set()
    for rule in fuzzed_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).replace("{record_id}", "{id}")
        routes |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented
