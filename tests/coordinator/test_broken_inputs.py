"""Broken inputs: each is rejected with a precise message, and the database is left unchanged."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from coordinator import services
from coordinator.errors import InvalidInput
from coordinator.io.document import snapshot_document
from coordinator.store import load_snapshot, session_scope

from .sample_documents import base_document


def _doc(change: Callable[[dict], None]) -> bytes:
    document = base_document()
    change(document)
    return json.dumps(document).encode()


def _set(path: str, value):
    plural, index, *fields = path.split(".")

    def change(document: dict) -> None:
        target = document[plural][int(index)]
        for name in fields[:-1]:
            target = target[name]
        target[fields[-1]] = value
    return change


CSV_NEEDS_HEADER = ("id,country,component,title,description,priority,sequence,start,end,"
                    "estimated_cost_amount,estimated_cost_currency,status,confidential\n")

# (name, file name, content, words the problem must contain)
CASES = [
    ("unknown country", "d.json", _doc(_set("needs.0.country", "XXA")),
     ["need need-gha-i", "country", "unknown", "XXA"]),
    ("negative money", "d.json", _doc(_set("needs.0.estimated_cost.amount", -5)),
     ["need need-gha-i", "estimated_cost.amount", "negative"]),
    ("end before start", "d.json", _doc(_set("initiatives.0.end", "2020-01-01")),
     ["initiative ini-1", "end", "before it starts"]),
    ("unknown component", "d.json", _doc(_set("needs.0.component", "z")),
     ["need need-gha-i", "component", "unknown component"]),
    ("duplicate id", "d.json", _doc(lambda d: d["needs"].append(dict(d["needs"][0]))),
     ["need need-gha-i", "appears twice"]),
    ("huge field", "d.json", _doc(_set("needs.0.title", "x" * 5000)),
     ["need need-gha-i", "title", "5,000 characters", "at most 500"]),
    ("priority out of range", "d.json", _doc(_set("needs.0.priority", 7)),
     ["priority", "from 1 to 5", "7"]),
    ("priority not a number", "d.json", _doc(_set("needs.0.priority", "high")),
     ["priority", "whole number", "high"]),
    ("missing title", "d.json", _doc(lambda d: d["needs"][0].pop("title")),
     ["need need-gha-i", "title", "required"]),
    ("unknown currency", "d.json", _doc(_set("needs.0.estimated_cost.currency", "XYZ")),
     ["estimated_cost.currency", "XYZ"]),
    ("unknown provider reference", "d.json",
     _doc(_set("initiatives.0.providers", [{"id": "nobody", "role": "funding"}])),
     ["initiative ini-1", "providers[0].id", "unknown provider", "nobody"]),
    ("unknown field", "d.json", _doc(_set("needs.0.prioirty", 1)),
     ["prioirty", "unknown field"]),
    ("not a date", "d.json", _doc(_set("needs.0.start", "2024-02-30")),
     ["start", "not a real date"]),
    ("bad status", "d.json", _doc(_set("needs.0.status", "done")),
     ["status", "'done'", "open"]),
    ("record not an object", "d.json", _doc(lambda d: d["needs"].append("just text")),
     ["need #3", "must be an object"]),
    ("unknown region", "d.json", _doc(_set("initiatives.0.recipient_regions", ["999"])),
     ["recipient_regions[0]", "unknown M49 region", "999"]),
    ("too many decimals", "d.json", _doc(_set("needs.0.estimated_cost.amount", 10.123)),
     ["estimated_cost.amount", "more than 2 decimals"]),
    ("confidential not boolean", "d.json", _doc(_set("needs.1.confidential", "yes")),
     ["need need-ken-l", "confidential", "true or false"]),
    ("partnership to unknown need", "d.json", _doc(_set("partnerships.0.need", "ghost")),
     ["partnership pt-1", "need", "unknown need", "ghost"]),
    ("bad framework stage", "d.json", _doc(_set("profiles.0.framework", "finished")),
     ["profile GHA", "framework", "finished"]),
    ("control characters", "d.json", _doc(_set("needs.0.title", "bad\x07bell")),
     ["title", "control characters"]),
    ("wrong format marker", "d.json", _doc(_set_format := (lambda d: d.update(format="other/2"))),
     ["format", "other/2"]),
    ("malformed JSON", "d.json", b'{"format": "capacity-coordinator/1",\n "needs": [\n {"id": }]}',
     ["d.json:3", "not valid JSON"]),
    ("wrong encoding", "d.json",
     '{"needs": [{"id": "n", "title": "Détection"}]}'.encode("latin-1"),
     ["not valid UTF-8", "UTF-8"]),
    ("NaN amount", "d.json",
     b'{"needs": [{"id": "n", "country": "GHA", "component": "i", "title": "t", '
     b'"estimated_cost": {"amount": NaN, "currency": "USD"}}]}',
     ["NaN"]),
    ("duplicate key", "d.json", b'{"needs": [{"id": "a", "id": "b"}]}', ["duplicate key", "id"]),
    ("empty file", "d.json", b"", ["empty"]),
    ("csv missing column", "needs.csv", b"id,country,component\nn1,GHA,i\n",
     ["needs.csv", "title"]),
    ("csv extra cells", "needs.csv",
     (CSV_NEEDS_HEADER + "n1,GHA,i,Title,desc,1,,,,,,open,false,EXTRA\n").encode(),
     ["needs.csv:2"]),
    ("csv bad amount", "needs.csv",
     (CSV_NEEDS_HEADER + "n1,GHA,i,Title,desc,1,,,,12abc,USD,open,false\n").encode(),
     ["needs.csv:2", "estimated_cost.amount", "12abc"]),
    ("truncated XML", "a.xml",
     b'<?xml version="1.0"?>\n<iati-activities version="2.03">\n<iati-activity>\n<iati-ident',
     ["a.xml"]),
    ("XML entity expansion", "a.xml",
     b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
     b'<iati-activities version="2.03"><iati-activity>&lol2;</iati-activity></iati-activities>',
     ["a.xml"]),
]


def _fingerprint(url: str) -> dict:
    from coordinator.store import make_engine

    engine = make_engine(url)
    with session_scope(engine) as session:
        document = snapshot_document(load_snapshot(session))
    engine.dispose()
    return document


@pytest.fixture
def loaded_db(db_url, tmp_path) -> str:
    from coordinator.store import make_engine

    engine = make_engine(db_url)
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="base.json")
    engine.dispose()
    return db_url


def test_there_are_at_least_25_distinct_cases():
    assert len({name for name, *_ in CASES}) >= 25


@pytest.mark.parametrize("name,filename,content,words", CASES, ids=[c[0] for c in CASES])
def test_broken_input_is_rejected_and_changes_nothing(loaded_db, tmp_path, name, filename,
                                                      content, words):
    from coordinator.store import make_engine

    before = _fingerprint(loaded_db)
    path = tmp_path / filename
    path.write_bytes(content)
    engine = make_engine(loaded_db)
    with pytest.raises(InvalidInput) as caught:
        with session_scope(engine) as session:
            services.import_path(session, path)
    engine.dispose()
    message = "\n".join(str(p) for p in caught.value.problems)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert _fingerprint(loaded_db) == before


def test_a_valid_record_beside_a_broken_one_is_not_written(db_url, tmp_path):
    from coordinator.store import make_engine

    document = base_document()
    document["needs"][1]["priority"] = 0
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(document))
    engine = make_engine(db_url)
    with pytest.raises(InvalidInput):
        with session_scope(engine) as session:
            services.import_path(session, path)
    with session_scope(engine) as session:
        snapshot = load_snapshot(session)
    engine.dispose()
    assert snapshot.needs == {} and snapshot.providers == {}


def test_every_problem_is_reported_at_once(sqlite_url, tmp_path):
    from coordinator.store import make_engine

    document = base_document()
    document["needs"][0]["country"] = "XXA"
    document["needs"][1]["priority"] = 9
    document["providers"][0]["kind"] = "bank"
    engine = make_engine(sqlite_url)
    with pytest.raises(InvalidInput) as caught:
        with session_scope(engine) as session:
            services.import_document(session, document, source="many.json")
    engine.dispose()
    fields = {(p.record, p.field) for p in caught.value.problems}
    assert {("need need-gha-i", "country"), ("need need-ken-l", "priority"),
            ("provider p-gef", "kind")} <= fields


def test_problems_point_at_the_line_of_the_record(sqlite_url, tmp_path):
    from coordinator.store import make_engine

    document = base_document()
    document["needs"][1]["priority"] = 9
    path = tmp_path / "lines.json"
    path.write_text(json.dumps(document, indent=1))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1)
                if '"id": "need-ken-l"' in text) - 1
    engine = make_engine(sqlite_url)
    with pytest.raises(InvalidInput) as caught:
        with session_scope(engine) as session:
            services.import_path(session, path)
    engine.dispose()
    assert caught.value.problems[0].source == f"lines.json:{line}"


def test_cli_exits_2_and_names_the_problem(cli, sqlite_url, tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_bytes(_doc(_set("needs.0.estimated_cost.amount", -1)))
    result = cli("import", str(path), "--db", sqlite_url)
    assert result.returncode == 2
    assert "nothing was changed" in result.stderr
    assert "need need-gha-i: field estimated_cost.amount: must not be negative" in result.stderr
