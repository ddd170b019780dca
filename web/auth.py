"""Who is asking: sign-in sessions (Flask-Login) and API tokens, turned into the request's Viewer.

Every request, before its view runs, gets its :class:`~coordinator.visibility.Viewer` through
:func:`web.viewer.set_viewer`:

* ``Authorization: Bearer TOKEN`` names an account by its API token (scripts); a header that is
  not a valid token is answered at once with a 401 JSON error, never read as anonymous.
* otherwise a signed-in browser session names the account. A session ends after
  ``PERMANENT_SESSION_LIFETIME`` (8 hours unless configured, counted from the sign-in, however
  busy the session is), when the account's password changed after the sign-in (a new password
  signs out everywhere else), and when the account is disabled.
* otherwise the request is anonymous.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from coordinator import accounts
from coordinator.accounts import User
from coordinator.errors import PermissionDenied
from coordinator.store.models import utcnow
from coordinator.visibility import ANONYMOUS

from .database import get_session
from .errors import wants_json
from .viewer import current_viewer, set_viewer

__all__ = ["init_app", "login_manager", "SignedInUser", "DEFAULT_SESSION_LIFETIME",
           "current_account", "signed_in_with", "start_session", "renew_session",
           "end_session", "requires_role", "unauthorized", "safe_next", "home_for"]

DEFAULT_SESSION_LIFETIME = timedelta(hours=8)
_STARTED = "signed_in_at"
_REALM = 'Bearer realm="Capacity Coordinator"'

login_manager = LoginManager()
login_manager.login_view = "account.sign_in"


class SignedInUser(UserMixin):
    """The account behind a sign-in session, in the shape Flask-Login expects."""

    def __init__(self, account: User):
        self.account = account

    def get_id(self) -> str:
        """The account id kept in the session cookie."""
        return str(self.account.id)

    @property
    def is_active(self) -> bool:
        """False for a disabled account."""
        return self.account.active


@login_manager.user_loader
def _load_user(user_id: str) -> SignedInUser | None:
    try:
        number = int(user_id)
    except (TypeError, ValueError):
        return None
    account = accounts.load_user(get_session(), number)
    if account is None or not account.active:
        return None
    return SignedInUser(account)


# --- the request's account ------------------------------------------------------------------

def current_account() -> User | None:
    """The account making this request (signed in or by API token), or None."""
    return g.get("account")


def signed_in_with() -> str | None:
    """How this request was authenticated: ``session``, ``token``, or None (anonymous)."""
    return g.get("auth_method")


def unauthorized(message: str) -> Response:
    """A 401 JSON answer asking for an API token (or a sign-in)."""
    response = jsonify({"error": "Unauthorized", "message": message, "problems": []})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = _REALM
    return response


def _bearer_account(header: str) -> User | None:
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return accounts.authenticate_token(get_session(), token.strip())


def _moment(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _session_account() -> User | None:
    """The signed-in account, ending the session when it is too old or the password changed."""
    if "_user_id" not in session:
        return None
    user = current_user
    if not getattr(user, "is_authenticated", False):
        logout_user()
        session.pop(_STARTED, None)
        return None
    account: User = user.account
    started = _moment(session.get(_STARTED))
    now = utcnow()
    reason = None
    if started is None or now - started > current_app.permanent_session_lifetime:
        reason = "Your session has ended. Please sign in again."
    elif account.password_changed_at is not None and started < account.password_changed_at:
        reason = "Your password was changed, so you were signed out. Please sign in again."
    if reason is not None:
        end_session()
        flash(reason, "info")
        return None
    return account


def _identify() -> Response | None:
    """Before each request: set the viewer from an API token or the sign-in session."""
    if request.endpoint == "static":
        return None
    header = request.headers.get("Authorization")
    if header is not None:
        account = _bearer_account(header)
        if account is None:
            return unauthorized("the API token is not valid, or its account is disabled; send "
                                "'Authorization: Bearer TOKEN' with a current token")
        g.account, g.auth_method = account, "token"
        set_viewer(accounts.viewer_for(account))
        return None
    account = _session_account()
    if account is not None:
        g.account, g.auth_method = account, "session"
        set_viewer(accounts.viewer_for(account))
    return None


# --- starting and ending sessions -----------------------------------------------------------

def start_session(account: User) -> None:
    """Sign ``account`` in on this browser (a permanent session, timed from now)."""
    session.clear()  # nothing from before the sign-in carries over
    login_user(SignedInUser(account))
    session.permanent = True
    session[_STARTED] = utcnow().isoformat()
    g.account, g.auth_method = account, "session"
    set_viewer(accounts.viewer_for(account))


def renew_session(account: User) -> None:
    """Keep this browser signed in after its own password change (others are signed out)."""
    session[_STARTED] = utcnow().isoformat()
    g.account = account


def end_session() -> None:
    """Sign out on this browser."""
    logout_user()
    session.pop(_STARTED, None)
    g.pop("account", None)
    g.pop("auth_method", None)
    set_viewer(ANONYMOUS)


# --- guarding views -------------------------------------------------------------------------

def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site (so a sign-in cannot send people elsewhere)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    return target.removesuffix("?")


def home_for(account: User) -> str:
    """Where someone lands after signing in: their country, their provider, or the overview."""
    if account.role == "focal_point" and account.country:
        return url_for("countries.detail", alpha3=account.country)
    if account.role == "provider" and account.provider:
        return url_for("providers.detail", provider_id=account.provider)
    return url_for("home.index")


_ROLE_NAMES = {"secretariat": "the secretariat", "focal_point": "national focal points",
               "provider": "provider accounts", "viewer": "viewers"}


def requires_role(*roles: str) -> Callable[[Callable], Callable]:
    """Let the view run only for a signed-in account with one of ``roles`` (any role if none).

    Not signed in: pages redirect to the sign-in form (coming back afterwards), the API answers
    401. Signed in with another role: 403.
    """
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            viewer = current_viewer()
            if viewer.role == "anonymous":
                if wants_json():
                    return unauthorized("sign in or send an API token "
                                        "('Authorization: Bearer TOKEN')")
                target = safe_next(request.full_path)
                return redirect(url_for("account.sign_in", next=target))
            if roles and viewer.role not in roles:
                allowed = " and ".join(_ROLE_NAMES.get(r, r) for r in roles)
                raise PermissionDenied(f"this is only for {allowed}")
            return view(*args, **kwargs)
        return guarded
    return decorate


# --- setting up -----------------------------------------------------------------------------

def _lifetime_setting(app: Flask) -> None:
    if app.config["PERMANENT_SESSION_LIFETIME"] is Flask.default_config[
            "PERMANENT_SESSION_LIFETIME"]:
        seconds = os.environ.get("PERMANENT_SESSION_LIFETIME")
        app.config["PERMANENT_SESSION_LIFETIME"] = (
            timedelta(seconds=int(seconds)) if seconds and seconds.strip().isdigit()
            else DEFAULT_SESSION_LIFETIME)
    elif isinstance(app.config["PERMANENT_SESSION_LIFETIME"], int):
        app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
            seconds=app.config["PERMANENT_SESSION_LIFETIME"])


def init_app(app: Flask) -> None:
    """Sign-in sessions, API tokens and the request's viewer; ``account`` in every template."""
    _lifetime_setting(app)
    login_manager.init_app(app)
    app.before_request(_identify)

    @app.context_processor
    def _account() -> dict[str, Any]:
        return {"account": current_account()}
