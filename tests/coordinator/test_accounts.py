"""Accounts: password hashing, sign-in with its rate limit, API tokens, the CLI."""
from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from coordinator import accounts, services
from coordinator.cli import cli as cli_group
from coordinator.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coordinator.store import make_engine, session_scope
from coordinator.store.models import AuditRow, UserRow, utcnow
from coordinator.visibility import ANONYMOUS, Viewer

from .sample_documents import base_document

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Cheap scrypt parameters so the tests run fast; one test checks the real ones."""
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 10, 8, 1))


@pytest.fixture
def records(session):
    """The session with the sample providers and countries' records loaded."""
    services.import_document(session, base_document(), source="test.json")
    return session


def _add(session, email="fp@example.org", role="focal_point", **affiliation):
    if role == "focal_point":
        affiliation.setdefault("country", "KEN")
    return accounts.create_user(session, email, PASSWORD, role=role, **affiliation)


def test_passwords_are_salted_scrypt_hashes_with_the_owasp_cost(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 14, 8, 5))
    first, second = accounts.hash_password(PASSWORD), accounts.hash_password(PASSWORD)
    assert first.startswith("scrypt$n=16384,r=8,p=5$")
    assert first != second  # a new salt each time
    assert PASSWORD not in first
    assert accounts.verify_password(PASSWORD, first)
    assert not accounts.verify_password(PASSWORD + "!", first)
    assert not accounts.password_needs_rehash(first)
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 10, 8, 1))
    weak = accounts.hash_password(PASSWORD)
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 14, 8, 5))
    assert accounts.password_needs_rehash(weak)


SALT, KEY = "A" * 22, "A" * 43  # 16 and 32 bytes, base64


@pytest.mark.parametrize("stored", [
    "", "plain-text", "bcrypt$x$y$z", "scrypt$n=x,r=8,p=1$a$b", "scrypt$n=1024,r=8$a$b",
    f"scrypt$n=1,r=8,p=1${SALT}${KEY}", f"scrypt$n=1000,r=8,p=1${SALT}${KEY}",
    f"scrypt$n=1048576,r=8,p=1${SALT}${KEY}", f"scrypt$n=1024,r=64,p=1${SALT}${KEY}",
    f"scrypt$n=1024,r=8,p=1${SALT}$AAAA", f"scrypt$n=1024,r=8,p=1${SALT}$not base64!",
])
def test_malformed_stored_hashes_never_verify(stored):
    assert not accounts.verify_password(PASSWORD, stored)
    assert accounts.password_needs_rehash(stored)


def test_the_same_password_typed_composed_or_decomposed_matches():
    composed = "Ångström-passwort"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert accounts.verify_password(decomposed, accounts.hash_password(composed))


def test_create_user_keeps_a_normalised_address_and_never_shows_the_hash(records):
    user = accounts.create_user(records, "  Focal.Point@Example.ORG ", PASSWORD,
                                role="focal_point", country="ken", name="Amina Odhiambo")
    assert (user.email, user.country, user.role, user.active) == \
        ("focal.point@example.org", "KEN", "focal_point", True)
    stored = records.scalar(select(UserRow.password_hash).where(UserRow.id == user.id))
    assert accounts.verify_password(PASSWORD, stored)
    shown = json.dumps(user.as_dict())
    assert stored not in shown and "password_hash" not in shown
    assert accounts.get_user(records, "FOCAL.point@example.org") == user
    assert accounts.load_user(records, user.id) == user
    assert accounts.load_user(records, user.id + 1000) is None


@pytest.mark.parametrize("email,password,role,affiliation,field", [
    ("not-an-address", PASSWORD, "viewer", {}, "email"),
    ("a@b", PASSWORD, "viewer", {}, "email"),
    ("a b@example.org", PASSWORD, "viewer", {}, "email"),
    ("x@example.org", "short pw", "viewer", {}, "password"),
    ("x@example.org", "p" * 1025, "viewer", {}, "password"),
    ("x@example.org", PASSWORD, "focal_point", {}, "country"),
    ("x@example.org", PASSWORD, "focal_point", {"country": "XXX"}, "country"),
    ("x@example.org", PASSWORD, "provider", {}, "provider"),
    ("x@example.org", PASSWORD, "provider", {"provider": "p-nobody"}, "provider"),
    ("x@example.org", PASSWORD, "viewer", {"country": "KEN"}, "country"),
    ("x@example.org", PASSWORD, "secretariat", {"provider": "p-gef"}, "provider"),
    ("x@example.org", PASSWORD, "admin", {}, "role"),
])
def test_bad_accounts_are_refused_naming_the_field(records, email, password, role, affiliation,
                                                   field):
    with pytest.raises(InvalidInput) as caught:
        accounts.create_user(records, email, password, role=role, **affiliation)
    assert field in [p.field for p in caught.value.problems]
    assert accounts.list_users(records) == []


def test_an_address_is_used_once_whatever_its_case(records):
    _add(records, "dup@example.org", role="viewer")
    with pytest.raises(Conflict, match="already exists"):
        _add(records, "DUP@example.org", role="viewer")


def test_viewer_for_gives_each_role_what_it_acts_for(records):
    fp = _add(records, "fp@example.org")
    provider = _add(records, "donor@example.org", role="provider", provider="p-gef")
    secretariat = _add(records, "scbd@example.org", role="secretariat")
    assert accounts.viewer_for(fp) == Viewer("focal_point", country="KEN", name="fp@example.org")
    assert accounts.viewer_for(provider) == Viewer("provider", provider="p-gef",
                                                   name="donor@example.org")
    assert accounts.viewer_for(secretariat).full_access
    assert accounts.viewer_for(None) == ANONYMOUS
    disabled = accounts.disable_user(records, "fp@example.org")
    assert accounts.viewer_for(disabled) == ANONYMOUS


def test_sign_in_succeeds_then_a_disabled_account_is_refused(records):
    user = _add(records, "fp@example.org")
    result = accounts.authenticate(records, "FP@example.org", PASSWORD)
    assert result.ok and result.reason == "ok" and result.user.id == user.id
    assert result.user.last_login_at is not None
    assert accounts.authenticate(records, "fp@example.org", "wrong password!").reason == "invalid"
    assert accounts.authenticate(records, "nobody@example.org", PASSWORD).reason == "invalid"
    assert accounts.authenticate(records, "not an address", PASSWORD).reason == "invalid"
    accounts.disable_user(records, "fp@example.org")
    refused = accounts.authenticate(records, "fp@example.org", PASSWORD)
    assert (refused.ok, refused.reason) == (False, "disabled")
    accounts.enable_user(records, "fp@example.org")
    assert accounts.authenticate(records, "fp@example.org", PASSWORD).ok


def test_failed_sign_ins_lock_the_account_and_the_lock_is_kept_in_the_database(db_url):
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        _add(session, "fp@example.org", role="viewer")
    now = utcnow()
    results = []
    for attempt in range(accounts.MAX_FAILED_LOGINS):
        # each attempt in its own transaction, as each web request is
        with session_scope(engine) as session:
            results.append(accounts.authenticate(session, "fp@example.org", f"guess {attempt}",
                                                 now=now))
    assert [r.reason for r in results] == ["invalid"] * 4 + ["locked"]
    assert results[-1].retry_after == 15 * 60
    with session_scope(engine) as session:
        locked = accounts.authenticate(session, "fp@example.org", PASSWORD,
                                       now=now + timedelta(minutes=10))
        assert (locked.reason, locked.retry_after) == ("locked", 5 * 60)
        assert accounts.get_user(session, "fp@example.org").failed_logins == 5
    later = now + timedelta(minutes=16)
    with session_scope(engine) as session:
        # the lock has run out; one more failure locks again for twice as long
        again = accounts.authenticate(session, "fp@example.org", "guess 6", now=later)
        assert (again.reason, again.retry_after) == ("locked", 30 * 60)
    with session_scope(engine) as session:
        result = accounts.authenticate(session, "fp@example.org", PASSWORD,
                                       now=later + timedelta(minutes=31))
        assert result.ok
        assert (result.user.failed_logins, result.user.locked_until) == (0, None)
    engine.dispose()


def test_an_administrator_lifts_a_lock_by_enabling_or_setting_a_password(records):
    _add(records, "fp@example.org", role="viewer")
    for attempt in range(accounts.MAX_FAILED_LOGINS):
        accounts.authenticate(records, "fp@example.org", f"guess {attempt}")
    assert accounts.authenticate(records, "fp@example.org", PASSWORD).reason == "locked"
    accounts.enable_user(records, "fp@example.org")
    assert accounts.authenticate(records, "fp@example.org", PASSWORD).ok
    for attempt in range(accounts.MAX_FAILED_LOGINS):
        accounts.authenticate(records, "fp@example.org", f"guess {attempt}")
    before = accounts.get_user(records, "fp@example.org").password_changed_at
    user = accounts.set_password(records, "fp@example.org", "a brand new passphrase")
    assert user.locked_until is None and user.password_changed_at >= before
    assert not accounts.authenticate(records, "fp@example.org", PASSWORD).ok
    assert accounts.authenticate(records, "fp@example.org", "a brand new passphrase").ok


def test_a_weak_stored_hash_is_replaced_at_the_next_sign_in(records, monkeypatch):
    _add(records, "fp@example.org", role="viewer")
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 11, 8, 1))
    assert accounts.authenticate(records, "fp@example.org", PASSWORD).ok
    stored = records.scalar(select(UserRow.password_hash))
    assert stored.startswith("scrypt$n=2048,r=8,p=1$")
    assert accounts.verify_password(PASSWORD, stored)


def test_api_tokens_are_shown_once_and_stored_only_as_a_digest(records):
    user = _add(records, "bot@example.org", role="provider", provider="p-gef")
    token = accounts.create_api_token(records, "bot@example.org")
    assert token.startswith(accounts.TOKEN_PREFIX) and len(token) > 40
    stored = records.scalar(select(UserRow.api_token_hash))
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    audit = json.dumps([(a.before, a.after) for a in records.scalars(select(AuditRow))])
    assert token not in audit and stored not in audit
    assert accounts.authenticate_token(records, token).id == user.id
    assert accounts.get_user(records, "bot@example.org").has_api_token
    for wrong in ("", token[:-1], token + "x", "Bearer " + token, None):
        assert accounts.authenticate_token(records, wrong) is None
    newer = accounts.create_api_token(records, "bot@example.org")
    assert accounts.authenticate_token(records, token) is None
    assert accounts.authenticate_token(records, newer).id == user.id
    accounts.disable_user(records, "bot@example.org")
    assert accounts.authenticate_token(records, newer) is None
    accounts.enable_user(records, "bot@example.org")
    accounts.revoke_api_token(records, "bot@example.org")
    assert accounts.authenticate_token(records, newer) is None


def test_only_the_secretariat_manages_accounts_and_each_user_their_own(records):
    fp = _add(records, "fp@example.org")
    other = _add(records, "other@example.org", role="viewer")
    secretariat = accounts.viewer_for(_add(records, "scbd@example.org", role="secretariat"))
    me = accounts.viewer_for(fp)
    with pytest.raises(PermissionDenied, match="may not manage users"):
        accounts.create_user(records, "new@example.org", PASSWORD, role="viewer", viewer=me)
    with pytest.raises(PermissionDenied):
        accounts.disable_user(records, other.email, viewer=me)
    with pytest.raises(PermissionDenied):
        accounts.set_password(records, other.email, "someone else's pass", viewer=me)
    with pytest.raises(PermissionDenied):
        accounts.create_api_token(records, other.email, viewer=ANONYMOUS)
    accounts.set_password(records, fp.email, "my own new passphrase", viewer=me)
    assert accounts.create_api_token(records, fp.email, viewer=me)
    accounts.disable_user(records, other.email, viewer=secretariat)
    with pytest.raises(NotFound):
        accounts.disable_user(records, "ghost@example.org", viewer=secretariat)


def test_every_account_change_is_audited_without_secrets(records):
    _add(records, "fp@example.org", role="viewer")
    accounts.disable_user(records, "fp@example.org", viewer=Viewer("secretariat", name="s@x.org"))
    accounts.enable_user(records, "fp@example.org")
    accounts.set_password(records, "fp@example.org", "another good passphrase")
    accounts.create_api_token(records, "fp@example.org")
    rows = records.scalars(select(AuditRow).where(AuditRow.record_type == "user")
                           .order_by(AuditRow.id)).all()
    assert [r.action for r in rows] == ["create", "disable", "enable", "password", "token"]
    assert rows[1].actor == "s@x.org" and rows[1].before["active"] and not rows[1].after["active"]
    hashes = records.scalars(select(UserRow.password_hash)).all()
    text = json.dumps([(r.before, r.after) for r in rows])
    assert "scrypt$" not in text and not any(h in text for h in hashes)


def test_cli_users_add_through_the_real_command(sqlite_url, cli):
    added = cli("users", "add", "Viewer@Example.org", "--role", "viewer", "--password-stdin",
                "--db", sqlite_url, input=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "Added viewer account viewer@example.org" in added.stderr
    short = cli("users", "add", "x@example.org", "--role", "viewer", "--password-stdin",
                "--db", sqlite_url, input="short\n")
    assert short.returncode == 2 and "field password" in short.stderr
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        assert accounts.authenticate(session, "viewer@example.org", PASSWORD).ok
        assert [u.email for u in accounts.list_users(session)] == ["viewer@example.org"]
    engine.dispose()


def test_cli_users_prompt_list_token_and_disable(sqlite_url):
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="test.json")
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        result = runner.invoke(cli_group, [*args, "--db", sqlite_url], input=input)
        assert result.exit_code == 0, (result.output, result.exception)
        return result

    run("users", "add", "Donor@Example.org", "--role", "provider", "--provider", "p-gef",
        "--name", "Programme officer", input=f"{PASSWORD}\n{PASSWORD}\n")
    mismatch = runner.invoke(cli_group, ["users", "add", "x@example.org", "--role", "viewer",
                                         "--db", sqlite_url],
                             input=f"{PASSWORD}\ntypo {PASSWORD}\n")
    assert mismatch.exit_code != 0 and "do not match" in mismatch.output
    users = json.loads(run("users", "list", "--format", "json").stdout)
    assert [(u["email"], u["role"], u["provider"], u["name"]) for u in users] == [
        ("donor@example.org", "provider", "p-gef", "Programme officer")]
    assert "scrypt" not in json.dumps(users)
    token = run("users", "token", "donor@example.org").stdout.strip()
    with session_scope(engine) as session:
        assert accounts.authenticate_token(session, token).email == "donor@example.org"
    run("users", "disable", "donor@example.org")
    with session_scope(engine) as session:
        assert accounts.authenticate(session, "donor@example.org", PASSWORD).reason == "disabled"
        assert accounts.authenticate_token(session, token) is None
    run("users", "enable", "donor@example.org")
    run("users", "password", "donor@example.org", "--password-stdin",
        input="a completely new passphrase\n")
    run("users", "token", "donor@example.org", "--revoke")
    with session_scope(engine) as session:
        assert accounts.authenticate(session, "donor@example.org",
                                     "a completely new passphrase").ok
        assert not accounts.get_user(session, "donor@example.org").has_api_token
    engine.dispose()
