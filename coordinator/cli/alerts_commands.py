"""Alerts on the command line: ``alerts run|invite``, ``outbox send|list`` and
``subscriptions add|list|remove`` (registered through :mod:`coordinator.cli.jobs`)."""
from __future__ import annotations

from typing import Any

import click
from sqlalchemy import select

from ..visibility import SYSTEM
from .common import database_session, db_option, echo_err, emit_json, format_option
from .jobs_common import engine_for

__all__ = ["alerts_command", "outbox_command", "subscriptions_command"]


# --- alerts and the outbox -----------------------------------------------------------------

@click.group("alerts")
def alerts_command() -> None:
    """Digests, reminders, the weekly summary and meeting invitations."""


@alerts_command.command("run")
@db_option
@click.option("--deliver/--no-deliver", default=True, show_default=True,
              help="Send the outbox afterwards.")
@format_option("text", "json")
def alerts_run(db_url: str | None, deliver: bool, output_format: str) -> None:
    """Queue everything due now (digests, reminders, weekly summary) and send the outbox."""
    from ..mail import deliver as deliver_outbox
    from ..services.alerts import run_due
    from ..services.subscriptions import Links
    from ..store import session_scope

    with engine_for(db_url) as engine:
        with session_scope(engine) as session:
            run = run_due(session, Links.from_env())
        result: dict[str, Any] = {"queued": run.as_dict()}
        if deliver:
            result["delivery"] = deliver_outbox(engine).as_dict()
    if output_format == "json":
        emit_json(result)
        return
    queued = result["queued"]
    click.echo(f"Queued {len(queued['digests'])} digest(s), {len(queued['reminders'])} "
               f"reminder(s), {len(queued['summaries'])} summary(ies); checked "
               f"{len(queued['checked_subscriptions'])} subscription(s).")
    if deliver:
        _echo_delivery(result["delivery"])


@alerts_command.command("invite")
@click.argument("meeting_id")
@db_option
@click.option("--organizer", envvar="COORDINATOR_ORGANIZER", metavar="EMAIL", default=None,
              help="Organizer of the .ics (default: $COORDINATOR_ORGANIZER).")
@click.option("--deliver/--no-deliver", default=True, show_default=True)
@format_option("text", "json")
def alerts_invite(meeting_id: str, db_url: str | None, organizer: str | None, deliver: bool,
                  output_format: str) -> None:
    """E-mail a recorded meeting's invitation, with its .ics, to every invitee with a contact."""
    from ..io.ics import DEFAULT_ORGANIZER
    from ..mail import deliver as deliver_outbox
    from ..services.alerts import send_invitations
    from ..services.subscriptions import Links
    from ..store import session_scope

    sender = (DEFAULT_ORGANIZER[0], organizer) if organizer else DEFAULT_ORGANIZER
    with engine_for(db_url) as engine:
        with session_scope(engine) as session:
            sent = send_invitations(session, SYSTEM, meeting_id, Links.from_env(),
                                    organizer=sender)
        delivery = deliver_outbox(engine).as_dict() if deliver else None
    if output_format == "json":
        emit_json({"invitations": sent, "delivery": delivery})
        return
    for entry in sent:
        state = "queued" if entry["message"] else "already sent (unchanged)"
        click.echo(f"{entry['name']} <{entry['to']}>: {state}")
    if not sent:
        echo_err("Nobody invited has an e-mail contact or an account.")
    if delivery is not None:
        _echo_delivery(delivery)


def _echo_delivery(delivery: dict[str, list[int]]) -> None:
    click.echo(f"Sent {len(delivery['sent'])} message(s); {len(delivery['retry'])} to try "
               f"again later; {len(delivery['failed'])} failed.")


@click.group("outbox")
def outbox_command() -> None:
    """The e-mail outbox: every message, queued until sent."""


@outbox_command.command("send")
@db_option
@click.option("--retry-failed", is_flag=True, help="Queue failed messages again first.")
@format_option("text", "json")
def outbox_send(db_url: str | None, retry_failed: bool, output_format: str) -> None:
    """Send the queued messages that are due (SMTP_URL, else files in the outbox folder)."""
    from ..mail import deliver
    from ..mail import retry_failed as requeue
    from ..store import session_scope

    with engine_for(db_url) as engine:
        if retry_failed:
            with session_scope(engine) as session:
                requeue(session)
        delivery = deliver(engine).as_dict()
    if output_format == "json":
        emit_json(delivery)
    else:
        _echo_delivery(delivery)


@outbox_command.command("list")
@db_option
@click.option("--status", type=click.Choice(("queued", "sending", "sent", "failed")),
              default=None)
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@format_option("text", "json")
def outbox_list(db_url: str | None, status: str | None, limit: int, output_format: str) -> None:
    """Messages, newest first."""
    from ..store.models import OutboxMessageRow

    query = select(OutboxMessageRow).order_by(OutboxMessageRow.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessageRow.status == status)
    with database_session(db_url) as session:
        found = [{"id": m.id, "kind": m.kind, "to": m.to_address, "subject": m.subject,
                  "status": m.status, "attempts": m.attempts, "last_error": m.last_error,
                  "created_at": m.created_at.isoformat(timespec="seconds"),
                  "sent_at": m.sent_at.isoformat(timespec="seconds") if m.sent_at else None,
                  "attachments": [a["filename"] for a in m.attachments or []]}
                 for m in session.scalars(query)]
    if output_format == "json":
        emit_json(found)
        return
    for m in found:
        click.echo(f"{m['id']:>5}  {m['status']:<7} {m['kind']:<10} {m['to']}  {m['subject']}")
        if m["last_error"]:
            click.echo(f"       last error: {m['last_error']}")


# --- subscriptions --------------------------------------------------------------------------

def _filters(pairs: tuple[str, ...]) -> dict[str, str]:
    from ..errors import InvalidInput, Problem

    found = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput(Problem("command line", "subscription", "--filter",
                                       f"{pair!r}: write NAME=VALUE, e.g. country=GHA"))
        found[key.strip()] = value.strip()
    return found


@click.group("subscriptions")
def subscriptions_command() -> None:
    """Subscriptions to new and changed needs (digests and Atom feeds)."""


@subscriptions_command.command("add")
@click.argument("email")
@db_option
@click.option("--filter", "filters", multiple=True, metavar="NAME=VALUE",
              help="A need filter of the saved search (country, region, component, priority, "
                   "group, status, from, to, q); repeat for more.")
@click.option("--provider", default=None, help="Subscribe to needs that fit this provider.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="With --provider: the lowest fit score reported.")
@click.option("--frequency", type=click.Choice(("immediately", "daily", "weekly")),
              default="daily", show_default=True)
@click.option("--name", default="", help="A name for the subscription.")
@format_option("text", "json")
def subscriptions_add(email: str, db_url: str | None, filters: tuple[str, ...],
                      provider: str | None, min_score: float, frequency: str, name: str,
                      output_format: str) -> None:
    """Subscribe the account EMAIL to a saved search or to needs that fit a provider."""
    from ..services.subscriptions import subscribe

    with database_session(db_url) as session:
        if provider:
            created = subscribe(session, email, kind="provider_match", provider=provider,
                                min_score=min_score, frequency=frequency, name=name)
        else:
            created = subscribe(session, email, kind="search", filters=_filters(filters),
                                frequency=frequency, name=name)
    if output_format == "json":
        emit_json(created)
    else:
        click.echo(f"Subscription {created['id']}: {created['description']} "
                   f"({created['frequency']}) for {created['user']}")


@subscriptions_command.command("list")
@db_option
@click.option("--user", "email", default=None, help="Only this account's subscriptions.")
@format_option("text", "json")
def subscriptions_list(db_url: str | None, email: str | None, output_format: str) -> None:
    """Subscriptions, oldest first."""
    from ..services.subscriptions import list_subscriptions

    with database_session(db_url) as session:
        found = list_subscriptions(session, email)
    if output_format == "json":
        emit_json(found)
        return
    if not found:
        echo_err("No subscriptions.")
    for s in found:
        state = "" if s["active"] else "  (stopped)"
        click.echo(f"{s['id']:>5}  {s['user']}  {s['frequency']:<11} {s['name'] or ''} "
                   f"{s['description']}{state}")


@subscriptions_command.command("remove")
@click.argument("subscription_id", type=int)
@db_option
def subscriptions_remove(subscription_id: int, db_url: str | None) -> None:
    """Delete a subscription."""
    from ..services.subscriptions import remove_subscription

    with database_session(db_url) as session:
        remove_subscription(session, SYSTEM, subscription_id)
    echo_err(f"Removed subscription {subscription_id}.")


