"""Property-based tests of the importers (issue 7): random and mutated inputs never crash them,
and never leave a partial write.

Inputs are the sample document with fields set to random JSON values, deleted, added, given
text of any Unicode (lone surrogates too), huge numbers and NaN-like text; random bytes and
mutated files for the JSON, CSV and IATI readers. Every reader and the validator must either
accept an input or refuse it with :class:`InvalidInput`; nothing else may escape. Run on a real
SQLite database, an import either holds all of its document afterwards (importing it again
changes nothing) or leaves the export and the audit log exactly as they were.

The profile is fixed (``derandomize=True``) so every run tries the same inputs.
"""
from __future__ import annotations

import copy
import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from coordinator import services
from coordinator.errors import InvalidInput
from coordinator.io.csv_format import read_csv_bundle
from coordinator.io.document import snapshot_document
from coordinator.io.iati_read import read_iati
from coordinator.io.json_format import read_json
from coordinator.io.records import ReferenceContext, parse_document
from coordinator.reference import load_countries, load_regions
from coordinator.store import load_snapshot, make_engine, session_scope
from coordinator.store.models import AuditRow
from coordinator.visibility import SYSTEM

from ..sample_documents import base_document
from .importer_inputs import (
    ALPHA2_TO_ALPHA3,
    JSON_INPUTS,
    XML_INPUTS,
    csv_inputs,
    mutated_documents,
)


def profile(examples: int) -> settings:
    """The fixed profile of these tests: the same inputs every run, no per-input deadline."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


COUNTRIES = load_countries()
CONTEXT = ReferenceContext(countries=set(COUNTRIES), regions=set(load_regions()))
KNOWN_REGIONS = set(load_regions())

# --- checks -----------------------------------------------------------------------------------

def validated_or_refused(document) -> None:
    """The validator accepts the document or refuses it with InvalidInput, nothing else; what
    it accepts, both databases can store."""
    try:
        parsed = parse_document(document, CONTEXT, source="fuzz")
    except InvalidInput as refused:
        assert refused.problems and all(p.message for p in refused.problems)
        event("refused by the validator")
        return
    event("accepted by the validator")
    for text in _texts(parsed):
        text.encode("utf-8")  # no lone surrogates
        assert "\x00" not in text, f"PostgreSQL cannot store {text!r}"


def _texts(value):
    """Every string inside a tree of dataclasses, tuples and dicts."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)


class Store:
    """A SQLite database holding the sample document, fresh for every input."""

    def __init__(self, sqlite_url: str, tmp_path: Path):
        engine = make_engine(sqlite_url)
        with session_scope(engine) as session:
            services.import_document(session, base_document(), source="sample.json")
        engine.dispose()
        self.pristine = Path(sqlite_url.removeprefix("sqlite:///"))
        self.work = tmp_path / "work.db"

    def fresh(self):
        """An engine on a fresh copy of the loaded database."""
        for suffix in ("-wal", "-shm"):
            Path(f"{self.work}{suffix}").unlink(missing_ok=True)
        shutil.copy(self.pristine, self.work)
        return make_engine(f"sqlite:///{self.work}")


def state(engine) -> tuple[dict, int]:
    """Everything an export shows, and the number of audit entries."""
    with session_scope(engine) as session:
        return (snapshot_document(load_snapshot(session, SYSTEM)),
                session.scalar(select(func.count()).select_from(AuditRow)))


def all_or_nothing(engine, run_import) -> None:
    """``run_import(session)`` either writes all of its document (a second run changes nothing)
    or refuses with InvalidInput and changes nothing; anything else fails the test after
    checking that it, too, left nothing behind."""
    before = state(engine)
    try:
        with session_scope(engine) as session:
            result = run_import(session)
    except InvalidInput:
        assert state(engine) == before, "a refused import changed the database"
        event("refused, nothing written")
        return
    except Exception:
        assert state(engine) == before, "a failed import left a partial write"
        raise
    exported, _ = state(engine)
    with session_scope(engine) as session:
        again = run_import(session)
    assert again.total("created") == again.total("updated") == 0, again.summary
    assert state(engine)[0] == exported
    assert result.total("created") + result.total("updated") + result.total("unchanged") \
        == result.extra["records"]
    event("imported in full")


@pytest.fixture
def store(sqlite_url, tmp_path) -> Store:
    return Store(sqlite_url, tmp_path)


# --- the validator and the readers, without a database -----------------------------------------

@profile(400)
@given(mutated_documents())
def test_the_validator_refuses_mutated_documents_only_with_invalid_input(document):
    validated_or_refused(document)


@profile(300)
@given(JSON_INPUTS)
def test_the_json_reader_refuses_random_and_mutated_bytes_only_with_invalid_input(data):
    try:
        document = read_json(Path("fuzz.json"), data=data)
    except InvalidInput:
        event("refused by the reader")
        return
    validated_or_refused(document)


@profile(200)
@given(csv_inputs())
def test_the_csv_reader_refuses_random_and_mutated_files_only_with_invalid_input(tmp_path,
                                                                                 named):
    name, data = named
    path = tmp_path / name
    path.write_bytes(data)
    try:
        document = read_csv_bundle(path)
    except InvalidInput:
        event("refused by the reader")
        return
    validated_or_refused(document)


@profile(200)
@given(XML_INPUTS)
def test_the_iati_reader_refuses_random_and_mutated_xml_only_with_invalid_input(data):
    try:
        result = read_iati(data, "fuzz.xml", alpha2_to_alpha3=ALPHA2_TO_ALPHA3,
                           known_regions=KNOWN_REGIONS)
    except InvalidInput:
        event("refused by the reader")
        return
    assert result.document["format"] == "capacity-coordinator/1"
    validated_or_refused(result.document)


# --- imports on a real database: all or nothing ------------------------------------------------

@profile(60)
@given(document=mutated_documents())
def test_an_import_of_a_mutated_document_is_all_or_nothing(store, document):
    engine = store.fresh()
    try:
        all_or_nothing(engine, lambda session: services.import_document(
            session, copy.deepcopy(document), source="fuzz.json"))
    finally:
        engine.dispose()


@profile(30)
@given(data=JSON_INPUTS)
def test_an_import_of_a_json_file_is_all_or_nothing(store, tmp_path, data):
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    _import_file(store, path)


@profile(30)
@given(named=csv_inputs())
def test_an_import_of_a_csv_file_is_all_or_nothing(store, tmp_path, named):
    name, data = named
    folder = tmp_path / "csv"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / name).write_bytes(data)
    _import_file(store, folder / name)


@profile(30)
@given(data=XML_INPUTS)
def test_an_import_of_an_iati_file_is_all_or_nothing(store, tmp_path, data):
    path = tmp_path / "fuzz.xml"
    path.write_bytes(data)
    _import_file(store, path)


def _import_file(store: Store, path: Path) -> None:
    engine = store.fresh()
    try:
        all_or_nothing(engine, lambda session: services.import_path(session, path))
    finally:
        engine.dispose()


class Interrupted(RuntimeError):
    """A fault injected part-way through writing."""


@profile(25)
@given(new_needs=st.integers(0, 5), written=st.integers(0, 16))
def test_an_import_that_fails_part_way_through_writing_leaves_nothing(store, new_needs,
                                                                      written):
    """A fault after ``written`` records (a lost connection, a full disk) rolls back the lot."""
    engine = store.fresh()
    document = base_document()
    document["needs"] += [{"id": f"need-new-{n}", "country": "KEN", "component": "c",
                           "title": f"New need {n}"} for n in range(new_needs)]
    document["needs"][0]["priority"] = 4  # one update among the creations
    count = 0

    def progress(step: int) -> None:
        nonlocal count
        count += step
        if count > written:
            raise Interrupted(f"interrupted after {written} records")

    before = state(engine)
    try:
        with session_scope(engine) as session:
            services.import_document(session, document, source="fuzz.json", progress=progress)
    except Interrupted:
        assert state(engine) == before
    else:
        assert count <= written
        assert {f"need-new-{n}" for n in range(new_needs)} <= {
            need["id"] for need in state(engine)[0]["needs"]}
    finally:
        engine.dispose()
