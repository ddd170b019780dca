"""``coordinator meetings``: proposed coordination meetings, and the meetings on record.

``coordinator meetings [--scope ...] [--area CODE] [--format json] [--ics DIR] [--agenda DIR]
[--invitees DIR]`` lists proposals (the contract's command). Its subcommands work on the
record: ``save ID`` stores a proposal as a scheduled meeting (with changes), ``record ID``
records a meeting as held (outcome, agreements) or cancelled, ``list`` and ``show ID`` read
what is recorded and export it.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from matching.meeting_types import MeetingRules

from ..visibility import SYSTEM
from .common import database_session, db_option, echo_err, emit_json, format_option

__all__ = ["COMMANDS", "meetings_command"]

_SCOPES = ("region", "subregion", "auto")
_DAY = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _export_options(function):
    function = click.option("--organizer", envvar="COORDINATOR_ORGANIZER", metavar="EMAIL",
                            default=None, help="Organizer of the .ics invitations "
                            "(default: $COORDINATOR_ORGANIZER, else coordinator@localhost).")(
        function)
    for name, what in (("invitees", "the invitee list (CSV)"),
                       ("agenda", "the printable agenda (HTML)"),
                       ("ics", "an iCalendar invitation (.ics)")):
        function = click.option(f"--{name}", f"{name}_dir", metavar="DIR", default=None,
                                type=click.Path(file_okay=False, path_type=Path),
                                help=f"Write {what} of each meeting into DIR.")(function)
    return function


def _export(meetings: list[dict[str, Any]], ics_dir: Path | None, agenda_dir: Path | None,
            invitees_dir: Path | None, organizer: str | None) -> None:
    from ..io.agenda import agenda_html, invitees_csv
    from ..io.ics import DEFAULT_ORGANIZER, meeting_calendar

    sender = (DEFAULT_ORGANIZER[0], organizer) if organizer else DEFAULT_ORGANIZER
    writers = [
        (ics_dir, ".ics", lambda m: meeting_calendar(m, organizer=sender)),
        (agenda_dir, ".html", lambda m: agenda_html(m).encode("utf-8")),
        (invitees_dir, "-invitees.csv", lambda m: invitees_csv(m).encode("utf-8")),
    ]
    for directory, suffix, write in writers:
        if directory is None:
            continue
        directory.mkdir(parents=True, exist_ok=True)
        for meeting in meetings:
            path = directory / f"{meeting['id']}{suffix}"
            path.write_bytes(write(meeting))
        echo_err(f"Wrote {len(meetings)} file(s) to {directory}")


def _echo_meeting(number: int, m: dict[str, Any]) -> None:
    head = f"{number}. {m['title']}  [{m['id']}]"
    if m.get("score") is not None:
        head += f"  score {m['score']:.2f}"
    click.echo(head)
    window = m.get("window") or {}
    line = [f"status {m.get('status')}"]
    if m.get("host"):
        line.append(f"host {m.get('host_name')} ({m['host']})")
    if window.get("start"):
        line.append(f"{window['start']} to {window['end']}")
    line.append(f"{m['size']} invitees" + (f" (limit {m['limit']})" if m.get("limit") else ""))
    click.echo("   " + " · ".join(line))
    click.echo("   Themes: " + ", ".join(m.get("components") or []))
    rows = m.get("invitation_list") or []
    for kind, label in (("country", "Countries"), ("provider", "Providers"),
                        ("expert", "Experts")):
        names = [r["name"] for r in rows if r["kind"] == kind]
        if names:
            click.echo(f"   {label}: " + ", ".join(names))
    for reason in m.get("reasons") or []:
        click.echo(f"   why: {reason}")
    for reason in m.get("host_reasons") or []:
        click.echo(f"   host: {reason}")
    click.echo("   Agenda:")
    for index, text in enumerate(m.get("agenda") or [], start=1):
        click.echo(f"     {index}. {text}")
    if m.get("outcome"):
        click.echo(f"   Outcome: {m['outcome']}")
    for agreed in m.get("agreed") or []:
        click.echo(f"   agreed: {agreed['text']} ({agreed['status']})")
    for note in m.get("notes") or []:
        click.echo(f"   note: {note}")
    click.echo("")


@click.group("meetings", invoke_without_command=True)
@db_option
@click.option("--scope", type=click.Choice(_SCOPES), default="subregion", show_default=True,
              help="Group countries by M49 region, subregion, or by the data (auto).")
@click.option("--area", metavar="CODE", default=None,
              help="Only countries within this UN M49 area (e.g. 002 Africa, 011 Western "
                   "Africa).")
@click.option("--as-of", type=_DAY, default=None,
              help="Plan as on this date (YYYY-MM-DD; default today).")
@click.option("--max-invitees", type=click.IntRange(4, 1000), default=40, show_default=True,
              help="Size limit of a meeting.")
@format_option("text", "json")
@_export_options
@click.pass_context
def meetings_command(ctx: click.Context, db_url: str | None, scope: str, area: str | None,
                     as_of: datetime | None, max_invitees: int, output_format: str,
                     ics_dir: Path | None, agenda_dir: Path | None, invitees_dir: Path | None,
                     organizer: str | None) -> None:
    """Proposed regional and subregional coordination meetings (decision paragraphs 19-20).

    Without a subcommand, lists the proposals, best first; with --ics/--agenda/--invitees also
    writes each one's invitation, printable agenda and invitee list. Subcommands: save,
    record, list, show.
    """
    ctx.ensure_object(dict).update(db_url=db_url, scope=scope, area=area, as_of=as_of,
                                   max_invitees=max_invitees)
    if ctx.invoked_subcommand is not None:
        return
    from ..services import meetings as service

    with database_session(db_url) as session:
        result = service.plan(session, SYSTEM, scope, area, as_of=_day(as_of),
                              rules=MeetingRules(max_invitees=max_invitees))
    _export(result.proposals, ics_dir, agenda_dir, invitees_dir, organizer)
    for skipped in result.skipped:
        echo_err(f"No meeting for {skipped['name']}: {skipped['reason']}")
    if output_format == "json":
        emit_json(result.proposals)
        return
    if not result.proposals:
        echo_err("No meeting to propose.")
    for number, proposal in enumerate(result.proposals, start=1):
        _echo_meeting(number, proposal)


def _agreement(value: str) -> tuple[str, str]:
    need, sep, provider = value.partition(":")
    if not sep or not need or not provider:
        raise click.BadParameter(f"{value!r} is not NEED:PROVIDER", param_hint="--agreed")
    return need, provider


@meetings_command.command("save")
@click.argument("proposal_id", metavar="ID")
@db_option
@click.option("--scope", type=click.Choice(_SCOPES), default=None,
              help="The scope the proposal was made for (default: as given to meetings).")
@click.option("--area", metavar="CODE", default=None, help="The area it was made for.")
@click.option("--as-of", type=_DAY, default=None, help="The date it was planned on.")
@click.option("--title", default=None, help="Another title.")
@click.option("--host", metavar="ALPHA3", default=None, help="Another host country.")
@click.option("--start", type=_DAY, default=None, help="Another first day.")
@click.option("--end", type=_DAY, default=None, help="Another last day.")
@click.option("--invite", multiple=True, metavar="REF",
              help="Also invite this country (alpha-3) or provider (id); repeatable.")
@click.option("--uninvite", multiple=True, metavar="REF",
              help="Do not invite this country or provider; repeatable.")
@format_option("text", "json")
@click.pass_context
def save_command(ctx: click.Context, proposal_id: str, db_url: str | None, scope: str | None,
                 area: str | None, as_of: datetime | None, title: str | None, host: str | None,
                 start: datetime | None, end: datetime | None, invite: tuple[str, ...],
                 uninvite: tuple[str, ...], output_format: str) -> None:
    """Save proposal ID as a scheduled meeting, with your changes."""
    from ..services import meetings as service

    settings = ctx.obj or {}
    changes = service.ProposalChanges(title=title, host=host, start=_day(start), end=_day(end),
                                      invite=invite, uninvite=uninvite)
    with database_session(db_url or settings.get("db_url")) as session:
        meeting = service.save_proposal(
            session, SYSTEM, proposal_id, scope=scope or settings.get("scope", "subregion"),
            area=area or settings.get("area"), as_of=_day(as_of or settings.get("as_of")),
            rules=MeetingRules(max_invitees=settings.get("max_invitees", 40)),
            changes=changes, actor="cli")
    if output_format == "json":
        emit_json(meeting)
        return
    echo_err(f"Saved meeting {meeting['id']} ({meeting['status']}), "
             f"{meeting['window']['start']} to {meeting['window']['end']}, "
             f"{meeting['size']} invitees.")


@meetings_command.command("record")
@click.argument("meeting_id", metavar="ID")
@db_option
@click.option("--held/--cancelled", default=True, show_default=True,
              help="The meeting took place, or was cancelled.")
@click.option("--outcome", default=None, metavar="TEXT", help="What the meeting concluded.")
@click.option("--agreed", multiple=True, metavar="NEED:PROVIDER",
              help="A partnership agreed at the meeting; repeatable.")
@click.option("--start", type=_DAY, default=None, help="When it actually started.")
@click.option("--end", type=_DAY, default=None, help="When it actually ended.")
@format_option("text", "json")
@click.pass_context
def record_command(ctx: click.Context, meeting_id: str, db_url: str | None, held: bool,
                   outcome: str | None, agreed: tuple[str, ...], start: datetime | None,
                   end: datetime | None, output_format: str) -> None:
    """Record meeting ID as held (with its outcome and agreements) or cancelled.

    Each --agreed NEED:PROVIDER becomes a partnership accepted at the meeting.
    """
    from ..services import meetings as service

    pairs = [_agreement(value) for value in agreed]
    settings = ctx.obj or {}
    with database_session(db_url or settings.get("db_url")) as session:
        result = service.record_meeting(session, SYSTEM, meeting_id, held=held,
                                        outcome=outcome, agreed=pairs, start=_day(start),
                                        end=_day(end), actor="cli")
    if output_format == "json":
        emit_json({"meeting": result.meeting, "agreements": result.agreements})
        return
    echo_err(f"Meeting {meeting_id} recorded as {result.meeting['status']}.")
    for item in result.agreements:
        echo_err(f"  {item['need']} with {item['provider']}: {item['result']} "
                 f"(partnership {item['partnership']})")


@meetings_command.command("list")
@db_option
@click.option("--country", metavar="ALPHA3", default=None, help="Only meetings involving it.")
@click.option("--status", type=click.Choice(["proposed", "scheduled", "held", "cancelled"]),
              default=None, help="Only meetings with this status.")
@format_option("text", "json")
@_export_options
@click.pass_context
def list_command(ctx: click.Context, db_url: str | None, country: str | None,
                 status: str | None, output_format: str, ics_dir: Path | None,
                 agenda_dir: Path | None, invitees_dir: Path | None,
                 organizer: str | None) -> None:
    """The meetings on record, latest first."""
    from ..services import meetings as service

    settings = ctx.obj or {}
    with database_session(db_url or settings.get("db_url")) as session:
        found = service.list_meetings(session, SYSTEM, country=country, status=status)
    _export([m for m in found if m["window"]["start"]], ics_dir, agenda_dir, invitees_dir,
            organizer)
    if output_format == "json":
        emit_json(found)
        return
    for number, meeting in enumerate(found, start=1):
        _echo_meeting(number, meeting)


@meetings_command.command("show")
@click.argument("meeting_id", metavar="ID")
@db_option
@format_option("text", "json")
@_export_options
@click.pass_context
def show_command(ctx: click.Context, meeting_id: str, db_url: str | None, output_format: str,
                 ics_dir: Path | None, agenda_dir: Path | None, invitees_dir: Path | None,
                 organizer: str | None) -> None:
    """One meeting on record; with --ics/--agenda/--invitees, its files."""
    from ..services import meetings as service

    settings = ctx.obj or {}
    with database_session(db_url or settings.get("db_url")) as session:
        meeting = service.get_meeting(session, SYSTEM, meeting_id)
    _export([meeting], ics_dir, agenda_dir, invitees_dir, organizer)
    if output_format == "json":
        emit_json(meeting)
        return
    _echo_meeting(1, meeting)


COMMANDS = (meetings_command,)
