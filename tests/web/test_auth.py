"""Signing in and out, sessions that end, one's own password and API token, role guards.

The helpers at the top (accounts, sign-in through the real form, API tokens) are shared by the
other tests of the web layer's accounts and edits.
"""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import quote

import pytest
from sqlalchemy import update

from coordinator import accounts
from coordinator.store import make_engine, session_scope
from coordinator.store.models import UserRow, utcnow
from web import create_app

PASSWORD = "correct horse battery staple"
QUICK_COST = (2 ** 10, 8, 1)
#: The accounts of the tests: e-mail -> (role, affiliation).
PEOPLE = {
    "officer@cbd.example": ("secretariat", {}),
    "fp@ken.example": ("focal_point", {"country": "KEN"}),
    "fp@gha.example": ("focal_point", {"country": "GHA"}),
    "donor@gef.example": ("provider", {"provider": "p-gef"}),
    "reader@example.org": ("viewer", {}),
}


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Cheap scrypt parameters, so that sign-ins in tests take no time."""
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


def in_database(app, work):
    """Run ``work(session)`` in one committed transaction on the application's database."""
    engine = make_engine(app.config["DATABASE_URL"])
    try:
        with session_scope(engine) as session:
            return work(session)
    finally:
        engine.dispose()


def add_people(app, people=None) -> None:
    """Create the accounts of ``people`` (all of :data:`PEOPLE` by default)."""
    def create(session):
        for email, (role, affiliation) in (people or PEOPLE).items():
            accounts.create_user(session, email, PASSWORD, role=role, name=email.split("@")[0],
                                 **affiliation)
    in_database(app, create)


def api_token(app, email: str) -> str:
    """A fresh API token of the account."""
    return in_database(app, lambda session: accounts.create_api_token(session, email))


def csrf_from(page: str) -> str:
    """The CSRF token of the first form of ``page``."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def page_text(response) -> str:
    return response.get_data(as_text=True)


def signed_in(page: str) -> bool:
    """Whether the page's header names a signed-in account."""
    return '<span class="who">Signed in as' in page


def sign_in(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    """Sign in through the real form (CSRF token included); the response of the POST."""
    address = "/account/sign-in" + (f"?next={quote(next_url)}" if next_url else "")
    token = csrf_from(page_text(client.get(address)))
    return client.post(address, data={"email": email, "password": password,
                                      "csrf_token": token})


def post_form(client, url: str, data: dict, page_url: str | None = None):
    """POST ``data`` to a form as a browser would, with the CSRF token of its page."""
    token = csrf_from(page_text(client.get(page_url or url)))
    return client.post(url, data={**data, "csrf_token": token})


@pytest.fixture
def people(app):
    add_people(app)
    return app


# --- signing in -----------------------------------------------------------------------------

def test_the_sign_in_form_is_labelled_and_protected(client):
    home = page_text(client.get("/"))
    assert 'href="/account/sign-in?next=/"' in home and not signed_in(home)
    page = page_text(client.get("/account/sign-in"))
    assert '<label for="email">E-mail address</label>' in page
    assert '<label for="password">Password</label>' in page
    assert 'name="csrf_token"' in page


def test_a_focal_point_signs_in_and_lands_on_their_country(people, client):
    response = sign_in(client, "fp@ken.example")
    assert response.status_code == 302 and response.location == "/countries/KEN"
    page = page_text(client.get("/countries/KEN"))
    assert signed_in(page) and "National focal point of KEN" in page
    assert "Welcome, fp. You are signed in." in page
    detail = page_text(client.get("/needs/need-ken-l"))
    assert "CONFIDENTIAL-MARKER" in detail


def test_after_sign_in_the_person_returns_to_the_page_that_asked(people, client):
    response = client.get("/audit/?type=need")
    assert response.status_code == 302
    assert response.location.startswith("/account/sign-in?next=")
    response = sign_in(client, "officer@cbd.example", next_url="/audit/?type=need")
    assert response.location == "/audit/?type=need"
    elsewhere = people.test_client()
    response = sign_in(elsewhere, "officer@cbd.example", next_url="https://evil.example/")
    assert response.location == "/"


def test_a_failed_sign_in_says_nothing_about_which_part_was_wrong(people, client):
    wrong_password = sign_in(client, "fp@ken.example", "not the password at all")
    unknown = sign_in(client, "nobody@example.org", PASSWORD)
    for response in (wrong_password, unknown):
        page = page_text(response)
        assert response.status_code == 401
        assert "The e-mail address or the password is not right." in page
        assert PASSWORD not in page and "not the password at all" not in page
    assert 'value="nobody@example.org"' in page_text(unknown)  # what was typed is kept
    assert not signed_in(page_text(client.get("/")))


def test_too_many_failures_lock_the_account_with_a_clear_message(people, client):
    for _ in range(accounts.MAX_FAILED_LOGINS - 1):
        assert sign_in(client, "fp@gha.example", "guess number one!").status_code == 401
    locked = sign_in(client, "fp@gha.example", "guess number two!")
    assert locked.status_code == 429 and locked.headers["Retry-After"]
    assert "locked for 15 minutes" in page_text(locked)
    still = sign_in(client, "fp@gha.example")  # the right password is refused while locked
    assert still.status_code == 429 and not signed_in(page_text(client.get("/")))


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(people, client):
    assert sign_in(client, "reader@example.org").status_code == 302
    in_database(people, lambda s: accounts.disable_user(s, "reader@example.org"))
    assert not signed_in(page_text(client.get("/")))
    refused = sign_in(client, "reader@example.org")
    assert refused.status_code == 403 and "This account is disabled" in page_text(refused)


def test_signing_out_needs_the_csrf_token_and_ends_the_session(people, client):
    sign_in(client, "fp@ken.example")
    assert client.post("/account/sign-out").status_code == 400
    assert signed_in(page_text(client.get("/")))
    response = post_form(client, "/account/sign-out", {}, page_url="/")
    assert response.status_code == 302
    page = page_text(client.get("/"))
    assert "You are signed out." in page and not signed_in(page)
    assert client.get("/needs/need-ken-l").status_code == 404


# --- sessions end ---------------------------------------------------------------------------

def _started(client, ago: timedelta) -> None:
    with client.session_transaction() as session:
        session["signed_in_at"] = (utcnow() - ago).isoformat()


def _passwords_set_days_ago(app) -> None:
    in_database(app, lambda s: s.execute(
        update(UserRow).values(password_changed_at=utcnow() - timedelta(days=2))))


def test_a_session_ends_eight_hours_after_sign_in(people, client):
    assert people.permanent_session_lifetime == timedelta(hours=8)
    _passwords_set_days_ago(people)
    sign_in(client, "fp@ken.example")
    _started(client, timedelta(hours=7, minutes=50))
    assert signed_in(page_text(client.get("/")))
    _started(client, timedelta(hours=8, minutes=1))
    page = page_text(client.get("/"))
    assert "Your session has ended" in page and not signed_in(page)
    assert not signed_in(page_text(client.get("/")))


def test_the_session_lifetime_is_configurable(people, sqlite_url):
    app = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test",
                      "PERMANENT_SESSION_LIFETIME": timedelta(minutes=30)})
    client = app.test_client()
    _passwords_set_days_ago(app)
    sign_in(client, "fp@ken.example")
    _started(client, timedelta(minutes=20))
    assert signed_in(page_text(client.get("/")))
    _started(client, timedelta(minutes=31))
    assert not signed_in(page_text(client.get("/")))
    app.extensions["coordinator.engine"].dispose()


def test_a_new_password_set_elsewhere_signs_out_older_sessions(people, client):
    sign_in(client, "fp@ken.example")
    in_database(people, lambda s: accounts.set_password(s, "fp@ken.example",
                                                        "a brand new passphrase"))
    page = page_text(client.get("/"))
    assert "Your password was changed" in page and not signed_in(page)
    assert sign_in(client, "fp@ken.example", "a brand new passphrase").status_code == 302


# --- one's own account ----------------------------------------------------------------------

def test_changing_ones_password_keeps_this_session_and_ends_the_others(people, app):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "fp@ken.example")
    sign_in(elsewhere, "fp@ken.example")
    wrong = post_form(here, "/account/password",
                      {"current": "not my password!", "new": "river stone lantern",
                       "repeat": "river stone lantern"})
    assert wrong.status_code == 422 and "This is not your current password." in page_text(wrong)
    differ = post_form(here, "/account/password", {"current": PASSWORD, "new": "river stone "
                       "lantern", "repeat": "river stone lanterns"})
    assert "The two new passwords differ." in page_text(differ)
    short = post_form(here, "/account/password", {"current": PASSWORD, "new": "short",
                                                  "repeat": "short"})
    page = page_text(short)
    assert short.status_code == 422
    assert re.search(r'id="new-error"[^>]*>\s*<li>Your new password is 5 characters long', page)
    done = post_form(here, "/account/password", {"current": PASSWORD, "new": "river stone "
                     "lantern", "repeat": "river stone lantern"})
    assert done.status_code == 302
    assert "Your password is changed" in page_text(here.get("/account/"))
    assert signed_in(page_text(here.get("/")))
    assert not signed_in(page_text(elsewhere.get("/")))
    assert sign_in(elsewhere, "fp@ken.example", "river stone lantern").status_code == 302


def test_an_api_token_is_shown_once_used_by_scripts_and_revoked(people, client):
    sign_in(client, "donor@gef.example")
    assert "You have no API token." in page_text(client.get("/account/"))
    response = post_form(client, "/account/token", {}, page_url="/account/")
    assert response.headers["Cache-Control"] == "no-store"
    token = unescape(re.search(r'<p class="token" id="new-token">([^<]+)</p>',
                               page_text(response)).group(1))
    assert token.startswith("cc_")
    assert token not in page_text(client.get("/account/"))  # never shown again
    script = people.test_client()
    me = script.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.get_json() == {"email": "donor@gef.example", "name": "donor", "role": "provider",
                             "country": None, "provider": "p-gef", "has_api_token": True,
                             "authenticated_by": "token"}
    assert "Set-Cookie" not in me.headers  # a token request starts no session
    post_form(client, "/account/token/revoke", {}, page_url="/account/")
    refused = script.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401


def test_a_bad_token_is_a_401_json_error_even_on_public_pages(people, client):
    for header in ("Bearer cc_not-a-real-token", "Bearer ", "Basic Zm9vOmJhcg=="):
        response = client.get("/api/v1/needs", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.get_json()["error"] == "Unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_a_token_reads_with_its_accounts_rights(people, client):
    token = api_token(people, "fp@ken.example")
    anonymous = client.get("/api/v1/needs/need-ken-l")
    focal = client.get("/api/v1/needs/need-ken-l", headers={"Authorization": f"Bearer {token}"})
    assert anonymous.status_code == 404
    assert focal.status_code == 200 and "CONFIDENTIAL-MARKER" in focal.get_json()["description"]


def test_pages_for_one_role_refuse_the_others(people, app):
    for email, expected in (("officer@cbd.example", 200), ("fp@ken.example", 403),
                            ("reader@example.org", 403)):
        client = app.test_client()
        sign_in(client, email)
        assert client.get("/audit/").status_code == expected, email
    forbidden = client.get("/audit/")
    assert "only for the secretariat" in page_text(forbidden)
