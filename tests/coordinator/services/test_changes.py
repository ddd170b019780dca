"""Single-record edits: permissions, validation, optimistic locking, soft delete, audit."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from coordinator import services
from coordinator.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coordinator.services.changes import (
    audit_log,
    create_record,
    delete_record,
    get_record,
    restore_record,
    update_record,
)
from coordinator.store import load_snapshot, make_engine, session_scope
from coordinator.store.models import NeedRow
from coordinator.visibility import ANONYMOUS, Viewer

from ..sample_documents import base_document

SECRETARIAT = Viewer("secretariat", name="scbd@example.org")
FOCAL_KEN = Viewer("focal_point", country="KEN", name="fp.ken@example.org")
FOCAL_GHA = Viewer("focal_point", country="GHA", name="fp.gha@example.org")
GEF = Viewer("provider", provider="p-gef", name="gef@example.org")
READER = Viewer("viewer", name="reader@example.org")
NEW_NEED = {"country": "KEN", "component": "b", "title": "Train border inspectors",
            "priority": 2, "estimated_cost": {"amount": 40000, "currency": "USD"}}


@pytest.fixture
def loaded(session):
    """A session holding the sample document."""
    services.import_document(session, base_document(), source="test.json")
    return session


def test_a_focal_point_adds_then_edits_a_need_of_its_country(loaded):
    created = create_record(loaded, FOCAL_KEN, "need", NEW_NEED)
    assert created.id.startswith("need-ken-b-") and created.version == 1
    assert created.record.title == "Train border inspectors"
    edited = update_record(loaded, FOCAL_KEN, "need", created.id,
                           {"status": "partially_met", "estimated_cost": None}, version=1)
    assert edited.version == 2
    assert (edited.record.status, edited.record.estimated_cost) == ("partially_met", None)
    assert edited.record.title == "Train border inspectors"  # fields not given are kept
    stored = load_snapshot(loaded).needs[created.id]
    assert stored.status == "partially_met" and stored.priority == 2
    entries = audit_log(loaded, SECRETARIAT, "need", created.id)
    assert [(e.action, e.actor) for e in entries] == [("update", "fp.ken@example.org"),
                                                     ("create", "fp.ken@example.org")]
    assert entries[0].before["status"] == "open" and entries[0].after["status"] == "partially_met"
    assert entries[0].before["estimated_cost"] == {"amount": 40000.0, "currency": "USD"}


def test_an_edit_of_an_old_version_is_refused_and_changes_nothing(loaded):
    update_record(loaded, FOCAL_GHA, "need", "need-gha-i", {"priority": 2}, version=1)
    with pytest.raises(Conflict, match="need need-gha-i was changed by someone else .*version 1; "
                                       "it is now at version 2") as caught:
        update_record(loaded, FOCAL_GHA, "need", "need-gha-i", {"priority": 4}, version=1)
    assert caught.value.http_status == 409
    current = get_record(loaded, FOCAL_GHA, "need", "need-gha-i")
    assert (current.version, current.record.priority) == (2, 2)
    with pytest.raises(InvalidInput, match="field version"):
        update_record(loaded, FOCAL_GHA, "need", "need-gha-i", {"priority": 4}, version="two")


def test_a_write_racing_another_session_is_a_conflict_not_a_lost_update(db_url):
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="test.json")
    with pytest.raises(Conflict, match="need need-gha-i was changed by someone else at the "
                                       "same time"):
        with session_scope(engine) as slow:
            seen = get_record(slow, FOCAL_GHA, "need", "need-gha-i")
            held = slow.get(NeedRow, "need-gha-i")  # `slow` keeps the row as it read it
            with session_scope(engine) as fast:
                update_record(fast, FOCAL_GHA, "need", "need-gha-i", {"title": "Fast"},
                              version=1)
            assert held.version == seen.version == 1
            update_record(slow, FOCAL_GHA, "need", "need-gha-i", {"title": "Slow"},
                          version=seen.version)
    with session_scope(engine) as session:
        assert get_record(session, SECRETARIAT, "need", "need-gha-i").record.title == "Fast"
    engine.dispose()


def test_bad_fields_are_reported_by_record_and_field(loaded):
    with pytest.raises(InvalidInput) as caught:
        update_record(loaded, FOCAL_GHA, "need", "need-gha-i",
                      {"priority": 9, "component": "zz", "colour": "red"}, version=1)
    problems = {(p.record, p.field) for p in caught.value.problems}
    assert problems == {("need need-gha-i", "priority"), ("need need-gha-i", "component"),
                        ("need need-gha-i", "colour")}
    with pytest.raises(InvalidInput, match="field id: cannot be changed"):
        update_record(loaded, FOCAL_GHA, "need", "need-gha-i", {"id": "other"}, version=1)
    with pytest.raises(InvalidInput, match="field title: is required"):
        create_record(loaded, FOCAL_KEN, "need", {**NEW_NEED, "title": " "})
    with pytest.raises(InvalidInput, match="field kind"):
        create_record(loaded, SECRETARIAT, "meeting", {"id": "m"})
    assert get_record(loaded, FOCAL_GHA, "need", "need-gha-i").version == 1


@pytest.mark.parametrize("viewer,kind,record_id,changes", [
    (GEF, "need", "need-gha-i", {"priority": 1}),
    (FOCAL_KEN, "need", "need-gha-i", {"priority": 1}),
    (FOCAL_GHA, "capacity", "cap-ken-c", {"level": "basic"}),
    (FOCAL_GHA, "need", "need-gha-i", {"country": "KEN"}),  # moving it out of its country
    (GEF, "provider", "p-unep", {"name": "Renamed"}),
    (GEF, "initiative", "ini-1", {"providers": [{"id": "p-unep", "role": "funding"}]}),
    (FOCAL_GHA, "initiative", "ini-1", {"title": "Renamed"}),
    (READER, "need", "need-gha-i", {"priority": 1}),
    (ANONYMOUS, "profile", "GHA", {"strategy": False}),
])
def test_who_may_not_change_a_record_is_refused(loaded, viewer, kind, record_id, changes):
    version = get_record(loaded, SECRETARIAT, kind, record_id).version
    with pytest.raises(PermissionDenied):
        update_record(loaded, viewer, kind, record_id, changes, version=version)
    assert get_record(loaded, SECRETARIAT, kind, record_id).version == version


def test_a_provider_edits_its_own_record_and_its_initiatives(loaded):
    provider = update_record(loaded, GEF, "provider", "p-gef", {"languages": ["en"]}, version=1)
    assert provider.record.languages == ("en",) and provider.record.contact  # its own contact
    initiative = update_record(loaded, GEF, "initiative", "ini-1", {"status": "completed"},
                               version=1)
    assert initiative.record.status == "completed" and initiative.version == 2
    created = create_record(loaded, GEF, "initiative", {
        "id": "ini-gef-2", "title": "Risk assessment course",
        "providers": [{"id": "p-gef", "role": "funding"}], "recipient_countries": ["KEN"]})
    assert created.version == 1
    with pytest.raises(PermissionDenied):
        create_record(loaded, GEF, "initiative", {
            "id": "ini-unep-2", "title": "Not ours",
            "providers": [{"id": "p-unep", "role": "funding"}]})
    with pytest.raises(PermissionDenied):
        create_record(loaded, GEF, "need", NEW_NEED)


def test_a_confidential_need_is_not_found_by_those_who_may_not_see_it(loaded):
    for viewer in (GEF, FOCAL_GHA, READER, ANONYMOUS):
        for call in (lambda v: get_record(loaded, v, "need", "need-ken-l"),
                     lambda v: update_record(loaded, v, "need", "need-ken-l", {}, version=1),
                     lambda v: delete_record(loaded, v, "need", "need-ken-l", version=1)):
            with pytest.raises(NotFound) as caught:
                call(viewer)
            assert "CONFIDENTIAL" not in str(caught.value)
    with pytest.raises(NotFound) as missing:
        get_record(loaded, GEF, "need", "need-nowhere")
    assert str(missing.value) == "no need 'need-nowhere'"
    assert get_record(loaded, FOCAL_KEN, "need", "need-ken-l").record.description.startswith(
        "CONFIDENTIAL-MARKER")
    assert get_record(loaded, SECRETARIAT, "need", "need-ken-l").record.confidential
    provider = get_record(loaded, GEF, "provider", "p-gef").record
    assert provider.contact == "programme@example.org"
    assert get_record(loaded, FOCAL_KEN, "provider", "p-gef").record.contact is None


def test_soft_delete_hides_a_record_and_restore_brings_it_back(loaded):
    deleted = delete_record(loaded, FOCAL_KEN, "capacity", "cap-ken-c", version=1)
    assert deleted.deleted_at is not None and deleted.version == 2
    assert "cap-ken-c" not in load_snapshot(loaded).capacities
    with pytest.raises(NotFound):
        get_record(loaded, FOCAL_KEN, "capacity", "cap-ken-c")
    with pytest.raises(NotFound):
        get_record(loaded, FOCAL_GHA, "capacity", "cap-ken-c", include_deleted=True)
    assert get_record(loaded, FOCAL_KEN, "capacity", "cap-ken-c", include_deleted=True).version == 2
    with pytest.raises(Conflict, match="capacity cap-ken-c is deleted: restore it"):
        update_record(loaded, FOCAL_KEN, "capacity", "cap-ken-c", {"level": "basic"}, version=2)
    with pytest.raises(Conflict, match="already deleted"):
        delete_record(loaded, FOCAL_KEN, "capacity", "cap-ken-c", version=2)
    with pytest.raises(Conflict, match="already exists; it is deleted: restore it instead"):
        create_record(loaded, FOCAL_KEN, "capacity", {"id": "cap-ken-c", "country": "KEN",
                                                      "component": "c"})
    with pytest.raises(PermissionDenied):
        restore_record(loaded, FOCAL_GHA, "capacity", "cap-ken-c", version=2)
    restored = restore_record(loaded, FOCAL_KEN, "capacity", "cap-ken-c", version=2)
    assert restored.deleted_at is None and restored.version == 3
    assert load_snapshot(loaded).capacities["cap-ken-c"].level == "advanced"
    with pytest.raises(Conflict, match="is not deleted"):
        restore_record(loaded, FOCAL_KEN, "capacity", "cap-ken-c", version=3)
    actions = [e.action for e in audit_log(loaded, SECRETARIAT, "capacity", "cap-ken-c")]
    assert actions == ["restore", "delete", "create"]


def test_a_record_others_refer_to_is_not_deleted_from_under_them(loaded):
    with pytest.raises(Conflict, match="need need-gha-i cannot be deleted while partnership pt-1"):
        delete_record(loaded, FOCAL_GHA, "need", "need-gha-i", version=1)
    with pytest.raises(Conflict, match="initiative ini-1, meeting m-wa-2025, partnership pt-1"):
        delete_record(loaded, SECRETARIAT, "provider", "p-gef", version=1)
    delete_record(loaded, GEF, "initiative", "ini-1", version=1)
    created = create_record(loaded, SECRETARIAT, "provider", {"id": "p-gone", "name": "Gone",
                                                              "kind": "expert"})
    delete_record(loaded, SECRETARIAT, "provider", "p-gone", version=created.version)
    with pytest.raises(InvalidInput, match=r"field providers\[0\]\.id: unknown provider 'p-gone'"):
        create_record(loaded, SECRETARIAT, "initiative", {
            "id": "ini-x", "title": "X", "providers": [{"id": "p-gone", "role": "funding"}]})


def test_a_country_profile_is_created_and_edited_but_never_deleted(loaded):
    created = create_record(loaded, FOCAL_KEN, "profile", {"country": "KEN", "framework":
                                                           "drafting"})
    assert created.id == "KEN" and created.record.updated is not None
    with pytest.raises(Conflict, match="profile KEN already exists"):
        create_record(loaded, FOCAL_KEN, "profile", {"country": "KEN"})
    edited = update_record(loaded, FOCAL_KEN, "profile", "KEN", {"framework": "adopted",
                                                                 "bch_node": True}, version=1)
    assert (edited.record.framework, edited.record.bch_node, edited.version) == \
        ("adopted", True, 2)
    with pytest.raises(InvalidInput, match="cannot be deleted"):
        delete_record(loaded, FOCAL_KEN, "profile", "KEN", version=2)
    with pytest.raises(PermissionDenied):
        update_record(loaded, FOCAL_GHA, "profile", "KEN", {"strategy": True}, version=2)


def test_the_audit_log_is_for_the_secretariat_only(loaded):
    update_record(loaded, FOCAL_GHA, "need", "need-gha-i", {"priority": 2}, version=1)
    for viewer in (FOCAL_KEN, GEF, READER, ANONYMOUS):
        with pytest.raises(PermissionDenied):
            audit_log(loaded, viewer)
    newest = audit_log(loaded, SECRETARIAT, limit=1)
    assert len(newest) == 1 and newest[0].record_id == "need-gha-i"
    assert newest[0].as_dict()["after"]["priority"] == 2
    assert len(audit_log(loaded, SECRETARIAT, "need")) == 3  # two imported, one edit
    with pytest.raises(InvalidInput, match="field limit"):
        audit_log(loaded, SECRETARIAT, limit=0)


def test_eight_concurrent_writers_one_wins_each_round_and_no_update_is_lost(db_url):
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="test.json")
    writers, rounds = 8, 3

    def write(index: int, barrier: threading.Barrier) -> tuple[str, str]:
        with session_scope(engine) as session:
            seen = get_record(session, FOCAL_GHA, "need", "need-gha-i")
        barrier.wait(timeout=20)
        title = f"edit {index} of version {seen.version}"
        try:
            with session_scope(engine) as session:
                update_record(session, FOCAL_GHA, "need", "need-gha-i", {"title": title},
                              version=seen.version)
        except Conflict as conflict:
            assert conflict.http_status == 409
            return "conflict", str(conflict)
        return "won", title

    with ThreadPoolExecutor(writers) as pool:
        for round_number in range(rounds):
            barrier = threading.Barrier(writers)
            results = list(pool.map(write, range(writers), [barrier] * writers))
            won = [text for outcome, text in results if outcome == "won"]
            conflicts = [text for outcome, text in results if outcome == "conflict"]
            assert len(won) == 1 and len(conflicts) == writers - 1, results
            assert all(text.startswith("need need-gha-i was changed by someone else")
                       for text in conflicts)
            with session_scope(engine) as session:
                current = get_record(session, SECRETARIAT, "need", "need-gha-i")
            assert current.record.title == won[0]
            assert current.version == round_number + 2
    with session_scope(engine) as session:
        edits = audit_log(session, SECRETARIAT, "need", "need-gha-i")
    assert [e.action for e in edits] == ["update"] * rounds + ["create"]
    engine.dispose()
