"""Deciding on suggestions: recorded as partnerships, and no decision lost under concurrency."""
from __future__ import annotations

import threading

import pytest

from coordinator import services
from coordinator.errors import Conflict, InvalidInput
from coordinator.services.matching import decide, suggestion_partnership_id
from coordinator.store import load_snapshot, make_engine, session_scope
from coordinator.visibility import SYSTEM, Viewer

from ..sample_documents import base_document


@pytest.fixture
def url(db_url):
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="t.json")
    engine.dispose()
    return db_url


def test_a_decision_becomes_a_partnership_with_its_history(url):
    engine = make_engine(url)
    with session_scope(engine) as session:
        decide(session, Viewer("provider", provider="p-unep", name="unep@example.org"),
               "need-gha-i", "p-unep", False, "outside our mandate this year")
    with session_scope(engine) as session:
        snapshot = load_snapshot(session)
    engine.dispose()
    partnership = snapshot.partnerships[suggestion_partnership_id("need-gha-i", "p-unep")]
    assert partnership.status == "declined" and partnership.origin == "suggestion"
    assert [e.status for e in partnership.history] == ["suggested", "declined"]
    assert partnership.history[-1].note == "outside our mandate this year"
    assert partnership.history[-1].by == "unep@example.org"


def test_declining_needs_a_reason_and_other_providers_may_not_decide(url):
    engine = make_engine(url)
    with pytest.raises(InvalidInput):
        with session_scope(engine) as session:
            decide(session, SYSTEM, "need-gha-i", "p-unep", False, "  ")
    from coordinator.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        with session_scope(engine) as session:
            decide(session, Viewer("provider", provider="p-gef"), "need-gha-i", "p-unep", True)
    engine.dispose()


def test_concurrent_decisions_lose_nothing_and_conflicts_are_clear(url):
    engine = make_engine(url, pool_size=10) if url.startswith("postgresql") else make_engine(url)
    with session_scope(engine) as session:  # the first decision creates the partnership
        decide(session, SYSTEM, "need-gha-i", "p-unep", True, "first")
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def worker(number: int) -> None:
        barrier.wait()
        try:
            with session_scope(engine) as session:
                decide(session, SYSTEM, "need-gha-i", "p-unep", number % 2 == 0,
                       f"decision {number}")
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with session_scope(engine) as session:
        snapshot = load_snapshot(session)
    engine.dispose()
    assert len(outcomes) == 8 and set(outcomes) <= {"ok", "conflict"}
    history = snapshot.partnerships[suggestion_partnership_id("need-gha-i", "p-unep")].history
    # every decision that was told it succeeded is in the history: none lost
    assert len(history) == 2 + outcomes.count("ok")
