"""The four journeys of JOURNEYS.md, in Debian's chromium against the real server.

Each journey signs in through the form and goes where the person would go, clicking links and
buttons rather than typing addresses where the pages offer a way. The demo database is shared by
the journeys of one session; each journey touches its own records, so the order does not matter.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    DONOR,
    FOCAL_POINT,
    SECRETARIAT,
    STEP_TIMEOUT,
    VIEWPORT,
    screenshot,
    sign_in,
)

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright for Python is not installed")
expect = sync_api.expect
expect.set_options(timeout=STEP_TIMEOUT)

pytestmark = pytest.mark.browser

_NEED_HREF = re.compile(r"/needs/(?P<id>[^/?#]+)$")


def _need_id(link) -> str:
    """The need id a link of a fit row points to."""
    found = _NEED_HREF.search(link.get_attribute("href") or "")
    assert found, f"not a link to a need: {link.get_attribute('href')!r}"
    return found["id"]


def _fit_scores(page, scope: str) -> list[int]:
    return [int(text) for text in page.locator(f"{scope} .fit-score strong").all_inner_texts()]


def test_donor_finds_where_the_next_grant_should_go(page):
    sign_in(page, DONOR)
    # the provider page is the donor's first screen: needs ranked by fit, each explained
    expect(page).to_have_url(re.compile(r"/providers/demo-gef$"))
    preview = page.locator("#fitting-needs")
    expect(preview.get_by_role("heading", level=2)).to_contain_text("Where the next grant")
    # on the first screen, before the provider's own profile
    assert preview.bounding_box()["y"] < VIEWPORT["height"] / 2
    focus = page.get_by_role("heading", name="Focus and means")
    assert preview.bounding_box()["y"] < focus.bounding_box()["y"]
    expect(preview.locator("li.fit")).to_have_count(5)
    scores = _fit_scores(page, "#fitting-needs")
    assert scores == sorted(scores, reverse=True)
    first = preview.locator("li.fit").first
    expect(first.locator(".part-bars li")).to_have_count(7)
    expect(first.locator(".fit-reasons li").first).to_be_visible()
    expect(first.get_by_role("button", name="Accept")).to_be_visible()
    screenshot(page, "donor-provider-page")

    # every fitting need, filtered by a component of the donor's mandate
    preview.get_by_role("link", name=re.compile("See all fitting needs")).click()
    expect(page).to_have_url(re.compile(r"/providers/demo-gef/fit"))
    page.get_by_label("Component").select_option("a3")
    page.get_by_label("Show").select_option("100")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"component=a3"))
    fits = page.locator("ol.fits > li.fit")
    expect(fits.first).to_be_visible()
    components = fits.locator(".fit-facts .badge.component").all_inner_texts()
    assert components and set(components) == {"a3"}, components
    scores = _fit_scores(page, "ol.fits")
    assert scores == sorted(scores, reverse=True)
    screenshot(page, "donor-fit-filtered")

    # a need others already fund: the overlap warning is right on the need
    covered = fits.filter(has_text=re.compile(r"covered by \d+ initiatives?"))
    expect(covered.first).to_be_visible()
    title_link = covered.first.locator("h3 a")
    covered_id = _need_id(title_link)
    title_link.click()
    expect(page).to_have_url(re.compile(rf"/needs/{re.escape(covered_id)}$"))
    warning = page.locator("#others .notice")
    expect(warning).to_contain_text("Possible overlap")
    expect(page.locator("#others table.records tbody tr").first).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("national profile"))).to_be_visible()
    page.locator("#others").scroll_into_view_if_needed()
    screenshot(page, "donor-need-overlap")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/providers/demo-gef/fit\?.*component=a3"))

    # accept the best suggestion: it becomes a partnership and leaves the list
    accepted_id = _need_id(fits.first.locator("h3 a"))
    fits.first.get_by_role("button", name="Accept").click()
    expect(page.locator(".flashes")).to_contain_text("are now a partnership")
    expect(page.locator(f'ol.fits a[href$="/needs/{accepted_id}"]')).to_have_count(0)

    # decline the next one with a reason: it is not suggested again, and the reason is kept
    row = fits.first
    declined_id = _need_id(row.locator("h3 a"))
    row.locator("summary", has_text="Decline").click()
    row.get_by_label("Why is it declined?").fill("Outside our mandate this cycle")
    row.get_by_role("button", name="Decline", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text("will not be suggested")
    expect(page).to_have_url(re.compile(r"/providers/demo-gef/fit\?.*component=a3"))
    expect(fits.first).to_be_visible()
    expect(page.locator(f'ol.fits a[href$="/needs/{declined_id}"]')).to_have_count(0)
    screenshot(page, "donor-after-decline")

    page.goto(f"/needs/{declined_id}")
    decisions = page.get_by_role("region", name="Partnerships", exact=True)
    expect(decisions).to_contain_text("declined")
    expect(decisions).to_contain_text("Outside our mandate this cycle")
    page.goto(f"/needs/{accepted_id}")
    expect(page.get_by_role("region", name="Partnerships", exact=True)).to_contain_text(
        "accepted")


def test_secretariat_sees_gaps_and_duplication_and_reports(page):
    sign_in(page, SECRETARIAT)
    # the dashboard: indicators, the gap map drawn from the vendored world atlas
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    expect(page.locator("dl.indicators")).to_contain_text("Funding gap of open needs")
    countries = page.locator("#gap-map svg path.country")
    expect(countries.first).to_be_attached()
    assert countries.count() > 150
    assert page.locator("#gap-map svg path.country[class*='sev-']").count() > 20
    page.locator("#gap-map-section").scroll_into_view_if_needed()
    screenshot(page, "secretariat-dashboard-map")
    # a country on the map leads to its page
    page.locator("#gap-map svg a[href$='/countries/COD']").click()
    expect(page).to_have_url(re.compile(r"/countries/COD$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Congo")

    # the flagged duplications, and one pair side by side with the differences marked
    page.get_by_role("navigation").get_by_role("link", name="Duplicates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Duplicates and overlaps")
    pairs = page.locator("table.pairs tbody tr")
    expect(pairs.first).to_be_visible()
    expect(pairs.first.locator(".reasons-cell")).not_to_be_empty()
    screenshot(page, "secretariat-duplicates")
    pairs.first.get_by_role("link", name=re.compile("Compare")).click()
    expect(page).to_have_url(re.compile(r"/duplicates/initiative/[^/]+/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare two initiatives")
    columns = page.locator("table.comparison thead th")
    expect(columns).to_have_count(3)
    expect(page.locator("table.comparison tr.differs").first).to_be_visible()
    expect(page.locator(".differs-summary")).to_contain_text("fields differ")
    expect(page.get_by_role("heading", name="Why they were flagged")).to_be_visible()
    screenshot(page, "secretariat-pair", full_page=True)

    # the gaps, most severe first
    page.get_by_role("navigation").get_by_role("link", name="Gaps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaps")
    severities = page.locator("table.gaps tbody .severity")
    expect(severities.first).to_be_visible()
    values = [float(v) for v in severities.all_inner_texts()]
    assert values == sorted(values, reverse=True) and values[0] > 0
    screenshot(page, "secretariat-gaps")

    # the allocation of known budgets, run with another method
    page.get_by_role("navigation").get_by_role("link", name="Allocation").click()
    page.get_by_label("Method", exact=True).select_option("greedy")
    page.get_by_role("button", name="Run the allocation").click()
    expect(page).to_have_url(re.compile(r"/allocation/\?method=greedy"))
    expect(page.locator("p.method")).to_contain_text("reedy")
    expect(page.locator("dl.figures")).to_contain_text("Assigned")
    expect(page.locator("details.provider-allocation").first).to_be_visible()
    screenshot(page, "secretariat-allocation")

    # the COP-MOP progress report, downloaded as Markdown to edit
    page.get_by_role("navigation").get_by_role("link", name="Report").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Markdown").click()
    report = download.value
    assert re.fullmatch(r"cop-mop-progress-report-\d{4}-\d{2}-\d{2}\.md",
                        report.suggested_filename)
    text = Path(report.path()).read_text(encoding="utf-8")
    assert text.startswith("# Progress report on the implementation of the Action Plan")
    assert "Duplicate records:" in text and "## 1. Steps taken" in text


def test_planner_proposes_a_meeting_and_sends_it(page):
    icalendar = pytest.importorskip("icalendar")
    sign_in(page, SECRETARIAT)
    page.get_by_role("navigation").get_by_role("link", name="Meetings").click()
    page.get_by_label("Group countries by").select_option("subregion")
    page.get_by_label("Within the area").select_option("011")
    page.get_by_role("button", name="Propose meetings").click()
    expect(page).to_have_url(re.compile(r"area=011"))
    proposals = page.locator("ol.proposal-list > li")
    expect(proposals.first).to_contain_text("Western Africa")
    screenshot(page, "planner-proposals")

    # one proposal: why, who on both sides, host, window, agenda
    proposals.first.locator("h3 a").click()
    expect(page).to_have_url(re.compile(r"/meetings/proposals/[^?]+\?.*area=011"))
    title = page.get_by_role("heading", level=1).inner_text()
    assert "Western Africa" in title
    expect(page.get_by_role("heading", name="Why it is worth holding")).to_be_visible()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    start = page.get_by_label("From").input_value()
    end = page.get_by_label("Until").input_value()
    keep = page.locator("input[name=keep]")
    invited = keep.count()
    assert invited > 2
    screenshot(page, "planner-proposal")

    # the invitation as an iCalendar file
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the invitation (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == title
    assert event.decoded("DTSTART").isoformat()[:10] == start
    assert event.decoded("DTEND").isoformat()[:10] >= end

    # leave one country out, then save the proposal as a scheduled meeting
    dropped = keep.first.get_attribute("value")
    keep.first.uncheck()
    page.get_by_role("button", name="Save as a scheduled meeting").click()
    expect(page).to_have_url(re.compile(r"/meetings/recorded/"))
    expect(page.locator(".flashes")).to_contain_text(
        f"saved as a scheduled meeting with {invited - 1} invitees")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("cheduled")
    expect(page.locator(f"main a[href$='/countries/{dropped}']")).to_have_count(0)
    screenshot(page, "planner-saved-meeting")


def test_focal_point_keeps_the_country_record_up_to_date(page):
    sign_in(page, FOCAL_POINT)
    expect(page).to_have_url(re.compile(r"/countries/BFA$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Burkina Faso")
    needs = page.locator("#needs table.records tbody tr")
    expect(needs.first).to_be_visible()
    screenshot(page, "focal-country")

    # edit an open need: raise its priority
    row = needs.filter(has=page.locator(".status-open")).last
    link = row.locator("a[href*='/needs/']")
    need_id = _need_id(link)
    link.click()
    page.get_by_role("link", name="Edit this need").click()
    expect(page).to_have_url(re.compile(rf"/edit/needs/{re.escape(need_id)}$"))
    page.get_by_label("Priority").select_option("1")

    # a negative cost is refused, field by field, and nothing typed is lost
    page.get_by_label("Estimated cost").fill("-5000")
    page.get_by_role("button", name="Save changes").click()
    cost_field = page.locator(".form-field.has-error", has=page.get_by_label("Estimated cost"))
    expect(cost_field.locator(".field-errors")).not_to_be_empty()
    expect(page.get_by_label("Estimated cost")).to_have_value("-5000")
    expect(page.get_by_label("Estimated cost")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Priority")).to_have_value("1")
    cost_field.evaluate("field => field.scrollIntoView({block: 'center'})")
    screenshot(page, "focal-validation-error")

    # a correct value is saved
    page.get_by_label("Estimated cost").fill("90000")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(rf"/needs/{re.escape(need_id)}$"))
    expect(page.locator(".flashes")).to_contain_text("is saved")
    facts = page.get_by_role("region", name="The need", exact=True)
    expect(facts).to_contain_text("Priority1")
    expect(facts).to_contain_text("90,000")

    # support arrived: the need is marked met and no provider is suggested for it any more
    page.get_by_role("link", name="Edit this need").click()
    page.get_by_label("Status").select_option("met")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flashes")).to_contain_text("is saved")
    expect(page.locator(".facts-line .status")).to_have_text("met")
    expect(page.locator("#suggested-providers")).to_contain_text("no provider is suggested")
    screenshot(page, "focal-need-met")

    # a capacity the country offers to others (South–South)
    page.goto("/countries/BFA")
    before = page.locator("#capacities ul.record-list > li").count()
    page.get_by_role("link", name="Add a capacity").click()
    page.get_by_label("Action Plan component").select_option("i")
    page.get_by_label("Level").select_option("advanced")
    page.get_by_label("Description").fill(
        "Accredited LMO detection laboratory able to train analysts from neighbouring countries.")
    page.get_by_label("Offered to other countries").check()
    page.get_by_role("button", name="Add the capacity").click()
    expect(page.locator(".flashes")).to_contain_text("is saved")
    expect(page).to_have_url(re.compile(r"/countries/BFA"))
    capacities = page.locator("#capacities ul.record-list > li")
    expect(capacities).to_have_count(before + 1)
    added = capacities.filter(has_text="Accredited LMO detection laboratory")
    expect(added).to_contain_text("advanced")
    page.locator("#capacities").scroll_into_view_if_needed()
    screenshot(page, "focal-capacity-offered")
