"""The shared pieces of the record lists: query strings, links, pager numbers, options."""
from __future__ import annotations

import doctest

import pytest

from coordinator.domain import Money
from coordinator.errors import InvalidInput
from tests.coordinator.sample_documents import snapshot_of
from web.pages import listing
from web.pages.listing import (
    component_options,
    page_numbers,
    read_list_query,
    region_options,
    usd_equivalent,
)


def test_page_numbers_show_the_ends_and_the_neighbourhood():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 4) == [1, 2, 3, 4]
    assert page_numbers(1, 10) == [1, 2, 3, None, 10]
    assert page_numbers(10, 10) == [1, None, 8, 9, 10]
    assert page_numbers(5, 9) == [1, None, 3, 4, 5, 6, 7, None, 9]
    assert page_numbers(4, 9) == [1, 2, 3, 4, 5, 6, None, 9]


def test_reading_a_query_keeps_filters_and_reads_the_controls(app):
    with app.test_request_context("/initiatives/?country=GHA&q=+lab+&status=&sort=budget"
                                  "&order=desc&page=2&per_page=10"):
        query = read_list_query("initiatives", endpoint="initiatives.index")
        assert dict(query.filters) == {"country": "GHA", "q": "lab"}
        assert (query.sort, query.descending, query.page, query.per_page) == \
            ("budget", True, 2, 10)
        assert query.active and query.download is None
        assert query.page_url(3) == ("/initiatives/?country=GHA&q=lab&sort=budget&order=desc"
                                     "&page=3&per_page=10")
        assert query.sort_url("budget") == \
            "/initiatives/?country=GHA&q=lab&sort=budget&per_page=10"
        assert query.sort_url("title") == "/initiatives/?country=GHA&q=lab&per_page=10"
        assert query.download_url("csv") == \
            "/initiatives/?country=GHA&q=lab&sort=budget&order=desc&format=csv"
        assert query.aria_sort("budget") == "descending" and query.aria_sort("title") == "none"


def test_the_defaults_stay_out_of_addresses(app):
    with app.test_request_context("/needs/"):
        query = read_list_query("needs", endpoint="needs.index")
        assert (query.sort, query.page, query.per_page) == ("priority", 1, 25)
        assert not query.active
        assert query.page_url(1) == "/needs/"
        assert query.sort_url("priority") == "/needs/?order=desc"


@pytest.mark.parametrize("raw, field", [
    ("colour=red", "colour"), ("sort=colour", "sort"), ("order=up", "order"),
    ("format=xls", "format"), ("page=0", "page"), ("page=two", "page"),
    ("per_page=501", "page"),
])
def test_bad_queries_name_the_field(app, raw, field):
    with app.test_request_context(f"/initiatives/?{raw}"), pytest.raises(InvalidInput) as caught:
        read_list_query("initiatives", endpoint="initiatives.index")
    assert caught.value.problems[0].field == field


def test_options_for_regions_and_components():
    regions = region_options(snapshot_of())
    codes = [o.value for o in regions]
    assert "001" not in codes
    assert codes.index("002") < codes.index("202") < codes.index("011")  # Africa, SSA, W. Africa
    assert next(o.label for o in regions if o.value == "011").strip() == "Western Africa"
    components = component_options()
    assert components[0].value == "a" and "a1–a5" in components[0].label
    assert [o.value for o in components][1:] == list(listing.taxonomy.COMPONENTS)


def test_usd_equivalent():
    assert usd_equivalent(Money(100.0, "USD")) == 100.0
    assert usd_equivalent(None) is None
    assert usd_equivalent(Money(100.0, "XXX")) is None
    euros = usd_equivalent(Money(100.0, "EUR"), 2020)
    assert euros is not None and 100 < euros < 130


def test_docstring_examples_run():
    assert doctest.testmod(listing).failed == 0


def test_roles_are_grouped_by_provider():
    from coordinator.domain import Initiative, ProviderRole

    initiative = Initiative("x", "X", providers=(ProviderRole("jica", "funding"),
                                                 ProviderRole("undp", "implementing"),
                                                 ProviderRole("jica", "implementing")))
    assert listing.roles_by_provider(initiative) == [("jica", ["funding", "implementing"]),
                                                     ("undp", ["implementing"])]
