"""The duplicates pages: flagged pairs, the side-by-side comparison, and the secretariat's
decisions (confirm and merge, dismiss, acknowledge, undo) through CSRF-protected forms."""
from __future__ import annotations

import doctest
import re
from datetime import date

import pytest

from coordinator import accounts
from coordinator.domain import Initiative, Money, ProviderRole
from tests.web.analysis_documents import MARKER, TITLE, analysis_app  # noqa: F401
from tests.web.test_auth import QUICK_COST, add_people, csrf_from, page_text, sign_in
from web.pages import duplicate_diff
from web.pages.duplicate_diff import compare_records, differing_fields, word_diff

PAIR = "/duplicates/initiative/ini-1/ini-2"
NEED_PAIR = "/duplicates/need/need-ken-l/need-ken-l2"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def world(analysis_app):  # noqa: F811
    add_people(analysis_app)
    return analysis_app


def client_of(app, email=None):
    client = app.test_client()
    if email:
        assert sign_in(client, email).status_code == 302
    return client


def decide(client, path, **form):
    token = csrf_from(page_text(client.get(path)))
    return client.post(f"{path}/review", data={"csrf_token": token, **form})


# --- the list -------------------------------------------------------------------------------

def test_the_list_shows_the_flagged_pairs_with_score_relation_reasons_and_status(world):
    page = page_text(client_of(world).get("/duplicates/"))
    assert "LMO detection laboratories network in West Africa" in page  # ini-2
    assert "duplicate record" in page and "overlapping support" in page
    assert "same provider" in page or "similar" in page  # reasons in words
    assert "not reviewed" in page
    assert 'href="/duplicates/initiative/ini-1/ini-2"' in page
    assert "Recorded decisions" not in page  # the secretariat's


@pytest.mark.parametrize("query, shown, hidden", [
    ("?relation=overlapping_support", "ini-3", "/ini-1/ini-2"),
    ("?relation=duplicate_record", "/ini-1/ini-2", "ini-3"),
    ("?min_score=0.9", "/ini-1/ini-2", "ini-3"),
    ("?kind=initiative&review=none", "/ini-1/ini-2", "need-ken"),
])
def test_the_list_filters(world, query, shown, hidden):
    page = page_text(client_of(world).get("/duplicates/" + query))
    assert shown in page and hidden not in page


def test_bad_filters_are_refused_naming_the_field(world):
    client = client_of(world)
    for query, field in (("?kind=project", "kind"), ("?min_score=2", "min_score"),
                         ("?min_score=0.1", "min_score"),
                         ("?min_score=high", "min_score"), ("?colour=red", "colour"),
                         ("?review=maybe", "review")):
        response = client.get("/duplicates/" + query)
        assert response.status_code == 422, query
        assert field in page_text(response)


def test_a_pair_with_a_confidential_need_is_shown_only_to_whom_may_read_it(world):
    for email in (None, "donor@gef.example", "reader@example.org", "fp@gha.example"):
        client = client_of(world, email)
        page = page_text(client.get("/duplicates/?kind=need"))
        assert "need-ken-l" not in page and MARKER not in page and TITLE not in page, email
        assert "No flagged pair matches" in page
        for path in (NEED_PAIR, "/duplicates/need/confidential-1/need-ken-l2",
                     "/duplicates/need/need-ken-l2/confidential-1"):
            assert client.get(path).status_code == 404, (email, path)
    for email in ("officer@cbd.example", "fp@ken.example"):
        client = client_of(world, email)
        assert "need-ken-l2" in page_text(client.get("/duplicates/?kind=need")), email
        page = page_text(client.get(NEED_PAIR))
        assert MARKER in page and TITLE in page, email


# --- the pair page --------------------------------------------------------------------------

def test_the_pair_page_shows_both_records_side_by_side_with_the_differences(world):
    page = page_text(client_of(world).get(PAIR))
    assert "LMO detection laboratory network for West Africa" in page  # ini-1
    assert "LMO detection laboratories network in West Africa" in page  # ini-2
    assert re.search(r"\d+ of 12 fields differ", page)
    differing = re.findall(r'<tr class="differs">\s*<th scope="row">([^<]+)', page)
    assert {"Budget", "Components", "Providers", "Start"} <= {d.strip() for d in differing}
    assert '<tr class="same">' in page  # the recipients countries are the same
    assert "<mark" in page  # words and items of one record only
    assert "Parts of the score" in page and "same record" in page
    assert "Why they were flagged" in page
    assert "Confirm and merge" not in page  # no forms for the anonymous
    assert "as the secretariat to confirm" in page


def test_unknown_pairs_are_not_found(world):
    client = client_of(world)
    for path in ("/duplicates/initiative/ini-1/nope", "/duplicates/initiative/ini-1/ini-1",
                 "/duplicates/project/ini-1/ini-2", "/duplicates/need/ini-1/ini-2"):
        assert client.get(path).status_code == 404, path


def test_the_secretariat_sees_the_decision_forms(world):
    page = page_text(client_of(world, "officer@cbd.example").get(PAIR))
    assert page.count('name="csrf_token"') >= 3
    assert "Confirm and merge" in page and "Acknowledge with this note" in page
    assert "Dismiss" in page and 'name="keep" value="b"' in page


# --- decisions ------------------------------------------------------------------------------

def test_confirming_merges_the_pair_and_undo_restores_both_records(world):
    client = client_of(world, "officer@cbd.example")
    response = decide(client, PAIR, decision="confirmed", keep="b", note="Same GEF project")
    assert response.status_code == 302 and response.location.endswith(PAIR)
    page = page_text(client.get(PAIR))
    assert "Merged initiative" in page and "was merged into <code>ini-2</code>" in page
    assert "The merged record" in page and "Same GEF project" in page
    assert re.search(r'Also known as</th><td><ul class="cell-list"><li><code>ini-1</code>', page)
    assert "Merged ini-1 into ini-2" in page  # the message after the decision
    assert client.get("/initiatives/ini-1").status_code == 404
    listing = page_text(client.get("/duplicates/"))
    assert 'href="/duplicates/initiative/ini-1/ini-2"' in listing  # under Recorded decisions
    assert "Recorded decisions" in listing and "confirmed" in listing
    assert "LMO detection laboratory network for West Africa" not in listing  # no longer flagged
    review_id = re.search(r"/duplicates/reviews/(\d+)/undo", page).group(1)
    token = csrf_from(page)
    undone = client.post(f"/duplicates/reviews/{review_id}/undo", data={"csrf_token": token})
    assert undone.status_code == 302
    assert client.get("/initiatives/ini-1").status_code == 200
    page = page_text(client.get(PAIR))
    assert "Compare two initiatives" in page and "not reviewed" in page


def test_an_anonymous_visitor_sees_the_merged_record_without_the_undo(world):
    decide(client_of(world, "officer@cbd.example"), PAIR, decision="confirmed", keep="a")
    page = page_text(client_of(world).get(PAIR))
    assert "Merged initiative" in page and "Undo this decision" not in page


def test_dismissing_hides_the_pair_and_acknowledging_needs_a_note(world):
    client = client_of(world, "officer@cbd.example")
    overlap = "/duplicates/initiative/ini-2/ini-3"
    refused = decide(client, overlap, decision="acknowledged", note="  ")
    assert refused.status_code == 302
    page = page_text(client.get(overlap))
    assert "Say in the note how the overlap is coordinated" in page
    assert "No decision recorded yet" in page
    decide(client, overlap, decision="acknowledged", note="Both funders meet every quarter")
    page = page_text(client.get(overlap))
    assert "acknowledged as a coordinated overlap" in page
    assert "Both funders meet every quarter" in page
    assert "acknowledged" in page_text(client.get("/duplicates/?review=acknowledged"))
    decide(client, PAIR, decision="dismissed", note="Two phases of one programme")
    listing = page_text(client.get("/duplicates/"))
    assert 'href="/duplicates/initiative/ini-1/ini-2"' not in listing.split(
        "Recorded decisions")[0]
    assert "Two phases of one programme" in listing  # in the recorded decisions
    assert "dismissed" in page_text(client.get(PAIR))


def test_only_the_secretariat_may_decide(world):
    for email in ("donor@gef.example", "reader@example.org", "fp@gha.example"):
        client = client_of(world, email)
        token = csrf_from(page_text(client.get("/account/")))
        response = client.post(f"{PAIR}/review", data={"csrf_token": token,
                                                       "decision": "dismissed"})
        assert response.status_code == 403, email
        assert client.post("/duplicates/reviews/1/undo",
                           data={"csrf_token": token}).status_code == 403
    anonymous = world.test_client()
    token = csrf_from(page_text(anonymous.get("/account/sign-in")))
    response = anonymous.post(f"{PAIR}/review", data={"csrf_token": token,
                                                      "decision": "dismissed"})
    assert response.status_code == 302 and "/account/sign-in" in response.location
    assert "not reviewed" in page_text(anonymous.get(PAIR))


def test_a_decision_without_its_csrf_token_is_refused(world):
    client = client_of(world, "officer@cbd.example")
    response = client.post(f"{PAIR}/review", data={"decision": "dismissed"})
    assert response.status_code == 400
    assert "not reviewed" in page_text(client.get(PAIR))


def test_the_initiative_page_shows_its_possible_duplicates(world):
    page = page_text(client_of(world).get("/initiatives/ini-1"))
    assert "Possible duplicates" in page
    assert "LMO detection laboratories network in West Africa" in page
    assert 'href="/duplicates/initiative/ini-1/ini-2"' in page
    assert '<tr class="differs">' in page and '<tr class="same">' not in page


# --- the field diff (pure) ------------------------------------------------------------------

def test_docstring_examples_run():
    result = doctest.testmod(duplicate_diff)
    assert result.attempted > 0 and result.failed == 0


def _initiative(**changes) -> Initiative:
    base = dict(id="x", title="Train border officers", description="Strip tests at ports.",
                providers=(ProviderRole("p-gef", "funding"),), recipient_countries=("GHA",),
                components=("i", "b"), budget=Money(100.0, "USD"), start=date(2024, 1, 1),
                end=date(2025, 1, 1), status="ongoing")
    base.update(changes)
    return Initiative(**base)


def test_compare_records_marks_what_differs_field_by_field():
    first = _initiative()
    second = _initiative(id="y", title="Train customs officers", components=("b", "i", "c"),
                         providers=(ProviderRole("p-gef", "implementing"),),
                         description="Strip  tests at ports.", budget=Money(100.0, "EUR"))
    rows = {row.name: row for row in compare_records("initiative", first, second)}
    assert list(rows) == ["title", "description", "providers", "recipient_countries",
                          "recipient_regions", "components", "budget", "start", "end",
                          "status", "lessons", "aliases"]
    assert rows["title"].differs
    assert [(s.text.strip(), s.changed) for s in rows["title"].b_segments] == [
        ("Train", False), ("customs", True), ("officers", False)]
    assert not rows["description"].differs  # spacing only
    assert rows["components"].differs and rows["components"].only_b == ("c",)
    assert rows["components"].only_a == ()
    assert rows["providers"].differs  # same provider, another role
    assert rows["budget"].differs and not rows["recipient_countries"].differs
    assert differing_fields(list(rows.values())) == ["Title", "Providers", "Components",
                                                     "Budget"]


def test_lists_in_another_order_are_the_same_and_unknown_kinds_are_refused():
    rows = compare_records("initiative", _initiative(), _initiative(components=("b", "i")))
    assert not any(row.differs for row in rows)
    with pytest.raises(ValueError):
        compare_records("capacity", _initiative(), _initiative())


def test_word_diff_leaves_unrelated_texts_whole():
    assert word_diff("Formation des agents aux frontières", "Training of border officers") \
        == ((), ())
    a, b = word_diff("Detect LMOs in maize", "Detect LMOs in rice")
    assert [s.changed for s in a] == [False, True] and a[1].text == "maize"
    assert b[1].text == "rice"
