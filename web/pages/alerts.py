"""Subscriptions: one's own list (create from the needs filters or "needs that fit my provider
above a score", stop, resume, delete), the unsubscribe link of a message (a page to confirm,
then a POST with the CSRF token) and the Atom feed of a subscription at a secret address."""
from __future__ import annotations

import os
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm

from coordinator import alerts as alert_core
from coordinator.browse import FILTERS
from coordinator.errors import InvalidInput, Problem
from coordinator.services import subscriptions
from coordinator.services.catalog import snapshot_for
from coordinator.store.models import FREQUENCIES

from ..auth import current_account, requires_role
from ..database import get_session
from ..viewer import current_viewer

__all__ = ["bp", "NAV", "links", "ConfirmForm"]

bp = Blueprint("alerts", __name__, url_prefix="/alerts")
NAV = (80, "Subscriptions", "alerts.index")

FREQUENCY_LABELS = {"immediately": "As soon as something changes",
                    "daily": "Once a day", "weekly": "Once a week"}


class ConfirmForm(FlaskForm):
    """A form that only carries the CSRF token (stop, resume, delete, unsubscribe)."""


def links() -> subscriptions.Links:
    """Addresses for feeds and links: ``PUBLIC_URL`` (else this request's host) and the
    application's secret key, the same key the digests are made with."""
    base = os.environ.get("PUBLIC_URL") or request.url_root
    return subscriptions.Links(base.rstrip("/"), str(current_app.config["SECRET_KEY"]).encode())


def _search_filters(source: Any) -> dict[str, str]:
    prefix = "filter_" if source is request.form else ""
    return {key: source.get(prefix + key, "").strip() for key in FILTERS["needs"]
            if source.get(prefix + key, "").strip()}


@bp.get("/")
def index() -> str:
    """One's subscriptions, and the form for a new one (filters from the query string); what
    subscriptions are, with a sign-in link, for someone not signed in."""
    session = get_session()
    account = current_account()
    if account is None:
        return render_template("alerts/index.html", account_needed=True,
                               next_url=request.full_path.rstrip("?"))
    snapshot = snapshot_for(session, current_viewer())
    filters = _search_filters(request.args)
    wanted = alert_core.Subscription(0, "", "search", filters=filters)
    providers = sorted(snapshot.providers.values(), key=lambda p: p.name.lower())
    return render_template(
        "alerts/index.html", subscriptions=subscriptions.list_subscriptions(
            session, account.email, links(), snapshot), filters=filters,
        search_description=alert_core.describe(wanted, snapshot),
        providers=providers, own_provider=account.provider, frequencies=FREQUENCIES,
        frequency_labels=FREQUENCY_LABELS, form=ConfirmForm())


def _score(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None


@bp.post("/")
@requires_role()
def create() -> Response:
    """Create a subscription from the form."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise InvalidInput(Problem("form", "subscription", "csrf_token",
                                   "the form expired; open the page again and resubmit"))
    session = get_session()
    kind = request.form.get("kind", "search")
    created = subscriptions.subscribe(
        session, current_account().email, kind=kind, filters=_search_filters(request.form),
        provider=request.form.get("provider") or None,
        min_score=_score(request.form.get("min_score", "")) if kind == "provider_match" else None,
        frequency=request.form.get("frequency", "daily"), name=request.form.get("name", ""))
    session.commit()
    flash(f"Subscribed: {created['description']}.", "info")
    return redirect(url_for("alerts.index"))


def _change(subscription_id: int, action: str) -> Response:
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise InvalidInput(Problem("form", f"subscription {subscription_id}", "csrf_token",
                                   "the form expired; open the page again and resubmit"))
    session = get_session()
    viewer = current_viewer()
    if action == "delete":
        subscriptions.remove_subscription(session, viewer, subscription_id)
        message = "Subscription deleted."
    elif action == "stop":
        subscriptions.unsubscribe(session, viewer, subscription_id)
        message = "Subscription stopped: no more messages for it."
    else:
        subscriptions.resume(session, viewer, subscription_id)
        message = "Subscription started again."
    session.commit()
    flash(message, "info")
    return redirect(url_for("alerts.index"))


@bp.post("/<int:subscription_id>/stop")
@requires_role()
def stop(subscription_id: int) -> Response:
    """Stop a subscription (it can be resumed)."""
    return _change(subscription_id, "stop")


@bp.post("/<int:subscription_id>/resume")
@requires_role()
def resume(subscription_id: int) -> Response:
    """Start a stopped subscription again."""
    return _change(subscription_id, "resume")


@bp.post("/<int:subscription_id>/delete")
@requires_role()
def delete(subscription_id: int) -> Response:
    """Delete a subscription."""
    return _change(subscription_id, "delete")


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> str | tuple[str, int]:
    """The unsubscribe link of a message: a page to confirm, then the POST that stops it."""
    session = get_session()
    row = subscriptions.subscription_by_token(session, token, "unsubscribe", links())
    form = ConfirmForm()
    description = alert_core.describe(subscriptions.as_subscription(row),
                                                snapshot_for(session, current_viewer()))
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("alerts/unsubscribe.html", form=form, row=row,
                                   description=description, done=False,
                                   message="The form expired; press the button again."), 400
        subscriptions.unsubscribe_by_token(session, token, links())
        session.commit()
        return render_template("alerts/unsubscribe.html", form=form, row=row,
                               description=description, done=True, message=None)
    return render_template("alerts/unsubscribe.html", form=form, row=row,
                           description=description, done=False, message=None)


@bp.get("/feed/<token>.atom")
def feed(token: str) -> Response:
    """The subscription's Atom feed (the secret address is the only key)."""
    body = subscriptions.feed(get_session(), token, links())
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
