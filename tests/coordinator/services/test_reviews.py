"""Reviewing flagged pairs: a confirmed duplicate merges (and can be undone); others are kept."""
from __future__ import annotations

import copy

import pytest

from coordinator import services
from coordinator.errors import Conflict, NotFound
from coordinator.services.reviews import fingerprint, review_pair, reviews_by_pair, undo_review
from coordinator.store import load_snapshot, make_engine, session_scope

from ..sample_documents import base_document


def _document() -> dict:
    document = base_document()
    twin = copy.deepcopy(document["initiatives"][0])
    twin.update(id="GB-GOV-1-300123", title="West African LMO detection lab network",
                description="Three national reference laboratories get equipment.",
                providers=[{"id": "p-unep", "role": "implementing"}],
                recipient_countries=["GHA", "SEN", "MLI"], start="2023-06-01")
    document["initiatives"].append(twin)
    document["partnerships"].append({"id": "pt-2", "need": "need-gha-i",
                                     "initiative": "GB-GOV-1-300123", "status": "funded"})
    return document


@pytest.fixture
def url(db_url):
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        services.import_document(session, _document(), source="t.json")
    engine.dispose()
    return db_url


def _in_session(url, action):
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return action(session)
    finally:
        engine.dispose()


def test_confirmed_duplicate_merges_into_one_record_that_keeps_both_ids(url):
    _in_session(url, lambda s: review_pair(s, "initiative", "ini-1", "GB-GOV-1-300123",
                                           "confirmed", actor="officer@example.org"))
    snapshot = _in_session(url, load_snapshot)
    assert set(snapshot.initiatives) == {"ini-1"}
    merged = snapshot.initiatives["ini-1"]
    assert merged.recipient_countries == ("BFA", "GHA", "MLI", "SEN")
    assert merged.start.isoformat() == "2023-06-01"
    assert "GB-GOV-1-300123" in merged.aliases
    assert snapshot.partnerships["pt-2"].initiative == "ini-1"

    # a later import of the other publisher's record updates the merged one
    later = {"initiatives": [dict(_document()["initiatives"][1], title="Updated by IATI")]}
    _in_session(url, lambda s: services.import_document(s, later, source="iati.json"))
    snapshot = _in_session(url, load_snapshot)
    assert set(snapshot.initiatives) == {"ini-1"}
    assert snapshot.initiatives["ini-1"].title == "Updated by IATI"


def test_a_merge_can_be_undone(url):
    before = _in_session(url, load_snapshot)
    review = _in_session(url, lambda s: review_pair(s, "initiative", "ini-1", "GB-GOV-1-300123",
                                                    "confirmed"))
    _in_session(url, lambda s: undo_review(s, review.id))
    after = _in_session(url, load_snapshot)
    assert set(after.initiatives) == set(before.initiatives)
    for key in before.initiatives:
        assert fingerprint(after.initiatives[key]) == fingerprint(before.initiatives[key])
    assert after.partnerships["pt-2"].initiative == "GB-GOV-1-300123"
    assert _in_session(url, reviews_by_pair) == {}


def test_dismissed_and_acknowledged_decisions_are_kept_with_fingerprints(url):
    _in_session(url, lambda s: review_pair(s, "initiative", "GB-GOV-1-300123", "ini-1",
                                           "acknowledged", note="UNEP coordinates both"))
    reviews = _in_session(url, reviews_by_pair)
    review = reviews[("initiative", "GB-GOV-1-300123", "ini-1")]
    assert review.decision == "acknowledged" and review.note == "UNEP coordinates both"
    snapshot = _in_session(url, load_snapshot)
    assert review.b_fingerprint == fingerprint(snapshot.initiatives["ini-1"])
    # a new decision on the same pair replaces the old one
    _in_session(url, lambda s: review_pair(s, "initiative", "ini-1", "GB-GOV-1-300123",
                                           "dismissed"))
    assert [r.decision for r in _in_session(url, reviews_by_pair).values()] == ["dismissed"]


def test_a_merged_pair_cannot_be_reviewed_again_until_undone(url):
    _in_session(url, lambda s: review_pair(s, "initiative", "ini-1", "GB-GOV-1-300123",
                                           "confirmed"))
    with pytest.raises((Conflict, NotFound)):
        _in_session(url, lambda s: review_pair(s, "initiative", "ini-1", "GB-GOV-1-300123",
                                               "dismissed"))


def test_duplicate_needs_merge_too(url):
    extra = {"needs": [dict(base_document()["needs"][0], id="need-gha-i-copy", priority=2,
                            estimated_cost={"amount": 400000, "currency": "USD"})]}
    _in_session(url, lambda s: services.import_document(s, extra, source="x.json"))
    _in_session(url, lambda s: review_pair(s, "need", "need-gha-i", "need-gha-i-copy",
                                           "confirmed"))
    snapshot = _in_session(url, load_snapshot)
    assert "need-gha-i-copy" not in snapshot.needs
    assert snapshot.needs["need-gha-i"].priority == 1
    assert snapshot.partnerships["pt-1"].need == "need-gha-i"


def test_unknown_record_is_not_found(url):
    with pytest.raises(NotFound):
        _in_session(url, lambda s: review_pair(s, "initiative", "ini-1", "nope", "dismissed"))
