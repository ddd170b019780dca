"""Partnership suggestions in the browser: the donor's first screen (the provider page and its
fit page with filters), the need page's suggested providers, and accept / decline."""
from __future__ import annotations

import re

import pytest

from coordinator import accounts
from coordinator.services import matching
from coordinator.services.catalog import snapshot_for
from coordinator.visibility import SYSTEM
from tests.web.planning_world import CONFIDENTIAL_TITLE, MARKER, add_planning_world, need
from tests.web.test_auth import QUICK_COST, csrf_from, in_database, page_text, sign_in
from tests.web.test_pages_countries import add_records, text


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def world(app):
    add_planning_world(app)
    return app


def ranked(page: str) -> list[str]:
    """The need ids of a fit list, in rank order."""
    return re.findall(r'<li class="fit" id="fit-[^"]+">\s*<div class="fit-head">.*?'
                      r'href="/needs/([^"]+)"', page, re.S)


def signed_in_client(app, email: str):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def decide(client, need: str, provider: str, decision: str, reason: str = "",
           back: str = "/providers/p-unep/fit"):
    token = csrf_from(page_text(client.get(back)))
    return client.post("/matching/decision", data={
        "need": need, "provider": provider, "decision": decision, "reason": reason,
        "next": back, "csrf_token": token})


def partnership(app, need: str, provider: str):
    ident = matching.suggestion_partnership_id(need, provider)
    return in_database(app, lambda s: snapshot_for(s, SYSTEM).partnerships.get(ident))


def test_the_provider_page_answers_where_the_next_grant_should_go(world, client):
    page = text(client.get("/providers/p-unep"))
    assert "Where the next grant could go" in page
    assert ranked(page)[:3] == ["need-gha-i", "need-sen-i", "need-bfa-i"]
    assert "Why this match" in page and "mandate covers Ghana" in page
    assert '<span class="part-label" title="the provider&#39;s mandate' in page  # parts, hinted
    assert 'class="part-bar" x="0" y="0" height="10" width="94"' in page  # theme 0.936 as a bar
    assert 'href="/providers/p-unep/fit"' in page
    assert "Expert weights" in page
    assert 'name="decision"' not in page  # anonymous: no decision forms


def test_the_fit_page_ranks_every_fitting_need_with_score_parts_and_reasons(world, client):
    page = text(client.get("/providers/p-unep/fit"))
    assert ranked(page) == ["need-gha-i", "need-sen-i", "need-bfa-i", "need-tza-i",
                            "need-uga-i", "need-uga-l", "need-tza-l"]
    assert "7 fitting needs, best first." in page
    assert '<strong>62</strong>' in page  # need-gha-i's score 0.62
    for label in ("Theme", "Place", "Priority group", "Budget fit", "Language",
                  "Similar past work", "Covered by others"):
        assert f">{label}</span>" in page
    assert "already fully covered by 1 initiative: penalised" in page  # who else is there
    assert page.count("weight 0.30") >= 7


@pytest.mark.parametrize("query, expected", [
    ("component=l", ["need-uga-l", "need-tza-l"]),
    ("component=i&country=SEN", ["need-sen-i"]),
    ("region=014", ["need-tza-i", "need-uga-i", "need-uga-l", "need-tza-l"]),
    ("group=ldc&component=i", ["need-sen-i", "need-bfa-i", "need-tza-i", "need-uga-i"]),
    ("to=2025-06-30", ["need-gha-i"]),
    ("from=2028-06-01&region=011", ["need-sen-i", "need-bfa-i"]),
    ("country=BRA", []),
])
def test_filters_narrow_the_ranking(world, client, query, expected):
    page = text(client.get(f"/providers/p-unep/fit?{query}"))
    assert ranked(page) == expected
    if not expected:
        assert "No open need fits UN Environment Programme with these filters" in page


def test_show_limits_the_list_and_offers_more(world, client):
    page = text(client.get("/providers/p-unep/fit?show=10"))
    assert len(ranked(page)) == 7 and "Show the 25 best" not in page
    add_records(world, needs=[need(f"need-more-{n}", country, "i", f"More detection {n}")
                              for n, country in enumerate(("GIN", "MLI", "NER", "TGO"))])
    page = text(client.get("/providers/p-unep/fit?show=10"))
    assert len(ranked(page)) == 10 and "The 10 best fitting needs." in page
    assert 'href="/providers/p-unep/fit?show=25"' in page
    filtered = text(client.get("/providers/p-unep/fit?show=10&component=i"))
    assert "10 of 9 " not in filtered and "9 of 9 fitting needs matching the filters" in filtered
    response = client.get("/providers/p-unep/fit?show=7")
    assert response.status_code == 422 and "show" in page_text(response)


def test_bad_filters_and_unknown_providers_are_clear_errors(world, client):
    response = client.get("/providers/p-unep/fit?colour=red")
    assert response.status_code == 422
    assert "colour" in page_text(response) and "unknown filter" in page_text(response)
    assert client.get("/providers/p-unep/fit?from=soon").status_code == 422
    assert client.get("/providers/nobody/fit").status_code == 404


def test_the_confidential_need_is_suggested_only_to_whom_may_read_it(world):
    for email, shown in (("officer@cbd.example", True), ("desk@unep.example", False),
                         ("fp@ken.example", False), ("reader@example.org", False)):
        client = signed_in_client(world, email)
        page = text(client.get("/providers/p-unep/fit"))
        assert (CONFIDENTIAL_TITLE in page) is shown, email
        assert MARKER not in page
        assert ("need-ken-l" in ranked(page)) is shown
    anonymous = text(world.test_client().get("/providers/p-unep/fit"))
    assert CONFIDENTIAL_TITLE not in anonymous and "need-ken-l" not in anonymous


def test_only_the_provider_itself_or_the_secretariat_sees_the_decision_forms(world):
    for email, shown in (("desk@unep.example", True), ("officer@cbd.example", True),
                         ("donor@gef.example", False), ("fp@ken.example", False),
                         ("reader@example.org", False)):
        page = text(signed_in_client(world, email).get("/providers/p-unep/fit"))
        assert ('value="accept"' in page) is shown, email
        assert ("Why is it declined?" in page) is shown, email


def test_accepting_records_a_partnership_and_the_need_leaves_the_list(world):
    client = signed_in_client(world, "desk@unep.example")
    response = decide(client, "need-sen-i", "p-unep", "accept")
    assert response.status_code == 302 and response.location == "/providers/p-unep/fit"
    page = text(client.get(response.location))
    assert "need-sen-i" not in ranked(page)
    assert "Accepted: UN Environment Programme and “LMO detection laboratory for Senegal” " \
           "are now a partnership" in page
    stored = partnership(world, "need-sen-i", "p-unep")
    assert stored.status == "accepted" and stored.origin == "suggestion"
    assert [e.status for e in stored.history] == ["suggested", "accepted"]
    need_page = text(client.get("/needs/need-sen-i"))
    assert "Partnerships" in need_page and "status-accepted" in need_page


def test_declining_needs_a_reason_which_is_kept(world):
    client = signed_in_client(world, "officer@cbd.example")
    refused = decide(client, "need-bfa-i", "p-unep", "decline", "   ")
    page = text(client.get(refused.location))
    assert "Say why the suggestion is declined." in page
    assert "need-bfa-i" in ranked(page) and partnership(world, "need-bfa-i", "p-unep") is None
    done = decide(client, "need-bfa-i", "p-unep", "decline", "Outside our mandate this cycle")
    page = text(client.get(done.location))
    assert "need-bfa-i" not in ranked(page)
    assert "Declined: “Detection kits for Burkina Faso border posts” will not be suggested" in page
    stored = partnership(world, "need-bfa-i", "p-unep")
    assert stored.status == "declined"
    assert stored.history[-1].note == "Outside our mandate this cycle"


def test_others_may_not_decide_and_nothing_is_recorded(world):
    other = signed_in_client(world, "donor@gef.example")
    assert decide(other, "need-gha-i", "p-unep", "accept").status_code == 403
    focal = signed_in_client(world, "fp@ken.example")
    assert decide(focal, "need-gha-i", "p-unep", "accept").status_code == 403
    anonymous = world.test_client()
    token = csrf_from(page_text(anonymous.get("/account/sign-in")))
    response = anonymous.post("/matching/decision", data={
        "need": "need-gha-i", "provider": "p-unep", "decision": "accept", "csrf_token": token})
    assert response.status_code == 302 and "/account/sign-in" in response.location
    assert partnership(world, "need-gha-i", "p-unep") is None


def test_a_decision_without_its_csrf_token_is_refused(world):
    client = signed_in_client(world, "desk@unep.example")
    response = client.post("/matching/decision", data={
        "need": "need-gha-i", "provider": "p-unep", "decision": "accept"})
    assert response.status_code == 400 and "CSRF" in page_text(response)
    assert partnership(world, "need-gha-i", "p-unep") is None


def test_a_provider_cannot_decide_on_a_need_it_may_not_read(world):
    client = signed_in_client(world, "desk@unep.example")
    response = decide(client, "need-ken-l", "p-unep", "accept")
    assert response.status_code == 404
    assert partnership(world, "need-ken-l", "p-unep") is None


def test_the_need_page_suggests_providers_with_the_same_explanations(world, client):
    page = text(client.get("/needs/need-sen-i"))
    assert "Suggested providers" in page
    section = page.split('id="suggested-providers"', 1)[1]
    assert section.index("/providers/p-unep") < section.index("/providers/p-gef")
    assert "Why this match" in section and "gives priority to Least developed countries" in section
    assert ">Budget fit</span>" in section
    assert 'value="accept"' not in section
    secretariat = text(signed_in_client(world, "officer@cbd.example").get("/needs/need-sen-i"))
    assert secretariat.split('id="suggested-providers"', 1)[1].count('value="accept"') == 2


def test_the_need_page_of_a_met_need_suggests_nobody(world, client):
    add_records(world, needs=[{"id": "need-met", "country": "SEN", "component": "i",
                               "title": "Already met", "priority": 3, "status": "met"}])
    page = text(client.get("/needs/need-met"))
    assert "This need is met: no provider is suggested for it." in page
