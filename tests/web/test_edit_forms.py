"""The edit forms: focal points, providers and the secretariat change records in the browser.

Forms are filled as a browser would: the page's own values (hidden version and CSRF token
included) are read back, a few fields changed, and the whole form posted.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from coordinator import accounts, services
from coordinator.services import changes
from coordinator.store import load_snapshot
from coordinator.store.models import AuditRow
from coordinator.visibility import SYSTEM
from tests.web.test_auth import QUICK_COST, add_people, in_database, page_text, sign_in


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


class _FormReader(HTMLParser):
    """The values a browser would send for the form whose action starts with ``action``."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.values = action, False, []
        self.select: tuple[str, bool] | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = unescape(a.get("action") or "").split("?")[0] == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values.append((a["name"], a.get("value", "y")))
            else:
                self.values.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = (a["name"], "multiple" in a)
        elif tag == "option" and self.select and "selected" in a:
            self.values.append((self.select[0], a.get("value", "")))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values.append((a["name"], ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.inside:
            name, text = self.values[-1]
            joined = text + data
            if not text:  # a browser drops the newline that starts a textarea
                joined = joined.removeprefix("\r\n").removeprefix("\n")
            self.values[-1] = (name, joined)


def form_values(page: str, action: str) -> dict[str, list[str]]:
    """The fields of the page's form posting to ``action``, as a browser would send them."""
    reader = _FormReader(action)
    reader.feed(page)
    values: dict[str, list[str]] = {}
    for name, value in reader.values:
        values.setdefault(name, []).append(unescape(value))
    return values


def submit(client, url: str, changes_: dict | None = None, *, action: str | None = None):
    """Open the form at ``url``, change some fields, post it (the way a person would)."""
    page = page_text(client.get(url))
    values = form_values(page, action or url.split("?")[0])
    assert "csrf_token" in values, f"no form posting to {action or url} on {url}"
    for name, value in (changes_ or {}).items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value if isinstance(value, list) else [value]
    return client.post(action or url, data=values)


def field_errors(page: str, field: str) -> list[str]:
    """The problems shown next to one field of a form."""
    found = re.search(rf'<ul id="{field}-error" class="field-errors">(.*?)</ul>', page, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


@pytest.fixture
def people(app):
    add_people(app)
    return app


@pytest.fixture
def kenya(people):
    client = people.test_client()
    sign_in(client, "fp@ken.example")
    return client


def stored(app, kind, record_id):
    return in_database(app, lambda s: changes.get_record(s, SYSTEM, kind, record_id,
                                                         include_deleted=True))


# --- a focal point's needs --------------------------------------------------------------------

def test_the_country_page_offers_edits_only_to_whom_may_make_them(people, kenya, client):
    own = page_text(kenya.get("/countries/KEN"))
    assert 'href="/edit/needs/new?country=KEN">Add a need' in own
    assert 'href="/edit/capacities/new?country=KEN">Add a capacity' in own
    assert 'href="/edit/profiles/KEN">Write the profile' in own
    assert 'href="/edit/capacities/cap-ken-c">Edit' in own
    other = page_text(kenya.get("/countries/GHA"))
    assert "/edit/" not in other
    assert "/edit/" not in page_text(client.get("/countries/KEN"))  # anonymous
    detail = page_text(kenya.get("/needs/need-ken-l"))
    assert 'href="/edit/needs/need-ken-l">Edit this need' in detail
    assert "Edit this need" not in page_text(kenya.get("/needs/need-gha-i"))


def test_a_focal_point_adds_a_need_and_is_taken_to_it(people, kenya):
    page = page_text(kenya.get("/edit/needs/new?country=KEN"))
    for name, label in (("component", "Action Plan component"), ("title", "Title"),
                        ("priority", "Priority"), ("sequence", "Sequence"),
                        ("cost_amount", "Estimated cost"), ("status", "Status"),
                        ("confidential", "Confidential")):
        assert f'<label for="{name}">{label}</label>' in page
    assert re.findall(r'<select id="country"[^>]*>\s*<option[^>]*value="(\w+)"', page) == ["KEN"]
    response = submit(kenya, "/edit/needs/new?country=KEN", {
        "component": "b", "title": "Train customs officers in LMO sampling",
        "description": "Two courses a year.", "priority": "1", "sequence": "2",
        "start": "2026-01-01", "end": "2027-06-30", "cost_amount": "1,250,000",
        "cost_currency": "EUR"}, action="/edit/needs/new")
    assert response.status_code == 302
    need_id = response.location.removeprefix("/needs/")
    assert need_id.startswith("need-ken-b-")
    detail = page_text(kenya.get(response.location))
    assert "The need is saved." in detail and "Train customs officers in LMO sampling" in detail
    assert "EUR 1,250,000" in detail
    saved = stored(people, "need", need_id)
    assert saved.version == 1 and saved.record.sequence == 2 and saved.record.priority == 1
    actors = in_database(people, lambda s: list(s.scalars(
        select(AuditRow.actor).where(AuditRow.record_id == need_id))))
    assert actors == ["fp@ken.example"]


def test_every_problem_is_shown_next_to_its_field_and_nothing_typed_is_lost(people, kenya):
    response = submit(kenya, "/edit/needs/new?country=KEN", {
        "component": "b", "title": "", "description": "Keep this text, please.",
        "sequence": "abc", "start": "2026-05-01", "end": "2025-01-01", "cost_amount": "-5"},
        action="/edit/needs/new")
    page = page_text(response)
    assert response.status_code == 422
    assert field_errors(page, "title") == ["Title is required."]
    assert field_errors(page, "sequence") == ["Sequence must be a whole number, got 'abc'."]
    assert field_errors(page, "end") == ["Ends 2025-01-01 before it starts 2026-05-01."]
    assert field_errors(page, "cost_amount") == ["Estimated cost must not be negative, got -5."]
    assert 'aria-invalid="true" id="title"' in page
    assert 'aria-describedby="sequence-hint sequence-error"' in page
    values = form_values(page, "/edit/needs/new")
    assert values["description"] == ["Keep this text, please."]
    assert values["sequence"] == ["abc"] and values["cost_amount"] == ["-5"]
    assert values["component"] == ["b"] and values["end"] == ["2025-01-01"]
    kenyan = in_database(people, lambda s: [n.id for n in load_snapshot(s, SYSTEM).needs.values()
                                            if n.country == "KEN"])
    assert kenyan == ["need-ken-l"]  # nothing was saved


def test_a_focal_point_marks_a_need_met_and_edits_its_confidential_need(people, kenya):
    page = page_text(kenya.get("/edit/needs/need-ken-l"))
    assert "CONFIDENTIAL-MARKER enforcement case under review." in page
    assert form_values(page, "/edit/needs/need-ken-l")["version"] == ["1"]
    response = submit(kenya, "/edit/needs/need-ken-l", {"status": "met", "priority": "1"})
    assert response.status_code == 302 and response.location == "/needs/need-ken-l"
    saved = stored(people, "need", "need-ken-l")
    assert (saved.version, saved.record.status, saved.record.priority) == (2, "met", 1)
    assert saved.record.confidential and "CONFIDENTIAL-MARKER" in saved.record.description
    again = submit(kenya, "/edit/needs/need-ken-l")
    assert "The need had no change to save." in page_text(kenya.get(again.location))


def test_a_concurrent_change_is_shown_with_the_current_values(people, kenya):
    url = "/edit/needs/need-ken-l"
    opened = form_values(page_text(kenya.get(url)), url)
    in_database(people, lambda s: changes.update_record(
        s, SYSTEM, "need", "need-ken-l", {"title": "Retitled by the secretariat"}, version=1))
    typed = {**opened, "priority": ["1"], "description": ["My careful rewrite."]}
    response = kenya.post(url, data=typed)
    page = page_text(response)
    assert response.status_code == 409
    assert "was changed by someone else since you opened it" in page
    assert re.search(r'id="title-saved" class="saved-now"><strong>Saved now:</strong> '
                     r"Retitled by the secretariat", page)
    assert re.search(r'id="description-saved"[^>]*><strong>Saved now:</strong> '
                     r"CONFIDENTIAL-MARKER", page)
    values = form_values(page, url)
    assert values["description"] == ["My careful rewrite."] and values["priority"] == ["1"]
    assert values["version"] == ["2"]  # saving again now replaces the other change knowingly
    assert kenya.post(url, data=values).status_code == 302
    saved = stored(people, "need", "need-ken-l")
    assert saved.version == 3 and saved.record.description == "My careful rewrite."


def test_delete_and_restore_from_the_edit_page(people, kenya):
    url = "/edit/capacities/cap-ken-c"
    page = page_text(kenya.get(url))
    assert "Delete this capacity" in page
    response = submit(kenya, url, action=f"{url}/delete")
    assert response.status_code == 302 and response.location == url
    assert "National risk-assessment committee" not in page_text(kenya.get("/countries/KEN"))
    page = page_text(kenya.get(url))
    assert "This capacity was deleted" in page and "Restore this capacity" in page
    assert "<fieldset class=\"form-grid\" disabled>" in page
    blocked = submit(kenya, url, action=url)
    assert blocked.status_code == 409 and stored(people, "capacity", "cap-ken-c").deleted_at
    response = submit(kenya, url, action=f"{url}/restore")
    assert response.location == "/countries/KEN#capacities"
    assert "National risk-assessment committee" in page_text(kenya.get("/countries/KEN"))


def test_a_stale_delete_is_refused_with_a_message(people, kenya):
    url = "/edit/capacities/cap-ken-c"
    values = form_values(page_text(kenya.get(url)), f"{url}/delete")
    in_database(people, lambda s: changes.update_record(s, SYSTEM, "capacity", "cap-ken-c",
                                                        {"level": "basic"}, version=1))
    response = kenya.post(f"{url}/delete", data=values)
    assert response.status_code == 302
    assert "changed by someone else" in page_text(kenya.get(url))
    assert stored(people, "capacity", "cap-ken-c").deleted_at is None


def test_a_capacity_offered_to_others_and_a_first_profile(people, kenya):
    response = submit(kenya, "/edit/capacities/new?country=KEN", {
        "component": "i", "level": "established", "description": "PCR laboratory",
        "can_offer": "y"}, action="/edit/capacities/new")
    assert response.location == "/countries/KEN#capacities"
    page = page_text(kenya.get("/countries/KEN"))
    assert "PCR laboratory" in page and page.count("offered for South–South") == 2
    response = submit(kenya, "/edit/profiles/KEN", {"framework": "adopted", "bch_node": "y",
                                                    "short_amount": "250000"})
    assert response.status_code == 302
    profile = stored(people, "profile", "KEN")
    assert profile.record.framework == "adopted" and profile.record.bch_node
    assert profile.record.funding_need_short.amount == 250000
    page = page_text(kenya.get("/edit/profiles/KEN"))
    assert form_values(page, "/edit/profiles/KEN")["version"] == ["1"]


def test_a_focal_point_cannot_touch_another_countrys_records(people, kenya):
    assert kenya.get("/edit/profiles/GHA").status_code == 403
    assert kenya.get("/edit/needs/need-gha-i").status_code == 403
    assert kenya.get("/edit/providers/p-gef").status_code == 403
    assert kenya.get("/edit/initiatives/new").status_code == 403
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      page_text(kenya.get("/edit/needs/new"))).group(1)
    forged = kenya.post("/edit/needs/new", data={
        "csrf_token": token, "country": "GHA", "component": "b", "title": "Sneaky",
        "priority": "3", "status": "open", "cost_currency": "USD"})
    assert forged.status_code == 422 and "Choose one of the options." in page_text(forged)
    assert "Sneaky" not in page_text(kenya.get("/countries/GHA"))


# --- providers and the secretariat ------------------------------------------------------------

def test_a_provider_edits_its_own_record_and_initiatives_only(people):
    donor = people.test_client()
    sign_in(donor, "donor@gef.example")
    page = page_text(donor.get("/providers/p-gef"))
    assert 'href="/edit/providers/p-gef">Edit this provider' in page
    assert 'href="/edit/initiatives/ini-1">Edit' in page
    assert "Edit this provider" not in page_text(donor.get("/providers/p-unep"))
    assert donor.get("/edit/providers/p-unep").status_code == 403
    assert donor.get("/edit/needs/need-gha-i").status_code == 403
    response = submit(donor, "/edit/providers/p-gef", {"languages": "en, fr, es",
                                                       "budget_amount": "3000000"})
    assert response.status_code == 302
    assert stored(people, "provider", "p-gef").record.languages == ("en", "fr", "es")
    bad = submit(donor, "/edit/providers/p-gef", {"languages": "en, xx"})
    assert field_errors(page_text(bad), "languages") == ["Unknown ISO 639-1 language code 'xx'."]
    response = submit(donor, "/edit/initiatives/ini-1", {"status": "completed"})
    assert response.status_code == 302 and response.location == "/initiatives/ini-1"
    leaving = submit(donor, "/edit/initiatives/ini-1", {"funding": None,
                                                        "lessons": "Still typed."})
    page = page_text(leaving)
    assert leaving.status_code == 403 and "This change is not allowed" in page
    assert form_values(page, "/edit/initiatives/ini-1")["lessons"] == ["Still typed."]
    assert stored(people, "initiative", "ini-1").record.provider_ids("funding") == ("p-gef",)


def test_the_secretariat_edits_everything_and_adds_providers(people):
    officer = people.test_client()
    sign_in(officer, "officer@cbd.example")
    assert submit(officer, "/edit/needs/need-gha-i", {"status": "partially_met"}
                  ).status_code == 302
    assert submit(officer, "/edit/profiles/GHA", {"strategy": None}).status_code == 302
    assert stored(people, "profile", "GHA").record.strategy is False
    response = submit(officer, "/edit/providers/new", {
        "name": "Nordic Biosafety Fund", "kind": "bilateral", "country": "NOR",
        "focus_components": ["c", "i"], "focus_regions": ["002"]}, action="/edit/providers/new")
    assert response.status_code == 302 and response.location.startswith("/providers/provider-")
    page = page_text(officer.get(response.location))
    assert "Nordic Biosafety Fund" in page and "Norway" in page
    response = submit(officer, "/edit/initiatives/new", {
        "title": "Regional risk-assessment course", "funding": ["p-unep"],
        "recipient_countries": ["KEN", "GHA"], "components": ["c"], "start": "2026-02-01"},
        action="/edit/initiatives/new")
    assert response.status_code == 302
    assert "Regional risk-assessment course" in page_text(officer.get(response.location))


def test_a_viewer_and_anonymous_visitors_get_no_form(people, client):
    assert client.get("/edit/needs/need-gha-i").status_code == 302  # to the sign-in form
    reader = people.test_client()
    sign_in(reader, "reader@example.org")
    assert reader.get("/edit/needs/need-gha-i").status_code == 403
    assert reader.get("/edit/needs/new").status_code == 403
    assert reader.get("/edit/needs/need-ken-l").status_code == 404  # not even named


# --- the audit log ----------------------------------------------------------------------------

def test_the_audit_log_shows_who_changed_what_before_and_after(people, kenya):
    submit(kenya, "/edit/needs/need-ken-l", {"priority": "1"})
    officer = people.test_client()
    sign_in(officer, "officer@cbd.example")
    page = page_text(officer.get("/audit/?type=need&id=need-ken-l"))
    rows = re.findall(r"<tr>\s*<td class=\"date\">", page)
    assert len(rows) == 2  # imported, then edited
    assert "fp@ken.example" in page and "update" in page
    assert "1 field: priority" in page and "<del>2</del>" in page and "<ins>1</ins>" in page
    assert 'href="/edit/needs/need-ken-l">Open the record' in page
    assert "No change recorded for this filter." in page_text(officer.get("/audit/?id=nope"))
    assert officer.get("/audit/?page=abc").status_code == 422


def test_the_audit_log_is_paged(people):
    in_database(people, lambda s: services.import_document(s, {
        "format": "capacity-coordinator/1",
        "capacities": [{"id": f"cap-{i:03d}", "country": "GHA", "component": "b"}
                       for i in range(60)]}, source="many.json"))
    officer = people.test_client()
    sign_in(officer, "officer@cbd.example")
    first = page_text(officer.get("/audit/?type=capacity"))
    assert "Entries 1–50 (more on the next page)" in first and "cap-059" in first
    assert 'href="/audit/?type=capacity&amp;page=2" rel="next">Older changes' in first
    second = page_text(officer.get("/audit/?type=capacity&page=2"))
    assert "Entries 51–61" in second and "Older changes" not in second
    assert "cap-ken-c" in second and 'rel="prev">Newer changes' in second
