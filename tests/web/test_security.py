"""Hardening (issue 7): security headers, CSRF on every form, request size limits, safe XML,
output escaping and cookie flags, each checked on the running application."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from coordinator import accounts, services
from coordinator.errors import InvalidInput
from coordinator.io.document import snapshot_document
from coordinator.io.iati_read import read_iati
from coordinator.services import changes
from coordinator.store import load_snapshot, make_engine, session_scope
from coordinator.visibility import SYSTEM
from tests.web.test_auth import (
    QUICK_COST,
    add_people,
    api_token,
    csrf_from,
    in_database,
    page_text,
    sign_in,
)
from web import create_app

SECRETARIAT = "officer@cbd.example"
#: Ids to put in the path of a route, by record list (the first id of each is stored).
STORED = {"needs": "need-gha-i", "capacities": "cap-ken-c", "providers": "p-gef",
          "initiatives": "ini-1", "profiles": "GHA", "meetings": "m-wa-2025",
          "partnerships": "pt-1", "countries": "GHA"}


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def guarded(sqlite_url, app):
    """The sample application with CSRF protection on (as in production) and the accounts."""
    guarded = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test",
                          "WTF_CSRF_ENABLED": True})
    add_people(guarded)
    yield guarded
    guarded.extensions["coordinator.engine"].dispose()


def _exported(app) -> dict:
    return in_database(app, lambda s: snapshot_document(load_snapshot(s, SYSTEM)))


def _signed_in(app, email: str = SECRETARIAT):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def _paths(rule) -> list[str]:
    """The rule with its path parameters filled with what the route accepts: each choice of
    an ``any`` parameter, a stored record's id (of the list the path names), 1 for a number."""
    paths = [("", "")]  # (path so far, the record list it names)
    for converter, name, text in re.findall(r"<(?:([^:>]+):)?(\w+)>|([^<]+)", rule.rule):
        grown = []
        for path, plural in paths:
            if text:
                named = next((p for p in STORED if f"/{p}/" in f"{path}{text}"), plural)
                grown.append((path + text, named))
            elif converter.startswith("any("):
                for choice in (c.strip(" '\"") for c in converter[4:-1].split(",")):
                    named = next((p for p in (choice, f"{choice}s") if p in STORED), plural)
                    grown.append((path + choice, named))
            elif converter in ("int", "float"):
                grown.append((path + "1", plural))
            else:
                guess = next((p for p in STORED if p.rstrip("s") in name), None)
                grown.append((path + STORED[guess or plural or "needs"], plural))
        paths = grown
    return [path for path, _ in paths]


def get_urls(app) -> list[str]:
    """Every GET route of the application, filled."""
    return sorted({path for rule in app.url_map.iter_rules() if "GET" in rule.methods
                   and rule.endpoint != "static" for path in _paths(rule)})


def _changing_routes(app, api: bool) -> list[tuple[str, str]]:
    """(method, path) of every route that changes something, in the API or among the forms."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") != api:
            continue
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            routes.extend((method, path) for path in _paths(rule))
    return sorted(set(routes))


# --- headers ------------------------------------------------------------------------------------

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize("url", [
    "/", "/needs/", "/needs/need-gha-i", "/countries/GHA", "/account/sign-in",
    "/needs/no-such-need", "/api/v1/needs", "/api/v1/needs/need-gha-i", "/api/v1/openapi.json",
    "/api/v1/me", "/api/v1/needs/no-such-need", "/needs/?format=csv",
])
def test_every_answer_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code in (200, 401, 404), url
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (url, name)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_refusals_carry_the_security_headers_too(guarded):
    client = guarded.test_client()
    for response in (client.post("/account/sign-in", data={"email": "x"}),       # CSRF 400
                     client.put("/api/v1/needs/need-gha-i", json={}),              # 401
                     client.get("/api/v1/needs", headers={"Authorization": "Bearer no"})):
        assert response.status_code in (400, 401)
        assert all(response.headers.get(n) == v for n, v in HEADERS.items())


# --- CSRF ---------------------------------------------------------------------------------------

def test_every_form_refuses_a_post_without_its_csrf_token(guarded):
    routes = _changing_routes(guarded, api=False)
    assert ("POST", "/account/sign-in") in routes and len(routes) >= 6, routes
    before = _exported(guarded)
    client = _signed_in(guarded)
    forged = csrf_from(page_text(client.get("/account/")))[:-4] + "AAAA"
    for method, path in routes:
        for data in ({}, {"csrf_token": forged}, {"csrf_token": ""}):
            response = client.open(path, method=method, data={**data, "version": "1"})
            assert response.status_code == 400, (method, path, data)
            assert "CSRF" in page_text(response), (method, path)
    assert _exported(guarded) == before
    assert "Signed in as" in page_text(client.get("/"))  # not even the sign-out went through


def test_every_api_change_refuses_a_signed_in_browser_without_its_csrf_header(guarded):
    """A signed-in browser may call the API only with the CSRF token in X-CSRFToken, so no
    other site can make it change records; scripts use a bearer token instead."""
    routes = _changing_routes(guarded, api=True)
    assert len(routes) >= 15, routes
    before = _exported(guarded)
    client = _signed_in(guarded)
    for method, path in routes:
        response = client.open(path, method=method, json={"priority": 2},
                               headers={"If-Match": '"1"'})
        assert response.status_code == 400, (method, path, response.get_json())
        assert "CSRF" in response.get_json()["message"], (method, path)
    assert _exported(guarded) == before
    token = csrf_from(page_text(client.get("/account/")))
    allowed = client.put("/api/v1/needs/need-gha-i", json={"priority": 2},
                         headers={"If-Match": '"1"', "X-CSRFToken": token})
    assert allowed.status_code == 200, allowed.get_json()


# --- request size -------------------------------------------------------------------------------

def test_a_request_larger_than_the_limit_is_refused_with_413(sqlite_url, app):
    small = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test",
                        "MAX_CONTENT_LENGTH": 4096, "WTF_CSRF_ENABLED": True})
    add_people(small)
    token = api_token(small, SECRETARIAT)
    client = small.test_client()
    big = "x" * 8192
    api = client.post("/api/v1/needs", json={"country": "KEN", "component": "b", "title": big},
                      headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 413 and api.get_json()["error"] == "Request Entity Too Large"
    put = client.put("/api/v1/needs/need-gha-i", data=big, content_type="application/json",
                     headers={"Authorization": f"Bearer {token}", "If-Match": '"1"'})
    assert put.status_code == 413
    form = client.post("/account/sign-in", data={"email": big, "password": big})
    assert form.status_code == 413 and "<html" in page_text(form)
    fits = client.put("/api/v1/needs/need-gha-i", json={"priority": 2},
                      headers={"Authorization": f"Bearer {token}", "If-Match": '"1"'})
    assert fits.status_code == 200
    small.extensions["coordinator.engine"].dispose()


def test_the_size_limit_is_on_by_default_and_set_from_the_environment(sqlite_url, monkeypatch):
    monkeypatch.delenv("MAX_CONTENT_LENGTH", raising=False)
    default = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "t"})
    assert default.config["MAX_CONTENT_LENGTH"] == 64 * 1024 * 1024
    monkeypatch.setenv("MAX_CONTENT_LENGTH", "1000")
    configured = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "t"})
    assert configured.config["MAX_CONTENT_LENGTH"] == 1000
    for app in (default, configured):
        app.extensions["coordinator.engine"].dispose()


# --- XML ----------------------------------------------------------------------------------------

ACTIVITY = ("<iati-activities version=\"2.03\"><iati-activity><iati-identifier>XM-1"
            "</iati-identifier><title><narrative>{title}</narrative></title></iati-activity>"
            "</iati-activities>")
LAUGHS = "\n".join(
    ['<?xml version="1.0"?>', "<!DOCTYPE iati-activities [", ' <!ENTITY lol "lol">']
    + [f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
       for n in range(1, 10)]
    + ["]>", ACTIVITY.format(title="&lol9;")])


def _hostile_xml(secret: Path) -> dict[str, bytes]:
    return {
        "billion laughs": LAUGHS.encode(),
        "external entity": (f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY s SYSTEM '
                            f'"file://{secret}">]>\n' + ACTIVITY.format(title="&s;")).encode(),
        "parameter entity": (f'<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>'
                             + ACTIVITY.format(title="t")).encode(),
        "external DTD": ('<!DOCTYPE iati-activities SYSTEM "http://127.0.0.1:9/iati.dtd">'
                         + ACTIVITY.format(title="t")).encode(),
        "empty DTD": ("<!DOCTYPE iati-activities>" + ACTIVITY.format(title="t")).encode(),
        "DTD after a BOM, a comment and a PI": (
            '\ufeff<?xml version="1.0"?>\n<!-- c -->\n<?pi x?>\n<!DOCTYPE iati-activities [\n'
            '<!ENTITY e "expanded">]>' + ACTIVITY.format(title="&e;")).encode(),
        "UTF-16 DTD": ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]>'
                       + ACTIVITY.format(title="&e;")).encode("utf-16"),
    }


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("SECRET-FILE-CONTENT")
    return path


def _read(data: bytes):
    return read_iati(data, "hostile.xml", alpha2_to_alpha3={"GH": "GHA"},
                     known_regions={"002"})


def test_xml_with_a_dtd_or_entities_is_refused_and_nothing_is_expanded(secret):
    for name, data in _hostile_xml(secret).items():
        with pytest.raises(InvalidInput) as refused:
            _read(data)
        message = str(refused.value)
        assert "DOCTYPE" in message or "not well-formed" in message, name
        assert "SECRET-FILE-CONTENT" not in message and "lollol" not in message, name


def test_undeclared_entities_and_xinclude_are_not_followed(secret):
    with pytest.raises(InvalidInput, match="not well-formed"):
        _read(ACTIVITY.format(title="&lol9;").encode())
    include = (f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}" '
               'parse="text"/>Title')
    read = _read(ACTIVITY.format(title=include).encode())
    assert "SECRET-FILE-CONTENT" not in repr(read.document)


def test_an_import_of_hostile_xml_writes_nothing(sqlite_url, secret, tmp_path, cli):
    engine = make_engine(sqlite_url)
    for data in _hostile_xml(secret).values():
        path = tmp_path / "hostile.xml"
        path.write_bytes(data)
        with pytest.raises(InvalidInput):
            with session_scope(engine) as session:
                services.import_path(session, path)
    with session_scope(engine) as session:
        assert not snapshot_document(load_snapshot(session, SYSTEM)).get("initiatives")
    engine.dispose()
    path.write_bytes(LAUGHS.encode())
    run = cli("import", str(path), "--db", sqlite_url)
    assert run.returncode == 2 and "DOCTYPE" in run.stderr


# --- output escaping ----------------------------------------------------------------------------

HOSTILE = 'Hostile <script>alert(1)</script><img src=x "onerror="alert(2)">'
RAW = ("<script>alert(1)", '"onerror="', "<img src=x")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
MARKUP = ("html", "svg", "xml")


def _markup(response) -> bool:
    return any(kind in (response.content_type or "") for kind in MARKUP)


def test_a_hostile_need_title_is_escaped_on_every_page_that_shows_it(guarded):
    in_database(guarded, lambda s: changes.create_record(s, SYSTEM, "need", {
        "id": "need-hostile", "country": "GHA", "component": "c", "title": HOSTILE,
        "description": f"Described as {HOSTILE}", "priority": 1}))
    urls = get_urls(guarded)
    urls += [url.replace("need-gha-i", "need-hostile") for url in urls]
    urls += ["/needs/?q=Hostile", "/audit/?id=need-hostile", "/needs/?format=csv",
             "/needs/?format=json", "/api/v1/needs?q=Hostile"]
    shown = set()
    for client in (guarded.test_client(), _signed_in(guarded)):
        for url in sorted(set(urls)):
            response = client.get(url)
            body = page_text(response)
            assert response.status_code < 500, url
            if _markup(response):
                assert not any(raw in body for raw in RAW), f"{url} shows the title unescaped"
                if ESCAPED in body:
                    shown.add(url)
            elif "<script>alert(1)" in body:  # JSON, CSV: data, never rendered as a page
                assert response.headers["X-Content-Type-Options"] == "nosniff", url
    expected = {"/needs/need-hostile", "/edit/needs/need-hostile", "/needs/?q=Hostile",
                "/countries/GHA", "/audit/?id=need-hostile"}
    assert expected <= shown, expected - shown


@pytest.mark.parametrize("url", [
    "/needs/<script>alert(1)</script>", "/countries/<script>alert(1)</script>",
    "/needs/?q=<script>alert(1)</script>&country=\"onerror=\"",
    "/account/sign-in?next=/<script>alert(1)</script>",
    "/<script>alert(1)</script>", "/needs/?sort=<script>alert(1)</script>",
    "/api/v1/needs/<script>alert(1)</script>",
])
def test_what_a_visitor_types_into_an_address_comes_back_escaped(client, url):
    response = client.get(url)
    assert response.status_code < 500
    body = page_text(response)
    if _markup(response):
        assert "<script>alert(1)" not in body and '"onerror="' not in body, url
    else:
        assert response.content_type == "application/json"


# --- cookies ------------------------------------------------------------------------------------

def _cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_the_session_cookie_is_http_only_and_same_site(guarded):
    client = guarded.test_client()
    cookies = _cookies(client.get("/account/sign-in")) + _cookies(sign_in(client, SECRETARIAT))
    cookies += _cookies(client.get("/account/"))
    assert any(c.startswith("session=") for c in cookies)
    for cookie in cookies:
        flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
        assert "httponly" in flags, cookie
        assert flags.get("samesite", "").lower() in ("samesite=lax", "samesite=strict"), cookie


def test_the_session_cookie_is_secure_when_the_deployment_says_so(sqlite_url, app,
                                                                 monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "t"})
    add_people(app)
    client = app.test_client()
    cookies = _cookies(sign_in(client, SECRETARIAT))
    assert cookies and all("Secure" in c for c in cookies)
    app.extensions["coordinator.engine"].dispose()
