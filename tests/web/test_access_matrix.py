"""The access matrix (issue 7): every role × every GET route × the confidential need.

Each role signs in through the real sign-in form (anonymous does not). Every GET route of the
application is requested with its path filled from the sample document — including the
confidential need ``need-ken-l`` and its redacted alias ``confidential-1`` — plus the list pages
with filters and downloads. The confidential need's marker text may appear only for the
secretariat and the focal point of its own country, and must appear for them where the need is
shown. Then every role tries the same writes, and only those its role allows succeed; and a form
posted without its CSRF token is refused.
"""
from __future__ import annotations

import itertools
import re

import pytest
from flask import url_for

from coordinator import accounts
from coordinator.services import changes
from coordinator.visibility import SYSTEM
from tests.web.test_auth import (
    QUICK_COST,
    add_people,
    api_token,
    csrf_from,
    in_database,
    page_text,
    sign_in,
    signed_in,
)
from web import create_app

MARKER = "CONFIDENTIAL-MARKER"
TITLE = "Rules for confidential business information"
ROLES = {
    "anonymous": None,
    "viewer": "reader@example.org",
    "provider": "donor@gef.example",
    "focal point of KEN": "fp@ken.example",
    "focal point of GHA": "fp@gha.example",
    "secretariat": "officer@cbd.example",
}
MAY_SEE = {"focal point of KEN", "secretariat"}
#: Where those who may see the confidential need must find it in full.
SHOWN_TO_THOSE_WHO_MAY = (
    "/needs/need-ken-l", "/needs/?format=csv", "/needs/?format=json", "/needs/?country=KEN",
    "/api/v1/needs/need-ken-l", "/api/v1/needs/need-ken-l/version",
    "/api/v1/needs?country=KEN", "/edit/needs/need-ken-l",
)
#: Record ids to fill path parameters with, by record list.
IDS = {
    "needs": ("need-ken-l", "confidential-1", "need-ken-pub", "need-gha-i"),
    "capacities": ("cap-ken-c",),
    "profiles": ("KEN", "GHA"),
    "providers": ("p-gef", "p-unep"),
    "initiatives": ("ini-1",),
    "meetings": ("m-wa-2025",),
    "partnerships": ("pt-1",),
    "countries": ("KEN", "GHA"),
    "proposals": ("mtg-subregion-014-1",),
    "uploads": ("AAAAAAAAAAAAAAAAAAAAAA",),
    "jobs": ("1",),
    "pair records": ("ini-1", "need-ken-l", "confidential-1", "need-gha-i"),
}
#: Path parameters by name (or by a word in the name).
BY_NAME = {"need": "needs", "capacit": "capacities", "profile": "profiles",
           "provider": "providers", "initiative": "initiatives", "meeting": "meetings",
           "partnership": "partnerships", "alpha3": "countries", "country": "countries",
           "proposal": "proposals", "token": "uploads", "job": "jobs",
           "record_a": "pair records", "record_b": "pair records"}
#: List pages with the filters and downloads people use most.
WITH_QUERIES = (
    "/needs/?format=csv", "/needs/?format=json", "/needs/?country=KEN",
    "/needs/?component=l", "/needs/?q=enforcement", "/needs/?sort=cost&order=desc",
    "/countries/?needs=yes", "/api/v1/needs?country=KEN", "/api/v1/needs?q=enforcement",
    "/api/v1/needs?per_page=500", "/audit/?type=need&id=need-ken-l",
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def world(app):
    """The sample document, a public need of Kenya, and one account for each role."""
    add_people(app)
    in_database(app, lambda s: changes.create_record(s, SYSTEM, "need", {
        "id": "need-ken-pub", "country": "KEN", "component": "b",
        "title": "Public training need of Kenya", "priority": 3}))
    return app


def _record_list(rule, name: str, values: dict) -> str:
    if "plural" in values:
        return values["plural"]
    if name == "record_id":
        segments = [s for s in rule.rule.split("/") if s and "<" not in s]
        return next((s for s in reversed(segments) if s in IDS), "")
    return next((plural for word, plural in BY_NAME.items() if word in name), "")


def _fillings(rule) -> list[dict[str, str]]:
    """Every way of filling the rule's path parameters from :data:`IDS`."""
    choices: dict[str, tuple[str, ...]] = {}
    for name, converter in rule._converters.items():
        if hasattr(converter, "items"):
            choices[name] = tuple(sorted(converter.items))
    fillings = [dict(zip(choices, combo, strict=True))
                for combo in itertools.product(*choices.values())]
    out = []
    for values in fillings:
        missing = [n for n in rule.arguments if n not in values]
        options = []
        for name in missing:
            plural = _record_list(rule, name, values)
            assert plural in IDS, (f"the access matrix cannot fill <{name}> of {rule.rule}: "
                                   "add its record ids to IDS or BY_NAME")
            options.append(IDS[plural])
        for combo in itertools.product(*options):
            out.append({**values, **dict(zip(missing, combo, strict=True))})
    return out


def get_urls(app) -> list[str]:
    """Every GET route of the application, filled, and the list pages with queries."""
    urls = set(WITH_QUERIES)
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            for values in _fillings(rule):
                urls.add(url_for(rule.endpoint, **values))
    return sorted(urls)


def _client(app, role: str):
    client = app.test_client()
    if ROLES[role]:
        assert sign_in(client, ROLES[role]).status_code == 302, role
        assert signed_in(page_text(client.get("/account/"))), role
    return client


def test_the_confidential_need_shows_only_to_whom_may_see_it(world):
    urls = get_urls(world)
    for expected in ("/needs/need-ken-l", "/needs/confidential-1", "/api/v1/needs/need-ken-l",
                     "/api/v1/needs/confidential-1", "/edit/needs/need-ken-l", "/audit/"):
        assert expected in urls
    assert len(urls) > 50
    for role in ROLES:
        client = _client(world, role)
        shown = set()
        for url in urls:
            response = client.get(url)
            body = response.get_data(as_text=True)
            assert response.status_code < 500, (role, url, body[:300])
            if MARKER in body or TITLE in body:
                assert role in MAY_SEE, f"the confidential need is shown to {role} on {url}"
                shown.add(url)
        if role in MAY_SEE:
            missing = set(SHOWN_TO_THOSE_WHO_MAY) - shown
            assert not missing, f"{role} should see the confidential need on {missing}"
        if role == "secretariat":
            assert "/audit/" in shown


def _version(app, kind: str, record_id: str) -> int:
    return in_database(app, lambda s: changes.get_record(s, SYSTEM, kind, record_id,
                                                         include_deleted=True)).version


def _restore(app, kind: str, record_id: str, version: int) -> None:
    in_database(app, lambda s: changes.restore_record(s, SYSTEM, kind, record_id,
                                                      version=version))


WRITES = [
    # what, method, path, body (None: none), expected status by role in ROLES' order
    ("create a need of Kenya", "post", "/api/v1/needs",
     {"country": "KEN", "component": "c", "title": "A new need"},
     (401, 403, 403, 201, 403, 201)),
    ("change a public need of Kenya", "put", "/api/v1/needs/need-ken-pub", {"priority": 2},
     (401, 403, 403, 200, 403, 200)),
    ("change the confidential need of Kenya", "put", "/api/v1/needs/need-ken-l",
     {"priority": 2}, (401, 404, 404, 200, 404, 200)),
    ("change a capacity of Kenya", "put", "/api/v1/capacities/cap-ken-c", {"level": "basic"},
     (401, 403, 403, 200, 403, 200)),
    ("write the profile of Ghana", "put", "/api/v1/profiles/GHA", {"bch_node": False},
     (401, 403, 403, 403, 200, 200)),
    ("change the provider p-gef", "put", "/api/v1/providers/p-gef", {"languages": ["en"]},
     (401, 403, 200, 403, 403, 200)),
    ("change another provider", "put", "/api/v1/providers/p-unep", {"name": "Renamed"},
     (401, 403, 403, 403, 403, 200)),
    ("change an initiative of p-gef", "put", "/api/v1/initiatives/ini-1", {"status": "ongoing"},
     (401, 403, 200, 403, 403, 200)),
    ("create a provider", "post", "/api/v1/providers", {"name": "New donor", "kind": "bilateral"},
     (401, 403, 403, 403, 403, 201)),
    ("delete the capacity of Kenya", "delete", "/api/v1/capacities/cap-ken-c", None,
     (401, 403, 403, 200, 403, 200)),  # restored after each deletion
    ("delete a need of Ghana", "delete", "/api/v1/needs/need-gha-i", None,
     (401, 403, 403, 403, 409, 409)),  # it still has a partnership: nobody may delete it
]
_KINDS = {"needs": "need", "capacities": "capacity", "profiles": "profile",
          "providers": "provider", "initiatives": "initiative"}


@pytest.mark.parametrize("what, method, path, body, expected", WRITES,
                         ids=[w[0] for w in WRITES])
def test_writes_are_refused_to_roles_that_may_not_make_them(world, what, method, path, body,
                                                            expected):
    tokens = {role: api_token(world, email) for role, email in ROLES.items() if email}
    client = world.test_client()
    for role, status in zip(ROLES, expected, strict=True):
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role in tokens else {}
        if method in ("put", "delete"):
            _, _, plural, record_id = path.split("/", 4)[1:]
            headers["If-Match"] = f'"{_version(world, _KINDS[plural], record_id)}"'
        response = getattr(client, method)(path, json=body, headers=headers)
        assert response.status_code == status, (what, role, response.get_json())
        if method == "delete" and status == 200:
            _restore(world, _KINDS[plural], record_id, response.get_json()["version"])


@pytest.mark.parametrize("path, opened", [
    ("/edit/needs/need-ken-pub", (302, 403, 403, 200, 403, 200)),
    ("/edit/needs/need-ken-l", (302, 404, 404, 200, 404, 200)),
    ("/edit/providers/p-gef", (302, 403, 200, 403, 403, 200)),
    ("/edit/needs/new", (302, 403, 403, 200, 200, 200)),
    ("/audit/", (302, 403, 403, 403, 403, 200)),
])
def test_forms_are_refused_to_roles_that_may_not_use_them(world, path, opened):
    """Opening the form, and posting to it (an empty form: refused, or shown with problems)."""
    for role, status in zip(ROLES, opened, strict=True):
        client = _client(world, role)
        response = client.get(path)
        assert response.status_code == status, (path, role)
        if status == 302:
            assert response.location.startswith("/account/sign-in?next=")
        if path == "/audit/":
            continue
        token = csrf_from(page_text(client.get("/account/sign-in" if status == 302
                                               else "/account/")))
        posted = client.post(path, data={"csrf_token": token})
        assert posted.status_code == (422 if status == 200 else status), (path, role)


def test_a_form_posted_without_its_csrf_token_is_refused(world):
    app = create_app({"TESTING": True, "DATABASE_URL": world.config["DATABASE_URL"],
                      "SECRET_KEY": "test", "WTF_CSRF_ENABLED": True})
    client = app.test_client()
    assert client.post("/account/sign-in", data={
        "email": "fp@ken.example", "password": "correct horse battery staple"}
    ).status_code == 400
    assert not signed_in(page_text(client.get("/")))
    sign_in(client, "fp@ken.example")
    page = page_text(client.get("/edit/needs/need-ken-pub"))
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    values.update({"title": "Changed without a token", "country": "KEN", "component": "b",
                   "priority": "3", "status": "open", "cost_currency": "USD"})
    without = {k: v for k, v in values.items() if k != "csrf_token"}
    refused = client.post("/edit/needs/need-ken-pub", data=without)
    assert refused.status_code == 400 and "CSRF" in page_text(refused)
    assert client.post("/edit/needs/need-ken-pub", data={**without, "csrf_token": "forged"}
                       ).status_code == 400
    assert client.post("/edit/capacities/cap-ken-c/delete", data={"version": "1"}
                       ).status_code == 400
    assert client.post("/account/token", data={}).status_code == 400
    assert client.post("/api/v1/needs", json={"country": "KEN", "component": "b",
                                              "title": "x"}).status_code == 400
    assert client.post("/account/sign-out").status_code == 400
    assert signed_in(page_text(client.get("/")))
    stored = in_database(app, lambda s: changes.get_record(s, SYSTEM, "need", "need-ken-pub"))
    assert stored.version == 1 and stored.record.title == "Public training need of Kenya"
    accepted = client.post("/edit/needs/need-ken-pub", data=values)
    assert accepted.status_code == 302
    app.extensions["coordinator.engine"].dispose()
