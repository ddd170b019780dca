"""Backup -> restore into an empty database loses nothing; restore refuses what it must."""
from __future__ import annotations

import gzip
import json
import shutil
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import Float, Numeric, func, select

from coordinator import accounts, services
from coordinator.cli import cli as cli_group
from coordinator.errors import Conflict, InvalidInput
from coordinator.services.backup import BACKUP_FORMAT, backup, restore
from coordinator.services.changes import delete_record
from coordinator.services.reviews import review_pair
from coordinator.store import make_engine, session_scope
from coordinator.store.models import (
    AuditRow,
    Base,
    CapacityRow,
    DuplicateReviewRow,
    InitiativeRow,
    RecordAliasRow,
    UserRow,
)
from coordinator.visibility import Viewer

from ..sample_documents import base_document

PASSWORD = "correct horse battery staple"
SECRETARIAT = Viewer("secretariat", name="scbd@example.org")


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Cheap scrypt parameters so the tests run fast."""
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 10, 8, 1))


@pytest.fixture
def other_sqlite(tmp_path, sqlite_template) -> str:
    """A second SQLite database (schema and reference data), apart from ``db_url``."""
    path = tmp_path / "other.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def _populate(url: str) -> str:
    """Records, a soft deletion, a merge and a dismissal, an account with a token; the token."""
    document = base_document()
    first = document["initiatives"][0]
    document["initiatives"].append({**first, "id": "ini-2", "title": first["title"] + " (copy)",
                                    "budget": {"amount": 12345678901.23, "currency": "USD"}})
    engine = make_engine(url)
    with session_scope(engine) as session:
        services.import_document(session, document, source="test.json")
        accounts.create_user(session, "fp@example.org", PASSWORD, role="focal_point",
                             country="KEN", name="Amina")
        token = accounts.create_api_token(session, "fp@example.org")
        accounts.authenticate(session, "fp@example.org", "a wrong guess")
        delete_record(session, SECRETARIAT, "capacity", "cap-ken-c", version=1)
        review_pair(session, "initiative", "ini-1", "ini-2", "confirmed", actor="scbd")
        review_pair(session, "need", "need-gha-i", "need-ken-l", "dismissed",
                    note="Different countries", actor="scbd")
    engine.dispose()
    return token


def _backup(url: str, path) -> dict:
    engine = make_engine(url)
    with session_scope(engine) as session:
        backup(session, path)
    engine.dispose()
    raw = path.read_bytes()
    return json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)


def _restore(url: str, path) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return restore(session, path)
    finally:
        engine.dispose()


def _export(url: str, path) -> dict:
    engine = make_engine(url)
    with session_scope(engine) as session:
        services.export_path(session, path, "json")
    engine.dispose()
    return json.loads(path.read_text(encoding="utf-8"))


def _comparable(document: dict) -> dict:
    """Table contents, rows sorted, amounts as exact decimals (databases differ in both)."""
    out = {}
    for table in Base.metadata.sorted_tables:
        content = document["tables"][table.name]
        amounts = [i for i, name in enumerate(content["columns"])
                   if isinstance(table.c[name].type, Numeric)
                   and not isinstance(table.c[name].type, Float)]
        rows = [[Decimal(v) if i in amounts and v is not None else v for i, v in enumerate(row)]
                for row in content["rows"]]
        out[table.name] = (content["columns"], sorted(rows, key=repr))
    return out


def _round_trip(source: str, target: str, tmp_path, name: str) -> None:
    token = _populate(source)
    made = _backup(source, tmp_path / name)
    assert made["format"] == BACKUP_FORMAT and made["schema_revision"]
    counts = _restore(target, tmp_path / name)
    assert counts["need"] == 2 and counts["user_account"] == 1 and counts["audit_log"] > 5
    assert _export(source, tmp_path / "a.json") == _export(target, tmp_path / "b.json")
    again = _backup(target, tmp_path / "again.json")
    assert _comparable(again) == _comparable(made)
    engine = make_engine(target)
    with session_scope(engine) as session:
        capacity = session.get(CapacityRow, "cap-ken-c")
        assert capacity.deleted_at is not None and capacity.version == 2
        merged = session.get(InitiativeRow, "ini-2")
        assert merged.deleted_at is not None and merged.budget_amount == 12345678901.23
        assert session.get(RecordAliasRow, ("initiative", "ini-2")).target_id == "ini-1"
        reviews = {r.decision: r for r in session.scalars(select(DuplicateReviewRow))}
        assert set(reviews) == {"confirmed", "dismissed"}
        assert reviews["confirmed"].merged_record["dropped"] == "ini-2"
        assert reviews["dismissed"].note == "Different countries"
        user = accounts.get_user(session, "fp@example.org")
        assert (user.failed_logins, user.name, user.country) == (1, "Amina", "KEN")
        assert accounts.authenticate_token(session, token).email == "fp@example.org"
        assert accounts.authenticate(session, "fp@example.org", PASSWORD).ok
        # new rows continue after the restored ones (PostgreSQL sequences moved on)
        accounts.create_user(session, "new@example.org", PASSWORD, role="viewer")
        assert session.scalar(select(func.count()).select_from(AuditRow)) == \
            counts["audit_log"] + 1
    engine.dispose()


def test_a_backup_restored_into_an_empty_database_loses_nothing(db_url, other_sqlite, tmp_path):
    _round_trip(db_url, other_sqlite, tmp_path, "backup.json")


def test_restore_into_either_database_from_a_compressed_backup(other_sqlite, db_url, tmp_path):
    _round_trip(other_sqlite, db_url, tmp_path, "backup.json.gz")
    assert (tmp_path / "backup.json.gz").read_bytes()[:2] == b"\x1f\x8b"


def test_restore_refuses_a_database_that_holds_anything(other_sqlite, db_url, tmp_path):
    _populate(other_sqlite)
    _backup(other_sqlite, tmp_path / "backup.json")
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        accounts.create_user(session, "someone@example.org", PASSWORD, role="viewer")
    with pytest.raises(Conflict, match=r"empty database.*1 in user_account"):
        _restore(db_url, tmp_path / "backup.json")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(UserRow)) == 1
        assert session.scalar(select(func.count()).select_from(CapacityRow)) == 0
    engine.dispose()


@pytest.mark.parametrize("change,field", [
    (lambda d: d.update(format="capacity-coordinator/1"), "format"),
    (lambda d: d.update(schema_revision="9999"), "schema_revision"),
    (lambda d: d["tables"].update(secrets={"columns": [], "rows": []}), ""),
    (lambda d: d["tables"]["need"]["columns"].append("colour"), "colour"),
    (lambda d: d["tables"]["need"]["rows"][0].pop(), ""),
    (lambda d: d["tables"]["need"]["rows"][0].__setitem__(
        d["tables"]["need"]["columns"].index("start"), "the first of May"), "start"),
    (lambda d: d["tables"]["need"]["rows"][0].__setitem__(
        d["tables"]["need"]["columns"].index("country"), "XXX"), ""),
])
def test_a_damaged_backup_is_refused_and_nothing_is_written(other_sqlite, db_url, tmp_path, change,
                                                            field):
    _populate(other_sqlite)
    document = _backup(other_sqlite, tmp_path / "backup.json")
    change(document)
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        _restore(db_url, damaged)
    assert field in [p.field for p in caught.value.problems]
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditRow)) == 0
    engine.dispose()


def test_a_file_that_is_not_a_backup_is_refused(other_sqlite, tmp_path):
    for content in (b"not json at all", b"\x1f\x8b broken gzip", b"[1, 2]"):
        path = tmp_path / "other.json"
        path.write_bytes(content)
        with pytest.raises(InvalidInput, match="backup"):
            _restore(other_sqlite, path)
    with pytest.raises(InvalidInput, match="no such file"):
        _restore(other_sqlite, tmp_path / "missing.json")


def test_cli_backup_and_restore(other_sqlite, tmp_path, cli):
    _populate(other_sqlite)
    out = tmp_path / "copy.json.gz"
    made = cli("backup", str(out), "--db", other_sqlite, "--format", "json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["rows"]["need"] == 2
    target = f"sqlite:///{tmp_path / 'new.db'}"
    runner = CliRunner()
    assert runner.invoke(cli_group, ["init", "--db", target]).exit_code == 0
    restored = runner.invoke(cli_group, ["restore", str(out), "--db", target])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.stderr
    refused = runner.invoke(cli_group, ["restore", str(out), "--db", target])
    assert isinstance(refused.exception, Conflict) and "empty database" in str(refused.exception)
    engine = make_engine(target)
    with session_scope(engine) as session:
        assert [u.email for u in accounts.list_users(session)] == ["fp@example.org"]
    engine.dispose()
