"""Export -> import into an empty database -> export gives the same document (lossless)."""
from __future__ import annotations

import json

import pytest

from coordinator import services
from coordinator.store import load_snapshot, make_engine, session_scope
from coordinator.visibility import ANONYMOUS, Viewer

from ..sample_documents import base_document


def _import(url: str, document: dict) -> services.ImportResult:
    engine = make_engine(url)
    with session_scope(engine) as session:
        result = services.import_document(session, document, source="test.json")
    engine.dispose()
    return result


def _export(url: str, path, fmt: str = "json") -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        services.export_path(session, path, fmt)
    engine.dispose()


def test_json_round_trip_is_lossless(db_url, sqlite_url, tmp_path):
    _import(db_url, base_document())
    first = tmp_path / "first.json"
    _export(db_url, first)
    _import(sqlite_url, json.loads(first.read_text()))
    second = tmp_path / "second.json"
    _export(sqlite_url, second)
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    exported = json.loads(first.read_text())
    assert exported["needs"][0]["estimated_cost"] == {"amount": 350000.0, "currency": "USD"}
    assert exported["initiatives"][0]["budget"] == {"amount": 1500000.5, "currency": "EUR"}
    assert [e["status"] for e in exported["partnerships"][0]["history"]] == \
        ["suggested", "accepted"]


def test_csv_round_trip_is_lossless(db_url, sqlite_url, tmp_path):
    _import(db_url, base_document())
    _export(db_url, tmp_path / "bundle.zip", "csv")
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        services.import_path(session, tmp_path / "bundle.zip")
    engine.dispose()
    _export(db_url, tmp_path / "a.json")
    _export(sqlite_url, tmp_path / "b.json")
    assert json.loads((tmp_path / "a.json").read_text()) == \
        json.loads((tmp_path / "b.json").read_text())


def test_import_upserts_by_id_and_counts(db_url):
    first = _import(db_url, base_document())
    assert first.summary["needs"]["created"] == 2
    again = _import(db_url, base_document())
    assert again.total("created") == 0 and again.total("updated") == 0
    changed = base_document()
    changed["needs"][0]["priority"] = 2
    changed["providers"][0]["focus_components"] = ["f", "a1", "i"]
    result = _import(db_url, changed)
    assert result.summary["needs"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert result.summary["providers"]["updated"] == 1
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        snapshot = load_snapshot(session)
    engine.dispose()
    assert snapshot.needs["need-gha-i"].priority == 2
    assert snapshot.providers["p-gef"].focus_components == ("a1", "f", "i")


def test_an_alias_upserts_the_record_it_was_merged_into(db_url):
    document = base_document()
    document["initiatives"][0]["aliases"] = ["XM-DAC-41114-OLD-ID"]
    _import(db_url, document)
    incoming = base_document()
    incoming["initiatives"][0]["id"] = "XM-DAC-41114-OLD-ID"
    incoming["initiatives"][0]["title"] = "Renamed by a later import"
    _import(db_url, incoming)
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        snapshot = load_snapshot(session)
    engine.dispose()
    assert set(snapshot.initiatives) == {"ini-1"}
    assert snapshot.initiatives["ini-1"].title == "Renamed by a later import"


@pytest.mark.parametrize("viewer,sees", [
    (ANONYMOUS, False),
    (Viewer("provider", provider="p-gef"), False),
    (Viewer("focal_point", country="GHA"), False),
    (Viewer("focal_point", country="KEN"), True),
    (Viewer("secretariat"), True),
])
def test_confidential_need_is_redacted_for_whoever_may_not_see_it(sqlite_url, viewer, sees):
    _import(sqlite_url, base_document())
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        snapshot = load_snapshot(session, viewer)
    engine.dispose()
    text = json.dumps([n.__dict__ for n in snapshot.needs.values()], default=str)
    assert ("CONFIDENTIAL-MARKER" in text) is sees
    assert ("need-ken-l" in text) is sees
    assert len(snapshot.needs) == 2  # still counted in aggregates
    assert (snapshot.providers["p-gef"].contact is not None) is (
        viewer.role == "secretariat" or viewer.provider == "p-gef")
