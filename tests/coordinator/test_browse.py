"""Filtering, sorting and paging the lists."""
from __future__ import annotations

import pytest

from coordinator.browse import browse, parse_filters
from coordinator.errors import InvalidInput

from .sample_documents import base_document, snapshot_of


@pytest.fixture(scope="module")
def snapshot():
    document = base_document()
    document["initiatives"].append({
        "id": "ini-2", "title": "Public awareness of biosafety in Kenya", "components": ["e"],
        "providers": [{"id": "p-unep", "role": "funding"}], "recipient_countries": ["KEN"],
        "start": "2018-01-01", "end": "2019-12-31", "status": "completed"})
    document["initiatives"].append({
        "id": "ini-3", "title": "Eastern Africa regional BCH support", "components": ["f"],
        "providers": [{"id": "p-gef", "role": "funding"}], "recipient_regions": ["014"],
        "status": "planned"})
    return snapshot_of(document)


def ids(page):
    return [r.id for r in page.items]


@pytest.mark.parametrize("filters,expected", [
    ({"country": "GHA"}, ["ini-1"]),
    ({"country": "KEN"}, ["ini-3", "ini-2"]),  # ini-3 through its region 014
    ({"region": "002"}, ["ini-3", "ini-2", "ini-1"]),
    ({"region": "011"}, ["ini-1"]),
    ({"component": "i"}, ["ini-1"]),
    ({"provider": "p-unep", "role": "implementing"}, ["ini-1"]),
    ({"kind": "gef"}, ["ini-3", "ini-1"]),
    ({"status": "completed"}, ["ini-2"]),
    ({"from": "2021-01-01"}, ["ini-3", "ini-1"]),
    ({"to": "2019-06-30"}, ["ini-3", "ini-2"]),
    ({"q": "awareness kenya"}, ["ini-2"]),
])
def test_initiative_filters(snapshot, filters, expected):
    assert ids(browse(snapshot, "initiatives", filters, sort="title")) == sorted(
        expected, key=lambda i: snapshot.initiatives[i].title)


def test_need_filters_by_group_and_priority(snapshot):
    assert ids(browse(snapshot, "needs", {"group": "ldc"})) == []
    assert ids(browse(snapshot, "needs", {"priority": "1"})) == ["need-gha-i"]


def test_sorting_and_paging(snapshot):
    page = browse(snapshot, "initiatives", sort="start", descending=True, per_page=2)
    assert page.total == 3 and page.pages == 2 and len(page.items) == 2
    assert ids(browse(snapshot, "initiatives", sort="start", per_page=2, page=2)) == ["ini-3"]


def test_bad_queries_are_invalid_input(snapshot):
    with pytest.raises(InvalidInput):
        parse_filters("initiatives", {"colour": "red"})
    with pytest.raises(InvalidInput):
        browse(snapshot, "initiatives", sort="colour")
    with pytest.raises(InvalidInput):
        browse(snapshot, "initiatives", {"from": "yesterday"})


def test_budgets_sort_by_their_usd_equivalent():
    document = base_document()
    document["initiatives"] = [
        {"id": "yen", "title": "A", "budget": {"amount": 100_000_000, "currency": "JPY"},
         "start": "2020-01-01"},
        {"id": "usd", "title": "B", "budget": {"amount": 2_000_000, "currency": "USD"},
         "start": "2020-01-01"},
    ]
    document["partnerships"] = []
    snapshot = snapshot_of(document)
    assert ids(browse(snapshot, "initiatives", sort="budget", descending=True)) == ["usd", "yen"]
