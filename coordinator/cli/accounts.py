"""Commands for accounts and whole-database copies: ``users ...``, ``backup``, ``restore``."""
from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy.orm import Session

from .. import accounts
from ..services.backup import backup, restore
from ..store import (
    current_revision,
    describe_url,
    head_revision,
    make_engine,
    resolve_url,
    session_scope,
)
from ..visibility import Viewer
from .common import database_session, db_option, echo_err, emit_json, format_option

__all__ = ["COMMANDS", "users_group", "backup_command", "restore_command"]


def _operator() -> Viewer:
    """The person at the terminal: full access, named in the audit log."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return Viewer("system", name=f"cli:{login}")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("users")
def users_group() -> None:
    """Manage user accounts: add, list, disable, enable, password, token."""


@users_group.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True,
              help="What the account may do (see docs/accounts.md).")
@click.option("--country", default=None, metavar="ISO3", help="A focal point's country.")
@click.option("--provider", "provider_id", default=None, metavar="ID",
              help="A provider account's provider id.")
@click.option("--name", default="", help="The person's name.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin (for scripts).")
@db_option
def users_add(email: str, role: str, country: str | None, provider_id: str | None, name: str,
              password_stdin: bool, db_url: str | None) -> None:
    """Add the account EMAIL; the password is asked for twice (or read from stdin)."""
    password = _password(password_stdin)
    with database_session(db_url) as session:
        user = accounts.create_user(session, email, password, role=role, country=country,
                                    provider=provider_id, name=name, viewer=_operator())
    affiliation = user.country or user.provider
    echo_err(f"Added {user.role} account {user.email}"
             + (f" ({affiliation})" if affiliation else "") + ".")


@users_group.command("list")
@db_option
@format_option("text", "json")
def users_list(db_url: str | None, output_format: str) -> None:
    """List every account (never a password or token)."""
    with database_session(db_url) as session:
        users = accounts.list_users(session)
    if output_format == "json":
        emit_json([u.as_dict() for u in users])
        return
    if not users:
        echo_err("No accounts yet: add one with `coordinator users add EMAIL --role ...`.")
        return
    for u in users:
        state = "active" if u.active else "disabled"
        extra = [x for x in (u.country, u.provider) if x]
        last = u.last_login_at.isoformat(timespec="minutes") if u.last_login_at else "never"
        token = ", API token" if u.has_api_token else ""
        click.echo(f"{u.email}\t{u.role}{' ' + extra[0] if extra else ''}\t{state}{token}"
                   f"\tlast sign-in {last}")


@users_group.command("disable")
@click.argument("email")
@db_option
def users_disable(email: str, db_url: str | None) -> None:
    """Refuse every sign-in and API token of EMAIL (the account is kept)."""
    with database_session(db_url) as session:
        user = accounts.disable_user(session, email, viewer=_operator())
    echo_err(f"Disabled {user.email}.")


@users_group.command("enable")
@click.argument("email")
@db_option
def users_enable(email: str, db_url: str | None) -> None:
    """Allow EMAIL to sign in again (also lifts a lock after failed sign-ins)."""
    with database_session(db_url) as session:
        user = accounts.enable_user(session, email, viewer=_operator())
    echo_err(f"Enabled {user.email}.")


@users_group.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin (for scripts).")
@db_option
def users_password(email: str, password_stdin: bool, db_url: str | None) -> None:
    """Set a new password for EMAIL (also lifts a lock after failed sign-ins)."""
    password = _password(password_stdin)
    with database_session(db_url) as session:
        user = accounts.set_password(session, email, password, viewer=_operator())
    echo_err(f"New password set for {user.email}.")


@users_group.command("token")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Remove the account's token instead.")
@db_option
def users_token(email: str, revoke: bool, db_url: str | None) -> None:
    """Print a new API token for EMAIL (shown only this once; it replaces any earlier one)."""
    with database_session(db_url) as session:
        if revoke:
            user = accounts.revoke_api_token(session, email, viewer=_operator())
            echo_err(f"Revoked the API token of {user.email}.")
            return
        token = accounts.create_api_token(session, email, viewer=_operator())
    click.echo(token)
    echo_err("Store this token now: it is not shown again. Send it as "
             "`Authorization: Bearer <token>`.")


@contextmanager
def _consistent_session(db_url: str | None) -> Iterator[Session]:
    """A read transaction that sees one moment of the database (PostgreSQL: REPEATABLE READ)."""
    engine = make_engine(db_url)
    try:
        if current_revision(engine) != head_revision():
            raise click.ClickException(
                f"the database {describe_url(resolve_url(db_url))} is not initialised or not "
                "up to date: run `coordinator init` first")
        reader = engine
        if engine.dialect.name == "postgresql":
            reader = engine.execution_options(isolation_level="REPEATABLE READ")
        with session_scope(reader) as session:
            yield session
    finally:
        engine.dispose()


@click.command("backup")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@db_option
@format_option("text", "json")
def backup_command(out: Path, db_url: str | None, output_format: str) -> None:
    """Copy the whole database to OUT (JSON; gzip when OUT ends in .gz), losslessly.

    The copy holds password hashes: keep it as safe as the database.
    """
    with _consistent_session(db_url) as session:
        counts = backup(session, out)
    if output_format == "json":
        emit_json({"file": str(out), "rows": counts})
        return
    echo_err(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {out}.")


@click.command("restore")
@click.argument("source", metavar="IN", type=click.Path(path_type=Path, dir_okay=False))
@db_option
@format_option("text", "json")
def restore_command(source: Path, db_url: str | None, output_format: str) -> None:
    """Load the backup IN into an empty database (run `coordinator init` on it first)."""
    with database_session(db_url) as session:
        counts = restore(session, source)
    if output_format == "json":
        emit_json({"file": str(source), "rows": counts})
        return
    echo_err(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {source}.")


COMMANDS = (users_group, backup_command, restore_command)
