"""The meeting planner on hand-made data: groups, both sides, host rotation, windows, agenda."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.meeting_plan import meeting_window, trim_invitees
from matching.meeting_types import (
    Lesson,
    MatchEdge,
    MeetingData,
    MeetingRules,
    Offer,
    OpenNeed,
    Overlap,
    PastMeeting,
    Place,
    Supporter,
    WaitingPartnership,
)
from matching.meetings import propose_meetings
from matching.types import Labels

AS_OF = date(2025, 1, 1)  # a Wednesday; the first window starts Monday 2025-03-03
WEST = ("011", "202", "002")
EAST = ("014", "202", "002")
SOUTH_AMERICA = ("005", "419", "019")


def _place(alpha3: str, name: str, areas: tuple[str, ...]) -> Place:
    return Place(alpha3, name, region=areas[-1], subregion=areas[0], areas=areas)


PLACES = {
    "GHA": _place("GHA", "Ghana", WEST),
    "SEN": _place("SEN", "Senegal", WEST),
    "NGA": _place("NGA", "Nigeria", WEST),
    "KEN": _place("KEN", "Kenya", EAST),
    "UGA": _place("UGA", "Uganda", EAST),
    "TZA": _place("TZA", "United Republic of Tanzania", EAST),
    "PER": _place("PER", "Peru", SOUTH_AMERICA),
    "BOL": _place("BOL", "Bolivia", SOUTH_AMERICA),
}
LABELS = Labels(
    components={"i": "Identification of LMOs", "c": "Risk assessment", "e": "Awareness",
                "j": "Socio-economic considerations", "a1": "Legislative framework"},
    places={**{c: p.name for c, p in PLACES.items()}, "011": "Western Africa",
            "014": "Eastern Africa", "005": "South America", "002": "Africa",
            "202": "Sub-Saharan Africa", "019": "Americas", "419": "Latin America"},
)


def _need(ident: str, country: str, component: str, **fields) -> OpenNeed:
    fields.setdefault("title", f"{component} need of {country}")
    fields.setdefault("gap_usd", 100_000.0)
    return OpenNeed(ident, country, component, **fields)


def two_subregions(**changes) -> MeetingData:
    """West Africa shares LMO detection (i), East Africa awareness (e); one donor each."""
    data = MeetingData(
        places=PLACES,
        needs=(
            _need("n-gha-i", "GHA", "i", priority=1),
            _need("n-sen-i", "SEN", "i"),
            _need("n-nga-c", "NGA", "c"),
            _need("n-ken-e", "KEN", "e", priority=1),
            _need("n-uga-e", "UGA", "e"),
            _need("n-tza-a1", "TZA", "a1"),
        ),
        supporters=(
            Supporter("p-west", "West Donor", "bilateral", active={"GHA": frozenset({"i"})}),
            Supporter("p-east", "East Donor", "bilateral",
                      active={"KEN": frozenset({"e"}), "UGA": frozenset({"e"})}),
            Supporter("x-ama", "Ama Mensah", "expert", "GHA",
                      focus_components=frozenset({"i"}), focus_regions=frozenset({"011"})),
            Supporter("x-far", "Far Expert", "expert", "PER",
                      focus_components=frozenset({"i"}), focus_regions=frozenset({"005"})),
        ),
        matches=(MatchEdge("n-sen-i", "p-west", 0.8),),
        labels=LABELS,
        as_of=AS_OF,
    )
    return replace(data, **changes)


def _by_area(plan):
    return {p.area: p for p in plan.proposals}


def test_two_subregions_with_different_needs_give_two_proposals_with_the_right_invitees():
    plan = propose_meetings(two_subregions(), "subregion")
    proposals = _by_area(plan)
    assert set(proposals) == {"011", "014"}
    west, east = proposals["011"], proposals["014"]
    assert set(west.countries) == {"GHA", "SEN"} and west.components == ("i",)
    assert west.providers == ("p-west",) and west.experts == ("x-ama",)
    assert set(east.countries) == {"KEN", "UGA"} and east.components == ("e",)
    assert east.providers == ("p-east",) and east.experts == ()
    assert west.scope == east.scope == "subregion"
    assert west.host in west.countries and east.host in east.countries
    assert west.size == 4 and east.size == 3
    assert "Shared gap in Identification of LMOs (i)" in west.agenda[0].text


def test_a_subregion_with_a_single_country_per_theme_gets_no_meeting_and_says_why():
    data = two_subregions(needs=(_need("a", "GHA", "i"), _need("b", "SEN", "c")))
    plan = propose_meetings(data, "subregion")
    assert plan.proposals == ()
    assert "no component in which at least 2 countries" in plan.skipped[0].reason


def test_no_proposal_without_a_provider_side():
    data = two_subregions(supporters=(
        Supporter("x-ama", "Ama Mensah", "expert", "GHA", focus_components=frozenset({"i"}),
                  focus_regions=frozenset({"011"})),), matches=())
    plan = propose_meetings(data, "subregion")
    assert plan.proposals == ()
    assert {s.area for s in plan.skipped} == {"011", "014"}
    assert all("paragraph 20" in s.reason for s in plan.skipped)


def test_a_strong_match_alone_brings_a_provider_to_the_table():
    data = two_subregions(
        supporters=(Supporter("p-far", "Far Donor", "multilateral"),),
        matches=(MatchEdge("n-gha-i", "p-far", 0.9), MatchEdge("n-ken-e", "p-far", 0.3)))
    proposals = _by_area(propose_meetings(data, "subregion"))
    assert set(proposals) == {"011"}  # the weak match does not invite it to East Africa
    assert proposals["011"].providers == ("p-far",)
    assert "strongly matches or has a suggested partnership with 1 open need" in \
        proposals["011"].invited_because["p-far"]


_COUNTRY = st.sampled_from(sorted(PLACES))
_COMPONENT = st.sampled_from(["i", "c", "e"])


@settings(max_examples=40, deadline=None)
@given(
    needs=st.lists(st.tuples(_COUNTRY, _COMPONENT, st.integers(1, 5)), max_size=14),
    active=st.lists(st.tuples(st.sampled_from(["p1", "p2", "x1"]), _COUNTRY, _COMPONENT),
                    max_size=6),
    scope=st.sampled_from(["region", "subregion", "auto"]),
    limit=st.integers(4, 12),
)
def test_a_proposal_never_lacks_either_side(needs, active, scope, limit):
    supporters = []
    for ident, kind in (("p1", "bilateral"), ("p2", "gef"), ("x1", "expert")):
        places = {}
        for provider, country, component in active:
            if provider == ident:
                places.setdefault(country, set()).add(component)
        supporters.append(Supporter(ident, ident, kind, "GHA" if kind == "expert" else None,
                                    focus_components=frozenset({"i", "c", "e"}),
                                    active={c: frozenset(v) for c, v in places.items()}))
    data = two_subregions(
        needs=tuple(_need(f"n{k}", c, comp, priority=p)
                    for k, (c, comp, p) in enumerate(needs)),
        supporters=tuple(supporters), matches=())
    plan = propose_meetings(data, scope, rules=MeetingRules(max_invitees=limit))
    for proposal in plan.proposals:
        assert len(proposal.countries) >= 2
        assert proposal.providers and not set(proposal.providers) & {"x1"}
        assert proposal.size <= limit
        assert proposal.host in proposal.countries


def test_the_host_rotates_away_from_the_last_host_there():
    data = two_subregions()
    first = _by_area(propose_meetings(data, "subregion"))["011"]
    held = PastMeeting("m-1", "subregion", "011", "West Africa 2024", first.host,
                       date(2024, 3, 4), date(2024, 3, 6), "held",
                       frozenset(first.countries), "Agreed to pool reference material.", 1)
    second = _by_area(propose_meetings(replace(data, meetings=(held,)), "subregion"))["011"]
    assert second.host != first.host
    assert any(f"{PLACES[first.host].name} hosted the last meeting here" in r
               for r in second.host_reasons)
    assert second.agenda[0].section == "follow_up"
    assert "Agreed to pool reference material." in second.agenda[0].text
    assert second.id == "mtg-subregion-011-2"


def test_the_host_weighs_capacity_it_can_offer():
    data = two_subregions(offers=(Offer("SEN", "i", "advanced"),))
    west = _by_area(propose_meetings(data, "subregion"))["011"]
    assert west.host == "SEN"
    assert any("can offer capacity in Identification of LMOs (i)" in r for r in west.host_reasons)


def test_a_recorded_meeting_moves_the_window():
    data = two_subregions()
    west = _by_area(propose_meetings(data, "subregion"))["011"]
    assert (west.window.start, west.window.end) == (date(2025, 3, 3), date(2025, 3, 5))
    other = PastMeeting("m-bio", "region", "002", "Africa biosafety forum", "NGA",
                        date(2025, 3, 20), date(2025, 3, 21), "scheduled",
                        frozenset({"SEN", "NGA"}))
    moved = _by_area(propose_meetings(replace(data, meetings=(other,)), "subregion"))["011"]
    assert moved.window.start >= other.end + timedelta(days=31)
    assert moved.window.start.weekday() == 0
    assert any("Africa biosafety forum" in r and "Senegal" in r for r in moved.window_reasons)
    east = _by_area(propose_meetings(replace(data, meetings=(other,)), "subregion"))["014"]
    assert east.window.start == date(2025, 3, 3)  # no invited country in common


def test_cancelled_meetings_neither_block_windows_nor_rotate_hosts():
    data = two_subregions()
    west = _by_area(propose_meetings(data, "subregion"))["011"]
    cancelled = PastMeeting("mtg-subregion-011-1", "subregion", "011", "Called off", west.host,
                            west.window.start, west.window.end, "cancelled",
                            frozenset(west.countries))
    again = _by_area(propose_meetings(replace(data, meetings=(cancelled,)), "subregion"))["011"]
    assert again.window == west.window and again.host == west.host
    assert again.id == "mtg-subregion-011-2"


def test_meeting_window_skips_several_clashes():
    rules = MeetingRules(lead_weeks=0, clearance_days=7)
    busy = [PastMeeting("a", "subregion", "011", start=date(2025, 1, 6), end=date(2025, 1, 8),
                        countries=frozenset({"GHA"})),
            PastMeeting("b", "subregion", "011", start=date(2025, 1, 20), end=date(2025, 1, 21),
                        countries=frozenset({"SEN"}))]
    window, reasons = meeting_window(["GHA", "SEN"], busy, date(2025, 1, 6), rules)
    assert window.start == date(2025, 2, 3) and window.end == date(2025, 2, 5)
    assert len(reasons) == 3


def test_the_size_limit_trims_the_least_relevant_and_says_so():
    many = {f"C{k:02d}": _place(f"C{k:02d}", f"Country {k}", WEST) for k in range(30)}
    needs = tuple(_need(f"n{k}", c, "i", priority=1 + (k % 5)) for k, c in enumerate(many))
    donors = tuple(Supporter(f"p{k:02d}", f"Donor {k}", "bilateral",
                             active={c: frozenset({"i"}) for c in list(many)[: k + 1]})
                   for k in range(20))
    data = MeetingData(places=many, needs=needs, supporters=donors, labels=LABELS,
                       as_of=AS_OF)
    proposal = propose_meetings(data, "subregion", rules=MeetingRules(max_invitees=20)
                                ).proposals[0]
    assert proposal.size == 20 and proposal.limit == 20
    assert len(proposal.countries) == 10 and len(proposal.providers) == 10
    assert len(proposal.left_out_countries) == 20 and len(proposal.left_out_providers) == 10
    kept = {n.country: n.priority for n in needs if n.country in proposal.countries}
    dropped = {n.country: n.priority for n in needs if n.country in proposal.left_out_countries}
    assert max(kept.values()) <= min(dropped.values())
    assert proposal.providers[0] == "p19"  # active in the most invited countries
    assert any(note.startswith("Trimmed to the size limit of 20") for note in proposal.notes)


def test_trimming_gives_unused_room_to_the_other_side():
    rules = MeetingRules(max_invitees=10, max_experts=0)
    kept = trim_invitees([f"c{k}" for k in range(20)], ["p1", "p2"], [], rules)
    assert len(kept.countries) == 8 and kept.providers == ("p1", "p2")


def test_data_driven_groups_can_cross_a_region_boundary():
    needs = (
        # Ghana and Peru share detection needs and a detection programme's donor;
        _need("g-i", "GHA", "i"), _need("p-i", "PER", "i"), _need("g-n", "GHA", "c"),
        _need("p-n", "PER", "c"),
        # Kenya and Uganda (Africa) share awareness needs and another donor.
        _need("k-e", "KEN", "e"), _need("u-e", "UGA", "e"),
    )
    supporters = (
        Supporter("p-lab", "Lab Fund", "other_international",
                  active={"GHA": frozenset({"i"}), "PER": frozenset({"i"})}),
        Supporter("p-aware", "Awareness Fund", "bilateral",
                  active={"KEN": frozenset({"e"}), "UGA": frozenset({"e"})}),
    )
    data = two_subregions(needs=needs, supporters=supporters, matches=())
    plan = propose_meetings(data, "auto")
    groups = {p.countries and frozenset(p.countries): p for p in plan.proposals}
    assert frozenset({"GHA", "PER"}) in groups
    crossing = groups[frozenset({"GHA", "PER"})]
    assert crossing.scope == "group" and "data-driven" in crossing.area
    assert crossing.id.startswith("mtg-group-")
    assert frozenset({"KEN", "UGA"}) in groups


def test_area_smaller_than_the_scope_is_the_group():
    proposals = propose_meetings(two_subregions(), "region", area="011").proposals
    assert [(p.scope, p.area) for p in proposals] == [("region", "011")]
    assert set(proposals[0].countries) == {"GHA", "SEN"}


def test_addressed_needs_no_longer_count():
    data = two_subregions()
    before = _by_area(propose_meetings(data, "subregion"))["011"]
    after_plan = propose_meetings(replace(data, addressed=frozenset({"n-gha-i"})), "subregion")
    assert "011" not in _by_area(after_plan)  # only Senegal is left with a detection need
    partly = replace(data, needs=data.needs + (_need("n-nga-i", "NGA", "i"),),
                     addressed=frozenset({"n-gha-i"}))
    west = _by_area(propose_meetings(partly, "subregion"))["011"]
    assert set(west.countries) == {"SEN", "NGA"}
    assert any("on these themes here already agreed or accepted, not counted" in r
               for r in west.reasons)
    assert west.parts["needs_at_stake"] < before.parts["needs_at_stake"] + 0.2


def test_the_agenda_is_built_from_the_data_and_never_names_a_confidential_need():
    secret = _need("n-sen-secret", "SEN", "i", confidential=True, title=None)
    data = two_subregions(
        needs=two_subregions().needs + (secret,),
        matches=(MatchEdge("n-sen-secret", "p-west", 0.9), MatchEdge("n-sen-i", "p-west", 0.7)),
        waiting=(WaitingPartnership("pt-1", "n-gha-i", "p-west"),),
        overlaps=(Overlap("initiative", "ini-a", "ini-b", "duplicate_record", 0.93,
                          "the initiatives \u201cLab A\u201d and \u201cLab B\u201d look like one "
                          "record", frozenset({"GHA"}), frozenset({"p-west"}),
                          frozenset({"i"})),
                  Overlap("initiative", "ini-c", "ini-d", "duplicate_record", 0.9,
                          "elsewhere", frozenset({"KEN"}), frozenset(), frozenset({"e"}))),
        lessons=(Lesson("ini-old", "Old detection project", "Pool reference materials.",
                        frozenset({"SEN"}), frozenset({"i"}), date(2020, 6, 30)),),
        offers=(Offer("NGA", "i", "advanced"),),
    )
    west = _by_area(propose_meetings(data, "subregion"))["011"]
    sections = [item.section for item in west.agenda]
    # at most two suggestions per provider: the recorded one, then the best match
    assert sections == ["gap", "overlap", "suggestion", "suggestion", "south_south", "lesson",
                        "presentation"]
    texts = [item.text for item in west.agenda]
    assert "Resolve: the initiatives \u201cLab A\u201d" in texts[1]
    assert texts[2].startswith("Decide on the suggested partnership of West Donor with Ghana")
    assert "a confidential need of Senegal in Identification of LMOs (i)" in " ".join(texts)
    assert all("n-sen-secret" not in item.refs for item in west.agenda)
    assert "Lessons learned from \u201cOld detection project\u201d, completed 2020" in texts[5]
    assert "NGA" in west.countries  # invited for the capacity it offers
    assert west.invited_because["NGA"] == "offers capacity in i"
    assert west.parts["duplications"] > 0 and west.parts["partnerships_waiting"] > 0
    assert any("1 duplication or overlapping support" in r for r in west.reasons)


def test_score_parts_and_weights_make_the_score():
    west = _by_area(propose_meetings(two_subregions(), "subregion"))["011"]
    assert west.score == pytest.approx(
        sum(west.parts[name] * west.weights[name] for name in west.weights), abs=1e-3)
    assert 0 < west.score < 1


def test_unknown_scope_is_refused():
    with pytest.raises(ValueError, match="scope must be one of"):
        propose_meetings(two_subregions(), "country")


def test_the_documented_example_runs():
    import doctest

    from matching import meeting_plan

    result = doctest.testmod(meeting_plan)
    assert result.attempted >= 2 and result.failed == 0
