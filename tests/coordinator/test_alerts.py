"""Subscriptions and what they are told: matching new and changed needs (saved searches and
"fits my provider"), digests, the Atom feed, reminders, the weekly summary, links by token;
and the migration that adds their tables, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from sqlalchemy import inspect, select

from coordinator import accounts, alerts, notices, services
from coordinator.errors import InvalidInput, NotFound, PermissionDenied
from coordinator.services import alerts as alert_service
from coordinator.services import subscriptions
from coordinator.services.catalog import clear_cache
from coordinator.store import current_revision, make_engine, session_scope
from coordinator.store.models import OutboxMessageRow, SubscriptionRow, utcnow
from coordinator.store.schema import alembic_config
from coordinator.visibility import Viewer
from tests.coordinator.sample_documents import base_document, snapshot_of

PASSWORD = "correct horse battery staple"
LINKS = subscriptions.Links("https://cc.example.org", b"key")
SINCE = datetime(2026, 1, 1)
BASE = "https://cc.example.org"


# --- the migration --------------------------------------------------------------------------

def test_the_migration_adds_the_tables_and_can_be_undone(db_url):
    from alembic import command

    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == "0003"
        tables = set(inspect(engine).get_table_names())
        assert {"subscription", "outbox_message", "job"} <= tables
        unique = inspect(engine).get_unique_constraints("outbox_message")
        assert [c["column_names"] for c in unique] == [["dedupe_key"]]
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
        assert not {"subscription", "outbox_message", "job"} & set(
            inspect(engine).get_table_names())
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        assert current_revision(engine) == "0003"
    finally:
        engine.dispose()


# --- pure: matching and content -------------------------------------------------------------

def snapshot_with_updates(**updated: datetime):
    snapshot = snapshot_of()
    needs = {nid: replace(n, updated=updated.get(nid.replace("-", "_"), datetime(2025, 6, 1)))
             for nid, n in snapshot.needs.items()}
    return replace(snapshot, needs=needs)


def test_a_saved_search_finds_needs_changed_since_with_the_reasons():
    snapshot = snapshot_with_updates(need_gha_i=datetime(2026, 2, 1),
                                     need_ken_l=datetime(2026, 2, 2))
    items = alerts.search_matches(snapshot, {"country": "gha", "component": "i",
                                             "priority": "2"}, SINCE, base_url=BASE,
                                  created={"need-gha-i": datetime(2026, 2, 1)})
    [item] = items
    assert item.need.id == "need-gha-i" and item.change == "new"
    assert item.reasons == ("in Ghana (GHA)",
                            "component i — Identification of LMOs, including their detection",
                            "priority 1 (you asked for 2 or higher)")
    assert item.link == "https://cc.example.org/needs/need-gha-i"
    assert alerts.search_matches(snapshot, {"country": "GHA"}, datetime(2026, 3, 1),
                                 base_url=BASE) == []


def test_a_need_changed_but_made_before_is_reported_as_changed():
    snapshot = snapshot_with_updates(need_gha_i=datetime(2026, 2, 1))
    [item] = alerts.search_matches(snapshot, {"q": "ports"}, SINCE, base_url=BASE,
                                   created={"need-gha-i": datetime(2024, 1, 1)})
    assert item.change == "changed" and item.reasons == ("mentions “ports”",)


def test_an_unknown_filter_is_refused_by_name():
    with pytest.raises(InvalidInput) as refused:
        alerts.search_matches(snapshot_of(), {"colour": "red"}, SINCE, base_url=BASE)
    assert refused.value.problems[0].field == "colour"


def test_redacted_needs_are_never_reported():
    snapshot = snapshot_with_updates(need_ken_l=datetime(2026, 2, 2))
    from coordinator.visibility import visible_snapshot

    seen = visible_snapshot(snapshot, Viewer("provider", provider="p-gef"))
    assert alerts.changed_needs(seen, SINCE) == {}


def test_provider_matches_keep_open_needs_above_the_score_best_first():
    snapshot = snapshot_with_updates(need_gha_i=datetime(2026, 2, 1),
                                     need_ken_l=datetime(2026, 2, 2))
    scored = [("need-ken-l", 0.4, ("theme",)), ("need-gha-i", 0.81, ("in West Africa",)),
              ("need-unknown", 0.9, ())]
    items = alerts.provider_matches(snapshot, scored, SINCE, 0.5, base_url=BASE)
    assert [(i.need.id, i.score) for i in items] == [("need-gha-i", 0.81)]
    assert items[0].reasons == ("fit score 0.81 (at least 0.50)", "in West Africa")
    lower = alerts.provider_matches(snapshot, scored, SINCE, 0.3, base_url=BASE)
    assert [i.need.id for i in lower] == ["need-gha-i", "need-ken-l"]


@pytest.mark.parametrize(("frequency", "hours_since", "expected"), [
    ("immediately", 0.01, True), ("daily", 23.5, True), ("daily", 20, False),
    ("weekly", 6 * 24, False), ("weekly", 7 * 24 - 0.5, True)])
def test_a_digest_is_due_by_its_frequency(frequency, hours_since, expected):
    now = datetime(2026, 5, 10, 9, 0)
    subscription = alerts.Subscription(1, "", "search", frequency=frequency,
                                       last_sent_at=now - timedelta(hours=hours_since))
    assert alerts.due(subscription, now) is expected
    assert not alerts.due(replace(subscription, active=False), now)


def test_the_digest_lists_each_need_with_why_and_a_link_and_an_unsubscribe_link():
    snapshot = snapshot_with_updates(need_gha_i=datetime(2026, 2, 1))
    subscription = alerts.Subscription(7, "West Africa detection", "search",
                                       filters={"country": "GHA"})
    items = alerts.search_matches(snapshot, subscription.filters, SINCE, base_url=BASE)
    content = alerts.digest(subscription, items, snapshot, unsubscribe_url="U-URL",
                            feed_url="F-URL", manage_url="M-URL")
    assert content.subject == "1 new or changed need: West Africa detection"
    assert "1. [changed] Detection of LMOs at ports of entry — Ghana (GHA)" in content.text
    assert "   - in Ghana (GHA)\n   https://cc.example.org/needs/need-gha-i" in content.text
    assert content.text.rstrip().endswith("Stop receiving these messages: U-URL")
    assert '<a href="U-URL">Unsubscribe</a>' in content.html
    assert '<a href="https://cc.example.org/needs/need-gha-i">' in content.html


def test_the_digest_escapes_what_people_typed():
    snapshot = snapshot_with_updates(need_gha_i=datetime(2026, 2, 1))
    needs = dict(snapshot.needs)
    needs["need-gha-i"] = replace(needs["need-gha-i"], title="<script>x</script>")
    snapshot = replace(snapshot, needs=needs)
    subscription = alerts.Subscription(1, "<b>mine</b>", "search")
    items = alerts.search_matches(snapshot, {}, SINCE, base_url=BASE)
    html = alerts.digest(subscription, items, snapshot, unsubscribe_url="u", feed_url="f",
                         manage_url="m").html
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>mine" not in html


def test_the_atom_feed_has_one_entry_per_need_with_its_link_and_time():
    snapshot = snapshot_with_updates(need_gha_i=datetime(2026, 2, 1, 8, 30))
    subscription = alerts.Subscription(3, "Ghana", "search", filters={"country": "GHA"})
    items = alerts.search_matches(snapshot, subscription.filters, SINCE, base_url=BASE)
    xml = alerts.atom_feed(subscription, items, snapshot, feed_url="https://cc/feed.atom",
                           site_url="https://cc/alerts/", generated=datetime(2026, 3, 1))
    root = ElementTree.fromstring(xml)
    ns = {"a": alerts.ATOM}
    assert root.tag == f"{{{alerts.ATOM}}}feed"
    assert root.findtext("a:updated", namespaces=ns) == "2026-02-01T08:30:00Z"
    [entry] = root.findall("a:entry", ns)
    assert entry.findtext("a:id", namespaces=ns) == "urn:capacity-coordinator:need:need-gha-i"
    assert entry.find("a:link", ns).get("href") == "https://cc.example.org/needs/need-gha-i"
    assert "Why it matches: in Ghana (GHA)" in entry.findtext("a:summary", namespaces=ns)


def test_records_not_updated_for_twelve_months_are_stale():
    snapshot = snapshot_with_updates(need_gha_i=datetime(2025, 12, 1))
    stale = notices.stale_records(snapshot, "GHA", date(2026, 11, 24), base_url=BASE)
    assert [(r.kind, r.id, r.updated) for r in stale] == [
        ("profile", "GHA", date(2025, 6, 30))]
    later = notices.stale_records(snapshot, "GHA", date(2027, 7, 1), base_url=BASE)
    assert [(r.kind, r.id) for r in later] == [("profile", "GHA"), ("need", "need-gha-i")]
    assert later[1].link == "https://cc.example.org/edit/needs/need-gha-i"
    assert notices.stale_cutoff(date(2024, 2, 29)) == date(2023, 2, 28)
    content = notices.reminder("Ghana", later, manage_url="M")
    assert content.subject == "Ghana: 2 records not updated for 12 months"
    assert "(last updated 2025-06-30)" in content.text


def test_the_weekly_summary_counts_only_what_is_new_and_unreviewed():
    snapshot = snapshot_with_updates(need_gha_i=datetime(2026, 2, 1))
    pairs = [{"kind": "need", "a": "need-gha-i", "b": "need-ken-l", "score": 0.9,
              "relation": "duplicate_record", "reasons": ["same words"], "review": None},
             {"kind": "need", "a": "need-gha-i", "b": "x", "score": 0.8,
              "relation": "duplicate_record", "reasons": [], "review": {"decision": "x"}}]
    from coordinator.analysis.gaps import NeedGap

    gaps = [NeedGap("need-gha-i", "GHA", "i", 0.1, None, (), 0.7, ()),
            NeedGap("need-ken-l", "KEN", "l", 0.0, None, (), 0.9, ())]
    content = notices.weekly_summary(snapshot, pairs, gaps, SINCE, duplicates_url="D",
                                     gaps_url="G")
    assert content.subject == ("Weekly summary since 2026-01-01: 1 new duplication, "
                               "1 new gap")
    assert "need need-gha-i and need-ken-l: duplicate_record (score 0.90) — same words" \
        in content.text
    assert "In all: 1 flagged pair awaiting review and 2 needs with a gap." in content.text
    assert "  Review them: D\n" in content.text and "  Review them: G\n" in content.text


# --- services -------------------------------------------------------------------------------

@pytest.fixture
def people(db_url, monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 10, 8, 1))
    engine = make_engine(db_url)
    clear_cache()
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="sample.json")
        accounts.create_user(session, "donor@gef.example", PASSWORD, role="provider",
                             provider="p-gef")
        accounts.create_user(session, "fp@ken.example", PASSWORD, role="focal_point",
                             country="KEN")
        accounts.create_user(session, "reader@example.org", PASSWORD, role="viewer")
    yield engine
    engine.dispose()
    clear_cache()


def backdate(engine, days: int = 2) -> None:
    with session_scope(engine) as session:
        for row in session.scalars(select(SubscriptionRow)):
            row.created_at = row.last_sent_at = utcnow() - timedelta(days=days)


def test_subscribing_checks_every_field_and_names_it(people):
    with session_scope(people) as session, pytest.raises(InvalidInput) as refused:
        subscriptions.subscribe(session, "donor@gef.example", filters={
            "country": "XXX", "component": "z", "priority": "9", "when": "soon"},
            frequency="hourly")
    fields = sorted(p.field for p in refused.value.problems)
    assert fields == ["component", "country", "frequency", "priority", "when"]
    with session_scope(people) as session, pytest.raises(InvalidInput) as refused:
        subscriptions.subscribe(session, "donor@gef.example", kind="provider_match",
                                provider="p-nobody", min_score=1.5)
    assert sorted(p.field for p in refused.value.problems) == ["min_score", "provider"]


def test_a_focal_point_is_told_of_confidential_needs_of_its_country_others_are_not(people):
    with session_scope(people) as session:
        subscriptions.subscribe(session, "fp@ken.example", filters={"country": "KEN"},
                                frequency="immediately")
        subscriptions.subscribe(session, "reader@example.org", filters={"country": "KEN"},
                                frequency="immediately")
    backdate(people)
    with session_scope(people) as session:
        queued, checked = alert_service.run_digests(session, LINKS)
    assert len(checked) == 2 and len(queued) == 1
    with session_scope(people) as session:
        [message] = session.scalars(select(OutboxMessageRow))
        assert message.to_address == "fp@ken.example"
        assert "Rules for confidential business information" in message.body_text


def test_a_provider_is_told_of_new_needs_that_fit_it(people):
    with session_scope(people) as session:
        subscriptions.subscribe(session, "donor@gef.example", kind="provider_match",
                                provider="p-gef", min_score=0.2, frequency="daily")
    backdate(people)
    document = base_document()
    need = dict(document["needs"][0], id="need-sen-i", country="SEN",
                title="LMO detection laboratory for Senegal")
    with session_scope(people) as session:
        services.import_document(session, {"format": document["format"], "needs": [need]},
                                 source="new.json")
    with session_scope(people) as session:
        queued, _ = alert_service.run_digests(session, LINKS)
    with session_scope(people) as session:
        [message] = session.scalars(select(OutboxMessageRow))
        # need-gha-i is already a partnership of p-gef: decided pairs are not suggested again
        assert "need-sen-i" in message.body_text and "need-gha-i" not in message.body_text
        assert "fit score" in message.body_text
    with session_scope(people) as session:  # daily: not due again the same day
        assert alert_service.run_digests(session, LINKS) == ([], [])


def test_a_message_link_unsubscribes_and_a_forged_one_does_not(people):
    with session_scope(people) as session:
        created = subscriptions.subscribe(session, "donor@gef.example", filters={})
        row = session.get(SubscriptionRow, created["id"])
        token = LINKS.token("unsubscribe", row.id, row.token_salt)
        feed_token = LINKS.token("feed", row.id, row.token_salt)
    with session_scope(people) as session:
        for forged in (feed_token, token[:-2] + "xx", "abc", f"{created['id']}.",
                       subscriptions.Links(BASE, b"other").token("unsubscribe", created["id"],
                                                                 row.token_salt)):
            with pytest.raises(NotFound):
                subscriptions.unsubscribe_by_token(session, forged, LINKS)
        assert subscriptions.unsubscribe_by_token(session, token, LINKS)["active"] is False


def test_only_the_owner_or_the_secretariat_changes_a_subscription(people):
    with session_scope(people) as session:
        created = subscriptions.subscribe(session, "donor@gef.example", filters={})
    with session_scope(people) as session, pytest.raises(PermissionDenied):
        subscriptions.remove_subscription(session, Viewer("viewer", name="reader@example.org"),
                                          created["id"])
    with session_scope(people) as session:
        owner = Viewer("provider", provider="p-gef", name="donor@gef.example")
        assert subscriptions.unsubscribe(session, owner, created["id"])["active"] is False
        assert subscriptions.resume(session, owner, created["id"])["active"] is True
        subscriptions.remove_subscription(session, Viewer("secretariat"), created["id"])
    with session_scope(people) as session:
        assert subscriptions.list_subscriptions(session) == []


def test_the_feed_shows_what_changed_in_the_last_thirty_days(people):
    with session_scope(people) as session:
        created = subscriptions.subscribe(session, "donor@gef.example",
                                          filters={"country": "GHA"})
        row = session.get(SubscriptionRow, created["id"])
        token = LINKS.token("feed", row.id, row.token_salt)
    with session_scope(people) as session:
        now = feed_now = utcnow()
        xml = subscriptions.feed(session, token, LINKS, now=feed_now)
        later = subscriptions.feed(session, token, LINKS, now=now + timedelta(days=31))
    entries = ElementTree.fromstring(xml).findall(f"{{{alerts.ATOM}}}entry")
    assert [e.findtext(f"{{{alerts.ATOM}}}id") for e in entries] == [
        "urn:capacity-coordinator:need:need-gha-i"]
    assert ElementTree.fromstring(later).findall(f"{{{alerts.ATOM}}}entry") == []


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The CLI in this process (its start-up in a subprocess is slow): code, stdout, stderr."""
    from coordinator.cli import main

    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_adds_lists_and_removes_subscriptions(people, capsys):
    url = people.url.render_as_string(hide_password=False)
    code, out, err = run(capsys, "subscriptions", "add", "donor@gef.example", "--filter",
                         "country=GHA", "--filter", "component=i", "--frequency", "weekly",
                         "--db", url, "--format", "json")
    assert code == 0, err
    created = json.loads(out)
    assert created["filters"] == {"country": "GHA", "component": "i"}
    code, _, err = run(capsys, "subscriptions", "add", "donor@gef.example", "--filter",
                       "colour=red", "--db", url)
    assert code == 2 and "colour" in err
    code, out, _ = run(capsys, "subscriptions", "list", "--db", url)
    assert code == 0 and "weekly" in out and "needs with component i" in out
    assert run(capsys, "subscriptions", "remove", str(created["id"]), "--db", url)[0] == 0
    assert json.loads(run(capsys, "subscriptions", "list", "--db", url, "--format",
                          "json")[1]) == []
