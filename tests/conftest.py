"""Shared fixtures: real databases (a SQLite file, and PostgreSQL when reachable) and the CLI.

Database tests take the ``db_url`` fixture; they run once on SQLite and once on PostgreSQL.
The schema and reference data are built once per session and copied (SQLite) or kept while
record tables are emptied between tests (PostgreSQL).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from coordinator.store import make_engine, session_scope, upgrade
from coordinator.store.models import Base

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE_TABLES = {"region", "country", "country_group", "component", "exchange_rate",
                    "alembic_version"}


def _postgres_admin_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        return url
    return "postgresql://postgres@127.0.0.1:5432/postgres"


def _postgres_reachable(url: str) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(conninfo, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _seed_reference(engine: Engine) -> None:
    from coordinator.services import seed_reference

    upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file holding the reference data, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    _seed_reference(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    admin = _postgres_admin_url()
    if not admin or not _postgres_reachable(admin):
        pytest.skip("PostgreSQL is not reachable (set DATABASE_URL or run it on 127.0.0.1:5432)")
    import psycopg

    name = f"cc_test_{uuid.uuid4().hex[:10]}"
    conninfo = admin.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = conninfo.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    engine = make_engine(url)
    _seed_reference(engine)
    engine.dispose()
    yield url
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _empty_record_tables(url: str) -> None:
    engine = make_engine(url)
    tables = [t.name for t in Base.metadata.sorted_tables if t.name not in REFERENCE_TABLES]
    quoted = ", ".join(f'"{name}"' for name in tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, sqlite_template) -> str:
    """A database with the schema and reference data and no records: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "coordinator.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    _empty_record_tables(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template) -> str:
    """A SQLite database with schema and reference data only (for tests that need just one)."""
    path = tmp_path / "coordinator.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    """An engine on the test database."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session in a transaction, committed at the end of the test if nothing failed."""
    with session_scope(engine) as session:
        yield session


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real ``coordinator`` command in a subprocess."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "coordinator", *args], capture_output=True, text=True,
        env=environment, input=input, cwd=cwd or ROOT, timeout=300,
    )


@pytest.fixture
def cli():
    """The real CLI in a subprocess: ``cli("import", path, "--db", url)``."""
    return run_cli
