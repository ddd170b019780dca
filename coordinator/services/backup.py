"""A lossless copy of the whole database in one file, and bringing it back into an empty one.

Unlike an export (what a person may see, deleted records left out), a backup holds every row of
every table: records with their versions, times and soft deletions, aliases, duplicate reviews,
partnership histories, meetings, user accounts with their password hashes and token digests,
the audit log and the reference data. The file is JSON (gzip-compressed when its name ends in
``.gz``) with a format marker and the schema revision it was made at::

    {"format": "capacity-coordinator-backup/1", "schema_revision": "0002",
     "created_at": "...", "tables": {"need": {"columns": [...], "rows": [[...], ...]}, ...}}

Exact decimal amounts are written as text, times in ISO 8601. A backup holds password hashes
and personal data: keep it as safely as the database itself.
"""
from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Date, DateTime, Float, Numeric, Table, cast, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Conflict, InvalidInput, Problem
from ..store.models import Base, utcnow
from ..store.schema import alembic_config

__all__ = ["BACKUP_FORMAT", "REFERENCE_TABLES", "backup", "restore"]

BACKUP_FORMAT = "capacity-coordinator-backup/1"
#: Reference data: replaced by the backup's on restore; every other table must be empty.
REFERENCE_TABLES = ("region", "country", "country_group", "component", "exchange_rate")
CHUNK = 1000


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _schema_revision(session: Session) -> str | None:
    return session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _is_amount(column) -> bool:
    return isinstance(column.type, Numeric) and not isinstance(column.type, Float)


def _encode(column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return value.isoformat()
    if isinstance(column.type, Date):
        return value.isoformat()
    if _is_amount(column):
        return str(value) if isinstance(value, Decimal) else repr(float(value))
    return value


def _decode(column, value: Any, dialect: str) -> Any:
    if value is None or isinstance(column.type, JSON):
        return value
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if _is_amount(column):
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise ValueError(f"{value!r} is not an amount")
        return amount if dialect == "postgresql" else float(amount)
    return value


def _select_all(session: Session, table: Table):
    postgres = session.get_bind().dialect.name == "postgresql"
    columns = []
    for column in table.columns:
        # amounts read as exact decimals where the database keeps them exactly
        if postgres and _is_amount(column):
            columns.append(cast(column, Numeric(18, 2, asdecimal=True)).label(column.name))
        else:
            columns.append(column)
    return session.execute(select(*columns).order_by(*table.primary_key.columns))


def backup(session: Session, out_path: Path) -> dict[str, int]:
    """Write every row of every table to ``out_path``; returns the row count per table.

    For a consistent copy while others write, run it in one REPEATABLE READ transaction
    (``coordinator backup`` does). The file is written to a temporary name and then moved.
    """
    out_path = Path(out_path)
    tables: dict[str, dict[str, Any]] = {}
    for table in _tables():
        names = [c.name for c in table.columns]
        rows = [[_encode(table.c[name], value) for name, value in zip(names, row, strict=True)]
                for row in _select_all(session, table)]
        tables[table.name] = {"columns": names, "rows": rows}
    document = {"format": BACKUP_FORMAT, "schema_revision": _schema_revision(session),
                "created_at": utcnow().isoformat(timespec="seconds"), "tables": tables}
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if out_path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out_path.parent, prefix=f".{out_path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, out_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return {name: len(value["rows"]) for name, value in tables.items()}


def _read(path: Path) -> dict[str, Any]:
    source = str(path)
    if not path.is_file():
        raise InvalidInput(Problem(source, "", "", "no such file"))
    data = path.read_bytes()
    try:
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        document = json.loads(data.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as error:
        raise InvalidInput(Problem(source, "", "", f"not a backup file: {error}")) from error
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise InvalidInput(Problem(source, "", "format", f"not a {BACKUP_FORMAT} file"))
    if not isinstance(document.get("tables"), dict):
        raise InvalidInput(Problem(source, "", "tables", "missing or not an object"))
    return document


def _known_revisions(current: str | None) -> set[str]:
    if current is None:
        return set()
    script = ScriptDirectory.from_config(alembic_config())
    return {r.revision for r in script.iterate_revisions(current, "base")}


def _check_compatible(document: dict[str, Any], source: str, current: str | None) -> None:
    revision = document.get("schema_revision")
    if revision not in _known_revisions(current):
        raise InvalidInput(Problem(source, "", "schema_revision",
                                   f"the backup is at schema {revision!r}, which this database "
                                   f"(schema {current!r}) does not contain: restore it with the "
                                   "version of the software that made it"))
    tables = {t.name: t for t in _tables()}
    problems = []
    for name, content in document["tables"].items():
        table = tables.get(name)
        if table is None:
            problems.append(Problem(source, f"table {name}", "", "unknown table"))
            continue
        columns = content.get("columns") if isinstance(content, dict) else None
        rows = content.get("rows") if isinstance(content, dict) else None
        if not isinstance(columns, list) or not isinstance(rows, list):
            problems.append(Problem(source, f"table {name}", "", "needs columns and rows lists"))
            continue
        unknown = [c for c in columns if c not in table.c]
        if unknown:
            problems.append(Problem(source, f"table {name}", ", ".join(map(str, unknown)),
                                    "unknown column"))
        for index, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != len(columns):
                problems.append(Problem(source, f"table {name} row {index + 1}", "",
                                        f"must be a list of {len(columns)} values"))
                break
    if problems:
        raise InvalidInput(problems)


def _check_empty(session: Session) -> None:
    filled = []
    for table in _tables():
        if table.name in REFERENCE_TABLES:
            continue
        count = session.scalar(select(func.count()).select_from(table))
        if count:
            filled.append(f"{count} in {table.name}")
    if filled:
        raise Conflict("restore only goes into an empty database, and this one holds rows ("
                       + ", ".join(filled[:6]) + (" ..." if len(filled) > 6 else "")
                       + "): create a new database with `coordinator init` and restore there")


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a self-referencing table ordered so each parent comes before its children."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys
             if fk.column.table is table]
    if not links:
        return rows
    child, parent = links[0]
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    remaining = rows
    while remaining:
        ready = [r for r in remaining if r.get(child) is None or r[child] in placed]
        if not ready:
            ordered.extend(remaining)  # a cycle or a missing parent: the database will say which
            break
        ordered.extend(ready)
        placed.update(r[parent] for r in ready)
        taken = {id(r) for r in ready}
        remaining = [r for r in remaining if id(r) not in taken]
    return ordered


def _decoded_rows(table: Table, content: dict[str, Any], source: str, dialect: str
                  ) -> list[dict[str, Any]]:
    columns = content["columns"]
    out = []
    for index, row in enumerate(content["rows"]):
        record = {}
        for name, value in zip(columns, row, strict=True):
            try:
                record[name] = _decode(table.c[name], value, dialect)
            except (TypeError, ValueError, InvalidOperation) as error:
                raise InvalidInput(Problem(source, f"table {table.name} row {index + 1}", name,
                                           f"{value!r} cannot be read: {error}")) from error
        out.append(record)
    return _parents_first(table, out)


def _insert(session: Session, table: Table, rows: Iterable[dict[str, Any]], source: str) -> None:
    rows = list(rows)
    for start in range(0, len(rows), CHUNK):
        try:
            session.execute(table.insert(), rows[start:start + CHUNK])
        except IntegrityError as error:
            raise InvalidInput(Problem(source, f"table {table.name}", "",
                                       f"the database refused a row: {error.orig}")) from error


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: let new rows continue after the restored ids."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in _tables():
        column = table.autoincrement_column
        if column is None:
            continue
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
            f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"))


def restore(session: Session, in_path: Path) -> dict[str, int]:
    """Load a backup into an empty database (reference data is replaced by the backup's).

    Refuses a database that holds any record, account or audit entry. Runs in the caller's
    transaction: if anything fails, nothing has changed. Returns the row count per table.
    """
    in_path = Path(in_path)
    source = str(in_path)
    document = _read(in_path)
    _check_compatible(document, source, _schema_revision(session))
    _check_empty(session)
    dialect = session.get_bind().dialect.name
    content = document["tables"]
    tables = _tables()
    for table in reversed(tables):
        if table.name in REFERENCE_TABLES and table.name in content:
            session.execute(table.delete())
    counts = {}
    for table in tables:
        if table.name not in content:
            continue
        rows = _decoded_rows(table, content[table.name], source, dialect)
        _insert(session, table, rows, source)
        counts[table.name] = len(rows)
    _reset_sequences(session)
    session.flush()
    return counts
