"""Signing in and out, and one's own account: password and API token.

A failed sign-in says only that the address or password is not right (never which); an account
locked by too many failures says for how long. The failure is counted even though nothing else
is saved, so the rate limit of :func:`coordinator.accounts.authenticate` holds.
"""
from __future__ import annotations

import math

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from coordinator import accounts
from coordinator.errors import InvalidInput

from ..auth import (
    current_account,
    end_session,
    home_for,
    renew_session,
    requires_role,
    safe_next,
    start_session,
)
from ..database import get_session
from ..viewer import current_viewer

__all__ = ["bp", "SignInForm", "PasswordForm", "lock_message"]

bp = Blueprint("account", __name__, url_prefix="/account")

GENERIC_FAILURE = "The e-mail address or the password is not right."
ROLE_LABELS = {"secretariat": "Secretariat", "focal_point": "National focal point",
               "provider": "Provider", "viewer": "Viewer"}


class SignInForm(FlaskForm):
    """E-mail address and password."""

    email = EmailField("E-mail address", validators=[InputRequired("Enter your e-mail address."),
                                                     Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired("Enter your password."),
                                                     Length(max=accounts.MAX_PASSWORD_LENGTH)])


class PasswordForm(FlaskForm):
    """The current password, and the new one twice."""

    current = PasswordField("Current password",
                            validators=[InputRequired("Enter your current password.")])
    new = PasswordField("New password", validators=[InputRequired("Choose a new password.")],
                        description=f"At least {accounts.MIN_PASSWORD_LENGTH} characters; a "
                                    "few unrelated words make a good one.")
    repeat = PasswordField("New password again",
                           validators=[InputRequired("Type the new password again.")])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (sign out, new token, revoke token)."""


def lock_message(seconds: int | None) -> str:
    """What someone locked out by too many failed sign-ins is told."""
    minutes = max(1, math.ceil((seconds or 60) / 60))
    wait = f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes < 120 \
        else f"{math.ceil(minutes / 60)} hours"
    return (f"Too many failed sign-ins: this account is locked for {wait}. Try again later, "
            "or ask the secretariat to unlock it.")


def _role_line(account: accounts.User) -> str:
    line = ROLE_LABELS.get(account.role, account.role)
    if account.country:
        line += f" of {account.country}"
    if account.provider:
        line += f" for {account.provider}"
    return line


@bp.app_template_global("role_line")
def role_line(account: accounts.User) -> str:
    """An account's role in words (``National focal point of KEN``)."""
    return _role_line(account)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response | tuple[str, int]:
    """The sign-in form; on success, back to the page that asked, or the person's home."""
    target = safe_next(request.args.get("next"))
    account = current_account()
    if account is not None and request.method == "GET":
        return redirect(target or home_for(account))
    form = SignInForm()
    message, status = None, 200
    if form.validate_on_submit():
        session = get_session()
        result = accounts.authenticate(session, form.email.data or "", form.password.data or "")
        session.commit()  # a failure is counted too
        if result.ok:
            start_session(result.user)
            flash(f"Welcome, {result.user.name or result.user.email}. You are signed in.", "info")
            return redirect(target or home_for(result.user))
        if result.reason == "locked":
            message, status = lock_message(result.retry_after), 429
        elif result.reason == "disabled":
            message, status = ("This account is disabled. Ask the secretariat to enable it "
                               "again."), 403
        else:
            message, status = GENERIC_FAILURE, 401
    elif form.is_submitted():
        status = 422
    response = render_template("account/sign_in.html", form=form, message=message,
                               target=target)
    headers = {"Retry-After": "60"} if status == 429 else {}
    if status == 401:
        headers["WWW-Authenticate"] = 'FormBased realm="Capacity Coordinator"'
    return response, status, headers


@bp.post("/sign-out")
def sign_out() -> Response:
    """Sign out on this browser (a POST with the CSRF token, so no other site can do it)."""
    end_session()
    flash("You are signed out.", "info")
    return redirect(url_for("home.index"))


@bp.get("/")
@requires_role()
def index() -> str:
    """The signed-in person's account: role, last sign-in, API token."""
    return render_template("account/index.html", user=current_account(), token=None,
                           confirm=ConfirmForm())


@bp.route("/password", methods=["GET", "POST"])
@requires_role()
def password() -> str | Response | tuple[str, int]:
    """Change one's own password; every other session of the account is signed out."""
    account = current_account()
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        session = get_session()
        if form.new.data != form.repeat.data:
            form.repeat.errors.append("The two new passwords differ.")
            status = 422
        else:
            check = accounts.authenticate(session, account.email, form.current.data or "")
            session.commit()
            if not check.ok:
                form.current.errors.append(
                    lock_message(check.retry_after) if check.reason == "locked"
                    else "This is not your current password.")
                status = 429 if check.reason == "locked" else 422
            else:
                try:
                    changed = accounts.set_password(session, account.email, form.new.data,
                                                    viewer=current_viewer())
                except InvalidInput as error:
                    session.rollback()
                    form.new.errors.extend(p.message.replace("is ", "Your new password is ", 1)
                                           for p in error.problems)
                    status = 422
                else:
                    session.commit()
                    renew_session(changed)
                    flash("Your password is changed. Other browsers signed in to this account "
                          "were signed out.", "info")
                    return redirect(url_for("account.index"))
    elif form.is_submitted():
        status = 422
    return render_template("account/password.html", form=form), status


def _token_page(token: str) -> Response:
    user = accounts.get_user(get_session(), current_account().email)
    response = Response(render_template("account/index.html", user=user, token=token,
                                        confirm=ConfirmForm()))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/token")
@requires_role()
def new_token() -> Response:
    """Make a new API token (replacing any earlier one) and show it, this once."""
    session = get_session()
    account = current_account()
    token = accounts.create_api_token(session, account.email, viewer=current_viewer())
    session.commit()
    return _token_page(token)


@bp.post("/token/revoke")
@requires_role()
def revoke_token() -> Response:
    """Remove the account's API token: scripts using it are refused from now on."""
    session = get_session()
    account = current_account()
    accounts.revoke_api_token(session, account.email, viewer=current_viewer())
    session.commit()
    flash("Your API token is revoked.", "info")
    return redirect(url_for("account.index"))
