"""User accounts: passwords, sign-in with a rate limit, API tokens, and the Viewer a user reads as.

Passwords are hashed with scrypt from the standard library (``hashlib.scrypt``): memory-hard,
listed by the OWASP Password Storage Cheat Sheet, and free of compiled dependencies. We use
OWASP's equal-strength setting N=2**14, r=8, p=5 (16 MiB, about 0.15 s here) rather than
N=2**17, p=1 (128 MiB per sign-in). Every hash carries its parameters, so they can be raised later:
a stored hash made with weaker ones is replaced at the next successful sign-in.

API tokens are random (256 bits); only their SHA-256 digest is stored, so a copy of the database
does not give anyone a usable token. Every function returns plain :class:`User` values, never rows.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import permissions
from .errors import Conflict, InvalidInput, NotFound, Problem
from .store.models import ROLES, AuditRow, CountryRow, ProviderRow, UserRow, utcnow
from .visibility import ANONYMOUS, SYSTEM, Viewer

__all__ = [
    "User", "LoginResult", "ROLES", "MIN_PASSWORD_LENGTH", "MAX_PASSWORD_LENGTH",
    "MAX_FAILED_LOGINS", "LOCK_PERIOD", "TOKEN_PREFIX",
    "hash_password", "verify_password", "password_needs_rehash", "normalise_email",
    "create_user", "get_user", "load_user", "list_users", "disable_user", "enable_user",
    "set_password", "authenticate", "create_api_token", "revoke_api_token",
    "authenticate_token", "viewer_for",
]

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
#: Consecutive failed sign-ins after which the account is locked for LOCK_PERIOD; every further
#: failure after a lock doubles the period, up to MAX_LOCK_PERIOD.
MAX_FAILED_LOGINS = 5
LOCK_PERIOD = timedelta(minutes=15)
MAX_LOCK_PERIOD = timedelta(hours=8)
TOKEN_PREFIX = "cc_"
#: scrypt cost (n, r, p) for new hashes; OWASP's equal-strength alternative to n=2**17, p=1.
SCRYPT_COST = (2 ** 14, 8, 5)
_SCRYPT_KEY_BYTES = 32
# the WHATWG HTML "valid e-mail address", with at least one dot in the domain
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class User:
    """A user account as the rest of the application sees it (never its password hash)."""

    id: int
    email: str
    name: str
    role: str
    country: str | None
    provider: str | None
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    password_changed_at: datetime | None
    failed_logins: int
    locked_until: datetime | None
    has_api_token: bool
    api_token_created_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (times as ISO 8601 text)."""
        return {key: value.isoformat(timespec="seconds") if isinstance(value, datetime) else value
                for key, value in asdict(self).items()}


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a sign-in: ``reason`` is ok, invalid, locked or disabled.

    A failed sign-in is recorded in the caller's transaction, so the caller must commit even
    when ``user`` is None (that is why this is a result and not an exception).
    """

    user: User | None
    reason: str
    retry_after: int | None = None

    @property
    def ok(self) -> bool:
        """True when the user signed in."""
        return self.user is not None


# --- passwords ------------------------------------------------------------------------------

def _normalised_password(password: str) -> bytes:
    return unicodedata.normalize("NFKC", password).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``: ``scrypt$n=..,r=..,p=..$salt$key``."""
    n, r, p = SCRYPT_COST
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(_normalised_password(password), salt=salt, n=n, r=r, p=p,
                         maxmem=256 * n * r + 2 ** 20, dklen=_SCRYPT_KEY_BYTES)
    return f"scrypt$n={n},r={r},p={p}${_b64(salt)}${_b64(key)}"


def _parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    try:
        scheme, params, salt, key = stored.split("$")
        values = dict(item.split("=") for item in params.split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        salt_bytes, key_bytes = _unb64(salt), _unb64(key)
    except (ValueError, KeyError):
        return None
    # bounded, so that a damaged stored hash cannot make a check take gigabytes
    if scheme != "scrypt" or not (1 < n <= 2 ** 18 and n & (n - 1) == 0 and 0 < r <= 16
                                  and 0 < p <= 16 and len(key_bytes) >= 16 and salt_bytes):
        return None
    return n, r, p, salt_bytes, key_bytes


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored hash (compared in constant time)."""
    parsed = _parse_hash(stored or "")
    if parsed is None or not isinstance(password, str):
        return False
    n, r, p, salt, key = parsed
    candidate = hashlib.scrypt(_normalised_password(password), salt=salt, n=n, r=r, p=p,
                               maxmem=256 * n * r + 2 ** 20, dklen=len(key))
    return hmac.compare_digest(candidate, key)


def password_needs_rehash(stored: str) -> bool:
    """True when the hash was made with a weaker cost than today's :data:`SCRYPT_COST`."""
    parsed = _parse_hash(stored or "")
    if parsed is None:
        return True
    n, r, p = parsed[:3]
    cost_n, cost_r, cost_p = SCRYPT_COST
    return n * r * p < cost_n * cost_r * cost_p or n < cost_n


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # checked against when the e-mail is unknown, so that answer takes as long as a real one
    return hash_password(secrets.token_urlsafe(16))


def _check_password(email: str, password: Any) -> str:
    if not isinstance(password, str):
        raise InvalidInput(Problem("", f"user {email}", "password", "must be text"))
    length = len(unicodedata.normalize("NFKC", password))
    if length < MIN_PASSWORD_LENGTH:
        raise InvalidInput(Problem("", f"user {email}", "password",
                                   f"is {length} characters long; at least "
                                   f"{MIN_PASSWORD_LENGTH} are required"))
    if length > MAX_PASSWORD_LENGTH:
        raise InvalidInput(Problem("", f"user {email}", "password",
                                   f"is longer than {MAX_PASSWORD_LENGTH} characters"))
    return password


# --- accounts ------------------------------------------------------------------------------

def normalise_email(email: Any) -> str:
    """The e-mail address trimmed and lower-cased; InvalidInput if it is not an address."""
    text = email.strip().lower() if isinstance(email, str) else ""
    if not text or len(text) > 254 or not _EMAIL.fullmatch(text) or \
            len(text.split("@")[0]) > 64:
        shown = repr(email)[:80]
        raise InvalidInput(Problem("", f"user {shown}", "email", "is not a valid e-mail address"))
    return text


def _user(row: UserRow) -> User:
    return User(
        id=row.id, email=row.email, name=row.name or "", role=row.role, country=row.country,
        provider=row.provider_id, active=bool(row.active), created_at=row.created_at,
        last_login_at=row.last_login_at, password_changed_at=row.password_changed_at,
        failed_logins=row.failed_logins or 0, locked_until=row.locked_until,
        has_api_token=row.api_token_hash is not None,
        api_token_created_at=row.api_token_created_at,
    )


def _row(session: Session, email: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.email == normalise_email(email)))
    if row is None:
        raise NotFound(f"no user account {email.strip()!r}")
    return row


def _audit(session: Session, viewer: Viewer, action: str, email: str,
           before: User | None, after: User | None) -> None:
    session.add(AuditRow(actor=viewer.name or viewer.role, action=action, record_type="user",
                         record_id=email, before=before.as_dict() if before else None,
                         after=after.as_dict() if after else None))


def _check_affiliation(session: Session, email: str, role: str, country: str | None,
                       provider: str | None) -> list[Problem]:
    record = f"user {email}"
    problems = []
    if role not in ROLES:
        problems.append(Problem("", record, "role", f"{role!r} is not one of: {', '.join(ROLES)}"))
    if role == "focal_point":
        if not country:
            problems.append(Problem("", record, "country", "a focal point needs a country"))
        elif session.get(CountryRow, country) is None:
            problems.append(Problem("", record, "country", f"unknown country code {country!r}"))
    elif country:
        problems.append(Problem("", record, "country", "only a focal point has a country"))
    if role == "provider":
        found = session.get(ProviderRow, provider) if provider else None
        if not provider:
            problems.append(Problem("", record, "provider", "a provider account needs a provider"))
        elif found is None or found.deleted_at is not None:
            problems.append(Problem("", record, "provider", f"unknown provider {provider!r}"))
    elif provider:
        problems.append(Problem("", record, "provider", "only a provider account has a provider"))
    return problems


def create_user(session: Session, email: str, password: str, *, role: str,
                country: str | None = None, provider: str | None = None, name: str = "",
                viewer: Viewer = SYSTEM) -> User:
    """Create an account; a focal point names its country, a provider account its provider."""
    permissions.require(viewer, "manage_users")
    email = normalise_email(email)
    country = country.strip().upper() if isinstance(country, str) and country.strip() else None
    provider = provider.strip() if isinstance(provider, str) and provider.strip() else None
    name = (name or "").strip()
    problems = _check_affiliation(session, email, role, country, provider)
    if len(name) > 200 or _CONTROL.search(name):
        problems.append(Problem("", f"user {email}", "name",
                                "must be at most 200 characters, without control characters"))
    if problems:
        raise InvalidInput(problems)
    _check_password(email, password)
    if session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
        raise Conflict(f"a user account {email!r} already exists")
    now = utcnow()
    row = UserRow(email=email, name=name, password_hash=hash_password(password), role=role,
                  country=country, provider_id=provider, active=True, created_at=now,
                  password_changed_at=now, failed_logins=0)
    session.add(row)
    session.flush()
    user = _user(row)
    _audit(session, viewer, "create", email, None, user)
    return user


def get_user(session: Session, email: str) -> User:
    """The account with this e-mail address (NotFound otherwise)."""
    return _user(_row(session, email))


def load_user(session: Session, user_id: int) -> User | None:
    """The account with this id, or None (for a sign-in session's user loader)."""
    row = session.get(UserRow, user_id)
    return _user(row) if row is not None else None


def list_users(session: Session) -> list[User]:
    """Every account, by e-mail address."""
    return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.email))]


def _set_active(session: Session, email: str, active: bool, viewer: Viewer) -> User:
    permissions.require(viewer, "manage_users")
    row = _row(session, email)
    before = _user(row)
    row.active = active
    if active:
        row.failed_logins, row.locked_until = 0, None
    session.flush()
    after = _user(row)
    _audit(session, viewer, "enable" if active else "disable", row.email, before, after)
    return after


def disable_user(session: Session, email: str, *, viewer: Viewer = SYSTEM) -> User:
    """Refuse every sign-in and API token of this account from now on (it is kept)."""
    return _set_active(session, email, False, viewer)


def enable_user(session: Session, email: str, *, viewer: Viewer = SYSTEM) -> User:
    """Allow the account to sign in again; this also lifts a sign-in lock."""
    return _set_active(session, email, True, viewer)


def set_password(session: Session, email: str, password: str, *,
                 viewer: Viewer = SYSTEM) -> User:
    """Give the account a new password (its owner or the secretariat); lifts a sign-in lock.

    ``password_changed_at`` moves, so sign-in sessions started before it can be ended.
    """
    row = _row(session, email)
    permissions.require(viewer, "manage_own_account", permissions.Account(row.email))
    _check_password(row.email, password)
    before = _user(row)
    row.password_hash = hash_password(password)
    row.password_changed_at = utcnow()
    row.failed_logins, row.locked_until = 0, None
    session.flush()
    after = _user(row)
    _audit(session, viewer, "password", row.email, before, after)
    return after


# --- signing in ----------------------------------------------------------------------------

def _lock_period(failures: int) -> timedelta:
    doublings = min(failures - MAX_FAILED_LOGINS, 10)
    return min(LOCK_PERIOD * (2 ** doublings), MAX_LOCK_PERIOD)


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def authenticate(session: Session, email: str, password: str, *,
                 now: datetime | None = None) -> LoginResult:
    """Check a sign-in, counting failures: after :data:`MAX_FAILED_LOGINS` the account locks.

    While locked, no password is even checked. The failure count is updated in the database
    with one atomic statement, so parallel guesses are all counted.
    """
    now = now or utcnow()
    try:
        address = normalise_email(email)
    except InvalidInput:
        address = None
    row = session.scalar(select(UserRow).where(UserRow.email == address)) if address else None
    if row is None:
        verify_password(password if isinstance(password, str) else "", _dummy_hash())
        return LoginResult(None, "invalid")
    if row.locked_until is not None and row.locked_until > now:
        return LoginResult(None, "locked", _seconds(row.locked_until - now))
    if not verify_password(password if isinstance(password, str) else "", row.password_hash):
        failures = session.execute(
            update(UserRow).where(UserRow.id == row.id)
            .values(failed_logins=UserRow.failed_logins + 1)
            .returning(UserRow.failed_logins)).scalar_one()
        if failures >= MAX_FAILED_LOGINS:
            period = _lock_period(failures)
            row.locked_until = now + period
            session.flush()
            return LoginResult(None, "locked", _seconds(period))
        session.flush()
        return LoginResult(None, "invalid")
    if not row.active:
        return LoginResult(None, "disabled")
    row.failed_logins, row.locked_until, row.last_login_at = 0, None, now
    if password_needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    session.flush()
    return LoginResult(_user(row), "ok")


# --- API tokens ----------------------------------------------------------------------------

def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(session: Session, email: str, *, viewer: Viewer = SYSTEM) -> str:
    """A new API token for the account, returned once; it replaces any earlier token."""
    row = _row(session, email)
    permissions.require(viewer, "manage_own_account", permissions.Account(row.email))
    before = _user(row)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row.api_token_hash = _token_digest(token)
    row.api_token_created_at = utcnow()
    session.flush()
    _audit(session, viewer, "token", row.email, before, _user(row))
    return token


def revoke_api_token(session: Session, email: str, *, viewer: Viewer = SYSTEM) -> User:
    """Remove the account's API token."""
    row = _row(session, email)
    permissions.require(viewer, "manage_own_account", permissions.Account(row.email))
    before = _user(row)
    row.api_token_hash, row.api_token_created_at = None, None
    session.flush()
    after = _user(row)
    _audit(session, viewer, "token:revoke", row.email, before, after)
    return after


def authenticate_token(session: Session, token: str) -> User | None:
    """The active account an API token belongs to, or None."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(UserRow).where(UserRow.api_token_hash == _token_digest(token)))
    if row is None or not row.active:
        return None
    return _user(row)


def viewer_for(user: User | None) -> Viewer:
    """What this user may read, as a :class:`~coordinator.visibility.Viewer` named by e-mail.

    A missing or disabled account reads as anonymous.
    """
    if user is None or not user.active:
        return ANONYMOUS
    return Viewer(user.role, country=user.country, provider=user.provider, name=user.email)

