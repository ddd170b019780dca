"""Subscriptions, the unsubscribe link and the Atom feed (read by feedparser); the job pages."""
from __future__ import annotations

import re
from html import unescape

import feedparser
import pytest
from sqlalchemy import select

from coordinator import accounts, jobs
from coordinator.services import subscriptions
from coordinator.store.models import SubscriptionRow
from tests.web.test_auth import (
    QUICK_COST,
    add_people,
    csrf_from,
    in_database,
    page_text,
    post_form,
    sign_in,
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("PUBLIC_URL", raising=False)


@pytest.fixture
def people(app):
    add_people(app)
    return app


def subscription_rows(app) -> list[SubscriptionRow]:
    return in_database(app, lambda s: list(s.scalars(select(SubscriptionRow)
                                                     .order_by(SubscriptionRow.id))))


def links(app) -> subscriptions.Links:
    return subscriptions.Links("http://localhost", app.config["SECRET_KEY"].encode())


def test_subscriptions_need_a_sign_in(client):
    page = page_text(client.get("/alerts/?country=GHA"))
    assert 'href="/account/sign-in?next=/alerts/?country%3DGHA"' in page
    assert "<form method=\"post\" action=\"/alerts/\"" not in page
    response = client.post("/alerts/", data={"kind": "search"})
    assert response.status_code in (302, 400)


def test_a_donor_subscribes_to_the_needs_filters_and_reads_the_feed(people, client):
    sign_in(client, "donor@gef.example")
    page = page_text(client.get("/alerts/?country=GHA&component=i&page=2"))
    assert "New or changed needs with component i — Identification of LMOs" in page
    assert 'name="filter_country" value="GHA"' in page and "filter_page" not in page
    response = post_form(client, "/alerts/", {"kind": "search", "filter_country": "GHA",
                                              "filter_component": "i", "frequency": "weekly",
                                              "name": "Ghana detection"})
    assert response.status_code == 302 and response.location == "/alerts/"
    page = page_text(client.get("/alerts/"))
    assert "Subscribed: needs with component i" in page and "Once a week" in page
    [row] = subscription_rows(people)
    assert row.filters == {"country": "GHA", "component": "i"} and row.frequency == "weekly"
    feed_url = unescape(re.search(r'href="(http://localhost/alerts/feed/[^"]+)"', page).group(1))
    assert feed_url == links(people).feed_url(row)
    client.post("/account/sign-out", data={"csrf_token": csrf_from(page)})
    response = client.get(feed_url.removeprefix("http://localhost"))
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Capacity Coordinator: Ghana detection"
    assert [e.link for e in parsed.entries] == ["http://localhost/needs/need-gha-i"]
    entry = parsed.entries[0]
    assert entry.title == "[new] Detection of LMOs at ports of entry"
    assert "Why it matches: in Ghana (GHA); component i" in entry.summary
    assert entry.updated_parsed is not None


def test_a_forged_feed_address_is_not_found(people, client):
    sign_in(client, "donor@gef.example")
    post_form(client, "/alerts/", {"kind": "search", "frequency": "daily"})
    [row] = subscription_rows(people)
    assert client.get(f"/alerts/feed/{row.id}.bm90LWEtbWFj.atom").status_code == 404
    unsubscribe = links(people).token("unsubscribe", row.id, row.token_salt)
    assert client.get(f"/alerts/feed/{unsubscribe}.atom").status_code == 404


def test_a_provider_subscribes_to_needs_that_fit_it(people, client):
    sign_in(client, "donor@gef.example")
    page = page_text(client.get("/alerts/"))
    assert '<option value="p-gef" selected>' in page
    post_form(client, "/alerts/", {"kind": "provider_match", "provider": "p-gef",
                                   "min_score": "0.6", "frequency": "immediately"})
    [row] = subscription_rows(people)
    assert (row.kind, row.provider_id, row.min_score) == ("provider_match", "p-gef", 0.6)
    assert "needs that fit Global Environment Facility with a score of at least 0.60" in \
        page_text(client.get("/alerts/"))


def test_a_wrong_subscription_is_refused_with_the_field_named(people, client):
    sign_in(client, "donor@gef.example")
    response = post_form(client, "/alerts/", {"kind": "provider_match", "provider": "",
                                              "min_score": "2", "frequency": "daily"})
    assert response.status_code == 422
    text = page_text(response)
    assert "provider" in text and "min_score" in text
    assert subscription_rows(people) == []


def test_the_unsubscribe_link_asks_then_stops_the_subscription(people, client):
    sign_in(client, "donor@gef.example")
    post_form(client, "/alerts/", {"kind": "search", "filter_country": "GHA",
                                   "frequency": "daily"})
    [row] = subscription_rows(people)
    other = people.test_client()  # the reader of the message is not signed in
    path = links(people).unsubscribe_url(row).removeprefix("http://localhost")
    page = page_text(other.get(path))
    assert "Stop the messages of the subscription “needs with country Ghana (GHA)”?" in page
    refused = other.post(path, data={})
    assert refused.status_code == 400 and subscription_rows(people)[0].active
    done = other.post(path, data={"csrf_token": csrf_from(page)})
    assert done.status_code == 200 and "you will get no more messages" in page_text(done)
    assert not subscription_rows(people)[0].active
    assert other.get(path[:-3] + "abc").status_code == 404


def test_owners_stop_resume_and_delete_their_subscriptions(people, client):
    sign_in(client, "donor@gef.example")
    post_form(client, "/alerts/", {"kind": "search", "frequency": "daily"})
    [row] = subscription_rows(people)
    post_form(client, f"/alerts/{row.id}/stop", {}, page_url="/alerts/")
    assert not subscription_rows(people)[0].active
    assert "(stopped)" in page_text(client.get("/alerts/"))
    post_form(client, f"/alerts/{row.id}/resume", {}, page_url="/alerts/")
    assert subscription_rows(people)[0].active
    stranger = people.test_client()
    sign_in(stranger, "reader@example.org")
    refused = post_form(stranger, f"/alerts/{row.id}/delete", {}, page_url="/alerts/")
    assert refused.status_code == 403 and len(subscription_rows(people)) == 1
    post_form(client, f"/alerts/{row.id}/delete", {}, page_url="/alerts/")
    assert subscription_rows(people) == []


# --- jobs -----------------------------------------------------------------------------------

def test_the_secretariat_starts_an_analysis_and_follows_it(people, client):
    sign_in(client, "officer@cbd.example")
    page = page_text(client.get("/jobs/"))
    assert "Refresh every analysis" in page and "No jobs yet." in page
    response = post_form(client, "/jobs/start", {"kind": "analysis"}, page_url="/jobs/")
    assert response.status_code == 302
    job_id = int(response.location.rsplit("/", 1)[1])
    engine = people.extensions["coordinator.engine"]
    assert jobs.wait_for(engine, job_id, timeout=30).status == "done"
    detail = page_text(client.get(f"/jobs/{job_id}"))
    assert "Status: <span class=\"status status-done\">done</span>" in detail
    assert "http-equiv=\"refresh\"" not in detail and "seconds" in detail
    as_json = client.get(f"/jobs/{job_id}", headers={"Accept": "application/json"}).get_json()
    assert as_json["status"] == "done" and as_json["created_by"] == "officer@cbd.example"
    assert as_json["result"]["counts"]["gaps"] == 2


def test_a_report_job_offers_its_file(people, client, monkeypatch, tmp_path):
    monkeypatch.setenv("REPORTS_DIR", str(tmp_path))
    sign_in(client, "officer@cbd.example")
    response = post_form(client, "/jobs/start", {"kind": "report"}, page_url="/jobs/")
    job_id = int(response.location.rsplit("/", 1)[1])
    engine = people.extensions["coordinator.engine"]
    assert jobs.wait_for(engine, job_id, timeout=60).status == "done"
    assert "Download the report" in page_text(client.get(f"/jobs/{job_id}"))
    with client.get(f"/jobs/{job_id}/report") as download:
        assert download.status_code == 200 and b"<html" in download.get_data().lower()


def test_a_failed_job_shows_its_error_and_the_secretariat_retries_it(people, client):
    engine = people.extensions["coordinator.engine"]
    job_id = jobs.start_job(engine, "import", {"path": "/nonexistent/needs.json"},
                            created_by="fp@ken.example")
    assert jobs.wait_for(engine, job_id, timeout=30).status == "failed"
    focal_point = people.test_client()
    sign_in(focal_point, "fp@ken.example")
    own = page_text(focal_point.get(f"/jobs/{job_id}"))
    assert "/nonexistent/needs.json" in own and "no such file" in own
    assert "Retry the job" not in own
    sign_in(client, "officer@cbd.example")
    page = page_text(client.get(f"/jobs/{job_id}"))
    assert "Retry the job" in page
    response = post_form(client, f"/jobs/{job_id}/retry", {}, page_url=f"/jobs/{job_id}")
    assert response.status_code == 302
    row = jobs.wait_for(engine, job_id, timeout=30)
    assert row.status == "failed" and row.attempts == 2


def test_people_see_only_their_own_jobs_and_cannot_start_any(people, client):
    engine = people.extensions["coordinator.engine"]
    job_id = jobs.start_job(engine, "analysis", created_by="officer@cbd.example")
    jobs.wait_for(engine, job_id, timeout=30)
    sign_in(client, "donor@gef.example")
    assert client.get(f"/jobs/{job_id}").status_code == 404
    page = page_text(client.get("/jobs/"))
    assert "No jobs yet." in page and "Refresh every analysis" not in page
    refused = post_form(client, "/jobs/start", {"kind": "analysis"}, page_url="/jobs/")
    assert refused.status_code == 403


def test_the_needs_list_offers_to_subscribe_to_its_filters(client):
    page = page_text(client.get("/needs/?country=GHA&component=i"))
    link = re.search(r'<a href="([^"]+)">Subscribe to this search</a>', page).group(1)
    assert unescape(link) in ("/alerts/?country=GHA&component=i",
                              "/alerts/?component=i&country=GHA")
