"""What every command shares: the --db and --format options, output, progress, errors."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from ..errors import CoordinatorError, InvalidInput
from ..store import describe_url, make_engine, resolve_url, session_scope

__all__ = ["db_option", "format_option", "database_session", "emit_json", "progress_bar",
           "run_guarded", "echo_err"]

db_option = click.option(
    "--db", "db_url", metavar="URL", default=None,
    help="Database URL (default: $DATABASE_URL, else the embedded instance/coordinator.db).",
)


def format_option(*choices: str, default: str = "text") -> Callable:
    """A ``--format`` option with the given choices."""
    return click.option("--format", "output_format", type=click.Choice(choices),
                        default=default, show_default=True, help="Output format.")


def echo_err(message: str) -> None:
    """A message for the person at the terminal (stderr)."""
    click.echo(message, err=True)


@contextmanager
def database_session(db_url: str | None, *, migrate: bool = False) -> Iterator[Session]:
    """A session in one transaction on the chosen database (migrated first with ``migrate``)."""
    from ..store import current_revision, head_revision, upgrade

    engine = make_engine(db_url)
    try:
        if migrate:
            upgrade(engine)
        elif current_revision(engine) != head_revision():
            raise click.ClickException(
                f"the database {describe_url(resolve_url(db_url))} is not initialised or not "
                "up to date: run `coordinator init` first")
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def emit_json(value: Any) -> None:
    """Machine-readable output on stdout."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def progress_bar(description: str) -> Callable[[int], Callable[[int], None] | None]:
    """A factory the services call with a total; it shows a tqdm bar on stderr (TTY only)."""
    def start(total: int) -> Callable[[int], None] | None:
        if total < 200:
            return None
        from tqdm import tqdm

        bar = tqdm(total=total, desc=description, unit="record", file=sys.stderr,
                   disable=None, leave=False)
        return bar.update
    return start


def run_guarded(group: click.Group, argv: list[str]) -> int:
    """Run the click group, turning our errors into messages and exit codes in one place."""
    try:
        group.main(args=argv, prog_name="coordinator", standalone_mode=False)
        return 0
    except InvalidInput as error:
        echo_err(f"Error: {len(error.problems)} problem(s); nothing was changed:")
        for problem in error.problems[:200]:
            echo_err(f"  {problem}")
        if len(error.problems) > 200:
            echo_err(f"  ... and {len(error.problems) - 200} more")
        return 2
    except CoordinatorError as error:
        echo_err(f"Error: {error}")
        return 1
    except click.exceptions.Abort:
        echo_err("Aborted.")
        return 1
    except click.ClickException as error:
        error.show()
        return 2 if isinstance(error, click.UsageError) else 1
    except click.exceptions.Exit as error:
        return error.exit_code
    except OperationalError as error:
        echo_err(f"Error: cannot use the database: {error.orig}")
        return 1
    except SQLAlchemyError as error:
        echo_err(f"Error: the database refused the change: {error}")
        return 1
