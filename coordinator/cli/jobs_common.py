"""What the job and alert commands share: an engine on an initialised database."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import Engine

from ..store import current_revision, describe_url, head_revision, make_engine, resolve_url

__all__ = ["engine_for"]


@contextmanager
def engine_for(db_url: str | None) -> Iterator[Engine]:
    """An engine on the database (disposed afterwards); refused if it is not up to date."""
    engine = make_engine(db_url)
    try:
        if current_revision(engine) != head_revision():
            raise click.ClickException(
                f"the database {describe_url(resolve_url(db_url))} is not initialised or not "
                "up to date: run `coordinator init` first")
        yield engine
    finally:
        engine.dispose()
