"""Regional and subregional coordination meeting proposals: who, where, when, and the agenda.

Decision paragraph 19 asks for regional and subregional coordination meetings on biosafety
capacity building; paragraph 20 for hosts that invite both recipient countries and donors. For
each group of countries (an M49 region or subregion, or a group found in the data, see
:mod:`matching.meeting_groups`) the planner proposes one meeting:

1. **Themes**: the components in which at least ``min_sharing`` countries have open needs not
   yet addressed (needs with an accepted partnership, e.g. agreed at an earlier meeting, no
   longer count).
2. **Invitees**: the recipient countries with open needs in the themes, countries of the area
   offering capacity in them (South-South), and the providers active in those countries or
   strongly matching their needs. No proposal is made without both sides. Roster experts on
   the themes from the region are proposed to present. Beyond ``max_invitees`` the least
   relevant are left out, and the proposal says who.
3. **Host, window**: see :func:`matching.meeting_plan.choose_host` and
   :func:`matching.meeting_plan.meeting_window`.
4. **Score and agenda**: see :mod:`matching.meeting_agenda`.
"""
from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from .meeting_agenda import meeting_agenda, meeting_score, meeting_stakes
from .meeting_groups import CountryStake, country_graph, country_stakes, groupings
from .meeting_plan import (
    choose_host,
    matching_experts,
    meeting_components,
    meeting_needs,
    meeting_window,
    meetings_there,
    offering_countries,
    proposal_id,
    provider_relevance,
    recipient_countries,
    trim_invitees,
)
from .meeting_types import SCOPES, Group, MeetingData, MeetingPlan, MeetingRules, Proposal, Skipped

__all__ = ["propose_meetings", "plan_meeting"]

_KIND = {"region": "Regional", "subregion": "Subregional", "group": "Joint"}


def propose_meetings(data: MeetingData, scope: str = "subregion", *, area: str | None = None,
                     rules: MeetingRules | None = None) -> MeetingPlan:
    """Meeting proposals for the groups of ``scope`` ("region", "subregion" or "auto"), best
    first, and the groups left without one (and why).

    ``area`` (an M49 code) keeps only countries within it; with a scope larger than the area,
    the area itself is the group.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    rules = rules or MeetingRules()
    stakes = country_stakes(data, rules)
    graph = country_graph(stakes, data.places, rules.neighbours)
    taken = {m.id for m in data.meetings}
    proposals, skipped = [], []
    for group in groupings(data, stakes, graph, scope, rules, area):
        result = plan_meeting(group, data, stakes, graph, rules, taken)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            proposals.append(result)
            taken.add(result.id)
    proposals.sort(key=lambda p: (-p.score, p.id))
    return MeetingPlan(tuple(proposals), tuple(skipped))


def _area_members(group: Group, data: MeetingData) -> list[str]:
    if group.scope == "group":
        return list(group.countries)
    return sorted(c for c, place in data.places.items() if group.area in place.areas)


def plan_meeting(group: Group, data: MeetingData, stakes: Mapping[str, CountryStake],
                 graph: nx.Graph, rules: MeetingRules, taken: set[str]) -> Proposal | Skipped:
    """The proposal for one group, or why there is none."""
    components = meeting_components(group, stakes, rules)
    if not components:
        return Skipped(group.area, group.name, f"no component in which at least "
                       f"{rules.min_sharing} countries have open needs")
    recipients = recipient_countries(group, components, stakes)
    if len(recipients) < rules.min_countries:
        return Skipped(group.area, group.name, f"fewer than {rules.min_countries} countries "
                       "with open needs in the shared components")
    recipient_ids = [c for c, _ in recipients]
    members = _area_members(group, data)
    offers = offering_countries(data, members, components)
    offering = sorted((c for c in offers if c not in set(recipient_ids)),
                      key=lambda c: (-offers[c], c))
    countries = recipient_ids + offering
    needs = meeting_needs(recipient_ids, components, stakes)
    relevance = provider_relevance(data, countries, components, needs, rules)
    if not relevance:
        return Skipped(group.area, group.name, "no provider is active in these countries or "
                       "strongly matches their needs: paragraph 20 asks for both recipient "
                       "countries and donors")
    providers = sorted(relevance, key=lambda p: (-relevance[p][0], p))
    experts = matching_experts(data, countries, components, rules)
    invited = trim_invitees(countries, providers, [e for e, _ in experts], rules)
    kept = list(invited.countries)
    needs = meeting_needs(kept, components, stakes)
    there = meetings_there(group, kept, data.meetings)
    host, host_reasons = choose_host(data, graph, kept, components, there)
    window, window_reasons = meeting_window(kept, data.meetings, data.as_of, rules, data.labels)
    stakes_here = meeting_stakes(data, needs, kept, invited.providers, components, rules,
                                 members)
    score, parts, reasons = meeting_score(stakes_here, rules)
    kept_experts = [(e, why) for e, why in experts if e in invited.experts]
    last_held = next((m for m in there if m.status == "held"), None)
    agenda = meeting_agenda(stakes_here, kept, components, kept_experts, last_held, data, rules)
    because = _invited_because(kept, components, stakes, offers, relevance,
                               kept_experts, host, data)
    notes = _notes(invited, there, window, rules, data)
    themes = ", ".join(data.labels.component(c) for c in components)
    ident = proposal_id(group, data.meetings, taken)
    title = (f"{_KIND.get(group.scope, 'Joint')} coordination meeting on biosafety capacity "
             f"building: {group.name}")
    return Proposal(
        id=ident, title=title, scope=group.scope, area=group.area, area_name=group.name,
        host=host, countries=tuple(kept), providers=invited.providers,
        experts=invited.experts, components=components, window=window, agenda=agenda,
        score=score, parts=parts, weights=dict(rules.weights),
        reasons=(f"themes shared by the invited countries: {themes}", *reasons),
        host_reasons=host_reasons, window_reasons=window_reasons, invited_because=because,
        size=invited.size, limit=rules.max_invitees,
        left_out_countries=invited.left_out_countries,
        left_out_providers=invited.left_out_providers, notes=notes,
    )


def _invited_because(countries, components, stakes, offers, relevance, experts, host,
                     data: MeetingData) -> dict[str, str]:
    because: dict[str, str] = {}
    for country in countries:
        needs = meeting_needs([country], components, stakes)
        parts = []
        if needs:
            codes = sorted({n.component for n in needs})
            parts.append(f"{len(needs)} open need{'s' if len(needs) != 1 else ''} in "
                         + ", ".join(codes))
        if offers.get(country):
            codes = sorted({o.component for o in data.offers
                            if o.country == country and o.component in set(components)})
            parts.append("offers capacity in " + ", ".join(codes))
        if country == host:
            parts.append("suggested host")
        because[country] = "; ".join(parts)
    for provider, (_, reason) in relevance.items():
        because[provider] = reason
    for expert, reason in experts:
        because[expert] = reason
    return because


def _notes(invited, there, window, rules: MeetingRules, data: MeetingData) -> tuple[str, ...]:
    notes = []
    if invited.left_out_countries or invited.left_out_providers:
        place = data.labels.place
        left = []
        if invited.left_out_countries:
            left.append(f"{len(invited.left_out_countries)} countr"
                        f"{'ies' if len(invited.left_out_countries) != 1 else 'y'} ("
                        + ", ".join(place(c) for c in invited.left_out_countries) + ")")
        if invited.left_out_providers:
            left.append(f"{len(invited.left_out_providers)} provider"
                        f"{'s' if len(invited.left_out_providers) != 1 else ''}")
        notes.append(f"Trimmed to the size limit of {rules.max_invitees} invitees: left out "
                     + " and ".join(left) + " with the least at stake or the weakest link to "
                     "the themes")
    for meeting in there:
        if meeting.status in ("scheduled", "proposed") and meeting.start and \
                meeting.start >= data.as_of:
            notes.append(f"{meeting.title or meeting.id} is already {meeting.status} here for "
                         f"{meeting.start.isoformat()}; this proposal comes after it "
                         f"({window.start.isoformat()})")
    return tuple(notes)
